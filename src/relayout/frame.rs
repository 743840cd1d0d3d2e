//! A plane's pools and lanes: headers on the left, then the grid's
//! columns; down the page each pool's bands, as tall as their rows.

use super::grid::Grid;
use super::place::{Rect, GAP, PX, PY};
use super::read::Model;
use std::collections::HashMap;

const HEADER: f64 = 30.0;
const BLACK_BOX_H: f64 = 60.0;
const POOL_GAP: f64 = 40.0;

/// Where a plane's grid and its pools and lanes lie.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The left edge of the first column.
    pub x0: f64,
    /// The top of each band.
    pub band_y: Vec<f64>,
    pub pools: Vec<(usize, Rect)>,
    pub lanes: Vec<(usize, Rect)>,
}

/// The frame of `plane` around its grid.
pub fn frame(m: &Model, plane: usize, grid: &Grid) -> Frame {
    let pools = &m.planes[plane].pools;
    let x0 = header(m, pools) + 40.0;
    let width = x0 + grid.ncols as f64 * PX - GAP + 40.0;
    let nb = grid.bands.len();
    let mut out = Frame {
        x0,
        band_y: vec![0.0; nb],
        pools: Vec::new(),
        lanes: Vec::new(),
    };
    let mut band_h = vec![0.0; nb];
    let mut y = 0.0;
    for &pool in pools {
        let top = y;
        for (b, &(p, _)) in grid.bands.iter().enumerate() {
            if p != pool {
                continue;
            }
            out.band_y[b] = y;
            band_h[b] = if m.pools[pool].black_box {
                BLACK_BOX_H
            } else {
                grid.rows[b] as f64 * PY
            };
            y += band_h[b];
        }
        out.pools.push((
            pool,
            Rect {
                x: 0.0,
                y: top,
                w: width,
                h: y - top,
            },
        ));
        let bands = Bands {
            grid,
            y: &out.band_y,
            h: &band_h,
            width,
        };
        out.lanes.extend(lane_rects(m, pool, &bands));
        y += POOL_GAP;
    }
    out
}

/// The width of the headers: the pool's name (when it is a participant)
/// and one for each level of lanes.
fn header(m: &Model, pools: &[usize]) -> f64 {
    let with_pool = pools.iter().any(|&p| m.pools[p].participant.is_some());
    let depth = pools
        .iter()
        .flat_map(|&p| lanes_below(m, p))
        .map(|l| m.lanes[l].depth + 1)
        .max()
        .unwrap_or(0);
    let pool = if with_pool { HEADER } else { 0.0 };
    pool + depth as f64 * HEADER
}

/// The bands of a plane as they lie down the page.
struct Bands<'a> {
    grid: &'a Grid,
    y: &'a [f64],
    h: &'a [f64],
    width: f64,
}

/// A pool's lanes: leaves are bands; a lane with lanes inside spans them.
fn lane_rects(m: &Model, pool: usize, bands: &Bands) -> Vec<(usize, Rect)> {
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
            let b = bands
                .grid
                .bands
                .iter()
                .position(|&(_, bl)| bl == Some(l))
                .unwrap_or(0);
            Rect {
                x,
                y: bands.y[b],
                w: bands.width - x,
                h: bands.h[b],
            }
        } else {
            let kids: Vec<Rect> = m.lanes[l].children.iter().map(|c| lane_rect[c]).collect();
            let y0 = kids.iter().map(|r| r.y).fold(f64::MAX, f64::min);
            let y1 = kids.iter().map(|r| r.bottom()).fold(f64::MIN, f64::max);
            Rect {
                x,
                y: y0,
                w: bands.width - x,
                h: y1 - y0,
            }
        };
        lane_rect.insert(l, r);
    }
    below.iter().map(|&l| (l, lane_rect[&l])).collect()
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
