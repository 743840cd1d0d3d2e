//! Every flow of a placed plane: sequence flows first (they are the
//! process, and the other flows route around them), each the best of its
//! candidate routes ([`super::route`]) or its grid route; then every flow
//! chosen again seeing all the others; then the associations to flows.

use super::grid::Cell;
use super::place::{Rect, CELL_H};
use super::read::{Edge, EdgeKind, End};
use super::route::{self, Box2, Dir, Obstacles, Port, Pt, Seg};
use super::sheet::{tidy, Sheet};
use std::collections::{HashMap, HashSet};

/// A plane's routes, in drawing order, and the flows it cannot draw.
#[derive(Debug, Clone, Default)]
pub struct Routed {
    pub edges: Vec<(usize, Vec<Pt>)>,
    pub skipped: Vec<usize>,
}

/// The routes of the flows `edges` among the shapes `items` of `sheet`.
pub fn flows(sheet: &Sheet, items: &[usize], edges: &[usize]) -> Routed {
    let m = sheet.m;
    let mut out = Routed::default();
    let mut ordered: Vec<(usize, &Edge)> = edges.iter().map(|&k| (k, &m.edges[k])).collect();
    ordered.sort_by_key(|(k, e)| (e.kind != EdgeKind::Sequence, *k));
    let chooser = Chooser::new(sheet, items, &ordered);
    // Where each flow enters the gap beside its source: an annotation's
    // association meets the flow there.
    let mut anchor: HashMap<usize, Pt> = HashMap::new();
    let mut on_flows = Vec::new();
    let mut offered: Vec<(usize, Vec<Vec<Pt>>)> = Vec::new();
    let mut routed: Vec<Seg> = Vec::new();
    // Flows an association meets that chose their route: where it meets
    // them is known once the routes are final.
    let mut reanchor: Vec<(usize, usize)> = Vec::new();
    for (k, e) in ordered {
        if matches!(e.from, End::Flow(_)) || matches!(e.to, End::Flow(_)) {
            on_flows.push(k);
            continue;
        }
        let (Some(a), Some(b)) = (sheet.end(e.from), sheet.end(e.to)) else {
            out.skipped.push(k);
            continue;
        };
        // Ends that fell together in a collapsed sub-process; a flow from a
        // node to itself is drawn as a loop.
        if a == b && e.from != e.to {
            out.skipped.push(k);
            continue;
        }
        let sequence = e.kind == EdgeKind::Sequence;
        let grid = sheet.grid_route(k, a, b);
        anchor.insert(k, grid.anchor);
        let pts = if grid.straight {
            grid.pts
        } else {
            match chooser.routes(k, a, b, grid.pts.clone()) {
                Some(routes) => {
                    if chooser.attached.contains(&k) {
                        reanchor.push((out.edges.len(), k));
                    }
                    let chosen = route::best(routes.clone(), sequence, &routed)
                        .map(|(r, _)| r)
                        .unwrap_or_default();
                    if chooser.refine {
                        offered.push((out.edges.len(), routes));
                    }
                    chosen
                }
                None => grid.pts,
            }
        };
        routed.extend(route::segs(&pts, sequence));
        out.edges.push((k, pts));
    }
    let sequence: Vec<bool> = out
        .edges
        .iter()
        .map(|(k, _)| m.edges[*k].kind == EdgeKind::Sequence)
        .collect();
    refine(&mut out.edges, &sequence, &offered);
    for (at, k) in reanchor {
        if let (End::Item(i), Some(&(x1, _))) = (m.edges[k].from, out.edges[at].1.get(1)) {
            let (x0, y0) = out.edges[at].1[0];
            let gx = sheet.gap_right(sheet.cell[&i].col) + offsets(k).0;
            anchor.insert(k, (x1.min(gx).max(x0), y0));
        }
    }
    for k in on_flows {
        match on_flow(sheet, &anchor, k) {
            Some(pts) => out.edges.push((k, pts)),
            None => out.skipped.push(k),
        }
    }
    out
}

/// Each flow chose seeing only the flows before it; choosing again,
/// seeing all the others, undoes crossings the first flows could not
/// foresee. Two rounds settle nearly every plane.
fn refine(edges: &mut [(usize, Vec<Pt>)], sequence: &[bool], offered: &[(usize, Vec<Vec<Pt>>)]) {
    for _ in 0..2 {
        for (at, routes) in offered {
            let others: Vec<Seg> = edges
                .iter()
                .enumerate()
                .filter(|(k, _)| k != at)
                .flat_map(|(k, (_, pts))| route::segs(pts, sequence[k]))
                .collect();
            if let Some((r, _)) = route::best(routes.clone(), sequence[*at], &others) {
                edges[*at].1 = r;
            }
        }
    }
}

/// What the choice among candidate routes needs of a plane.
struct Chooser<'s, 'a> {
    sheet: &'s Sheet<'a>,
    obstacles: Obstacles,
    obstacle_of: HashMap<usize, usize>,
    /// Flows an association meets keep the grid route, whose point in the
    /// gap beside the source the association runs to.
    attached: HashSet<usize>,
    choose: bool,
    refine: bool,
}

impl<'s, 'a> Chooser<'s, 'a> {
    fn new(sheet: &'s Sheet<'a>, items: &[usize], ordered: &[(usize, &Edge)]) -> Self {
        let attached: HashSet<usize> = ordered
            .iter()
            .flat_map(|(_, e)| [e.from, e.to])
            .filter_map(|x| match x {
                End::Flow(f) => Some(f),
                _ => None,
            })
            .collect();
        let obstacle_of: HashMap<usize, usize> =
            items.iter().enumerate().map(|(o, &i)| (i, o)).collect();
        // A gateway's diamond and an event's circle touch their box at
        // the middle of each side: a route along that side would graze
        // the point and read as a flow out of the shape (a boundary
        // event's flow dropping past the gateway below its host), so
        // those boxes are a pixel larger.
        let boxes = items
            .iter()
            .map(|i| {
                let r = sheet.rect[i];
                let kind = &sheet.m.items[*i].kind;
                let grow = if kind.ends_with("Gateway") || kind.ends_with("Event") {
                    1.0
                } else {
                    0.0
                };
                Box2 {
                    x0: r.x - grow,
                    y0: r.y - grow,
                    x1: r.right() + grow,
                    y1: r.bottom() + grow,
                }
            })
            .collect();
        Chooser {
            sheet,
            obstacles: Obstacles::new(boxes, super::place::PX),
            obstacle_of,
            attached,
            // Beyond this many flows, choosing among candidates costs more
            // time than a reader gains: every candidate is scored against
            // every flow routed before it (one task to 1,400 ends: 13 s at
            // 1,500, as against 0.8 s with the grid routes alone).
            choose: ordered.len() <= 400,
            // Choosing again with every other flow in view costs the square
            // of that: only on planes of a size people draw by hand.
            refine: ordered.len() <= 150,
        }
    }

    /// The routes flow `k` may take, its grid route last; none when it
    /// keeps the grid route.
    fn routes(&self, k: usize, a: End, b: End, grid_route: Vec<Pt>) -> Option<Vec<Vec<Pt>>> {
        let (End::Item(i), End::Item(j)) = (a, b) else {
            return None;
        };
        let s = self.sheet;
        // An association meets a flow in the gap right of its source: the
        // flow must leave there (a boundary event's flow keeps its grid
        // route, which starts in a row gap).
        let attached = self.attached.contains(&k);
        if !self.choose || (attached && s.side.contains_key(&i)) {
            return None;
        }
        let (off, offy) = offsets(k);
        let ends = Ends {
            from: (s.rect[&i], s.side.get(&i).copied(), s.cell[&i]),
            to: (s.rect[&j], s.side.get(&j).copied(), s.cell[&j]),
            off,
            offy,
        };
        let (xs, ys) = ends.lines(s);
        let (oi, oj) = (self.obstacle_of[&i], self.obstacle_of[&j]);
        let mut routes: Vec<Vec<Pt>> =
            route::candidates(&ends.ports(true), &ends.ports(false), &xs, &ys)
                .into_iter()
                .filter(|r| self.obstacles.route_clear(r, oi, oj, &[]))
                .filter(|r| !attached || leaves_right(r))
                .collect();
        routes.push(grid_route);
        Some(routes)
    }
}

/// A flow's offsets from the gap lines (across, down), so that flows in
/// one gap keep apart.
pub fn offsets(k: usize) -> (f64, f64) {
    (((k % 5) as f64 - 2.0) * 4.0, ((k % 3) as f64 - 1.0) * 3.0)
}

/// Whether a route leaves its source to the right.
fn leaves_right(r: &[Pt]) -> bool {
    r.len() >= 2 && r[1].1 == r[0].1 && r[1].0 > r[0].0
}

/// An association to flow `k`'s flow: out of the artifact's side, along
/// its own gap to the row gap above the flow's start (a boundary event's
/// flow starts in a row gap already), along it, and down the gap to the
/// flow; none when either end is not drawn here.
fn on_flow(sheet: &Sheet, anchor: &HashMap<usize, Pt>, k: usize) -> Option<Vec<Pt>> {
    let m = sheet.m;
    let e = &m.edges[k];
    let (art, flow, reversed) = match (e.from, e.to) {
        (End::Item(i), End::Flow(f)) => (i, f, false),
        (End::Flow(f), End::Item(i)) => (i, f, true),
        _ => return None,
    };
    let (Some(i), Some(&(ax, ay))) = (m.visible(art, sheet.plane), anchor.get(&flow)) else {
        return None;
    };
    let r = sheet.rect[&i];
    let gx = sheet.gap_right(sheet.cell[&i].col) + 6.0;
    let from_cell_middle = match m.edges[flow].from {
        End::Item(s) => m.items[s].host.is_none(),
        _ => false,
    };
    let ty = if from_cell_middle {
        ay - CELL_H / 2.0 - 24.0
    } else {
        ay
    };
    let mut pts = tidy(vec![
        (r.right(), r.cy()),
        (gx, r.cy()),
        (gx, ty),
        (ax, ty),
        (ax, ay),
    ]);
    if reversed {
        pts.reverse();
    }
    Some(pts)
}

/// A flow's two ends as the candidates need them: each shape's box, the
/// side of its host a boundary event sits on (true: the bottom), its cell;
/// and the flow's offsets from the gap lines (so that flows in one gap
/// keep apart).
struct Ends {
    from: (Rect, Option<bool>, Cell),
    to: (Rect, Option<bool>, Cell),
    off: f64,
    offy: f64,
}

impl Ends {
    /// Where a route may leave the source (`out`) or enter the target: a
    /// boundary event only on its outer side; other shapes on the right
    /// (out) or left (in), the top and the bottom.
    fn ports(&self, out: bool) -> Vec<Port> {
        let (r, side, _) = if out { self.from } else { self.to };
        let top = Port {
            at: (r.cx(), r.y),
            dir: if out { Dir::Up } else { Dir::Down },
        };
        let bottom = Port {
            at: (r.cx(), r.bottom()),
            dir: if out { Dir::Down } else { Dir::Up },
        };
        match side {
            Some(true) => vec![bottom],
            Some(false) => vec![top],
            None if out => vec![
                Port {
                    at: (r.right(), r.cy()),
                    dir: Dir::Right,
                },
                bottom,
                top,
            ],
            None => vec![
                Port {
                    at: (r.x, r.cy()),
                    dir: Dir::Right,
                },
                top,
                bottom,
            ],
        }
    }

    /// The gap lines a route may run along: the column gaps on either side
    /// of both ends (vertical runs) and the row gaps above and below them
    /// (horizontal runs), where no shape is.
    fn lines(&self, sheet: &Sheet) -> (Vec<f64>, Vec<f64>) {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for (_, _, c) in [self.from, self.to] {
            xs.push(sheet.gap_right(c.col) + self.off);
            xs.push(sheet.gap_left(c.col) + self.off);
            ys.push(sheet.cell_top(&c) - 24.0 + self.offy);
            ys.push(sheet.cell_top(&c) + CELL_H + 24.0 + self.offy);
        }
        // The row gaps above the band's first row and below its last: a
        // loop back or a long branch may pass every shape in between.
        for (_, _, c) in [self.from, self.to] {
            let last = sheet.rows.get(c.band).map_or(0, |n| n.saturating_sub(1));
            for row in [0, last] {
                let edge = Cell { row, ..c };
                ys.push(sheet.cell_top(&edge) - 24.0 + self.offy);
                ys.push(sheet.cell_top(&edge) + CELL_H + 24.0 + self.offy);
            }
        }
        once(&mut xs);
        once(&mut ys);
        (xs, ys)
    }
}

/// Each line once, in the order first met: two ends in one column or row
/// give the same lines, not side by side (`dedup` missed them), and a
/// repeated line only repeats candidate routes. The order is kept, so the
/// route chosen among equals stays the one chosen before.
fn once(v: &mut Vec<f64>) {
    let mut kept: Vec<f64> = Vec::with_capacity(v.len());
    for &x in v.iter() {
        if !kept.iter().any(|&k| (k - x).abs() < 0.01) {
            kept.push(x);
        }
    }
    *v = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relayout::read::Model;

    /// Two ends in one row, in neighbouring columns, share the row gaps
    /// above and below and the column gap between them: each is a
    /// candidate line once.
    #[test]
    fn shared_gap_lines_are_offered_once() {
        let m = Model::default();
        let cell = |col| Cell {
            band: 0,
            col,
            row: 0,
        };
        let (cells, taken, rects, side) = Default::default();
        let sheet = Sheet {
            m: &m,
            plane: 0,
            x0: 0.0,
            band_y: &[0.0],
            rows: &[1],
            cell: &cells,
            taken: &taken,
            rect: &rects,
            side: &side,
            pools: &[],
        };
        let r = Rect {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 80.0,
        };
        let ends = Ends {
            from: (r, None, cell(0)),
            to: (r, None, cell(1)),
            off: 0.0,
            offy: 0.0,
        };
        let (xs, ys) = ends.lines(&sheet);
        assert_eq!(
            xs,
            [sheet.gap_right(0), sheet.gap_left(0), sheet.gap_right(1)]
        );
        assert_eq!(ys, [-24.0 + 30.0, 30.0 + 80.0 + 24.0]);
    }
}
