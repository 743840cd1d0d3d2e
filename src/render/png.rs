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

/// The pixels drawn at once: a strip of rows of at most 4 million pixels
/// (16 MB of RGBA), so that a raster at [`MAX_PIXELS`] (160 MB) never lies
/// whole in memory; the strips are encoded as they come.
const STRIP_PIXELS: u64 = 4_000_000;

/// Rows drawn above and below each strip and left out (see [`draw`]).
const PAD: u32 = 16;

/// [`png`], adding the time of its three steps to `tm`: reading the SVG
/// (text shaped and turned to outlines by usvg), rasterising (resvg alone,
/// strip by strip) and PNG encoding.
pub fn png_timed(svg: &str, dpi: f64, tm: &mut super::Timings) -> Result<Raster, PngError> {
    let t = tm.time("png: read svg", || tree(svg))?;
    let asked = (dpi / 96.0) as f32;
    let size = t.size();
    let scale = fitting_scale(size.width(), size.height(), asked);
    let (w, h) = pixels(size.width(), size.height(), scale);
    let refused = (scale < asked).then(|| pixels(size.width(), size.height(), asked));
    let bytes = draw(&t, scale, (w, h), strip_rows(w, h), tm)?;
    let drawn = if refused.is_some() {
        f64::from(scale) * 96.0
    } else {
        dpi
    };
    Ok(Raster {
        bytes: with_resolution(bytes, drawn),
        dpi: drawn,
        refused,
    })
}

/// The rows of each strip: as many as fit in [`STRIP_PIXELS`], at least one.
fn strip_rows(w: u32, h: u32) -> u32 {
    (STRIP_PIXELS / u64::from(w.max(1))).clamp(1, u64::from(h.max(1))) as u32
}

/// Draws `t` at `scale` into a `w × h` PNG, `rows` rows at a time. A
/// raster of one strip is drawn and encoded whole. A larger one is drawn
/// strip by strip: resvg renders the whole tree into a strip-sized pixmap
/// shifted up by the rows above it, and png's stream writer compresses the
/// strip's rows before the next is drawn. The pixels are those of one
/// whole pass; the bytes differ only in how the compressed stream ends
/// (the stream writer flushes before it finishes). Tests below compare.
fn draw(
    t: &usvg::Tree,
    scale: f32,
    (w, h): (u32, u32),
    rows: u32,
    tm: &mut super::Timings,
) -> Result<Vec<u8>, PngError> {
    let too_large = || PngError::TooLarge {
        dpi: f64::from(scale) * 96.0,
        w,
        h,
    };
    let encode_err = |e: ::png::EncodingError| PngError::Encode(e.to_string());
    let rows = rows.clamp(1, h.max(1));
    let mut out = Vec::new();
    {
        let mut encoder = ::png::Encoder::new(&mut out, w, h);
        encoder.set_color(::png::ColorType::Rgba);
        encoder.set_depth(::png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(encode_err)?;
        if rows >= h {
            let mut strip = tiny_skia::Pixmap::new(w, h).ok_or_else(too_large)?;
            tm.time("png: raster", || paint(t, scale, &mut strip, 0.0));
            let rgba = demultiplied(&strip, 0, h);
            drop(strip);
            tm.time("png: encode", || writer.write_image_data(&rgba))
                .map_err(encode_err)?;
        } else {
            let mut stream = writer
                .stream_writer_with_size(1 << 20)
                .map_err(encode_err)?;
            // Each strip is drawn with PAD rows more above and below, left
            // out of the picture: tiny-skia smooths a pixmap's edge rows
            // unlike the rows inside it.
            let mut padded = tiny_skia::Pixmap::new(w, rows + 2 * PAD).ok_or_else(too_large)?;
            let mut top = 0;
            while top < h {
                let n = rows.min(h - top);
                tm.time("png: raster", || {
                    paint(t, scale, &mut padded, f64::from(top) - f64::from(PAD))
                });
                let rgba = demultiplied(&padded, PAD, n);
                tm.time("png: encode", || {
                    std::io::Write::write_all(&mut stream, &rgba)
                })
                .map_err(|e| PngError::Encode(e.to_string()))?;
                top += n;
            }
            stream.finish().map_err(encode_err)?;
        }
        writer.finish().map_err(encode_err)?;
    }
    Ok(one_idat(out))
}

/// Draws the rows of `t` at `scale` from `top` down into `strip`, on white.
fn paint(t: &usvg::Tree, scale: f32, strip: &mut tiny_skia::Pixmap, top: f64) {
    strip.fill(tiny_skia::Color::WHITE);
    let shift = tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, 0.0, -(top as f32));
    resvg::render(t, shift, &mut strip.as_mut());
}

/// Rows `from..from + rows` of `strip` as straight (not premultiplied)
/// RGBA, as tiny-skia's own PNG encoding writes them.
fn demultiplied(strip: &tiny_skia::Pixmap, from: u32, rows: u32) -> Vec<u8> {
    let w = strip.width() as usize;
    let (a, n) = (w * from as usize, w * rows as usize);
    let mut out = Vec::with_capacity(n * 4);
    for p in &strip.pixels()[a..a + n] {
        let c = p.demultiply();
        out.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    out
}

/// `png` with its IDAT chunks joined into one, as a whole-image encoding
/// writes them (the stream writer cuts its output at its buffer's size).
fn one_idat(png: Vec<u8>) -> Vec<u8> {
    let mut chunks = Vec::new();
    let mut at = 8;
    while at + 12 <= png.len() {
        let len = u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]) as usize;
        let end = at + 12 + len;
        if end > png.len() {
            return png;
        }
        chunks.push((&png[at + 4..at + 8], &png[at + 8..at + 8 + len], at..end));
        at = end;
    }
    let idat = |c: &&(&[u8], &[u8], std::ops::Range<usize>)| c.0 == b"IDAT";
    if chunks.iter().filter(idat).count() < 2 {
        return png;
    }
    let mut out = Vec::with_capacity(png.len());
    out.extend_from_slice(&png[..8]);
    let mut joined = false;
    for c in &chunks {
        if !idat(&c) {
            out.extend_from_slice(&png[c.2.clone()]);
        } else if !joined {
            joined = true;
            let data: Vec<u8> = chunks
                .iter()
                .filter(idat)
                .flat_map(|c| c.1)
                .copied()
                .collect();
            let mut body = Vec::with_capacity(data.len() + 4);
            body.extend_from_slice(b"IDAT");
            body.extend_from_slice(&data);
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32(&body).to_be_bytes());
        }
    }
    out
}

/// `png` with a pHYs chunk saying it was drawn at `dpi`, so that Word,
/// LibreOffice and image viewers place it at its print size (without one
/// they assume 96 dpi or 72 and a 300-dpi picture comes in three or four
/// times too large). tiny-skia writes none; the chunk goes right after
/// IHDR, which is where the PNG specification puts it (before IDAT).
pub fn with_resolution(png: Vec<u8>, dpi: f64) -> Vec<u8> {
    // The signature (8 bytes), then IHDR: length, type, 13 bytes, CRC.
    const IHDR_END: usize = 8 + 4 + 4 + 13 + 4;
    if png.len() < IHDR_END || &png[12..16] != b"IHDR" {
        return png;
    }
    let per_metre = (dpi / 0.0254).round() as u32;
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    chunk.extend_from_slice(b"pHYs");
    chunk.extend_from_slice(&per_metre.to_be_bytes());
    chunk.extend_from_slice(&per_metre.to_be_bytes());
    chunk.push(1); // the unit is the metre
    let crc = crc32(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..IHDR_END]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[IHDR_END..]);
    out
}

/// The CRC-32 of PNG chunks (ISO 3309, reflected, polynomial 0xEDB88320).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
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
    fn crc_matches_the_png_specification() {
        // The IEND chunk every PNG ends with: its CRC is AE 42 60 82.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn a_raster_past_the_limits_is_drawn_smaller_and_within_them() {
        // The 30,000-letter word: 214,347 × 307 SVG units at 192 dpi.
        let s = fitting_scale(205_773.0, 295.0, 2.0);
        let (w, h) = pixels(205_773.0, 295.0, s);
        assert!(w <= MAX_SIDE && u64::from(w) * u64::from(h) <= MAX_PIXELS);
        assert!(w > MAX_SIDE - 400, "{w}");
        assert_eq!(fitting_scale(4479.0, 954.0, 2.0), 2.0);
    }

    const PICTURE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="230" height="97" viewBox="0 0 230 97">
<rect x="3.3" y="2.7" width="120.4" height="40.2" rx="6" fill="#e8f0fe" stroke="#1a4d8f" stroke-width="1.5"/>
<path d="M20 90 L200 10 L210 80 Z" fill="none" stroke="#333" stroke-dasharray="4 3"/>
<circle cx="180" cy="60" r="21.7" fill="#fff" stroke="#000" stroke-width="3" opacity="0.8"/>
<text x="10" y="30" font-size="13">Приём документов</text>
</svg>"##;

    #[test]
    fn a_raster_drawn_in_strips_is_the_whole_raster_pixel_for_pixel() {
        let t = tree(PICTURE).unwrap();
        for scale in [1.0f32, 2.0, 192.0 / 96.0 * 0.73] {
            let (w, h) = pixels(t.size().width(), t.size().height(), scale);
            let mut whole = tiny_skia::Pixmap::new(w, h).unwrap();
            whole.fill(tiny_skia::Color::WHITE);
            resvg::render(
                &t,
                tiny_skia::Transform::from_scale(scale, scale),
                &mut whole.as_mut(),
            );
            let want = whole.encode_png().unwrap();
            let one = draw(&t, scale, (w, h), h, &mut Default::default()).unwrap();
            assert!(
                one == want,
                "scale {scale}: one strip is tiny-skia's own encoding"
            );
            // Strips that divide the height and one that does not; one row.
            for rows in [7, 1, h / 2 + 1] {
                let got = draw(&t, scale, (w, h), rows, &mut Default::default()).unwrap();
                let (g, whole) = (decoded(&got), decoded(&want));
                let differ = g.2.iter().zip(&whole.2).filter(|(a, b)| a != b).count();
                assert!(
                    (g.0, g.1, differ) == (whole.0, whole.1, 0),
                    "scale {scale}, {rows} rows a strip: {differ} bytes differ"
                );
                assert_eq!(chunks(&got), ["IHDR", "IDAT", "IEND"]);
            }
        }
    }

    /// The size and RGBA pixels of a PNG.
    fn decoded(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut r = ::png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    /// The chunk types of a PNG, in order.
    fn chunks(png: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = 8;
        while at + 12 <= png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            out.push(String::from_utf8_lossy(&png[at + 4..at + 8]).into_owned());
            at += 12 + len;
        }
        out
    }

    #[test]
    fn a_strip_is_at_most_four_million_pixels_and_at_least_a_row() {
        assert_eq!(strip_rows(32_000, 1250), 125);
        assert_eq!(strip_rows(6_000, 100), 100);
        assert_eq!(strip_rows(5_000_000, 3), 1);
    }
}
