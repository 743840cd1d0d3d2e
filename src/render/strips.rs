//! A large diagram's PNG drawn band by band of rows (a wide band tile by
//! tile), each tile from a usvg tree of only what it shows, and encoded as
//! the rows come: neither the whole drawing's tree (text as glyph outlines,
//! the bulk of the memory at 5,000 steps) nor the whole raster is held.
//! Each flow is cut to the tile too, its dashes kept in step across the
//! cut and its markers only at its own ends: whole, every tile held and
//! dashed each long flow it met (6,000 message flows: 229 MB, 53 s).

use super::png::{self, PngError, Raster};
use super::svg::Piece;
use super::Timings;
use crate::layout::{Diagram, EdgePath, Point, Rect};

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
/// of a part of one, at the whole one's size, whose edges are the pieces of
/// flows given: [`super::svg::diagram_pieces`]).
pub fn diagram_png(
    d: &Diagram,
    svg_of: impl Fn(&Diagram, &[Piece]) -> String,
    dpi: f64,
    tm: &mut Timings,
) -> Result<Raster, PngError> {
    diagram_png_in(d, svg_of, dpi, BANDS, tm)
}

/// [`diagram_png`] with bands of the sizes given.
pub fn diagram_png_in(
    d: &Diagram,
    svg_of: impl Fn(&Diagram, &[Piece]) -> String,
    dpi: f64,
    bands: Bands,
    tm: &mut Timings,
) -> Result<Raster, PngError> {
    // The page's size, from a tree of the frame alone.
    let nothing = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let size = tm
        .time("png: read svg", || {
            let (frame, pieces) = tile(d, nothing, nothing);
            png::tree(&svg_of(&frame, &pieces))
        })?
        .size();
    let plan = png::plan(size.width(), size.height(), dpi);
    let (w, h) = plan.pixels;
    let items = (d.shapes.len() + d.edges.len()) as u64;
    if u64::from(w) * u64::from(h) <= bands.one_pass && items <= bands.one_pass_items {
        let svg = tm.time("svg", || svg_of(d, &[]));
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

/// The rows of a band and the columns of a tile: as many bands as the
/// pixels or the items ask for (a flow is cut to its tile, so what a tile
/// holds grows with its area), and a band cut into tiles only when it is
/// far wider than one. Bands of rows across a wide drawing too: the PNG
/// takes rows, so a band's rows are held until all its tiles are drawn
/// (cut into columns, 6,000 message flows held the whole raster: 157 MB).
fn grid(b: Bands, (w, h): (u32, u32), items: u64, pad: u32) -> (u32, u32) {
    let k = ((u64::from(w) * u64::from(h)).div_ceil(b.band.max(1)))
        .max(items.div_ceil(b.items_per_tile.max(1)))
        .max(1);
    let rows = ((u64::from(h) / k) as u32).max(2 * pad).max(1);
    let cols = if u64::from(rows + 2 * pad) * u64::from(w) <= 8 * b.band {
        w
    } else {
        ((b.band / u64::from(rows + 2 * pad)) as u32)
            .max(2 * pad)
            .max(1)
    };
    (rows, cols)
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
    svg_of: &impl Fn(&Diagram, &[Piece]) -> String,
    scale: f32,
    cell: Cell,
    tm: &mut Timings,
) -> Option<Result<Vec<u8>, PngError>> {
    let ((q0, q1), (p0, p1)) = cell.padded();
    let k = f64::from(scale);
    let units = |a: u32, b: u32| (f64::from(a) / k - REACH, f64::from(b) / k + REACH);
    let (part, pieces) = tile(d, units(q0, q1), units(p0, p1));
    let t = match tm.time("png: read svg", || png::tree(&svg_of(&part, &pieces))) {
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
/// title and the lanes (few), the shapes that meet it, and the pieces of
/// flows inside it, each with what of its flow it is (an edge of the
/// result per piece; a label that meets it goes with its flow's first
/// piece, or alone). The order of what is kept is the drawing's, so
/// overlaps paint alike.
pub fn tile(d: &Diagram, x: (f64, f64), y: (f64, f64)) -> (Diagram, Vec<Piece>) {
    let meets = |r: &Rect| r.x <= x.1 && r.right() >= x.0 && r.y <= y.1 && r.bottom() >= y.0;
    let mut edges = Vec::new();
    let mut pieces = Vec::new();
    for e in &d.edges {
        let label = e.label.as_ref().filter(|l| meets(&l.rect));
        let mut cut = if meets(&bounds(&e.points)) {
            cut(&e.points, x, y)
        } else {
            Vec::new()
        };
        if cut.is_empty() && label.is_some() {
            let alone = Piece {
                before: 0.0,
                start: false,
                end: false,
            };
            cut.push((Vec::new(), alone));
        }
        for (k, (points, piece)) in cut.into_iter().enumerate() {
            edges.push(EdgePath {
                points,
                label: if k == 0 { label.cloned() } else { None },
                ..*e
            });
            pieces.push(piece);
        }
    }
    let part = Diagram {
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
        edges,
    };
    (part, pieces)
}

/// The box around `points`.
fn bounds(points: &[Point]) -> Rect {
    let inf = f64::INFINITY;
    let (x0, y0, x1, y1) = points.iter().fold((inf, inf, -inf, -inf), |b, p| {
        (b.0.min(p.x), b.1.min(p.y), b.2.max(p.x), b.3.max(p.y))
    });
    Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    }
}

/// The pieces of the line through `points` inside the columns `x` and rows
/// `y`, each with its points (the line's own where they are inside, else
/// where it crosses the border) and what of the line it is.
fn cut(points: &[Point], x: (f64, f64), y: (f64, f64)) -> Vec<(Vec<Point>, Piece)> {
    let mut out = Vec::new();
    let mut open: Option<(Vec<Point>, Piece)> = None;
    let mut along = 0.0;
    let last = points.len().saturating_sub(2);
    for (i, s) in points.windows(2).enumerate() {
        let (a, b) = (s[0], s[1]);
        let len = (b.x - a.x).hypot(b.y - a.y);
        let at = |t: f64| match t {
            0.0 => a,
            1.0 => b,
            t => Point {
                x: a.x + t * (b.x - a.x),
                y: a.y + t * (b.y - a.y),
            },
        };
        match clip(a, b, x, y) {
            None => out.extend(open.take()),
            Some((t0, t1)) => {
                if t0 > 0.0 {
                    out.extend(open.take());
                }
                let (line, piece) = open.get_or_insert_with(|| {
                    let piece = Piece {
                        before: along + t0 * len,
                        start: i == 0 && t0 == 0.0,
                        end: false,
                    };
                    (vec![at(t0)], piece)
                });
                line.push(at(t1));
                if t1 < 1.0 {
                    out.extend(open.take());
                } else if i == last {
                    piece.end = true;
                }
            }
        }
        along += len;
    }
    out.extend(open);
    out
}

/// The part `(t0, t1)` of the segment from `a` to `b` (0 at `a`, 1 at `b`)
/// inside the columns `x` and rows `y`, if any (Liang and Barsky).
fn clip(a: Point, b: Point, x: (f64, f64), y: (f64, f64)) -> Option<(f64, f64)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.x - x.0),
        (dx, x.1 - a.x),
        (-dy, a.y - y.0),
        (dy, y.1 - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_band_holds_about_a_band_of_pixels_however_the_drawing_lies() {
        // 6,000 message flows: 7,808 × 5,022 px; 5,000 steps: 1,478 × 26,533.
        for (w, h) in [(7_808, 5_022), (1_478, 26_533), (20_000, 2_000)] {
            let (rows, cols) = grid(BANDS, (w, h), 6_000, 128);
            let held = u64::from(rows.min(h)) * u64::from(w);
            assert!(held <= 2 * BANDS.band, "{w} × {h}: {rows} rows held");
            assert!(rows < h && cols <= w, "{w} × {h}: {rows} × {cols}");
        }
    }

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn a_flow_is_cut_to_the_tile_with_its_length_before_each_piece() {
        // Right 100, down 100, left 100; the tile is x 50..150, y -10..60.
        let line = [p(0.0, 0.0), p(100.0, 0.0), p(100.0, 100.0), p(0.0, 100.0)];
        let pieces = cut(&line, (50.0, 150.0), (-10.0, 60.0));
        assert_eq!(pieces.len(), 1);
        let (points, piece) = &pieces[0];
        assert_eq!(points, &[p(50.0, 0.0), p(100.0, 0.0), p(100.0, 60.0)]);
        assert_eq!((piece.before, piece.start, piece.end), (50.0, false, false));
        // A line that leaves the tile and comes back is two pieces; the
        // second holds the line's end.
        let pieces = cut(&line, (50.0, 150.0), (-10.0, 110.0));
        assert_eq!(pieces.len(), 1, "one piece: it never leaves");
        let pieces = cut(&line, (-10.0, 40.0), (-10.0, 110.0));
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].0, [p(0.0, 0.0), p(40.0, 0.0)]);
        assert_eq!((pieces[0].1.start, pieces[0].1.end), (true, false));
        assert_eq!(pieces[1].0, [p(40.0, 100.0), p(0.0, 100.0)]);
        assert_eq!(pieces[1].1.before, 260.0);
        assert_eq!((pieces[1].1.start, pieces[1].1.end), (false, true));
        // Inside, a line is kept as it is.
        let whole = cut(&line, (-10.0, 110.0), (-10.0, 110.0));
        assert_eq!(whole, [(line.to_vec(), Piece::WHOLE)]);
        assert!(cut(&line, (200.0, 300.0), (0.0, 100.0)).is_empty());
    }

    #[test]
    fn a_flows_label_goes_with_its_first_piece_in_a_tile_or_alone() {
        let label = |x, y| crate::layout::TextBlock {
            rect: Rect {
                x,
                y,
                w: 20.0,
                h: 10.0,
            },
            lines: vec!["да".into()],
            size: 10.0,
            bold: false,
            centered: false,
        };
        let edge = |points: &[(f64, f64)], l| EdgePath {
            from: 0,
            to: 1,
            points: points.iter().map(|&(x, y)| p(x, y)).collect(),
            label: Some(l),
            back: false,
            kind: crate::model::FlowKind::Message,
        };
        let d = Diagram {
            width: 400.0,
            height: 400.0,
            orientation: crate::model::Orientation::Table,
            title: Vec::new(),
            frame: Rect::default(),
            lanes: Vec::new(),
            shapes: Vec::new(),
            edges: vec![
                // Out of the tile and back: two pieces, one label.
                edge(
                    &[(0.0, 0.0), (300.0, 0.0), (300.0, 50.0), (0.0, 50.0)],
                    label(10.0, 10.0),
                ),
                // Its line far away, its label inside.
                edge(&[(0.0, 300.0), (100.0, 300.0)], label(50.0, 60.0)),
                // Neither inside: left out.
                edge(&[(0.0, 300.0), (100.0, 300.0)], label(50.0, 300.0)),
            ],
        };
        let (part, pieces) = tile(&d, (-10.0, 100.0), (-10.0, 100.0));
        assert_eq!(part.edges.len(), 3);
        assert_eq!(pieces.len(), 3);
        assert!(part.edges[0].label.is_some() && part.edges[1].label.is_none());
        assert_eq!((pieces[0].start, pieces[0].end), (true, false));
        assert_eq!((pieces[1].start, pieces[1].end), (false, true));
        assert!(part.edges[2].points.is_empty() && part.edges[2].label.is_some());
        assert_eq!((pieces[2].start, pieces[2].end), (false, false));
    }
}
