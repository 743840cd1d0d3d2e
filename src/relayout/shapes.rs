//! Every shape's box: centred in its cell, at the size BPMN tools give
//! its kind; a boundary event on its host's border.

use super::frame::Frame;
use super::grid::{Cell, Grid};
use super::place::{size, Rect, CELL_H, CELL_W, GAP, PX, PY};
use super::read::Model;
use std::collections::HashMap;

/// The boxes of a plane's shapes.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    pub rect: HashMap<usize, Rect>,
    /// The border of its host a boundary event sits on (true: the bottom).
    pub side: HashMap<usize, bool>,
}

/// The boxes of `items` on their grid in their frame.
pub fn shapes(m: &Model, items: &[usize], grid: &Grid, frame: &Frame) -> Shapes {
    let mut out = Shapes::default();
    for &i in items.iter().filter(|&&i| m.items[i].host.is_none()) {
        let (cx, cy) = centre(frame, &grid.cell[&i]);
        let (w, h) = size(&m.items[i].kind);
        out.rect.insert(
            i,
            Rect {
                x: cx - w / 2.0,
                y: cy - h / 2.0,
                w,
                h,
            },
        );
    }
    // Boundary events: bottom border, left then right; then the top.
    let mut count: HashMap<usize, usize> = HashMap::new();
    for h in items.iter().filter_map(|&i| m.items[i].host) {
        *count.entry(h).or_insert(0) += 1;
    }
    let mut on_host: HashMap<usize, usize> = HashMap::new();
    for &i in items {
        let Some(h) = m.items[i].host else { continue };
        let k = on_host.entry(h).or_insert(0);
        let hr = out.rect[&h];
        let (cx, bottom) = event_place(&hr, *k, count[&h]);
        *k += 1;
        let cy = if bottom { hr.bottom() } else { hr.y };
        out.rect.insert(
            i,
            Rect {
                x: cx - 18.0,
                y: cy - 18.0,
                w: 36.0,
                h: 36.0,
            },
        );
        out.side.insert(i, bottom);
    }
    out
}

/// Where the `k`-th of a host's `n` boundary events sits: its centre's x
/// and whether on the bottom border. One at three quarters of the bottom
/// (a flow from the left can then come up into the host's bottom middle
/// without meeting the event's flow, which leaves down and on to the
/// right); two at a quarter and three quarters; three side by side along the bottom (44 apart, as
/// bpmn-auto-layout draws them: every flow leaves downwards); with four or
/// more, the third and fourth on the top.
fn event_place(hr: &Rect, k: usize, n: usize) -> (f64, bool) {
    if n == 3 {
        return (hr.cx() + (k as f64 - 1.0) * 44.0, true);
    }
    if n == 1 {
        return (hr.x + hr.w * 0.75, true);
    }
    let (fx, bottom) = match k {
        0 => (0.25, true),
        1 => (0.75, true),
        2 => (0.25, false),
        3 => (0.75, false),
        _ => (0.5, true),
    };
    (hr.x + hr.w * fx, bottom)
}

/// The centre of a cell.
fn centre(frame: &Frame, c: &Cell) -> (f64, f64) {
    (
        frame.x0 + c.col as f64 * PX + CELL_W / 2.0,
        frame.band_y[c.band] + c.row as f64 * PY + GAP / 2.0 + CELL_H / 2.0,
    )
}
