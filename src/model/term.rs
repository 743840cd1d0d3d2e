//! The term of a process: durations summed along its shortest and longest
//! start→end paths. Rework loops are not walked again (a regulation's term
//! counts each step once), and steps outside the term are listed apart.

use super::{NodeKind, Process, Term};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTerm {
    pub term: Term,
    /// Node indices along the path, start first.
    pub nodes: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermReport {
    pub shortest: PathTerm,
    pub longest: PathTerm,
    /// Steps whose duration does not count: «не входит в срок», or a
    /// duration given only in words, a reference whose time is unknown.
    pub excluded: Vec<usize>,
    /// Reference steps whose time was taken from the model they refer to.
    pub resolved: Vec<usize>,
    /// Targets of rework loops: a loop's steps are counted once, as if
    /// the rework never happened.
    pub loops: Vec<usize>,
}

/// The time of a reference step, taken from the model it refers to:
/// (along that model's shortest path, along its longest).
pub type RefTimes = std::collections::BTreeMap<usize, (Term, Term)>;

/// Forward edges of the flow graph: a depth-first walk from the starts
/// drops the edges that close a cycle, so what remains is acyclic.
pub fn forward_edges(n: usize, edges: &[(usize, usize)], starts: &[usize]) -> Vec<(usize, usize)> {
    let back = back_edges(n, edges, starts);
    edges
        .iter()
        .zip(back)
        .filter(|(_, b)| !b)
        .map(|(e, _)| *e)
        .collect()
}

/// For each edge, whether it closes a cycle in a depth-first walk that
/// begins at the starts (in order) and then at any node not yet seen.
///
/// Our own walk, not petgraph's: its edge classification
/// (`depth_first_search` with `DfsEvent::BackEdge`) recurses once per node
/// on the path (petgraph 0.8.3, `dfs_visitor`), so a chain of 90,000 steps
/// would overflow the stack; its iterative walks (`Dfs`, `DfsPostOrder`)
/// do not tell a back edge from a cross one.
pub fn back_edges(n: usize, edges: &[(usize, usize)], starts: &[usize]) -> Vec<bool> {
    let mut adj = vec![Vec::new(); n];
    for (k, &(a, b)) in edges.iter().enumerate() {
        adj[a].push((b, k));
    }
    // 0 new, 1 on the stack, 2 done
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    let roots = starts.iter().copied().chain(0..n);
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&(w, k)) = adj[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// For each edge, whether it closes a rework loop, for the term.
///
/// [`back_edges`] over the whole graph depends on which branch reaches a
/// loop first: when a branch joins a loop midway (choice «нет» → rework
/// step, choice «да» → the check after it), the walk may enter the loop at
/// the join and drop the rework step's way on, which cuts that branch off
/// every path to an end. Here only edges inside a strongly connected part
/// can close a loop, and the walk enters each part where the flow enters
/// it, the earliest written entry first.
fn loop_edges(n: usize, edges: &[(usize, usize)], starts: &[usize]) -> Vec<bool> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut g = DiGraph::<(), ()>::with_capacity(n, edges.len());
    for _ in 0..n {
        g.add_node(());
    }
    for &(a, b) in edges {
        g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
    }
    let mut part = vec![0; n];
    for (k, c) in petgraph::algo::kosaraju_scc(&g).iter().enumerate() {
        for v in c {
            part[v.index()] = k;
        }
    }
    let inner: Vec<usize> = (0..edges.len())
        .filter(|&k| part[edges[k].0] == part[edges[k].1])
        .collect();
    let inner_edges: Vec<(usize, usize)> = inner.iter().map(|&k| edges[k]).collect();
    let mut entries: Vec<usize> = edges
        .iter()
        .filter(|(a, b)| part[*a] != part[*b])
        .map(|e| e.1)
        .chain(starts.iter().copied())
        .collect();
    entries.sort_unstable();
    entries.dedup();
    let mut out = vec![false; edges.len()];
    for (k, b) in inner.into_iter().zip(back_edges(n, &inner_edges, &entries)) {
        out[k] = b;
    }
    out
}

/// The term report, or `None` when no end can be reached from a start.
pub fn term_of(p: &Process) -> Option<TermReport> {
    term_with_refs(p, &RefTimes::new())
}

/// The term where reference steps without a time of their own count the
/// time of the steps they refer to (`refs`, resolved by the caller, which
/// can read the other model's file).
pub fn term_with_refs(p: &Process, refs: &RefTimes) -> Option<TermReport> {
    let n = p.nodes.len();
    let edges: Vec<(usize, usize)> = p.edges().iter().map(|e| (e.from, e.to)).collect();
    let starts = p.nodes_of(NodeKind::Start);
    let loops = loop_edges(n, &edges, &starts);
    let fwd: Vec<(usize, usize)> = edges
        .iter()
        .zip(loops.iter().copied())
        .filter(|(_, l)| !l)
        .map(|(e, _)| *e)
        .collect();
    let own = |i: usize, longest: bool| {
        let mut t = Term::default();
        let node = &p.nodes[i];
        match (node.time(), refs.get(&i)) {
            // A reference without a time of its own counts what it refers to.
            (None, Some(&(short, long))) if !node.outside_term() => {
                t = if longest { long } else { short }
            }
            _ => {
                if let Some(a) = node.counted_time() {
                    t.add(a);
                }
            }
        }
        t
    };
    // Topological order by Kahn's algorithm, lowest index first for
    // determinism. Not petgraph's `toposort`: among equal terms the path
    // keeps the predecessor relaxed first, so another order would pick
    // another path of the same length and change the report.
    let mut indeg = vec![0usize; n];
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in &fwd {
        indeg[b] += 1;
        adj[a].push(b);
    }
    let mut ready: std::collections::BTreeSet<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(v) = ready.pop_first() {
        order.push(v);
        for &w in &adj[v] {
            indeg[w] -= 1;
            if indeg[w] == 0 {
                ready.insert(w);
            }
        }
    }
    let best = |longest: bool| -> Option<PathTerm> {
        let mut dist: Vec<Option<Term>> = vec![None; n];
        let mut pred = vec![usize::MAX; n];
        for &s in &starts {
            dist[s] = Some(own(s, longest));
        }
        for &v in &order {
            let Some(dv) = dist[v] else { continue };
            for &w in &adj[v] {
                let cand = dv.plus(own(w, longest));
                let better = match dist[w] {
                    None => true,
                    Some(cur) if longest => cand.weight() > cur.weight(),
                    Some(cur) => cand.weight() < cur.weight(),
                };
                if better {
                    dist[w] = Some(cand);
                    pred[w] = v;
                }
            }
        }
        let end = (0..n)
            .filter(|&i| p.nodes[i].kind() == NodeKind::End && dist[i].is_some())
            .reduce(|a, b| {
                let (wa, wb) = (
                    dist[a].unwrap_or_default().weight(),
                    dist[b].unwrap_or_default().weight(),
                );
                if (longest && wb > wa) || (!longest && wb < wa) {
                    b
                } else {
                    a
                }
            })?;
        let mut nodes = vec![end];
        while pred[*nodes.last()?] != usize::MAX {
            nodes.push(pred[*nodes.last()?]);
        }
        nodes.reverse();
        Some(PathTerm {
            term: dist[end]?,
            nodes,
        })
    };
    let excluded = (0..n)
        .filter(|&i| {
            let node = &p.nodes[i];
            let unresolved_ref =
                node.kind() == NodeKind::Ref && node.time().is_none() && !refs.contains_key(&i);
            unresolved_ref
                || (node.time().is_some()
                    && (node.outside_term() || node.time().and_then(|d| d.amount()).is_none()))
        })
        .collect();
    let resolved = (0..n)
        .filter(|&i| p.nodes[i].time().is_none() && refs.contains_key(&i))
        .collect();
    let mut loop_targets: Vec<usize> = edges
        .iter()
        .zip(&loops)
        .filter(|(_, &l)| l)
        .map(|(e, _)| e.1)
        .collect();
    loop_targets.sort_unstable();
    loop_targets.dedup();
    Some(TermReport {
        shortest: best(false)?,
        longest: best(true)?,
        excluded,
        resolved,
        loops: loop_targets,
    })
}
