//! Sizes of nodes and their text, measured with the bundled font.

use super::geometry::{Rect, TextBlock};
use crate::bpmnjs_text;
use crate::font;
use crate::model::{Lang, Node, NodeKind, Process};

pub const BODY_SIZE: f64 = 11.0;
pub const SMALL_SIZE: f64 = 10.0;
/// The width a box starts from in the table form (it grows for a word that
/// does not fit); the BPMN form picks its own from [`BPMN_WIDTHS`].
pub const STEP_WIDTH: f64 = 176.0;
/// Widths a box of the BPMN form is tried at, narrowest first. There the
/// width runs along the flow and makes drawings long, so a box is as
/// narrow as keeps its name in [`BPMN_LINES`] lines, both in regflow's
/// font and in bpmn.io's 12 px Arial, and as tall as bpmn.io's lines need
/// (its own 100 × 80 boxes are the narrowest).
const BPMN_WIDTHS: [f64; 5] = [100.0, 120.0, 140.0, 156.0, STEP_WIDTH];
const BPMN_LINES: usize = 4;
/// A question-less gateway of the BPMN form, along the flow (BPMN's 50).
const BPMN_BARE_GATEWAY: f64 = 56.0;
/// The widest caption under an event of the BPMN form (bpmn.io's 90).
const BPMN_CAPTION: f64 = 100.0;
pub const PAD: f64 = 6.0;
pub const CIRCLE: f64 = 30.0;
pub const STRIP: f64 = 16.0;
/// Width at which choice outcome labels wrap when the flow goes right.
pub const LABEL_WRAP: f64 = 110.0;
/// Wider wraps a choice's outcome labels are tried at when the flow goes
/// right and, at [`LABEL_WRAP`], their stack across the flow is taller
/// than the diamond (see [`outcome_wrap`]).
const LABEL_WRAPS: [f64; 3] = [LABEL_WRAP, 165.0, 220.0];
/// The most lines an outcome label takes before it wraps wider.
const LABEL_LINES: usize = 2;

/// What a node needs before it is placed: its page-oriented size and the
/// wrapped lines of its text, positioned relative to its top-left corner.
#[derive(Debug, Clone)]
pub struct Sized {
    pub kind: NodeKind,
    /// Whole extent, caption included.
    pub w: f64,
    pub h: f64,
    /// The symbol relative to the node's top-left corner.
    pub body: Rect,
    pub text: Vec<TextBlock>,
    pub number: Option<String>,
    pub duration: Option<String>,
    pub strip: f64,
    /// The width a choice's outcome labels wrap at when the flow goes
    /// right ([`LABEL_WRAP`] for every other node).
    pub label_wrap: f64,
}

/// Where the flow goes right, a choice's outcome labels stack across the
/// flow between its ports, `slots` of them (outcomes + 1), each as tall as
/// the tallest label and a margin: at 110 px, three 60-character labels in
/// 3–4 lines made diamonds 176–224 px tall, the tallest node of nearly
/// every lane at 5,000 steps, setting the lane's height along its whole
/// length. Unless the stack fits the diamond (`natural`), the labels wrap
/// at the narrowest of [`LABEL_WRAPS`] that keeps each in
/// [`LABEL_LINES`] lines (or the widest): the wrap, and the stack's
/// height. A wider wrap costs length only in the channel after the
/// choice's rank, whose label zone holds it; labels of two lines keep
/// 110 px (wider, MIWG C.8.0 grew 4.1 → 4.7 times longer than high).
fn outcome_wrap(labels: &[String], slots: f64, natural: f64) -> (f64, f64) {
    let lines = |wrap: f64| {
        labels
            .iter()
            .map(|l| block(l, SMALL_SIZE, false, wrap, false).lines.len())
            .max()
            .unwrap_or(0)
    };
    let stack = |lines: usize| slots * (lines as f64 * font::line_height(SMALL_SIZE) + 8.0);
    let at_first = lines(LABEL_WRAP);
    if stack(at_first) <= natural || at_first <= LABEL_LINES {
        return (LABEL_WRAP, stack(at_first));
    }
    let wrap = LABEL_WRAPS
        .iter()
        .copied()
        .find(|&w| lines(w) <= LABEL_LINES)
        .unwrap_or(LABEL_WRAPS[LABEL_WRAPS.len() - 1]);
    (wrap, stack(lines(wrap)))
}

pub fn block(text: &str, size: f64, bold: bool, max: f64, centered: bool) -> TextBlock {
    let lines = if text.trim().is_empty() {
        Vec::new()
    } else {
        font::wrap(text, size, bold, max)
    };
    let w = lines
        .iter()
        .map(|l| font::width(l, size, bold))
        .fold(0.0, f64::max);
    let h = lines.len() as f64 * font::line_height(size);
    TextBlock {
        rect: Rect {
            x: 0.0,
            y: 0.0,
            w: w.ceil(),
            h,
        },
        lines,
        size,
        bold,
        centered,
    }
}

/// Sizes a node. `caption_below` puts start and end captions under the
/// circle (BPMN form); otherwise a start's caption goes above it and an
/// end's below, away from the flow's ports (table form).
pub fn size_node(
    p: &Process,
    node: &Node,
    lang: Lang,
    caption_below: bool,
    outcomes: usize,
) -> Sized {
    let def = p.default_lang();
    let label = node
        .label()
        .map(|t| t.get(lang, def).to_string())
        .unwrap_or_default();
    match node.kind() {
        NodeKind::Step | NodeKind::Ref => {
            let number = node.number().map(str::to_string);
            let duration = node.time_caption(p, lang, false);
            let strip = if number.is_some() || duration.is_some() {
                STRIP
            } else {
                0.0
            };
            let mut dur_w = duration
                .as_deref()
                .map_or(0.0, |d| font::width(d, SMALL_SIZE, false));
            let num_w = number
                .as_deref()
                .map_or(0.0, |n| font::width(n, SMALL_SIZE, true));
            let strip_w = dur_w + num_w + 4.0 * PAD;
            let mut w = if caption_below {
                bpmn_width(&label, strip_w)
            } else {
                STEP_WIDTH
            };
            // A long free-text duration wraps into the body instead of the strip.
            let mut extra = None;
            if strip_w > w {
                extra = duration.clone();
                dur_w = 0.0;
            }
            let _ = dur_w;
            let mut tb = block(&label, BODY_SIZE, false, w - 2.0 * PAD, true);
            w = w.max(tb.rect.w + 2.0 * PAD);
            tb.rect.x = (w - tb.rect.w) / 2.0;
            tb.rect.y = strip + PAD;
            let mut h = strip + PAD + tb.rect.h + PAD;
            let mut text = vec![tb];
            if let Some(d) = &extra {
                let mut db = block(d, SMALL_SIZE, false, w - 2.0 * PAD, true);
                db.rect.x = (w - db.rect.w) / 2.0;
                db.rect.y = h - PAD / 2.0;
                h += db.rect.h + PAD / 2.0;
                text.push(db);
            }
            let mut h = h.max(44.0);
            if caption_below {
                // bpmn.io draws the name in its own font over the whole
                // box; regflow's lines stay in the middle of what it adds.
                let need = bpmnjs_text::height(&label, w).ceil();
                if need > h {
                    for t in &mut text {
                        t.rect.y += (need - h) / 2.0;
                    }
                    h = need;
                }
            }
            Sized {
                kind: node.kind(),
                w,
                h,
                body: Rect {
                    x: 0.0,
                    y: 0.0,
                    w,
                    h,
                },
                text,
                number,
                duration: if extra.is_some() { None } else { duration },
                strip,
                label_wrap: LABEL_WRAP,
            }
        }
        NodeKind::Choice => {
            let labels: Vec<String> = match node {
                Node::Choice { outcomes, .. } => outcomes
                    .iter()
                    .map(|o| o.label.get(lang, def).to_string())
                    .collect(),
                _ => Vec::new(),
            };
            let slots = outcomes as f64 + 1.0;
            // A long question gets a wider diamond rather than a tall one:
            // the text sits in the inner half, so keep that box wide enough
            // for the diamond to stay about twice as wide as high.
            let sw = if caption_below {
                BPMN_WIDTHS[2]
            } else {
                STEP_WIDTH
            };
            let mut tw = sw / 2.0;
            let mut tb = block(&label, BODY_SIZE, false, tw, true);
            while 2.0 * tb.rect.h + 16.0 > 1.2 * tw && tw < 2.0 * sw {
                tw += sw / 4.0;
                tb = block(&label, BODY_SIZE, false, tw, true);
            }
            // A gateway without a question (imported BPMN) is a small
            // diamond, as BPMN draws it.
            let diamond_w = if label.trim().is_empty() {
                if caption_below {
                    BPMN_BARE_GATEWAY
                } else {
                    sw / 2.0
                }
            } else {
                (2.0 * tw).max(sw)
            };
            let mut label_wrap = LABEL_WRAP;
            let (w, h) = if caption_below {
                // Flow goes right: labels stack across the flow, between ports.
                let natural = (2.0 * tb.rect.h + 16.0).max(56.0);
                let stack;
                (label_wrap, stack) = outcome_wrap(&labels, slots, natural);
                (diamond_w, natural.max(stack).ceil())
            } else {
                // Flow goes down: labels sit between ports, side by side.
                let word = labels
                    .iter()
                    .flat_map(|l| {
                        l.split_whitespace()
                            .map(|w| font::width(w, SMALL_SIZE, false))
                            .collect::<Vec<_>>()
                    })
                    .fold(0.0, f64::max);
                (
                    diamond_w.max(slots * (word + 12.0)).ceil(),
                    (2.0 * tb.rect.h + 16.0).max(56.0),
                )
            };
            tb.rect.x = (w - tb.rect.w) / 2.0;
            tb.rect.y = (h - tb.rect.h) / 2.0;
            Sized {
                kind: NodeKind::Choice,
                w,
                h,
                body: Rect {
                    x: 0.0,
                    y: 0.0,
                    w,
                    h,
                },
                text: vec![tb],
                number: None,
                duration: None,
                strip: 0.0,
                label_wrap,
            }
        }
        NodeKind::Start | NodeKind::End | NodeKind::Event | NodeKind::Document => {
            let (bw, bh) = if node.kind() == NodeKind::Document {
                (36.0, 44.0)
            } else {
                (CIRCLE, CIRCLE)
            };
            // Captions go where no flow attaches: before a start and after
            // an end along the flow; beside an intermediate event; in the
            // BPMN form always under the symbol.
            let place = match (caption_below, node.kind()) {
                (true, _) => Caption::Below,
                (false, NodeKind::Start) => Caption::Above,
                (false, NodeKind::Event) => Caption::Right,
                _ => Caption::Below,
            };
            let max = match place {
                Caption::Right => 120.0,
                _ if caption_below => BPMN_CAPTION,
                _ => STEP_WIDTH,
            };
            // An event numbered in an action table shows its number and time.
            let caption = match (node.number(), node.time()) {
                (None, None) => label.clone(),
                (n, t) => {
                    let mut c = n.map(|n| format!("{n}. ")).unwrap_or_default();
                    c.push_str(&label);
                    if t.is_some() {
                        let t = node.time_caption(p, lang, false).unwrap_or_default();
                        c.push_str(&format!(" ({t})"));
                    }
                    c
                }
            };
            let tb = block(&caption, SMALL_SIZE, false, max, place != Caption::Right);
            symbol_with_caption(node.kind(), bw, bh, tb, place)
        }
    }
}

/// The narrowest of [`BPMN_WIDTHS`] that holds `label` in [`BPMN_LINES`]
/// lines in both fonts and the number and duration strip (`strip_w`) on
/// one line (a duration too long for any wraps into the body); the widest
/// when none does.
fn bpmn_width(label: &str, strip_w: f64) -> f64 {
    let fits = |w: f64| {
        (strip_w <= w || strip_w > STEP_WIDTH)
            && font::wrap(label, BODY_SIZE, false, w - 2.0 * PAD).len() <= BPMN_LINES
            && bpmnjs_text::lines(label, w).len() <= BPMN_LINES
    };
    BPMN_WIDTHS
        .iter()
        .copied()
        .find(|&w| fits(w))
        .unwrap_or(STEP_WIDTH)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caption {
    Above,
    Below,
    Right,
}

/// A symbol of `bw`×`bh` with its caption block beside it.
fn symbol_with_caption(
    kind: NodeKind,
    bw: f64,
    bh: f64,
    mut tb: TextBlock,
    place: Caption,
) -> Sized {
    let has = !tb.lines.is_empty();
    let gap = if has { 4.0 } else { 0.0 };
    let (w, h, body, tx, ty) = match place {
        Caption::Right => {
            let w = bw + gap + tb.rect.w;
            let h = bh.max(tb.rect.h);
            (
                w,
                h,
                Rect {
                    x: 0.0,
                    y: (h - bh) / 2.0,
                    w: bw,
                    h: bh,
                },
                bw + gap,
                (h - tb.rect.h) / 2.0,
            )
        }
        Caption::Above | Caption::Below => {
            let w = tb.rect.w.max(bw).ceil();
            let h = bh + gap + tb.rect.h;
            let (by, ty) = if place == Caption::Above {
                (tb.rect.h + gap, 0.0)
            } else {
                (0.0, bh + gap)
            };
            (
                w,
                h,
                Rect {
                    x: (w - bw) / 2.0,
                    y: by,
                    w: bw,
                    h: bh,
                },
                (w - tb.rect.w) / 2.0,
                ty,
            )
        }
    };
    tb.rect.x = tx;
    tb.rect.y = ty;
    let text = if has { vec![tb] } else { Vec::new() };
    Sized {
        kind,
        w: w.ceil(),
        h,
        body,
        text,
        number: None,
        duration: None,
        strip: 0.0,
        label_wrap: LABEL_WRAP,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    /// A choice in the BPMN form with three outcomes labelled `labels`,
    /// sized: its height and the wrap of its labels.
    fn choice(labels: [&str; 3]) -> (f64, f64) {
        let src = format!(
            r#"Process(service: "У", lanes: [Lane(id: "a", name: "Сотрудник")], nodes: [
                Start(lane: "a"),
                Choice(id: "c", lane: "a", question: "Документы полные?", outcomes: [
                    (label: "{}", to: "e"), (label: "{}", to: "e"), (label: "{}", to: "e"),
                ]),
                End(id: "e", lane: "a", result: "Результат"),
            ])"#,
            labels[0], labels[1], labels[2]
        );
        let p = load_str(std::path::Path::new("c.ron"), &src)
            .unwrap()
            .process;
        let s = size_node(&p, &p.nodes[1], Lang::Ru, true, 3);
        (s.h, s.label_wrap)
    }

    #[test]
    fn long_outcome_labels_wrap_wider_than_a_tall_stack() {
        let long = "Направить запрос в уполномоченный государственный орган";
        let (h, wrap) = choice([long; 3]);
        let lines = block(long, SMALL_SIZE, false, wrap, false).lines.len();
        assert!(lines <= LABEL_LINES, "{lines} lines at {wrap} px");
        // Four slots (three outcomes) of two lines each, not of three or four.
        let two = 4.0 * (2.0 * font::line_height(SMALL_SIZE) + 8.0);
        assert!(
            h <= two.ceil(),
            "a diamond {h} px tall, at most {two} expected"
        );
        assert!(
            block(long, SMALL_SIZE, false, LABEL_WRAP, false)
                .lines
                .len()
                > LABEL_LINES,
            "the label is long enough to stack"
        );
    }

    #[test]
    fn short_outcome_labels_keep_their_wrap() {
        assert_eq!(choice(["да", "нет", "иное"]).1, LABEL_WRAP);
        // Two lines at 110 px are not worth a longer drawing.
        assert_eq!(
            choice(["да", "нет", "Manual Validation Required"]).1,
            LABEL_WRAP
        );
    }
}
