//! What a PNG costs, step by step, for the pictures `render` makes (the
//! bench's question: is the PNG stage resvg's own raster time?). For each
//! model given: the diagram at 192 dpi, read by usvg, rasterised by resvg,
//! then encoded as regflow does (tiny-skia: RGBA, the png crate's default
//! `Balanced` compression) and as a faster encoder setting would (RGBA and
//! RGB with `Fast`), with the bytes each gives.
//!
//! `cargo run --release --example png_encode -- models/*.ron`
use regflow::render::{self, svg::TextMode};
use std::time::{Duration, Instant};

fn encode(px: &tiny_skia::Pixmap, rgb: bool, c: png::Compression) -> Vec<u8> {
    // The page is opaque white, so demultiplying is the identity here.
    let data: Vec<u8> = if rgb {
        px.data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect()
    } else {
        px.data().to_vec()
    };
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, px.width(), px.height());
    e.set_color(if rgb {
        png::ColorType::Rgb
    } else {
        png::ColorType::Rgba
    });
    e.set_depth(png::BitDepth::Eight);
    e.set_compression(c);
    let mut w = e.write_header().expect("header");
    w.write_image_data(&data).expect("data");
    drop(w);
    out
}

fn main() {
    let mut t = [Duration::ZERO; 6];
    let mut bytes = [0usize; 4];
    let mut pixels = 0u64;
    let files: Vec<String> = std::env::args().skip(1).collect();
    for f in &files {
        let m = regflow::model::load_file(std::path::Path::new(f)).expect("model loads");
        let lang = m.process.lang;
        let d = regflow::layout::layout(
            &m.process,
            &regflow::layout::Options {
                lang,
                orientation: None,
            },
        );
        let svg = render::svg::diagram(
            &d,
            &render::title(&m.process, lang),
            &render::description(&m.process, lang),
            TextMode::Plain,
            None,
        );
        let mut clock = Instant::now();
        let mut lap = |i: usize, t: &mut [Duration; 6]| {
            t[i] += clock.elapsed();
            clock = Instant::now();
        };
        let tree = render::png::tree(&svg).expect("svg reads");
        lap(0, &mut t);
        let (w, h) = (
            (tree.size().width() * 2.0).ceil() as u32,
            (tree.size().height() * 2.0).ceil() as u32,
        );
        let mut px = tiny_skia::Pixmap::new(w, h).expect("pixmap");
        px.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(2.0, 2.0),
            &mut px.as_mut(),
        );
        pixels += u64::from(w) * u64::from(h);
        lap(1, &mut t);
        bytes[0] += px.encode_png().expect("encode").len();
        lap(2, &mut t);
        bytes[1] += encode(&px, false, png::Compression::Balanced).len();
        lap(3, &mut t);
        bytes[2] += encode(&px, false, png::Compression::Fast).len();
        lap(4, &mut t);
        bytes[3] += encode(&px, true, png::Compression::Fast).len();
        lap(5, &mut t);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "{} diagrams, {:.1} Mpixel at 192 dpi",
        files.len(),
        pixels as f64 / 1e6
    );
    println!("usvg read (text shaped, outlined): {:.0} ms", ms(t[0]));
    println!("resvg raster: {:.0} ms", ms(t[1]));
    println!(
        "encode as regflow does (tiny-skia, RGBA, Balanced): {:.0} ms, {:.1} MB",
        ms(t[2]),
        mb(bytes[0])
    );
    println!(
        "encode RGBA Balanced (png crate directly): {:.0} ms, {:.1} MB",
        ms(t[3]),
        mb(bytes[1])
    );
    println!(
        "encode RGBA Fast: {:.0} ms, {:.1} MB",
        ms(t[4]),
        mb(bytes[2])
    );
    println!(
        "encode RGB Fast: {:.0} ms, {:.1} MB",
        ms(t[5]),
        mb(bytes[3])
    );
}
