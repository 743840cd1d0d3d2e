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

use super::flows::flows;
use super::frame::frame;
use super::grid::grid;
use super::read::Model;
use super::shapes::shapes;
use super::sheet::Sheet;

pub const CELL_W: f64 = 100.0;
pub const CELL_H: f64 = 80.0;
pub const GAP: f64 = 60.0;
pub const PX: f64 = CELL_W + GAP;
pub const PY: f64 = CELL_H + GAP;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
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

/// One plane: its grid, the pools and lanes around it, the shapes in its
/// cells, the flows between them.
fn place_plane(m: &Model, plane: usize, items: &[usize], edges: &[usize]) -> Placed {
    let grid = grid(m, plane, items, edges);
    let frame = frame(m, plane, &grid);
    let shapes = shapes(m, items, &grid, &frame);
    let sheet = Sheet {
        m,
        plane,
        x0: frame.x0,
        band_y: &frame.band_y,
        rows: &grid.rows,
        cell: &grid.cell,
        taken: &grid.taken,
        rect: &shapes.rect,
        side: &shapes.side,
        pools: &frame.pools,
    };
    let routed = flows(&sheet, items, edges);
    Placed {
        shapes: items.iter().map(|&i| (i, shapes.rect[&i])).collect(),
        pools: frame.pools,
        lanes: frame.lanes,
        edges: routed.edges,
        skipped: routed.skipped,
    }
}
