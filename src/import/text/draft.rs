//! A draft model from one variant's list: lanes, nodes, source, legend,
//! written as RON with comments that cite the lines read and say what was
//! guessed.

use super::segment::{self, List, Para, Style};
use super::steps::{self, Context, Drafted, LaneBook};
use super::{lanes, Draft, Regulation};
use crate::model::{Lane, LaneKind, Lang, LegendWording, Node, NotLane, Process, Source, Text};

/// One process variant: a list of procedures of a regulation.
#[derive(Debug, Clone)]
pub struct Variant {
    pub reg: usize,
    pub list: List,
    /// «при обращении … в Центр»
    pub name: String,
    /// Whether the name was guessed (the list has no «при обращении …:»).
    pub guessed: bool,
    /// The clause the list belongs to («5», «9»), for references.
    pub clause: Option<String>,
    pub roster: Option<((u32, u32), Vec<String>)>,
    /// Read from an action table (its actions keep their numbers).
    pub table: bool,
}

impl Variant {
    pub fn new(
        paras: &[Para],
        reg: usize,
        list: List,
        roster: Option<((u32, u32), Vec<String>)>,
    ) -> Self {
        let intro = list.intro.map(|i| &paras[i]);
        // The clause: the intro itself («9. Описание процесса …:») or the
        // last clause before it («6. Содержание …:» then «при обращении …:»).
        let first = list.items[0].para;
        let clause = (0..first).rev().take(40).find_map(|i| {
            segment::marker(&paras[i].text)
                .filter(|(m, _)| m.style == Style::Dot && list.items[0].marker.style != Style::Dot)
                .map(|(m, _)| m.label)
        });
        let (name, guessed) = match intro {
            Some(p) => variant_name(&p.text),
            None => (String::new(), true),
        };
        Variant {
            reg,
            list,
            name,
            guessed,
            clause,
            roster,
            table: false,
        }
    }

    /// The first and last lines of the list.
    pub fn lines(&self, paras: &[Para]) -> (u32, u32) {
        let a = paras[self.list.items[0].para].line;
        let last = self.list.items.last().expect("a list has items");
        let b = last
            .more
            .iter()
            .map(|&m| paras[m].last)
            .chain([paras[last.para].last])
            .max()
            .unwrap_or(a);
        (a, b)
    }
}

/// The variant's name from the paragraph before its list.
fn variant_name(intro: &str) -> (String, bool) {
    let t = match segment::marker(intro) {
        Some((_, rest)) => rest,
        None => intro,
    };
    let t = t.trim().trim_end_matches([':', '.', ';']).trim();
    let low = t.to_lowercase();
    if (low.starts_with("при ") || low.starts_with("через ")) && t.chars().count() < 200 {
        return (t.to_string(), false);
    }
    if let Some(i) = low.find("через ") {
        let rest = &t[i..];
        let end = rest.find([',', ';']).unwrap_or(rest.len());
        return (rest[..end].trim().to_string(), false);
    }
    if let Some(i) = low.find("арқылы") {
        let head = &t[..i];
        let start = head.trim_end().rfind(' ').map(|k| k + 1).unwrap_or(0);
        let start = head[..start]
            .trim_end()
            .rfind(' ')
            .map(|k| k + 1)
            .unwrap_or(start);
        return (format!("{} арқылы", head[start..].trim()), false);
    }
    if low.contains("услугодател") || low.contains("процедур") {
        return ("при обращении к услугодателю".into(), true);
    }
    (t.chars().take(120).collect(), true)
}

/// Short ASCII names of channels for file stems, from the genre's words.
pub fn channel(name: &str) -> String {
    let low = name.to_lowercase();
    let keys: [(&[&str], &str); 8] = [
        (&["корпорац"], "gk"),
        (&["портал", "пэп", "egov", "эүп"], "portal"),
        (&["мио", "жао"], "mio"),
        (&["центр"], "center"),
        (&["аким", "әкім"], "akim"),
        (&["уполномоченн", "уәкілетті"], "authority"),
        (&["канцеляр", "услугодател", "қызмет беруш"], "provider"),
        (&["информационн"], "system"),
    ];
    let mut found: Vec<(usize, &str)> = keys
        .iter()
        .filter_map(|(ks, c)| {
            ks.iter()
                .filter_map(|k| low.find(k))
                .min()
                .map(|at| (at, *c))
        })
        .collect();
    found.sort();
    let v: Vec<&str> = found.iter().map(|(_, c)| *c).take(2).collect();
    v.join("-")
}

/// The file stem of every variant: `<file>-<appendix>-<channel>`, unique.
pub fn stems(base: &str, regs: &[Regulation], vs: &[Variant], _paras: &[Para]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let many = regs.len() > 1;
    for (k, v) in vs.iter().enumerate() {
        let reg = &regs[v.reg];
        let mut s = base.to_string();
        if many {
            s.push('-');
            s.push_str(
                &reg.appendix
                    .clone()
                    .unwrap_or_else(|| format!("r{}", v.reg + 1)),
            );
        }
        let c = channel(&v.name);
        s.push('-');
        s.push_str(if c.is_empty() { "v" } else { &c });
        if c.is_empty() {
            s.push_str(&(k + 1).to_string());
        }
        let mut unique = s.clone();
        let mut i = 2;
        while out.contains(&unique) {
            unique = format!("{s}-{i}");
            i += 1;
        }
        out.push(unique);
    }
    out
}

/// The act the decree is: «Постановление акимата … от 11 апреля 2018 года
/// № 1092. Зарегистрировано … № 6268».
#[derive(Debug, Clone, Default)]
pub struct Act {
    pub act: String,
    pub date: Option<String>,
    pub number: Option<String>,
    pub registration: Option<String>,
    pub line: Option<u32>,
}

const MONTHS_RU: [&str; 12] = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
];
const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

pub fn act_of(paras: &[Para]) -> Act {
    for p in paras.iter().take(20) {
        let t = &p.text;
        let low = t.to_lowercase();
        let ru = low.starts_with("постановление")
            || low.starts_with("решение")
            || low.starts_with("приказ");
        let kk = low.contains("қаулысы") || low.contains("шешімі");
        if !(ru || kk) || !(t.contains('№') || t.contains(" N ")) {
            continue;
        }
        let act = if ru {
            low.find(" от ")
                .map(|i| t[..i].to_string())
                .unwrap_or_else(|| t.chars().take(80).collect())
        } else {
            let head: String = t.split(['.', ';']).next().unwrap_or(t).to_string();
            let words: Vec<&str> = head
                .split(' ')
                .filter(|w| !w.chars().any(|c| c.is_ascii_digit()) && !w.contains('№'))
                .collect();
            words.iter().take(6).copied().collect::<Vec<_>>().join(" ")
        };
        let number = after_no(t, 0);
        let reg_at = ["зарегистрирован", "тіркелді", "тіркелген"]
            .iter()
            .filter_map(|k| low.find(k))
            .min();
        let registration = reg_at.and_then(|i| after_no(t, i));
        return Act {
            act,
            date: date_in(&low),
            number,
            registration,
            line: Some(p.line),
        };
    }
    Act::default()
}

/// The number after the first «№» (or « N ») at or after byte `from`.
fn after_no(t: &str, from: usize) -> Option<String> {
    let rest = &t[from..];
    let i = rest
        .find('№')
        .map(|i| i + '№'.len_utf8())
        .or_else(|| rest.find(" N ").map(|i| i + 3))?;
    let n: String = rest[i..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    (!n.is_empty()).then_some(n)
}

/// «11 апреля 2018 года», «2016 жылғы 27 қаңтардағы» → «11.04.2018».
fn date_in(low: &str) -> Option<String> {
    let ws: Vec<&str> = low
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in ws.iter().enumerate() {
        let month = MONTHS_RU
            .iter()
            .position(|m| w.starts_with(m) && (m.len() > 2 || *w == "мая"))
            .or_else(|| MONTHS_KK.iter().position(|m| w.starts_with(m)));
        let Some(m) = month else { continue };
        let day = i
            .checked_sub(1)
            .and_then(|j| ws[j].parse::<u32>().ok())
            .filter(|d| (1..=31).contains(d));
        let year_after = ws
            .get(i + 1)
            .and_then(|y| y.parse::<u32>().ok())
            .filter(|y| *y > 1990);
        let year_before = i
            .checked_sub(3)
            .and_then(|j| ws[j].parse::<u32>().ok())
            .filter(|y| *y > 1990);
        if let (Some(d), Some(y)) = (day, year_after.or(year_before)) {
            return Some(format!("{d:02}.{:02}.{y}", m + 1));
        }
    }
    None
}

/// The result of the service (п.3 «Результат оказания государственной
/// услуги – …»): text and line.
fn result_of_service(paras: &[Para], reg: &Regulation) -> Option<(String, u32)> {
    let (i, p) = paras[reg.start..reg.end]
        .iter()
        .enumerate()
        .find(|(_, p)| {
            let low = p.text.to_lowercase();
            let body = segment::marker(&low)
                .map(|(_, r)| r.to_string())
                .unwrap_or(low);
            body.starts_with("результат оказания")
                || body.starts_with("результатом оказания")
                || body.contains("көрсету нәтижесі")
        })?;
    let t = segment::marker(&p.text).map(|(_, r)| r).unwrap_or(&p.text);
    let after = t
        .find([':', '–', '-'])
        .map(|k| t[k + t[k..].chars().next().map_or(1, char::len_utf8)..].trim())
        .unwrap_or("");
    let mut r = after
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches(['.', ':'])
        .to_string();
    let mut line = p.line;
    if r.chars().count() < 15 {
        // «Результат …: услугодателем:» and the items after it.
        let next: Vec<&Para> = paras[reg.start + i + 1..reg.end]
            .iter()
            .take(4)
            .filter(|q| segment::marker(&q.text).is_some_and(|(m, _)| m.style != Style::Dot))
            .collect();
        if let Some(q) = next.first() {
            line = q.line;
        }
        r = next
            .iter()
            .map(|q| {
                segment::marker(&q.text)
                    .map(|(_, b)| b)
                    .unwrap_or("")
                    .trim_end_matches([';', '.'])
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("; ");
    }
    let r = if r.chars().count() > 300 {
        r.chars().take(300).collect::<String>() + "…"
    } else {
        r
    };
    (!r.is_empty()).then(|| (lanes::capitalise(&r), line))
}

/// The legend wording and the СФЕ footnote, from the regulation's
/// Справочник («Условные обозначения», «*СФЕ – …»).
fn legend_of(paras: &[Para], reg: &Regulation) -> (LegendWording, Option<String>, String) {
    let seg = &paras[reg.start..reg.end];
    let footnote = seg
        .iter()
        .find(|p| {
            let t = p.text.trim_start_matches(['*', ' ']);
            (t.starts_with("СФЕ") || t.starts_with("ҚФБ")) && (t.contains('–') || t.contains('-'))
        })
        .map(|p| p.text.clone());
    let legend_at = seg.iter().position(|p| {
        let l = p.text.to_lowercase();
        l.starts_with("условные обозначения") || l.starts_with("шартты белгілер")
    });
    let after: Vec<String> = match legend_at {
        Some(i) => seg[i + 1..]
            .iter()
            .take(8)
            .map(|p| p.text.to_lowercase())
            .collect(),
        None => seg
            .iter()
            .rev()
            .take(12)
            .map(|p| p.text.to_lowercase())
            .collect(),
    };
    let item = |k: &str| after.iter().any(|t| t.contains(k));
    let has_items = item("начало или завершение") || item("басталуы");
    if !has_items {
        return match footnote {
            Some(f) => (
                LegendWording::FootnoteOnly,
                Some(f),
                "в Справочнике только сноска о СФЕ".into(),
            ),
            None => (
                LegendWording::Recipient,
                None,
                "условных обозначений в тексте нет; легенда по умолчанию".into(),
            ),
        };
    }
    let wording = if !(item("вариант выбора") || item("таңдау")) {
        LegendWording::RecipientNoChoice
    } else if item("услугодателя и (или) сфе") {
        LegendWording::Provider
    } else {
        LegendWording::Recipient
    };
    (
        wording,
        footnote,
        format!(
            "легенда по «Условным обозначениям» (строка {})",
            legend_at.map(|i| seg[i].line).unwrap_or(0)
        ),
    )
}

fn lane_id(kind: LaneKind, name: &str, used: &[String]) -> String {
    let low = name.to_lowercase();
    let base = match kind {
        LaneKind::Applicant => "applicant",
        LaneKind::StateCorporation => "gk",
        LaneKind::Commission => "commission",
        LaneKind::Akim => "akim",
        LaneKind::InformationSystem => "system",
        LaneKind::Organisation => "center",
        LaneKind::Provider => {
            if low.starts_with("руковод") || low.contains("басшы") {
                "head"
            } else if low.contains("канцеляр") || low.contains("кеңсе") {
                "office"
            } else if low.starts_with("структурные") || low.contains("бөлімшелер")
            {
                "provider"
            } else {
                "officer"
            }
        }
    };
    let mut id = base.to_string();
    let mut i = 2;
    while used.contains(&id) {
        id = format!("{base}{i}");
        i += 1;
    }
    id
}

/// Assembles the draft of variant `k`.
#[allow(clippy::too_many_arguments)]
pub fn assemble(
    paras: &[Para],
    reg: &Regulation,
    v: &Variant,
    stems: &[String],
    k: usize,
    all: &[Variant],
    act: &Act,
    shown: &str,
) -> Draft {
    let roster: Vec<String> = v.roster.as_ref().map(|r| r.1.clone()).unwrap_or_default();
    let clause_stem = |c: &str| -> Option<String> {
        all.iter()
            .enumerate()
            .find(|(j, o)| o.reg == v.reg && *j != k && o.clause.as_deref() == Some(c))
            .map(|(j, _)| stems[j].clone())
    };
    let ctx = Context {
        paras,
        roster: &roster,
        clause_stem: &clause_stem,
    };
    let mut book = LaneBook::default();
    let drafted: Vec<Drafted> = steps::build(&ctx, &v.list.items, &mut book, reg.kk);
    let (a, b) = v.lines(paras);

    // Lanes in the order they first act.
    let mut order: Vec<usize> = Vec::new();
    for d in &drafted {
        if !order.contains(&d.lane) {
            order.push(d.lane);
        }
    }
    let mut ids: Vec<String> = vec![String::new(); book.lanes.len()];
    let mut lanes_out: Vec<Lane> = Vec::new();
    for &l in &order {
        let (name, aliases) = &book.lanes[l];
        let kind = lanes::kind_of(name);
        let used: Vec<String> = lanes_out.iter().map(|x| x.id.clone()).collect();
        let id = lane_id(kind, name, &used);
        ids[l] = id.clone();
        lanes_out.push(Lane {
            id,
            name: Text::plain(lanes::capitalise(name)),
            kind,
            aliases: aliases.iter().map(|x| Text::plain(x.clone())).collect(),
        });
    }
    let mut nodes: Vec<Node> = Vec::new();
    let mut comments: Vec<Option<String>> = Vec::new();
    let first_lane = drafted
        .first()
        .map(|d| ids[d.lane].clone())
        .unwrap_or_default();
    nodes.push(Node::Start {
        id: None,
        lane: first_lane,
        text: None,
        event: Default::default(),
        line: None,
        next: None,
    });
    comments.push(None);
    for d in drafted {
        let mut node = d.node;
        set_lane(&mut node, &ids[d.lane]);
        nodes.push(node);
        comments.push(d.comment);
    }
    let last_lane = nodes
        .iter()
        .rev()
        .find(|n| matches!(n, Node::Step { .. } | Node::Ref { .. }))
        .map(|n| n.lane().to_string())
        .unwrap_or_default();
    let result = result_of_service(paras, reg);
    nodes.push(Node::End {
        id: Some("end".into()),
        lane: last_lane,
        result: result.as_ref().map(|r| Text::plain(r.0.clone())),
        form: None,
        line: result.as_ref().map(|r| r.1),
        event: Default::default(),
        next: None,
    });
    comments.push(
        result
            .as_ref()
            .map(|r| format!("результат услуги: строка {}", r.1)),
    );

    let not_lanes: Vec<NotLane> = roster
        .iter()
        .filter(|u| {
            !book.lanes.iter().enumerate().any(|(i, (n, al))| {
                order.contains(&i)
                    && (lanes::same_unit(n, u) || al.iter().any(|x| lanes::same_unit(x, u)))
            })
        })
        .map(|u| NotLane {
            unit: u.clone(),
            why: format!("в процедурах этого варианта (строки {a}–{b}) не назван"),
        })
        .collect();
    let (legend, footnote, legend_why) = legend_of(paras, reg);
    let service = if reg.service.is_empty() {
        "(наименование услуги не найдено)".to_string()
    } else {
        reg.service.clone()
    };
    let process = Process {
        lang: if reg.kk { Lang::Kk } else { Lang::Ru },
        service: Text::plain(service),
        variant: (!v.name.is_empty()).then(|| Text::plain(v.name.clone())),
        source: Some(Source {
            act: Text::plain(if act.act.is_empty() {
                "(акт не найден)".to_string()
            } else {
                act.act.clone()
            }),
            date: act.date.clone(),
            number: act.number.clone(),
            registration: act.registration.clone(),
            appendix: reg.appendix.clone(),
            reference_appendix: None,
            amended: None,
            file: Some(shown.to_string()),
            lines: Some(format!("{a}-{b}")),
            roster: v.roster.as_ref().map(|r| format!("{}-{}", r.0 .0, r.0 .1)),
            not_lanes,
        }),
        legend,
        footnote: footnote.map(Text::plain),
        caption: None,
        orientation: Default::default(),
        lane_order: Default::default(),
        lanes: lanes_out,
        nodes,
        messages: Vec::new(),
        flow_notes: Vec::new(),
        notes: Vec::new(),
    };
    let guessed = comments
        .iter()
        .filter(|c| {
            c.as_deref()
                .is_some_and(|c| c.contains("не назван") || c.contains("догадка"))
        })
        .count();
    let mut header = vec![
        format!("Черновик: regflow import из {shown}, строки {a}–{b}."),
        format!(
            "Регламент: «{}»{}.",
            reg.service,
            reg.heading
                .map(|h| format!(" (заголовок: строка {})", paras[h].line))
                .unwrap_or_else(
                    || " (заголовок регламента не найден; наименование из текста)".into()
                )
        ),
        format!(
            "Вариант: «{}»{}.",
            v.name,
            if v.guessed {
                " — наименование угадано, проверьте"
            } else {
                ""
            }
        ),
    ];
    match &v.roster {
        Some(((ra, rb), _)) => header.push(format!(
            "Перечень структурных подразделений: строки {ra}–{rb}."
        )),
        None => header.push(
            "Перечня структурных подразделений нет: дорожки по исполнителям процедур.".into(),
        ),
    }
    match act.line {
        Some(l) => header.push(format!("Акт: строка {l}.")),
        None => {
            header.push("Реквизиты акта не найдены: заполните source.act, date, number.".into())
        }
    }
    header.push(format!("Легенда: {legend_why}."));
    header.push(format!(
        "Догадок об исполнителях и возвратах: {guessed}; каждая отмечена комментарием у узла. Проверьте черновик по тексту, затем `regflow check`."
    ));
    let ron = write(&process, &header.join("\n"), &comments);
    Draft {
        stem: stems[k].clone(),
        process,
        ron,
    }
}

fn set_lane(n: &mut Node, id: &str) {
    match n {
        Node::Start { lane, .. }
        | Node::End { lane, .. }
        | Node::Step { lane, .. }
        | Node::Event { lane, .. }
        | Node::Document { lane, .. }
        | Node::Choice { lane, .. }
        | Node::Ref { lane, .. } => *lane = id.to_string(),
    }
}

/// The RON text with a comment line above each node that has one.
pub fn write(p: &Process, heading: &str, comments: &[Option<String>]) -> String {
    let ron = crate::import::to_ron(p, heading).expect("a model serialises");
    let mut out = String::with_capacity(ron.len() + 4096);
    let mut in_nodes = false;
    let mut k = 0;
    for line in ron.lines() {
        if line == "    nodes: [" {
            in_nodes = true;
        } else if in_nodes && line == "    ]," {
            in_nodes = false;
        } else if in_nodes && line.starts_with("        ") && !line.starts_with("         ") {
            if let Some(Some(c)) = comments.get(k) {
                out.push_str("        // ");
                out.push_str(&c.replace('\n', " "));
                out.push('\n');
            }
            k += 1;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
