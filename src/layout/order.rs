//! Slot columns: with the ranks (ranks.rs), the discrete grid every node
//! sits on. A lane gets as many slot columns as it has nodes in its
//! busiest rank, and barycentre sweeps order the nodes of a rank inside
//! their lane.

use std::collections::BTreeMap;

/// The grid: for each node its rank and global column.
pub struct Grid {
    /// For each edge, whether it closes a loop.
    pub back: Vec<bool>,
    pub rank: Vec<usize>,
    pub col: Vec<usize>,
    pub nranks: usize,
    pub ncols: usize,
    pub slots_in_lane: Vec<usize>,
    /// The first global column of each lane.
    pub lane_col0: Vec<usize>,
}

/// The lane that global column `c` belongs to.
pub fn lane_of_col(lane_col0: &[usize], c: usize) -> usize {
    lane_col0.iter().rposition(|&s| s <= c).unwrap_or(0)
}

/// A lane's cell holds more than this share of its ranks' nodes only
/// rarely: one in `RARE` of the ranks it is used at.
const RARE: usize = 20;

/// How many nodes each lane makes room for at one rank: the fewest that
/// all but one in [`RARE`] of its used ranks fit (never below one). The
/// rare crowded rank is spread over the next ranks (ranks::within_room)
/// instead of widening the lane along the whole drawing; a small lane
/// whose every crowded rank matters keeps its busiest rank's room.
fn room(rank: &[usize], lane: &[usize], nlanes: usize) -> Vec<usize> {
    let mut cells: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (&r, &l) in rank.iter().zip(lane) {
        *cells.entry((l, r)).or_default() += 1;
    }
    let mut counts: Vec<Vec<usize>> = vec![Vec::new(); nlanes];
    for (&(l, _), &c) in &cells {
        if l < nlanes {
            counts[l].push(c);
        }
    }
    counts
        .iter()
        .map(|c| {
            let most = c.iter().copied().max().unwrap_or(1);
            (1..=most)
                .find(|&k| c.iter().filter(|&&x| x > k).count() * RARE <= c.len())
                .unwrap_or(most)
        })
        .collect()
}

/// The ranks of the grid: each lane's rare crowded ranks spread over the
/// next ones (ranks::within_room), in at most `limit` ranks where the given
/// ranks allow. Which lanes share nodes matters, not their order, so the
/// model's lane numbers give the same ranks as the places on the page.
pub fn spread(
    (back, rank): (&[bool], &[usize]),
    pairs: &[(usize, usize)],
    lane: &[usize],
    nlanes: usize,
    limit: usize,
) -> Vec<usize> {
    let room = room(rank, lane, nlanes);
    super::ranks::within_room(rank, lane, pairs, back, &room, limit)
}

/// The grid for flows `pairs` given the loops and ranks from `ranks` and
/// each node's lane, in at most `limit` ranks where the given ranks allow
/// (the length budget, route.rs).
pub fn grid(
    (back, rank): (Vec<bool>, Vec<usize>),
    pairs: &[(usize, usize)],
    lane: &[usize],
    nlanes: usize,
    main_next: &[Option<usize>],
    limit: usize,
) -> Grid {
    let n = rank.len();
    let rank = spread((&back, &rank), pairs, lane, nlanes, limit);
    let mut succ = vec![Vec::new(); n];
    let mut pred = vec![Vec::new(); n];
    for (k, &(a, b)) in pairs.iter().enumerate() {
        if !back[k] {
            succ[a].push(b);
            pred[b].push(a);
        }
    }
    let nranks = rank.iter().max().map_or(0, |r| r + 1);

    // 2. Slots inside lanes.
    let mut cells: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        cells.entry((lane[i], rank[i])).or_default().push(i);
    }
    let mut slots_in_lane = vec![1usize; nlanes];
    for ((l, _), v) in &cells {
        slots_in_lane[*l] = slots_in_lane[*l].max(v.len());
    }
    let mut lane_col0 = vec![0usize; nlanes];
    for l in 1..nlanes {
        lane_col0[l] = lane_col0[l - 1] + slots_in_lane[l - 1];
    }
    let ncols = lane_col0[nlanes - 1] + slots_in_lane[nlanes - 1];
    let mut col: Vec<usize> = vec![0; n];
    for ((l, _), v) in &cells {
        for (s, &i) in v.iter().enumerate() {
            col[i] = lane_col0[*l] + s;
        }
    }
    let mut by_rank: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nranks];
    for (l, r) in cells.keys() {
        by_rank[*r].push((*l, *r));
    }
    // Sweeps alternate down (by predecessors) and up (by successors);
    // the assignment with the shortest total sideways run of the flows
    // wins, so a last sweep cannot undo a better earlier one.
    let cost =
        |col: &[usize]| -> usize { pairs.iter().map(|&(a, b)| col[a].abs_diff(col[b])).sum() };
    let mut best = (cost(&col), col.clone());
    for sweep in 0..8 {
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down {
            (0..nranks).collect()
        } else {
            (0..nranks).rev().collect()
        };
        for r in order {
            for key in &by_rank[r] {
                let members = &cells[key];
                if members.len() < 2 && slots_in_lane[key.0] < 2 {
                    continue;
                }
                let mut scored: Vec<(f64, usize)> = members
                    .iter()
                    .map(|&i| {
                        let nb = if down { &pred[i] } else { &succ[i] };
                        let bary = if nb.is_empty() {
                            col[i] as f64
                        } else {
                            nb.iter().map(|&j| col[j] as f64).sum::<f64>() / nb.len() as f64
                        };
                        (bary, i)
                    })
                    .collect();
                scored.sort_by(|a, b| {
                    a.0.total_cmp(&b.0)
                        .then(col[a.1].cmp(&col[b.1]))
                        .then(a.1.cmp(&b.1))
                });
                let k = slots_in_lane[key.0];
                let base = lane_col0[key.0];
                let m = scored.len();
                let mut prev: Option<usize> = None;
                for (idx, (bary, i)) in scored.into_iter().enumerate() {
                    let want = (bary - base as f64).round().clamp(0.0, (k - 1) as f64) as usize;
                    let lo = prev.map_or(0, |p| p + 1);
                    let hi = k - (m - idx);
                    let s = want.clamp(lo, hi);
                    col[i] = base + s;
                    prev = Some(s);
                }
            }
        }
        let c = cost(&col);
        if c < best.0 {
            best = (c, col.clone());
        }
    }
    let mut col = best.1;
    refine(
        &mut col,
        pairs,
        &back,
        &rank,
        &cells,
        &slots_in_lane,
        &lane_col0,
    );
    straighten(&mut col, pairs, &back, &rank, lane, main_next);
    Grid {
        back,
        rank,
        col,
        nranks,
        ncols,
        slots_in_lane,
        lane_col0,
    }
}

/// A choice's main outcome (its first) continues straight below it, as a
/// careful hand draws the main path: the target moves into the choice's
/// column (swapping with whatever stands there), or the choice into the
/// target's, when that adds no crossing and leaves the flows no longer.
/// (Allowing two columns more straightens 22 of the corpus's drawings but
/// sends rework loops round the outside: 7% more flow length.)
fn straighten(
    col: &mut [usize],
    pairs: &[(usize, usize)],
    back: &[bool],
    rank: &[usize],
    lane: &[usize],
    main_next: &[Option<usize>],
) {
    let fwd: Vec<(usize, usize)> = (0..pairs.len())
        .filter(|&k| !back[k])
        .map(|k| pairs[k])
        .collect();
    // A move changes only the flows at the nodes it moves, so each try
    // counts just those (the whole drawing's count per try made this step
    // quadratic: 3.4 s of 5.2 at 5,000 steps).
    let mut at: Vec<Vec<usize>> = vec![Vec::new(); col.len()];
    let mut by_target_rank: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, &(a, b)) in fwd.iter().enumerate() {
        at[a].push(k);
        if b != a {
            at[b].push(k);
        }
        by_target_rank.entry(rank[b]).or_default().push(k);
    }
    let mut in_rank: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (j, &r) in rank.iter().enumerate() {
        in_rank.entry(r).or_default().push(j);
    }
    // Crossings between forward flows (as the refinement counts them) and
    // sideways run, over the pairs and flows that touch `moved`.
    let local = |col: &[usize], moved: &[usize]| -> (usize, usize) {
        let mut touching: Vec<usize> = moved.iter().flat_map(|&v| at[v].iter().copied()).collect();
        touching.sort_unstable();
        touching.dedup();
        let mut crossings = 0;
        for &f in &touching {
            let (a, b) = fwd[f];
            for &g in &by_target_rank[&rank[b]] {
                // A pair of two touching flows is counted once.
                if g == f || (g < f && touching.binary_search(&g).is_ok()) {
                    continue;
                }
                let (x, y) = fwd[g];
                if a == x || b == y {
                    continue;
                }
                let d1 = col[a] as i64 - col[x] as i64;
                let d2 = col[b] as i64 - col[y] as i64;
                if d1 * d2 < 0 {
                    crossings += 1;
                }
            }
        }
        let run = touching
            .iter()
            .map(|&f| col[fwd[f].0].abs_diff(col[fwd[f].1]))
            .sum();
        (crossings, run)
    };
    for (c, t) in main_next
        .iter()
        .enumerate()
        .filter_map(|(c, t)| t.map(|t| (c, t)))
    {
        if lane[t] != lane[c] || rank[t] <= rank[c] || col[t] == col[c] {
            continue;
        }
        // Whoever stands where a node would go swaps into its place.
        let occupant = |col: &[usize], node: usize, to: usize| {
            in_rank[&rank[node]]
                .iter()
                .copied()
                .find(|&j| j != node && col[j] == to)
        };
        let try_move = |col: &mut [usize], node: usize, to: usize| -> bool {
            let from = col[node];
            let other = occupant(col, node, to);
            let moved: Vec<usize> = std::iter::once(node).chain(other).collect();
            let before = local(col, &moved);
            col[node] = to;
            if let Some(j) = other {
                col[j] = from;
            }
            let after = local(col, &moved);
            if after.0 <= before.0 && after.1 <= before.1 {
                return true;
            }
            col[node] = from;
            if let Some(j) = other {
                col[j] = to;
            }
            false
        };
        let (to_c, to_t) = (col[c], col[t]);
        if !try_move(col, t, to_c) {
            try_move(col, c, to_t);
        }
    }
}

/// Moves single nodes to other slots of their lane, or swaps two, while
/// that removes crossings between flows that turn in the same channel
/// (each flow counted as turning just above its target).
fn refine(
    col: &mut [usize],
    pairs: &[(usize, usize)],
    back: &[bool],
    rank: &[usize],
    cells: &BTreeMap<(usize, usize), Vec<usize>>,
    slots_in_lane: &[usize],
    lane_col0: &[usize],
) {
    let n = col.len();
    let fwd: Vec<usize> = (0..pairs.len())
        .filter(|&k| !back[k] && rank[pairs[k].1] > rank[pairs[k].0])
        .collect();
    let nranks = rank.iter().max().map_or(0, |r| r + 1);
    let mut in_channel: Vec<Vec<usize>> = vec![Vec::new(); nranks];
    let mut incident: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &k in &fwd {
        let (u, v) = pairs[k];
        in_channel[rank[v] - 1].push(k);
        incident[u].push(k);
        if v != u {
            incident[v].push(k);
        }
    }
    if refine_work(cells, slots_in_lane, pairs, rank, &incident, &in_channel) > REFINE_BUDGET {
        return;
    }
    let crossings_of = |col: &[usize], nodes: &[usize]| -> usize {
        let mut c = 0;
        for &i in nodes {
            for &e in &incident[i] {
                let (a, b) = pairs[e];
                for &f in &in_channel[rank[b] - 1] {
                    let (x, y) = pairs[f];
                    let d1 = col[a] as i64 - col[x] as i64;
                    let d2 = col[b] as i64 - col[y] as i64;
                    if d1 * d2 < 0 {
                        c += 1;
                    }
                }
            }
        }
        c
    };
    for _ in 0..4 {
        let mut improved = false;
        for (&(l, _), members) in cells {
            let k = slots_in_lane[l];
            if k < 2 {
                continue;
            }
            let base = lane_col0[l];
            for &i in members {
                // The count is a sum over the nodes moved; node i's part
                // changes only when a move is kept.
                let mut here = crossings_of(col, &[i]);
                for s in 0..k {
                    let target = base + s;
                    if target == col[i] {
                        continue;
                    }
                    let other = members.iter().copied().find(|&j| col[j] == target);
                    let moved: Vec<usize> = std::iter::once(i).chain(other).collect();
                    let before = here + other.map_or(0, |j| crossings_of(col, &[j]));
                    let from = col[i];
                    col[i] = target;
                    if let Some(j) = other {
                        col[j] = from;
                    }
                    if crossings_of(col, &moved) < before {
                        improved = true;
                        here = crossings_of(col, &[i]);
                    } else {
                        col[i] = from;
                        if let Some(j) = other {
                            col[j] = target;
                        }
                    }
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// The most crossing tests one refinement pass may take (about a tenth of a
/// second). A pass tries every slot of a lane for every node and counts the
/// crossings of its flows against the whole channel each time, which is
/// cubic in a wide rank: one task flowing to 5,000 ends took past 300 s.
/// Past the budget the sweeps' order is kept as it is; the gallery's
/// largest model needs well under a thousandth of it.
const REFINE_BUDGET: u64 = 50_000_000;

/// The crossing tests of one refinement pass (see [`REFINE_BUDGET`]): for
/// each node of a lane with two slots or more, each slot tried, twice the
/// flows it touches times the flows of their channels.
fn refine_work(
    cells: &BTreeMap<(usize, usize), Vec<usize>>,
    slots_in_lane: &[usize],
    pairs: &[(usize, usize)],
    rank: &[usize],
    incident: &[Vec<usize>],
    in_channel: &[Vec<usize>],
) -> u64 {
    let mut work: u64 = 0;
    for (&(l, _), members) in cells {
        let k = slots_in_lane[l] as u64;
        if k < 2 {
            continue;
        }
        for &i in members {
            let tests: u64 = incident[i]
                .iter()
                .map(|&e| in_channel[rank[pairs[e].1] - 1].len() as u64)
                .sum();
            work = work.saturating_add(k.saturating_mul(2 * tests.max(1)));
        }
    }
    work
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain of 40 steps in one lane, with three steps side by side
    /// after step 9 that all lead to step 10.
    fn chain_with_a_fan() -> (Vec<(usize, usize)>, usize) {
        let mut pairs: Vec<(usize, usize)> = (0..39).map(|i| (i, i + 1)).collect();
        for f in 40..43 {
            pairs.push((9, f));
            pairs.push((f, 10));
        }
        (pairs, 43)
    }

    #[test]
    fn one_crowded_rank_in_forty_waits_instead_of_widening_the_lane() {
        let (pairs, n) = chain_with_a_fan();
        let back = vec![false; pairs.len()];
        let rank = crate::layout::ranks::longest_path(n, &pairs, &back);
        assert_eq!(rank[40..43], [10, 10, 10]);
        let g = grid((back, rank), &pairs, &vec![0; n], 1, &vec![None; n], n);
        assert_eq!(g.slots_in_lane, vec![1]);
        assert_eq!(g.rank[40..43], [10, 11, 12]);
        assert_eq!(g.nranks, 43);
        assert!(pairs.iter().all(|&(a, b)| g.rank[b] > g.rank[a]));
    }

    #[test]
    fn a_small_lane_keeps_its_busiest_rank() {
        // A choice with three outcomes side by side, then a join: a lane of
        // three ranks, one of them holding three nodes.
        let pairs = [(0, 1), (0, 2), (0, 3), (1, 4), (2, 4), (3, 4)];
        let rank = vec![0, 1, 1, 1, 2];
        assert_eq!(room(&rank, &[0; 5], 1), vec![3]);
        let g = grid(
            (vec![false; 6], rank.clone()),
            &pairs,
            &[0; 5],
            1,
            &[None; 5],
            5,
        );
        assert_eq!((g.rank, g.slots_in_lane), (rank, vec![3]));
    }
}
