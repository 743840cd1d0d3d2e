//! A page for a website: the diagram, its legend and (for electronic
//! services) the action table in one standalone HTML file that needs no
//! network, no script and no installed font.

use super::xml::esc;
use crate::model::{Lang, Process};
use std::fmt::Write;

/// Prefixes every id of an SVG document and the references to them, so
/// two SVGs inline in one page do not share ids.
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
    // Each document embeds its own subset of the font; inline in one page,
    // their @font-face rules would share a family name and hide glyphs.
    let family = crate::font::FAMILY;
    out.replace(
        "aria-labelledby=\"title desc\"",
        &format!("aria-labelledby=\"{prefix}title {prefix}desc\""),
    )
    .replace(
        &format!("font-family:\"{family}\""),
        &format!("font-family:\"{prefix}{family}\""),
    )
    .replace(
        &format!("font-family=\"{family},"),
        &format!("font-family=\"{prefix}{family}, {family},"),
    )
}

/// The page. `svg` and `legend` are complete SVG documents (with the font
/// embedded, so the page shows the same text on any machine).
pub fn page(p: &Process, lang: Lang, svg: &str, legend: &str) -> String {
    let def = p.default_lang();
    let title = super::title(p, lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"regflow\">\n<title>{}</title>",
        lang.code(),
        esc(&title)
    );
    let _ = write!(
        out,
        "<style>\nbody{{font-family:\"PT Sans\",Arial,sans-serif;color:#1a1a1a;margin:2em;max-width:100%}}\nh1{{font-size:1.3em}}\nfigure{{margin:1em 0;overflow-x:auto}}\nfigure svg{{max-width:none;height:auto}}\n@media print{{figure svg{{max-width:100%}}}}\n{}</style>\n</head>\n<body>\n",
        super::table::STYLE
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(p.service.get(lang, def)));
    if let Some(v) = &p.variant {
        let _ = writeln!(out, "<p>{}</p>", esc(v.get(lang, def)));
    }
    let _ = writeln!(out, "<figure>\n{}</figure>", prefix_ids(svg, "d-"));
    let _ = writeln!(out, "<figure>\n{}</figure>", prefix_ids(legend, "l-"));
    if !super::table::rows(p, lang).is_empty()
        && p.nodes
            .iter()
            .any(|n| matches!(n, crate::model::Node::Step { form: Some(_), .. }))
    {
        out.push_str(&super::table::html_table(p, lang));
    }
    out.push_str("</body>\n</html>\n");
    out
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
        let fonts = "<svg font-family=\"PT Sans, sans-serif\"><style>@font-face{font-family:\"PT Sans\";src:url(x)}</style></svg>";
        let out = super::prefix_ids(fonts, "x-");
        assert!(
            out.contains("font-family:\"x-PT Sans\"")
                && out.contains("font-family=\"x-PT Sans, PT Sans, sans-serif\"")
        );
    }
}
