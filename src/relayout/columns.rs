//! The order of a plane's flow nodes along its sequence flows: columns by
//! longest path (loops found by petgraph's depth-first walk, which keeps
//! its own stack, and not ranked), and the connected parts, drawn one below
//! the other.

use super::read::{EdgeKind, End, Model};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::DfsPostOrder;
use std::collections::HashMap;

/// The flow nodes of a plane that take part in its order (a boundary event
/// is drawn with its host), and its sequence flows between them, as a
/// graph whose node `k` is the `k`-th of the list, the flows in file order
/// (a flow from a node to itself left out: it orders nothing).
fn flow_graph(m: &Model, items: &[usize], edges: &[usize]) -> (Vec<usize>, DiGraph<(), ()>) {
    let anchor = |i: usize| m.items[i].host.unwrap_or(i);
    let nodes: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| m.items[i].flow && m.items[i].host.is_none())
        .collect();
    let index: HashMap<usize, usize> = nodes.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let mut g = DiGraph::with_capacity(nodes.len(), edges.len());
    for _ in &nodes {
        g.add_node(());
    }
    for e in edges
        .iter()
        .map(|&k| &m.edges[k])
        .filter(|e| e.kind == EdgeKind::Sequence)
    {
        if let (End::Item(a), End::Item(b)) = (e.from, e.to) {
            match (index.get(&anchor(a)), index.get(&anchor(b))) {
                (Some(&a), Some(&b)) if a != b => {
                    g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
                }
                _ => {}
            }
        }
    }
    (nodes, g)
}

/// The columns of a plane's flow nodes: longest path over the forward
/// flows (a boundary event's flows leave from its host).
pub fn columns(m: &Model, items: &[usize], edges: &[usize]) -> HashMap<usize, usize> {
    let (ranked, g) = flow_graph(m, items, edges);
    let n = ranked.len();
    // Depth first from the nodes nothing enters, then from any left; each
    // node's first flow first (petgraph lists a node's flows last added
    // first, and its walk takes the last listed first).
    let mut dfs = DfsPostOrder::empty(&g);
    let mut post = vec![0usize; n];
    let mut finished = Vec::with_capacity(n);
    let entered = |k: usize| {
        g.neighbors_directed(NodeIndex::new(k), petgraph::Direction::Incoming)
            .next()
            .is_some()
    };
    for r in (0..n).filter(|&k| !entered(k)).chain(0..n) {
        dfs.move_to(NodeIndex::new(r));
        while let Some(v) = dfs.next(&g) {
            post[v.index()] = finished.len();
            finished.push(v.index());
        }
    }
    // A flow to a node finished later goes back to a node on the walk's
    // path: a loop back, not ranked. The others go forward, and the walk's
    // finishing order reversed is a topological order of them, along which
    // a node's column is one past the furthest of its predecessors.
    let mut col = vec![0usize; n];
    for &v in finished.iter().rev() {
        for w in g.neighbors(NodeIndex::new(v)).map(|w| w.index()) {
            if post[w] < post[v] {
                col[w] = col[w].max(col[v] + 1);
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
    let (nodes, g) = flow_graph(m, items, edges);
    let mut parts = UnionFind::<usize>::new(nodes.len());
    for e in g.raw_edges() {
        parts.union(e.source().index(), e.target().index());
    }
    let mut number: HashMap<usize, usize> = HashMap::new();
    let mut out = HashMap::new();
    for (k, &node) in nodes.iter().enumerate() {
        let r = parts.find_mut(k);
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
