//! The title block above the lanes: service, variant, source act.

use super::geometry::{Diagram, Rect, TextBlock};
use crate::font;
use crate::i18n;
use crate::model::{Lang, LegendWording, Process};

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

/// The appendix's heading as the regulations print it: the line naming
/// the regulation it belongs to, «Справочник бизнес-процессов …» (or the
/// e-service figure's caption), the variant, and the act with its wording.
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
    let service = p.service.get(lang, def);
    let electronic = p.legend == LegendWording::Bpmn;
    // «Приложение N к регламенту …» where the regulation prints it: a
    // number, or "" for an unnumbered «Приложение к регламенту».
    if let Some(a) = p
        .source
        .as_ref()
        .and_then(|s| s.reference_appendix.as_deref())
    {
        let appendix = Some(a).filter(|a| !a.trim().is_empty());
        v.push(mk(
            i18n::appendix_line(appendix, service, electronic, lang),
            10.0,
            false,
        ));
    }
    let heading = match (&p.caption, electronic) {
        (Some(c), _) => c.get(lang, def).to_string(),
        (None, true) => format!("{} «{service}»", i18n::diagram_heading(lang)),
        (None, false) => i18n::reference_heading(service, lang),
    };
    v.push(mk(heading, 14.0, true));
    if let Some(var) = &p.variant {
        v.push(mk(var.get(lang, def).to_string(), 12.0, false));
    }
    if let Some(line) = act_text(p, lang) {
        v.push(mk(line, 10.0, false));
    }
    v
}

/// «Постановление акимата … от 1 марта 2018 года № 81, приложение 1 (в
/// редакции …)»: the act the regulation belongs to, for titles and metadata.
pub fn act_text(p: &Process, lang: Lang) -> Option<String> {
    let def = p.default_lang();
    let src = p.source.as_ref()?;
    let mut s = i18n::act_line(
        src.act.get(lang, def),
        src.date.as_deref(),
        src.number.as_deref(),
        lang,
    );
    if let Some(a) = &src.appendix {
        s.push_str(&if lang == Lang::Kk {
            format!(", {a} қосымша")
        } else {
            format!(", приложение {a}")
        });
    }
    if let Some(am) = &src.amended {
        s.push_str(&format!(" ({})", am.get(lang, def)));
    }
    Some(s)
}
