//! Off-page connectors (GOST 19.701): where a flow leaves one page and
//! goes on on another, the same number is printed at both places. A page
//! the plan leaves out (one with nothing on it but flows passing through)
//! is looked through: the connectors on its sides are given one number, so
//! the flow is followed from the page before it to the page after.

use super::{Plan, CONNECTOR};
use crate::layout::{Diagram, Point};
use crate::model::Orientation;

/// One list per thing a flow can cross, each holding the places where
/// flows cross it and their numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Connectors {
    /// Per break along the flow (between piece `i` and `i + 1`): the flows'
    /// places across the lanes, in SVG px.
    pub along: Vec<Vec<(f32, usize)>>,
    /// Per piece and per boundary between groups of lanes (`j` and `j + 1`):
    /// the flows' places along the flow, in SVG px.
    pub sideways: Vec<Vec<Vec<(f32, usize)>>>,
}

/// Every flow crossing a break or a boundary between groups of lanes gets
/// a number, drawn on both pages at its place; numbered on through the
/// document, breaks first, and joined through the pages the plan leaves out.
pub fn connectors(d: &Diagram, plan: &Plan) -> Connectors {
    let mut number = 0;
    let mut next = || {
        number += 1;
        number
    };
    let breaks = plan.slices.len().saturating_sub(1);
    let along: Vec<Vec<(f32, usize)>> = plan.slices[..breaks]
        .iter()
        .map(|s| {
            cross_points(d, s.to, false, plan.k)
                .into_iter()
                .map(|x| (x as f32, next()))
                .collect()
        })
        .collect();
    let bounds = &plan.bands[..plan.bands.len().saturating_sub(1)];
    let sideways = plan
        .slices
        .iter()
        .map(|s| {
            bounds
                .iter()
                .map(|b| {
                    cross_points(d, f64::from(b.1), true, plan.k)
                        .into_iter()
                        .filter(|a| s.from <= *a && *a < s.to)
                        .map(|a| (a as f32, next()))
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut c = Connectors { along, sideways };
    let joined = join_left_out(d, plan, &c, number);
    renumber(&mut c, plan, &joined);
    c
}

/// Where the flows of `d` cross the line at `c`: across the flow, or, with
/// `lanes`, a line between lanes; their places along that line. Flows that
/// merge, or run closer than a connector is wide at scale `k`, share one
/// connector, so that no two connectors print over each other.
fn cross_points(d: &Diagram, c: f64, lanes: bool, k: f32) -> Vec<f64> {
    let table = d.orientation == Orientation::Table;
    let split = |p: &Point| {
        if table != lanes {
            (p.y, p.x)
        } else {
            (p.x, p.y)
        }
    };
    let mut out: Vec<f64> = d
        .edges
        .iter()
        .flat_map(|e| e.points.windows(2))
        .filter_map(|w| {
            let ((a0, c0), (a1, c1)) = (split(&w[0]), split(&w[1]));
            ((a0 < c && c < a1) || (a1 < c && c < a0))
                .then(|| c0 + (c1 - c0) * (c - a0) / (a1 - a0))
        })
        .collect();
    out.sort_by(f64::total_cmp);
    let apart = f64::from((2.0 * CONNECTOR + 1.0) / k);
    out.dedup_by(|a, b| (*a - *b).abs() < apart);
    out
}

/// A side of a page's rectangle a flow can cross.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Side {
    /// The break before the piece (its top in the table form).
    Before,
    After,
    /// The boundary with the group of lanes before (above, or left of) it.
    LanesBefore,
    LanesAfter,
}

/// For each connector number (1..=`count`), the number it is one with:
/// where a flow runs through a page the plan leaves out, the connector it
/// comes in by and the one it goes out by are joined (union–find roots).
fn join_left_out(d: &Diagram, plan: &Plan, c: &Connectors, count: usize) -> Vec<usize> {
    let mut root: Vec<usize> = (0..=count).collect();
    let table = d.orientation == Orientation::Table;
    for i in 0..plan.slices.len() {
        for j in 0..plan.bands.len() {
            if plan.pages.contains(&(i, j)) {
                continue;
            }
            for e in &d.edges {
                let pts: Vec<(f64, f64)> = e
                    .points
                    .iter()
                    .map(|p| if table { (p.y, p.x) } else { (p.x, p.y) })
                    .collect();
                let hits = boundary_hits(&pts, plan, i, j);
                for pair in hits.chunks(2) {
                    let [a, b] = pair else { continue };
                    let (Some(x), Some(y)) =
                        (number_at(c, plan, i, j, *a), number_at(c, plan, i, j, *b))
                    else {
                        continue;
                    };
                    let (rx, ry) = (find(&mut root, x), find(&mut root, y));
                    root[rx.max(ry)] = rx.min(ry);
                }
            }
        }
    }
    (0..=count).map(|n| find(&mut root, n)).collect()
}

fn find(root: &mut [usize], n: usize) -> usize {
    let mut r = n;
    while root[r] != r {
        r = root[r];
    }
    root[n] = r;
    r
}

/// Where the polyline `pts` (along, across) crosses the sides of page
/// (`i`, `j`)'s rectangle, in the order it meets them: pairs of one going
/// in and one going out, as its ends lie on shapes outside the page.
fn boundary_hits(pts: &[(f64, f64)], plan: &Plan, i: usize, j: usize) -> Vec<(Side, f64)> {
    let s = plan.slices[i];
    let (b0, b1) = (f64::from(plan.bands[j].0), f64::from(plan.bands[j].1));
    let mut out = Vec::new();
    for w in pts.windows(2) {
        let ((a0, c0), (a1, c1)) = (w[0], w[1]);
        let mut on_segment: Vec<(f64, Side, f64)> = Vec::new();
        for (line, side) in [(s.from, Side::Before), (s.to, Side::After)] {
            if (a0 < line && line < a1) || (a1 < line && line < a0) {
                let t = (line - a0) / (a1 - a0);
                let at = c0 + (c1 - c0) * t;
                if b0 <= at && at < b1 {
                    on_segment.push((t, side, at));
                }
            }
        }
        for (line, side) in [(b0, Side::LanesBefore), (b1, Side::LanesAfter)] {
            if (c0 < line && line < c1) || (c1 < line && line < c0) {
                let t = (line - c0) / (c1 - c0);
                let at = a0 + (a1 - a0) * t;
                if s.from <= at && at < s.to {
                    on_segment.push((t, side, at));
                }
            }
        }
        on_segment.sort_by(|x, y| x.0.total_cmp(&y.0));
        out.extend(on_segment.into_iter().map(|(_, side, at)| (side, at)));
    }
    out
}

/// The number of the connector printed where a flow crosses `side` of page
/// (`i`, `j`) at `at`: the nearest on that line.
fn number_at(
    c: &Connectors,
    plan: &Plan,
    i: usize,
    j: usize,
    (side, at): (Side, f64),
) -> Option<usize> {
    let band = plan.bands[j];
    let in_band = |x: &&(f32, usize)| band.0 <= x.0 && x.0 < band.1;
    let list: Vec<&(f32, usize)> = match side {
        Side::Before => c
            .along
            .get(i.checked_sub(1)?)?
            .iter()
            .filter(in_band)
            .collect(),
        Side::After => c.along.get(i)?.iter().filter(in_band).collect(),
        Side::LanesBefore => c.sideways.get(i)?.get(j.checked_sub(1)?)?.iter().collect(),
        Side::LanesAfter => c.sideways.get(i)?.get(j)?.iter().collect(),
    };
    list.into_iter()
        .min_by(|x, y| {
            (f64::from(x.0) - at)
                .abs()
                .total_cmp(&(f64::from(y.0) - at).abs())
        })
        .map(|x| x.1)
}

/// Gives joined connectors one number and numbers on without gaps: in the
/// order the connectors were first numbered, counting only those printed
/// on a page the plan keeps.
fn renumber(c: &mut Connectors, plan: &Plan, joined: &[usize]) {
    let shown = |i: usize, j: usize| plan.pages.contains(&(i, j));
    let band_of = |x: f32| {
        plan.bands
            .iter()
            .position(|b| b.0 <= x && x < b.1)
            .unwrap_or(0)
    };
    // Is connector n printed on some page kept?
    let mut printed = vec![false; joined.len()];
    for (i, list) in c.along.iter().enumerate() {
        for &(x, n) in list {
            let j = band_of(x);
            printed[n] = shown(i, j) || shown(i + 1, j);
        }
    }
    for (i, per) in c.sideways.iter().enumerate() {
        for (j, list) in per.iter().enumerate() {
            for &(_, n) in list {
                printed[n] = shown(i, j) || shown(i, j + 1);
            }
        }
    }
    let mut new = vec![0; joined.len()];
    let mut next = 0;
    for n in 1..joined.len() {
        let r = joined[n];
        if printed[n] && new[r] == 0 {
            next += 1;
            new[r] = next;
        }
    }
    let set = |list: &mut Vec<(f32, usize)>| {
        for x in list.iter_mut() {
            x.1 = new[joined[x.1]];
        }
    };
    c.along.iter_mut().for_each(set);
    c.sideways.iter_mut().flatten().for_each(set);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{EdgePath, Rect};
    use crate::model::FlowKind;
    use crate::render::pdf::Slice;

    /// A BPMN-form drawing 300 px along and 100 across, in three pieces and
    /// two groups of lanes, printed but for `left_out`.
    fn printed(flows: &[&[(f64, f64)]], left_out: &[(usize, usize)]) -> (Diagram, Plan) {
        let edges = flows
            .iter()
            .map(|pts| EdgePath {
                from: 0,
                to: 1,
                points: pts.iter().map(|&(x, y)| Point { x, y }).collect(),
                label: None,
                back: false,
                kind: FlowKind::Sequence,
            })
            .collect();
        let d = Diagram {
            width: 300.0,
            height: 100.0,
            orientation: Orientation::Bpmn,
            title: Vec::new(),
            frame: Rect {
                x: 0.0,
                y: 0.0,
                w: 300.0,
                h: 100.0,
            },
            lanes: Vec::new(),
            shapes: Vec::new(),
            edges,
        };
        let slices = vec![
            Slice {
                from: 0.0,
                to: 100.0,
            },
            Slice {
                from: 100.0,
                to: 200.0,
            },
            Slice {
                from: 200.0,
                to: 300.0,
            },
        ];
        let pages = (0..3)
            .flat_map(|i| (0..2).map(move |j| (i, j)))
            .filter(|p| !left_out.contains(p))
            .collect();
        let plan = Plan {
            portrait: false,
            k: 0.75,
            heading: String::new(),
            heading_len: 0.0,
            header: Slice { from: 0.0, to: 0.0 },
            slices,
            bands: vec![(0.0, 50.0), (50.0, 100.0)],
            pages,
            smallest_pt: 7.5,
            legend: None,
        };
        (d, plan)
    }

    #[test]
    fn a_flow_through_a_page_left_out_keeps_one_number_on_both_sides() {
        let flows: &[&[(f64, f64)]] = &[
            &[(50.0, 25.0), (250.0, 25.0)],
            &[(50.0, 75.0), (250.0, 75.0)],
        ];
        let (d, plan) = printed(flows, &[]);
        let all = connectors(&d, &plan);
        assert_eq!(
            all.along,
            vec![vec![(25.0, 1), (75.0, 2)], vec![(25.0, 3), (75.0, 4)]]
        );
        // Page (1, 1) shows only the flow at 75 passing: its two connectors
        // (at the foot of page (0, 1) and the top of (2, 1)) are one.
        let (d, plan) = printed(flows, &[(1, 1)]);
        let c = connectors(&d, &plan);
        assert_eq!(
            c.along,
            vec![vec![(25.0, 1), (75.0, 2)], vec![(25.0, 3), (75.0, 2)]]
        );
    }

    #[test]
    fn a_flow_turning_inside_a_page_left_out_goes_on_in_the_other_lanes() {
        // In over the break at 100 in the lower lanes, across to the upper
        // ones at 150 inside page (1, 1), on over the break at 200.
        let flows: &[&[(f64, f64)]] =
            &[&[(50.0, 75.0), (150.0, 75.0), (150.0, 25.0), (250.0, 25.0)]];
        let (d, plan) = printed(flows, &[(1, 1)]);
        let c = connectors(&d, &plan);
        // Break 0 at 75 and the boundary between the groups at 150 are one;
        // break 1 at 25 runs between pages (1, 0) and (2, 0), both printed.
        assert_eq!(c.along, vec![vec![(75.0, 1)], vec![(25.0, 2)]]);
        assert_eq!(c.sideways[1], vec![vec![(150.0, 1)]]);
        assert!(c.sideways[0][0].is_empty() && c.sideways[2][0].is_empty());
    }
}
