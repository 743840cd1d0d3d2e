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
    /// Where each language's page shows it, when that is not its own
    /// `X.html` / `X.kk.html` among `files` (a service page of the site:
    /// `service.html#rf-X`).
    pub pages: Vec<(Lang, String)>,
}

impl Entry {
    /// The languages it was rendered in: those of its pages.
    pub fn langs(&self) -> Vec<Lang> {
        [Lang::Ru, Lang::Kk]
            .into_iter()
            .filter(|l| self.page(*l).is_some())
            .collect()
    }

    /// The page that shows it in `lang`, if it was rendered in `lang`.
    pub fn page(&self, lang: Lang) -> Option<String> {
        if !self.pages.is_empty() {
            return self
                .pages
                .iter()
                .find(|(l, _)| *l == lang)
                .map(|(_, h)| h.clone());
        }
        let own = self.process.default_lang();
        let name = if lang == own {
            format!("{}.html", self.stem)
        } else {
            format!("{}.{}.html", self.stem, lang.code())
        };
        self.files.contains(&name).then_some(name)
    }

    /// The language to show it in on an index in `lang`: `lang` where it
    /// has it, else its own.
    fn shown_in(&self, lang: Lang) -> Lang {
        if self.page(lang).is_some() || self.process.untranslated(lang).is_empty() {
            lang
        } else {
            self.process.default_lang()
        }
    }
}

/// A regulation: the services of one act, in appendix order.
pub struct Act<'a> {
    /// The act in Russian (the key the services are grouped by).
    pub title: String,
    /// The services: (appendix number, name in Russian) → the variants.
    pub services: BTreeMap<(u32, String), Vec<&'a Entry>>,
}

impl Act<'_> {
    /// The act's line in `lang` (from its first variant that has it), and
    /// the language it is in.
    fn title_in(&self, lang: Lang) -> (String, Lang) {
        let first = self.services.values().flatten().next();
        match self
            .services
            .values()
            .flatten()
            .find(|e| e.shown_in(lang) == lang)
        {
            Some(e) => (act_line(&e.process, lang), lang),
            None => (
                self.title.clone(),
                first.map_or(lang, |e| e.process.default_lang()),
            ),
        }
    }
}

fn act_line(p: &Process, lang: Lang) -> String {
    let def = p.default_lang();
    p.source.as_ref().map_or_else(
        || "—".to_string(),
        |s| {
            i18n::act_line(
                s.act.get(lang, def),
                s.date.as_deref(),
                s.number.as_deref(),
                lang,
            )
        },
    )
}

/// The entries grouped by act (in order of first appearance), then by
/// service (by appendix number, then name).
pub fn regulations(entries: &[Entry]) -> Vec<Act<'_>> {
    let mut acts: Vec<Act> = Vec::new();
    for e in entries {
        let p = &e.process;
        let lang = p.default_lang();
        let title = act_line(p, lang);
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

fn variant(e: &Entry, lang: Lang) -> String {
    let p = &e.process;
    p.variant
        .as_ref()
        .map(|v| v.get(lang, p.default_lang()).to_string())
        .unwrap_or_else(|| e.stem.clone())
}

fn term_cell(e: &Entry, lang: Lang) -> String {
    e.term
        .as_ref()
        .map(|t| term_text(t, lang))
        .unwrap_or_else(|| "—".into())
}

/// What a link to a file is called, in the index's language: its format.
fn kind(stem: &str, file: &str, lang: Lang) -> String {
    let rest = file
        .strip_prefix(stem)
        .unwrap_or(file)
        .trim_start_matches('.');
    let ru = lang == Lang::Ru;
    let (tag, rest) = match rest.strip_prefix("kk.") {
        Some(r) => (if ru { "каз. " } else { "қаз. " }, r),
        None => match rest.strip_prefix("ru.") {
            Some(r) => (if ru { "рус. " } else { "орыс. " }, r),
            None => ("", rest),
        },
    };
    let what = match (rest, ru) {
        ("legend.svg", true) => "легенда SVG".into(),
        ("legend.png", true) => "легенда PNG".into(),
        ("html", true) => "страница".into(),
        ("fragment.html", true) => "фрагмент для CMS".into(),
        ("alt.txt", true) => "текст для alt".into(),
        ("legend.svg", false) => "шартты белгілер SVG".into(),
        ("legend.png", false) => "шартты белгілер PNG".into(),
        ("html", false) => "бет".into(),
        ("fragment.html", false) => "CMS үшін фрагмент".into(),
        ("alt.txt", false) => "alt мәтіні".into(),
        (other, _) => other.to_uppercase(),
    };
    format!("{tag}{what}")
}

/// The fixed words of an index page.
struct Words {
    heading: &'static str,
    note: &'static str,
    variant: &'static str,
    term: &'static str,
    files: &'static str,
    /// Said after a variant shown in the other language.
    other: &'static str,
    switch: &'static str,
    nav: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Ru => Words {
            heading: HEADING,
            note: NOTE,
            variant: "Вариант",
            term: "Срок",
            files: "Файлы",
            other: "(на казахском языке)",
            switch: "Қазақша",
            nav: "Навигация",
        },
        Lang::Kk => Words {
            heading: "Мемлекеттік қызметтер көрсетудің бизнес-процестерінің анықтамалықтары",
            note: "Сызбаларды regflow регламенттердің мәтіндері бойынша қалпына келтірді (sources/ қалтасы). Мерзім — ең қысқа және ең ұзақ жол бойынша рәсімдер мерзімдерінің қосындысы; жұмыс және күнтізбелік күндер сағатқа аударылмайды.",
            variant: "Нұсқа",
            term: "Мерзім",
            files: "Файлдар",
            other: "(орыс тілінде)",
            switch: "Русский",
            nav: "Навигация",
        },
    }
}

const HEADING: &str = "Справочники бизнес-процессов оказания государственных услуг";
const NOTE: &str = "Диаграммы восстановлены regflow по текстам регламентов (папка sources/). Срок — сумма сроков процедур по самому короткому и самому длинному пути; рабочие и календарные дни не переводятся в часы.";

/// Whether any entry has a page in `lang`.
pub fn has_lang(entries: &[Entry], lang: Lang) -> bool {
    entries.iter().any(|e| e.page(lang).is_some())
}

/// The index in `lang` as a standalone page: no scripts, no external
/// requests. Each variant links to its page in `lang`, or, where it has
/// none, to its page in its own language, marked as such (`hreflang`).
/// With pages in both languages each index links to the other.
pub fn html(entries: &[Entry], lang: Lang) -> String {
    let w = words(lang);
    let other = match lang {
        Lang::Ru => Lang::Kk,
        Lang::Kk => Lang::Ru,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"regflow\">\n<title>{h}</title>",
        code = lang.code(),
        h = esc(w.heading)
    );
    let switch = has_lang(entries, other) && has_lang(entries, lang);
    if switch {
        for l in [Lang::Ru, Lang::Kk] {
            let _ = writeln!(
                out,
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">",
                l.code(),
                super::html::index_name(l)
            );
        }
    }
    let _ = writeln!(
        out,
        "<style>\nbody{{font-family:\"PT Sans\",Arial,sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#1a1a1a;line-height:1.4}}\ntable{{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}}\nth,td{{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}}\n.files{{overflow-wrap:anywhere}}\nth{{background:#e8eef6}}\na{{color:#0b4f9c}}\nh2{{margin-top:2rem;font-size:1.2rem}}\nh3{{font-size:1rem}}\n</style>\n</head>\n<body>"
    );
    if switch {
        let _ = writeln!(
            out,
            "<nav aria-label=\"{}\"><a href=\"{}\" hreflang=\"{o}\" lang=\"{o}\">{}</a></nav>",
            esc(w.nav),
            super::html::index_name(other),
            esc(w.switch),
            o = other.code()
        );
    }
    let _ = writeln!(
        out,
        "<main>\n<h1>{}</h1>\n<p>{}</p>",
        esc(w.heading),
        esc(w.note)
    );
    for act in regulations(entries) {
        let (title, shown) = act.title_in(lang);
        let mark = if shown == lang {
            String::new()
        } else {
            format!(" lang=\"{}\"", shown.code())
        };
        let _ = writeln!(out, "<section>\n<h2{mark}>{}</h2>", esc(&title));
        for ((appendix, _), variants) in &act.services {
            // The service's name from a variant that has it in `lang`.
            let named = variants
                .iter()
                .find(|e| e.shown_in(lang) == lang)
                .unwrap_or(&variants[0]);
            let shown = named.shown_in(lang);
            let service = named
                .process
                .service
                .get(shown, named.process.default_lang());
            let head = service_heading(*appendix, service, lang);
            let mark = if shown == lang {
                String::new()
            } else {
                format!(" lang=\"{}\"", shown.code())
            };
            let _ = writeln!(
                out,
                "<h3{mark}>{}</h3>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
                esc(&head),
                w.variant,
                w.term,
                w.files
            );
            for e in variants {
                let shown = e.shown_in(lang);
                let links: Vec<String> = e
                    .files
                    .iter()
                    .map(|f| {
                        format!(
                            "<a href=\"{}\">{}</a>",
                            esc(f),
                            esc(&kind(&e.stem, f, lang))
                        )
                    })
                    .collect();
                let page = e.page(shown).or_else(|| e.files.first().cloned());
                let text = esc(&variant(e, shown));
                let name = match (page, shown == lang) {
                    (Some(f), true) => format!("<a href=\"{}\">{text}</a>", esc(&f)),
                    (Some(f), false) => format!(
                        "<a href=\"{}\" hreflang=\"{c}\" lang=\"{c}\">{text}</a> {}",
                        esc(&f),
                        esc(w.other),
                        c = shown.code()
                    ),
                    (None, _) => text,
                };
                let _ = writeln!(
                    out,
                    "<tr><td>{name}</td><td>{}</td><td class=\"files\">{}</td></tr>",
                    esc(&term_cell(e, lang)),
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

/// «Приложение 3. «…»» («3-қосымша. «…»»), or the service alone where
/// the act has one.
pub fn service_heading(appendix: u32, service: &str, lang: Lang) -> String {
    match (appendix > 0, lang) {
        (true, Lang::Ru) => format!("Приложение {appendix}. «{service}»"),
        (true, Lang::Kk) => format!("{appendix}-қосымша. «{service}»"),
        (false, _) => format!("«{service}»"),
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
    for act in regulations(entries) {
        let _ = write!(out, "\n## {}\n", md(&act.title));
        for ((appendix, service), variants) in &act.services {
            let head = service_heading(*appendix, service, Lang::Ru);
            let _ = write!(
                out,
                "\n### {}\n\n| Вариант | Срок | Файлы |\n|---|---|---|\n",
                md(&head)
            );
            for e in variants {
                let links: Vec<String> = e
                    .files
                    .iter()
                    .map(|f| format!("[{}]({})", md(&kind(&e.stem, f, Lang::Ru)), f))
                    .collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    md(&variant(e, Lang::Ru)),
                    md(&term_cell(e, Lang::Ru)),
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
            pages: Vec::new(),
        };
        let h = html(std::slice::from_ref(&e), Lang::Ru);
        assert!(h.contains("&lt;b&gt;У|слуга&lt;/b&gt;"));
        assert!(h.contains("a &amp; b"));
        assert!(!h.contains("<b>"));
        let m = markdown(&[e]);
        assert!(m.contains("У\\|слуга"), "{m}");
    }
}
