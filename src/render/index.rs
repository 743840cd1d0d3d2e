//! The gallery's index: every service of a folder of models, grouped by
//! the act that holds its regulation, with each variant's term and a link
//! to every file rendered for it (`index.html` and `README.md`).

use super::xml::esc;
use crate::i18n;
use crate::model::{Lang, Process, TermReport};
use std::collections::BTreeMap;
use std::fmt::Write;

/// One rendered model.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The file stem its outputs are named by.
    pub stem: String,
    pub process: Process,
    pub term: Option<TermReport>,
    /// The file names written for it, in the order written.
    pub files: Vec<String>,
}

/// A regulation: the services of one act, in appendix order.
struct Act<'a> {
    title: String,
    services: BTreeMap<(u32, String), Vec<&'a Entry>>,
}

/// The entries grouped by act (in order of first appearance), then by
/// service (by appendix number, then name).
fn group(entries: &[Entry]) -> Vec<Act<'_>> {
    let mut acts: Vec<Act> = Vec::new();
    for e in entries {
        let p = &e.process;
        let lang = p.default_lang();
        let title = p.source.as_ref().map_or_else(
            || "—".to_string(),
            |s| {
                i18n::act_line(
                    s.act.get(lang, lang),
                    s.date.as_deref(),
                    s.number.as_deref(),
                    lang,
                )
            },
        );
        let appendix = p
            .source
            .as_ref()
            .and_then(|s| s.appendix.as_deref())
            .and_then(|a| a.parse::<u32>().ok())
            .unwrap_or(0);
        let service = p.service.get(lang, lang).to_string();
        let at = match acts.iter().position(|a| a.title == title) {
            Some(i) => i,
            None => {
                acts.push(Act {
                    title,
                    services: BTreeMap::new(),
                });
                acts.len() - 1
            }
        };
        acts[at]
            .services
            .entry((appendix, service))
            .or_default()
            .push(e);
    }
    acts
}

/// «8 раб. дней 9 ч», or «от 15 мин до 6 ч 30 мин» when the paths differ.
pub fn term_text(t: &TermReport, lang: Lang) -> String {
    let (s, l) = (
        t.shortest.term.describe(lang),
        t.longest.term.describe(lang),
    );
    if s == l {
        s
    } else {
        match lang {
            Lang::Ru => format!("от {s} до {l}"),
            Lang::Kk => format!("{s} – {l}"),
        }
    }
}

fn variant(e: &Entry) -> String {
    let p = &e.process;
    let lang = p.default_lang();
    p.variant
        .as_ref()
        .map(|v| v.get(lang, lang).to_string())
        .unwrap_or_else(|| e.stem.clone())
}

fn term_cell(e: &Entry) -> String {
    e.term
        .as_ref()
        .map(|t| term_text(t, e.process.default_lang()))
        .unwrap_or_else(|| "—".into())
}

/// What a link to a file is called: its format.
fn kind(stem: &str, file: &str) -> String {
    let rest = file
        .strip_prefix(stem)
        .unwrap_or(file)
        .trim_start_matches('.');
    let (lang, rest) = match rest.strip_prefix("kk.") {
        Some(r) => ("қаз. ", r),
        None => match rest.strip_prefix("ru.") {
            Some(r) => ("рус. ", r),
            None => ("", rest),
        },
    };
    let what = match rest {
        "legend.svg" => "легенда SVG".into(),
        "legend.png" => "легенда PNG".into(),
        "html" => "страница".into(),
        "fragment.html" => "фрагмент для CMS".into(),
        "alt.txt" => "текст для alt".into(),
        other => other.to_uppercase(),
    };
    format!("{lang}{what}")
}

const HEADING: &str = "Справочники бизнес-процессов оказания государственных услуг";
const NOTE: &str = "Диаграммы восстановлены regflow по текстам регламентов (папка sources/). Срок — сумма сроков процедур по самому короткому и самому длинному пути; рабочие и календарные дни не переводятся в часы.";

/// The index as a standalone page: no scripts, no external requests.
pub fn html(entries: &[Entry]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"regflow\">\n<title>{HEADING}</title>\n<style>\nbody{{font-family:\"PT Sans\",Arial,sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#1a1a1a;line-height:1.4}}\ntable{{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}}\nth,td{{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}}\n.files{{overflow-wrap:anywhere}}\nth{{background:#e8eef6}}\na{{color:#0b4f9c}}\nh2{{margin-top:2rem;font-size:1.2rem}}\nh3{{font-size:1rem}}\n</style>\n</head>\n<body>\n<main>\n<h1>{HEADING}</h1>\n<p>{}</p>",
        esc(NOTE)
    );
    for act in group(entries) {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", esc(&act.title));
        for ((appendix, service), variants) in &act.services {
            let head = service_heading(*appendix, service);
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<table>\n<thead><tr><th scope=\"col\">Вариант</th><th scope=\"col\">Срок</th><th scope=\"col\">Файлы</th></tr></thead>\n<tbody>",
                esc(&head)
            );
            for e in variants {
                let links: Vec<String> = e
                    .files
                    .iter()
                    .map(|f| format!("<a href=\"{}\">{}</a>", esc(f), esc(&kind(&e.stem, f))))
                    .collect();
                let first = e
                    .files
                    .iter()
                    .find(|f| f.ends_with(".html"))
                    .or_else(|| e.files.first());
                let name = match first {
                    Some(f) => format!("<a href=\"{}\">{}</a>", esc(f), esc(&variant(e))),
                    None => esc(&variant(e)),
                };
                let _ = writeln!(
                    out,
                    "<tr><td>{name}</td><td>{}</td><td class=\"files\">{}</td></tr>",
                    esc(&term_cell(e)),
                    links.join(" · ")
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// «Приложение 3. «…»», or the service alone where the act has one.
fn service_heading(appendix: u32, service: &str) -> String {
    if appendix > 0 {
        format!("Приложение {appendix}. «{service}»")
    } else {
        format!("«{service}»")
    }
}

fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['[', ']'], "")
        .replace(['\n', '\r'], " ")
}

/// The index in Markdown, for a repository's file browser.
pub fn markdown(entries: &[Entry]) -> String {
    let mut out = format!("# {HEADING}\n\n{NOTE}\n");
    for act in group(entries) {
        let _ = write!(out, "\n## {}\n", md(&act.title));
        for ((appendix, service), variants) in &act.services {
            let head = service_heading(*appendix, service);
            let _ = write!(
                out,
                "\n### {}\n\n| Вариант | Срок | Файлы |\n|---|---|---|\n",
                md(&head)
            );
            for e in variants {
                let links: Vec<String> = e
                    .files
                    .iter()
                    .map(|f| format!("[{}]({})", md(&kind(&e.stem, f)), f))
                    .collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    md(&variant(e)),
                    md(&term_cell(e)),
                    links.join(" · ")
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_text_is_escaped_in_both_forms() {
        let p: Process = ron::from_str(
            r#"(service: "<b>У|слуга</b>", variant: Some("a & b"), lanes: [(id: "a", name: "A")], nodes: [Start(lane: "a"), End(lane: "a")])"#,
        )
        .unwrap();
        let e = Entry {
            stem: "x".into(),
            process: p,
            term: None,
            files: vec!["x.svg".into()],
        };
        let h = html(std::slice::from_ref(&e));
        assert!(h.contains("&lt;b&gt;У|слуга&lt;/b&gt;"));
        assert!(h.contains("a &amp; b"));
        assert!(!h.contains("<b>"));
        let m = markdown(&[e]);
        assert!(m.contains("У\\|слуга"), "{m}");
    }
}
