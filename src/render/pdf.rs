//! A4 pages for print. A diagram longer than a page is cut between its
//! rows of shapes, not through a shape or a label; every page after the
//! first repeats the lane headers under «Продолжение таблицы», as the
//! regulations print a long Справочник. The legend follows the diagram.
//! Text stays text (the bundled font, subset and embedded), so the PDF can
//! be searched and copied from.

use super::png;
use super::svg::{self, TextMode};
use crate::layout::{Diagram, EdgePath, Rect, TextBlock};
use crate::model::{Lang, Orientation};
use krilla::geom::{Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

/// A4 in points, portrait.
const A4: (f32, f32) = (595.28, 841.89);
/// 10 mm.
const MARGIN: f32 = 28.35;
/// One SVG px at its natural size (96 px to the inch) in points.
const NATURAL: f32 = 0.75;
/// The scale below which body text (11 px) prints under `SMALL_PRINT`:
/// the paper turns if that gives the lanes more room.
const READABLE: f32 = SMALL_PRINT / 11.0;
/// Room above a continued table for its «Продолжение таблицы» line, in points.
const CONTINUED: f32 = 16.0;
/// Kept clear around shapes and labels when choosing where to cut, in px.
const CLEAR: f64 = 4.0;
/// Between the diagram and the legend under it, in points.
const GAP: f32 = 12.0;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("internal SVG could not be read: {0}")]
    Svg(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// A PDF and how large its text prints.
#[derive(Debug, Clone)]
pub struct Printed {
    pub bytes: Vec<u8>,
    /// The size the text of the procedures prints at, in points.
    pub body_pt: f32,
}

/// Below this size, in points, printed text is hard to read.
pub const SMALL_PRINT: f32 = 6.0;

/// One piece of the diagram along the flow, in SVG px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slice {
    pub from: f64,
    pub to: f64,
}

/// The pages of `d` and then the legend (`legend_svg`), as a PDF. The
/// table form continues down portrait pages, the BPMN form right across
/// landscape ones; either turns its paper when its text would otherwise
/// print too small to read.
pub fn pdf(d: &Diagram, legend_svg: &str, title: &str, lang: Lang) -> Result<Printed, PdfError> {
    let legend = png::tree(legend_svg).map_err(|e| PdfError::Svg(e.to_string()))?;
    let table = d.orientation == Orientation::Table;
    let (w, h) = (d.width as f32, d.height as f32);
    // The part of the drawing printed across the lanes, in SVG px. The
    // table form's title is as wide as its lanes and prints with them; the
    // BPMN form's runs along the whole flow, so it is set anew on page 1.
    let cross = if table {
        (0.0, w)
    } else {
        ((d.frame.y as f32 - 4.0).max(0.0), h)
    };
    let (main_len, cross_len) = (if table { h } else { w }, cross.1 - cross.0);
    let (short, long) = (A4.0 - 2.0 * MARGIN, A4.1 - 2.0 * MARGIN);
    // Page 1 of the BPMN form: the title, wrapped to the page.
    let heading = |turned: bool| {
        if table {
            (String::new(), 0.0)
        } else {
            title_marks(d, if turned { short } else { long })
        }
    };
    // The scale when the lanes lie across `room`. Notes and titles sit
    // above the drawing: along the flow in the table form, across it in
    // the BPMN form.
    let scale = |room: f32, heading_len: f32| {
        // A title too long for half the page is cut rather than the scale.
        let above = if table {
            0.0
        } else {
            CONTINUED.max(heading_len).min(room / 2.0)
        };
        NATURAL.min((room - above) / cross_len.max(1.0))
    };
    let (flat, sideways) = (heading(false), heading(true));
    let upright = scale(short, flat.1);
    let turned = upright < READABLE && scale(long, sideways.1) > upright;
    let (heading, heading_len) = if turned { sideways } else { flat };
    let portrait = table != turned;
    let (pw, ph) = if portrait { A4 } else { (A4.1, A4.0) };
    let (main_room, cross_room) = if turned { (short, long) } else { (long, short) };
    let k = scale(cross_room, heading_len);
    let header = header_strip(d);
    let head_len = (header.to - header.from) as f32;
    let slices = paginate(
        d,
        f64::from(main_len),
        f64::from(main_room / k),
        f64::from(
            if table {
                (main_room - CONTINUED) / k
            } else {
                main_room / k
            } - head_len,
        ),
    );

    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language(lang.code().to_string()),
    );
    let settings = SvgSettings::default();
    let page_settings = || PageSettings::from_wh(pw, ph).expect("A4 is a valid size");
    let page_size = Size::from_wh(pw, ph).expect("A4 is a valid size");
    // The legend goes under the diagram's last piece where it fits (table
    // form), else on a page of its own.
    let lk = NATURAL
        .min((pw - 2.0 * MARGIN) / legend.size().width())
        .min((ph - 2.0 * MARGIN) / legend.size().height());
    let legend_size = Size::from_wh(legend.size().width() * lk, legend.size().height() * lk)
        .ok_or_else(|| PdfError::Pdf("the legend has no size".into()))?;
    let mut legend_done = false;
    // The frame across the lanes, in points from where the drawing starts.
    let (f0, f1) = if table {
        (d.frame.x, d.frame.x + d.frame.w)
    } else {
        (d.frame.y, d.frame.y + d.frame.h)
    };
    let (f0, f1) = ((f0 as f32 - cross.0) * k, (f1 as f32 - cross.0) * k);
    for (i, s) in slices.iter().enumerate() {
        let mut page = doc.start_page_with(page_settings());
        let mut surface = page.surface();
        let mut marks = String::new();
        // Where the drawing starts along and across the flow, in points.
        let (mut at, across) = match (table, i) {
            (true, 0) => (0.0, 0.0),
            (true, _) => (CONTINUED, 0.0),
            (false, 0) => (0.0, heading_len),
            (false, _) => (0.0, CONTINUED),
        };
        // Each page draws only what reaches into it: drawn whole on every
        // page, a long diagram's PDF would grow with the square of its length.
        let tree = png::tree(&svg::diagram(
            &part(d, *s, header),
            "",
            "",
            TextMode::Plain,
            None,
        ))
        .map_err(|e| PdfError::Svg(e.to_string()))?;
        if i == 0 {
            marks.push_str(&heading);
        } else {
            marks.push_str(&note(pw, continued(lang, table)));
            let place = Place {
                k,
                cross,
                at,
                across,
            };
            draw_slice(&mut surface, &tree, table, place, header);
            at += head_len * k;
        }
        draw_slice(
            &mut surface,
            &tree,
            table,
            Place {
                k,
                cross,
                at,
                across,
            },
            *s,
        );
        at += (s.to - s.from) as f32 * k;
        let last = i + 1 == slices.len();
        if !last {
            // The table closes at the page's end and goes on overleaf.
            marks.push_str(&rule(table, at, across + f0, across + f1, k));
        }
        if !marks.is_empty() {
            surface.draw_svg(&marks_tree(pw, ph, &marks)?, page_size, settings);
        }
        if table && last && at + GAP + legend_size.height() <= main_room {
            surface.push_transform(&Transform::from_translate(MARGIN, MARGIN + at + GAP));
            surface.draw_svg(&legend, legend_size, settings);
            surface.pop();
            legend_done = true;
        }
        surface.finish();
        page.finish();
    }
    if !legend_done {
        let mut page = doc.start_page_with(page_settings());
        let mut surface = page.surface();
        surface.push_transform(&Transform::from_translate(MARGIN, MARGIN));
        surface.draw_svg(&legend, legend_size, settings);
        surface.pop();
        surface.finish();
        page.finish();
    }
    let body = d
        .shapes
        .iter()
        .flat_map(|s| s.text.iter().map(|t| t.size))
        .fold(0.0, f64::max) as f32;
    Ok(Printed {
        bytes: doc.finish().map_err(|e| PdfError::Pdf(e.to_string()))?,
        body_pt: body * k,
    })
}

/// What of `d` reaches into piece `s` or the lane headers `header`.
fn part(d: &Diagram, s: Slice, header: Slice) -> Diagram {
    let table = d.orientation == Orientation::Table;
    let along = |r: &Rect| along(d, r);
    let meets =
        |(a, b): (f64, f64)| (a <= s.to && b >= s.from) || (a <= header.to && b >= header.from);
    let edge_meets = |e: &&EdgePath| {
        let m = e.points.iter().map(|p| if table { p.y } else { p.x });
        let (lo, hi) = m.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        meets((lo, hi)) || e.label.as_ref().is_some_and(|l| meets(along(&l.rect)))
    };
    // Only what is kept is copied: a page of a long diagram holds little of it.
    Diagram {
        width: d.width,
        height: d.height,
        orientation: d.orientation,
        title: d
            .title
            .iter()
            .filter(|t| meets(along(&t.rect)))
            .cloned()
            .collect(),
        frame: d.frame,
        lanes: d.lanes.clone(),
        shapes: d
            .shapes
            .iter()
            .filter(|x| meets(along(&x.bounds)))
            .cloned()
            .collect(),
        edges: d.edges.iter().filter(edge_meets).cloned().collect(),
    }
}

/// Where `r` lies along the flow.
fn along(d: &Diagram, r: &Rect) -> (f64, f64) {
    if d.orientation == Orientation::Table {
        (r.y, r.y + r.h)
    } else {
        (r.x, r.x + r.w)
    }
}

/// Where the lane headers lie along the flow.
fn header_strip(d: &Diagram) -> Slice {
    let along = |r: &Rect| along(d, r);
    let from = along(&d.frame).0;
    let to = d
        .lanes
        .iter()
        .map(|l| along(&l.header).1)
        .fold(from, f64::max);
    Slice { from, to }
}

/// Cuts `0..len` into pieces of at most `first` (the first page) and then
/// `rest`, each cut where it passes no shape and no label: as late as that
/// allows, or, where a shape is longer than a page, at the page's end.
pub fn paginate(d: &Diagram, len: f64, first: f64, rest: f64) -> Vec<Slice> {
    let table = d.orientation == Orientation::Table;
    let along = |r: &Rect| along(d, r);
    let mut busy: Vec<(f64, f64)> = d
        .shapes
        .iter()
        .map(|s| along(&s.bounds))
        .chain(
            d.edges
                .iter()
                .filter_map(|e| e.label.as_ref())
                .map(|l| along(&l.rect)),
        )
        .chain(d.title.iter().filter(|_| table).map(|t| along(&t.rect)))
        .chain(
            d.lanes
                .iter()
                .map(|l| (along(&d.frame).0, along(&l.header).1)),
        )
        .map(|(a, b)| (a - CLEAR, b + CLEAR))
        .collect();
    busy.sort_by(|a, b| a.0.total_cmp(&b.0));
    // A header taller than a page still leaves room for some diagram.
    let rest = rest.max(first / 4.0);
    let mut out = Vec::new();
    let mut top = 0.0;
    loop {
        let room = if out.is_empty() { first } else { rest };
        let limit = top + room.max(1.0);
        if limit >= len {
            out.push(Slice { from: top, to: len });
            return out;
        }
        // The latest place that cuts nothing; failing that, the one past
        // the first quarter of the page that cuts least.
        let cuts = |c: f64| busy.iter().filter(|&&(a, b)| a < c && c < b).count();
        let candidates = busy
            .iter()
            .flat_map(|&(a, b)| [a, b])
            .chain([limit])
            .filter(|&c| top < c && c <= limit);
        let mut free: Option<f64> = None;
        let mut least: Option<(usize, f64)> = None;
        for c in candidates {
            let n = cuts(c);
            if n == 0 && free.is_none_or(|f| c > f) {
                free = Some(c);
            }
            if c > top + room / 4.0 && least.is_none_or(|(m, l)| n < m || (n == m && c > l)) {
                least = Some((n, c));
            }
        }
        let cut = free.or(least.map(|l| l.1)).unwrap_or(limit);
        out.push(Slice { from: top, to: cut });
        top = cut;
    }
}

/// Where a piece of the drawing goes on its page.
#[derive(Clone, Copy)]
struct Place {
    /// Points per SVG px.
    k: f32,
    /// The part of the drawing across the flow, in SVG px.
    cross: (f32, f32),
    /// Where it starts along and across the flow, in points from the margin.
    at: f32,
    across: f32,
}

/// Draws piece `s` of the drawing.
fn draw_slice(
    surface: &mut krilla::surface::Surface,
    tree: &usvg::Tree,
    table: bool,
    p: Place,
    s: Slice,
) {
    let (from, len) = (s.from as f32, (s.to - s.from) as f32);
    let (c0, clen) = (p.cross.0, p.cross.1 - p.cross.0);
    let (origin, shift, clip) = if table {
        (
            Transform::from_translate(MARGIN + p.across, MARGIN + p.at),
            Transform::from_translate(-c0, -from),
            krilla::geom::Rect::from_xywh(c0, from, clen, len),
        )
    } else {
        (
            Transform::from_translate(MARGIN + p.at, MARGIN + p.across),
            Transform::from_translate(-from, -c0),
            krilla::geom::Rect::from_xywh(from, c0, len, clen),
        )
    };
    let Some(clip) = clip.and_then(|r| {
        let mut b = krilla::geom::PathBuilder::new();
        b.push_rect(r);
        b.finish()
    }) else {
        return;
    };
    let Some(size) = Size::from_wh(tree.size().width(), tree.size().height()) else {
        return;
    };
    surface.push_transform(&origin);
    surface.push_transform(&Transform::from_scale(p.k, p.k));
    surface.push_transform(&shift);
    surface.push_clip_path(&clip, &krilla::paint::FillRule::NonZero);
    surface.draw_svg(tree, size, SvgSettings::default());
    surface.pop();
    surface.pop();
    surface.pop();
    surface.pop();
}

/// The title block set for a page `width` points wide: its SVG and how
/// much of the page it takes.
fn title_marks(d: &Diagram, width: f32) -> (String, f32) {
    let mut out = String::new();
    let mut y = f64::from(MARGIN);
    for t in &d.title {
        let size = t.size * f64::from(NATURAL);
        let lines = crate::font::wrap(&t.lines.join(" "), size, t.bold, f64::from(width));
        let h = lines.len() as f64 * crate::font::line_height(size);
        let block = TextBlock {
            rect: Rect {
                x: f64::from(MARGIN),
                y,
                w: f64::from(width),
                h,
            },
            lines,
            size,
            bold: t.bold,
            centered: false,
        };
        super::svg::text_block(&mut out, &block);
        y += h + 2.0;
    }
    (out, (y - f64::from(MARGIN)) as f32 + 6.0)
}

/// «Продолжение таблицы» and its Kazakh form.
fn continued(lang: Lang, table: bool) -> &'static str {
    match (lang, table) {
        (Lang::Ru, true) => "Продолжение таблицы",
        (Lang::Ru, false) => "Продолжение схемы",
        (Lang::Kk, true) => "Кестенің жалғасы",
        (Lang::Kk, false) => "Сызбаның жалғасы",
    }
}

/// The note over a continued page, right-aligned at the top margin.
fn note(pw: f32, text: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"end\">{text}</text>",
        pw - MARGIN,
        MARGIN + 9.0
    )
}

/// A line across the frame `at` points along the flow from the margin.
fn rule(table: bool, at: f32, c0: f32, c1: f32, k: f32) -> String {
    let (x1, y1, x2, y2) = if table {
        (MARGIN + c0, MARGIN + at, MARGIN + c1, MARGIN + at)
    } else {
        (MARGIN + at, MARGIN + c0, MARGIN + at, MARGIN + c1)
    };
    format!(
        "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"{}\" stroke-width=\"{}\"/>",
        super::svg::INK,
        1.2 * k
    )
}

/// A page-sized SVG, in points, holding `marks`.
fn marks_tree(pw: f32, ph: f32, marks: &str) -> Result<usvg::Tree, PdfError> {
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pw}\" height=\"{ph}\" viewBox=\"0 0 {pw} {ph}\" fill=\"{}\">{marks}</svg>",
        super::svg::INK
    );
    png::tree(&svg).map_err(|e| PdfError::Svg(e.to_string()))
}
