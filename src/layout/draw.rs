//! The drawing: every flow's points and every node's shape turned from flow
//! coordinates to the page, with the title, the lane headers and the frame.

use super::choose::Route;
use super::coords::{jog_channel, label_left, Along, Cross, Ends, Labels, Placed, Tracks};
use super::frame::lane_boxes;
use super::geometry::{Diagram, EdgePath, Point, Rect, Shape, TextBlock};
use super::metrics::{beside, BESIDE};
use super::ports::leaves_left;
use super::route::{Flows, Plan, Ports};
use super::size::{self, block, Sized};
use super::spatial::{rect_bounds, segment_bounds, Buckets};
use super::title::{shift_body, title_blocks, wrap_title};
use crate::model::{Lang, NodeKind, Orientation, Process};

const MARGIN: f64 = 16.0;

/// What the earlier steps computed.
pub struct Parts<'a> {
    pub flows: &'a Flows,
    pub plan: &'a Plan,
    pub ports: &'a Ports,
    pub sized: &'a [Sized],
    pub cross: &'a Cross,
    pub placed: &'a [Placed],
    pub ends: &'a Ends,
    pub tracks: &'a Tracks,
    pub labels: Labels,
    pub along: &'a Along,
}

/// Flow coordinates to the page: the table form runs down, the BPMN form
/// to the right.
struct Page {
    bpmn: bool,
    off_c: f64,
    off_m: f64,
}

impl Page {
    fn point(&self, c: f64, m: f64) -> Point {
        if self.bpmn {
            Point {
                x: m + self.off_m,
                y: c + self.off_c,
            }
        } else {
            Point {
                x: c + self.off_c,
                y: m + self.off_m,
            }
        }
    }

    fn rect(&self, c0: f64, m0: f64, cw: f64, mh: f64) -> Rect {
        let a = self.point(c0, m0);
        if self.bpmn {
            Rect {
                x: a.x,
                y: a.y,
                w: mh,
                h: cw,
            }
        } else {
            Rect {
                x: a.x,
                y: a.y,
                w: cw,
                h: mh,
            }
        }
    }
}

/// Where a flow at `pc` across meets the symbol's outline: its far end
/// (`after`) or its near end along the flow.
fn boundary(pl: &Placed, kind: NodeKind, pc: f64, after: bool) -> f64 {
    let (top, h) = (pl.m0 + pl.bm0, pl.bmh);
    let half = pl.bcw / 2.0;
    let d = (pc - (pl.c0 + pl.bc0 + half)).abs().min(half);
    let inset = match kind {
        NodeKind::Choice => h / 2.0 * d / half,
        NodeKind::Start | NodeKind::End => half - (half * half - d * d).max(0.0).sqrt(),
        _ => 0.0,
    };
    if after {
        top + h - inset
    } else {
        top + inset
    }
}

/// Port `k` of `mm` on the symbol's left or right side.
fn side_port(pl: &Placed, kind: NodeKind, k: usize, mm: usize, left: bool) -> (f64, f64) {
    let pm_ = pl.m0 + pl.bm0 + pl.bmh * (k as f64 + 1.0) / (mm as f64 + 1.0);
    let half_m = pl.bmh / 2.0;
    let dm = (pm_ - (pl.m0 + pl.bm0 + half_m)).abs().min(half_m);
    let right = pl.c0 + pl.bc0 + pl.bcw;
    let inset = match kind {
        NodeKind::Choice => pl.bcw / 2.0 * dm / half_m,
        NodeKind::Start | NodeKind::End | NodeKind::Event => {
            let r = pl.bcw / 2.0;
            r - (r * r - dm * dm).max(0.0).sqrt()
        }
        _ => 0.0,
    };
    if left {
        (pl.c0 + pl.bc0 + inset, pm_)
    } else {
        (right - inset, pm_)
    }
}

/// The drawing, and the choices whose outcome labels found no clear place
/// beside their runs.
pub fn diagram(
    p: &Process,
    lang: Lang,
    orient: Orientation,
    parts: &Parts,
) -> (Diagram, Vec<usize>) {
    let bpmn = orient == Orientation::Bpmn;
    let Parts { cross, along, .. } = parts;
    let nlanes = p.lanes.len().max(1);
    let title = title_blocks(p, lang);
    let title_h: f64 =
        title.iter().map(|t| t.rect.h).sum::<f64>() + if title.is_empty() { 0.0 } else { 10.0 };
    let header_h = if bpmn {
        0.0
    } else {
        (0..nlanes)
            .map(|l| {
                block(
                    &cross.lane_names[l],
                    size::BODY_SIZE,
                    true,
                    cross.lane_c[l].1 - cross.lane_c[l].0 - 2.0 * size::PAD,
                    true,
                )
                .rect
                .h + 2.0 * size::PAD
            })
            .fold(32.0, f64::max)
    };
    let page = if bpmn {
        Page {
            bpmn,
            off_c: MARGIN + title_h,
            off_m: MARGIN,
        }
    } else {
        Page {
            bpmn,
            off_c: MARGIN,
            off_m: MARGIN + title_h + header_h,
        }
    };
    let (edges, failed) = edge_paths(parts, &page);
    let shapes = shapes(p, parts, &page);

    // Lanes and frame.
    let frame_main = along.total_main + if bpmn { 0.0 } else { header_h };
    let frame = if bpmn {
        Rect {
            x: MARGIN,
            y: MARGIN + title_h,
            w: along.total_main,
            h: cross.total_cross,
        }
    } else {
        Rect {
            x: MARGIN,
            y: MARGIN + title_h,
            w: cross.total_cross,
            h: frame_main,
        }
    };
    let lane_ids: Vec<String> = (0..nlanes)
        .map(|l| {
            p.lanes
                .get(parts.plan.model_lane[l])
                .map(|x| x.id.clone())
                .unwrap_or_default()
        })
        .collect();
    let lanes = lane_boxes(
        frame,
        &cross.lane_c,
        &cross.lane_names,
        lane_ids,
        bpmn,
        if bpmn { cross.header_main } else { header_h },
    );

    let width = (frame.right() + MARGIN).ceil();
    let height = (frame.bottom() + MARGIN).ceil();
    let (title, y) = wrap_title(title, width, MARGIN);
    let grow = (y + 8.0 - frame.y).max(0.0);
    let mut d = Diagram {
        width,
        height: height + grow,
        orientation: orient,
        title,
        frame,
        lanes,
        shapes,
        edges,
    };
    if grow > 0.0 {
        shift_body(&mut d, grow);
    }
    (d, failed)
}

/// Where a label beside a run out of a side corner into a gap starts
/// across the flow (`at`, its width `w`), and whether it still lies over a
/// lane's border: such a run may cross lanes, and a corner near its lane's
/// border moves its label past the border, where the run goes on to its
/// gap at `gx`.
fn off_borders(cross: &Cross, at: f64, w: f64, left: bool, gx: f64) -> (f64, bool) {
    let borders: Vec<f64> = cross.lane_c.iter().flat_map(|&(lo, hi)| [lo, hi]).collect();
    let over = |x: f64| borders.iter().copied().find(|&b| x < b && b < x + w);
    let Some(b) = over(at) else {
        return (at, false);
    };
    let moved = if left { b - 4.0 - w } else { b + 4.0 };
    // Beside the run still: the run goes on past the label's middle.
    let beside = if left {
        gx < moved + w / 2.0
    } else {
        gx > moved + w / 2.0
    };
    (moved, !beside || over(moved).is_some())
}

/// Every flow's points on the page, with its outcome label; and the
/// choices whose labels found no clear place.
fn edge_paths(parts: &Parts, page: &Page) -> (Vec<EdgePath>, Vec<usize>) {
    let Parts {
        flows: f,
        plan,
        ports,
        sized,
        cross,
        placed,
        ends,
        tracks,
        along,
        ..
    } = parts;
    let (rank, col) = (&plan.grid.rank, &plan.grid.col);
    let mut labels = parts.labels.text.clone();
    let mut out = Vec::with_capacity(f.edges.len());
    for (k, r) in plan.routes.iter().enumerate() {
        let (u, v) = f.pairs[k];
        let pin = ends.pins[k];
        let min_ = boundary(&placed[v], sized[v].kind, pin, false);
        let out_at = |pc: f64| boundary(&placed[u], sized[u].kind, pc, true);
        let mut pts: Vec<(f64, f64)> = Vec::new();
        let ht = |slot: usize| tracks.h_track.get(&(k * 2 + slot)).copied().unwrap_or(0);
        let is_left = leaves_left(*r, col[u], col[v]);
        match *r {
            Route::JogLate | Route::JogEarly => {
                let pout = ends.pouts[k];
                let tm = along.track_m(jog_channel(plan, f, k), ht(0));
                pts.extend([(pout, out_at(pout)), (pout, tm), (pin, tm), (pin, min_)]);
            }
            Route::Gap(g) | Route::Around(g) => {
                let pout = ends.pouts[k];
                let gx = cross.gap_x(g, ports.gap_track[k]);
                let t1 = along.track_m(rank[u] as i64, ht(0));
                let t2 = along.track_m(rank[v] as i64 - 1, ht(1));
                pts.extend([
                    (pout, out_at(pout)),
                    (pout, t1),
                    (gx, t1),
                    (gx, t2),
                    (pin, t2),
                    (pin, min_),
                ]);
            }
            Route::Side => {
                let (k0, m0) = ports.out_port[k];
                let (sc, sm) = side_port(&placed[u], sized[u].kind, k0, m0, is_left);
                pts.extend([(sc, sm), (pin, sm), (pin, min_)]);
            }
            Route::SideGap(g) => {
                let (k0, m0) = ports.out_port[k];
                let (sc, sm) = side_port(&placed[u], sized[u].kind, k0, m0, is_left);
                let gx = cross.gap_x(g, ports.gap_track[k]);
                let t = along.track_m(rank[v] as i64 - 1, ht(1));
                pts.extend([(sc, sm), (gx, sm), (gx, t), (pin, t), (pin, min_)]);
            }
            Route::Back(g) => {
                let (k0, m0) = ports.out_port[k];
                let (sc, sm) = side_port(&placed[u], sized[u].kind, k0, m0, is_left);
                let gx = cross.gap_x(g, ports.gap_track[k]);
                let t = along.track_m(rank[v] as i64 - 1, ht(1));
                pts.extend([(sc, sm), (gx, sm), (gx, t), (pin, t), (pin, min_)]);
            }
        }
        let points = simplify(pts.into_iter().map(|(c, m)| page.point(c, m)).collect());
        out.push(EdgePath {
            from: u,
            to: v,
            points,
            label: None,
            back: matches!(r, Route::Back(_) | Route::Around(_)),
            kind: f.edges[k].kind,
        });
    }
    // Labels once every line is drawn: each beside its own first segment,
    // on the first side where it is clear of symbols, other labels and
    // other lines (metrics.rs counts any other as astray).
    let cell = 100.0;
    let mut near_shapes = Buckets::new(cell);
    let shape_rects: Vec<Rect> = placed
        .iter()
        .map(|pl| page.rect(pl.c0, pl.m0, pl.cw, pl.mh))
        .collect();
    for (i, r) in shape_rects.iter().enumerate() {
        near_shapes.insert(i, rect_bounds(r));
    }
    let segs: Vec<(usize, (Point, Point))> = out
        .iter()
        .enumerate()
        .flat_map(|(k, e)| e.points.windows(2).map(move |w| (k, (w[0], w[1]))))
        .collect();
    let mut near_segs = Buckets::new(cell);
    for (g, &(_, (a, b))) in segs.iter().enumerate() {
        near_segs.insert(g, segment_bounds(a, b, 1.0));
    }
    let mut placed_labels: Vec<Rect> = Vec::new();
    let mut failed: Vec<usize> = Vec::new();
    // Labels placed as before corners first, since they do not move.
    let order = (0..plan.routes.len())
        .filter(|&k| !f.corners[f.pairs[k].0])
        .chain((0..plan.routes.len()).filter(|&k| f.corners[f.pairs[k].0]));
    for k in order {
        let r = &plan.routes[k];
        let Some(mut tb) = labels[k].take() else {
            continue;
        };
        let (u, v) = f.pairs[k];
        let is_left = leaves_left(*r, col[u], col[v]);
        let (cw, mh) = if page.bpmn {
            (tb.rect.h, tb.rect.w)
        } else {
            (tb.rect.w, tb.rect.h)
        };
        if !f.corners[u] {
            // As before corners: the first of several outcomes leaving one
            // side has its label on the outer side of its line, the others
            // right of theirs, in the channel's label zone.
            let pout = ends.pouts[k];
            let zone = along.ch_m.get(&(rank[u] as i64)).copied().unwrap_or(0.0);
            let (place, count) = ports.out_port[k];
            let cross_at = if place == 0 && count > 1 {
                pout - 4.0 - cw
            } else {
                pout + 4.0
            };
            tb.rect = page.rect(cross_at, zone + 2.0, cw, mh);
            placed_labels.push(tb.rect);
            out[k].label = Some(tb);
            continue;
        }
        let mut over_border = false;
        let candidates: Vec<Rect> = if r.by_side() {
            // Beside its run out of the corner, clear of the symbol:
            // before it along the flow (above it in the table form), or
            // after it; a loop, which turns back up at its gap, after.
            let (k0, m0) = ports.out_port[k];
            let (sc, sm) = side_port(&placed[u], sized[u].kind, k0, m0, is_left);
            let mut cross_at = if is_left { sc - 4.0 - cw } else { sc + 4.0 };
            if let Route::SideGap(g) = *r {
                (cross_at, over_border) = off_borders(
                    cross,
                    cross_at,
                    cw,
                    is_left,
                    cross.gap_x(g, ports.gap_track[k]),
                );
            }
            let before = page.rect(cross_at, sm - 2.0 - mh, cw, mh);
            let after = page.rect(cross_at, sm + 2.0, cw, mh);
            // Failing both, below the corner in the channel's label zone.
            let zone = along.ch_m.get(&(rank[u] as i64)).copied().unwrap_or(0.0);
            let below = page.rect(cross_at, zone + 2.0, cw, mh);
            if matches!(*r, Route::Side | Route::SideGap(_)) {
                vec![before, after, below]
            } else {
                vec![after, before, below]
            }
        } else {
            // Beside its first segment, at the start of the channel, on
            // the side away from the other outcomes: the outer side of
            // the outermost of a side's lines, away from a run out of a
            // side corner.
            let pout = ends.pouts[k];
            let zone = along.ch_m.get(&(rank[u] as i64)).copied().unwrap_or(0.0);
            let left = page.rect(pout - 4.0 - cw, zone + 2.0, cw, mh);
            let right = page.rect(pout + 4.0, zone + 2.0, cw, mh);
            // Failing both, on its own side (its room was measured there).
            if label_left(plan, f, ports, k) {
                vec![left, right, left]
            } else {
                vec![right, left, right]
            }
        };
        let clear = |c: &Rect| {
            let b = rect_bounds(c);
            let grown = (b.0 - BESIDE, b.1 - BESIDE, b.2 + BESIDE, b.3 + BESIDE);
            !near_shapes
                .near(b)
                .into_iter()
                .any(|j| shape_rects[j].overlaps(c))
                && !placed_labels.iter().any(|l| l.overlaps(c))
                && !near_segs.near(grown).into_iter().any(|g| {
                    let (j, sg) = segs[g];
                    if j == k {
                        c.hit_by_segment(sg.0, sg.1)
                    } else {
                        beside(c, sg).0 < BESIDE
                    }
                })
        };
        tb.rect = match candidates
            .iter()
            .copied()
            .find(|c| !over_border && clear(c))
        {
            Some(c) => c,
            None => {
                if !failed.contains(&u) {
                    failed.push(u);
                }
                candidates[candidates.len() - 1]
            }
        };
        placed_labels.push(tb.rect);
        out[k].label = Some(tb);
    }
    (out, failed)
}

/// Every node's shape on the page.
fn shapes(p: &Process, parts: &Parts, page: &Page) -> Vec<Shape> {
    let ids = p.node_ids();
    parts
        .placed
        .iter()
        .zip(parts.sized)
        .enumerate()
        .map(|(i, (pl, s))| {
            let bounds = page.rect(pl.c0, pl.m0, pl.cw, pl.mh);
            let shift = |r: Rect| Rect {
                x: bounds.x + r.x,
                y: bounds.y + r.y,
                ..r
            };
            Shape {
                node: i,
                id: ids[i].clone(),
                kind: s.kind,
                event: p.nodes[i].event(),
                throws: p.nodes[i].throws(),
                lane: parts.plan.lane[i],
                bounds,
                body: shift(s.body),
                text: s
                    .text
                    .iter()
                    .map(|t| TextBlock {
                        rect: shift(t.rect),
                        ..t.clone()
                    })
                    .collect(),
                number: s.number.clone(),
                duration: s.duration.clone(),
                strip: s.strip,
            }
        })
        .collect()
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(pts: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(pts.len());
    for p in pts {
        if out
            .last()
            .is_some_and(|q| (q.x - p.x).abs() < 0.01 && (q.y - p.y).abs() < 0.01)
        {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let straight = ((a.x - b.x).abs() < 0.01 && (b.x - p.x).abs() < 0.01)
                || ((a.y - b.y).abs() < 0.01 && (b.y - p.y).abs() < 0.01);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
