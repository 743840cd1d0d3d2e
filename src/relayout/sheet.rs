//! A placed plane as its flows see it: the grid's gap lines, every
//! shape's box, the pools.

use super::grid::{Cell, Taken};
use super::place::{Rect, CELL_W, GAP, PX, PY};
use super::read::{End, Model};
use super::route::Pt;
use std::collections::HashMap;

/// One plane with its shapes placed.
pub struct Sheet<'a> {
    pub m: &'a Model,
    pub plane: usize,
    pub x0: f64,
    pub band_y: &'a [f64],
    /// Rows of each band.
    pub rows: &'a [usize],
    pub cell: &'a HashMap<usize, Cell>,
    pub taken: &'a Taken,
    pub rect: &'a HashMap<usize, Rect>,
    /// The border of its host a boundary event sits on (true: the bottom).
    pub side: &'a HashMap<usize, bool>,
    pub pools: &'a [(usize, Rect)],
}

/// A flow's route on the grid, through gaps only.
pub struct GridRoute {
    pub pts: Vec<Pt>,
    /// Where the route enters the gap beside its source: an annotation's
    /// association meets the flow there.
    pub anchor: Pt,
    /// Straight on from the source's right to the target's left, along a
    /// row free up to the target: no other route is better.
    pub straight: bool,
}

impl Sheet<'_> {
    /// The middle of the gap right of column `c`.
    pub fn gap_right(&self, c: usize) -> f64 {
        self.x0 + c as f64 * PX + CELL_W + GAP / 2.0
    }

    /// The middle of the gap left of column `c`.
    pub fn gap_left(&self, c: usize) -> f64 {
        self.x0 + c as f64 * PX - GAP / 2.0
    }

    /// The top of a cell (below the row gap above it).
    pub fn cell_top(&self, c: &Cell) -> f64 {
        self.band_y[c.band] + c.row as f64 * PY + GAP / 2.0
    }

    pub fn pool_rect(&self, p: usize) -> Option<Rect> {
        self.pools.iter().find(|(q, _)| *q == p).map(|(_, r)| *r)
    }

    /// What stands for a flow's end on this plane: the item or the
    /// collapsed sub-process holding it, or a pool of the plane.
    pub fn end(&self, x: End) -> Option<End> {
        match x {
            End::Item(i) => self.m.visible(i, self.plane).map(End::Item),
            End::Pool(p) => (self.m.pools[p].plane == self.plane).then_some(End::Pool(p)),
            End::Flow(_) => None,
        }
    }

    /// The route of flow `k` from `a` to `b` on the grid: out of the
    /// source into the gap beside it (a boundary event: into the row gap
    /// below or above its host; a pool: from its border), along the row
    /// gap above the target and down the gap before it, into its side.
    pub fn grid_route(&self, k: usize, a: End, b: End) -> GridRoute {
        let (off, offy) = super::flows::offsets(k);
        if let Some(straight) = self.straight(a, b) {
            return straight;
        }
        let (mut pts, gx_done) = self.out_of(a, b, off, offy);
        let anchor = *pts.last().unwrap_or(&(0.0, 0.0));
        self.into(&mut pts, a, b, gx_done, off, offy);
        GridRoute {
            pts: tidy(pts),
            anchor,
            straight: false,
        }
    }

    /// Straight on, when source and target share a row that is free
    /// between them.
    fn straight(&self, a: End, b: End) -> Option<GridRoute> {
        let (End::Item(i), End::Item(j)) = (a, b) else {
            return None;
        };
        if self.side.contains_key(&i) || self.side.contains_key(&j) {
            return None;
        }
        let (c, cj) = (self.cell[&i], self.cell[&j]);
        let free = cj.band == c.band
            && cj.row == c.row
            && cj.col > c.col
            && (c.col + 1..cj.col).all(|x| !self.taken.contains(&(c.band, x, c.row)));
        if !free {
            return None;
        }
        let (r, rj) = (self.rect[&i], self.rect[&j]);
        Some(GridRoute {
            pts: vec![(r.right(), r.cy()), (rj.x, rj.cy())],
            anchor: (self.gap_right(c.col), r.cy()),
            straight: true,
        })
    }

    /// Out of the source, into a column gap (or a pool's border); with the
    /// column whose right gap the route is then in.
    fn out_of(&self, a: End, b: End, off: f64, offy: f64) -> (Vec<Pt>, Option<usize>) {
        let mut pts: Vec<Pt> = Vec::new();
        let b_col = match b {
            End::Item(j) => Some(self.cell[&j].col),
            End::Pool(_) | End::Flow(_) => None,
        };
        let mut gx_done: Option<usize> = None;
        match a {
            End::Item(i) => {
                let r = self.rect[&i];
                let c = self.cell[&i];
                if let Some(&bottom) = self.side.get(&i) {
                    let host = self.rect[&self.m.items[i].host.unwrap_or(i)];
                    let (sy, ty) = if bottom {
                        (r.bottom(), host.bottom() + 24.0 + offy)
                    } else {
                        (r.y, host.y - 24.0 + offy)
                    };
                    pts.push((r.cx(), sy));
                    pts.push((r.cx(), ty));
                    pts.push((self.gap_right(c.col) + off, ty));
                } else {
                    pts.push((r.right(), r.cy()));
                    pts.push((self.gap_right(c.col) + off, r.cy()));
                }
                gx_done = Some(c.col);
            }
            End::Pool(p) | End::Flow(p) => {
                let pr = self.pool_rect(p).unwrap_or(NOWHERE);
                let x = match b_col {
                    Some(c) => self.gap_left(c) + off,
                    None => self.x0 - 20.0 + off,
                };
                let target_y = match b {
                    End::Item(j) => self.rect[&j].cy(),
                    End::Pool(q) | End::Flow(q) => self.pool_rect(q).map_or(0.0, |r| r.cy()),
                };
                let y = if target_y < pr.y { pr.y } else { pr.bottom() };
                pts.push((x, y));
                if let Some(c) = b_col {
                    gx_done = c.checked_sub(1);
                    if c == 0 {
                        gx_done = None;
                    }
                }
            }
        }
        (pts, gx_done)
    }

    /// From the gap the route is in (`gx_done`: right of that column) to
    /// the target: a boundary event from the row gap beside its host; a
    /// shape along the row gap above it, down the gap before it and into
    /// its left side; a pool to its border.
    fn into(&self, pts: &mut Vec<Pt>, a: End, b: End, gx_done: Option<usize>, off: f64, offy: f64) {
        let (mut x, y) = *pts.last().unwrap_or(&(0.0, 0.0));
        match b {
            End::Item(j) => {
                let r = self.rect[&j];
                let c = self.cell[&j];
                if let Some(&bottom) = self.side.get(&j) {
                    let host = self.rect[&self.m.items[j].host.unwrap_or(j)];
                    let ty = if bottom {
                        host.bottom() + 24.0 + offy
                    } else {
                        host.y - 24.0 + offy
                    };
                    pts.push((x, ty));
                    pts.push((r.cx(), ty));
                    pts.push((r.cx(), if bottom { r.bottom() } else { r.y }));
                } else {
                    let in_left_gap =
                        gx_done.is_some_and(|g| g + 1 == c.col) || matches!(a, End::Pool(_));
                    if !in_left_gap {
                        let ty = self.cell_top(&c) - 24.0 + offy;
                        let gx = self.gap_left(c.col) + off;
                        pts.push((x, ty));
                        pts.push((gx, ty));
                        x = gx;
                    }
                    pts.push((x, r.cy()));
                    pts.push((r.x, r.cy()));
                }
            }
            End::Pool(q) | End::Flow(q) => {
                let pr = self.pool_rect(q).unwrap_or(NOWHERE);
                if matches!(a, End::Pool(_)) {
                    x = pts[0].0;
                }
                let ty = if y < pr.y { pr.y } else { pr.bottom() };
                pts.push((x, ty));
            }
        }
    }
}

const NOWHERE: Rect = Rect {
    x: 0.0,
    y: 0.0,
    w: 0.0,
    h: 0.0,
};

/// Without repeated points and points in the middle of a straight run.
pub fn tidy(pts: Vec<Pt>) -> Vec<Pt> {
    let mut out: Vec<Pt> = Vec::new();
    for p in pts {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let straight = (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
