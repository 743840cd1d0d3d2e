//! A page for a website: the diagram, its legend and (for electronic
//! services) the action table in one standalone HTML file that needs no
//! network, no script and no installed font.

use super::svg::Svg;
use super::xml::{esc, num, Tag};
use crate::layout::Diagram;
use crate::model::{Lang, Orientation, Process};
use std::fmt::Write;

/// Prefixes every id of an SVG document and the references to them, so
/// two SVGs inline in one page (or in a page they are pasted into) do not
/// share ids.
///
/// One pass over the text: every ` id="` and every `url(#` of a defined id
/// is found once, in order. (Replacing id by id over the whole text took
/// time in ids × length: 33 s at 5,000 steps.)
pub fn prefix_ids(svg: &str, prefix: &str) -> String {
    const ID: &str = " id=\"";
    const URL: &str = "url(#";
    let ids: std::collections::HashSet<&str> = svg
        .match_indices(ID)
        .filter_map(|(i, m)| {
            let rest = &svg[i + m.len()..];
            rest.find('"').map(|e| &rest[..e])
        })
        .collect();
    let mut marks: Vec<(usize, &str)> = svg
        .match_indices(ID)
        .chain(svg.match_indices(URL))
        .collect();
    marks.sort_unstable_by_key(|&(i, _)| i);
    let mut out = String::with_capacity(svg.len() + marks.len() * prefix.len());
    let mut done = 0;
    for (i, m) in marks {
        let start = i + m.len();
        let rest = &svg[start..];
        let close = if m == ID { '"' } else { ')' };
        let Some(id) = rest.find(close).map(|e| &rest[..e]) else {
            continue;
        };
        if ids.contains(id) && start >= done {
            out.push_str(&svg[done..start]);
            out.push_str(prefix);
            done = start;
        }
    }
    out.push_str(&svg[done..]);
    out.replace(
        "aria-labelledby=\"title desc\"",
        &format!("aria-labelledby=\"{prefix}title {prefix}desc\""),
    )
}

/// The font family of the page's one embedded subset: a name of its own,
/// so a page the fragment is pasted into keeps its own "PT Sans".
const FAMILY: &str = "rf-PT Sans";

/// An inline SVG drawn in the page's font and scaled by the class `class`.
fn inline(svg: &str, prefix: &str, class: &str) -> String {
    let family = crate::font::FAMILY;
    prefix_ids(&super::svg::without_fonts(svg), prefix)
        .replacen("<svg xmlns=", &format!("<svg class=\"{class}\" xmlns="), 1)
        .replace(
            &format!("font-family=\"{family},"),
            &format!("font-family=\"{FAMILY}, {family},"),
        )
}

/// Where a page sits among the files rendered beside it.
#[derive(Debug, Clone)]
pub struct Site {
    /// The file stem of the model's outputs.
    pub stem: String,
    /// Whose files carry no language in their name (`X.html`; the other
    /// language's are `X.kk.html`).
    pub default: Lang,
    /// The languages the page is written in, for the language switch.
    pub langs: Vec<Lang>,
    /// The suffixes of the files written beside the page (`.pdf`, `.png`,
    /// `.svg`, `.bpmn`), for the download links.
    pub files: Vec<&'static str>,
    /// Whether an index lists the pages (`index.html`, and
    /// `index.kk.html` for the Kazakh ones).
    pub index: bool,
}

impl Site {
    /// A page alone: no switch, no downloads, no index.
    pub fn alone(stem: &str) -> Site {
        Site {
            stem: stem.to_string(),
            default: Lang::Ru,
            langs: Vec::new(),
            files: Vec::new(),
            index: false,
        }
    }

    /// The name of one file of the model in one language.
    pub fn name(&self, lang: Lang, suffix: &str) -> String {
        if lang == self.default {
            format!("{}{suffix}", self.stem)
        } else {
            format!("{}.{}{suffix}", self.stem, lang.code())
        }
    }

    /// The prefix of every class and id of the model's fragment.
    pub fn scope(&self) -> String {
        format!("rf-{}", super::svg::svg_id(&self.stem))
    }
}

/// The fixed words of the page.
struct Words {
    diagram: &'static str,
    full_size: &'static str,
    described: &'static str,
    downloads: &'static str,
    pdf: &'static str,
    png: &'static str,
    svg: &'static str,
    bpmn: &'static str,
    print: &'static str,
    index: &'static str,
    nav: &'static str,
    name: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Ru => Words {
            diagram: "Схема",
            full_size: "Показать схему в полном размере",
            described: "Текстовое описание схемы — таблица действий ниже",
            downloads: "Скачать",
            pdf: "PDF — листы А4 для печати",
            png: "PNG — изображение",
            svg: "SVG — схема в полном размере",
            bpmn: "BPMN 2.0 — для редакторов процессов",
            print: "Для печати используйте PDF на листах А4:",
            index: "Все услуги",
            nav: "Навигация",
            name: "Русский",
        },
        Lang::Kk => Words {
            diagram: "Сызба",
            full_size: "Сызбаны толық өлшемде көрсету",
            described: "Сызбаның мәтіндік сипаттамасы — төмендегі іс-әрекеттер кестесі",
            downloads: "Жүктеп алу",
            pdf: "PDF — басып шығаруға арналған А4 парақтары",
            png: "PNG — сурет",
            svg: "SVG — толық өлшемдегі сызба",
            bpmn: "BPMN 2.0 — процесс редакторлары үшін",
            print: "Басып шығару үшін А4 парақтарындағы PDF пайдаланыңыз:",
            index: "Барлық қызметтер",
            nav: "Навигация",
            name: "Қазақша",
        },
    }
}

/// One variant as drawn for a page: its model, its layout and its two
/// SVG documents (the diagram and the legend, each with its fonts).
#[derive(Debug, Clone, Copy)]
pub struct Drawn<'a> {
    pub process: &'a Process,
    pub layout: &'a Diagram,
    pub svg: &'a str,
    pub legend: &'a str,
}

/// The styles of the fragment: every selector a class of its own scope
/// (no element selector), so pasted into a page it restyles nothing else.
/// `top` is where the diagram's lane header row starts, as a share of its
/// width, for the header row that stays in view (see [`headers`]).
fn fragment_style(s: &str, top: Option<Sticky>) -> String {
    let mut style = format!(
        ".{s}{{display:block;margin:1em 0;padding:0;max-width:100%;box-sizing:border-box;color:#1a1a1a;background:#fff;line-height:1.4}}\n\
.{s}-cap{{display:block;margin:0 0 .5em;font-size:1em}}\n\
.{s}-link{{color:#0b4f9c}}\n\
.{s}-toggle{{margin:0 .4em 0 0}}\n\
.{s}-toggle-label{{display:inline-block;margin:0 0 .5em;cursor:pointer}}\n\
.{s}-scroll{{display:block;overflow:auto;max-width:100%;max-height:85vh;container-type:inline-size;border:1px solid #c8c8c8;box-sizing:border-box}}\n\
.{s}-scroll:focus{{outline:3px solid #0b4f9c;outline-offset:2px}}\n\
.{s}-diagram{{display:block;max-width:100%;height:auto}}\n\
.{s}-toggle:checked~.{s}-scroll .{s}-diagram{{max-width:none}}\n\
.{s}-legend{{display:block;max-width:100%;height:auto;margin:1em 0}}\n\
.{s}-table{{border-collapse:collapse;width:100%;margin:1em 0;font-size:.95em}}\n\
.{s}-caption{{text-align:left;font-weight:bold;margin-bottom:.5em}}\n\
.{s}-th,.{s}-td{{border:1px solid #1a1a1a;padding:.3em .4em;vertical-align:top;text-align:left;overflow-wrap:anywhere;font-weight:normal}}\n\
.{s}-head{{background:#e8eef5;font-weight:bold}}\n\
.{s}-n{{text-align:center}}\n\
.{s}-downloads{{margin:.5em 0;padding:0 0 0 1.2em}}\n\
.{s}-print{{display:none}}\n\
@media (max-width:40em){{.{s}-table{{font-size:.8em}}}}\n\
@media print{{.{s}-toggle,.{s}-toggle-label,.{s}-downloads,.{s}-sticky{{display:none}}.{s}-print{{display:block}}.{s}-scroll{{overflow:visible;max-height:none;border:0}}.{s}-diagram,.{s}-toggle:checked~.{s}-scroll .{s}-diagram{{max-width:100%}}}}\n"
    );
    if let Some(Sticky::Column { x, w }) = top {
        // The copy of the header column is as wide as nothing and sticks at
        // minus the width left of the column (scaled as the diagram is), so
        // it lies exactly on the drawn column until that column would leave
        // the box. Its wrapper is as wide as the diagram at full size, so
        // that it can stick over the whole width scrolled.
        let share = if w > 0.0 { x / w * 100.0 } else { 0.0 };
        let _ = write!(
            style,
            ".{s}-wide{{display:flex;align-items:flex-start}}\n\
.{s}-wide>.{s}-diagram{{min-width:0;flex:0 1 auto}}\n\
.{s}-toggle:checked~.{s}-scroll .{s}-wide{{width:max-content}}\n\
.{s}-stickycol{{position:sticky;left:calc(-1 * min({x}px, {share}cqw));width:0;flex:none;z-index:1;pointer-events:none}}\n\
.{s}-stickycol>svg{{display:block;width:min({w}px, 100cqw);max-width:none;height:auto}}\n\
.{s}-toggle:checked~.{s}-scroll .{s}-stickycol{{left:-{x}px}}\n\
.{s}-toggle:checked~.{s}-scroll .{s}-stickycol>svg{{width:{w}px}}\n\
@media print{{.{s}-stickycol{{display:none}}}}\n",
            x = num(x),
            w = num(w),
            share = num(share)
        );
    }
    if let Some(Sticky::Row { y, w }) = top {
        // The copy of the header row is as tall as nothing and sticks at
        // minus the height above the row (scaled as the diagram is: to the
        // box's width when fitted, 1:1 at full size), so it lies exactly on
        // the drawn row until that row would leave the box.
        let share = if w > 0.0 { y / w * 100.0 } else { 0.0 };
        let _ = write!(
            style,
            ".{s}-sticky{{position:sticky;top:calc(-1 * min({y}px, {share}cqw));height:0;z-index:1;pointer-events:none}}\n\
.{s}-toggle:checked~.{s}-scroll .{s}-sticky{{top:-{y}px}}\n",
            y = num(y),
            share = num(share)
        );
    }
    style
}

/// Where the copy of the lane headers that stays in view lies in the
/// diagram, in its px: a row `y` from the top (the table form) or a column
/// `x` from the left (the BPMN form), of a diagram `w` wide.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sticky {
    Row { y: f64, w: f64 },
    Column { x: f64, w: f64 },
}

/// The lane headers of the diagram once more, alone, in a sticky strip:
/// while the reader scrolls a long diagram, the table form's header row
/// stays at the top of its box, and the BPMN form's header column at its
/// left (at full size, where the box scrolls sideways), with no script.
/// They are drawn as the diagram draws them, at the diagram's width (so
/// they scale with it), and hidden from screen readers (the diagram itself
/// names the lanes).
fn headers(d: &Diagram, s: &str) -> Option<(String, Sticky)> {
    if d.lanes.is_empty() {
        return None;
    }
    let table = d.orientation == Orientation::Table;
    let sticky = if table {
        Sticky::Row {
            y: d.lanes.iter().map(|l| l.header.y).fold(f64::MAX, f64::min),
            w: d.width,
        }
    } else {
        Sticky::Column {
            x: d.lanes.iter().map(|l| l.header.x).fold(f64::MAX, f64::min),
            w: d.width,
        }
    };
    // The row's strip ends under the headers; the column's runs the
    // diagram's height, its lanes where the diagram has them.
    let h = if table {
        d.lanes
            .iter()
            .map(|l| l.header.bottom())
            .fold(0.0, f64::max)
            + 1.0
    } else {
        d.height
    };
    let mut out = Svg::new();
    let class = if table { "sticky" } else { "stickycol" };
    out.open_inline(
        Tag::new("div")
            .read_attr("class", &format!("{s}-{class}"))
            .read_attr("aria-hidden", "true"),
    );
    let mut svg = Tag::new("svg");
    if table {
        svg = svg.read_attr("class", &format!("{s}-diagram"));
    }
    let (w, h) = (num(d.width), num(h));
    out.open(
        svg.read_attr("xmlns", "http://www.w3.org/2000/svg")
            .read_attr("width", &w)
            .read_attr("height", &h)
            .read_attr("viewBox", &format!("0 0 {w} {h}"))
            .read_attr("focusable", "false")
            .read_attr(
                "font-family",
                &format!("{FAMILY}, {}, sans-serif", crate::font::FAMILY),
            )
            .read_attr("fill", super::svg::INK),
    );
    for l in &d.lanes {
        out.el(super::svg::rect(l.header)
            .read_attr("fill", super::svg::ACCENT)
            .read_attr("stroke", super::svg::INK)
            .read_attr("stroke-width", "1"));
        super::svg::lane_title(&mut out, l);
    }
    out.close_inline("svg");
    out.close("div");
    let svg = out.finish();
    Some((svg, sticky))
}

/// What the diagram's scrolling box holds: the diagram under its sticky
/// header row, or beside its sticky header column in a wrapper as wide as
/// the diagram (a sticky element sticks only within its parent).
fn scrolled(sticky: Option<(String, Sticky)>, diagram: &str, s: &str) -> String {
    match sticky {
        Some((h, Sticky::Column { .. })) => format!("<div class=\"{s}-wide\">{h}{diagram}</div>"),
        Some((h, Sticky::Row { .. })) => format!("{h}{diagram}"),
        None => diagram.to_string(),
    }
}

/// The diagram's `<figure>` with its own fonts: what a CMS page gets.
pub fn fragment(v: &Drawn, lang: Lang, site: &Site) -> String {
    let fonts = fonts(&[v.svg, v.legend]);
    figure_with(v, lang, site, &fonts)
}

/// The `<figure>` for a page that carries the fonts once for all its
/// figures ([`fonts`]).
pub fn figure(v: &Drawn, lang: Lang, site: &Site) -> String {
    figure_with(v, lang, site, "")
}

/// One copy of the font subsets every SVG given needs, under the page's
/// own family name.
pub fn fonts(svgs: &[&str]) -> String {
    super::svg::fonts_for(svgs, FAMILY)
}

/// The diagram's `<figure>`: the diagram (fitted to the width, full size
/// with a checkbox that needs no script), the legend, the table of steps
/// that is the diagram's long description, and the download links. Its
/// classes and ids all start with the scope `rf-<stem>`.
fn figure_with(v: &Drawn, lang: Lang, site: &Site, fonts: &str) -> String {
    let p = v.process;
    let s = site.scope();
    let w = words(lang);
    let title = super::title(p, lang);
    let mut out = String::new();
    let sticky = headers(v.layout, &s);
    let style = fragment_style(&s, sticky.as_ref().map(|(_, at)| *at));
    let _ = writeln!(
        out,
        "<figure class=\"{s}\" id=\"{s}\" lang=\"{}\">\n<style>\n{fonts}{style}</style>",
        lang.code()
    );
    let has_table = !super::table::rows(p, lang).is_empty();
    let described = if has_table {
        format!(
            " <a class=\"{s}-link\" href=\"#{s}-steps\">{}</a>",
            esc(w.described)
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<figcaption class=\"{s}-cap\">{}.{described}</figcaption>",
        esc(&title)
    );
    let _ = writeln!(
        out,
        "<input type=\"checkbox\" class=\"{s}-toggle\" id=\"{s}-full\"><label class=\"{s}-toggle-label\" for=\"{s}-full\">{}</label>",
        esc(w.full_size)
    );
    let _ = writeln!(
        out,
        "<div class=\"{s}-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}: {}\">\n{}</div>",
        esc(w.diagram),
        esc(&title),
        scrolled(
            sticky,
            &inline(v.svg, &format!("{s}-d-"), &format!("{s}-diagram")),
            &s
        )
    );
    if !v.legend.is_empty() {
        out.push_str(&inline(
            v.legend,
            &format!("{s}-l-"),
            &format!("{s}-legend"),
        ));
    }
    if has_table {
        let table =
            super::table::html_table_scoped(p, lang, &format!("{s}-"), &format!("{s}-steps"))
                .replace(
                    &format!("<th scope=\"col\" class=\"{s}-th\">"),
                    &format!("<th scope=\"col\" class=\"{s}-th {s}-head\">"),
                );
        out.push_str(&table);
    }
    let links: Vec<(&str, &str)> = [
        (".pdf", w.pdf),
        (".png", w.png),
        (".svg", w.svg),
        (".bpmn", w.bpmn),
    ]
    .into_iter()
    .filter(|(suffix, _)| site.files.contains(suffix))
    .collect();
    if !links.is_empty() {
        let _ = writeln!(
            out,
            "<ul class=\"{s}-downloads\" aria-label=\"{}\">",
            esc(w.downloads)
        );
        for (suffix, what) in &links {
            let _ = writeln!(
                out,
                "<li><a class=\"{s}-link\" href=\"{}\" download>{}</a></li>",
                esc(&site.name(lang, suffix)),
                esc(what)
            );
        }
        out.push_str("</ul>\n");
    }
    if site.files.contains(&".pdf") {
        let pdf = site.name(lang, ".pdf");
        let _ = writeln!(
            out,
            "<p class=\"{s}-print\">{} {}</p>",
            esc(w.print),
            esc(&pdf)
        );
    }
    out.push_str("</figure>\n");
    out
}

/// A page of the site: its headings and figures, with a link to the index
/// and to the page in the other languages.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    pub lang: Lang,
    /// The document's `<title>`.
    pub title: &'a str,
    /// The `<h1>`: the service.
    pub heading: &'a str,
    /// A paragraph under the heading (the variant of a page of one).
    pub intro: Option<&'a str>,
    /// The `@font-face` rules of every figure, once ([`fonts`]).
    pub fonts: &'a str,
    /// The index in this page's language, if there is one.
    pub index: Option<&'a str>,
    /// Every language's page, this one's included (none: no switch).
    pub alternates: &'a [(Lang, String)],
    /// The figures, each in its section.
    pub body: &'a str,
}

/// The page: a `<main>` with the heading and the figures, and a `<nav>`
/// with the index and the language switch.
pub fn page(pg: &Page) -> String {
    let lang = pg.lang;
    let w = words(lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"regflow\">\n<title>{}</title>",
        lang.code(),
        esc(pg.title)
    );
    if pg.alternates.len() > 1 {
        for (l, href) in pg.alternates {
            let _ = writeln!(
                out,
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">",
                l.code(),
                esc(href)
            );
        }
    }
    let _ = write!(out, "<style>\n{}body{{font-family:\"PT Sans\",Arial,sans-serif;color:#1a1a1a;margin:0 auto;max-width:80rem;padding:1rem;line-height:1.4}}\nh1{{font-size:1.3em}}\nh2{{font-size:1.15em;margin-top:2em}}\na{{color:#0b4f9c}}\n.page-nav{{display:flex;flex-wrap:wrap;gap:1em}}\n@media print{{.page-nav{{display:none}}body{{max-width:none;padding:0}}}}\n</style>\n</head>\n<body>\n", pg.fonts);
    let others: Vec<&(Lang, String)> = pg.alternates.iter().filter(|(l, _)| *l != lang).collect();
    if pg.index.is_some() || !others.is_empty() {
        let _ = writeln!(
            out,
            "<nav class=\"page-nav\" aria-label=\"{}\">",
            esc(w.nav)
        );
        if let Some(index) = pg.index {
            let _ = writeln!(out, "<a href=\"{}\">{}</a>", esc(index), esc(w.index));
        }
        for (l, href) in others {
            let _ = writeln!(
                out,
                "<a href=\"{}\" hreflang=\"{}\" lang=\"{}\">{}</a>",
                esc(href),
                l.code(),
                l.code(),
                esc(words(*l).name)
            );
        }
        out.push_str("</nav>\n");
    }
    let _ = writeln!(out, "<main>\n<h1>{}</h1>", esc(pg.heading));
    if let Some(v) = pg.intro {
        let _ = writeln!(out, "<p>{}</p>", esc(v));
    }
    out.push_str(pg.body);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The index of a site in one language: `index.html` for Russian,
/// `index.kk.html` for Kazakh.
pub fn index_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "index.html",
        Lang::Kk => "index.kk.html",
    }
}

/// The page of one model (`render`'s `X.html`): its fragment under the
/// service's name.
pub fn model_page(p: &Process, lang: Lang, fragment: &str, site: &Site) -> String {
    let def = p.default_lang();
    let alternates: Vec<(Lang, String)> = if site.langs.len() > 1 {
        site.langs
            .iter()
            .map(|l| (*l, site.name(*l, ".html")))
            .collect()
    } else {
        Vec::new()
    };
    page(&Page {
        lang,
        title: &super::title(p, lang),
        heading: p.service.get(lang, def),
        intro: p.variant.as_ref().map(|v| v.get(lang, def)),
        fonts: "",
        index: site.index.then(|| index_name(lang)),
        alternates: &alternates,
        body: fragment,
    })
}

/// The text alternative of the diagram: its title, its lanes, then one
/// line per step in the model's order, with lane and time.
pub fn alt_text(p: &Process, lang: Lang) -> String {
    let def = p.default_lang();
    let lanes: Vec<&str> = p.lanes.iter().map(|l| l.name.get(lang, def)).collect();
    let mut s = format!("{}\n\n", super::title(p, lang));
    let _ = writeln!(
        s,
        "{}: {}.",
        match lang {
            Lang::Ru => "Схема бизнес-процесса. СФЕ",
            Lang::Kk => "Бизнес-процесс сызбасы. ҚФБ",
        },
        lanes.join("; ")
    );
    for n in &p.nodes {
        let Some(text) = n.label() else { continue };
        let lane = p
            .lane_index(n.lane())
            .and_then(|i| p.lanes.get(i))
            .map(|l| l.name.get(lang, def))
            .unwrap_or("");
        if let Some(num) = n.number() {
            let _ = write!(s, "{num}. ");
        } else {
            s.push_str("– ");
        }
        s.push_str(text.get(lang, def));
        if !lane.is_empty() {
            let _ = write!(s, " ({lane}");
            if let Some(d) = n.time_caption(p, lang, false) {
                let _ = write!(s, ", {d}");
            }
            s.push(')');
        }
        s.push_str(".\n");
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_and_references_are_prefixed() {
        let svg = "<svg aria-labelledby=\"title desc\"><title id=\"title\">t</title><desc id=\"desc\">d</desc><marker id=\"arrow\"/><polyline marker-end=\"url(#arrow)\"/></svg>";
        let out = super::prefix_ids(svg, "x-");
        assert!(
            out.contains("id=\"x-title\"")
                && out.contains("url(#x-arrow)")
                && out.contains("aria-labelledby=\"x-title x-desc\"")
        );
        assert!(!out.contains("\"arrow\""));
    }
}
