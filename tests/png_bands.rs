//! A large PNG is drawn in bands of rows, each from a tree of only what it
//! shows (src/render/strips.rs), so that memory stays bounded. Drawn so,
//! it shows the pixels of one pass over the whole drawing.

#[allow(dead_code)]
mod common;

use regflow::layout::{self, Diagram};
use regflow::model::Lang;
use regflow::render::strips::{self, Bands};
use regflow::render::{svg, Timings};

/// The RGBA pixels of a PNG, and its width.
fn pixels(png: &[u8]) -> (u32, Vec<u8>) {
    let mut r = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; r.output_buffer_size().expect("a size")];
    let info = r.next_frame(&mut buf).expect("its pixels");
    buf.truncate(info.buffer_size());
    (info.width, buf)
}

fn drawn(d: &Diagram, dpi: f64, bands: Bands) -> Vec<u8> {
    let svg_of =
        |part: &Diagram| svg::diagram_in(part, Lang::Ru, "t", "d", svg::TextMode::Plain, None);
    strips::diagram_png_in(d, svg_of, dpi, bands, &mut Timings::default())
        .expect("a PNG")
        .bytes
}

#[test]
fn a_diagram_drawn_in_bands_has_the_pixels_of_one_pass() {
    let one_pass = Bands {
        one_pass: u64::MAX,
        one_pass_items: u64::MAX,
        band: 0,
        items_per_tile: 1,
    };
    let mut checked = 0;
    for (stem, p) in common::models().into_iter().step_by(5) {
        let d = layout::layout(
            &p,
            &layout::Options {
                lang: Lang::Ru,
                orientation: None,
            },
        );
        let whole = pixels(&drawn(&d, 96.0, one_pass));
        // Bands of about 40 rows: a diagram's text and flows cross many.
        let rows = Bands {
            one_pass: 0,
            one_pass_items: 0,
            band: u64::from(whole.0) * 40,
            items_per_tile: u64::MAX,
        };
        let banded = pixels(&drawn(&d, 96.0, rows));
        assert_eq!(whole.0, banded.0, "{stem}: width");
        assert_eq!(whole.1.len(), banded.1.len(), "{stem}: height");
        // Where lane borders meet a band's edge, a few pixels may come out
        // a few levels apart (up to 678 bytes of 17.7 million, by at most
        // 15 of 255); before the bands were padded, 200–900 bytes differed
        // along every band's edge, by up to 229.
        let diffs: Vec<u8> = whole
            .1
            .iter()
            .zip(&banded.1)
            .map(|(a, b)| a.abs_diff(*b))
            .filter(|&x| x > 0)
            .collect();
        let max = diffs.iter().max().copied().unwrap_or(0);
        assert!(
            diffs.len() * 10_000 <= whole.1.len() && max <= 16,
            "{stem}: {} of {} bytes differ, by up to {max}",
            diffs.len(),
            whole.1.len()
        );
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}
