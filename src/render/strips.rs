//! A large diagram's PNG drawn band by band of rows (a wide band tile by
//! tile), each tile from a usvg tree of only what it shows, and encoded as
//! the rows come: neither the whole drawing's tree (text as glyph outlines,
//! the bulk of the memory at 5,000 steps) nor the whole raster is held.

use super::png::{self, PngError, Raster};
use super::Timings;
use crate::layout::{Diagram, EdgePath, Rect};

/// When a raster is drawn in bands, and how large they are, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Bands {
    /// Rasters of at most this many pixels are drawn in one pass from one
    /// tree.
    pub one_pass: u64,
    /// ... and of at most this many shapes and flows (the tree of each is
    /// held whole).
    pub one_pass_items: u64,
    /// Pixels per band (or tile).
    pub band: u64,
    /// Shapes and flows per band, about.
    pub items_per_tile: u64,
}

/// One pass up to 20 million pixels and 2,000 shapes and flows (every
/// diagram of the gallery: the widest is 17 million pixels at 192 dpi, so
/// their PNGs are what they were before bands), else bands of 4 million
/// pixels (16 MB of RGBA) and about 500 shapes and flows.
pub const BANDS: Bands = Bands {
    one_pass: 20_000_000,
    one_pass_items: 2_000,
    band: 4_000_000,
    items_per_tile: 500,
};

/// How far, in SVG units, outside its band an item is still drawn with it:
/// a stroke, an arrowhead or a glyph reaches past the box it is laid out
/// in by far less.
const REACH: f64 = 48.0;

/// Rows drawn above and below each band and left out, in SVG units: more
/// than the tallest curve or slanted line of a drawing (a choice's
/// diamond, an event's circle, a line of text).
const PAD: f32 = 64.0;

/// The PNG of `d` at `dpi`, where `svg_of` writes the SVG of a diagram (or
/// of a part of one, at the whole one's size).
pub fn diagram_png(
    d: &Diagram,
    svg_of: impl Fn(&Diagram) -> String,
    dpi: f64,
    tm: &mut Timings,
) -> Result<Raster, PngError> {
    diagram_png_in(d, svg_of, dpi, BANDS, tm)
}

/// [`diagram_png`] with bands of the sizes given.
pub fn diagram_png_in(
    d: &Diagram,
    svg_of: impl Fn(&Diagram) -> String,
    dpi: f64,
    bands: Bands,
    tm: &mut Timings,
) -> Result<Raster, PngError> {
    // The page's size, from a tree of the frame alone.
    let nothing = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let size = tm
        .time("png: read svg", || {
            png::tree(&svg_of(&tile(d, nothing, nothing)))
        })?
        .size();
    let plan = png::plan(size.width(), size.height(), dpi);
    let (w, h) = plan.pixels;
    let items = (d.shapes.len() + d.edges.len()) as u64;
    if u64::from(w) * u64::from(h) <= bands.one_pass && items <= bands.one_pass_items {
        let svg = tm.time("svg", || svg_of(d));
        return png::png_timed(&svg, dpi, tm);
    }
    let pad = (PAD * plan.scale).ceil() as u32;
    let (rows, cols) = grid(bands, (w, h), items, pad);
    let mut r0 = 0;
    let bytes = png::encode_bands(w, h, plan.dpi(dpi), || {
        if r0 >= h {
            return Ok(None);
        }
        let r1 = (r0 + rows).min(h);
        let mut rgba = vec![0; 4 * w as usize * (r1 - r0) as usize];
        let mut c0 = 0;
        while c0 < w {
            let c1 = (c0 + cols).min(w);
            let cell = Cell {
                cols: (c0, c1),
                rows: (r0, r1),
                pad,
                size: (w, h),
            };
            let drawn = draw_cell(d, &svg_of, plan.scale, cell, tm);
            let drawn = drawn.ok_or(PngError::TooLarge { dpi, w, h })??;
            copy_cell(&drawn, cell, &mut rgba, w);
            c0 = c1;
        }
        r0 = r1;
        Ok(Some(rgba))
    })?;
    Ok(plan.raster(bytes, dpi))
}

/// The rows of a band and the columns of a tile: as many tiles as the
/// pixels or the items ask for, cut across the drawing's longer side, and
/// a band cut into tiles only when it is far wider than one.
fn grid(b: Bands, (w, h): (u32, u32), items: u64, pad: u32) -> (u32, u32) {
    let k = ((u64::from(w) * u64::from(h)).div_ceil(b.band.max(1)))
        .max(items.div_ceil(b.items_per_tile.max(1)))
        .max(1);
    let cut = |len: u32| ((u64::from(len) / k) as u32).max(2 * pad).max(1);
    let across = |len: u32, other: u32| {
        if u64::from(len + 2 * pad) * u64::from(other) <= 8 * b.band {
            other
        } else {
            ((b.band / u64::from(len + 2 * pad)) as u32)
                .max(2 * pad)
                .max(1)
        }
    };
    if h >= w {
        let rows = cut(h);
        (rows, across(rows, w))
    } else {
        let cols = cut(w);
        (across(cols, h), cols)
    }
}

/// A tile of the raster: its columns and rows (ends excluded), drawn with
/// `pad` pixels more on each side (within the raster's `size`) and left
/// out: where a curve or a slanted line crosses a pixmap's edge, tiny-skia
/// cuts it there, which moves its whole outline by a little.
#[derive(Debug, Clone, Copy)]
struct Cell {
    cols: (u32, u32),
    rows: (u32, u32),
    pad: u32,
    size: (u32, u32),
}

impl Cell {
    /// The columns and rows drawn, pad included.
    fn padded(&self) -> ((u32, u32), (u32, u32)) {
        let grow =
            |(a, b): (u32, u32), max: u32| (a.saturating_sub(self.pad), (b + self.pad).min(max));
        (grow(self.cols, self.size.0), grow(self.rows, self.size.1))
    }
}

/// The straight RGBA pixels of `cell`, pad included, from a tree of what
/// of `d` reaches into it; `None` when its pixmap cannot be allocated.
fn draw_cell(
    d: &Diagram,
    svg_of: &impl Fn(&Diagram) -> String,
    scale: f32,
    cell: Cell,
    tm: &mut Timings,
) -> Option<Result<Vec<u8>, PngError>> {
    let ((q0, q1), (p0, p1)) = cell.padded();
    let k = f64::from(scale);
    let units = |a: u32, b: u32| (f64::from(a) / k - REACH, f64::from(b) / k + REACH);
    let part = tile(d, units(q0, q1), units(p0, p1));
    let t = match tm.time("png: read svg", || png::tree(&svg_of(&part))) {
        Ok(t) => t,
        Err(e) => return Some(Err(e)),
    };
    let pixmap = tm.time("png: raster", || {
        let mut pixmap = tiny_skia::Pixmap::new(q1 - q0, p1 - p0)?;
        pixmap.fill(tiny_skia::Color::WHITE);
        let at = tiny_skia::Transform::from_scale(scale, scale)
            .post_translate(-(q0 as f32), -(p0 as f32));
        resvg::render(&t, at, &mut pixmap.as_mut());
        Some(pixmap)
    })?;
    Some(Ok(pixmap.take_demultiplied()))
}

/// Copies the cell's own pixels (pad left out) from `drawn` into the
/// band `out`, `w` pixels wide, that starts at the cell's first row.
fn copy_cell(drawn: &[u8], cell: Cell, out: &mut [u8], w: u32) {
    let ((q0, q1), (p0, _)) = cell.padded();
    let ((c0, c1), (r0, r1)) = (cell.cols, cell.rows);
    let (tw, n) = (4 * (q1 - q0) as usize, 4 * (c1 - c0) as usize);
    for r in r0..r1 {
        let from = (r - p0) as usize * tw + 4 * (c0 - q0) as usize;
        let to = (r - r0) as usize * 4 * w as usize + 4 * c0 as usize;
        out[to..to + n].copy_from_slice(&drawn[from..from + n]);
    }
}

/// What of `d` reaches into the columns `x` and rows `y` (SVG units): the
/// title and the lanes (few), the shapes and flows that meet it. The order
/// of what is kept is the drawing's, so overlaps paint alike.
pub fn tile(d: &Diagram, x: (f64, f64), y: (f64, f64)) -> Diagram {
    let meets = |r: &Rect| r.x <= x.1 && r.right() >= x.0 && r.y <= y.1 && r.bottom() >= y.0;
    let edge_meets = |e: &EdgePath| {
        let inf = f64::INFINITY;
        let (x0, y0, x1, y1) = e.points.iter().fold((inf, inf, -inf, -inf), |b, p| {
            (b.0.min(p.x), b.1.min(p.y), b.2.max(p.x), b.3.max(p.y))
        });
        let r = Rect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        };
        meets(&r) || e.label.as_ref().is_some_and(|l| meets(&l.rect))
    };
    Diagram {
        width: d.width,
        height: d.height,
        orientation: d.orientation,
        title: d.title.clone(),
        frame: d.frame,
        lanes: d.lanes.clone(),
        shapes: d
            .shapes
            .iter()
            .filter(|s| meets(&s.bounds) || meets(&s.body))
            .cloned()
            .collect(),
        edges: d.edges.iter().filter(|e| edge_meets(e)).cloned().collect(),
    }
}
