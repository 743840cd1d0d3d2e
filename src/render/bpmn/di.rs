//! The diagram interchange written out: shapes, edges and their label
//! bounds, the pool's frame, and where a label or a note's link goes.

use super::POOL_HEADER;
use crate::layout::{Diagram, Point, Rect};
use crate::model::Orientation;
use crate::render::xml::{dc_bounds, num, Tag, Xml};

/// The association from a box to its note: from the middle of the box's
/// side nearest the note to the middle of the note's near side.
pub(super) fn link(out: &mut Xml, id: &str, body: Rect, note: Rect) {
    let x = note.cx().min(body.right());
    let (a, b) = if note.bottom() <= body.y {
        (
            Point { x, y: body.y },
            Point {
                x,
                y: note.bottom(),
            },
        )
    } else {
        (
            Point {
                x,
                y: body.bottom(),
            },
            Point { x, y: note.y },
        )
    };
    edge(out, id, &[a, b], None);
}

/// A place for a short label beside `body` that overlaps no shape, no
/// caption, no flow label and stays in the lanes' frame: left, right,
/// above, below, then the corners, in that order (bpmn-js draws it in 11 px Arial, about
/// 6.5 px a letter, so the box is sized for that).
pub(super) fn free_label(d: &Diagram, body: Rect, text: &str) -> Rect {
    let w = 7.0 * text.chars().count() as f64 + 8.0;
    let h = 14.0;
    let gap = 4.0;
    let (left, right) = (body.x - gap - w, body.right() + gap);
    let (above, below) = (body.y - gap - h, body.bottom() + gap);
    let (mid_x, mid_y) = (body.cx() - w / 2.0, body.cy() - h / 2.0);
    let candidates = [
        (left, mid_y),
        (right, mid_y),
        (mid_x, above),
        (mid_x, below),
        (left, above),
        (right, above),
        (left, below),
        (right, below),
    ]
    .map(|(x, y)| Rect { x, y, w, h });
    let taken: Vec<Rect> = d
        .shapes
        .iter()
        .flat_map(|s| std::iter::once(s.body).chain(s.text.iter().map(|t| t.rect)))
        .chain(
            d.edges
                .iter()
                .filter_map(|e| e.label.as_ref().map(|t| t.rect)),
        )
        .chain(d.lanes.iter().map(|l| l.header))
        .collect();
    candidates
        .iter()
        .copied()
        .find(|c| d.frame.contains_rect(c) && !taken.iter().any(|t| t.overlaps(c)))
        .unwrap_or(candidates[3])
}

/// The pool: the lanes' frame and a header strip before it, across the flow.
pub fn pool_bounds(d: &Diagram) -> Rect {
    let f = d.frame;
    match d.orientation {
        Orientation::Bpmn => Rect {
            x: f.x - POOL_HEADER,
            w: f.w + POOL_HEADER,
            ..f
        },
        Orientation::Table => Rect {
            y: f.y - POOL_HEADER,
            h: f.h + POOL_HEADER,
            ..f
        },
    }
}

pub(super) fn union(rects: impl Iterator<Item = Rect>) -> Option<Rect> {
    rects.reduce(|a, b| {
        let (x, y) = (a.x.min(b.x), a.y.min(b.y));
        Rect {
            x,
            y,
            w: a.right().max(b.right()) - x,
            h: a.bottom().max(b.bottom()) - y,
        }
    })
}

/// A label's box made wider about its centre. Tools draw labels in their
/// own font (bpmn-js: 11 px Arial, wider than our PT Sans) and wrap them
/// at the box's width; without room a short «да» breaks letter by letter.
pub(super) fn widen(r: Rect, factor: f64, max: f64) -> Rect {
    let w = (r.w * factor + 6.0).min(max).max(r.w);
    Rect {
        x: r.cx() - w / 2.0,
        w,
        ..r
    }
}

fn bounds(out: &mut Xml, r: Rect) {
    out.empty(dc_bounds(r.x, r.y, r.w, r.h));
}

fn label(out: &mut Xml, l: Option<Rect>) {
    if let Some(l) = l {
        out.open(Tag::new("bpmndi:BPMNLabel"));
        bounds(out, l);
        out.close("bpmndi:BPMNLabel");
    }
}

/// The shape of `element`; `extra` its attributes besides the ids.
pub(super) fn shape(
    out: &mut Xml,
    element: &str,
    extra: &[(&str, &str)],
    r: Rect,
    label_at: Option<Rect>,
) {
    let tag = Tag::new("bpmndi:BPMNShape")
        .attr("id", &format!("DI_{element}"))
        .attr("bpmnElement", element);
    out.open(extra.iter().fold(tag, |t, (k, v)| t.attr(k, v)));
    bounds(out, r);
    label(out, label_at);
    out.close("bpmndi:BPMNShape");
}

pub(super) fn edge(out: &mut Xml, element: &str, points: &[Point], label_at: Option<Rect>) {
    out.open(
        Tag::new("bpmndi:BPMNEdge")
            .attr("id", &format!("DI_{element}"))
            .attr("bpmnElement", element),
    );
    for q in points {
        out.empty(
            Tag::new("di:waypoint")
                .attr("x", &num(q.x))
                .attr("y", &num(q.y)),
        );
    }
    label(out, label_at);
    out.close("bpmndi:BPMNEdge");
}
