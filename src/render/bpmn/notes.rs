//! The step number and duration as a text annotation beside the task.
//!
//! regflow draws them in the box's header strip; bpmn.io and Camunda
//! Modeler draw only a task's name, and a tool that drops foreign
//! attributes would lose `regflow:time`. A text annotation associated
//! with the task is what a BPMN reader sees and edits: «№ 3 · не более
//! 15 минут». `regflow import` reads it back (see
//! `import::regflow_ext`), so changing the text there changes the model.

use crate::layout::Rect;
use crate::model::{Lang, Node, Process};

/// What separates the number from the duration in a note.
pub const SEP: &str = " · ";
/// The marker before the number.
pub const NUMBER: &str = "№ ";

/// The note of node `i`: «№ 3 · не более 15 минут», «№ 3», «в течение 2
/// рабочих дней»; `None` for a node with neither number nor duration.
pub fn term_text(p: &Process, n: &Node, lang: Lang) -> Option<String> {
    let number = n.number().map(|s| format!("{NUMBER}{s}"));
    let time = n
        .time_caption(p, lang, true)
        .filter(|s| !s.trim().is_empty());
    match (number, time) {
        (None, None) => None,
        (Some(a), None) => Some(a),
        (None, Some(b)) => Some(b),
        (Some(a), Some(b)) => Some(format!("{a}{SEP}{b}")),
    }
}

/// The number and the duration a note says, as written: the inverse of
/// [`term_text`] (`None` for a part the note leaves out).
pub fn split(text: &str) -> (Option<String>, Option<String>) {
    let text = text.trim();
    match text.strip_prefix(NUMBER.trim_end()) {
        Some(rest) => {
            let rest = rest.trim_start();
            let (num, time) = match rest.find(SEP.trim()) {
                Some(k) => (&rest[..k], Some(&rest[k + SEP.trim().len()..])),
                None => match rest.find(char::is_whitespace) {
                    Some(k) => (&rest[..k], Some(&rest[k..])),
                    None => (rest, None),
                },
            };
            let time = time.map(str::trim).filter(|t| !t.is_empty());
            (
                Some(num.trim().to_string()).filter(|s| !s.is_empty()),
                time.map(str::to_string),
            )
        }
        None => (None, Some(text.to_string()).filter(|s| !s.is_empty())),
    }
}

/// The two places tried for the note of a box `body`: a one-line band
/// just above the box (where regflow draws the number and the duration,
/// on its header strip), then just below. bpmn-js draws a note in 12 px
/// Arial, about 7 px a Cyrillic letter, wrapping at the note's width.
pub fn spots(body: Rect, text: &str) -> [Rect; 2] {
    let h = 20.0;
    let w = (7.0 * text.chars().count() as f64 + 12.0).clamp(40.0, body.w.max(40.0));
    let gap = 2.0;
    let above = Rect {
        x: body.x,
        y: body.y - gap - h,
        w,
        h,
    };
    let below = Rect {
        y: body.bottom() + gap,
        ..above
    };
    [above, below]
}

/// Where the note of a box `body` goes: the first of its [`spots`] inside
/// the drawing's `frame` and clear of `taken` (every shape, caption,
/// label, lane header, join and note placed before near it), else above
/// anyway.
pub fn place(frame: Rect, body: Rect, text: &str, taken: &[Rect]) -> Rect {
    let spots = spots(body, text);
    spots
        .into_iter()
        .find(|c| frame.contains_rect(c) && !taken.iter().any(|t| t.overlaps(c)))
        .unwrap_or(spots[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_splits_into_its_number_and_its_duration() {
        let s = |t: &str| {
            let (a, b) = split(t);
            (a.unwrap_or_default(), b.unwrap_or_default())
        };
        assert_eq!(
            s("№ 3 · не более 15 минут"),
            ("3".into(), "не более 15 минут".into())
        );
        assert_eq!(s("№ 10-1"), ("10-1".into(), String::new()));
        assert_eq!(
            s("  в течение 2 рабочих дней "),
            (String::new(), "в течение 2 рабочих дней".into())
        );
        // Edited by hand without the dot.
        assert_eq!(s("№ 4 2 часа"), ("4".into(), "2 часа".into()));
    }
}
