//! Step 6: coordinates. Across the flow: columns, the gaps between them
//! and the lanes, sized by their track counts; where each flow meets its
//! nodes. Along the flow: ranks and the channels between them, sized by
//! their tracks and outcome labels. All in flow coordinates (`c` across,
//! `m` along); draw.rs turns them to the page.

use super::choose::Route;
use super::geometry::TextBlock;
use super::order::lane_of_col;
use super::pack;
use super::route::{Flows, Plan, Ports};
use super::size::{self, block, Sized};
use super::tracks::{color_channel, HSeg};
use crate::font;
use crate::model::{FlowKind, Lang, NodeKind, Process};
use std::collections::BTreeMap;

/// Between slot columns of one lane.
const GAP_MIN: f64 = 20.0;
/// Between a lane's border and its nodes.
const LANE_PAD: f64 = 14.0;
/// Between parallel segments in a channel or gap.
pub const TRACK: f64 = 10.0;
const CHANNEL_MIN: f64 = 26.0;

/// The cross axis: columns, gaps and lanes.
pub struct Cross {
    pub col_c0: Vec<f64>,
    /// Where a label beside a column's nodes must end.
    pub label_end: Vec<f64>,
    /// From a column's start to its axis, where every symbol of the column
    /// is centred: a caption beside a symbol widens the column on its side
    /// only, so the flows through the column stay straight.
    pub col_axis: Vec<f64>,
    gap_c0: BTreeMap<i64, f64>,
    /// Each lane's band across the flow.
    pub lane_c: Vec<(f64, f64)>,
    pub total_cross: f64,
    /// Each lane's name, by place.
    pub lane_names: Vec<String>,
    /// The lane header column before the ranks (BPMN form; 0 in the
    /// table form, whose headers are a row drawn above the frame).
    pub header_main: f64,
    gap_tracks: BTreeMap<i64, usize>,
    lane_col0: Vec<usize>,
    ncols: usize,
}

impl Cross {
    fn tracks_in(&self, g: i64) -> usize {
        self.gap_tracks.get(&g).copied().unwrap_or(0)
    }

    fn gap_width(&self, g: i64, inner: bool) -> f64 {
        gap_width(self.tracks_in(g), inner)
    }

    /// The line of track `t` in gap `g` (−1 is left of column 0).
    pub fn gap_x(&self, g: i64, t: usize) -> f64 {
        let g0 = self.gap_c0.get(&g).copied().unwrap_or(0.0);
        let inner = g >= 0
            && (g as usize) + 1 < self.ncols
            && lane_of_col(&self.lane_col0, g as usize)
                == lane_of_col(&self.lane_col0, g as usize + 1);
        if inner {
            let w = self.gap_width(g, true);
            g0 + w * (t as f64 + 1.0) / (self.tracks_in(g) as f64 + 1.0)
        } else if g < 0 {
            // Left of lane 0: tracks nearest the column.
            g0 + self.gap_width(-1, false) - (t as f64 + 1.0) * TRACK
        } else {
            g0 + (t as f64 + 1.0) * TRACK
        }
    }
}

fn gap_width(tracks: usize, inner: bool) -> f64 {
    let t = tracks as f64;
    if inner {
        GAP_MIN.max((t + 1.0) * TRACK)
    } else {
        LANE_PAD.max((t + 1.0) * TRACK + 4.0)
    }
}

fn cross_ext(s: &Sized, bpmn: bool) -> f64 {
    if bpmn {
        s.h
    } else {
        s.w
    }
}

/// A node's extent across the flow, split at its symbol's centre line.
fn axis_split(s: &Sized, bpmn: bool) -> (f64, f64) {
    let (b0, bw) = if bpmn {
        (s.body.y, s.body.h)
    } else {
        (s.body.x, s.body.w)
    };
    let lo = b0 + bw / 2.0;
    (lo, cross_ext(s, bpmn) - lo)
}

fn main_ext(s: &Sized, bpmn: bool) -> f64 {
    if bpmn {
        s.w
    } else {
        s.h
    }
}

/// Neighbouring columns of a lane as close as what stands in both at one
/// rank allows (pack.rs); gaps as wide as their tracks where their runs
/// pass; a lane's edge columns as wide as their widest node; a lane at
/// least as wide as its name needs.
pub fn cross_axis(
    p: &Process,
    lang: Lang,
    bpmn: bool,
    f: &Flows,
    plan: &Plan,
    sized: &[Sized],
    ports: &Ports,
) -> Cross {
    let g = &plan.grid;
    let nlanes = p.lanes.len().max(1);
    let mut before = vec![0.0f64; g.ncols];
    let mut after = vec![0.0f64; g.ncols];
    for (i, s) in sized.iter().enumerate() {
        let (lo, hi) = axis_split(s, bpmn);
        before[g.col[i]] = before[g.col[i]].max(lo);
        after[g.col[i]] = after[g.col[i]].max(hi);
    }
    let mut colw = vec![0.0f64; g.ncols];
    let mut col_axis = vec![0.0f64; g.ncols];
    for c in 0..g.ncols {
        if before[c] + after[c] == 0.0 {
            let w = if bpmn { 40.0 } else { 90.0 };
            (before[c], after[c]) = (w / 2.0, w / 2.0);
        }
        colw[c] = before[c] + after[c];
        col_axis[c] = before[c];
    }
    let lane_names: Vec<String> = (0..nlanes)
        .map(|l| {
            p.lanes
                .get(plan.model_lane[l])
                .map(|x| x.name.get(lang, p.default_lang()).to_string())
                .unwrap_or_default()
        })
        .collect();
    let lane_min: Vec<f64> = lane_names
        .iter()
        .map(|name| {
            if bpmn {
                upright_length(name) + 2.0 * size::PAD
            } else {
                let word = name
                    .split_whitespace()
                    .map(|w| font::width(w, size::BODY_SIZE, true))
                    .fold(0.0, f64::max);
                (word + 2.0 * size::PAD + 2.0).max(110.0)
            }
        })
        .collect();
    let tracks_in = |gap: i64| ports.gap_tracks.get(&gap).copied().unwrap_or(0);
    let width = |gap: i64, inner: bool| gap_width(tracks_in(gap), inner);
    let split: Vec<(f64, f64)> = sized.iter().map(|s| axis_split(s, bpmn)).collect();
    let body: Vec<f64> = sized
        .iter()
        .map(|s| if bpmn { s.body.h } else { s.body.w } / 2.0)
        .collect();
    let stands = pack::stands(
        g.ncols,
        &g.rank,
        &g.col,
        &split,
        &body,
        &plan.routes,
        &f.pairs,
    );
    let mut col_c0 = vec![0.0f64; g.ncols];
    let mut gap_c0: BTreeMap<i64, f64> = BTreeMap::new();
    let mut lane_c = vec![(0.0f64, 0.0f64); nlanes];
    let mut c = 0.0;
    for l in 0..nlanes {
        let first = g.lane_col0[l];
        let last = first + g.slots_in_lane[l] - 1;
        let left = if l == 0 { width(-1, false) } else { LANE_PAD };
        // Each column's axis from the first's, and where each inner gap's
        // tracks start after its column's axis.
        let mut axis = vec![0.0f64; last - first + 1];
        let mut tracks_at = vec![0.0f64; last - first + 1];
        for cc in first..last {
            let spans = ports
                .gap_spans
                .get(&(cc as i64))
                .map_or(&[][..], Vec::as_slice);
            let (pitch, start) = pack::pitch(
                &stands[cc],
                &stands[cc + 1],
                GAP_MIN,
                spans,
                width(cc as i64, true),
            );
            axis[cc + 1 - first] = axis[cc - first] + pitch;
            tracks_at[cc - first] = start;
        }
        // Every column's nodes stay inside the lane, not only the edge
        // columns': a big node in a middle column may reach past them.
        let lo_ext = (first..=last)
            .map(|cc| axis[cc - first] - col_axis[cc])
            .fold(f64::INFINITY, f64::min);
        let hi_ext = (first..=last)
            .map(|cc| axis[cc - first] + colw[cc] - col_axis[cc])
            .fold(f64::NEG_INFINITY, f64::max);
        let content = left + (hi_ext - lo_ext) + width(last as i64, false);
        let extra = (lane_min[l] - content).max(0.0) / 2.0;
        let start = c;
        if l == 0 {
            gap_c0.insert(-1, c + extra);
        }
        let a0 = c + left + extra - lo_ext;
        for cc in first..=last {
            let a = a0 + axis[cc - first];
            col_c0[cc] = a - col_axis[cc];
            let g0 = if cc == last {
                a0 + hi_ext
            } else {
                a + tracks_at[cc - first]
            };
            gap_c0.insert(cc as i64, g0);
        }
        c = a0 + hi_ext + width(last as i64, false) + extra;
        lane_c[l] = (start, c);
    }
    // Room for an outcome's label beside its choice: to the column's edge
    // or its gap's first track, but not into the next column of the lane (a word longer than the
    // room overflows it: keep a gap's width between).
    let label_end: Vec<f64> = (0..g.ncols)
        .map(|cc| {
            let mut own = col_c0[cc] + colw[cc];
            // Packed columns may start their gap's tracks inside the
            // column's width: a label stops before the first track.
            if tracks_in(cc as i64) > 0 {
                if let Some(&g0) = gap_c0.get(&(cc as i64)) {
                    own = own.min(g0 - 4.0);
                }
            }
            let same_lane = cc + 1 < g.ncols
                && lane_of_col(&g.lane_col0, cc) == lane_of_col(&g.lane_col0, cc + 1);
            if same_lane {
                own.min(col_c0[cc + 1] - GAP_MIN)
            } else {
                own
            }
        })
        .collect();
    let header_main = if bpmn {
        header_column(&lane_names, &lane_c)
    } else {
        0.0
    };
    Cross {
        col_c0,
        label_end,
        col_axis,
        gap_c0,
        lane_c,
        total_cross: c,
        lane_names,
        header_main,
        gap_tracks: ports.gap_tracks.clone(),
        lane_col0: g.lane_col0.clone(),
        ncols: g.ncols,
    }
}

/// Most lines a lane's name is written upwards in, in the BPMN form.
const HEADER_LINES: usize = 3;
/// The narrowest header column: BPMN tools draw theirs 30 px wide.
const HEADER_MIN: f64 = 30.0;

/// How long a lane must be across the flow for its name, written upwards
/// in its header column, to take at most [`HEADER_LINES`] lines: the
/// shortest length from its longest word up, in 4-px steps.
fn upright_length(name: &str) -> f64 {
    let lines = |len: f64| font::wrap(name, size::BODY_SIZE, true, len).len();
    let word = name
        .split_whitespace()
        .map(|w| font::width(w, size::BODY_SIZE, true))
        .fold(0.0, f64::max)
        .ceil();
    let whole = font::width(name, size::BODY_SIZE, true);
    let mut len = word.max((whole / HEADER_LINES as f64).ceil());
    while lines(len) > HEADER_LINES && len < whole {
        len += 4.0;
    }
    len
}

/// The BPMN form's header column: as wide as the most lines any lane's
/// name takes, written upwards along its band (frame.rs wraps it the same way).
fn header_column(names: &[String], bands: &[(f64, f64)]) -> f64 {
    let most = names
        .iter()
        .zip(bands)
        .map(|(name, &(c0, c1))| {
            block(name, size::BODY_SIZE, true, c1 - c0 - 2.0 * size::PAD, true)
                .lines
                .len()
        })
        .max()
        .unwrap_or(0);
    (most as f64 * font::line_height(size::BODY_SIZE) + 2.0 * size::PAD)
        .max(HEADER_MIN)
        .ceil()
}

/// Placement of one node, in flow coordinates.
pub struct Placed {
    pub c0: f64,
    pub m0: f64,
    pub cw: f64,
    pub mh: f64,
    /// The symbol, relative to (c0, m0), in flow coordinates.
    pub bc0: f64,
    pub bm0: f64,
    pub bcw: f64,
    pub bmh: f64,
}

impl Placed {
    /// Port `k` of `m` along the symbol's side, across the flow.
    pub fn port_c(&self, k: usize, m: usize) -> f64 {
        self.c0 + self.bc0 + self.bcw * (k as f64 + 1.0) / (m as f64 + 1.0)
    }
}

/// Each node's symbol on its column's axis; along the flow, main_axis places it.
pub fn place(sized: &[Sized], plan: &Plan, cross: &Cross, bpmn: bool) -> Vec<Placed> {
    let col = &plan.grid.col;
    sized
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (cw, mh) = (cross_ext(s, bpmn), main_ext(s, bpmn));
            let (bc0, bm0, bcw, bmh) = if bpmn {
                (s.body.y, s.body.x, s.body.h, s.body.w)
            } else {
                (s.body.x, s.body.y, s.body.w, s.body.h)
            };
            Placed {
                c0: cross.col_c0[col[i]] + cross.col_axis[col[i]] - axis_split(s, bpmn).0,
                m0: 0.0,
                cw,
                mh,
                bc0,
                bm0,
                bcw,
                bmh,
            }
        })
        .collect()
}

/// Where each flow leaves its source and enters its target, across the flow.
pub struct Ends {
    pub pouts: Vec<f64>,
    pub pins: Vec<f64>,
}

/// The channel a jog turns in.
pub fn jog_channel(plan: &Plan, f: &Flows, k: usize) -> i64 {
    let rank = &plan.grid.rank;
    match plan.routes[k] {
        Route::JogLate => rank[f.pairs[k].1] as i64 - 1,
        _ => rank[f.pairs[k].0] as i64,
    }
}

pub fn edge_ends(
    f: &Flows,
    plan: &Plan,
    ports: &Ports,
    sized: &[Sized],
    placed: &[Placed],
) -> Ends {
    let (routes, pairs, rank) = (&plan.routes, &f.pairs, &plan.grid.rank);
    let (out_port, in_port) = (&ports.out_port, &ports.in_port);
    // A flow that is alone on its side of a box, and whose other end lies
    // over the box, meets the box straight, without a jog.
    let straight = |k: usize, i: usize, alone: bool, x: f64| {
        let pl = &placed[i];
        matches!(routes[k], Route::JogLate | Route::JogEarly)
            && alone
            && matches!(sized[i].kind, NodeKind::Step | NodeKind::Ref)
            && x > pl.c0 + pl.bc0 + 8.0
            && x < pl.c0 + pl.bc0 + pl.bcw - 8.0
    };
    let pouts: Vec<f64> = (0..f.edges.len())
        .map(|k| {
            let (u, v) = pairs[k];
            let pout = placed[u].port_c(out_port[k].0, out_port[k].1);
            let pin = placed[v].port_c(in_port[k].0, in_port[k].1);
            if straight(k, u, out_port[k].1 == 1, pin) {
                pin
            } else {
                pout
            }
        })
        .collect();
    // Legs going down from a source: (x, first channel, last channel, edge).
    let mut up_legs: Vec<(f64, i64, i64, usize)> = Vec::new();
    for (k, r) in routes.iter().enumerate() {
        let (u, v) = pairs[k];
        let pout = pouts[k];
        match r {
            Route::JogLate => up_legs.push((pout, rank[u] as i64, rank[v] as i64 - 1, k)),
            Route::JogEarly | Route::Gap(_) | Route::Around(_) => {
                up_legs.push((pout, rank[u] as i64, rank[u] as i64, k))
            }
            Route::Back(_) | Route::Side | Route::SideGap(_) => {}
        }
    }
    // Flows into one node join before it, as in a hand-drawn flowchart:
    // one entry and one arrowhead instead of a comb. They enter where one
    // of them comes straight down from its source, or in the middle.
    let mut joined: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, e) in f.edges.iter().enumerate() {
        if e.kind == FlowKind::Sequence {
            joined.entry(pairs[k].1).or_default().push(k);
        }
    }
    joined.retain(|_, ks| ks.len() >= 2);
    let join_x: BTreeMap<usize, f64> = joined
        .iter()
        .map(|(&v, ks)| {
            let pl = &placed[v];
            let (lo, hi) = (pl.c0 + pl.bc0 + 8.0, pl.c0 + pl.bc0 + pl.bcw - 8.0);
            let over = ks.iter().map(|&k| pouts[k]).find(|&x| x > lo && x < hi);
            let mid = pl.c0 + pl.bc0 + pl.bcw / 2.0;
            (v, over.unwrap_or(mid))
        })
        .collect();
    // Where an edge enters its target. An entering leg must not share its
    // line with a leg leaving downwards in the same channel (two edges that
    // swap columns would otherwise overlap whatever their tracks): such an
    // entry moves a little along the target's side.
    let pins: Vec<f64> = (0..f.edges.len())
        .map(|k| {
            let (u, v) = pairs[k];
            let pin = placed[v].port_c(in_port[k].0, in_port[k].1);
            // The channels the entering leg runs through.
            let (lo, hi) = if matches!(routes[k], Route::JogEarly | Route::Side) {
                (rank[u] as i64, rank[v] as i64 - 1)
            } else {
                (rank[v] as i64 - 1, rank[v] as i64 - 1)
            };
            let clash = |x: f64| {
                up_legs
                    .iter()
                    .any(|&(ux, a, b, j)| j != k && (ux - x).abs() < 1.0 && a <= hi && lo <= b)
            };
            let pl = &placed[v];
            let pout = pouts[k];
            if let Some(&x) = join_x
                .get(&v)
                .filter(|_| f.edges[k].kind == FlowKind::Sequence)
            {
                if !clash(x) {
                    return x;
                }
            }
            if straight(k, v, in_port[k].1 == 1, pout) && !clash(pout) {
                return pout;
            }
            if !clash(pin) {
                return pin;
            }
            let step = (pl.bcw / (in_port[k].1 as f64 + 1.0) / 2.0).min(10.0);
            [pin + step, pin - step, pin + step / 2.0, pin - step / 2.0]
                .into_iter()
                .find(|&x| !clash(x) && x > pl.c0 + pl.bc0 && x < pl.c0 + pl.bc0 + pl.bcw)
                .unwrap_or(pin)
        })
        .collect();
    Ends { pouts, pins }
}

/// The tracks of the segments across the flow in each channel.
pub struct Tracks {
    /// By `edge * 2 + slot` (a flow has up to two such segments).
    pub h_track: BTreeMap<usize, usize>,
    pub ch_tracks: BTreeMap<i64, usize>,
}

pub fn channel_tracks(f: &Flows, plan: &Plan, ports: &Ports, cross: &Cross, ends: &Ends) -> Tracks {
    let (routes, pairs, rank) = (&plan.routes, &f.pairs, &plan.grid.rank);
    // Each end of a channel segment continues up (towards the rank above)
    // or down; `true` marks an end that goes up.
    let mut hsegs: BTreeMap<i64, Vec<HSeg>> = BTreeMap::new();
    let mut push_h = |chn: i64, a: (f64, bool), b: (f64, bool), k: usize, slot: usize| {
        if (a.0 - b.0).abs() > 0.01 {
            hsegs.entry(chn).or_default().push(HSeg {
                lo: a.0.min(b.0),
                hi: a.0.max(b.0),
                key: k * 2 + slot,
                ends: [a, b],
            });
        }
    };
    for (k, r) in routes.iter().enumerate() {
        let (u, v) = pairs[k];
        let pin = ends.pins[k];
        match *r {
            Route::JogLate | Route::JogEarly => {
                push_h(
                    jog_channel(plan, f, k),
                    (ends.pouts[k], true),
                    (pin, false),
                    k,
                    0,
                );
            }
            Route::Gap(g) => {
                let pout = ends.pouts[k];
                let gx = cross.gap_x(g, ports.gap_track[k]);
                push_h(rank[u] as i64, (pout, true), (gx, false), k, 0);
                push_h(rank[v] as i64 - 1, (gx, true), (pin, false), k, 1);
            }
            Route::Back(g) => {
                let gx = cross.gap_x(g, ports.gap_track[k]);
                push_h(rank[v] as i64 - 1, (gx, false), (pin, false), k, 1);
            }
            Route::SideGap(g) => {
                let gx = cross.gap_x(g, ports.gap_track[k]);
                push_h(rank[v] as i64 - 1, (gx, true), (pin, false), k, 1);
            }
            Route::Side => {}
            Route::Around(g) => {
                let gx = cross.gap_x(g, ports.gap_track[k]);
                push_h(rank[u] as i64, (ends.pouts[k], true), (gx, true), k, 0);
                push_h(rank[v] as i64 - 1, (gx, false), (pin, false), k, 1);
            }
        }
    }
    let mut h_track: BTreeMap<usize, usize> = BTreeMap::new();
    let mut ch_tracks: BTreeMap<i64, usize> = BTreeMap::new();
    for (chn, segs) in hsegs {
        let mut count = 0;
        for (key, t) in color_channel(segs, 6.0) {
            h_track.insert(key, t);
            count = count.max(t + 1);
        }
        ch_tracks.insert(chn, count);
    }
    Tracks { h_track, ch_tracks }
}

/// Outcome labels, and the room they take at the start of each channel.
pub struct Labels {
    pub text: Vec<Option<TextBlock>>,
    pub zone: BTreeMap<i64, f64>,
}

/// The first and last port of the flows leaving `u` by its far end, and
/// whether some flow leaves it by its left side, by its right.
fn outer_ports(plan: &Plan, f: &Flows, ports: &Ports, u: usize) -> (usize, usize, bool, bool) {
    let col = &plan.grid.col;
    let mut out = (usize::MAX, 0, false, false);
    for &k in &f.from[u] {
        let (r, v) = (plan.routes[k], f.pairs[k].1);
        if r.by_side() {
            if super::ports::leaves_left(r, col[u], col[v]) {
                out.2 = true;
            } else {
                out.3 = true;
            }
        } else {
            let p = ports.out_port[k].0;
            (out.0, out.1) = (out.0.min(p), out.1.max(p));
        }
    }
    out
}

/// Whether the label of flow `k`, leaving by its source's far end, goes
/// on the left of its line: the outer side of the outermost of that end's
/// lines, away from a run out of a side corner.
pub fn label_left(plan: &Plan, f: &Flows, ports: &Ports, k: usize) -> bool {
    let (lo, hi, by_left, by_right) = outer_ports(plan, f, ports, f.pairs[k].0);
    if lo < hi {
        ports.out_port[k].0 == lo
    } else {
        by_right && !by_left
    }
}

/// The least room between a choice's side and its lane's border that a
/// label beside a run out of that side is wrapped to; with less, the run
/// crosses the border first and the label stands beyond it.
const BORDER_ROOM: f64 = 48.0;

/// Choice labels, beside the first segment of each outcome, in the label
/// zone at the start of the channel below the choice's rank.
#[allow(clippy::too_many_arguments)]
pub fn outcome_labels(
    p: &Process,
    lang: Lang,
    bpmn: bool,
    f: &Flows,
    plan: &Plan,
    ports: &Ports,
    cross: &Cross,
    (sized, placed): (&[Sized], &[Placed]),
) -> Labels {
    let (rank, col) = (&plan.grid.rank, &plan.grid.col);
    let mut text: Vec<Option<TextBlock>> = vec![None; f.edges.len()];
    let mut zone: BTreeMap<i64, f64> = BTreeMap::new();
    for (k, e) in f.edges.iter().enumerate() {
        let Some(label) = e.label.as_ref().filter(|_| e.kind == FlowKind::Sequence) else {
            continue;
        };
        let u = e.from;
        let (pk, pm) = ports.out_port[k];
        let pl = &placed[u];
        let spacing = pl.bcw / (pm as f64 + 1.0);
        let here = pl.port_c(pk, pm);
        let side = plan.routes[k].by_side();
        let room = if side {
            // Beside the run out of the corner to the target's column, or
            // to its gap.
            let to = match plan.routes[k] {
                Route::Back(g) | Route::SideGap(g) => cross.gap_x(g, ports.gap_track[k]),
                _ => cross.col_c0[col[e.to]] + cross.col_axis[col[e.to]],
            };
            let from = if to < here {
                pl.c0 + pl.bc0
            } else {
                pl.c0 + pl.bc0 + pl.bcw
            };
            // A run into a gap may cross lanes: its label stands in the
            // source's lane, not over its border, where the lane has room
            // for a word or two (draw.rs keeps it off every border).
            let (lo, hi) = cross.lane_c[plan.lane[u]];
            let border = if to < here { from - lo } else { hi - from };
            let run = (to - from).abs();
            if matches!(plan.routes[k], Route::SideGap(_)) && border >= BORDER_ROOM {
                run.min(border) - 6.0
            } else {
                run - 6.0
            }
        } else if f.corners[u] && label_left(plan, f, ports, k) {
            (here - cross.col_c0[col[u]]).max(spacing)
        } else if pk + 1 == pm || (f.corners[u] && pk == outer_ports(plan, f, ports, u).1) {
            (cross.label_end[col[u]] - here).max(spacing)
        } else {
            spacing
        };
        let wrap = if bpmn {
            sized[u].label_wrap
        } else {
            (room - 8.0).max(16.0)
        };
        let tb = block(
            label.get(lang, p.default_lang()),
            size::SMALL_SIZE,
            false,
            wrap,
            false,
        );
        // A label beside a run out of the side stands in the rank; the
        // channel after it keeps room for it all the same, where draw.rs
        // puts it when the rank has none.
        let main_need = if bpmn { tb.rect.w } else { tb.rect.h };
        let z = zone.entry(rank[u] as i64).or_insert(0.0);
        *z = z.max(main_need + 4.0);
        text[k] = Some(tb);
    }
    Labels { text, zone }
}

/// The main axis: where each rank and channel starts along the flow.
pub struct Along {
    pub ch_m: BTreeMap<i64, f64>,
    pub total_main: f64,
    zone: BTreeMap<i64, f64>,
}

impl Along {
    /// The line of track `t` in channel `chn`, below its label zone.
    pub fn track_m(&self, chn: i64, t: usize) -> f64 {
        self.ch_m.get(&chn).copied().unwrap_or(0.0)
            + self.zone.get(&chn).copied().unwrap_or(0.0)
            + (t as f64 + 1.0) * TRACK
    }
}

/// Ranks as tall as their tallest node, channels as their tracks and
/// labels need; sets each node's place along the flow.
pub fn main_axis(
    header_main: f64,
    plan: &Plan,
    tracks: &Tracks,
    labels: &Labels,
    placed: &mut [Placed],
) -> Along {
    let (rank, nranks) = (&plan.grid.rank, plan.grid.nranks);
    let ch_size = |chn: i64| {
        let t = tracks.ch_tracks.get(&chn).copied().unwrap_or(0) as f64;
        let z = labels.zone.get(&chn).copied().unwrap_or(0.0);
        let min = if chn < 0 || chn as usize + 1 >= nranks {
            16.0
        } else {
            CHANNEL_MIN
        };
        (z + (t + 1.0) * TRACK).max(min)
    };
    let mut row_m = vec![0.0f64; nranks];
    let mut row_h = vec![0.0f64; nranks];
    for (i, pl) in placed.iter().enumerate() {
        row_h[rank[i]] = row_h[rank[i]].max(pl.mh);
    }
    let mut ch_m: BTreeMap<i64, f64> = BTreeMap::new();
    let mut m = header_main;
    ch_m.insert(-1, m);
    m += ch_size(-1);
    for r in 0..nranks {
        row_m[r] = m;
        m += row_h[r];
        ch_m.insert(r as i64, m);
        m += ch_size(r as i64);
    }
    if nranks == 0 {
        m += 40.0;
    }
    for (i, pl) in placed.iter_mut().enumerate() {
        pl.m0 = row_m[rank[i]] + (row_h[rank[i]] - pl.mh) / 2.0;
    }
    Along {
        ch_m,
        total_main: m,
        zone: labels.zone.clone(),
    }
}
