//! Every model of the corpus against the regulation text it was written
//! from (`source.file` in `sources/`), as a clerk would proof-read it:
//! - every numbered procedure of the variant's list is a node with that number;
//! - a procedure whose text opens with its performer is drawn in that lane;
//! - every duration the text writes is in the model with its unit, value and
//!   bound («не более», «в течение»), and every duration of the model is in the
//!   text, near the line the node cites; «не входит в срок» is kept;
//! - every unit of the «Перечень структурных подразделений» is a lane, or
//!   listed in `source.not_lanes` with the reason.

use regflow::model::phrase::durations_in;
use regflow::model::{self, Amount, Bound, Lang, Node, Process};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn models() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("models"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    v.sort();
    v
}

/// «115-133», or several ranges «710-720, 757-951» where another
/// variant's list stands between; `None` for anything else.
fn ranges(s: &str) -> Option<Vec<(usize, usize)>> {
    s.split(',')
        .map(|r| {
            let (a, b) = r.split_once(['-', '–']).unwrap_or((r, r));
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a >= 1 && a <= b).then_some((a, b))
        })
        .collect()
}

fn lines_of(r: &[(usize, usize)]) -> Vec<usize> {
    r.iter().flat_map(|&(a, b)| a..=b).collect()
}

/// Lowercased content words, without the small words that do not name
/// a unit, and without parentheses («(далее – …)»).
fn content_words(s: &str) -> Vec<String> {
    let mut depth = 0;
    let mut clean = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ if depth == 0 => clean.push(c),
            _ => {}
        }
    }
    clean
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.to_lowercase().replace('ё', "е"))
        .filter(|w| !w.is_empty())
        .filter(|w| !["и", "его", "ее", "в", "с", "по", "на", "к", "а"].contains(&w.as_str()))
        .collect()
}

/// Two forms of one word («исполнитель» / «исполнителем», «Центр» /
/// «Центра»), not two words that share a start («услугодателя» /
/// «услугополучателя»).
fn same_word(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let shorter = a.len().min(b.len());
    common >= 3.min(shorter) && common + 3 >= shorter
}

fn same_phrase(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_word(x, y))
}

fn starts_with_phrase(text: &[String], name: &[String]) -> bool {
    text.len() >= name.len() && same_phrase(&text[..name.len()], name)
}

/// The text of a numbered item, without its marker: «1) исполнитель…»,
/// «- 2) …», «3. …».
fn item(line: &str) -> Option<(String, &str)> {
    let t = line
        .trim_start_matches([' ', '\u{a0}', '\t', '-', '–', '*', '\\'])
        .trim_start();
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let rest = &t[digits.len()..];
    let digits = digits.trim_end_matches('-');
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let rest = rest.strip_prefix(')').or_else(|| rest.strip_prefix(". "))?;
    Some((digits.to_string(), rest))
}

struct Source {
    lines: Vec<String>,
}

impl Source {
    fn line(&self, n: usize) -> &str {
        self.lines
            .get(n.wrapping_sub(1))
            .map(String::as_str)
            .unwrap_or("")
    }
}

fn lane_names(p: &Process, lane: &model::Lane) -> Vec<Vec<String>> {
    let def = p.default_lang();
    let mut v = vec![
        content_words(lane.name.get(Lang::Ru, def)),
        content_words(lane.name.get(Lang::Kk, def)),
    ];
    for a in &lane.aliases {
        v.push(content_words(a.get(Lang::Ru, def)));
        v.push(content_words(a.get(Lang::Kk, def)));
    }
    v.retain(|w| !w.is_empty());
    v
}

/// What one model gets wrong against its text.
fn proofread(path: &Path) -> Vec<String> {
    let m = model::load_file(path).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    let p = &m.process;
    let mut bad = Vec::new();
    let Some(src) = &p.source else {
        return vec!["no `source`".into()];
    };
    let (Some(file), Some(lines)) = (&src.file, &src.lines) else {
        return vec!["`source` names no `file` and `lines`".into()];
    };
    let text = std::fs::read_to_string(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let s = Source {
        lines: text.lines().map(str::to_string).collect(),
    };
    let Some(spans) = ranges(lines).filter(|r| r.iter().all(|&(_, b)| b <= s.lines.len())) else {
        return vec![format!(
            "`lines: {lines}` is not a range of lines of {file} ({} lines)",
            s.lines.len()
        )];
    };
    let listed = lines_of(&spans);
    let numbers: Vec<&str> = p.nodes.iter().filter_map(|n| n.number()).collect();

    // Every numbered procedure of the list is a node. E-service lists
    // number their items and, inside them, the processes and conditions
    // («8) 5 үдеріс – …», «5) процесс 3 - …»): a process keeps its own
    // number, a condition is a choice and has none.
    for &k in &listed {
        if let Some((n, body)) = item(s.line(k)) {
            let w = content_words(body);
            let inner = match (w.first().map(String::as_str), w.get(1).map(String::as_str)) {
                (Some(a), Some("үдеріс")) => Some(Some(a.to_string())),
                (Some("процесс"), Some(b)) => Some(Some(b.to_string())),
                (Some(_), Some("шарт")) | (Some("условие"), Some(_)) => Some(None),
                _ => None,
            };
            let n = match inner {
                Some(Some(inner)) => inner,
                Some(None) => continue,
                None => n,
            };
            if !numbers.contains(&n.as_str()) {
                bad.push(format!("line {k}: procedure {n} is not in the model"));
            }
        }
    }

    // Cited lines: inside the file; a procedure opening with its performer
    // is in that lane.
    let cited: Vec<usize> = {
        let mut c: Vec<usize> = p
            .nodes
            .iter()
            .filter_map(|n| n.source_line())
            .map(|l| l as usize)
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    for (i, node) in p.nodes.iter().enumerate() {
        let Some(l) = node.source_line().map(|l| l as usize) else {
            continue;
        };
        if l == 0 || l > s.lines.len() {
            bad.push(format!("node {}: line {l} is outside {file}", i + 1));
            continue;
        }
        if !matches!(
            node,
            Node::Step { .. } | Node::Ref { .. } | Node::Event { .. }
        ) {
            continue;
        }
        let Some((_, body)) = item(s.line(l)) else {
            continue;
        };
        let words = content_words(body);
        let subject = p
            .lanes
            .iter()
            .flat_map(|lane| lane_names(p, lane).into_iter().map(move |n| (lane, n)))
            .filter(|(_, n)| starts_with_phrase(&words, n))
            .max_by_key(|(_, n)| n.len())
            // «специалист уполномоченного органа или аппарата акима»: either.
            .filter(|(_, n)| {
                !matches!(
                    words.get(n.len()).map(String::as_str),
                    Some("или" | "либо" | "немесе")
                )
            });
        if let Some((lane, _)) = subject {
            if lane.id != node.lane() {
                bad.push(format!(
                    "line {l}: the text names «{}» as the performer, the model draws node {} in lane `{}`",
                    lane.name.get(Lang::Ru, p.default_lang()),
                    node.given_id().unwrap_or("?"),
                    node.lane()
                ));
            }
        }
    }

    // Durations. The passage of a node: its line up to the next cited line.
    // A table cell (old layouts: one cell a line, ending in «|») is its own
    // passage: the times stand in another row.
    let passage = |l: usize| -> (usize, usize) {
        if s.line(l).trim_end().ends_with('|') {
            return (l, l);
        }
        let next = cited.iter().copied().find(|&c| c > l).unwrap_or(l + 1);
        (l, (next - 1).min(l + 8).max(l))
    };
    let found_in = |a: usize, b: usize| -> Vec<(Bound, Amount)> {
        (a..=b)
            .flat_map(|k| durations_in(s.line(k)))
            .map(|f| (f.bound, f.amount))
            .collect()
    };
    let mut in_range: BTreeMap<(String, String), usize> = BTreeMap::new();
    let key = |b: Bound, a: Amount| (format!("{b:?}"), format!("{a:?}"));
    for (b, a) in listed.iter().flat_map(|&k| found_in(k, k)) {
        *in_range.entry(key(b, a)).or_default() += 1;
    }
    let mut in_model: BTreeMap<(String, String), usize> = BTreeMap::new();
    // Durations the model says in words: an extension, the condition of a
    // time limit.
    let def = p.default_lang();
    for node in &p.nodes {
        let mut words: Vec<String> = Vec::new();
        if let Some(x) = node.extension() {
            if let Some((b, a)) = x.time.amount() {
                *in_model.entry(key(b, a)).or_default() += 1;
            }
            words.extend(x.when.iter().map(|w| w.get(Lang::Ru, def).to_string()));
        }
        words.extend(node.time_when().map(|w| w.get(Lang::Ru, def).to_string()));
        for f in words.iter().flat_map(|w| durations_in(w)) {
            *in_model.entry(key(f.bound, f.amount)).or_default() += 1;
        }
    }
    for (i, node) in p.nodes.iter().enumerate() {
        let Some((b, a)) = node.time().and_then(|d| d.amount()) else {
            continue;
        };
        *in_model.entry(key(b, a)).or_default() += 1;
        let name = node
            .given_id()
            .map_or(format!("#{}", i + 1), str::to_string);
        let Some(l) = node.source_line().map(|l| l as usize) else {
            bad.push(format!("node {name} has a duration but cites no `line`"));
            continue;
        };
        let (a0, b0) = passage(l);
        let near = found_in(a0, b0);
        let here = near.contains(&(b, a));
        let anywhere = in_range.contains_key(&key(b, a));
        if !(here || near.is_empty() && anywhere) {
            bad.push(format!(
                "node {name}: {b:?} {a:?} is not what lines {a0}–{b0} say ({near:?})"
            ));
        }
        // «(день приема и выдачи документов не входит в срок …)» excludes a
        // day, not the step.
        let outside = (a0..=b0).any(|k| {
            let t = s.line(k);
            (t.contains("не входит в срок") || t.contains("мерзіміне кірмейді"))
                && !t.contains("день приема")
        });
        if outside && near.len() == 1 && !node.outside_term() {
            bad.push(format!(
                "node {name}: lines {a0}–{b0} say «не входит в срок», the model counts it"
            ));
        }
    }
    for (k, _) in in_range.keys().map(|k| (k, ())) {
        if !in_model.contains_key(k) {
            bad.push(format!("lines {lines}: the duration {} {} is in the text, not in the model (a node's `time` or `extension`)", k.0, k.1));
        }
    }

    // The Перечень.
    if let Some(roster) = &src.roster {
        let Some(spans) = ranges(roster) else {
            return vec![format!("`roster: {roster}` is not a range of lines")];
        };
        for k in lines_of(&spans) {
            let Some((_, unit)) = item(s.line(k)) else {
                continue;
            };
            let words = content_words(unit);
            // The heading «6. Перечень структурных подразделений …:» itself.
            if words.is_empty()
                || unit.trim_end().ends_with(':')
                || words.iter().any(|w| w == "перечень" || w == "тізбесі")
            {
                continue;
            }
            let is_lane = p
                .lanes
                .iter()
                .any(|lane| lane_names(p, lane).iter().any(|n| same_phrase(n, &words)));
            let left_out = src
                .not_lanes
                .iter()
                .any(|n| same_phrase(&content_words(&n.unit), &words) && !n.why.trim().is_empty());
            if !is_lane && !left_out {
                bad.push(format!(
                    "line {k}: «{}» of the Перечень is neither a lane nor in `source.not_lanes`",
                    unit.trim()
                ));
            }
        }
    }
    bad
}

#[test]
fn every_model_says_what_its_regulation_says() {
    let mut report = Vec::new();
    let files = models();
    assert!(files.len() >= 9);
    for f in &files {
        for b in proofread(f) {
            report.push(format!("{}: {b}", f.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(
        report.is_empty(),
        "{} finding(s):\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn the_proofreader_catches_a_wrong_duration_a_missing_step_and_a_missing_unit() {
    let src =
        std::fs::read_to_string(root().join("models/almaty-01-yadernye-ispytaniya-provider.ron"))
            .unwrap();
    let dir = std::env::temp_dir().join(format!("regflow-sources-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let check = |edited: &str| {
        let f = dir.join("m.ron");
        std::fs::write(&f, edited).unwrap();
        proofread(&f)
    };
    assert!(check(&src).is_empty(), "{:?}", check(&src));
    // 4 hours written as 5.
    let wrong = src.replacen("time: Hours(4)", "time: Hours(5)", 1);
    assert!(
        check(&wrong).iter().any(|b| b.contains("Hours(5)")),
        "{:?}",
        check(&wrong)
    );
    // A bound the text does not give.
    let bound = src.replacen("time: Minutes(30)", "time: NoMore(Minutes(30))", 1);
    assert!(
        check(&bound).iter().any(|b| b.contains("NoMore")),
        "{:?}",
        check(&bound)
    );
    // Step 2 dropped (renumbered so nothing else refers to it).
    let missing = src.replacen("n: \"2\"", "n: \"2x\"", 1);
    assert!(
        check(&missing).iter().any(|b| b.contains("procedure 2 ")),
        "{:?}",
        check(&missing)
    );
    // A unit of the Перечень that is not a lane.
    let lane = src.replacen(
        "Lane(id: \"head\", name: \"Руководитель услугодателя\")",
        "Lane(id: \"head\", name: \"Заместитель\")",
        1,
    );
    assert!(
        check(&lane).iter().any(|b| b.contains("Перечень")),
        "{:?}",
        check(&lane)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
