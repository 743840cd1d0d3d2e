//! The diagram interchange written out: shapes, edges and their label
//! bounds, the pool's frame, and where a label or a note's link goes.

use super::POOL_HEADER;
use crate::layout::{Diagram, Point, Rect};
use crate::model::Orientation;
use crate::render::xml::num;
use std::fmt::Write;

/// The association from a box to its note: from the middle of the box's
/// side nearest the note to the middle of the note's near side.
pub(super) fn link(out: &mut String, id: &str, body: Rect, note: Rect) {
    let (a, b) = if note.bottom() <= body.y {
        (
            Point {
                x: note.cx().min(body.right()),
                y: body.y,
            },
            Point {
                x: note.cx().min(body.right()),
                y: note.bottom(),
            },
        )
    } else {
        (
            Point {
                x: note.cx().min(body.right()),
                y: body.bottom(),
            },
            Point {
                x: note.cx().min(body.right()),
                y: note.y,
            },
        )
    };
    let _ = writeln!(
        out,
        "      <bpmndi:BPMNEdge id=\"DI_{id}\" bpmnElement=\"{id}\">\n        <di:waypoint x=\"{}\" y=\"{}\" />\n        <di:waypoint x=\"{}\" y=\"{}\" />\n      </bpmndi:BPMNEdge>",
        num(a.x),
        num(a.y),
        num(b.x),
        num(b.y)
    );
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

pub(super) fn bounds(r: Rect) -> String {
    format!(
        "<dc:Bounds x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" />",
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h)
    )
}

pub(super) fn shape(out: &mut String, element: &str, extra: &str, r: Rect, label: Option<Rect>) {
    let _ = writeln!(
        out,
        "      <bpmndi:BPMNShape id=\"DI_{element}\" bpmnElement=\"{element}\"{extra}>\n        {}",
        bounds(r)
    );
    if let Some(l) = label {
        let _ = writeln!(
            out,
            "        <bpmndi:BPMNLabel>\n          {}\n        </bpmndi:BPMNLabel>",
            bounds(l)
        );
    }
    out.push_str("      </bpmndi:BPMNShape>\n");
}

pub(super) fn edge(out: &mut String, element: &str, points: &[Point], label: Option<Rect>) {
    let _ = writeln!(
        out,
        "      <bpmndi:BPMNEdge id=\"DI_{element}\" bpmnElement=\"{element}\">"
    );
    for q in points {
        let _ = writeln!(
            out,
            "        <di:waypoint x=\"{}\" y=\"{}\" />",
            num(q.x),
            num(q.y)
        );
    }
    if let Some(l) = label {
        let _ = writeln!(
            out,
            "        <bpmndi:BPMNLabel>\n          {}\n        </bpmndi:BPMNLabel>",
            bounds(l)
        );
    }
    out.push_str("      </bpmndi:BPMNEdge>\n");
}
