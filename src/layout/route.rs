//! Ranks, order, routes and coordinates (see the module docs of layout).

use super::choose::{choose, Route};
use super::frame::lane_boxes;
use super::geometry::{Diagram, EdgePath, Point, Rect, Shape, TextBlock};
use super::lanes;
use super::order::{self, lane_of_col, Grid};
use super::ports;
use super::ranks;
use super::size::{self, block, Sized, LABEL_WRAP};
use super::title::{shift_body, title_blocks, wrap_title};
use super::tracks::{color_channel, gap_tracks, HSeg};
use crate::font;
use crate::model::{back_edges, FlowKind, LaneOrder, Lang, NodeKind, Orientation, Process};
use std::collections::BTreeMap;

/// Between slot columns of one lane.
const GAP_MIN: f64 = 20.0;
/// Between a lane's border and its nodes.
const LANE_PAD: f64 = 14.0;
/// Between parallel segments in a channel or gap.
const TRACK: f64 = 10.0;
const CHANNEL_MIN: f64 = 26.0;
const MARGIN: f64 = 16.0;
use super::frame::HEADER_COL;

/// Placement of one node, in flow coordinates.
struct Placed {
    c0: f64,
    m0: f64,
    cw: f64,
    mh: f64,
    /// The symbol, relative to (c0, m0), in flow coordinates.
    bc0: f64,
    bm0: f64,
    bcw: f64,
    bmh: f64,
}

pub fn run(p: &Process, lang: Lang, orient: Orientation) -> Diagram {
    let bpmn = orient == Orientation::Bpmn;
    let n = p.nodes.len();
    let ids = p.node_ids();
    let nlanes = p.lanes.len().max(1);
    let edges = p.all_edges();
    let pairs: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    // Lanes are numbered by their place on the page from here on;
    // `model_lane[l]` is the model's lane at place l.
    let given: Vec<usize> = p
        .nodes
        .iter()
        .map(|x| p.lane_index(x.lane()).unwrap_or(0))
        .collect();
    let minor: Vec<bool> = edges.iter().map(|e| e.kind != FlowKind::Sequence).collect();
    let labelled: Vec<bool> = edges
        .iter()
        .map(|e| e.kind == FlowKind::Sequence && e.label.is_some())
        .collect();
    let outs: Vec<usize> = (0..n)
        .map(|i| pairs.iter().filter(|e| e.0 == i).count())
        .collect();
    // A box or an event with one way on may leave by its side (a choice
    // keeps its outcomes below it, where their labels go).
    let side_ok: Vec<bool> = (0..n)
        .map(|i| {
            outs[i] == 1
                && matches!(
                    p.nodes[i].kind(),
                    NodeKind::Step | NodeKind::Ref | NodeKind::Start | NodeKind::Event
                )
        })
        .collect();
    // Lane order, grid and routes for one ranking, with its crossings.
    let starts = p.nodes_of(NodeKind::Start);
    let back = back_edges(n, &pairs, &starts);
    let plan = |rank: Vec<usize>| {
        let place: Vec<usize> = match p.lane_order {
            LaneOrder::Given => (0..nlanes).collect(),
            LaneOrder::Auto => lanes::order(nlanes, &pairs, &back, &rank, &given),
        };
        let lane: Vec<usize> = given.iter().map(|&l| place[l]).collect();
        let grid = order::grid((back.clone(), rank), &pairs, &lane, nlanes);
        let (routes, crossings) = choose(&grid, &pairs, &minor, &labelled, &side_ok);
        (crossings, place, lane, grid, routes)
    };
    // Branches side by side, unless drawing them one after another
    // crosses less (see ranks.rs).
    let mut chosen = plan(ranks::longest_path(n, &pairs, &back));
    if chosen.0 > 0.0 {
        let serial = plan(ranks::depth_first(n, &starts, &pairs, &back));
        if serial.0 < chosen.0 {
            chosen = serial;
        }
    }
    let (_, place, lane, grid, routes) = chosen;
    let mut model_lane = vec![0; nlanes];
    for (l, &at) in place.iter().enumerate() {
        model_lane[at] = l;
    }
    let Grid {
        back: _,
        rank,
        col,
        nranks,
        ncols,
        slots_in_lane,
        lane_col0,
    } = grid;

    // Sizes.
    let sized: Vec<Sized> = (0..n)
        .map(|i| size::size_node(p, &p.nodes[i], lang, bpmn, outs[i]))
        .collect();
    let cross_ext = |s: &Sized| if bpmn { s.h } else { s.w };
    let main_ext = |s: &Sized| if bpmn { s.w } else { s.h };

    // 3. Ports.
    let (gap_track, gap_tracks) = gap_tracks(&routes, &pairs, &rank, &col);
    let tracks_in = |g: i64| gap_tracks.get(&g).copied().unwrap_or(0);
    let (out_port, in_port) = ports::order(n, &routes, &pairs, &rank, &col, &gap_track);
    let is_left = |k: usize| ports::leaves_left(routes[k], col[pairs[k].0], col[pairs[k].1]);

    // 4a. Cross coordinates.
    let mut colw = vec![0.0f64; ncols];
    for i in 0..n {
        colw[col[i]] = colw[col[i]].max(cross_ext(&sized[i]));
    }
    for w in colw.iter_mut() {
        if *w == 0.0 {
            *w = if bpmn { 40.0 } else { 90.0 };
        }
    }
    let lane_names: Vec<String> = (0..nlanes)
        .map(|l| {
            p.lanes
                .get(model_lane[l])
                .map(|x| x.name.get(lang, p.default_lang()).to_string())
                .unwrap_or_default()
        })
        .collect();
    let lane_min: Vec<f64> = lane_names
        .iter()
        .map(|name| {
            if bpmn {
                block(
                    name,
                    size::BODY_SIZE,
                    true,
                    HEADER_COL - 2.0 * size::PAD,
                    true,
                )
                .rect
                .h + 2.0 * size::PAD
            } else {
                let word = name
                    .split_whitespace()
                    .map(|w| font::width(w, size::BODY_SIZE, true))
                    .fold(0.0, f64::max);
                (word + 2.0 * size::PAD + 2.0).max(110.0)
            }
        })
        .collect();
    let gap_width = |g: i64, inner: bool| {
        let t = tracks_in(g) as f64;
        if inner {
            GAP_MIN.max((t + 1.0) * TRACK)
        } else {
            LANE_PAD.max((t + 1.0) * TRACK + 4.0)
        }
    };
    let mut col_c0 = vec![0.0f64; ncols];
    let mut gap_c0: BTreeMap<i64, f64> = BTreeMap::new();
    let mut lane_c = vec![(0.0f64, 0.0f64); nlanes];
    let mut c = 0.0;
    for l in 0..nlanes {
        let first = lane_col0[l];
        let last = first + slots_in_lane[l] - 1;
        let left = if l == 0 {
            gap_width(-1, false)
        } else {
            LANE_PAD
        };
        let content = left
            + (first..=last)
                .map(|cc| colw[cc] + gap_width(cc as i64, cc != last))
                .sum::<f64>();
        let extra = (lane_min[l] - content).max(0.0) / 2.0;
        let start = c;
        if l == 0 {
            gap_c0.insert(-1, c + extra);
        }
        c += left + extra;
        for cc in first..=last {
            col_c0[cc] = c;
            c += colw[cc];
            gap_c0.insert(cc as i64, c);
            c += gap_width(cc as i64, cc != last);
        }
        c += extra;
        lane_c[l] = (start, c);
    }
    let total_cross = c;
    let gap_x = |g: i64, t: usize| -> f64 {
        let g0 = gap_c0.get(&g).copied().unwrap_or(0.0);
        let inner = g >= 0
            && (g as usize) + 1 < ncols
            && lane_of_col(&lane_col0, g as usize) == lane_of_col(&lane_col0, g as usize + 1);
        if inner {
            let w = gap_width(g, true);
            g0 + w * (t as f64 + 1.0) / (tracks_in(g) as f64 + 1.0)
        } else if g < 0 {
            // Left of lane 0: tracks nearest the column.
            g0 + gap_width(-1, false) - (t as f64 + 1.0) * TRACK
        } else {
            g0 + (t as f64 + 1.0) * TRACK
        }
    };

    let mut placed: Vec<Placed> = (0..n)
        .map(|i| {
            let s = &sized[i];
            let (cw, mh) = (cross_ext(s), main_ext(s));
            let (bc0, bm0, bcw, bmh) = if bpmn {
                (s.body.y, s.body.x, s.body.h, s.body.w)
            } else {
                (s.body.x, s.body.y, s.body.w, s.body.h)
            };
            Placed {
                c0: col_c0[col[i]] + (colw[col[i]] - cw) / 2.0,
                m0: 0.0,
                cw,
                mh,
                bc0,
                bm0,
                bcw,
                bmh,
            }
        })
        .collect();
    let port_c = |pl: &Placed, k: usize, m: usize| {
        pl.c0 + pl.bc0 + pl.bcw * (k as f64 + 1.0) / (m as f64 + 1.0)
    };

    // Where each edge leaves its source across the flow (for loops, the
    // side port is used instead), and the channel a jog turns in.
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
    let pouts: Vec<f64> = (0..edges.len())
        .map(|k| {
            let (u, v) = pairs[k];
            let pout = port_c(&placed[u], out_port[k].0, out_port[k].1);
            let pin = port_c(&placed[v], in_port[k].0, in_port[k].1);
            if straight(k, u, out_port[k].1 == 1, pin) {
                pin
            } else {
                pout
            }
        })
        .collect();
    let jog_channel = |k: usize| match routes[k] {
        Route::JogLate => rank[pairs[k].1] as i64 - 1,
        _ => rank[pairs[k].0] as i64,
    };
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
            Route::Back(_) | Route::Side => {}
        }
    }
    // Flows into one node join before it, as in a hand-drawn flowchart:
    // one entry and one arrowhead instead of a comb. They enter where one
    // of them comes straight down from its source, or in the middle.
    let mut joined: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, e) in edges.iter().enumerate() {
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
    let pins: Vec<f64> = (0..edges.len())
        .map(|k| {
            let (u, v) = pairs[k];
            let pin = port_c(&placed[v], in_port[k].0, in_port[k].1);
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
                .filter(|_| edges[k].kind == FlowKind::Sequence)
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

    // 4b. Channel tracks from horizontal segments.
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
        let pin = pins[k];
        match *r {
            Route::JogLate | Route::JogEarly => {
                push_h(jog_channel(k), (pouts[k], true), (pin, false), k, 0);
            }
            Route::Gap(g) => {
                let pout = pouts[k];
                let gx = gap_x(g, gap_track[k]);
                push_h(rank[u] as i64, (pout, true), (gx, false), k, 0);
                push_h(rank[v] as i64 - 1, (gx, true), (pin, false), k, 1);
            }
            Route::Back(g) => {
                let gx = gap_x(g, gap_track[k]);
                push_h(rank[v] as i64 - 1, (gx, false), (pin, false), k, 1);
            }
            Route::Side => {}
            Route::Around(g) => {
                let gx = gap_x(g, gap_track[k]);
                push_h(rank[u] as i64, (pouts[k], true), (gx, true), k, 0);
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

    // Choice labels, beside the first segment of each outcome, in the
    // label zone at the start of the channel below the choice's rank.
    let mut labels: Vec<Option<TextBlock>> = vec![None; edges.len()];
    let mut label_zone: BTreeMap<i64, f64> = BTreeMap::new();
    for (k, e) in edges.iter().enumerate() {
        let Some(text) = e.label.as_ref().filter(|_| e.kind == FlowKind::Sequence) else {
            continue;
        };
        let u = e.from;
        let (pk, pm) = out_port[k];
        let pl = &placed[u];
        let spacing = pl.bcw / (pm as f64 + 1.0);
        let here = port_c(pl, pk, pm);
        let room = if pk + 1 == pm {
            (col_c0[col[u]] + colw[col[u]] - here).max(spacing)
        } else {
            spacing
        };
        let (wrap, cross_room) = if bpmn {
            (LABEL_WRAP, room)
        } else {
            ((room - 8.0).max(16.0), room)
        };
        let tb = block(
            text.get(lang, p.default_lang()),
            size::SMALL_SIZE,
            false,
            wrap,
            false,
        );
        let _ = cross_room;
        let main_need = if bpmn { tb.rect.w } else { tb.rect.h };
        let z = label_zone.entry(rank[u] as i64).or_insert(0.0);
        *z = z.max(main_need + 4.0);
        labels[k] = Some(tb);
    }

    // 4c. Main coordinates.
    let header_main = if bpmn { HEADER_COL } else { 0.0 };
    let ch_size = |chn: i64| {
        let t = ch_tracks.get(&chn).copied().unwrap_or(0) as f64;
        let z = label_zone.get(&chn).copied().unwrap_or(0.0);
        let min = if chn < 0 || chn as usize + 1 >= nranks {
            16.0
        } else {
            CHANNEL_MIN
        };
        (z + (t + 1.0) * TRACK).max(min)
    };
    let mut row_m = vec![0.0f64; nranks];
    let mut row_h = vec![0.0f64; nranks];
    for i in 0..n {
        row_h[rank[i]] = row_h[rank[i]].max(placed[i].mh);
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
    let total_main = m;
    for i in 0..n {
        placed[i].m0 = row_m[rank[i]] + (row_h[rank[i]] - placed[i].mh) / 2.0;
    }
    let track_m = |chn: i64, t: usize| {
        ch_m.get(&chn).copied().unwrap_or(0.0)
            + label_zone.get(&chn).copied().unwrap_or(0.0)
            + (t as f64 + 1.0) * TRACK
    };

    // Port positions on the symbol's outline.
    let boundary = |i: usize, pc: f64, after: bool| -> f64 {
        let pl = &placed[i];
        let (top, h) = (pl.m0 + pl.bm0, pl.bmh);
        let half = pl.bcw / 2.0;
        let d = (pc - (pl.c0 + pl.bc0 + half)).abs().min(half);
        let inset = match sized[i].kind {
            NodeKind::Choice => h / 2.0 * d / half,
            NodeKind::Start | NodeKind::End => half - (half * half - d * d).max(0.0).sqrt(),
            _ => 0.0,
        };
        if after {
            top + h - inset
        } else {
            top + inset
        }
    };
    let side_port = |i: usize, k: usize, mm: usize, left: bool| -> (f64, f64) {
        let pl = &placed[i];
        let pm_ = pl.m0 + pl.bm0 + pl.bmh * (k as f64 + 1.0) / (mm as f64 + 1.0);
        let half_m = pl.bmh / 2.0;
        let dm = (pm_ - (pl.m0 + pl.bm0 + half_m)).abs().min(half_m);
        let right = pl.c0 + pl.bc0 + pl.bcw;
        let inset = match sized[i].kind {
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
    };

    // 5. Points, in flow coordinates, then on the page.
    let title = title_blocks(p, lang);
    let title_h: f64 =
        title.iter().map(|t| t.rect.h).sum::<f64>() + if title.is_empty() { 0.0 } else { 10.0 };
    let header_h = if bpmn {
        0.0
    } else {
        (0..nlanes)
            .map(|l| {
                block(
                    &lane_names[l],
                    size::BODY_SIZE,
                    true,
                    lane_c[l].1 - lane_c[l].0 - 2.0 * size::PAD,
                    true,
                )
                .rect
                .h + 2.0 * size::PAD
            })
            .fold(32.0, f64::max)
    };
    let (off_c, off_m) = if bpmn {
        (MARGIN + title_h, MARGIN)
    } else {
        (MARGIN, MARGIN + title_h + header_h)
    };
    let page = |c: f64, m: f64| {
        if bpmn {
            Point {
                x: m + off_m,
                y: c + off_c,
            }
        } else {
            Point {
                x: c + off_c,
                y: m + off_m,
            }
        }
    };
    let page_rect = |c0: f64, m0: f64, cw: f64, mh: f64| {
        let a = page(c0, m0);
        if bpmn {
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
    };

    let mut out_edges = Vec::with_capacity(edges.len());
    for (k, r) in routes.iter().enumerate() {
        let (u, v) = pairs[k];
        let pin = pins[k];
        let min_ = boundary(v, pin, false);
        let mut pts: Vec<(f64, f64)> = Vec::new();
        let ht = |slot: usize| h_track.get(&(k * 2 + slot)).copied().unwrap_or(0);
        match *r {
            Route::JogLate | Route::JogEarly => {
                let pout = pouts[k];
                let tm = track_m(jog_channel(k), ht(0));
                pts.extend([
                    (pout, boundary(u, pout, true)),
                    (pout, tm),
                    (pin, tm),
                    (pin, min_),
                ]);
            }
            Route::Gap(g) | Route::Around(g) => {
                let pout = pouts[k];
                let gx = gap_x(g, gap_track[k]);
                let t1 = track_m(rank[u] as i64, ht(0));
                let t2 = track_m(rank[v] as i64 - 1, ht(1));
                pts.extend([
                    (pout, boundary(u, pout, true)),
                    (pout, t1),
                    (gx, t1),
                    (gx, t2),
                    (pin, t2),
                    (pin, min_),
                ]);
            }
            Route::Side => {
                let (sc, sm) = side_port(u, out_port[k].0, out_port[k].1, is_left(k));
                pts.extend([(sc, sm), (pin, sm), (pin, min_)]);
            }
            Route::Back(g) => {
                let (sc, sm) = side_port(u, out_port[k].0, out_port[k].1, is_left(k));
                let gx = gap_x(g, gap_track[k]);
                let t = track_m(rank[v] as i64 - 1, ht(1));
                pts.extend([(sc, sm), (gx, sm), (gx, t), (pin, t), (pin, min_)]);
            }
        }
        let points = simplify(pts.into_iter().map(|(c, m)| page(c, m)).collect());
        let label = labels[k].take().map(|mut tb| {
            let pout = pouts[k];
            let zone = ch_m.get(&(rank[u] as i64)).copied().unwrap_or(0.0);
            let (cw, mh) = if bpmn {
                (tb.rect.h, tb.rect.w)
            } else {
                (tb.rect.w, tb.rect.h)
            };
            tb.rect = page_rect(pout + 4.0, zone + 2.0, cw, mh);
            tb
        });
        out_edges.push(EdgePath {
            from: u,
            to: v,
            points,
            label,
            back: matches!(r, Route::Back(_) | Route::Around(_)),
            kind: edges[k].kind,
        });
    }

    let shapes: Vec<Shape> = (0..n)
        .map(|i| {
            let pl = &placed[i];
            let s = &sized[i];
            let bounds = page_rect(pl.c0, pl.m0, pl.cw, pl.mh);
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
                lane: lane[i],
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
        .collect();

    // Lanes and frame.
    let frame_main = total_main + if bpmn { 0.0 } else { header_h };
    let frame = if bpmn {
        Rect {
            x: MARGIN,
            y: MARGIN + title_h,
            w: total_main,
            h: total_cross,
        }
    } else {
        Rect {
            x: MARGIN,
            y: MARGIN + title_h,
            w: total_cross,
            h: frame_main,
        }
    };
    let lane_ids: Vec<String> = (0..nlanes)
        .map(|l| {
            p.lanes
                .get(model_lane[l])
                .map(|x| x.id.clone())
                .unwrap_or_default()
        })
        .collect();
    let lanes = lane_boxes(frame, &lane_c, &lane_names, lane_ids, bpmn, header_h);

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
        edges: out_edges,
    };
    if grow > 0.0 {
        shift_body(&mut d, grow);
    }
    d
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
