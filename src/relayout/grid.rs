//! Where each element of a plane sits: its band (a leaf lane, or a pool
//! without lanes), its column and its row.
//!
//! Columns follow the sequence flows ([`super::columns`]); an artifact
//! takes the column and band of what it is associated with. Rows are
//! chosen column by column so that the main flow keeps a straight line.

use super::columns::{columns, components};
use super::read::{EdgeKind, End, Model};
use std::collections::{HashMap, HashSet};

/// Where an item sits on the grid.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    pub band: usize,
    pub col: usize,
    pub row: usize,
}

/// A band of a plane: a pool and its leaf lane (none: the pool has no
/// lanes).
pub type Band = (usize, Option<usize>);

/// The cells (band, column, row) that hold a shape other than a boundary
/// event.
pub type Taken = HashSet<(usize, usize, usize)>;

/// A plane's grid.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Top to bottom.
    pub bands: Vec<Band>,
    /// Every item's cell; a boundary event has its host's.
    pub cell: HashMap<usize, Cell>,
    pub taken: Taken,
    /// Rows of each band (at least one).
    pub rows: Vec<usize>,
    pub ncols: usize,
}

/// The grid of a plane's `items`, joined by its `edges`.
pub fn grid(m: &Model, plane: usize, items: &[usize], edges: &[usize]) -> Grid {
    let bands = bands(m, plane);
    let (col, band_at) = slots(m, plane, items, edges, &bands);
    let (mut cell, taken) = cells(m, items, edges, &col, &band_at, bands.len());
    let mut rows = vec![1usize; bands.len()];
    for c in cell.values() {
        rows[c.band] = rows[c.band].max(c.row + 1);
    }
    let ncols = cell.values().map(|c| c.col + 1).max().unwrap_or(1);
    // A boundary event sits in its host's cell; `read` refuses a host that
    // is not an activity of the event's own plane, so the host has one.
    for &i in items {
        if let Some(h) = m.items[i].host {
            cell.insert(i, cell[&h]);
        }
    }
    Grid {
        bands,
        cell,
        taken,
        rows,
        ncols,
    }
}

/// Bands, top to bottom: leaf lanes in document order, or the pool.
fn bands(m: &Model, plane: usize) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
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
    bands
}

/// The band of item `i`: its lane's, else its pool's first.
fn band_of(m: &Model, bands: &[Band], i: usize) -> usize {
    let it = &m.items[i];
    bands
        .iter()
        .position(|&(p, l)| p == it.pool && l == it.lane)
        .or_else(|| bands.iter().position(|&(p, _)| p == it.pool))
        .unwrap_or(0)
}

/// The column and band of every item but boundary events: flow nodes by
/// [`columns`] and their lane, artifacts with what they are associated
/// with (or in the first column of their own band).
fn slots(
    m: &Model,
    plane: usize,
    items: &[usize],
    edges: &[usize],
    bands: &[Band],
) -> (HashMap<usize, usize>, HashMap<usize, usize>) {
    let mut col = columns(m, items, edges);
    let partner = partners(m, plane, edges);
    let mut band_at: HashMap<usize, usize> = HashMap::new();
    for &i in items {
        if m.items[i].flow {
            band_at.insert(i, band_of(m, bands, i));
        } else if let Some(&p) = partner.get(&i) {
            col.insert(i, col.get(&p).copied().unwrap_or(0));
            band_at.insert(i, band_of(m, bands, p));
        } else {
            col.insert(i, 0);
            band_at.insert(i, band_of(m, bands, i));
        }
    }
    (col, band_at)
}

/// The flow node each artifact is first associated with (an annotation on
/// a flow: the flow's source; a boundary event: its host).
fn partners(m: &Model, plane: usize, edges: &[usize]) -> HashMap<usize, usize> {
    let mut partner: HashMap<usize, usize> = HashMap::new();
    for e in edges
        .iter()
        .map(|&k| &m.edges[k])
        .filter(|e| matches!(e.kind, EdgeKind::Association | EdgeKind::Data))
    {
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
    partner
}

/// Each flow node's first predecessor along a sequence flow, as (the node
/// it is drawn beside, the boundary event the flow leaves from).
fn predecessors(m: &Model, edges: &[usize]) -> HashMap<usize, (usize, Option<usize>)> {
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
    pred
}

/// The flow nodes with more than one forward sequence flow out (a split)
/// or in (a join), a boundary event's counted as its host's.
fn branching(m: &Model, edges: &[usize], col: &HashMap<usize, usize>) -> HashSet<usize> {
    let anchor = |i: usize| m.items[i].host.unwrap_or(i);
    let mut outs: HashMap<usize, usize> = HashMap::new();
    let mut ins: HashMap<usize, usize> = HashMap::new();
    for e in edges
        .iter()
        .map(|&k| &m.edges[k])
        .filter(|e| e.kind == EdgeKind::Sequence)
    {
        if let (End::Item(a), End::Item(b)) = (e.from, e.to) {
            if m.items[a].host.is_some() {
                continue;
            }
            let (a, b) = (anchor(a), anchor(b));
            if let (Some(ca), Some(cb)) = (col.get(&a), col.get(&b)) {
                if cb > ca {
                    *outs.entry(a).or_insert(0) += 1;
                    *ins.entry(b).or_insert(0) += 1;
                }
            }
        }
    }
    outs.iter()
        .chain(ins.iter())
        .filter(|(_, &n)| n > 1)
        .map(|(&i, _)| i)
        .collect()
}

/// A boundary event's place among its host's events: the k-th sits at
/// 0.25, 0.75 of the host's width (see [`super::shapes`]).
fn event_slots(m: &Model, items: &[usize]) -> HashMap<usize, usize> {
    let mut slot: HashMap<usize, usize> = HashMap::new();
    let mut per_host: HashMap<usize, usize> = HashMap::new();
    for &i in items {
        if let Some(h) = m.items[i].host {
            let k = per_host.entry(h).or_insert(0);
            slot.insert(i, *k);
            *k += 1;
        }
    }
    slot
}

/// The cells between the two ends of each forward sequence flow whose
/// ends share a row (a boundary event's flow leaves downwards, not along the row):
/// the flow runs straight through them, so an artifact there would send
/// it over the top (`blueprint.servicenow-integration-blueprint`: a data
/// store under «Create Incident» took the main flow's row, 2 bends).
fn straight_runs(m: &Model, edges: &[usize], cell: &HashMap<usize, Cell>) -> Taken {
    let mut runs = Taken::new();
    for e in edges
        .iter()
        .map(|&k| &m.edges[k])
        .filter(|e| e.kind == EdgeKind::Sequence)
    {
        let (End::Item(a), End::Item(b)) = (e.from, e.to) else {
            continue;
        };
        if m.items[a].host.is_some() || m.items[b].host.is_some() {
            continue;
        }
        if let (Some(ca), Some(cb)) = (cell.get(&a), cell.get(&b)) {
            if ca.band == cb.band && ca.row == cb.row {
                for c in ca.col + 1..cb.col {
                    runs.insert((ca.band, c, ca.row));
                }
            }
        }
    }
    runs
}

/// Rows: column by column, each flow node in its first predecessor's row
/// if free, else the first free row below it; a boundary event's
/// successor one row below its host (its flow leaves downwards). In a
/// column, the nodes whose predecessor sits higher choose first, and a
/// boundary event's successors after the activity's own (those of the
/// right event first, so that the flows from both leave downwards without
/// crossing): the main flow keeps its straight line. The cell below a
/// split or a join is kept free for its branch (another branch drawn there
/// would send it right, down and in: two bends, not one). A connected part
/// is drawn below the ones before it, not between them. Then the artifacts,
/// never in a cell a straight flow runs through.
fn cells(
    m: &Model,
    items: &[usize],
    edges: &[usize],
    col: &HashMap<usize, usize>,
    band_at: &HashMap<usize, usize>,
    nbands: usize,
) -> (HashMap<usize, Cell>, Taken) {
    let pred = predecessors(m, edges);
    let branching = branching(m, edges, col);
    let slot = event_slots(m, items);
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
    let mut taken = Taken::new();
    // The cell below a split or a join, kept free for the branch that
    // leaves down out of its bottom (or comes up into it).
    let mut kept = Taken::new();
    let mut cell: HashMap<usize, Cell> = HashMap::new();
    // The cells a straight sequence flow runs through, which an artifact
    // must not take (known once every flow node has its cell).
    let mut runs = Taken::new();
    // The first row each band has free for the component being placed.
    let mut floor = vec![0usize; nbands];
    let mut used = vec![0usize; nbands];
    let group_of = |i: usize| {
        let flow = m.items[i].flow;
        (flow, if flow { comp[&i] } else { usize::MAX }, col[&i])
    };
    let mut at = 0;
    while at < order.len() {
        let group = group_of(order[at]);
        if at == 0 || group_of(order[at - 1]).1 != group.1 {
            floor.clone_from(&used);
            kept.clear();
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
                    Some(&(p, via)) => {
                        let pc = cell.get(&p).filter(|pc| pc.band == band);
                        let want = pc.map(|pc| pc.row + usize::from(via.is_some()));
                        // The activity's own successors first, then those
                        // of its events from right to left; but an event's
                        // successor whose way straight down is blocked (the
                        // cell below its host is taken) before all: else
                        // its flow goes around that cell.
                        let blocked = pc.is_some_and(|pc| {
                            via.is_some() && taken.contains(&(band, pc.col, pc.row + 1))
                        });
                        let rank = match via {
                            _ if blocked => 0,
                            None => 1,
                            Some(b) => 5 - slot[&b].min(3),
                        };
                        (want, rank)
                    }
                    None => (None, 1),
                };
                (i, want, rank)
            })
            .collect();
        list.sort_by_key(|&(i, want, rank)| (want.unwrap_or(usize::MAX), rank, i));
        if !group.0 && runs.is_empty() {
            runs = straight_runs(m, edges, &cell);
        }
        for (i, want, _) in list {
            let (band, c) = (band_at[&i], col[&i]);
            let from = if m.items[i].flow {
                want.unwrap_or(0).max(floor[band])
            } else {
                0
            };
            let row = (from..)
                .map(|r| (band, c, r))
                .find(|x| !taken.contains(x) && !kept.contains(x) && !runs.contains(x))
                .map_or(0, |x| x.2);
            taken.insert((band, c, row));
            if branching.contains(&i) {
                kept.insert((band, c, row + 1));
            }
            used[band] = used[band].max(row + 1);
            cell.insert(i, Cell { band, col: c, row });
        }
        at = end;
    }
    (cell, taken)
}
