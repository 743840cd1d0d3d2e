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

/// The sizes a join's diamond is tried at, largest first: small enough to
/// fit between the box and the place where the drawn flows meet.
pub const SIZES: [f64; 3] = [24.0, 20.0, 16.0];
/// The gap between the diamond's tip and the box it leads into.
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

/// The join before a node whose drawn incoming flows are `paths` (edge
/// index and points, each ending on the node's border), inside `lane` and
/// clear of `obstacles`. `None` for fewer than two flows, a path too short
/// to tell its direction, or no room for a diamond.
pub fn join(
    target: usize,
    paths: &[(usize, &[Point])],
    lane: Rect,
    obstacles: &[Rect],
) -> Option<Join> {
    SIZES
        .iter()
        .find_map(|&size| join_sized(target, paths, size, lane, obstacles))
}

fn join_sized(
    target: usize,
    paths: &[(usize, &[Point])],
    size: f64,
    lane: Rect,
    obstacles: &[Rect],
) -> Option<Join> {
    if paths.len() < 2 || paths.iter().any(|(_, p)| p.len() < 2) {
        return None;
    }
    let first = paths[0].1;
    let dir = Dir::of(first[first.len() - 2], first[first.len() - 1]);
    let entry = dir.local(first[first.len() - 1]);
    // The diamond in the local frame: centred on the entry line, its far
    // tip GAP short of the box; else level with where a flow runs across
    // (a choice just beside the box), so that flow runs straight into the
    // diamond's side tip.
    let half = size / 2.0;
    let levels = paths
        .iter()
        .flat_map(|(_, p)| p.iter().map(|&q| dir.local(q).y));
    let candidates = std::iter::once(entry.y - GAP - half).chain(levels);
    let routed = |c: Point| -> Option<Vec<(usize, Vec<Point>)>> {
        if c.y + half > entry.y - 2.0 {
            return None;
        }
        let r = body_at(dir, c, half);
        if !lane.contains_rect(&r) || obstacles.iter().any(|o| o.overlaps(&r)) {
            return None;
        }
        paths
            .iter()
            .map(|&(k, pts)| {
                let new = reroute(dir, pts, c, half)?;
                // Only the last segment may touch the diamond.
                let clear = new[..new.len() - 1]
                    .windows(2)
                    .all(|w| !r.hit_by_segment(w[0], w[1]));
                clear.then_some((k, new))
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
/// side tip. `None` when no point of the path allows that.
fn reroute(dir: Dir, pts: &[Point], centre: Point, half: f64) -> Option<Vec<Point>> {
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
    Some(out.into_iter().map(|p| dir.global(p)).collect())
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
        let j = join(7, &[(1, &a), (2, &b)], ANY, &[]).unwrap();
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
        let j = join(0, &[(0, &a), (1, &b)], ANY, &[]).unwrap();
        assert_eq!(j.body.right(), 100.0 - GAP);
        assert_eq!(j.body.cy(), 50.0);
        assert_eq!(j.ins[0].1.last(), Some(&p(j.body.x, 50.0)));
        assert!(join(0, &[(0, &a)], ANY, &[]).is_none());
    }

    #[test]
    fn a_flow_from_beside_the_box_runs_straight_into_the_diamond() {
        // One flow comes down the trunk, one runs across from a choice just
        // 16 px above the box: the diamond sits on that flow's level.
        let a = [p(838.0, 815.0), p(118.0, 815.0), p(118.0, 881.0)];
        let b = [p(1122.0, 865.0), p(118.0, 865.0), p(118.0, 881.0)];
        let j = join(3, &[(0, &a), (1, &b)], ANY, &[]).unwrap();
        assert_eq!(j.body.cy(), 865.0);
        assert_eq!(j.ins[1].1, vec![p(1122.0, 865.0), p(130.0, 865.0)]);
        assert_eq!(j.ins[0].1.last(), Some(&p(118.0, 853.0)));
        assert_eq!(j.out, vec![p(118.0, 877.0), p(118.0, 881.0)]);
    }
}
