//! Random but valid process models, for property tests and benchmarks:
//! sequences, choices whose branches merge later, nested choices, early
//! exits to an end, and rework loops, over a given number of lanes.

use crate::model::{Duration, Lane, LaneKind, LaneOrder, Node, Outcome, Process, Text};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub seed: u64,
    /// Number of nodes to aim for (steps, choices and ends together).
    pub nodes: usize,
    pub lanes: usize,
    /// Longest label, in characters.
    pub max_label: usize,
    /// Share of rework loops among blocks, in percent.
    pub loops_percent: u64,
}

/// SplitMix64: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

const WORDS: &[&str] = &[
    "прием",
    "регистрация",
    "документов",
    "и",
    "направление",
    "руководителю",
    "услугодателя",
    "рассмотрение",
    "ответственного",
    "исполнителя",
    "оформление",
    "результата",
    "государственной",
    "услуги",
    "подписание",
    "выдача",
    "услугополучателю",
    "Центр",
    "комиссии",
    "құжаттарды",
    "қабылдау",
    "және",
    "тіркеу",
    "көрсетілетін",
    "қызметті",
    "берушінің",
    "басшысы",
    "өтінішті",
    "Ә",
    "ҒҚҢ",
    "Өтініш",
    "Ұсыныс",
    "Үкімет",
    "Һ",
    "І",
];

struct Gen {
    rng: Rng,
    spec: Spec,
    nodes: Vec<Node>,
    ids: Vec<String>,
    next: Vec<Vec<String>>,
}

impl Gen {
    fn label(&mut self) -> String {
        let target = 1 + self.rng.below(self.spec.max_label.max(1) as u64) as usize;
        let mut s = String::new();
        while s.chars().count() < target {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(WORDS[self.rng.below(WORDS.len() as u64) as usize]);
        }
        s.chars()
            .take(target)
            .collect::<String>()
            .trim()
            .to_string()
            .replace("  ", " ")
    }

    fn lane(&mut self) -> String {
        format!("l{}", self.rng.below(self.spec.lanes as u64))
    }

    fn push(&mut self, node: Node) -> usize {
        let i = self.nodes.len();
        self.ids.push(format!("n{i}"));
        self.nodes.push(node);
        self.next.push(Vec::new());
        i
    }

    fn step(&mut self) -> usize {
        let text = self.label();
        let text = if text.is_empty() {
            "ш".to_string()
        } else {
            text
        };
        let time = match self.rng.below(5) {
            0 => Some(Duration::Minutes(1 + self.rng.below(59) as u32)),
            1 => Some(Duration::Hours(1 + self.rng.below(8) as u32)),
            2 => Some(Duration::Within(Box::new(Duration::WorkDays(
                1 + self.rng.below(20) as u32,
            )))),
            3 => Some(Duration::NoMore(Box::new(Duration::Minutes(15)))),
            _ => None,
        };
        let n = self.nodes.len();
        let lane = self.lane();
        self.push(Node::Step {
            id: Some(format!("n{n}")),
            n: Some(format!("{}", n + 1)),
            lane,
            text: Text::plain(text),
            time,
            extension: None,
            part_of: None,
            outside_term: false,
            result: None,
            detail: None,
            form: None,
            line: None,
            time_when: None,
            next: None,
        })
    }

    fn choice(&mut self, outcomes: Vec<(String, usize)>) -> usize {
        let q = self.label();
        let q = if q.is_empty() { "?".to_string() } else { q };
        let n = self.nodes.len();
        let lane = self.lane();
        let outcomes = outcomes
            .into_iter()
            .map(|(l, to)| Outcome {
                label: Text::plain(l),
                to: format!("n{to}"),
            })
            .collect();
        self.push(Node::Choice {
            id: Some(format!("n{n}")),
            lane,
            question: Text::plain(q),
            outcomes,
            line: None,
        })
    }

    fn link(&mut self, from: usize, to: usize) {
        let id = self.ids[to].clone();
        self.next[from].push(id);
    }

    /// A single-entry, single-exit block of about `budget` nodes.
    fn block(&mut self, budget: usize, depth: usize) -> (usize, usize) {
        let roll = self.rng.below(100);
        if budget <= 2 || (roll < 35 && budget < 6) {
            let s = self.step();
            return (s, s);
        }
        if roll < self.spec.loops_percent && budget >= 3 {
            // Work, a check, and rework back to the start of the work:
            // through a rework step, or straight back from the check.
            let (entry, exit) = self.block(budget - 2, depth);
            let back = if self.rng.below(2) == 0 {
                let rework = self.step();
                self.link(rework, entry);
                rework
            } else {
                entry
            };
            let after = self.step();
            let c = self.choice(vec![
                ("да".into(), after),
                ("нет, на доработку".into(), back),
            ]);
            self.link(exit, c);
            return (entry, after);
        }
        if roll < 60 && depth < 5 && budget >= 5 {
            let k = 2 + self.rng.below(2) as usize;
            let per = (budget - 2) / k;
            let merge = self.step();
            let mut outs = Vec::new();
            let early = self.rng.below(4) == 0;
            for b in 0..k {
                let (e, x) = self.block(per.max(1), depth + 1);
                if early && b == k - 1 {
                    let lane = self.lane();
                    let end = self.push(Node::End {
                        id: None,
                        lane,
                        result: Some(Text::plain("отказ")),
                        event: Default::default(),
                        form: None,
                        line: None,
                        next: None,
                    });
                    self.link(x, end);
                } else {
                    self.link(x, merge);
                }
                let label = if b == 0 {
                    "да".to_string()
                } else if k == 2 {
                    "нет".to_string()
                } else {
                    self.label()
                };
                let label = if label.is_empty() {
                    format!("{b}")
                } else {
                    label
                };
                outs.push((label, e));
            }
            let c = self.choice(outs);
            return (c, merge);
        }
        let half = budget / 2;
        let (e1, x1) = self.block(half, depth);
        let (e2, x2) = self.block(budget - half, depth);
        self.link(x1, e2);
        (e1, x2)
    }
}

/// A valid process of about `spec.nodes` nodes.
pub fn process(spec: Spec) -> Process {
    let lanes = spec.lanes.max(1);
    let mut g = Gen {
        rng: Rng::new(spec.seed),
        spec: Spec { lanes, ..spec },
        nodes: Vec::new(),
        ids: Vec::new(),
        next: Vec::new(),
    };
    let lane0 = g.lane();
    let start = g.push(Node::Start {
        id: Some("start".into()),
        lane: lane0,
        text: None,
        event: Default::default(),
        line: None,
        next: None,
    });
    g.ids[start] = "start".into();
    let target = spec.nodes.saturating_sub(2).max(1);
    let (entry, mut exit) = g.block(target, 0);
    g.link(start, entry);
    // Blocks come out a little smaller than asked; add more until the
    // process has the size asked for.
    while g.nodes.len() < target + 1 {
        let left = target + 1 - g.nodes.len();
        let (e, x) = g.block(left.min(64), 0);
        g.link(exit, e);
        exit = x;
    }
    let lane = g.lane();
    let end = g.push(Node::End {
        id: Some("end".into()),
        lane,
        result: Some(Text::plain("результат")),
        event: Default::default(),
        form: None,
        line: None,
        next: None,
    });
    g.ids[end] = "end".into();
    g.link(exit, end);
    let Gen {
        mut nodes,
        next,
        ids,
        ..
    } = g;
    for (i, node) in nodes.iter_mut().enumerate() {
        match node {
            Node::Start { next: n, .. } | Node::Step { next: n, .. } => *n = Some(next[i].clone()),
            Node::End { id, .. } => *id = Some(ids[i].clone()),
            _ => {}
        }
    }
    Process {
        lang: Default::default(),
        service: Text::plain("Сгенерированный процесс"),
        variant: Some(Text::plain(format!(
            "seed {}, {} nodes, {} lanes",
            spec.seed, spec.nodes, lanes
        ))),
        source: None,
        legend: Default::default(),
        footnote: None,
        caption: None,
        orientation: Default::default(),
        // The lanes are interchangeable: let the layout order them.
        lane_order: LaneOrder::Auto,
        lanes: (0..lanes)
            .map(|l| Lane {
                id: format!("l{l}"),
                name: Text::plain(format!("СФЕ {} — исполнитель услугодателя", l + 1)),
                kind: LaneKind::Provider,
                aliases: Vec::new(),
            })
            .collect(),
        nodes,
        messages: Vec::new(),
        flow_notes: Vec::new(),
        notes: Vec::new(),
    }
}
