//! The action table of a process in the regulations' layout (№, СФЕ/ИС,
//! action and description, completion form, time limit, next action), as
//! Markdown and HTML, from the same model as the diagram, so the text of
//! a regulation and its diagram cannot disagree.

use super::xml::esc;
use crate::model::{FlowKind, Lang, Node, NodeKind, Process};
use std::fmt::Write;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: String,
    pub performer: String,
    pub action: String,
    pub detail: String,
    pub form: String,
    pub time: String,
    pub next: String,
}

/// Column headings, seed 004 (ru lines 757–951, kk lines 100–285).
pub fn headings(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Ru => [
            "№ действия (хода, потока работ)",
            "Наименование СФЕ, ИС",
            "Наименование действия (процесса, процедуры, операции) и их описание",
            "Форма завершения (данные, документ, организационно-распорядительное решение)",
            "Сроки исполнения",
            "Номер следующего действия",
        ],
        Lang::Kk => [
            "Іс-әрекеттің (жұмыс барысының, ағынының) №",
            "ҚФБ, АЖ атауы",
            "Іс-әрекеттің (процестің, рәсімнің, операцияның) атауы және оның сипаттамасы",
            "Аяқтау нысаны (деректер, құжат, ұйымдастыру-өкімдік шешім)",
            "Орындау мерзімдері",
            "Келесі іс-әрекеттің нөмірі",
        ],
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The rows: every numbered node, in the model's order. The next action
/// is found through choices and unnumbered events («2 (да); — (нет)»);
/// an end is «—».
pub fn rows(p: &Process, lang: Lang) -> Vec<Row> {
    let def = p.default_lang();
    let edges: Vec<_> = p
        .all_edges()
        .into_iter()
        .filter(|e| e.kind == FlowKind::Sequence)
        .collect();
    // The sequence flows leaving each node, in the model's order.
    let mut by_from = vec![Vec::new(); p.nodes.len()];
    for (k, e) in edges.iter().enumerate() {
        if let Some(v) = by_from.get_mut(e.from) {
            v.push(k);
        }
    }
    let mut seen = vec![false; p.nodes.len()];
    let mut rows = Vec::new();
    for (i, node) in p.nodes.iter().enumerate() {
        let Some(number) = node.number() else {
            continue;
        };
        let lane = p.lane_index(node.lane()).and_then(|l| p.lanes.get(l));
        let (detail, form) = match node {
            Node::Step { detail, form, .. } => (detail.as_ref(), form.as_ref()),
            Node::Event { form, .. } => (None, form.as_ref()),
            _ => (None, None),
        };
        let mut next: Vec<(String, Option<String>)> = Vec::new();
        next_numbers(p, (&edges, &by_from), i, lang, &mut seen, &mut next);
        next.dedup();
        rows.push(Row {
            number: number.to_string(),
            performer: lane
                .map(|l| l.name.get(lang, def).to_string())
                .unwrap_or_default(),
            action: node
                .label()
                .map(|t| t.get(lang, def).to_string())
                .unwrap_or_default(),
            detail: detail
                .map(|t| t.get(lang, def).to_string())
                .unwrap_or_default(),
            form: form
                .map(|t| t.get(lang, def).to_string())
                .unwrap_or_default(),
            time: node
                .time_caption(p, lang, true)
                .map(|d| capitalise(&d))
                .unwrap_or_else(|| "—".into()),
            next: next_cell(next),
        });
    }
    rows
}

/// The numbers reached from node `from` through unnumbered nodes, each
/// with the outcome of the first choice passed, depth first in the order
/// of the flows. An explicit stack, not recursion: a model can chain
/// thousands of unnumbered nodes. `seen` is all false on entry and again
/// on return.
fn next_numbers(
    p: &Process,
    (edges, by_from): (&[crate::model::Edge], &[Vec<usize>]),
    from: usize,
    lang: Lang,
    seen: &mut [bool],
    out: &mut Vec<(String, Option<String>)>,
) {
    let def = p.default_lang();
    let mut marked = Vec::new();
    // (node, the outcome leading to it, how many of its flows are done)
    let mut stack: Vec<(usize, Option<String>, usize)> = vec![(from, None, 0)];
    while let Some(top) = stack.last_mut() {
        let Some(&ei) = by_from[top.0].get(top.2) else {
            stack.pop();
            continue;
        };
        top.2 += 1;
        let e = &edges[ei];
        if seen[e.to] {
            continue;
        }
        seen[e.to] = true;
        marked.push(e.to);
        let label = e
            .label
            .as_ref()
            .map(|t| t.get(lang, def).to_string())
            .or_else(|| top.1.clone());
        let target = &p.nodes[e.to];
        match (target.number(), target.kind()) {
            (Some(n), _) => out.push((n.to_string(), label)),
            (None, NodeKind::End) => out.push(("—".into(), label)),
            (None, _) => stack.push((e.to, label, 0)),
        }
    }
    for i in marked {
        seen[i] = false;
    }
}

/// «Номер следующего действия» as the regulations print it: the numbers
/// of the next actions, each once. Outcomes are named only where they
/// lead to different actions; a branch that ends the process without a
/// numbered action is not an action and is left out beside numbered ones.
fn next_cell(next: Vec<(String, Option<String>)>) -> String {
    let numbered: Vec<&(String, Option<String>)> = next.iter().filter(|(n, _)| n != "—").collect();
    let mut distinct: Vec<&str> = Vec::new();
    for (n, _) in &numbered {
        if !distinct.contains(&n.as_str()) {
            distinct.push(n);
        }
    }
    match distinct.len() {
        0 => "—".into(),
        1 => distinct[0].to_string(),
        _ => {
            let mut parts: Vec<String> = Vec::new();
            for d in distinct {
                let labels: Vec<&str> = numbered
                    .iter()
                    .filter(|(n, _)| n == d)
                    .filter_map(|(_, l)| l.as_deref())
                    .collect();
                parts.push(if labels.is_empty() {
                    d.to_string()
                } else {
                    format!("{d} ({})", labels.join(", "))
                });
            }
            parts.join("; ")
        }
    }
}

fn md_cell(s: &str) -> String {
    // A table cell is one line; a pipe would end it.
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The table as Markdown, with a heading naming the service and variant.
pub fn markdown(p: &Process, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", md_cell(&super::title(p, lang)));
    let h = headings(lang);
    let _ = writeln!(out, "| {} |", h.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(h.len()));
    for r in rows(p, lang) {
        let action = if r.detail.is_empty() {
            r.action.clone()
        } else {
            format!("{}. {}", r.action.trim_end_matches('.'), r.detail)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md_cell(&r.number),
            md_cell(&r.performer),
            md_cell(&action),
            md_cell(if r.form.is_empty() { "—" } else { &r.form }),
            md_cell(&r.time),
            md_cell(&r.next)
        );
    }
    out
}

/// The `<table>` element alone, for a page of one's own.
pub fn html_table(p: &Process, lang: Lang) -> String {
    markup(p, lang, None)
}

/// The `<table>` with a class on every element, `prefix` before each
/// (`rf-table`, `rf-th`, `rf-td`, `rf-n`) and the id `id`, for a fragment
/// whose styles must not reach the page it is pasted into.
pub fn html_table_scoped(p: &Process, lang: Lang, prefix: &str, id: &str) -> String {
    markup(p, lang, Some((prefix, id)))
}

fn markup(p: &Process, lang: Lang, scope: Option<(&str, &str)>) -> String {
    let title = super::title(p, lang);
    let c = |name: &str| match scope {
        Some((pre, _)) => format!(
            " class=\"{}\"",
            name.split(' ')
                .map(|n| format!("{pre}{n}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        None if name.ends_with(" n") => " class=\"n\"".to_string(),
        None => String::new(),
    };
    let id = scope.map_or(String::new(), |(_, id)| format!(" id=\"{}\"", esc(id)));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<table{}{id}>\n<caption{}>{}</caption>\n<thead>\n<tr>",
        c("table"),
        c("caption"),
        esc(&title)
    );
    for h in headings(lang) {
        let _ = writeln!(out, "<th scope=\"col\"{}>{}</th>", c("th"), esc(h));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for r in rows(p, lang) {
        let action = if r.detail.is_empty() {
            esc(&r.action)
        } else {
            format!("<strong>{}</strong><br>{}", esc(&r.action), esc(&r.detail))
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"{}>{}</th><td{td}>{}</td><td{td}>{}</td><td{td}>{}</td><td{td}>{}</td><td{}>{}</td></tr>",
            c("th n"),
            esc(&r.number),
            esc(&r.performer),
            action,
            esc(if r.form.is_empty() { "—" } else { &r.form }),
            esc(&r.time),
            c("td n"),
            esc(&r.next),
            td = c("td"),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The styles of the table, shared with the diagram page.
pub const STYLE: &str = "table{border-collapse:collapse;width:100%}\ncaption{text-align:left;font-weight:bold;margin-bottom:.5em}\nth,td{border:1px solid #1a1a1a;padding:.3em .5em;vertical-align:top;text-align:left}\nthead th{background:#e8eef5}\n.n{text-align:center;white-space:nowrap}\n";

/// The table as a standalone HTML page: no scripts, no outside files,
/// readable offline and by screen readers (a caption and header cells).
pub fn html(p: &Process, lang: Lang) -> String {
    let title = super::title(p, lang);
    let mut out = String::new();
    let _ = writeln!(out, "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>", lang.code(), esc(&title));
    let _ = write!(out, "<style>\nbody{{font-family:\"PT Sans\",Arial,sans-serif;color:#1a1a1a;margin:2em}}\n{STYLE}</style>\n</head>\n<body>\n");
    out.push_str(&html_table(p, lang));
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_action_numbers_read_as_the_regulation_prints_them() {
        let n = |v: &[(&str, Option<&str>)]| {
            super::next_cell(
                v.iter()
                    .map(|(a, b)| (a.to_string(), b.map(str::to_string)))
                    .collect(),
            )
        };
        // s004 action 1: the refusal ends without an action.
        assert_eq!(n(&[("2", Some("да")), ("—", Some("нет"))]), "2");
        // Split boxes that share a printed number.
        assert_eq!(n(&[("7", Some("да")), ("7", Some("нет"))]), "7");
        assert_eq!(
            n(&[("3", Some("да")), ("5", Some("нет"))]),
            "3 (да); 5 (нет)"
        );
        assert_eq!(n(&[("—", None)]), "—");
    }
}
