//! Geometry → bytes. Every format draws the same [`Diagram`].

pub mod bpmn;
pub mod html;
pub mod index;
pub mod legend;
pub mod pdf;
pub mod png;
pub mod strips;
pub mod svg;
pub mod table;
pub mod xml;

use crate::layout::{self, Diagram};
use crate::model::{Lang, Orientation, Process};
pub use pdf::{Paper, PdfError};
pub use png::PngError;
pub use svg::TextMode;

/// How text is put into the SVG a user opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOutput {
    /// Real text with the font embedded: selectable and searchable.
    Embedded,
    /// Outlines: exact anywhere, not selectable.
    Paths,
}

#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub lang: Lang,
    pub orientation: Option<Orientation>,
    pub text: TextOutput,
    pub dpi: f64,
    /// The paper of the PDF.
    pub paper: Paper,
    /// Draw the legend under the diagram too.
    pub legend_below: bool,
    /// Show only the legend symbols the diagram uses, not the regulation's
    /// whole list.
    pub legend_used: bool,
}

/// Everything `regflow render` writes for one model.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub layout: Diagram,
    pub svg: String,
    pub png: Vec<u8>,
    pub legend_svg: String,
    pub legend_png: Vec<u8>,
    /// BPMN 2.0 XML with diagram interchange, drawn like the SVG.
    pub bpmn: String,
    /// A standalone page with the diagram, the legend and the action table.
    pub html: String,
    /// The page's `<figure>` alone, with scoped styles, for a CMS page.
    pub fragment: String,
    /// The text alternative of the diagram (the steps in order), for an
    /// `<img alt>` or a page of one's own.
    pub alt: String,
    /// A4 pages for print, the legend after the diagram.
    pub pdf: Option<pdf::Printed>,
    /// What the user should know of how it was drawn (a PNG drawn at a
    /// lower resolution than asked), without the model's name.
    pub notes: Vec<String>,
    /// How long each stage took (for `--verbose` and the bench; never
    /// written into an output).
    pub timings: Timings,
}

/// Time spent per stage, in the order the stages first ran.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(&'static str, std::time::Duration)>);

impl Timings {
    /// Adds `d` to the stage `name`.
    pub fn add(&mut self, name: &'static str, d: std::time::Duration) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, t)) => *t += d,
            None => self.0.push((name, d)),
        }
    }

    /// Runs `f` and adds its time to the stage `name`.
    pub fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        self.add(name, start.elapsed());
        out
    }

    /// Adds every stage of `other`.
    pub fn merge(&mut self, other: &Timings) {
        for &(n, d) in &other.0 {
            self.add(n, d);
        }
    }
}

/// The accessible title: service and variant.
pub fn title(p: &Process, lang: Lang) -> String {
    let def = p.default_lang();
    match &p.variant {
        Some(v) => format!("{} ({})", p.service.get(lang, def), v.get(lang, def)),
        None => p.service.get(lang, def).to_string(),
    }
}

/// The accessible description: the lanes and the steps in order, so a
/// screen reader user gets the process without the picture.
pub fn description(p: &Process, lang: Lang) -> String {
    let def = p.default_lang();
    let lanes: Vec<&str> = p.lanes.iter().map(|l| l.name.get(lang, def)).collect();
    let mut s = match lang {
        Lang::Ru => format!("Схема бизнес-процесса. СФЕ: {}.", lanes.join("; ")),
        Lang::Kk => format!("Бизнес-процесс сызбасы. ҚФБ: {}.", lanes.join("; ")),
    };
    for n in &p.nodes {
        let Some(text) = n.label() else { continue };
        let lane = p
            .lane_index(n.lane())
            .and_then(|i| p.lanes.get(i))
            .map(|l| l.name.get(lang, def))
            .unwrap_or("");
        s.push(' ');
        if let Some(num) = n.number() {
            s.push_str(&format!("{num}. "));
        }
        s.push_str(text.get(lang, def));
        if !lane.is_empty() {
            s.push_str(&format!(" ({lane}"));
            if let Some(d) = n.time_caption(p, lang, false) {
                s.push_str(&format!(", {d}"));
            }
            s.push(')');
        }
        s.push('.');
    }
    s
}

/// Which outputs to make; rendering a PNG costs far more than the rest,
/// so a caller that wants BPMN alone should not pay for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    pub svg: bool,
    pub png: bool,
    pub bpmn: bool,
    /// The legend as SVG and PNG.
    pub legend: bool,
    pub html: bool,
    pub pdf: bool,
}

impl Outputs {
    pub const ALL: Outputs = Outputs {
        svg: true,
        png: true,
        bpmn: true,
        legend: true,
        html: true,
        pdf: true,
    };
}

/// The PDF of `d`, or of [`print_form`]'s layout unless a form was asked for.
fn print(
    p: &Process,
    d: &Diagram,
    legend: &str,
    (title, alt): (&str, &str),
    opts: &RenderOptions,
) -> Result<pdf::Printed, PdfError> {
    let other = opts
        .orientation
        .is_none()
        .then(|| print_form(p, d, opts.lang, opts.paper))
        .flatten();
    pdf::pdf(
        other.as_ref().unwrap_or(d),
        legend,
        title,
        alt,
        opts.lang,
        opts.paper,
        pdf::date::document_date(p, std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()),
    )
}

/// How `d` (laid out in the form asked for, or `None` for the default)
/// goes onto the PDF's pages, with the regulation's legend after it: the
/// layout printed (see [`print_form`]) and its plan, as `render` prints it.
pub fn print_plan(
    p: &Process,
    d: &Diagram,
    lang: Lang,
    paper: Paper,
    asked: Option<Orientation>,
) -> (Diagram, pdf::Plan) {
    let printed = asked
        .is_none()
        .then(|| print_form(p, d, lang, paper))
        .flatten()
        .unwrap_or_else(|| d.clone());
    let legend = legend::document(p, lang, false, TextMode::Plain);
    let size = png::tree(&legend)
        .ok()
        .map(|t| (t.size().width(), t.size().height()));
    let plan = pdf::plan_with(&printed, paper, size);
    (printed, plan)
}

/// The layout to print in place of the table `d` when its lanes are too many
/// to print readably across the paper: the BPMN form, which continues its
/// lanes on further pages instead of shrinking them (where it prints larger).
pub fn print_form(p: &Process, d: &Diagram, lang: Lang, paper: Paper) -> Option<Diagram> {
    let table = pdf::plan(d, paper).smallest_pt;
    if d.orientation != Orientation::Table || table >= pdf::SMALL_PRINT {
        return None;
    }
    let flow = layout::layout(
        p,
        &layout::Options {
            lang,
            orientation: Some(Orientation::Bpmn),
        },
    );
    (pdf::plan(&flow, paper).smallest_pt > table).then_some(flow)
}

/// Lays out and renders one process in every format.
pub fn render(p: &Process, opts: &RenderOptions) -> Result<Rendered, PngError> {
    render_only(p, opts, Outputs::ALL)
}

/// Lays out one process and renders the outputs asked for; the fields of
/// the others are left empty. The page links to no other file.
pub fn render_only(p: &Process, opts: &RenderOptions, want: Outputs) -> Result<Rendered, PngError> {
    render_site(p, opts, want, &html::Site::alone("diagram"))
}

/// [`render_only`] for a page among others: `site` says what the page is
/// called, which files it can link to and in which languages it exists.
pub fn render_site(
    p: &Process,
    opts: &RenderOptions,
    want: Outputs,
    site: &html::Site,
) -> Result<Rendered, PngError> {
    let mut tm = Timings::default();
    let d = tm.time("layout", || {
        layout::layout(
            p,
            &layout::Options {
                lang: opts.lang,
                orientation: opts.orientation,
            },
        )
    });
    let legend = opts
        .legend_below
        .then_some((p, opts.lang, opts.legend_used));
    let (t, desc) = (title(p, opts.lang), description(p, opts.lang));
    let need_svg = want.svg || want.html;
    let need_legend = want.legend || want.html;
    let plain_of = |part: &Diagram, pieces: &[svg::Piece]| {
        svg::diagram_pieces(part, pieces, opts.lang, &t, &desc, TextMode::Plain, legend)
    };
    let mut notes = Vec::new();
    let png = if want.png {
        lowered(
            strips::diagram_png(&d, plain_of, opts.dpi, &mut tm)?,
            "PNG",
            &mut notes,
        )
    } else {
        Vec::new()
    };
    let plain = if need_svg && opts.text == TextOutput::Paths {
        tm.time("svg", || plain_of(&d, &[]))
    } else {
        String::new()
    };
    let svg = match (need_svg, opts.text) {
        (false, _) => String::new(),
        (true, TextOutput::Embedded) => tm.time("svg", || {
            svg::diagram_in(&d, opts.lang, &t, &desc, TextMode::Embedded, legend)
        }),
        (true, TextOutput::Paths) => tm.time("svg", || png::outlined_svg(&plain))?,
    };
    let legend_plain = if want.legend || want.pdf || (need_legend && opts.text == TextOutput::Paths)
    {
        tm.time("legend", || {
            legend::document(p, opts.lang, opts.legend_used, TextMode::Plain)
        })
    } else {
        String::new()
    };
    let pdf = if want.pdf {
        Some(tm.time("pdf", || print(p, &d, &legend_plain, (&t, &desc), opts))?)
    } else {
        None
    };
    let legend_png = if want.legend {
        lowered(
            png::png_timed(&legend_plain, opts.dpi, &mut tm)?,
            "legend PNG",
            &mut notes,
        )
    } else {
        Vec::new()
    };
    let legend_svg = match (need_legend, opts.text) {
        (false, _) => String::new(),
        (true, TextOutput::Embedded) => tm.time("legend", || {
            legend::document(p, opts.lang, opts.legend_used, TextMode::Embedded)
        }),
        (true, TextOutput::Paths) => tm.time("legend", || png::outlined_svg(&legend_plain))?,
    };
    let bpmn = if want.bpmn {
        tm.time("bpmn", || bpmn::bpmn(p, &d, opts.lang))
    } else {
        String::new()
    };
    let (html, fragment, alt) = if want.html {
        tm.time("html", || {
            let drawn = html::Drawn {
                process: p,
                layout: &d,
                svg: &svg,
                legend: &legend_svg,
            };
            let fragment = html::fragment(&drawn, opts.lang, site);
            (
                html::model_page(p, opts.lang, &fragment, site),
                fragment,
                html::alt_text(p, opts.lang),
            )
        })
    } else {
        Default::default()
    };
    Ok(Rendered {
        pdf,
        html,
        fragment,
        alt,
        layout: d,
        svg,
        png,
        legend_svg,
        legend_png,
        bpmn,
        notes,
        timings: tm,
    })
}

/// The PNG's bytes, with a note when it was drawn below the asked resolution.
fn lowered(r: png::Raster, what: &str, notes: &mut Vec<String>) -> Vec<u8> {
    if let Some((w, h)) = r.refused {
        notes.push(format!(
            "the {what} would be {w}×{h} px, past the limit of {} million pixels and {} px a side; it is drawn at {:.1} dpi instead (the other formats are whole)",
            png::MAX_PIXELS / 1_000_000,
            png::MAX_SIDE,
            r.dpi
        ));
    }
    r.bytes
}
