//! The bundled font (PT Sans, OFL-1.1; see assets/fonts/OFL.txt) and text
//! measuring by shaping, the same way usvg shapes when it draws, so that
//! a label measured here is exactly as wide when rendered.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

pub static REGULAR: &[u8] = include_bytes!("../assets/fonts/PTSans-Regular.ttf");
pub static BOLD: &[u8] = include_bytes!("../assets/fonts/PTSans-Bold.ttf");
pub const FAMILY: &str = "PT Sans";

/// hhea ascent and descent of PT Sans, in em.
pub const ASCENT: f64 = 1.018;
pub const DESCENT: f64 = 0.276;

fn faces() -> &'static (rustybuzz::Face<'static>, rustybuzz::Face<'static>) {
    static FACES: OnceLock<(rustybuzz::Face<'static>, rustybuzz::Face<'static>)> = OnceLock::new();
    FACES.get_or_init(|| {
        // The fonts are compiled in; failing to parse them is a build defect.
        let r = rustybuzz::Face::from_slice(REGULAR, 0).expect("bundled regular font parses");
        let b = rustybuzz::Face::from_slice(BOLD, 0).expect("bundled bold font parses");
        (r, b)
    })
}

/// Whether the bundled font has a glyph for `c` (control characters such
/// as newline are never drawn and count as covered).
pub fn covers(c: char) -> bool {
    c.is_control() || c == '\u{AD}' || faces().0.glyph_index(c).is_some()
}

type PlanKey = (bool, rustybuzz::Direction, rustybuzz::Script);

thread_local! {
    /// Shape plans by face and text properties: compiling a plan costs more
    /// than shaping a label, and layout measures thousands of them.
    static PLANS: RefCell<HashMap<PlanKey, rustybuzz::ShapePlan>> = RefCell::new(HashMap::new());
}

/// Advance width of `text` at `size` px, shaped with kerning (the same
/// shaping as `rustybuzz::shape`, which usvg uses, with a reused plan).
/// Lines are measured whole: on the models' texts, the sum of the words'
/// and spaces' widths differs from the line's by up to 8.7 px.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    let face = if bold { &faces().1 } else { &faces().0 };
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    buf.guess_segment_properties();
    let (direction, script) = (buf.direction(), buf.script());
    let units: i64 = PLANS.with(|plans| {
        let mut plans = plans.borrow_mut();
        let plan = plans
            .entry((bold, direction, script))
            .or_insert_with(|| rustybuzz::ShapePlan::new(face, direction, Some(script), None, &[]));
        let out = rustybuzz::shape_with_plan(face, plan, buf);
        out.glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum()
    });
    units as f64 * size / f64::from(face.units_per_em())
}

/// Line height used for wrapped text, in px.
pub fn line_height(size: f64) -> f64 {
    (size * 1.2).round()
}

/// Breaks `text` into lines no wider than `max` px: at spaces, and after
/// `-` and `/`; author-written soft hyphens (U+00AD) allow a break with a
/// visible hyphen. A word wider than `max` stays whole on its own line
/// (the caller widens the box); words are never cut.
pub fn wrap(text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let words = split_words(para);
        let mut line = String::new();
        for w in words {
            let candidate = if line.is_empty()
                || line.ends_with('-')
                || line.ends_with('/')
                || line.ends_with('\u{AD}')
            {
                format!("{line}{w}")
            } else {
                format!("{line} {w}")
            };
            if line.is_empty() || width(&visible(&candidate), size, bold) <= max {
                line = candidate;
            } else {
                lines.push(finish(&line));
                line = w.to_string();
            }
        }
        lines.push(finish(&line));
    }
    lines
}

/// Words with their break opportunities: a space separates; a trailing
/// `-`, `/` or soft hyphen stays with the word before it.
fn split_words(para: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in para.split(' ').filter(|s| !s.is_empty()) {
        let mut start = 0;
        for (i, c) in chunk.char_indices() {
            let end = i + c.len_utf8();
            if matches!(c, '-' | '/' | '\u{AD}') && end < chunk.len() && i > start {
                out.push(&chunk[start..end]);
                start = end;
            }
        }
        out.push(&chunk[start..]);
    }
    out
}

/// A finished line: a soft hyphen at its end shows as a hyphen, others vanish.
fn finish(line: &str) -> String {
    match line.strip_suffix('\u{AD}') {
        Some(l) => format!("{}-", visible(l)),
        None => visible(line),
    }
}

fn visible(s: &str) -> String {
    s.replace('\u{AD}', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_kazakh_and_russian_letters() {
        for c in "ӘәҒғҚқҢңӨөҰұҮүҺһІіЁёЖжЩщЪъ«»—–№".chars() {
            assert!(covers(c), "{c}");
        }
        assert!(!covers('中'));
    }

    #[test]
    fn kerning_makes_shaped_width_differ_from_plain_sum() {
        // STACK-NOTES: usvg's bbox for this label at 14 px is 186.91.
        let w = width("Өтінішті қабылдау және тіркеу", 14.0, false);
        assert!((w - 186.91).abs() < 0.05, "{w}");
    }

    #[test]
    fn wrap_keeps_lines_within_the_width_and_words_whole() {
        let text =
            "Көрсетілетін қызметті алушыдан құжаттарды қабылдау және оларды тіркеу, қолхат беру";
        let lines = wrap(text, 12.0, false, 160.0);
        assert!(lines.len() >= 3);
        for l in &lines {
            assert!(width(l, 12.0, false) <= 160.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn soft_hyphen_breaks_with_a_visible_hyphen() {
        let lines = wrap("пред\u{AD}ставителя", 12.0, false, 30.0);
        assert_eq!(lines, vec!["пред-", "ставителя"]);
    }
}
