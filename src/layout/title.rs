//! The title block above the lanes: service, variant, source act.

use super::geometry::{Diagram, Rect, TextBlock};
use crate::font;
use crate::model::{Lang, Process};

/// The title lines wrapped to the page's final width, stacked from the
/// top margin; also where the stack ends.
pub fn wrap_title(title: Vec<TextBlock>, width: f64, margin: f64) -> (Vec<TextBlock>, f64) {
    let mut y = margin;
    let title = title
        .into_iter()
        .map(|mut t| {
            let lines = font::wrap(&t.lines.join(" "), t.size, t.bold, width - 2.0 * margin);
            t.rect = Rect {
                x: margin,
                y,
                w: width - 2.0 * margin,
                h: lines.len() as f64 * font::line_height(t.size),
            };
            t.lines = lines;
            y += t.rect.h + 2.0;
            t
        })
        .collect();
    (title, y)
}

/// Moves everything but the title block down by `dy` (when the title,
/// wrapped to the final width, is taller than first measured).
pub fn shift_body(d: &mut Diagram, dy: f64) {
    let mv = |r: &mut Rect| r.y += dy;
    mv(&mut d.frame);
    for l in &mut d.lanes {
        mv(&mut l.band);
        mv(&mut l.header);
        mv(&mut l.title.rect);
    }
    for s in &mut d.shapes {
        mv(&mut s.bounds);
        mv(&mut s.body);
        for t in &mut s.text {
            mv(&mut t.rect);
        }
    }
    for e in &mut d.edges {
        for p in &mut e.points {
            p.y += dy;
        }
        if let Some(l) = &mut e.label {
            mv(&mut l.rect);
        }
    }
}

/// The service, the variant and the source act, one block each.
pub fn title_blocks(p: &Process, lang: Lang) -> Vec<TextBlock> {
    let def = p.default_lang();
    let mut v = Vec::new();
    let mk = |s: String, size: f64, bold: bool| TextBlock {
        rect: Rect::default(),
        lines: vec![s],
        size,
        bold,
        centered: false,
    };
    v.push(mk(p.service.get(lang, def).to_string(), 14.0, true));
    if let Some(var) = &p.variant {
        v.push(mk(var.get(lang, def).to_string(), 12.0, false));
    }
    if let Some(src) = &p.source {
        let mut s = src.act.get(lang, def).to_string();
        let from = if lang == Lang::Kk { "" } else { "от " };
        if let Some(d) = &src.date {
            s.push_str(&format!(" {from}{d}"));
        }
        if let Some(n) = &src.number {
            s.push_str(&format!(" № {n}"));
        }
        if let Some(a) = &src.appendix {
            s.push_str(&if lang == Lang::Kk {
                format!(", {a}-қосымша")
            } else {
                format!(", приложение {a}")
            });
        }
        v.push(mk(s, 10.0, false));
    }
    v
}
