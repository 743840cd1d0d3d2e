//! Coordinates for every element of every plane, on a grid.
//!
//! Columns follow the sequence flows (longest path, loops found by an
//! iterative depth-first walk and not ranked); each band (a leaf lane, a
//! pool without lanes, a sub-process's plane) has as many rows as its
//! busiest column. A shape sits centred in its cell; cells are 100 × 80,
//! with gaps of 60 between them, and a flow runs out of its source into
//! the gap beside it, along gaps only, and into its target's side: no
//! shape is ever in its way. Boundary events sit on their host's bottom
//! (then top) border and their flows leave through the gap below (above).

use super::read::{EdgeKind, End, Model};
use super::route::{self, Box2, Dir, Obstacles, Port, Pt};
use std::collections::{HashMap, HashSet, VecDeque};

pub const CELL_W: f64 = 100.0;
pub const CELL_H: f64 = 80.0;
pub const GAP: f64 = 60.0;
const PX: f64 = CELL_W + GAP;
const PY: f64 = CELL_H + GAP;
const HEADER: f64 = 30.0;
const BLACK_BOX_H: f64 = 60.0;
const POOL_GAP: f64 = 40.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
    fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// One plane's drawing.
#[derive(Debug, Clone, Default)]
pub struct Placed {
    pub pools: Vec<(usize, Rect)>,
    pub lanes: Vec<(usize, Rect)>,
    pub shapes: Vec<(usize, Rect)>,
    pub edges: Vec<(usize, Vec<(f64, f64)>)>,
    /// Edges that have no two distinct ends on this plane.
    pub skipped: Vec<usize>,
}

/// The size BPMN tools give an element.
pub fn size(kind: &str) -> (f64, f64) {
    match kind {
        k if k.ends_with("Event") => (36.0, 36.0),
        k if k.ends_with("Gateway") => (50.0, 50.0),
        "dataObjectReference" | "dataInput" | "dataOutput" => (36.0, 50.0),
        "dataStoreReference" => (50.0, 50.0),
        "textAnnotation" => (100.0, 30.0),
        _ => (CELL_W, CELL_H),
    }
}

/// Where an item sits on the grid.
#[derive(Debug, Clone, Copy)]
struct Cell {
    band: usize,
    col: usize,
    row: usize,
}

/// Every plane, each below the one before (bpmn-js shows one plane at a
/// time; tools that read every plane into one picture see no overlap).
pub fn place(m: &Model) -> Vec<Placed> {
    let mut dy = 0.0;
    let mut out = Vec::new();
    let mut items: Vec<Vec<usize>> = vec![Vec::new(); m.planes.len()];
    for (i, it) in m.items.iter().enumerate() {
        items[it.plane].push(i);
    }
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); m.planes.len()];
    for (k, e) in m.edges.iter().enumerate() {
        edges[e.plane].push(k);
    }
    for p in 0..m.planes.len() {
        let mut pl = place_plane(m, p, &items[p], &edges[p]);
        let mut bottom: f64 = 0.0;
        for (_, r) in pl
            .pools
            .iter_mut()
            .chain(&mut pl.lanes)
            .chain(&mut pl.shapes)
        {
            r.y += dy;
            bottom = bottom.max(r.bottom());
        }
        for (_, pts) in &mut pl.edges {
            for pt in pts.iter_mut() {
                pt.1 += dy;
                bottom = bottom.max(pt.1);
            }
        }
        dy = bottom + 100.0;
        out.push(pl);
    }
    out
}

/// The columns of a plane's flow nodes: longest path over the forward
/// flows (a boundary event's flows leave from its host).
fn columns(m: &Model, items: &[usize], edges: &[usize]) -> HashMap<usize, usize> {
    let anchor = |i: usize| m.items[i].host.unwrap_or(i);
    let ranked: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| m.items[i].flow && m.items[i].host.is_none())
        .collect();
    let index: HashMap<usize, usize> = ranked.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let n = ranked.len();
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_in = vec![false; n];
    for e in edges
        .iter()
        .map(|&k| &m.edges[k])
        .filter(|e| e.kind == EdgeKind::Sequence)
    {
        if let (End::Item(a), End::Item(b)) = (e.from, e.to) {
            if let (Some(&a), Some(&b)) = (index.get(&anchor(a)), index.get(&anchor(b))) {
                if a != b {
                    succ[a].push(b);
                    has_in[b] = true;
                }
            }
        }
    }
    // Back edges: iterative depth-first walk, from nodes nothing enters first.
    let mut state = vec![0u8; n]; // 0 new, 1 on the path, 2 done
    let mut forward: Vec<Vec<usize>> = vec![Vec::new(); n];
    let roots: Vec<usize> = (0..n).filter(|&k| !has_in[k]).chain(0..n).collect();
    for r in roots {
        if state[r] != 0 {
            continue;
        }
        let mut stack = vec![(r, 0usize)];
        state[r] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if *next < succ[v].len() {
                let w = succ[v][*next];
                *next += 1;
                match state[w] {
                    0 => {
                        forward[v].push(w);
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {} // a loop back
                    _ => forward[v].push(w),
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    // Longest path in topological order (Kahn).
    let mut indeg = vec![0usize; n];
    for s in &forward {
        for &w in s {
            indeg[w] += 1;
        }
    }
    let mut col = vec![0usize; n];
    let mut q: VecDeque<usize> = (0..n).filter(|&k| indeg[k] == 0).collect();
    while let Some(v) = q.pop_front() {
        for &w in &forward[v] {
            col[w] = col[w].max(col[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                q.push_back(w);
            }
        }
    }
    ranked
        .iter()
        .enumerate()
        .map(|(k, &i)| (i, col[k]))
        .collect()
}

fn place_plane(m: &Model, plane: usize, items: &[usize], edges: &[usize]) -> Placed {
    let plane_edges = || edges.iter().map(|&k| (k, &m.edges[k]));
    // Bands, top to bottom: leaf lanes in document order, or the pool.
    let mut bands: Vec<(usize, Option<usize>)> = Vec::new();
    for &pool in &m.planes[plane].pools {
        let mut stack: Vec<usize> = m.pools[pool].lanes.iter().rev().copied().collect();
        if stack.is_empty() {
            bands.push((pool, None));
        }
        while let Some(l) = stack.pop() {
            if m.lanes[l].children.is_empty() {
                bands.push((pool, Some(l)));
            }
            stack.extend(m.lanes[l].children.iter().rev());
        }
    }
    let band_of = |i: usize| -> usize {
        let it = &m.items[i];
        bands
            .iter()
            .position(|&(p, l)| p == it.pool && l == it.lane)
            .or_else(|| bands.iter().position(|&(p, _)| p == it.pool))
            .unwrap_or(0)
    };
    let mut col = columns(m, items, edges);
    // Artifacts: in the column of what they are associated with.
    let mut partner: HashMap<usize, usize> = HashMap::new();
    for e in edges
        .iter()
        .map(|&k| &m.edges[k])
        .filter(|e| matches!(e.kind, EdgeKind::Association | EdgeKind::Data))
    {
        // An annotation on a flow sits by the flow's source.
        let source = |x: End| match x {
            End::Flow(f) => match m.edges[f].from {
                End::Item(i) => End::Item(i),
                _ => x,
            },
            _ => x,
        };
        if let (End::Item(a), End::Item(b)) = (source(e.from), source(e.to)) {
            let (a, b) = (m.visible(a, plane), m.visible(b, plane));
            if let (Some(a), Some(b)) = (a, b) {
                for (art, other) in [(a, b), (b, a)] {
                    if !m.items[art].flow && m.items[other].flow {
                        partner
                            .entry(art)
                            .or_insert(m.items[other].host.unwrap_or(other));
                    }
                }
            }
        }
    }
    let mut band_at: HashMap<usize, usize> = HashMap::new();
    for &i in items {
        if m.items[i].flow {
            band_at.insert(i, band_of(i));
        } else if let Some(&p) = partner.get(&i) {
            col.insert(i, col.get(&p).copied().unwrap_or(0));
            band_at.insert(i, band_of(p));
        } else {
            col.insert(i, 0);
            band_at.insert(i, band_of(i));
        }
    }
    // Rows: column by column, each flow node in its first predecessor's
    // row if free, else the first free row below it; a boundary event's
    // successor one row below its host (its flow leaves downwards). In a
    // column, the nodes whose predecessor sits higher choose first, and a
    // boundary event's successors after the activity's own: the main flow
    // keeps its straight line. Then the artifacts.
    let mut pred: HashMap<usize, (usize, Option<usize>)> = HashMap::new();
    for e in edges
        .iter()
        .map(|&k| &m.edges[k])
        .filter(|e| e.kind == EdgeKind::Sequence)
    {
        if let (End::Item(a), End::Item(b)) = (e.from, e.to) {
            let host = m.items[a].host;
            pred.entry(b)
                .or_insert((host.unwrap_or(a), host.map(|_| a)));
        }
    }
    // A boundary event's place on its host's bottom border: the k-th of
    // the host's events sits at 0.25, 0.75 of its width (see below). The
    // successors of the right one take the upper rows, so that the flows
    // from both leave downwards without crossing.
    let mut slot: HashMap<usize, usize> = HashMap::new();
    let mut per_host: HashMap<usize, usize> = HashMap::new();
    for &i in items {
        if let Some(h) = m.items[i].host {
            let k = per_host.entry(h).or_insert(0);
            slot.insert(i, *k);
            *k += 1;
        }
    }
    let comp = components(m, items, edges);
    let mut order: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| m.items[i].host.is_none())
        .collect();
    order.sort_by_key(|&i| {
        let flow = m.items[i].flow;
        (!flow, if flow { comp[&i] } else { 0 }, col[&i], i)
    });
    let mut taken: HashSet<(usize, usize, usize)> = HashSet::new();
    let mut cell: HashMap<usize, Cell> = HashMap::new();
    // The first row each band has free for the component being placed:
    // a component is drawn below the ones before it, not between them.
    let mut floor = vec![0usize; bands.len()];
    let mut used = vec![0usize; bands.len()];
    let group_of = |i: usize| {
        let flow = m.items[i].flow;
        (flow, if flow { comp[&i] } else { usize::MAX }, col[&i])
    };
    let mut at = 0;
    while at < order.len() {
        let group = group_of(order[at]);
        if at == 0 || group_of(order[at - 1]).1 != group.1 {
            floor.clone_from(&used);
        }
        let mut end = at;
        while end < order.len() && group_of(order[end]) == group {
            end += 1;
        }
        let mut list: Vec<(usize, Option<usize>, usize)> = order[at..end]
            .iter()
            .map(|&i| {
                let band = band_at[&i];
                let (want, rank) = match pred.get(&i) {
                    Some(&(p, via)) => (
                        cell.get(&p)
                            .filter(|pc| pc.band == band)
                            .map(|pc| pc.row + usize::from(via.is_some())),
                        // the activity's own successors first, then those
                        // of its events from right to left
                        via.map_or(0, |b| 4 - slot[&b].min(3)),
                    ),
                    None => (None, 0),
                };
                (i, want, rank)
            })
            .collect();
        list.sort_by_key(|&(i, want, rank)| (want.unwrap_or(usize::MAX), rank, i));
        for (i, want, _) in list {
            let (band, c) = (band_at[&i], col[&i]);
            let from = if m.items[i].flow {
                want.unwrap_or(0).max(floor[band])
            } else {
                0
            };
            let row = (from..)
                .find(|r| !taken.contains(&(band, c, *r)))
                .unwrap_or(0);
            taken.insert((band, c, row));
            used[band] = used[band].max(row + 1);
            cell.insert(i, Cell { band, col: c, row });
        }
        at = end;
    }
    let mut rows = vec![1usize; bands.len()];
    for c in cell.values() {
        rows[c.band] = rows[c.band].max(c.row + 1);
    }
    let ncols = cell.values().map(|c| c.col + 1).max().unwrap_or(1);

    // Across: headers, then the columns.
    let pools = &m.planes[plane].pools;
    let with_pool = pools.iter().any(|&p| m.pools[p].participant.is_some());
    let depth = pools
        .iter()
        .flat_map(|&p| lanes_below(m, p))
        .map(|l| m.lanes[l].depth + 1)
        .max()
        .unwrap_or(0);
    let header = if with_pool { HEADER } else { 0.0 } + depth as f64 * HEADER;
    let x0 = header + 40.0;
    let width = x0 + ncols as f64 * PX - GAP + 40.0;

    // Down: pools, their bands.
    let mut out = Placed::default();
    let mut band_y = vec![0.0; bands.len()];
    let mut band_h = vec![0.0; bands.len()];
    let mut y = 0.0;
    for &pool in pools {
        let top = y;
        for (b, &(p, _)) in bands.iter().enumerate() {
            if p != pool {
                continue;
            }
            band_y[b] = y;
            band_h[b] = if m.pools[pool].black_box {
                BLACK_BOX_H
            } else {
                rows[b] as f64 * PY
            };
            y += band_h[b];
        }
        let pool_rect = Rect {
            x: 0.0,
            y: top,
            w: width,
            h: y - top,
        };
        out.pools.push((pool, pool_rect));
        // Lanes: leaves are bands; a lane with lanes inside spans them.
        let lx = if m.pools[pool].participant.is_some() {
            HEADER
        } else {
            0.0
        };
        let mut lane_rect: HashMap<usize, Rect> = HashMap::new();
        let below = lanes_below(m, pool);
        for &l in below.iter().rev() {
            let x = lx + m.lanes[l].depth as f64 * HEADER;
            let r = if m.lanes[l].children.is_empty() {
                let b = bands.iter().position(|&(_, bl)| bl == Some(l)).unwrap_or(0);
                Rect {
                    x,
                    y: band_y[b],
                    w: width - x,
                    h: band_h[b],
                }
            } else {
                let kids: Vec<Rect> = m.lanes[l].children.iter().map(|c| lane_rect[c]).collect();
                let y0 = kids.iter().map(|r| r.y).fold(f64::MAX, f64::min);
                let y1 = kids.iter().map(|r| r.bottom()).fold(f64::MIN, f64::max);
                Rect {
                    x,
                    y: y0,
                    w: width - x,
                    h: y1 - y0,
                }
            };
            lane_rect.insert(l, r);
        }
        for &l in &below {
            out.lanes.push((l, lane_rect[&l]));
        }
        y += POOL_GAP;
    }

    // Shapes.
    let centre = |c: &Cell| -> (f64, f64) {
        (
            x0 + c.col as f64 * PX + CELL_W / 2.0,
            band_y[c.band] + c.row as f64 * PY + GAP / 2.0 + CELL_H / 2.0,
        )
    };
    let mut rect: HashMap<usize, Rect> = HashMap::new();
    for &i in &order {
        let (cx, cy) = centre(&cell[&i]);
        let (w, h) = size(&m.items[i].kind);
        rect.insert(
            i,
            Rect {
                x: cx - w / 2.0,
                y: cy - h / 2.0,
                w,
                h,
            },
        );
    }
    // Boundary events: bottom border, left then right; then the top.
    let mut on_host: HashMap<usize, usize> = HashMap::new();
    let mut side: HashMap<usize, bool> = HashMap::new(); // true: bottom
    for &i in items {
        let Some(h) = m.items[i].host else { continue };
        let k = on_host.entry(h).or_insert(0);
        let hr = rect[&h];
        let (fx, bottom) = match *k {
            0 => (0.25, true),
            1 => (0.75, true),
            2 => (0.25, false),
            3 => (0.75, false),
            _ => (0.5, true),
        };
        *k += 1;
        let cy = if bottom { hr.bottom() } else { hr.y };
        rect.insert(
            i,
            Rect {
                x: hr.x + hr.w * fx - 18.0,
                y: cy - 18.0,
                w: 36.0,
                h: 36.0,
            },
        );
        side.insert(i, bottom);
        cell.insert(i, cell[&h]);
    }
    for &i in items {
        out.shapes.push((i, rect[&i]));
    }

    // Flows.
    let gap_right = |c: usize| x0 + c as f64 * PX + CELL_W + GAP / 2.0;
    let gap_left = |c: usize| x0 + c as f64 * PX - GAP / 2.0;
    let cell_top = |c: &Cell| band_y[c.band] + c.row as f64 * PY + GAP / 2.0;
    let pool_rect = |p: usize| out.pools.iter().find(|(q, _)| *q == p).map(|(_, r)| *r);
    // Where each flow enters the gap beside its source: an annotation's
    // association meets the flow there.
    let mut anchor: HashMap<usize, (f64, f64)> = HashMap::new();
    let mut on_flows = Vec::new();
    // Flows an association meets keep the grid route, whose point in the
    // gap beside the source the association runs to.
    let attached: HashSet<usize> = plane_edges()
        .flat_map(|(_, e)| [e.from, e.to])
        .filter_map(|x| match x {
            End::Flow(f) => Some(f),
            _ => None,
        })
        .collect();
    let obstacle_of: HashMap<usize, usize> =
        items.iter().enumerate().map(|(o, &i)| (i, o)).collect();
    let obstacles = Obstacles::new(
        items
            .iter()
            .map(|i| {
                let r = rect[i];
                Box2 {
                    x0: r.x,
                    y0: r.y,
                    x1: r.right(),
                    y1: r.bottom(),
                }
            })
            .collect(),
        PX,
    );
    // Sequence flows first: they are the process, and the other flows
    // route around them.
    let mut ordered: Vec<(usize, &super::read::Edge)> = plane_edges().collect();
    ordered.sort_by_key(|(k, e)| (e.kind != EdgeKind::Sequence, *k));
    // Beyond this many flows, choosing among candidates costs more time
    // than a reader gains: every candidate is scored against every flow
    // routed before it (one task to 1,400 ends: 13 s at 1,500, as against
    // 0.8 s with the grid routes alone).
    let choose = ordered.len() <= 400;
    // Choosing again with every other flow in view (below) costs the
    // square of that: only on planes of a size people draw by hand.
    let refine = ordered.len() <= 150;
    let mut offered: Vec<(usize, Vec<Vec<Pt>>)> = Vec::new();
    let mut routed: Vec<(Pt, Pt)> = Vec::new();
    let keep =
        |edges: &mut Vec<(usize, Vec<Pt>)>, routed: &mut Vec<(Pt, Pt)>, k: usize, pts: Vec<Pt>| {
            routed.extend(pts.windows(2).map(|w| (w[0], w[1])));
            edges.push((k, pts));
        };
    for (k, e) in ordered {
        if matches!(e.from, End::Flow(_)) || matches!(e.to, End::Flow(_)) {
            on_flows.push(k);
            continue;
        }
        let end = |x: End| -> Option<End> {
            match x {
                End::Item(i) => m.visible(i, plane).map(End::Item),
                End::Pool(p) => (m.pools[p].plane == plane).then_some(End::Pool(p)),
                End::Flow(_) => None,
            }
        };
        let (Some(a), Some(b)) = (end(e.from), end(e.to)) else {
            out.skipped.push(k);
            continue;
        };
        // Ends that fell together in a collapsed sub-process; a flow from a
        // node to itself is drawn as a loop.
        if a == b && e.from != e.to {
            out.skipped.push(k);
            continue;
        }
        let off = ((k % 5) as f64 - 2.0) * 4.0;
        let offy = ((k % 3) as f64 - 1.0) * 3.0;
        let mut pts: Vec<(f64, f64)> = Vec::new();
        // Out of the source, into a column gap (or a pool's border).
        let b_col = match b {
            End::Item(j) => Some(cell[&j].col),
            End::Pool(_) | End::Flow(_) => None,
        };
        let mut gx_done: Option<usize> = None; // the column whose right gap we are in
        match a {
            End::Item(i) => {
                let r = rect[&i];
                let c = cell[&i];
                if let Some(&bottom) = side.get(&i) {
                    let host = rect[&m.items[i].host.unwrap_or(i)];
                    let (sy, ty) = if bottom {
                        (r.bottom(), host.bottom() + 24.0 + offy)
                    } else {
                        (r.y, host.y - 24.0 + offy)
                    };
                    pts.push((r.cx(), sy));
                    pts.push((r.cx(), ty));
                    pts.push((gap_right(c.col) + off, ty));
                } else {
                    // Straight on, when the row is free up to the target.
                    if let End::Item(j) = b {
                        let cj = cell[&j];
                        if !side.contains_key(&j)
                            && cj.band == c.band
                            && cj.row == c.row
                            && cj.col > c.col
                            && (c.col + 1..cj.col).all(|x| !taken.contains(&(c.band, x, c.row)))
                        {
                            let rj = rect[&j];
                            anchor.insert(k, (gap_right(c.col), r.cy()));
                            keep(
                                &mut out.edges,
                                &mut routed,
                                k,
                                vec![(r.right(), r.cy()), (rj.x, rj.cy())],
                            );
                            continue;
                        }
                    }
                    pts.push((r.right(), r.cy()));
                    pts.push((gap_right(c.col) + off, r.cy()));
                }
                gx_done = Some(c.col);
            }
            End::Pool(p) | End::Flow(p) => {
                let pr = pool_rect(p).unwrap_or(Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                });
                let x = match b_col {
                    Some(c) => gap_left(c) + off,
                    None => x0 - 20.0 + off,
                };
                let target_y = match b {
                    End::Item(j) => rect[&j].cy(),
                    End::Pool(q) | End::Flow(q) => pool_rect(q).map_or(0.0, |r| r.cy()),
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
        let (mut x, mut y) = *pts.last().unwrap_or(&(0.0, 0.0));
        anchor.insert(k, (x, y));
        match b {
            End::Item(j) => {
                let r = rect[&j];
                let c = cell[&j];
                if let Some(&bottom) = side.get(&j) {
                    let host = rect[&m.items[j].host.unwrap_or(j)];
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
                        let ty = cell_top(&c) - 24.0 + offy;
                        let gx = gap_left(c.col) + off;
                        pts.push((x, ty));
                        pts.push((gx, ty));
                        x = gx;
                        y = ty;
                    }
                    let _ = y;
                    pts.push((x, r.cy()));
                    pts.push((r.x, r.cy()));
                }
            }
            End::Pool(q) | End::Flow(q) => {
                let pr = pool_rect(q).unwrap_or(Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                });
                if matches!(a, End::Pool(_)) {
                    x = pts[0].0;
                }
                let ty = if y < pr.y { pr.y } else { pr.bottom() };
                pts.push((x, ty));
            }
        }
        let grid_route = tidy(pts);
        let pts = match (a, b) {
            (End::Item(i), End::Item(j)) if choose && i != j && !attached.contains(&k) => {
                let ends = Ends {
                    from: (rect[&i], side.get(&i).copied(), cell[&i]),
                    to: (rect[&j], side.get(&j).copied(), cell[&j]),
                    off,
                    offy,
                };
                let (xs, ys) = ends.lines(&gap_left, &gap_right, &cell_top);
                let mut routes: Vec<Vec<Pt>> =
                    route::candidates(&ends.ports(true), &ends.ports(false), &xs, &ys)
                        .into_iter()
                        .filter(|r| obstacles.route_clear(r, obstacle_of[&i], obstacle_of[&j], &[]))
                        .collect();
                routes.push(grid_route);
                let chosen = route::best(routes.clone(), &routed)
                    .map(|(r, _)| r)
                    .unwrap_or_default();
                if refine {
                    offered.push((out.edges.len(), routes));
                }
                chosen
            }
            _ => grid_route,
        };
        keep(&mut out.edges, &mut routed, k, pts);
    }
    // Each flow chose seeing only the flows before it; choosing again,
    // seeing all the others, undoes crossings the first flows could not
    // foresee. Two rounds settle nearly every plane.
    for _ in 0..2 {
        for (at, routes) in &offered {
            let others: Vec<(Pt, Pt)> = out
                .edges
                .iter()
                .enumerate()
                .filter(|(k, _)| k != at)
                .flat_map(|(_, (_, pts))| pts.windows(2).map(|w| (w[0], w[1])))
                .collect();
            if let Some((r, _)) = route::best(routes.clone(), &others) {
                out.edges[*at].1 = r;
            }
        }
    }
    // Associations to flows: out of the artifact's side, along the gap to
    // the flow.
    for k in on_flows {
        let e = &m.edges[k];
        let (art, flow, reversed) = match (e.from, e.to) {
            (End::Item(i), End::Flow(f)) => (i, f, false),
            (End::Flow(f), End::Item(i)) => (i, f, true),
            _ => {
                out.skipped.push(k);
                continue;
            }
        };
        let (Some(i), Some(&(ax, ay))) = (m.visible(art, plane), anchor.get(&flow)) else {
            out.skipped.push(k);
            continue;
        };
        let r = rect[&i];
        // Along the artifact's own gap to the row gap above the flow's
        // start (a boundary event's flow starts in a row gap already),
        // along it, and down the gap to the flow.
        let gx = gap_right(cell[&i].col) + 6.0;
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
        out.edges.push((k, pts));
    }
    out
}

/// The connected component of each flow node of a plane (along its
/// sequence flows, a boundary event counted as its host), numbered in
/// the order of their first node.
fn components(m: &Model, items: &[usize], edges: &[usize]) -> HashMap<usize, usize> {
    let anchor = |i: usize| m.items[i].host.unwrap_or(i);
    let nodes: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| m.items[i].flow && m.items[i].host.is_none())
        .collect();
    let index: HashMap<usize, usize> = nodes.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    fn root(parent: &mut [usize], mut k: usize) -> usize {
        while parent[k] != k {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        k
    }
    for e in edges
        .iter()
        .map(|&k| &m.edges[k])
        .filter(|e| e.kind == EdgeKind::Sequence)
    {
        if let (End::Item(a), End::Item(b)) = (e.from, e.to) {
            if let (Some(&a), Some(&b)) = (index.get(&anchor(a)), index.get(&anchor(b))) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                // the lower index stays the root: components keep file order
                let (lo, hi) = (ra.min(rb), ra.max(rb));
                parent[hi] = lo;
            }
        }
    }
    let mut number: HashMap<usize, usize> = HashMap::new();
    let mut out = HashMap::new();
    for (k, &node) in nodes.iter().enumerate() {
        let r = root(&mut parent, k);
        let next = number.len();
        let c = *number.entry(r).or_insert(next);
        out.insert(node, c);
    }
    // A boundary event is in its host's component.
    for &i in items {
        if let Some(h) = m.items[i].host {
            if let Some(&c) = out.get(&h) {
                out.insert(i, c);
            }
        }
    }
    out
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
    fn lines(
        &self,
        gap_left: &dyn Fn(usize) -> f64,
        gap_right: &dyn Fn(usize) -> f64,
        cell_top: &dyn Fn(&Cell) -> f64,
    ) -> (Vec<f64>, Vec<f64>) {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for (_, _, c) in [self.from, self.to] {
            xs.push(gap_right(c.col) + self.off);
            xs.push(gap_left(c.col) + self.off);
            ys.push(cell_top(&c) - 24.0 + self.offy);
            ys.push(cell_top(&c) + CELL_H + 24.0 + self.offy);
        }
        xs.dedup();
        ys.dedup();
        (xs, ys)
    }
}

/// The lanes of a pool, in document (pre)order.
fn lanes_below(m: &Model, pool: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack: Vec<usize> = m.pools[pool].lanes.iter().rev().copied().collect();
    while let Some(l) = stack.pop() {
        out.push(l);
        stack.extend(m.lanes[l].children.iter().rev());
    }
    out
}

/// Without repeated points and points in the middle of a straight run.
fn tidy(pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
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
