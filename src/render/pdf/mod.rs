//! A4 pages for print. A diagram longer than a page is cut between its
//! rows of shapes, not through a shape or a label; every page after the
//! first repeats the lane headers under «Продолжение таблицы», as the
//! regulations print a long Справочник. The legend follows the diagram.
//! Text stays text (the bundled font, subset and embedded), so the PDF can
//! be searched and copied from.

use super::png;
use super::svg::{self, TextMode};
use crate::layout::{Diagram, EdgePath, Rect, Shape, TextBlock};
use crate::model::{Lang, Orientation};
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Tag, TagGroup, TagTree};
use krilla::Document;
use krilla::SerializeSettings;
use krilla_svg::{SurfaceExt, SvgSettings};

mod connect;
pub mod date;
mod marks;
mod plan;
pub use connect::{connectors, Connectors};
use plan::along;
pub use plan::{paginate, plan, plan_with, smallest_text, Plan, Slice, SMALL_PRINT};

/// 10 mm.
const MARGIN: f32 = 28.35;
/// One SVG px at its natural size (96 px to the inch) in points.
const NATURAL: f32 = 0.75;
/// Room above a continued table for its «Продолжение таблицы» line, in points.
const CONTINUED: f32 = 16.0;
/// The radius of an off-page connector, in points.
const CONNECTOR: f32 = 6.5;
/// Room on a continued page, after the lane headers, for the connectors of
/// the flows coming from the page before, in points.
const CONNECT: f32 = 2.0 * CONNECTOR + 4.0;
/// Kept clear around shapes and labels when choosing where to cut, in px.
const CLEAR: f64 = 4.0;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("internal SVG could not be read: {0}")]
    Svg(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the PDF breaks PDF/A: {0}")]
    NotArchival(String),
}

/// The paper a PDF prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    /// Twice A4: for those who print larger.
    A3,
}

impl Paper {
    /// Portrait width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::A3 => (841.89, 1190.55),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
        }
    }
}

/// A PDF and how large its text prints.
#[derive(Debug, Clone)]
pub struct Printed {
    pub bytes: Vec<u8>,
    /// The size the smallest text prints at (step numbers, durations,
    /// да/нет, captions as well as the procedures), in points.
    pub smallest_pt: f32,
    /// The form printed: a table too wide for the paper prints in the BPMN
    /// form unless the form was asked for.
    pub form: Orientation,
    pub pages: usize,
    /// Why it is not archive form, PDF/A-2u (see [`pdf`]); `None` when it is.
    pub not_archival: Option<String>,
}

/// The pages of `d` and then the legend (`legend_svg`), as a PDF (see
/// [`plan`] for how the pages are chosen).
/// The PDF is tagged: its language, its title, and the diagram as one
/// figure over its pages whose text alternative is `alt` (the step list),
/// the legend as another; the «Продолжение» notes, closing rules and
/// connectors of continued pages are pagination artifacts.
/// The PDF is archive form (PDF/A-2u) where it can be: a model so long
/// that its step list passes PDF/A's limit on one string (32,767 bytes,
/// some 150 steps) is written as a plain tagged PDF instead, as is one
/// krilla refuses as PDF/A for another reason (then written twice).
pub fn pdf(
    d: &Diagram,
    legend_svg: &str,
    title: &str,
    alt: &str,
    lang: Lang,
    paper: Paper,
    date: date::DocDate,
) -> Result<Printed, PdfError> {
    let text = (title, alt);
    let plain = |why: String| {
        write(d, legend_svg, text, lang, paper, date, false).map(|p| Printed {
            not_archival: Some(why),
            ..p
        })
    };
    // Known before writing, so a long model's PDF is not written twice.
    if let Some(why) = too_long_for_archive(text) {
        return plain(why);
    }
    match write(d, legend_svg, text, lang, paper, date, true) {
        Err(PdfError::NotArchival(why)) => plain(why),
        done => done,
    }
}

/// PDF/A's limit on one string, in the bytes krilla counts (UTF-8).
const ARCHIVE_STRING: usize = 32_767;

/// Why the title or the step list cannot be one PDF/A string, if so.
fn too_long_for_archive((title, alt): (&str, &str)) -> Option<String> {
    [("title", title), ("step list", alt)]
        .into_iter()
        .find(|(_, t)| t.len() > ARCHIVE_STRING)
        .map(|(what, t)| {
            format!(
                "the {what} is {} bytes, over PDF/A's limit of {ARCHIVE_STRING} bytes in one string",
                t.len()
            )
        })
}

/// [`pdf`], as PDF/A-2u with `archival`.
fn write(
    d: &Diagram,
    legend_svg: &str,
    (title, alt): (&str, &str),
    lang: Lang,
    paper: Paper,
    date: date::DocDate,
    archival: bool,
) -> Result<Printed, PdfError> {
    let legend = png::tree(legend_svg).map_err(|e| PdfError::Svg(e.to_string()))?;
    let table = d.orientation == Orientation::Table;
    let plan = plan_with(
        d,
        paper,
        Some((legend.size().width(), legend.size().height())),
    );
    let k = plan.k;
    let (pw, ph) = if plan.portrait {
        paper.size()
    } else {
        (paper.size().1, paper.size().0)
    };
    let header = plan.header;
    let head_len = (header.to - header.from) as f32;

    let mut doc = Document::new_with(if archival {
        archive_settings()
    } else {
        SerializeSettings::default()
    });
    doc.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language(lang.code().to_string())
            .creation_date(date.krilla()),
    );
    let settings = SvgSettings::default();
    let page_settings = || PageSettings::from_wh(pw, ph).expect("the paper is a valid size");
    let page_size = Size::from_wh(pw, ph).expect("the paper is a valid size");
    // The legend goes on the last page where the plan found it room, else
    // on a page of its own, at its natural size where the page takes it.
    let lk = NATURAL
        .min((pw - 2.0 * MARGIN) / legend.size().width())
        .min((ph - 2.0 * MARGIN) / legend.size().height());
    let legend_size = Size::from_wh(legend.size().width() * lk, legend.size().height() * lk)
        .ok_or_else(|| PdfError::Pdf("the legend has no size".into()))?;
    let mut legend_done = false;
    // The frame across the lanes, in SVG px.
    let (f0, f1) = if table {
        (d.frame.x, d.frame.x + d.frame.w)
    } else {
        (d.frame.y, d.frame.y + d.frame.h)
    };
    let links = connectors(d, &plan);
    let sideways = &links.sideways;
    let lane_edges: Vec<f32> = d
        .lanes
        .iter()
        .flat_map(|l| {
            if table {
                [l.band.x, l.band.right()]
            } else {
                [l.band.y, l.band.bottom()]
            }
        })
        .map(|v| v as f32)
        .collect();
    let mut figure = TagGroup::new(Tag::Figure(Some(alt.to_string())));
    let mut legend_figure = TagGroup::new(Tag::Figure(Some(
        crate::i18n::legend_title(lang).to_string(),
    )));
    // Where piece `i` starts along the flow on its page, in points.
    let at_start_of = |i: usize| {
        let note = if table && i > 0 { CONTINUED } else { 0.0 };
        if i > 0 {
            note + head_len * k + CONNECT
        } else {
            0.0
        }
    };
    let mut pages = 0;
    for &(i, j) in &plan.pages {
        let (s, band) = (&plan.slices[i], plan.bands[j]);
        {
            let mut page = doc.start_page_with(page_settings());
            let mut surface = page.surface();
            let mut marks = String::new();
            let first = i == 0 && j == 0;
            // Where the drawing starts along and across the flow, in points.
            let (mut at, across) = match (table, first) {
                (true, true) => (0.0, 0.0),
                (true, false) => (CONTINUED, 0.0),
                (false, true) => (0.0, plan.heading_len),
                (false, false) => (0.0, CONTINUED),
            };
            let start = at;
            let mut drawing = Vec::new();
            // What the page says first is drawn first, so the text layer
            // reads in order: the title (or the «Продолжение» note), the
            // lane headers, the flow, then the connectors of the break.
            let mut lead = String::new();
            if first {
                lead.push_str(&plan.heading);
            } else {
                // On the left where connectors from the lanes above come in
                // under the note's place on the right.
                let text = continued(lang, table);
                let width = crate::font::width(text, 9.0, false) as f32 + 2.0 * CONNECTOR;
                let under_note = j
                    .checked_sub(1)
                    .and_then(|b| sideways[i].get(b))
                    .is_some_and(|l| {
                        l.iter().any(|&(a, _)| {
                            let x = MARGIN + at_start_of(i) + (a - s.from as f32) * k;
                            x > pw - MARGIN - width
                        })
                    });
                lead.push_str(&note(pw, text, under_note));
            }
            if !lead.is_empty() {
                // Page 1's marks are the title; a continued page's, pagination.
                let tag = if first {
                    ContentTag::Other
                } else {
                    ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther))
                };
                let id = surface.start_tagged(tag);
                surface.draw_svg(&marks_tree(pw, ph, &lead)?, page_size, settings);
                surface.end_tagged();
                if first {
                    figure.push(id);
                }
            }
            let place = |at: f32| Place {
                k,
                cross: band,
                at,
                across,
            };
            let frame = marks::Frame {
                table,
                k,
                band,
                across,
                slice: *s,
                page: (i, j),
                connectors: &links,
                lane_edges: &lane_edges,
            };
            let (heads, body) = page_parts(d, &plan, i, band);
            if let Some(heads) = heads {
                let id = surface.start_tagged(ContentTag::Other);
                draw_slice(&mut surface, &piece_tree(&heads)?, table, place(at), header);
                surface.end_tagged();
                drawing.push(id);
                at += head_len * k;
                // The flows from the page before come in through their
                // connectors, between the lane headers and the drawing.
                marks.push_str(&frame.coming_in(at));
                at += CONNECT;
            }
            let body_at = at;
            let id = surface.start_tagged(ContentTag::Other);
            draw_slice(&mut surface, &piece_tree(&body)?, table, place(at), *s);
            surface.end_tagged();
            drawing.push(id);
            at += (s.to - s.from) as f32 * k;
            let last = plan.pages.last() == Some(&(i, j));
            if i + 1 < plan.slices.len() {
                // The table closes at the page's end and goes on overleaf.
                marks.push_str(&frame.closing(at, (f0, f1)));
            }
            // Flows into the next group of lanes, and from the one before.
            marks.push_str(&frame.sideways(body_at));
            // The title reads first, then the lanes and the flow.
            for id in drawing.drain(..) {
                figure.push(id);
            }
            if !marks.is_empty() {
                // Rules and connectors: pagination.
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::PaginationOther,
                )));
                surface.draw_svg(&marks_tree(pw, ph, &marks)?, page_size, settings);
                surface.end_tagged();
            }
            debug_assert_eq!(
                plan::page_extent(&plan, table, i, j),
                plan::Drawn {
                    start,
                    end: at,
                    across,
                    across_end: across + (band.1 - band.0) * k,
                }
            );
            let spot = plan
                .legend
                .filter(|_| last)
                .and_then(|(at, (w, h))| Some((at, Size::from_wh(w, h)?)));
            if let Some(((x, y), size)) = spot {
                surface.push_transform(&Transform::from_translate(x, y));
                let id = surface.start_tagged(ContentTag::Other);
                surface.draw_svg(&legend, size, settings);
                surface.end_tagged();
                legend_figure.push(id);
                surface.pop();
                legend_done = true;
            }
            surface.finish();
            page.finish();
            pages += 1;
        }
    }
    if !legend_done {
        let mut page = doc.start_page_with(page_settings());
        let mut surface = page.surface();
        surface.push_transform(&Transform::from_translate(MARGIN, MARGIN));
        let id = surface.start_tagged(ContentTag::Other);
        surface.draw_svg(&legend, legend_size, settings);
        surface.end_tagged();
        legend_figure.push(id);
        surface.pop();
        surface.finish();
        page.finish();
        pages += 1;
    }
    let mut tree = TagTree::new().with_lang(Some(lang.code().to_string()));
    tree.push(figure);
    tree.push(legend_figure);
    doc.set_tag_tree(tree);
    Ok(Printed {
        bytes: doc.finish().map_err(|e| match e {
            krilla::error::KrillaError::Validation(v) => PdfError::NotArchival(format!("{v:?}")),
            e => PdfError::Pdf(e.to_string()),
        })?,
        not_archival: None,
        smallest_pt: plan.smallest_pt,
        form: d.orientation,
        pages,
    })
}

/// PDF/A-2u, the archive form (every text mapped to Unicode, so it stays
/// searchable): krilla checks it as it writes, and refuses to write a file
/// that breaks it, so no PDF leaves regflow that is not archive-ready.
fn archive_settings() -> SerializeSettings {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_U)
        .finish()
        .expect("PDF/A-2u has a PDF version");
    SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    }
}

/// What page (`i`, `band`) draws: the lane headers repeated over a
/// continued page, and its piece of the diagram. Each page draws only what
/// lies on it: drawn whole on every page, a long diagram's PDF would grow
/// with the square of its length, and its text layer would hold words the
/// page does not show.
fn page_parts(d: &Diagram, plan: &Plan, i: usize, band: (f32, f32)) -> (Option<Diagram>, Diagram) {
    let heads = (i > 0).then(|| part(d, plan.header, band, true));
    (heads, part(d, plan.slices[i], band, i == 0))
}

/// The diagram's pages the plan keeps (the legend's aside) as what each
/// draws, in the order they print: a continued page's lane headers are in its lanes.
pub fn pages(d: &Diagram, plan: &Plan) -> Vec<Diagram> {
    plan.pages
        .iter()
        .map(|&(i, j)| {
            let (heads, mut body) = page_parts(d, plan, i, plan.bands[j]);
            if let Some(h) = heads {
                body.lanes = h.lanes;
            }
            body
        })
        .collect()
}

fn piece_tree(d: &Diagram) -> Result<usvg::Tree, PdfError> {
    png::tree(&svg::diagram(d, "", "", TextMode::Plain, None))
        .map_err(|e| PdfError::Svg(e.to_string()))
}

/// What of `d` is printed in piece `s` of lanes `band`: the shapes and
/// labels whose middle lies in it, each on one page only, and the flows
/// that pass through it. The lane headers' text is kept only with
/// `headers`, on the piece that shows them.
fn part(d: &Diagram, s: Slice, band: (f32, f32), headers: bool) -> Diagram {
    let table = d.orientation == Orientation::Table;
    let along = |r: &Rect| along(d, r);
    let across = |r: &Rect| {
        if table {
            (r.x, r.right())
        } else {
            (r.y, r.bottom())
        }
    };
    let (b0, b1) = (f64::from(band.0), f64::from(band.1));
    let on = |r: &Rect| {
        let ((a0, a1), (c0, c1)) = (along(r), across(r));
        let (a, c) = ((a0 + a1) / 2.0, (c0 + c1) / 2.0);
        s.from <= a && a < s.to && b0 <= c && c < b1
    };
    let edge_meets = |e: &EdgePath| {
        let m = e.points.iter().map(|p| if table { p.y } else { p.x });
        let (lo, hi) = m.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        lo <= s.to && hi >= s.from
    };
    // Only what is kept is copied: a page of a long diagram holds little of it.
    Diagram {
        width: d.width,
        height: d.height,
        orientation: d.orientation,
        title: d.title.iter().filter(|t| on(&t.rect)).cloned().collect(),
        frame: d.frame,
        lanes: d
            .lanes
            .iter()
            .map(|l| {
                let mut l = l.clone();
                if !(headers && on(&l.header)) {
                    l.title.lines.clear();
                }
                l
            })
            .collect(),
        shapes: along_the_flow(
            d.shapes.iter().filter(|x| on(&x.bounds)).cloned().collect(),
            table,
        ),
        edges: d
            .edges
            .iter()
            .filter(|e| edge_meets(e))
            .map(|e| {
                let mut e = e.clone();
                if e.label.as_ref().is_some_and(|l| !on(&l.rect)) {
                    e.label = None;
                }
                e
            })
            .collect(),
    }
}

/// The shapes in the order a reader meets them: along the flow, and across
/// it (lanes left to right, or top to bottom) where they are level, so
/// that the page's text layer reads the procedures in that order.
fn along_the_flow(mut shapes: Vec<Shape>, table: bool) -> Vec<Shape> {
    let key = |s: &Shape| {
        let b = s.body;
        if table {
            (b.y, b.x)
        } else {
            (b.x, b.y)
        }
    };
    shapes.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        ka.0.total_cmp(&kb.0)
            .then(ka.1.total_cmp(&kb.1))
            .then(a.node.cmp(&b.node))
    });
    shapes
}

/// Where a piece of the drawing goes on its page.
#[derive(Clone, Copy)]
struct Place {
    /// Points per SVG px.
    k: f32,
    /// The lanes printed across the flow, in SVG px.
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
    let mut out = super::svg::Svg::new();
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
    (out.finish(), (y - f64::from(MARGIN)) as f32 + 6.0)
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
fn note(pw: f32, text: &str, left: bool) -> String {
    let (x, anchor) = if left {
        (MARGIN, "start")
    } else {
        (pw - MARGIN, "end")
    };
    let mut out = svg::Svg::new();
    out.text_inline(
        crate::render::xml::Tag::new("text")
            .read_attr("x", &x.to_string())
            .read_attr("y", &(MARGIN + 9.0).to_string())
            .read_attr("font-size", "9")
            .read_attr("text-anchor", anchor),
        text,
    );
    out.finish()
}

/// A page-sized SVG, in points, holding `marks`.
fn marks_tree(pw: f32, ph: f32, marks: &str) -> Result<usvg::Tree, PdfError> {
    let (w, h) = (pw.to_string(), ph.to_string());
    let mut out = svg::Svg::new();
    out.open_inline(
        crate::render::xml::Tag::new("svg")
            .read_attr("xmlns", "http://www.w3.org/2000/svg")
            .read_attr("width", &w)
            .read_attr("height", &h)
            .read_attr("viewBox", &format!("0 0 {w} {h}"))
            .read_attr("fill", svg::INK),
    );
    out.written(marks);
    out.close_inline("svg");
    let svg = out.finish();
    png::tree(&svg).map_err(|e| PdfError::Svg(e.to_string()))
}
