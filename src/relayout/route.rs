//! One flow's route between two shapes of a plane, chosen among candidates.
//!
//! The grid (see [`super::place`]) guarantees one route that never meets a
//! shape: out into the gap beside the source, along the row gap above the
//! target, down the gap before it (up to four bends). Most flows need
//! less: straight on, one bend (out of a gateway's bottom and right into
//! the target, as modellers draw a split), two (a loop back over the top).
//! So every flow is offered the routes of zero to three bends between its
//! ports (the source's right, top and bottom; the target's left, top and
//! bottom) through the gap lines near its ends, and the one with the
//! lowest score is taken: [`Score`] orders crossings with the flows routed
//! before it, then bends, then crossings a sequence flow makes with
//! message flows and associations, then runs along another flow, then
//! length (bpmn-auto-layout 2.0 ranks crossings before bends too). A route
//! that passes through a shape is never a candidate.

use std::collections::HashMap;

pub type Pt = (f64, f64);

/// The way a route leaves its source, or enters its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Right,
    Left,
    Down,
    Up,
}

/// A point on a shape's border and the way a route runs there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Port {
    pub at: Pt,
    pub dir: Dir,
}

/// A candidate's cost, compared in this order (lower is better).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Score {
    pub crossings: usize,
    pub bends: usize,
    /// Crossings of a sequence flow with message flows and associations:
    /// a modeller draws the process straight and lets the dashed and
    /// dotted lines cross it, so these weigh less than a bend (a message
    /// flow, choosing after, keeps clear of the sequence flows it can).
    pub minor: usize,
    pub along: usize,
    pub length: f64,
}

/// A segment of a flow routed before, and whether that flow is a
/// sequence flow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    pub a: Pt,
    pub b: Pt,
    pub sequence: bool,
}

/// The segments of a route.
pub fn segs(pts: &[Pt], sequence: bool) -> impl Iterator<Item = Seg> + '_ {
    pts.windows(2).map(move |w| Seg {
        a: w[0],
        b: w[1],
        sequence,
    })
}

/// A shape's box, for the test that a route keeps out of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Box2 {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// The shapes of a plane in buckets of a fixed size, so that a segment is
/// tested only against the shapes near it.
pub struct Obstacles {
    boxes: Vec<Box2>,
    cell: f64,
    buckets: HashMap<(i64, i64), Vec<usize>>,
}

impl Obstacles {
    pub fn new(boxes: Vec<Box2>, cell: f64) -> Obstacles {
        let mut buckets: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (k, b) in boxes.iter().enumerate() {
            for key in keys(b, cell) {
                buckets.entry(key).or_default().push(k);
            }
        }
        Obstacles {
            boxes,
            cell,
            buckets,
        }
    }

    /// Whether segment `a`–`b` keeps out of every shape's interior but
    /// those in `skip` (its own ends).
    pub fn clear(&self, a: Pt, b: Pt, skip: &[usize]) -> bool {
        let seg = Box2 {
            x0: a.0.min(b.0),
            y0: a.1.min(b.1),
            x1: a.0.max(b.0),
            y1: a.1.max(b.1),
        };
        for key in keys(&seg, self.cell) {
            for &k in self.buckets.get(&key).map_or(&[][..], |v| &v[..]) {
                if skip.contains(&k) {
                    continue;
                }
                let r = &self.boxes[k];
                if seg.x1 > r.x0 + 0.5
                    && seg.x0 < r.x1 - 0.5
                    && seg.y1 > r.y0 + 0.5
                    && seg.y0 < r.y1 - 0.5
                {
                    return false;
                }
            }
        }
        true
    }

    /// Whether every segment of `pts` is clear: the first may touch the
    /// source `from`, the last the target `to`; `always` (the shapes a
    /// flow may meet anywhere, e.g. a boundary event's host) are skipped
    /// throughout.
    pub fn route_clear(&self, pts: &[Pt], from: usize, to: usize, always: &[usize]) -> bool {
        let last = pts.len().saturating_sub(2);
        pts.windows(2).enumerate().all(|(i, w)| {
            let mut skip: Vec<usize> = always.to_vec();
            if i == 0 {
                skip.push(from);
            }
            if i == last {
                skip.push(to);
            }
            self.clear(w[0], w[1], &skip)
        })
    }
}

fn keys(b: &Box2, cell: f64) -> impl Iterator<Item = (i64, i64)> {
    let (i0, i1) = ((b.x0 / cell).floor() as i64, (b.x1 / cell).floor() as i64);
    let (j0, j1) = ((b.y0 / cell).floor() as i64, (b.y1 / cell).floor() as i64);
    (i0..=i1).flat_map(move |i| (j0..=j1).map(move |j| (i, j)))
}

fn dir_of(a: Pt, b: Pt) -> Option<Dir> {
    if a.1 == b.1 && a.0 != b.0 {
        Some(if b.0 > a.0 { Dir::Right } else { Dir::Left })
    } else if a.0 == b.0 && a.1 != b.1 {
        Some(if b.1 > a.1 { Dir::Down } else { Dir::Up })
    } else {
        None
    }
}

fn horizontal(d: Dir) -> bool {
    matches!(d, Dir::Right | Dir::Left)
}

/// Whether `pts` is an orthogonal route that leaves `from` its way and
/// enters `to` its way, turning at every inner point.
fn proper(pts: &[Pt], from: Dir, to: Dir) -> bool {
    let dirs: Option<Vec<Dir>> = pts.windows(2).map(|w| dir_of(w[0], w[1])).collect();
    let Some(dirs) = dirs else { return false };
    dirs.first() == Some(&from)
        && dirs.last() == Some(&to)
        && dirs
            .windows(2)
            .all(|w| horizontal(w[0]) != horizontal(w[1]))
}

/// Every route of zero to three bends from a port of `from` to a port of
/// `to` whose free segments run on the lines `xs` (vertical) and `ys`
/// (horizontal).
pub fn candidates(from: &[Port], to: &[Port], xs: &[f64], ys: &[f64]) -> Vec<Vec<Pt>> {
    let mut out = Vec::new();
    for s in from {
        for e in to {
            let (a, b) = (s.at, e.at);
            let mut shapes: Vec<Vec<Pt>> =
                vec![vec![a, b], vec![a, (b.0, a.1), b], vec![a, (a.0, b.1), b]];
            for &x in xs {
                shapes.push(vec![a, (x, a.1), (x, b.1), b]);
            }
            for &y in ys {
                shapes.push(vec![a, (a.0, y), (b.0, y), b]);
            }
            for &x in xs {
                for &y in ys {
                    shapes.push(vec![a, (x, a.1), (x, y), (b.0, y), b]);
                    shapes.push(vec![a, (a.0, y), (x, y), (x, b.1), b]);
                }
            }
            out.extend(shapes.into_iter().filter(|p| proper(p, s.dir, e.dir)));
        }
    }
    out
}

/// Where two orthogonal segments of different flows meet: 1 when they
/// cross inside both, 0 otherwise; `along` when they run on one line
/// sharing more than a pixel.
fn meet(a: Pt, b: Pt, c: Pt, d: Pt) -> (usize, usize) {
    let (ha, hc) = (a.1 == b.1, c.1 == d.1);
    let inside = |v: f64, p: f64, q: f64| v > p.min(q) + 0.01 && v < p.max(q) - 0.01;
    if ha != hc {
        let (h0, h1, v0, v1) = if ha { (a, b, c, d) } else { (c, d, a, b) };
        let cross = inside(v0.0, h0.0, h1.0) && inside(h0.1, v0.1, v1.1);
        return (usize::from(cross), 0);
    }
    let same_line = if ha {
        (a.1 - c.1).abs() < 1.0
    } else {
        (a.0 - c.0).abs() < 1.0
    };
    if !same_line {
        return (0, 0);
    }
    let (p0, p1, q0, q1) = if ha {
        (a.0.min(b.0), a.0.max(b.0), c.0.min(d.0), c.0.max(d.0))
    } else {
        (a.1.min(b.1), a.1.max(b.1), c.1.min(d.1), c.1.max(d.1))
    };
    (0, usize::from(p0.max(q0) < p1.min(q1) - 1.0))
}

/// The score of `pts` (of a sequence flow: `sequence`) among the
/// segments already routed.
pub fn score(pts: &[Pt], sequence: bool, routed: &[Seg]) -> Score {
    let mut crossings = 0;
    let mut minor = 0;
    let mut along = 0;
    let mut length = 0.0;
    for w in pts.windows(2) {
        length += (w[1].0 - w[0].0).abs() + (w[1].1 - w[0].1).abs();
        for s in routed {
            let (x, o) = meet(w[0], w[1], s.a, s.b);
            if sequence && !s.sequence {
                minor += x;
            } else {
                crossings += x;
            }
            along += o;
        }
    }
    Score {
        crossings,
        bends: pts.len().saturating_sub(2),
        minor,
        along,
        length,
    }
}

/// The best of `routes` (the first of equal scores), with its score.
pub fn best(routes: Vec<Vec<Pt>>, sequence: bool, routed: &[Seg]) -> Option<(Vec<Pt>, Score)> {
    let mut top: Option<(Vec<Pt>, Score)> = None;
    for r in routes {
        let s = score(&r, sequence, routed);
        if top.as_ref().is_none_or(|(_, t)| s < *t) {
            top = Some((r, s));
        }
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(x: f64, y: f64, dir: Dir) -> Port {
        Port { at: (x, y), dir }
    }

    #[test]
    fn a_target_below_and_ahead_is_reached_with_one_bend() {
        let from = [port(50.0, 25.0, Dir::Right), port(25.0, 50.0, Dir::Down)];
        let to = [port(200.0, 200.0, Dir::Right)];
        let routes = candidates(&from, &to, &[120.0], &[150.0]);
        let (r, s) = best(routes, true, &[]).unwrap();
        assert_eq!(s.bends, 1);
        assert_eq!(r, vec![(25.0, 50.0), (25.0, 200.0), (200.0, 200.0)]);
    }

    #[test]
    fn of_two_routes_with_as_many_bends_the_one_that_crosses_nothing_wins() {
        let from = [port(0.0, 0.0, Dir::Right)];
        let to = [port(100.0, 100.0, Dir::Right)];
        // A flow already runs across y = 50 from x = 40 to x = 60: the
        // route down x = 50 crosses it, the one down x = 80 does not.
        let routed: Vec<Seg> = segs(&[(40.0, 50.0), (60.0, 50.0)], true).collect();
        let routes = candidates(&from, &to, &[50.0, 80.0], &[]);
        let (r, s) = best(routes, true, &routed).unwrap();
        assert_eq!(s.crossings, 0);
        assert_eq!(r[1], (80.0, 0.0));
    }

    #[test]
    fn routes_that_enter_the_wrong_way_or_turn_back_are_not_offered() {
        // The target's left side faces away from a source to its right.
        let from = [port(300.0, 0.0, Dir::Right)];
        let to = [port(100.0, 0.0, Dir::Right)];
        assert!(candidates(&from, &to, &[], &[]).is_empty());
    }

    #[test]
    fn a_segment_through_a_shape_is_not_clear() {
        let obs = Obstacles::new(
            vec![Box2 {
                x0: 100.0,
                y0: 0.0,
                x1: 200.0,
                y1: 80.0,
            }],
            160.0,
        );
        assert!(!obs.clear((0.0, 40.0), (300.0, 40.0), &[]));
        assert!(obs.clear((0.0, 40.0), (300.0, 40.0), &[0]));
        assert!(obs.clear((0.0, 100.0), (300.0, 100.0), &[]));
        // Along its border is not through it.
        assert!(obs.clear((0.0, 80.0), (300.0, 80.0), &[]));
    }
}
