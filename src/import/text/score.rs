//! `regflow import --score models/ drafts/`: how close drafts come to
//! hand-checked models of the same text.
//!
//! Each model is paired with the draft of the same source file whose
//! `source.lines` overlap its own most. Then, per pair, precision (of the
//! draft's items, the share the model has) and recall (of the model's
//! items, the share the draft has) of:
//! - lanes: one unit when a name or alias is the same phrase (word forms
//!   aside) or differs by «ответственный»;
//! - steps (steps, references, events): same number and matched lane;
//! - durations: same step number, value, unit and bound;
//! - choices: the same cited line, or the same step before and a step
//!   after in common (see [`same_choice`]);
//! - loops (edges that close a cycle): from the same step number into the
//!   same matched lane.
//!
//! Drafts that pair with no model count against precision in the total.

use super::lanes;
use crate::model::{self, Lang, Node, NodeKind, Process};
use std::path::{Path, PathBuf};

/// Items matched, items of the draft, items of the model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub matched: usize,
    pub draft: usize,
    pub model: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.draft == 0 {
            if self.model == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            self.matched as f64 / self.draft as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.model == 0 {
            if self.draft == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            self.matched as f64 / self.model as f64
        }
    }
    fn add(&mut self, o: Counts) {
        self.matched += o.matched;
        self.draft += o.draft;
        self.model += o.model;
    }
}

pub const KINDS: [&str; 5] = ["lanes", "steps", "durations", "choices", "loops"];

/// One model against its draft.
#[derive(Debug, Clone)]
pub struct Row {
    pub model: String,
    pub draft: Option<String>,
    pub counts: [Counts; 5],
    /// What the draft missed and added (`--misses`).
    pub misses: Misses,
}

fn names(p: &Process, l: &model::Lane) -> Vec<String> {
    let def = p.default_lang();
    let mut v = vec![
        l.name.get(Lang::Ru, def).to_string(),
        l.name.get(Lang::Kk, def).to_string(),
    ];
    for a in &l.aliases {
        v.push(a.get(Lang::Ru, def).to_string());
        v.push(a.get(Lang::Kk, def).to_string());
    }
    v.retain(|s| !s.trim().is_empty());
    v.dedup();
    v
}

/// Whether a model gives its service in both languages.
fn bilingual(p: &Process) -> bool {
    let filled = |t: &Option<String>| t.as_ref().is_some_and(|s| !s.trim().is_empty());
    filled(&p.service.ru) && filled(&p.service.kk)
}

fn same_lane(dp: &Process, d: &model::Lane, mp: &Process, m: &model::Lane) -> bool {
    let (dn, mn) = (names(dp, d), names(mp, m));
    dn.iter().any(|a| {
        mn.iter().any(|b| {
            lanes::same_unit(a, b) || lanes::same_phrase(&lanes::words(a), &lanes::words(b))
        })
    })
}

/// Greedy one-to-one matching of two lists under a predicate.
fn pair<A, B>(a: &[A], b: &[B], eq: impl Fn(&A, &B) -> bool) -> Vec<Option<usize>> {
    let mut taken = vec![false; b.len()];
    a.iter()
        .map(|x| {
            let j = (0..b.len()).find(|&j| !taken[j] && eq(x, &b[j]))?;
            taken[j] = true;
            Some(j)
        })
        .collect()
}

/// As [`pair`], but pairs that also meet `first` are taken before any
/// other: a step of the draft meets the model's step of its own source line
/// before a step that only shares its number and lane.
fn pair_first<A, B>(
    a: &[A],
    b: &[B],
    first: impl Fn(&A, &B) -> bool,
    eq: impl Fn(&A, &B) -> bool,
) -> Vec<Option<usize>> {
    let mut taken = vec![false; b.len()];
    let mut out: Vec<Option<usize>> = a
        .iter()
        .map(|x| {
            let j = (0..b.len()).find(|&j| !taken[j] && eq(x, &b[j]) && first(x, &b[j]))?;
            taken[j] = true;
            Some(j)
        })
        .collect();
    for (i, x) in a.iter().enumerate() {
        if out[i].is_none() {
            out[i] = (0..b.len()).find(|&j| !taken[j] && eq(x, &b[j]));
            if let Some(j) = out[i] {
                taken[j] = true;
            }
        }
    }
    out
}

fn counts_of(matched: usize, draft: usize, model: usize) -> Counts {
    Counts {
        matched,
        draft,
        model,
    }
}

fn is_step(n: &Node) -> bool {
    matches!(n.kind(), NodeKind::Step | NodeKind::Ref | NodeKind::Event)
}

/// Compares a draft with a model.
pub fn compare(d: &Process, m: &Process) -> [Counts; 5] {
    let r = matching(d, m);
    std::array::from_fn(|k| {
        counts_of(
            r.pairs[k].iter().flatten().count(),
            r.draft[k].len(),
            r.model[k].len(),
        )
    })
}

/// One item of a kind, as a reader looks it up: what it is and the
/// source line that says it (0 when the model cites none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub what: String,
    pub line: u32,
}

/// What a draft missed (items of the model no draft item matches) and
/// what it added (draft items the model lacks), per kind.
#[derive(Debug, Clone, Default)]
pub struct Misses {
    pub missed: [Vec<Item>; 5],
    pub added: [Vec<Item>; 5],
}

/// Every item of both sides per kind, and the draft's items paired with
/// the model's: the one reading [`compare`] and [`misses`] count from.
struct Matching {
    draft: [Vec<Item>; 5],
    model: [Vec<Item>; 5],
    pairs: [Vec<Option<usize>>; 5],
}

/// What the draft missed and added against the model.
pub fn misses(d: &Process, m: &Process) -> Misses {
    let r = matching(d, m);
    let mut out = Misses::default();
    for k in 0..5 {
        let mut hit = vec![false; r.model[k].len()];
        for (i, p) in r.pairs[k].iter().enumerate() {
            match p {
                Some(j) => hit[*j] = true,
                None => out.added[k].push(r.draft[k][i].clone()),
            }
        }
        out.missed[k] = r.model[k]
            .iter()
            .zip(&hit)
            .filter(|(_, h)| !**h)
            .map(|(x, _)| x.clone())
            .collect();
    }
    out
}

/// The name of a lane in the process's own language.
fn lane_name(p: &Process, id: &str) -> String {
    p.lane_index(id)
        .map(|i| {
            p.lanes[i]
                .name
                .get(p.default_lang(), p.default_lang())
                .to_string()
        })
        .unwrap_or_else(|| id.to_string())
}

/// The first line a lane's nodes cite: where the text names the unit at work.
fn lane_line(p: &Process, id: &str) -> u32 {
    p.nodes
        .iter()
        .filter(|n| n.lane() == id)
        .filter_map(|n| n.source_line())
        .min()
        .unwrap_or(0)
}

fn items_of(p: &Process) -> [Vec<Item>; 5] {
    let key = |n: &Node| n.number().unwrap_or("(no number)").to_string();
    let line = |n: &Node| n.source_line().unwrap_or(0);
    let lanes = p
        .lanes
        .iter()
        .map(|l| Item {
            what: lane_name(p, &l.id),
            line: lane_line(p, &l.id),
        })
        .collect();
    let steps = p
        .nodes
        .iter()
        .filter(|n| is_step(n))
        .map(|n| Item {
            what: format!("{} [{}]", key(n), lane_name(p, n.lane())),
            line: line(n),
        })
        .collect();
    let durations = p
        .nodes
        .iter()
        .filter_map(|n| {
            let (b, a) = n.time().and_then(|t| t.amount())?;
            Some(Item {
                what: format!("{} {b:?} {a:?}", key(n)),
                line: line(n),
            })
        })
        .collect();
    let choices = choice_places(p)
        .into_iter()
        .map(|c| Item {
            what: format!("after {} → {}", c.after, c.outcomes.join(", ")),
            line: c.line,
        })
        .collect();
    let loops = loop_edges(p)
        .into_iter()
        .map(|(a, b)| Item {
            what: format!(
                "{} → [{}]",
                key(&p.nodes[a]),
                lane_name(p, p.nodes[b].lane())
            ),
            line: line(&p.nodes[a]),
        })
        .collect();
    [lanes, steps, durations, choices, loops]
}

/// The edges that close a cycle, as (from, to) node indices.
fn loop_edges(p: &Process) -> Vec<(usize, usize)> {
    let edges: Vec<(usize, usize)> = p.edges().iter().map(|e| (e.from, e.to)).collect();
    let starts = p.nodes_of(NodeKind::Start);
    let back = model::back_edges(p.nodes.len(), &edges, &starts);
    edges
        .into_iter()
        .zip(back)
        .filter(|(_, b)| *b)
        .map(|(e, _)| e)
        .collect()
}

fn matching(d: &Process, m: &Process) -> Matching {
    let lane_map = pair(&d.lanes, &m.lanes, |a, b| same_lane(d, a, m, b));
    // A draft lane as the index of its model lane (None when unmatched).
    let dl = |id: &str| d.lane_index(id).and_then(|i| lane_map[i]);
    let ml = |id: &str| m.lane_index(id);
    let key = |n: &Node| n.number().unwrap_or("").to_string();
    let line = |n: &Node| n.source_line().unwrap_or(0);
    let steps_d: Vec<(String, Option<usize>, u32)> = d
        .nodes
        .iter()
        .filter(|n| is_step(n))
        .map(|n| (key(n), dl(n.lane()), line(n)))
        .collect();
    let steps_m: Vec<(String, Option<usize>, u32)> = m
        .nodes
        .iter()
        .filter(|n| is_step(n))
        .map(|n| (key(n), ml(n.lane()), line(n)))
        .collect();
    // Unnumbered steps (an e-service's processes beside a table) share the
    // empty number: each meets the one of its own line first.
    let sp = pair_first(
        &steps_d,
        &steps_m,
        |a, b| a.2 > 0 && a.2 == b.2,
        |a, b| a.0 == b.0 && a.1.is_some() && a.1 == b.1,
    );
    let dur = |p: &Process| -> Vec<String> {
        p.nodes
            .iter()
            .filter_map(|n| {
                n.time()
                    .and_then(|t| t.amount())
                    .map(|(b, a)| format!("{} {b:?} {a:?}", key(n)))
            })
            .collect()
    };
    let dp = pair(&dur(d), &dur(m), |a, b| a == b);
    let cp = pair(&choice_places(d), &choice_places(m), same_choice);
    let loops_of = |p: &Process, lane: &dyn Fn(&str) -> Option<usize>| {
        loop_edges(p)
            .into_iter()
            .map(|(a, b)| (key(&p.nodes[a]), lane(p.nodes[b].lane())))
            .collect::<Vec<_>>()
    };
    let lp = pair(&loops_of(d, &dl), &loops_of(m, &ml), |a, b| {
        a.0 == b.0 && a.1.is_some() && a.1 == b.1
    });
    Matching {
        draft: items_of(d),
        model: items_of(m),
        pairs: [lane_map, sp, dp, cp, lp],
    }
}

/// Where a choice stands in its process: the line it cites, the number of
/// the step it follows, and where each of its outcomes leads (the number
/// of the first numbered step on the way, or «end»).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoicePlace {
    pub line: u32,
    pub after: String,
    pub outcomes: Vec<String>,
}

/// The first numbered node (or end) from `start` along `adj`, through
/// unnumbered nodes and choices; the nearest one found breadth first.
fn nearest(p: &Process, adj: &[Vec<usize>], start: usize, limit: usize) -> String {
    let mut seen = vec![false; p.nodes.len()];
    let mut queue = std::collections::VecDeque::from([(start, 0usize)]);
    while let Some((i, depth)) = queue.pop_front() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let n = &p.nodes[i];
        if let Some(num) = n.number() {
            return num.to_string();
        }
        match n.kind() {
            NodeKind::End => return "end".into(),
            NodeKind::Start => return "start".into(),
            _ => {}
        }
        if depth < limit {
            queue.extend(adj[i].iter().map(|&j| (j, depth + 1)));
        }
    }
    String::new()
}

/// Every choice of a process with its place.
pub fn choice_places(p: &Process) -> Vec<ChoicePlace> {
    let edges = p.edges();
    let mut fwd = vec![Vec::new(); p.nodes.len()];
    let mut rev = vec![Vec::new(); p.nodes.len()];
    for e in &edges {
        fwd[e.from].push(e.to);
        rev[e.to].push(e.from);
    }
    (0..p.nodes.len())
        .filter(|&i| p.nodes[i].kind() == NodeKind::Choice)
        .map(|i| {
            let after = rev[i]
                .iter()
                .map(|&j| nearest(p, &rev, j, 6))
                .min()
                .unwrap_or_default();
            let mut outcomes: Vec<String> =
                fwd[i].iter().map(|&j| nearest(p, &fwd, j, 6)).collect();
            outcomes.sort();
            ChoicePlace {
                line: p.nodes[i].source_line().unwrap_or(0),
                after,
                outcomes,
            }
        })
        .collect()
}

/// Two choices are one when they cite the same line, or when they follow
/// the same step and one of their outcomes goes on to the same numbered
/// step: the same decision drawn from another sentence of the text. A
/// choice that only ends the process on both sides is matched by its line.
pub fn same_choice(a: &ChoicePlace, b: &ChoicePlace) -> bool {
    if a.line > 0 && a.line == b.line {
        return true;
    }
    let numbered = |o: &&String| !o.is_empty() && *o != "end" && *o != "start";
    !a.after.is_empty()
        && a.after == b.after
        && a.outcomes
            .iter()
            .filter(numbered)
            .any(|o| b.outcomes.contains(o))
}

fn ranges(s: &str) -> Vec<(u32, u32)> {
    s.split(',')
        .filter_map(|r| {
            let (a, b) = r.split_once(['-', '–']).unwrap_or((r, r));
            Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
        })
        .collect()
}

fn overlap(a: &[(u32, u32)], b: &[(u32, u32)]) -> u32 {
    a.iter()
        .flat_map(|&(x0, x1)| {
            b.iter()
                .map(move |&(y0, y1)| (x1.min(y1) + 1).saturating_sub(x0.max(y0)))
        })
        .sum()
}

struct Loaded {
    name: String,
    file: String,
    lines: Vec<(u32, u32)>,
    process: Process,
}

fn load_dir(dir: &Path) -> Result<Vec<Loaded>, String> {
    let files = crate::check::model_files(dir).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for f in files {
        let m = model::load_file(&f).map_err(|ds| {
            format!(
                "{}: {}",
                f.display(),
                ds.iter().map(|d| d.to_string()).collect::<String>()
            )
        })?;
        let src = m.process.source.clone().unwrap_or_default();
        out.push(Loaded {
            name: f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            file: src
                .file
                .as_deref()
                .and_then(|f| {
                    Path::new(f)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                })
                .unwrap_or_default(),
            lines: src.lines.as_deref().map(ranges).unwrap_or_default(),
            process: m.process,
        });
    }
    Ok(out)
}

/// Scores every model of `models` against the drafts in `drafts`; the last
/// row is drafts no model pairs with (precision only).
pub fn score_dirs(models: &Path, drafts: &Path) -> Result<Vec<Row>, String> {
    let ms = load_dir(models)?;
    let ds = load_dir(drafts)?;
    if ms.is_empty() {
        return Err(format!("{}: no .ron models", models.display()));
    }
    let mut used = vec![false; ds.len()];
    let mut rows = Vec::new();
    for m in &ms {
        let best = ds
            .iter()
            .enumerate()
            .filter(|(_, d)| d.file == m.file && !m.file.is_empty())
            .map(|(i, d)| (overlap(&d.lines, &m.lines), i))
            .filter(|(o, _)| *o > 0)
            .max_by_key(|(o, i)| (*o, std::cmp::Reverse(*i)));
        // The same variant read from another part of the text (a list of
        // steps where the model reads an action table): same channel.
        let chan = |p: &Process| {
            p.variant
                .as_ref()
                .map(|v| super::draft::channel(v.get(Lang::Ru, p.default_lang())))
                .unwrap_or_default()
        };
        let best = best.or_else(|| {
            let c = chan(&m.process);
            // Of the drafts of that channel, the one closest to the model.
            ds.iter()
                .enumerate()
                .filter(|(i, d)| !used[*i] && d.file == m.file && !c.is_empty())
                .filter(|(_, d)| {
                    let dc = chan(&d.process);
                    dc == c || dc.split('-').any(|x| c.split('-').any(|y| x == y))
                })
                .map(|(i, d)| {
                    (
                        compare(&d.process, &m.process)
                            .iter()
                            .map(|x| x.matched)
                            .sum::<usize>(),
                        i,
                    )
                })
                .max_by_key(|(s, i)| (*s, std::cmp::Reverse(*i)))
                .map(|(_, i)| (0, i))
        });
        let empty = Process {
            nodes: Vec::new(),
            lanes: Vec::new(),
            ..m.process.clone()
        };
        let drafted = match best {
            Some((_, i)) => {
                used[i] = true;
                &ds[i].process
            }
            None => &empty,
        };
        rows.push(Row {
            model: m.name.clone(),
            draft: best.map(|(_, i)| ds[i].name.clone()),
            counts: compare(drafted, &m.process),
            misses: misses(drafted, &m.process),
        });
        // A model in both languages is the answer for the draft of each
        // language the text holds (004 says its regulation in Kazakh, then
        // in Russian): the other language's draft of its channel is scored
        // against it too, as a row of its own.
        let Some((_, first)) = best else { continue };
        let other = match ds[first].process.lang {
            Lang::Ru => Lang::Kk,
            Lang::Kk => Lang::Ru,
        };
        if !bilingual(&m.process) {
            continue;
        }
        let c = chan(&m.process);
        let second = ds
            .iter()
            .enumerate()
            .filter(|(i, d)| {
                !used[*i] && d.file == m.file && d.process.lang == other && !c.is_empty()
            })
            .filter(|(_, d)| {
                let dc = chan(&d.process);
                dc == c || dc.split('-').any(|x| c.split('-').any(|y| x == y))
            })
            .map(|(i, d)| {
                let s: usize = compare(&d.process, &m.process)
                    .iter()
                    .map(|x| x.matched)
                    .sum();
                (s, i)
            })
            .max_by_key(|(s, i)| (*s, std::cmp::Reverse(*i)));
        if let Some((_, i)) = second {
            used[i] = true;
            rows.push(Row {
                model: format!(
                    "{} ({})",
                    m.name,
                    if other == Lang::Kk { "kk" } else { "ru" }
                ),
                draft: Some(ds[i].name.clone()),
                counts: compare(&ds[i].process, &m.process),
                misses: misses(&ds[i].process, &m.process),
            });
        }
    }
    let mut extra = [Counts::default(); 5];
    let mut extra_misses = Misses::default();
    for (d, _) in ds.iter().zip(&used).filter(|(_, u)| !**u) {
        let empty = Process {
            nodes: Vec::new(),
            lanes: Vec::new(),
            ..d.process.clone()
        };
        let c = compare(&d.process, &empty);
        for (e, x) in extra.iter_mut().zip(c) {
            e.add(x);
        }
        // Everything such a draft holds is added; its name says whose.
        let ms = misses(&d.process, &empty);
        for (all, one) in extra_misses.added.iter_mut().zip(ms.added) {
            all.extend(one.into_iter().map(|x| Item {
                what: format!("{}: {}", d.name, x.what),
                line: x.line,
            }));
        }
    }
    if extra.iter().any(|c| c.draft > 0) {
        rows.push(Row {
            model: "(drafts paired with no model)".into(),
            draft: None,
            counts: extra,
            misses: extra_misses,
        });
    }
    Ok(rows)
}

/// The totals of rows.
pub fn total(rows: &[Row]) -> [Counts; 5] {
    let mut t = [Counts::default(); 5];
    for r in rows {
        for (a, b) in t.iter_mut().zip(r.counts) {
            a.add(b);
        }
    }
    t
}

/// The table as Markdown: one row per model, then the total.
pub fn table(rows: &[Row]) -> String {
    let mut s = String::from("| model | draft |");
    for k in KINDS {
        s.push_str(&format!(" {k} P | {k} R |"));
    }
    s.push_str("\n|---|---|");
    s.push_str(&"---:|".repeat(10));
    s.push('\n');
    let cell = |c: &Counts| format!(" {:.2} | {:.2} |", c.precision(), c.recall());
    for r in rows {
        s.push_str(&format!(
            "| {} | {} |",
            r.model,
            r.draft.as_deref().unwrap_or("—")
        ));
        for c in &r.counts {
            s.push_str(&cell(c));
        }
        s.push('\n');
    }
    let t = total(rows);
    s.push_str("| **total** | |");
    for c in &t {
        s.push_str(&cell(c));
    }
    s.push('\n');
    s.push_str("\ncounts (matched / draft / model):");
    for (k, c) in KINDS.iter().zip(&t) {
        s.push_str(&format!(" {k} {}/{}/{};", c.matched, c.draft, c.model));
    }
    s.push('\n');
    s
}

/// What each draft missed and added, model by model (`--misses`), as
/// Markdown: a heading per model with any difference, then one line per
/// kind and side, each item with the source line that says it.
pub fn misses_text(rows: &[Row]) -> String {
    let mut s = String::new();
    for r in rows {
        let m = &r.misses;
        if m.missed.iter().chain(&m.added).all(Vec::is_empty) {
            continue;
        }
        s.push_str(&format!(
            "\n### {} ← {}\n",
            r.model,
            r.draft.as_deref().unwrap_or("no draft")
        ));
        for (k, kind) in KINDS.iter().enumerate() {
            for (side, list) in [("missed", &m.missed[k]), ("added", &m.added[k])] {
                if list.is_empty() {
                    continue;
                }
                let items: Vec<String> = list
                    .iter()
                    .map(|x| match x.line {
                        0 => x.what.clone(),
                        l => format!("{} (line {l})", x.what),
                    })
                    .collect();
                s.push_str(&format!("- {side} {kind}: {}\n", items.join("; ")));
            }
        }
    }
    s
}

/// The model files a score reads (for messages).
pub fn describe(models: &Path, drafts: &Path) -> (PathBuf, PathBuf) {
    (models.to_path_buf(), drafts.to_path_buf())
}
