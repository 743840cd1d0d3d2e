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

/// Rasterises at `dpi` (96 = one SVG px per pixel).
pub fn png(svg: &str, dpi: f64) -> Result<Vec<u8>, PngError> {
    png_timed(svg, dpi, &mut super::Timings::default())
}

/// [`png`], adding the time of its three steps to `tm`: reading the SVG
/// (text shaped and turned to outlines by usvg), rasterising (resvg alone),
/// and PNG encoding.
pub fn png_timed(svg: &str, dpi: f64, tm: &mut super::Timings) -> Result<Vec<u8>, PngError> {
    let t = tm.time("png: read svg", || tree(svg))?;
    let scale = (dpi / 96.0) as f32;
    let size = t.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    // tiny-skia refuses sizes whose byte count overflows; keep a sane cap.
    if u64::from(w) * u64::from(h) > 400_000_000 {
        return Err(PngError::TooLarge { dpi, w, h });
    }
    let pixmap = tm.time("png: raster", || {
        let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1))?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &t,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        Some(pixmap)
    });
    let pixmap = pixmap.ok_or(PngError::TooLarge { dpi, w, h })?;
    let png = tm
        .time("png: encode", || pixmap.encode_png())
        .map_err(|e| PngError::Encode(e.to_string()))?;
    Ok(with_resolution(png, dpi))
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
    #[test]
    fn crc_matches_the_png_specification() {
        // The IEND chunk every PNG ends with: its CRC is AE 42 60 82.
        assert_eq!(super::crc32(b"IEND"), 0xAE42_6082);
    }
}
