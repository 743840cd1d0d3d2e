//! SVG → PNG through resvg, with only the bundled font loaded, so the
//! picture never depends on the machine's fonts.

use crate::font;
use std::sync::{Arc, OnceLock};

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("internal SVG could not be read: {0}")]
    Svg(String),
    #[error("the picture is too large to rasterise at {dpi} dpi ({w}×{h} px); lower --dpi")]
    TooLarge { dpi: f64, w: u32, h: u32 },
    #[error("PNG encoding failed: {0}")]
    Encode(String),
    #[error(transparent)]
    Pdf(#[from] super::pdf::PdfError),
}

fn options() -> &'static usvg::Options<'static> {
    static OPTS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(font::REGULAR)));
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(font::BOLD)));
        db.set_sans_serif_family(font::FAMILY);
        db.set_serif_family(font::FAMILY);
        usvg::Options {
            fontdb: Arc::new(db),
            font_family: font::FAMILY.into(),
            ..Default::default()
        }
    })
}

/// Parses SVG text into a usvg tree (text laid out and turned to paths).
pub fn tree(svg: &str) -> Result<usvg::Tree, PngError> {
    usvg::Tree::from_str(svg, options()).map_err(|e| PngError::Svg(e.to_string()))
}

/// The largest raster drawn, in pixels: 40 million (160 MB of RGBA), so
/// memory stays bounded whatever the model. The widest diagram of the
/// gallery is 17 million at the default 192 dpi.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The longest side drawn, in pixels; browsers and viewers refuse larger.
pub const MAX_SIDE: u32 = 32_000;

/// A PNG, and the resolution it was drawn at: the one asked for, or lower
/// when that would pass [`MAX_PIXELS`] or [`MAX_SIDE`].
#[derive(Debug, Clone)]
pub struct Raster {
    pub bytes: Vec<u8>,
    pub dpi: f64,
    /// The size the asked resolution would have needed, when it was lowered.
    pub refused: Option<(u32, u32)>,
}

/// Rasterises at `dpi` (96 = one SVG px per pixel).
pub fn png(svg: &str, dpi: f64) -> Result<Vec<u8>, PngError> {
    png_timed(svg, dpi, &mut super::Timings::default()).map(|r| r.bytes)
}

/// The pixel size of a `width × height` (SVG units) picture at `scale`.
fn pixels(width: f32, height: f32, scale: f32) -> (u32, u32) {
    (
        (width * scale).ceil().max(1.0) as u32,
        (height * scale).ceil().max(1.0) as u32,
    )
}

/// The scale to draw at: `asked`, or the largest below it whose raster
/// stays within the limits.
fn fitting_scale(width: f32, height: f32, asked: f32) -> f32 {
    let fits = |(w, h): (u32, u32)| {
        u64::from(w) * u64::from(h) <= MAX_PIXELS && w <= MAX_SIDE && h <= MAX_SIDE
    };
    if fits(pixels(width, height, asked)) {
        return asked;
    }
    let by_area = (MAX_PIXELS as f64 / (f64::from(width) * f64::from(height)).max(1.0)).sqrt();
    let by_side = f64::from(MAX_SIDE) / f64::from(width.max(height)).max(1.0);
    let mut scale = (by_area.min(by_side) as f32).min(asked);
    // Rounding up to whole pixels may still pass a limit by one.
    while scale > 0.0 && !fits(pixels(width, height, scale)) {
        scale *= 0.99;
    }
    scale
}

/// How a picture is drawn: its scale, its size in pixels, and the size the
/// asked resolution would have needed when that was lowered.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub scale: f32,
    pub pixels: (u32, u32),
    refused: Option<(u32, u32)>,
}

/// The plan of a `width × height` (SVG units) picture asked at `dpi`.
pub fn plan(width: f32, height: f32, dpi: f64) -> Plan {
    let asked = (dpi / 96.0) as f32;
    let scale = fitting_scale(width, height, asked);
    Plan {
        scale,
        pixels: pixels(width, height, scale),
        refused: (scale < asked).then(|| pixels(width, height, asked)),
    }
}

impl Plan {
    /// The resolution drawn at, when `asked` was asked for.
    pub fn dpi(&self, asked: f64) -> f64 {
        if self.refused.is_some() {
            f64::from(self.scale) * 96.0
        } else {
            asked
        }
    }

    /// The PNG `bytes` (asked at `dpi`, written with [`Plan::dpi`]) as a
    /// raster.
    pub fn raster(&self, bytes: Vec<u8>, dpi: f64) -> Raster {
        Raster {
            bytes,
            dpi: self.dpi(dpi),
            refused: self.refused,
        }
    }
}

/// [`png`], adding the time of its three steps to `tm`: reading the SVG
/// (text shaped and turned to outlines by usvg), rasterising (resvg alone),
/// and PNG encoding.
pub fn png_timed(svg: &str, dpi: f64, tm: &mut super::Timings) -> Result<Raster, PngError> {
    let t = tm.time("png: read svg", || tree(svg))?;
    let size = t.size();
    let plan = plan(size.width(), size.height(), dpi);
    let ((w, h), scale) = (plan.pixels, plan.scale);
    let pixmap = tm.time("png: raster", || {
        let mut pixmap = tiny_skia::Pixmap::new(w, h)?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &t,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        Some(pixmap)
    });
    let pixmap = pixmap.ok_or(PngError::TooLarge { dpi, w, h })?;
    // The tree is done with: its memory goes before the encoding's.
    drop(t);
    let bytes = tm
        .time("png: encode", || encode(pixmap, plan.dpi(dpi)))
        .map_err(|e| PngError::Encode(e.to_string()))?;
    Ok(plan.raster(bytes, dpi))
}

/// A `w × h` RGBA PNG at `dpi` of the rows `next` gives, band after band,
/// until it gives `None`: each band is compressed before the next is drawn
/// (the [`encoder`] of [`encode`]; the stream is cut into several IDAT
/// chunks).
pub fn encode_bands(
    w: u32,
    h: u32,
    dpi: f64,
    mut next: impl FnMut() -> Result<Option<Vec<u8>>, PngError>,
) -> Result<Vec<u8>, PngError> {
    let e = |e: ::png::EncodingError| PngError::Encode(e.to_string());
    let mut out = Vec::new();
    {
        let mut writer = encoder(&mut out, w, h, dpi).write_header().map_err(e)?;
        let mut stream = writer.stream_writer().map_err(e)?;
        while let Some(rows) = next()? {
            std::io::Write::write_all(&mut stream, &rows)
                .map_err(|x| PngError::Encode(x.to_string()))?;
        }
        stream.finish().map_err(e)?;
        writer.finish().map_err(e)?;
    }
    Ok(out)
}

/// The one encoder both [`encode`] and [`encode_bands`] write with, so a
/// picture drawn whole and one drawn in bands are the same kind of PNG
/// (8-bit RGBA, the crate's default compression and filter). Its pHYs
/// chunk (right after IHDR) says it was drawn at `dpi`, so that Word,
/// LibreOffice and image viewers place it at its print size (without one
/// they assume 96 dpi or 72 and a 300-dpi picture comes in three or four
/// times too large).
fn encoder<W: std::io::Write>(out: W, w: u32, h: u32, dpi: f64) -> ::png::Encoder<'static, W> {
    let mut encoder = ::png::Encoder::new(out, w, h);
    encoder.set_color(::png::ColorType::Rgba);
    encoder.set_depth(::png::BitDepth::Eight);
    let per_metre = (dpi / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(::png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: ::png::Unit::Meter,
    }));
    encoder
}

/// tiny-skia's `encode_png` at `dpi`, without its copy of the whole raster
/// (160 MB at the limit): the pixmap is demultiplied in place.
fn encode(pixmap: tiny_skia::Pixmap, dpi: f64) -> Result<Vec<u8>, ::png::EncodingError> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let data = pixmap.take_demultiplied();
    let mut out = Vec::new();
    {
        let mut writer = encoder(&mut out, w, h, dpi).write_header()?;
        writer.write_image_data(&data)?;
    }
    Ok(out)
}

/// The same picture with text turned into outlines, as SVG.
pub fn outlined_svg(svg: &str) -> Result<String, PngError> {
    let t = tree(svg)?;
    Ok(t.to_string(&usvg::WriteOptions::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raster_past_the_limits_is_drawn_smaller_and_within_them() {
        // The 30,000-letter word: 214,347 × 307 SVG units at 192 dpi.
        let s = fitting_scale(205_773.0, 295.0, 2.0);
        let (w, h) = pixels(205_773.0, 295.0, s);
        assert!(w <= MAX_SIDE && u64::from(w) * u64::from(h) <= MAX_PIXELS);
        assert!(w > MAX_SIDE - 400, "{w}");
        assert_eq!(fitting_scale(4479.0, 954.0, 2.0), 2.0);
    }

    #[test]
    fn a_png_says_its_resolution_right_after_its_header() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"5\"/>";
        let bytes = png(svg, 300.0).expect("a PNG");
        // The signature (8 bytes), IHDR (4 + 4 + 13 + 4), then pHYs: 9
        // bytes of 11,811 pixels per metre (300 dpi) across and down.
        assert_eq!(&bytes[33..37], &9u32.to_be_bytes());
        assert_eq!(&bytes[37..41], b"pHYs");
        assert_eq!(&bytes[41..45], &11_811u32.to_be_bytes());
        assert_eq!(&bytes[45..49], &11_811u32.to_be_bytes());
        assert_eq!(bytes[49], 1, "in metres");
        // Its CRC, as the PNG specification gives it, read back by the
        // decoder (which checks every chunk's CRC).
        let r = ::png::Decoder::new(std::io::Cursor::new(&bytes))
            .read_info()
            .expect("a valid PNG");
        let dims = r.info().pixel_dims.expect("a pHYs chunk");
        assert_eq!((dims.xppu, dims.yppu), (11_811, 11_811));
    }
}
