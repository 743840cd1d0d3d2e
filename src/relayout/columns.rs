//! The order of a plane's flow nodes along its sequence flows: columns by
//! longest path (loops found by an iterative depth-first walk and not
//! ranked), and the connected parts, drawn one below the other.

use super::read::{EdgeKind, End, Model};
use std::collections::{HashMap, VecDeque};

/// The columns of a plane's flow nodes: longest path over the forward
/// flows (a boundary event's flows leave from its host).
pub fn columns(m: &Model, items: &[usize], edges: &[usize]) -> HashMap<usize, usize> {
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

/// The connected component of each flow node of a plane (along its
/// sequence flows, a boundary event counted as its host), numbered in
/// the order of their first node.
pub fn components(m: &Model, items: &[usize], edges: &[usize]) -> HashMap<usize, usize> {
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
