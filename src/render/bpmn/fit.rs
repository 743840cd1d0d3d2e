//! Boxes made tall enough for bpmn.io's own text.
//!
//! bpmn.io wraps a task's name in 12 px Arial, wider than regflow's
//! PT Sans, and never resizes the box: a name that fits regflow's box can
//! run past it there. The export keeps the box's width and its place in
//! the flow and makes it taller where the drawing has room (see
//! [`crate::bpmnjs_text`] for how many lines bpmn.io draws), moving the
//! ends of the flows on the sides that moved with them.

use crate::layout::{Point, Rect};

/// What a grown box must stay clear of.
#[derive(Debug, Clone, Copy)]
pub struct Room<'a> {
    /// The box's lane band.
    pub lane: Rect,
    /// Every other shape, caption, label, join and note.
    pub rects: &'a [Rect],
    /// The segments of every flow that neither starts nor ends at the box.
    pub flows: &'a [(Point, Point)],
    /// The flows that start or end at the box, as drawn.
    pub docked: &'a [&'a [Point]],
}

/// The box `body` made tall enough for `need(width)` (the height its text
/// needs at a width), at its own width, else a little wider (fewer lines)
/// where a column has room: grown both ways, else only up, else only
/// down (and likewise across), the first way that stays in its lane,
/// meets nothing and lets every docked flow keep its course; `None` when
/// the box is tall enough already or no way is free.
pub fn grow(body: Rect, need: impl Fn(f64) -> f64, room: Room) -> Option<Rect> {
    if need(body.w) <= body.h {
        return None;
    }
    WIDER.iter().find_map(|&more_w| {
        let w = body.w + more_w;
        let h = need(w).max(body.h);
        let more_h = h - body.h;
        let xs = [body.x - more_w / 2.0, body.x - more_w, body.x];
        let ys = [body.y - more_h / 2.0, body.y - more_h, body.y];
        xs.iter()
            .flat_map(|&x| ys.iter().map(move |&y| Rect { x, y, w, h }))
            .find(|r| fits(body, *r, room))
    })
}

/// The area every box `grow` tries for `body` lies in, so a caller can
/// pass only the shapes and flows near it.
pub fn reach(body: Rect, need: impl Fn(f64) -> f64) -> Rect {
    let more_w = WIDER.iter().copied().fold(0.0, f64::max);
    let more_h = WIDER
        .iter()
        .map(|&m| need(body.w + m).max(body.h) - body.h)
        .fold(0.0, f64::max);
    Rect {
        x: body.x - more_w,
        y: body.y - more_h,
        w: body.w + 2.0 * more_w,
        h: body.h + 2.0 * more_h,
    }
}

/// How much wider a box is tried, in turn.
const WIDER: [f64; 6] = [0.0, 12.0, 24.0, 36.0, 48.0, 64.0];

fn fits(old: Rect, new: Rect, room: Room) -> bool {
    room.lane.contains_rect(&new)
        && !room.rects.iter().any(|o| o.overlaps(&new))
        && !room.flows.iter().any(|&(a, b)| new.hit_by_segment(a, b))
        && room.docked.iter().all(|pts| {
            let moved = redock(pts, old, new);
            moved.len() < 2 || keeps_course(pts, &moved, new)
        })
}

/// A docked flow after the box grew (`was` before, `pts` now): its end
/// segments still at least 1 px long and pointing the way they did, and
/// only they touch the box.
fn keeps_course(was: &[Point], pts: &[Point], body: Rect) -> bool {
    let n = pts.len();
    let same = |a: Point, b: Point, c: Point, d: Point| {
        let long = (c.x - d.x).abs() + (c.y - d.y).abs() >= 1.0;
        long && (b.y - a.y).signum() == (d.y - c.y).signum()
            && (b.x - a.x).signum() == (d.x - c.x).signum()
    };
    same(was[0], was[1], pts[0], pts[1])
        && same(was[n - 2], was[n - 1], pts[n - 2], pts[n - 1])
        && pts
            .windows(2)
            .enumerate()
            .all(|(k, w)| k == 0 || k == n - 2 || !body.hit_by_segment(w[0], w[1]))
}

/// The flow `pts` with an end on a side of `old` moved onto the same side
/// of `new`, when its segment there is square to that side.
pub fn redock(pts: &[Point], old: Rect, new: Rect) -> Vec<Point> {
    let mut out = pts.to_vec();
    let n = out.len();
    if n < 2 {
        return out;
    }
    const E: f64 = 0.01;
    for (end, next) in [(0, 1), (n - 1, n - 2)] {
        let (p, q) = (out[end], out[next]);
        let on_x = p.x >= old.x - E && p.x <= old.right() + E;
        let on_y = p.y >= old.y - E && p.y <= old.bottom() + E;
        if on_x && (p.x - q.x).abs() < E {
            if (p.y - old.y).abs() < E {
                out[end].y = new.y;
            } else if (p.y - old.bottom()).abs() < E {
                out[end].y = new.bottom();
            }
        } else if on_y && (p.y - q.y).abs() < E {
            if (p.x - old.x).abs() < E {
                out[end].x = new.x;
            } else if (p.x - old.right()).abs() < E {
                out[end].x = new.right();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }
    const BOX: Rect = Rect {
        x: 100.0,
        y: 100.0,
        w: 100.0,
        h: 60.0,
    };
    const LANE: Rect = Rect {
        x: 0.0,
        y: 0.0,
        w: 1000.0,
        h: 400.0,
    };

    #[test]
    fn a_box_grows_both_ways_and_its_flows_follow() {
        let into = [p(150.0, 20.0), p(150.0, 100.0)];
        let out = [p(200.0, 130.0), p(300.0, 130.0)];
        let docked: [&[Point]; 2] = [&into, &out];
        let room = Room {
            lane: LANE,
            rects: &[],
            flows: &[],
            docked: &docked,
        };
        let r = grow(BOX, |_| 80.0, room).unwrap();
        assert_eq!((r.y, r.h, r.x, r.w), (90.0, 80.0, 100.0, 100.0));
        assert_eq!(redock(&into, BOX, r), vec![p(150.0, 20.0), p(150.0, 90.0)]);
        // The flow out of the right side stays as it was.
        assert_eq!(redock(&out, BOX, r), out.to_vec());
        assert!(grow(BOX, |_| 50.0, room).is_none(), "tall enough");
    }

    #[test]
    fn a_box_grows_only_where_there_is_room() {
        // A shape just above: the box grows down.
        let above = [Rect {
            x: 100.0,
            y: 40.0,
            w: 100.0,
            h: 58.0,
        }];
        let room = Room {
            lane: LANE,
            rects: &above,
            flows: &[],
            docked: &[],
        };
        let r = grow(BOX, |_| 80.0, room).unwrap();
        assert_eq!((r.y, r.h), (100.0, 80.0));
        // A flow running just below as well: no room at all.
        let below = [(p(0.0, 170.0), p(900.0, 170.0))];
        let room = Room {
            flows: &below,
            ..room
        };
        assert!(grow(BOX, |_| 80.0, room).is_none());
        // Nor past the lane: growing both ways would, so it grows up.
        let room = Room {
            lane: Rect { h: 165.0, ..LANE },
            rects: &[],
            flows: &[],
            docked: &[],
        };
        assert_eq!(grow(BOX, |_| 80.0, room).map(|r| r.y), Some(80.0));
    }

    #[test]
    fn a_flow_too_short_to_follow_stops_the_growth() {
        // Enters the top from 4 px above: growing up 10 px would turn it.
        let into = [p(150.0, 96.0), p(150.0, 100.0)];
        let docked: [&[Point]; 1] = [&into];
        let room = Room {
            lane: LANE,
            rects: &[],
            flows: &[],
            docked: &docked,
        };
        assert_eq!(grow(BOX, |_| 80.0, room).map(|r| r.y), Some(100.0));
    }

    #[test]
    fn a_box_with_no_room_above_or_below_grows_wider() {
        // 20 px tall at 100 px wide, 60 px at 112; the lane is 60 px tall.
        let need = |w: f64| if w >= 112.0 { 60.0 } else { 100.0 };
        let into = [p(20.0, 130.0), p(100.0, 130.0)];
        let docked: [&[Point]; 1] = [&into];
        let room = Room {
            lane: Rect {
                y: 100.0,
                h: 60.0,
                ..LANE
            },
            rects: &[],
            flows: &[],
            docked: &docked,
        };
        let r = grow(BOX, need, room).unwrap();
        assert_eq!((r.x, r.w, r.y, r.h), (94.0, 112.0, 100.0, 60.0));
        // The flow into the left side now ends on the new left side.
        assert_eq!(redock(&into, BOX, r), vec![p(20.0, 130.0), p(94.0, 130.0)]);
    }
}
