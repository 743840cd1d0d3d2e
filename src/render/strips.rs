//! A large diagram's PNG drawn band by band of rows, each band from a usvg
//! tree of only what it shows, and encoded as the rows come: neither the
//! whole drawing's tree (text as glyph outlines, the bulk of the memory at
//! 5,000 steps) nor the whole raster is ever held.

use super::png::{self, PngError, Raster};
use super::Timings;
use crate::layout::{Diagram, EdgePath, Rect};

/// When a raster is drawn in bands, and how large they are, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Bands {
    /// Rasters of at most this many pixels are drawn in one pass from one
    /// tree.
    pub one_pass: u64,
    /// Pixels per band.
    pub band: u64,
}

/// One pass up to 20 million pixels (every diagram of the gallery: the
/// widest is 17 million at 192 dpi, so their PNGs are what they were
/// before bands), else bands of 4 million (16 MB of RGBA).
pub const BANDS: Bands = Bands {
    one_pass: 20_000_000,
    band: 4_000_000,
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
    let size = tm
        .time("png: read svg", || {
            png::tree(&svg_of(&band(d, (f64::NEG_INFINITY, f64::NEG_INFINITY))))
        })?
        .size();
    let plan = png::plan(size.width(), size.height(), dpi);
    let (w, h) = plan.pixels;
    if u64::from(w) * u64::from(h) <= bands.one_pass {
        let svg = tm.time("svg", || svg_of(d));
        return png::png_timed(&svg, dpi, tm);
    }
    let pad = (PAD * plan.scale).ceil() as u32;
    let rows = ((bands.band / u64::from(w)) as u32).max(2 * pad).max(1);
    let mut r0 = 0;
    let bytes = png::encode_bands(w, h, || {
        if r0 >= h {
            return Ok(None);
        }
        let r1 = (r0 + rows).min(h);
        // Drawn with `pad` rows more above and below, left out: where a
        // curve or a slanted line crosses a pixmap's edge, tiny-skia cuts
        // it there, which moves its whole outline by a little.
        let (p0, p1) = (r0.saturating_sub(pad), (r1 + pad).min(h));
        let scale = f64::from(plan.scale);
        let (y0, y1) = (f64::from(p0) / scale, f64::from(p1) / scale);
        let part = band(d, (y0 - REACH, y1 + REACH));
        let t = tm.time("png: read svg", || png::tree(&svg_of(&part)))?;
        let pixmap = tm.time("png: raster", || {
            let mut pixmap = tiny_skia::Pixmap::new(w, p1 - p0)?;
            pixmap.fill(tiny_skia::Color::WHITE);
            let at = tiny_skia::Transform::from_scale(plan.scale, plan.scale)
                .post_translate(0.0, -(p0 as f32));
            resvg::render(&t, at, &mut pixmap.as_mut());
            Some(pixmap)
        });
        let pixmap = pixmap.ok_or(PngError::TooLarge { dpi, w, h })?;
        let row = 4 * w as usize;
        let mut rgba = pixmap.take_demultiplied();
        rgba.truncate((r1 - p0) as usize * row);
        rgba.drain(..(r0 - p0) as usize * row);
        r0 = r1;
        Ok(Some(rgba))
    })?;
    Ok(plan.raster(bytes, dpi))
}

/// What of `d` reaches into the rows from `y0` to `y1` (SVG units): the
/// title and the lanes (few, and wide), the shapes and flows that meet it.
/// The order of what is kept is the drawing's, so overlaps paint alike.
pub fn band(d: &Diagram, (y0, y1): (f64, f64)) -> Diagram {
    let meets = |top: f64, bottom: f64| top <= y1 && bottom >= y0;
    let rect_meets = |r: &Rect| meets(r.y, r.bottom());
    let edge_meets = |e: &EdgePath| {
        let (lo, hi) = e
            .points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p.y), hi.max(p.y))
            });
        meets(lo, hi) || e.label.as_ref().is_some_and(|l| rect_meets(&l.rect))
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
            .filter(|s| rect_meets(&s.bounds) || rect_meets(&s.body))
            .cloned()
            .collect(),
        edges: d.edges.iter().filter(|e| edge_meets(e)).cloned().collect(),
    }
}
