//! Converging gateways where the drawing joins flows before a node.
//!
//! In regflow's drawing several flows into one box meet on its side and
//! enter as one. BPMN reads a task or an event with several incoming flows
//! as a "fake join" (bpmnlint `fake-join`: a token arrives once per flow),
//! and a choice with several incoming flows as a gateway that joins and
//! forks (`no-gateway-join-fork`). So the export puts an exclusive
//! converging gateway, drawn small where the flows meet just before the
//! box, and one flow from it into the node. `regflow import` reads a
//! gateway with one way out as no node at all, so the model comes back
//! with the flows straight into the node, as it was.

use crate::layout::{Point, Rect};

/// The sizes a join's diamond is tried at, largest first, each with the
/// gap between its tip and the box it leads into: small enough to fit
/// between the box and the place where the drawn flows meet. The last
/// ones, smaller and closer, are for a narrow gap between columns that
/// other flows cross too.
pub const SIZES: [(f64, f64); 5] = [
    (24.0, 6.0),
    (20.0, 6.0),
    (16.0, 6.0),
    (14.0, 3.0),
    (12.0, 2.0),
];
/// The usual gap between the diamond's tip and the box.
#[cfg(test)]
const GAP: f64 = 6.0;

/// A join gateway before node `target`.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    pub target: usize,
    /// The diamond's bounds.
    pub body: Rect,
    /// The drawn flow from the diamond into the node.
    pub out: Vec<Point>,
    /// For each incoming flow (its index among the model's edges), the
    /// path that now ends at the diamond.
    pub ins: Vec<(usize, Vec<Point>)>,
}

/// The side a path enters a box by, as the direction of its last segment.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dir {
    Down,
    Up,
    Right,
    Left,
}

impl Dir {
    fn of(a: Point, b: Point) -> Dir {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        if dy.abs() >= dx.abs() {
            if dy >= 0.0 {
                Dir::Down
            } else {
                Dir::Up
            }
        } else if dx >= 0.0 {
            Dir::Right
        } else {
            Dir::Left
        }
    }

    /// Into a frame where the path moves down (+y) into the box.
    fn local(self, p: Point) -> Point {
        match self {
            Dir::Down => p,
            Dir::Up => Point { x: p.x, y: -p.y },
            Dir::Right => Point { x: p.y, y: p.x },
            Dir::Left => Point { x: p.y, y: -p.x },
        }
    }

    /// Back from the local frame.
    fn global(self, p: Point) -> Point {
        match self {
            Dir::Down => p,
            Dir::Up => Point { x: p.x, y: -p.y },
            Dir::Right => Point { x: p.y, y: p.x },
            Dir::Left => Point { x: -p.y, y: p.x },
        }
    }
}

/// The room kept between the diamond and any other flow, so none runs
/// through it or along its tips.
const CLEAR: f64 = 2.0;

/// What a join must keep clear of: the shapes and texts of the drawing
/// (`rects`) and the segments of every flow that does not lead into the
/// node (`flows`), since a flow drawn through the diamond would read as
/// entering it.
#[derive(Debug, Clone, Copy)]
pub struct Obstacles<'a> {
    pub rects: &'a [Rect],
    pub flows: &'a [(Point, Point)],
}

/// The join before a node whose drawn incoming flows are `paths` (edge
/// index and points, each ending on the node's border), inside `lane` and
/// clear of `avoid`. `None` for fewer than two flows, a path too short to
/// tell its direction, or no room for a diamond.
pub fn join(
    target: usize,
    paths: &[(usize, &[Point])],
    lane: Rect,
    avoid: Obstacles,
) -> Option<Join> {
    // Only the flows near the incoming paths can meet a diamond among them.
    let near = reach(paths)?;
    let flows: Vec<(Point, Point)> = avoid
        .flows
        .iter()
        .copied()
        .filter(|&(a, b)| near.hit_by_segment(a, b))
        .collect();
    SIZES
        .iter()
        .find_map(|&(size, gap)| join_sized(target, paths, (size, gap), lane, avoid.rects, &flows))
}

/// The area that every diamond tried for the flows `paths` and every new
/// piece of flow into it lies in: their points' bounds, widened by the
/// largest diamond and its gap. A shape or flow outside it cannot be in
/// the way, so callers need pass only what is near it.
pub fn reach(paths: &[(usize, &[Point])]) -> Option<Rect> {
    let near = union_of(paths.iter().flat_map(|(_, p)| p.iter().copied()))?;
    let reach = SIZES[0].0 + SIZES[0].1 + CLEAR;
    Some(Rect {
        x: near.x - reach,
        y: near.y - reach,
        w: near.w + 2.0 * reach,
        h: near.h + 2.0 * reach,
    })
}

/// The bounding box of some points.
fn union_of(mut pts: impl Iterator<Item = Point>) -> Option<Rect> {
    let first = pts.next()?;
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x, first.y);
    for p in pts {
        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
    }
    Some(Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    })
}

fn join_sized(
    target: usize,
    paths: &[(usize, &[Point])],
    (size, gap): (f64, f64),
    lane: Rect,
    obstacles: &[Rect],
    flows: &[(Point, Point)],
) -> Option<Join> {
    if paths.len() < 2 || paths.iter().any(|(_, p)| p.len() < 2) {
        return None;
    }
    let first = paths[0].1;
    let dir = Dir::of(first[first.len() - 2], first[first.len() - 1]);
    let entry = dir.local(first[first.len() - 1]);
    // The diamond in the local frame: centred on the entry line, its far
    // tip `gap` short of the box; else level with where a flow runs across
    // (a choice just beside the box), so that flow runs straight into the
    // diamond's side tip.
    let half = size / 2.0;
    let levels = paths
        .iter()
        .flat_map(|(_, p)| p.iter().map(|&q| dir.local(q).y));
    let candidates = std::iter::once(entry.y - gap - half).chain(levels);
    let routed = |c: Point| -> Option<Vec<(usize, Vec<Point>)>> {
        if c.y + half > entry.y - gap.min(2.0) {
            return None;
        }
        let r = body_at(dir, c, half);
        if !lane.contains_rect(&r) || obstacles.iter().any(|o| o.overlaps(&r)) {
            return None;
        }
        let clear = Rect {
            x: r.x - CLEAR,
            y: r.y - CLEAR,
            w: r.w + 2.0 * CLEAR,
            h: r.h + 2.0 * CLEAR,
        };
        if flows.iter().any(|&(a, b)| clear.hit_by_segment(a, b)) {
            return None;
        }
        paths
            .iter()
            .map(|&(k, pts)| {
                let (new, kept) = reroute(dir, pts, c, half)?;
                // Only the last segment may touch the diamond.
                let clear = new[..new.len() - 1]
                    .windows(2)
                    .all(|w| !r.hit_by_segment(w[0], w[1]));
                // The new piece into the diamond crosses no shape.
                let free = new[kept..]
                    .windows(2)
                    .all(|w| !obstacles.iter().any(|o| o.hit_by_segment(w[0], w[1])));
                (clear && free).then_some((k, new))
            })
            .collect()
    };
    let (centre, ins) = candidates
        .map(|y| Point { x: entry.x, y })
        .find_map(|c| routed(c).map(|ins| (c, ins)))?;
    let out = vec![
        dir.global(Point {
            x: entry.x,
            y: centre.y + half,
        }),
        dir.global(entry),
    ];
    let body = body_at(dir, centre, half);
    Some(Join {
        target,
        body,
        out,
        ins,
    })
}

/// The room a flow needs to turn before the diamond.
const MARGIN: f64 = 2.0;

/// The diamond's bounds around a local centre.
fn body_at(dir: Dir, centre: Point, half: f64) -> Rect {
    let a = dir.global(Point {
        x: centre.x - half,
        y: centre.y - half,
    });
    let b = dir.global(Point {
        x: centre.x + half,
        y: centre.y + half,
    });
    Rect {
        x: a.x.min(b.x),
        y: a.y.min(b.y),
        w: 2.0 * half,
        h: 2.0 * half,
    }
}

/// A path into the box, ending at the diamond instead: kept up to its last
/// point before the diamond's band (or level with the diamond and beside
/// it), then into the diamond's near tip when that point is on the
/// diamond's line, else along to the diamond's middle and across to its
/// side tip; with the index of the last point kept. `None` when no point
/// of the path allows that.
fn reroute(dir: Dir, pts: &[Point], centre: Point, half: f64) -> Option<(Vec<Point>, usize)> {
    let local: Vec<Point> = pts.iter().map(|&p| dir.local(p)).collect();
    let top = centre.y - half;
    let before = |p: &Point| p.y <= top - MARGIN;
    let level = |p: &Point| (p.y - centre.y).abs() < 0.5 && (p.x - centre.x).abs() > half;
    let j = local.iter().rposition(|p| before(p) || level(p))?;
    let mut out: Vec<Point> = local[..=j].to_vec();
    let last = local[j];
    let side = if last.x < centre.x {
        centre.x - half
    } else {
        centre.x + half
    };
    if (last.x - centre.x).abs() < 0.5 {
        out.push(Point {
            x: centre.x,
            y: top,
        });
    } else {
        if (last.y - centre.y).abs() > 0.01 {
            out.push(Point {
                x: last.x,
                y: centre.y,
            });
        }
        out.push(Point {
            x: side,
            y: centre.y,
        });
    }
    Some((out.into_iter().map(|p| dir.global(p)).collect(), j))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANY: Rect = Rect {
        x: -1e6,
        y: -1e6,
        w: 2e6,
        h: 2e6,
    };

    const NONE: Obstacles = Obstacles {
        rects: &[],
        flows: &[],
    };

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn flows_meeting_above_a_box_end_at_a_diamond_just_above_it() {
        // Two flows come across and turn down into the box at (322, 914).
        let a = [p(558.0, 797.0), p(322.0, 797.0), p(322.0, 914.0)];
        let b = [
            p(592.0, 600.0),
            p(592.0, 904.0),
            p(322.0, 904.0),
            p(322.0, 914.0),
        ];
        let j = join(7, &[(1, &a), (2, &b)], ANY, NONE).unwrap();
        assert_eq!(j.body.cx(), 322.0);
        assert_eq!(j.body.bottom(), 914.0 - GAP);
        assert_eq!(j.out, vec![p(322.0, 914.0 - GAP), p(322.0, 914.0)]);
        // The first joins the trunk above the diamond: down to its top tip.
        assert_eq!(j.ins[0].1.last(), Some(&p(322.0, j.body.y)));
        // The second met the trunk beside the diamond: now into its side.
        let b2 = &j.ins[1].1;
        assert_eq!(b2.last(), Some(&p(j.body.right(), j.body.cy())));
        // Every path stays orthogonal.
        for (_, path) in &j.ins {
            for w in path.windows(2) {
                assert!(w[0].x == w[1].x || w[0].y == w[1].y, "{path:?}");
            }
        }
    }

    #[test]
    fn a_join_entering_from_the_left_is_turned_with_it() {
        let a = [p(10.0, 50.0), p(100.0, 50.0)];
        let b = [p(60.0, 0.0), p(60.0, 50.0), p(100.0, 50.0)];
        let j = join(0, &[(0, &a), (1, &b)], ANY, NONE).unwrap();
        assert_eq!(j.body.right(), 100.0 - GAP);
        assert_eq!(j.body.cy(), 50.0);
        assert_eq!(j.ins[0].1.last(), Some(&p(j.body.x, 50.0)));
        assert!(join(0, &[(0, &a)], ANY, NONE).is_none());
    }

    #[test]
    fn a_flow_from_beside_the_box_runs_straight_into_the_diamond() {
        // One flow comes down the trunk, one runs across from a choice just
        // 16 px above the box: the diamond sits on that flow's level.
        let a = [p(838.0, 815.0), p(118.0, 815.0), p(118.0, 881.0)];
        let b = [p(1122.0, 865.0), p(118.0, 865.0), p(118.0, 881.0)];
        let j = join(3, &[(0, &a), (1, &b)], ANY, NONE).unwrap();
        assert_eq!(j.body.cy(), 865.0);
        assert_eq!(j.ins[1].1, vec![p(1122.0, 865.0), p(130.0, 865.0)]);
        assert_eq!(j.ins[0].1.last(), Some(&p(118.0, 853.0)));
        assert_eq!(j.out, vec![p(118.0, 877.0), p(118.0, 881.0)]);
    }

    #[test]
    fn no_other_flow_runs_through_the_diamond() {
        // The two flows of the first test; a third flow, into another box,
        // runs across just above the box where the diamond would go.
        let a = [p(558.0, 797.0), p(322.0, 797.0), p(322.0, 914.0)];
        let b = [
            p(592.0, 600.0),
            p(592.0, 904.0),
            p(322.0, 904.0),
            p(322.0, 914.0),
        ];
        let across = [(p(100.0, 896.0), p(700.0, 896.0))];
        let avoid = Obstacles {
            rects: &[],
            flows: &across,
        };
        let j = join(7, &[(1, &a), (2, &b)], ANY, avoid).unwrap();
        let (x, y) = (across[0].0, across[0].1);
        assert!(!j.body.hit_by_segment(x, y), "{:?}", j.body);
        // Still a join into the box, on its entry line.
        assert_eq!(j.out.last(), Some(&p(322.0, 914.0)));
        // With no room left at all, no join rather than one crossed.
        let wall: Vec<(Point, Point)> = (0..40)
            .map(|k| {
                (
                    p(0.0, 600.0 + 8.0 * k as f64),
                    p(1000.0, 600.0 + 8.0 * k as f64),
                )
            })
            .collect();
        let avoid = Obstacles {
            rects: &[],
            flows: &wall,
        };
        assert!(join(7, &[(1, &a), (2, &b)], ANY, avoid).is_none());
    }
}
