//! A large PNG is drawn in bands of rows, each from a tree of only what it
//! shows (src/render/strips.rs), its flows cut to the band, so that memory
//! stays bounded. Drawn so, it shows the pixels of one pass over the whole
//! drawing: dashes go on across a band's border, arrowheads are drawn once.

#[allow(dead_code)]
mod common;

use regflow::layout::{self, Diagram, EdgePath, Point, Rect};
use regflow::model::{FlowKind, Lang, Orientation};
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
    let svg_of = |part: &Diagram, pieces: &[svg::Piece]| {
        svg::diagram_pieces(part, pieces, Lang::Ru, "t", "d", svg::TextMode::Plain, None)
    };
    strips::diagram_png_in(d, svg_of, dpi, bands, &mut Timings::default())
        .expect("a PNG")
        .bytes
}

const ONE_PASS: Bands = Bands {
    one_pass: u64::MAX,
    one_pass_items: u64::MAX,
    band: 0,
    items_per_tile: 1,
};

/// Bands of `rows` rows (at most; 128 at least, twice the padding at 96
/// dpi) of a raster `w` pixels wide.
fn rows(w: u32, rows: u64) -> Bands {
    Bands {
        one_pass: 0,
        one_pass_items: 0,
        band: u64::from(w) * rows,
        items_per_tile: u64::MAX,
    }
}

/// How many bytes of two rasters differ, and by how much at most.
fn differ(whole: &(u32, Vec<u8>), banded: &(u32, Vec<u8>)) -> (usize, u8) {
    assert_eq!(whole.0, banded.0, "width");
    assert_eq!(whole.1.len(), banded.1.len(), "height");
    let diffs: Vec<u8> = whole
        .1
        .iter()
        .zip(&banded.1)
        .map(|(a, b)| a.abs_diff(*b))
        .filter(|&x| x > 0)
        .collect();
    (diffs.len(), diffs.iter().max().copied().unwrap_or(0))
}

fn flow(kind: FlowKind, points: &[(f64, f64)]) -> EdgePath {
    EdgePath {
        from: 0,
        to: 0,
        points: points.iter().map(|&(x, y)| Point { x, y }).collect(),
        label: None,
        back: false,
        kind,
    }
}

#[test]
fn flows_cut_at_band_borders_keep_their_dashes_and_arrowheads() {
    // 400 × 1,000 px at 96 dpi in bands of 200 rows: borders at rows 200,
    // 400, 600 and 800; each band is drawn with 64 rows above and below
    // and cut 48 more beyond (src/render/strips.rs: PAD, REACH), so a flow
    // crossing bands is cut at 88, 312, 512, 712, ... too.
    let (m, s, a) = (FlowKind::Message, FlowKind::Sequence, FlowKind::Association);
    let edges = vec![
        // Dashed flows across every border, one with corners on borders.
        flow(m, &[(100.0, 50.0), (100.0, 950.0)]),
        flow(
            m,
            &[
                (150.0, 30.0),
                (150.0, 400.0),
                (300.0, 400.0),
                (300.0, 970.0),
            ],
        ),
        flow(a, &[(350.0, 20.0), (350.0, 980.0)]),
        // Lying on a border, dashed.
        flow(m, &[(20.0, 600.0), (380.0, 600.0)]),
        // Slanted, through a border at a slant.
        flow(m, &[(30.0, 150.0), (370.0, 870.0)]),
        // Arrowheads: tip on a border, head across one, tip where a
        // band's flows are cut (512 = 400 + 64 + 48), start there too.
        flow(s, &[(200.0, 250.0), (200.0, 400.0)]),
        flow(s, &[(250.0, 300.0), (250.0, 404.0)]),
        flow(m, &[(60.0, 300.0), (60.0, 512.0)]),
        flow(m, &[(80.0, 512.0), (80.0, 700.0)]),
        // Going up, its start in a lower band.
        flow(m, &[(120.0, 900.0), (120.0, 210.0), (180.0, 210.0)]),
    ];
    let d = Diagram {
        width: 400.0,
        height: 1000.0,
        orientation: Orientation::Table,
        title: Vec::new(),
        frame: Rect {
            x: 0.0,
            y: 0.0,
            w: 400.0,
            h: 1000.0,
        },
        lanes: Vec::new(),
        shapes: Vec::new(),
        edges,
    };
    let whole = pixels(&drawn(&d, 96.0, ONE_PASS));
    assert_eq!((whole.0, whole.1.len()), (400, 4 * 400 * 1000));
    let banded = pixels(&drawn(&d, 96.0, rows(400, 200)));
    let (n, max) = differ(&whole, &banded);
    // 87 bytes by up to 15 (where a cut point, written to 0.01, tilts the
    // slanted flow a little); each piece's dashes started afresh at its
    // cut, 11,298 bytes differ, by up to 229. (An arrowhead drawn at a cut
    // would not show: cuts lie 48 units beyond the rows a band draws.)
    assert!(n <= 400 && max <= 32, "{n} bytes differ, by up to {max}");
}

#[test]
fn a_diagram_drawn_in_bands_has_the_pixels_of_one_pass() {
    let one_pass = ONE_PASS;
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
