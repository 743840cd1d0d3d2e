//! Ranks: how far along the flow each node sits.
//!
//! Rework loops (found by a depth-first walk from the starts) are left out
//! of ranking; every other flow goes one rank or more forward. Two
//! rankings are offered, and the layout keeps the better drawing
//! (route.rs):
//! - longest path: each node as early as its predecessors allow, so the
//!   branches of a choice run side by side. Compact, and how regulations
//!   draw their few branches.
//! - depth first, within a length budget (`serial_within`): one node per
//!   rank, in depth-first order, so each branch is drawn whole before the
//!   next begins, as far as the budget allows. Side by side, two branches
//!   that hop between lanes cross at nearly every hand-off where their
//!   lanes swap order; one after the other, only the flows that bypass a
//!   branch meet it. Large models with nested choices across many lanes
//!   cross several times less this way.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::DfsPostOrder;

/// Successors over the flows that do not close loops, in model order.
fn forward(n: usize, pairs: &[(usize, usize)], back: &[bool]) -> Vec<Vec<usize>> {
    let mut succ = vec![Vec::new(); n];
    for (k, &(a, b)) in pairs.iter().enumerate() {
        if !back[k] {
            succ[a].push(b);
        }
    }
    succ
}

/// The flow graph of `succ`, for petgraph's walks. A node's edges are added
/// last successor first: petgraph's `neighbors` yields the latest edge
/// first, and its depth-first walks take the earliest edge first, so a
/// walk takes `succ[v]` from its end (as [`depth_first`] wants).
fn graph(succ: &[Vec<usize>]) -> DiGraph<(), ()> {
    let mut g = DiGraph::with_capacity(succ.len(), succ.iter().map(Vec::len).sum());
    for _ in succ {
        g.add_node(());
    }
    for (v, ws) in succ.iter().enumerate() {
        for &w in ws.iter().rev() {
            g.add_edge(NodeIndex::new(v), NodeIndex::new(w), ());
        }
    }
    g
}

/// The nodes in an order where every forward flow goes forward (petgraph's
/// `toposort`, which walks with its own stack). Its callers need only that
/// property, not one order: a longest path or a height is the same in any
/// topological order.
fn topological(succ: &[Vec<usize>]) -> Vec<usize> {
    // The flows that close loops are left out by the callers, so a cycle
    // cannot come; were one there, the nodes in model order keep the
    // layout going (ranks are then only less tidy).
    match petgraph::algo::toposort(&graph(succ), None) {
        Ok(order) => order.into_iter().map(NodeIndex::index).collect(),
        Err(_) => (0..succ.len()).collect(),
    }
}

/// Each node's rank: the longest path to it.
pub fn longest_path(n: usize, pairs: &[(usize, usize)], back: &[bool]) -> Vec<usize> {
    let succ = forward(n, pairs, back);
    let mut rank = vec![0usize; n];
    for v in topological(&succ) {
        for &w in &succ[v] {
            rank[w] = rank[w].max(rank[v] + 1);
        }
    }
    rank
}

/// Each node's rank: its place in reverse postorder of a depth-first walk
/// from the starts (nodes they do not reach come after). A branch walked later
/// is drawn earlier, so the walk takes the branch with the longest way to
/// an end first: a short branch that stops at an end is drawn just after
/// its choice, not after the rest of the process. Among equals, a choice's
/// first outcome is drawn first.
pub fn depth_first(
    n: usize,
    starts: &[usize],
    pairs: &[(usize, usize)],
    back: &[bool],
) -> Vec<usize> {
    let mut succ = forward(n, pairs, back);
    // The longest way on from each node; successors sorted by it, the one
    // walked first last.
    let mut height = vec![0usize; n];
    for v in topological(&succ).into_iter().rev() {
        height[v] = succ[v].iter().map(|&w| height[w] + 1).max().unwrap_or(0);
    }
    for s in succ.iter_mut() {
        s.sort_by_key(|&w| height[w]);
    }
    // Nodes that only other sources reach are walked first, so they are
    // drawn last; then the starts, the first start last, so drawn first.
    let mut source = vec![true; n];
    for &w in succ.iter().flatten() {
        source[w] = false;
    }
    let roots = (0..n).filter(|&i| source[i] && !starts.contains(&i));
    let g = graph(&succ);
    let mut dfs = DfsPostOrder::empty(&g);
    let mut post = Vec::with_capacity(n);
    for root in roots.chain(starts.iter().rev().copied()) {
        dfs.move_to(NodeIndex::new(root));
        while let Some(v) = dfs.next(&g) {
            post.push(v.index());
        }
    }
    let mut rank = vec![0; n];
    for (r, &v) in post.iter().rev().enumerate() {
        rank[v] = r;
    }
    rank
}

/// Each node's rank: branches one after another as far as a length budget
/// allows, side by side beyond it. Starts from the longest path and adds,
/// one by one in the walk's order, the order of the depth-first walk
/// between the last node of a branch and the first of the next ("this
/// branch after that one"), keeping each only if no node then goes past
/// rank `budget - 1`. (Taking the cheapest first, the shortest branches,
/// crossed 28–57% more on the generated models of 200 to 5,000 steps.)
pub fn serial_within(
    n: usize,
    starts: &[usize],
    pairs: &[(usize, usize)],
    back: &[bool],
    budget: usize,
) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let walk = depth_first(n, starts, pairs, back);
    let mut order = vec![0; n];
    for (v, &r) in walk.iter().enumerate() {
        order[r] = v;
    }
    let mut succ = forward(n, pairs, back);
    let mut rank = longest_path(n, pairs, back);
    // A node moved to rank r takes its longest way on past r with it, so
    // an order that moves it past `budget - 1 - height` cannot fit: found
    // there, not at the end of that way (the walks of the orders that did
    // not fit took most of the time of the layout at 5,000 steps).
    let mut height = vec![0usize; n];
    for v in topological(&succ).into_iter().rev() {
        height[v] = succ[v].iter().map(|&w| height[w] + 1).max().unwrap_or(0);
    }
    let jumps: Vec<usize> = (1..n)
        .filter(|&k| !succ[order[k - 1]].contains(&order[k]))
        .collect();
    for k in jumps {
        let (a, b) = (order[k - 1], order[k]);
        // Every flow and every added order goes forward in the walk, so
        // nodes taken in walk order are final when taken.
        let mut changed: Vec<(usize, usize)> = Vec::new();
        let mut heap = BinaryHeap::from([Reverse((walk[b], b, rank[a] + 1))]);
        let mut fits = true;
        while let Some(Reverse((_, v, r))) = heap.pop() {
            if rank[v] >= r {
                continue;
            }
            if r + height[v] >= budget {
                fits = false;
                break;
            }
            changed.push((v, rank[v]));
            rank[v] = r;
            for &w in &succ[v] {
                heap.push(Reverse((walk[w], w, r + 1)));
            }
        }
        if fits {
            succ[a].push(b);
        } else {
            for (v, old) in changed.into_iter().rev() {
                rank[v] = old;
            }
        }
    }
    rank
}

/// A node waiting for room in its lane: the longest way on goes first,
/// then the earlier given rank, then the model's order.
type Claim = (usize, std::cmp::Reverse<usize>, std::cmp::Reverse<usize>);

/// Each node's rank when a lane may hold at most `room[l]` nodes at one
/// rank: a list schedule that keeps every node at its given rank or later,
/// and where more nodes of a lane would share a rank than it has room for,
/// lets the ones with the longest way on go first and moves the others one
/// rank on (their successors with them, as far as needed). A lane is as
/// wide as its busiest rank everywhere along the drawing, so one crowded
/// rank in four hundred made a lane three or four rows wide for its whole
/// length.
///
/// No node goes past rank `limit - 1` (the length budget, route.rs) unless
/// its given rank does: a node whose longest way on would otherwise cross
/// it is placed at its rank even in a full cell, which widens its lane
/// there. Spread unbounded, the crowded ranks made the drawing 1.255 times
/// its longest path at 1,000 steps, past the budget of 1.25.
pub fn within_room(
    rank: &[usize],
    lane: &[usize],
    pairs: &[(usize, usize)],
    back: &[bool],
    room: &[usize],
    limit: usize,
) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::{BTreeSet, BinaryHeap};
    let n = rank.len();
    let mut succ = vec![Vec::new(); n];
    for (k, &(a, b)) in pairs.iter().enumerate() {
        if !back[k] && a != b && rank[b] > rank[a] {
            succ[a].push(b);
        }
    }
    let mut height = vec![0usize; n];
    for v in topological(&succ).into_iter().rev() {
        height[v] = succ[v].iter().map(|&w| height[w] + 1).max().unwrap_or(0);
    }
    let mut indeg = vec![0usize; n];
    for &w in succ.iter().flatten() {
        indeg[w] += 1;
    }
    let mut earliest = rank.to_vec();
    let mut pending: BinaryHeap<Reverse<(usize, usize)>> = (0..n)
        .filter(|&v| indeg[v] == 0)
        .map(|v| Reverse((earliest[v], v)))
        .collect();
    let nlanes = room.len().max(lane.iter().max().map_or(0, |l| l + 1));
    let mut waiting: Vec<BinaryHeap<Claim>> = vec![BinaryHeap::new(); nlanes];
    let mut busy: BTreeSet<usize> = BTreeSet::new();
    let mut out = vec![0usize; n];
    let mut placed = 0;
    let mut r = 0;
    while placed < n {
        if busy.is_empty() {
            match pending.peek() {
                Some(&Reverse((e, _))) => r = r.max(e),
                None => break,
            }
        }
        while let Some(&Reverse((e, v))) = pending.peek() {
            if e > r {
                break;
            }
            pending.pop();
            waiting[lane[v]].push((height[v], Reverse(rank[v]), Reverse(v)));
            busy.insert(lane[v]);
        }
        for l in busy.clone() {
            let fits = room.get(l).copied().unwrap_or(usize::MAX).max(1);
            for k in 0.. {
                // The node with the longest way on comes first; past the
                // room, only one that must not wait any longer.
                let due = |&(h, _, _): &Claim| r + h + 1 >= limit;
                if k >= fits && !waiting[l].peek().is_some_and(due) {
                    break;
                }
                let Some((_, _, Reverse(v))) = waiting[l].pop() else {
                    break;
                };
                out[v] = r;
                placed += 1;
                for &w in &succ[v] {
                    earliest[w] = earliest[w].max(r + 1);
                    indeg[w] -= 1;
                    if indeg[w] == 0 {
                        pending.push(Reverse((earliest[w], w)));
                    }
                }
            }
            if waiting[l].is_empty() {
                busy.remove(&l);
            }
        }
        r += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Forward flows go forward under both rankings.
    fn forward_ok(pairs: &[(usize, usize)], rank: &[usize]) -> bool {
        pairs.iter().all(|&(a, b)| rank[b] > rank[a])
    }

    #[test]
    fn longest_path_puts_branches_side_by_side() {
        // 0 → {1 → 2, 3} → 4
        let pairs = [(0, 1), (1, 2), (2, 4), (0, 3), (3, 4)];
        let back = [false; 5];
        let rank = longest_path(5, &pairs, &back);
        assert_eq!(rank, vec![0, 1, 2, 1, 3]);
        assert!(forward_ok(&pairs, &rank));
    }

    #[test]
    fn depth_first_draws_each_branch_whole_first_outcome_first() {
        // 0 → {1 → 2, 3 → 5} → 4, and a loop 2 → 1.
        let pairs = [(0, 1), (1, 2), (2, 4), (0, 3), (3, 5), (5, 4), (2, 1)];
        let back = crate::model::back_edges(6, &pairs, &[0]);
        assert_eq!(back, vec![false, false, false, false, false, false, true]);
        let rank = depth_first(6, &[0], &pairs, &back);
        assert_eq!(rank, vec![0, 1, 2, 3, 5, 4]);
        assert!(forward_ok(&pairs[..6], &rank));
        // A node no start reaches comes after the others.
        let rank = depth_first(3, &[0], &[(0, 1)], &[false]);
        assert_eq!(rank, vec![0, 1, 2]);
    }

    #[test]
    fn serial_within_a_budget_draws_branches_after_each_other_only_as_far_as_it_reaches() {
        // 0 → {1 → 2, 3 → 5} → 4: side by side 4 ranks, one after another 6.
        let pairs = [(0, 1), (1, 2), (2, 4), (0, 3), (3, 5), (5, 4)];
        let back = [false; 6];
        let wide = serial_within(6, &[0], &pairs, &back, 4);
        assert_eq!(wide, longest_path(6, &pairs, &back));
        let long = serial_within(6, &[0], &pairs, &back, 6);
        assert!(forward_ok(&pairs, &long));
        assert_eq!(long.iter().max(), Some(&5));
        // Every rank is used once: the branches no longer overlap.
        let mut seen = long.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 6);
    }
    #[test]
    fn a_chain_of_a_hundred_thousand_steps_is_ranked_in_a_small_stack() {
        // No walk may recurse per node: on a 64 KiB stack a recursion of
        // 100,000 frames overflows and aborts the test.
        let ranks = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(|| {
                let n = 100_000;
                let pairs: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
                let back = vec![false; pairs.len()];
                let lane = vec![0; n];
                let long = longest_path(n, &pairs, &back);
                let deep = depth_first(n, &[0], &pairs, &back);
                let room = within_room(&long, &lane, &pairs, &back, &[1], n);
                (long, deep, room)
            })
            .expect("thread")
            .join()
            .expect("no stack overflow");
        let want: Vec<usize> = (0..100_000).collect();
        assert_eq!(ranks.0, want);
        assert_eq!(ranks.1, want);
        assert_eq!(ranks.2, want);
    }

    #[test]
    fn within_room_moves_the_short_branch_on_and_keeps_the_rest() {
        // 0 → {1, 2, 3} → 4, all in lane 0 but 3 in lane 1; 1 → 5 → 4 is
        // the longest way on. With room for one node per rank, 2 waits a
        // rank (1 has the longer way on) and 4 follows.
        let pairs = [(0, 1), (0, 2), (0, 3), (1, 5), (5, 4), (2, 4), (3, 4)];
        let back = [false; 7];
        let rank = longest_path(6, &pairs, &back);
        let lane = [0, 0, 0, 1, 0, 0];
        let spread = within_room(&rank, &lane, &pairs, &back, &[1, 1], 6);
        assert_eq!(spread, vec![0, 1, 2, 1, 4, 3]);
        assert!(forward_ok(&pairs, &spread));
        // With room for all, nothing moves.
        assert_eq!(within_room(&rank, &lane, &pairs, &back, &[3, 3], 6), rank);
    }

    #[test]
    fn within_room_keeps_to_the_length_limit() {
        // As above, in at most 4 ranks (the longest path's): 2 still waits a
        // rank, but then 5 may not, and shares rank 2 with it.
        let pairs = [(0, 1), (0, 2), (0, 3), (1, 5), (5, 4), (2, 4), (3, 4)];
        let back = [false; 7];
        let rank = longest_path(6, &pairs, &back);
        let lane = [0, 0, 0, 1, 0, 0];
        let spread = within_room(&rank, &lane, &pairs, &back, &[1, 1], 4);
        assert_eq!(spread, vec![0, 1, 2, 1, 3, 2]);
        assert!(forward_ok(&pairs, &spread));
    }
}
