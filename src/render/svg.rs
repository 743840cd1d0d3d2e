//! Geometry → SVG: text stays text (selectable, searchable), drawn with
//! the bundled font embedded in the file, or as outlines on request.

use super::xml::{num, Tag, Xml};
use crate::font;
use crate::layout::{Diagram, LaneBox, Point, Rect, TextBlock};
use crate::model::{EventKind, FlowKind, Lang, NodeKind, Process};
use std::fmt::Write;

pub const INK: &str = "#1a1a1a";
/// The one accent: lane headers and the title rule.
pub const ACCENT: &str = "#e8eef5";

/// How text is written into the SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMode {
    /// `<text>` with the font embedded as `@font-face`.
    Embedded,
    /// `<text>` naming the font only (for PNG rendering, which loads it itself).
    Plain,
}

/// An SVG document being written, one element a line, through quick-xml's
/// writer ([`Xml`]), so that escaping is the library's and what XML 1.0
/// cannot hold is dropped ([`super::xml::xml_chars`]).
///
/// Not the `svg` crate (0.18), which the design named: measured on a
/// scratch document, it sorts every element's attributes by name (ours
/// are in drawing order: `x y width height`, then style), writes a text
/// node on lines of its own (`<text …>\nЛабель\n</text>`, so a label gains
/// white space and split `<tspan>`s render «Қаз ақ»), and writes a
/// control character such as U+0001 raw, which leaves a file no XML
/// parser reads. With it no output could stay byte for byte as it was.
///
/// Time at 5,000 steps, no cost to the user: the writing alone
/// (`examples/svg_only.rs`, median of 3 medians of 5) 231 ms with
/// `format!` before, 225 ms now; with the embedded font 447 → 455 ms;
/// `regflow render --format svg -v`, its svg stage, median of 7: 460 →
/// 464 ms. That holds once a tag's room is made at once ([`Tag::new`]):
/// growing it per attribute cost 10–30 % of the writing.
pub struct Svg(Xml);

impl Default for Svg {
    fn default() -> Svg {
        Svg::new()
    }
}

impl Svg {
    pub fn new() -> Svg {
        Svg(Xml::tight())
    }

    /// `<t/>` on a line.
    pub fn el(&mut self, t: Tag) {
        self.0.empty(t);
        self.0.space("\n");
    }

    /// `<t>` ending a line; its children follow, one a line.
    pub fn open(&mut self, t: Tag) {
        self.0.open(t);
        self.0.space("\n");
    }

    /// `<t>` with no line break after it (the next element on its line).
    pub fn open_inline(&mut self, t: Tag) {
        self.0.open(t);
    }

    /// `</name>` ending a line.
    pub fn close(&mut self, name: &str) {
        self.0.close(name);
        self.0.space("\n");
    }

    /// `</name>` with no line break after it.
    pub fn close_inline(&mut self, name: &str) {
        self.0.close(name);
    }

    /// `<t/>` with no line break after it.
    pub fn el_inline(&mut self, t: Tag) {
        self.0.empty(t);
    }

    /// `<t>text</t>` on a line.
    pub fn text(&mut self, t: Tag, text: &str) {
        self.0.text(t, text);
        self.0.space("\n");
    }

    /// `<t>text</t>` with no line break after it.
    pub fn text_inline(&mut self, t: Tag, text: &str) {
        self.0.text(t, text);
    }

    /// Elements written by another [`Svg`], as they are.
    pub fn written(&mut self, elements: &str) {
        self.0.written(elements);
    }

    /// The document written.
    pub fn finish(self) -> String {
        self.0.finish(false)
    }
}

/// Writes a text block, one `<text>` per line so that no word is split.
pub fn text_block(out: &mut Svg, t: &TextBlock) {
    text_lines(out, t, t.rect.x, t.rect.y, t.rect.w, None);
}

/// A lane's name: upright in its header row, or written upwards in its
/// header column (`vertical`), bottom to top as BPMN tools write it.
pub fn lane_title(out: &mut Svg, l: &LaneBox) {
    let t = &l.title;
    if !l.vertical {
        return text_block(out, t);
    }
    // Turned a quarter back about the block's bottom-left corner, whose
    // width on the page is the lines' height and whose height their length.
    let turn = format!(
        "translate({} {}) rotate(-90)",
        num(t.rect.x),
        num(t.rect.bottom())
    );
    text_lines(out, t, 0.0, 0.0, t.rect.h, Some(&turn));
}

/// `t`'s lines from (x, y), each centred in `w` when `t` is centred.
fn text_lines(out: &mut Svg, t: &TextBlock, x0: f64, y0: f64, w0: f64, transform: Option<&str>) {
    let lh = font::line_height(t.size);
    for (i, line) in t.lines.iter().enumerate() {
        let w = font::width(line, t.size, t.bold);
        let x = if t.centered { x0 + (w0 - w) / 2.0 } else { x0 };
        // Baseline inside a line box of height lh.
        let y = y0
            + i as f64 * lh
            + (lh - (font::ASCENT + font::DESCENT) * t.size) / 2.0
            + font::ASCENT * t.size;
        let mut tag = Tag::new("text")
            .num("x", x)
            .num("y", y)
            .num("font-size", t.size);
        if t.bold {
            tag = tag.read_attr("font-weight", "bold");
        }
        if let Some(turn) = transform {
            tag = tag.read_attr("transform", turn);
        }
        out.text(tag, line);
    }
}

/// A `<rect>` of `r`, its style to follow.
pub fn rect(r: Rect) -> Tag {
    Tag::new("rect")
        .num("x", r.x)
        .num("y", r.y)
        .num("width", r.w)
        .num("height", r.h)
}

/// `fill`, `stroke` and `stroke-width`, in that order.
fn paint(t: Tag, fill: &str, stroke: &str, width: &str) -> Tag {
    t.read_attr("fill", fill)
        .read_attr("stroke", stroke)
        .read_attr("stroke-width", width)
}

/// A `<line>` from `(x1, y1)` to `(x2, y2)` in ink.
fn line(out: &mut Svg, (x1, y1): (String, String), (x2, y2): (String, String), width: &str) {
    out.el(Tag::new("line")
        .read_attr("x1", &x1)
        .read_attr("y1", &y1)
        .read_attr("x2", &x2)
        .read_attr("y2", &y2)
        .read_attr("stroke", INK)
        .read_attr("stroke-width", width));
}

fn points(p: &[Point]) -> String {
    p.iter()
        .map(|q| format!("{},{}", num(q.x), num(q.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The symbol of a node kind inside `r`, as the legend and diagram draw it.
pub fn symbol(out: &mut Svg, kind: NodeKind, r: Rect) {
    symbol_event(out, kind, EventKind::Plain, r)
}

/// The symbol with its BPMN event marker (envelope, clock, lightning):
/// catching markers are outlined, throwing ones (ends) filled.
pub fn symbol_event(out: &mut Svg, kind: NodeKind, event: EventKind, r: Rect) {
    symbol_event_as(out, kind, event, false, r)
}

/// A `<circle>` centred at (cx, cy).
fn circle(cx: f64, cy: f64, r: f64) -> Tag {
    Tag::new("circle").num("cx", cx).num("cy", cy).num("r", r)
}

/// [`symbol_event`] of an intermediate event that sends (`throws`), whose
/// marker is filled as an end's.
pub fn symbol_event_as(out: &mut Svg, kind: NodeKind, event: EventKind, throws: bool, r: Rect) {
    match kind {
        NodeKind::Start | NodeKind::End | NodeKind::Event => {
            let sw = match kind {
                NodeKind::End => 3.0,
                NodeKind::Event => 1.0,
                _ => 1.5,
            };
            let rad = r.w.min(r.h) / 2.0 - sw / 2.0;
            out.el(paint(
                circle(r.cx(), r.cy(), rad),
                "#fff",
                INK,
                &format!("{sw}"),
            ));
            if kind == NodeKind::Event {
                out.el(paint(circle(r.cx(), r.cy(), rad - 3.0), "none", INK, "1"));
            }
            marker(out, event, kind == NodeKind::End || throws, r);
        }
        NodeKind::Document => {
            let f = (r.w * 0.3).min(10.0);
            let d = format!(
                "M{},{} H{} L{},{} V{} H{} Z M{},{} V{} H{}",
                num(r.x),
                num(r.y),
                num(r.right() - f),
                num(r.right()),
                num(r.y + f),
                num(r.bottom()),
                num(r.x),
                num(r.right() - f),
                num(r.y),
                num(r.y + f),
                num(r.right())
            );
            out.el(
                paint(Tag::new("path").read_attr("d", &d), "#fff", INK, "1.2")
                    .read_attr("stroke-linejoin", "round"),
            );
            // Lines of text on the page, and the "e" of an electronic document.
            for k in 1..=3 {
                let y = format!("{:.2}", r.y + r.h * (0.35 + 0.15 * f64::from(k)));
                line(
                    out,
                    (num(r.x + 6.0), y.clone()),
                    (num(r.right() - 6.0), y),
                    "0.8",
                );
            }
            out.text(
                Tag::new("text")
                    .num("x", r.x + 5.0)
                    .num("y", r.y + 14.0)
                    .read_attr("font-size", "11")
                    .read_attr("font-weight", "bold"),
                "e",
            );
        }
        NodeKind::Step => out.el(paint(rect(r).read_attr("rx", "4"), "#fff", INK, "1.2")),
        NodeKind::Ref => {
            out.el(paint(rect(r).read_attr("rx", "4"), "#fff", INK, "1.2"));
            let inner = Rect {
                x: r.x + 3.0,
                y: r.y + 3.0,
                w: r.w - 6.0,
                h: r.h - 6.0,
            };
            out.el(paint(rect(inner).read_attr("rx", "2"), "none", INK, "0.8"));
        }
        NodeKind::Choice => {
            let pts = [
                Point { x: r.cx(), y: r.y },
                Point {
                    x: r.right(),
                    y: r.cy(),
                },
                Point {
                    x: r.cx(),
                    y: r.bottom(),
                },
                Point { x: r.x, y: r.cy() },
            ];
            out.el(paint(
                Tag::new("polygon").read_attr("points", &points(&pts)),
                "#fff",
                INK,
                "1.2",
            ));
        }
    }
}

/// The marker inside an event circle.
fn marker(out: &mut Svg, event: EventKind, filled: bool, r: Rect) {
    let (cx, cy, u) = (r.cx(), r.cy(), r.w.min(r.h) / 30.0);
    let (fill, ink) = if filled { (INK, "#fff") } else { ("#fff", INK) };
    let polyline = |pts: &str| Tag::new("polyline").read_attr("points", pts);
    match event {
        EventKind::Plain => {}
        EventKind::Message => {
            let (w, h) = (14.0 * u, 10.0 * u);
            let (x, y) = (cx - w / 2.0, cy - h / 2.0);
            out.el(paint(rect(Rect { x, y, w, h }), fill, INK, "1"));
            let pts = format!(
                "{},{} {},{} {},{}",
                num(x),
                num(y),
                num(cx),
                num(y + h * 0.55),
                num(x + w),
                num(y)
            );
            out.el(paint(polyline(&pts), "none", ink, "1"));
        }
        EventKind::Timer => {
            let rr = 8.0 * u;
            out.el(paint(circle(cx, cy, rr), "#fff", INK, "1"));
            for k in 0..12 {
                let a = f64::from(k) * std::f64::consts::PI / 6.0;
                let (s, c) = a.sin_cos();
                line(
                    out,
                    (num(cx + c * rr * 0.75), num(cy + s * rr * 0.75)),
                    (num(cx + c * rr), num(cy + s * rr)),
                    "0.6",
                );
            }
            let pts = format!(
                "{},{} {},{} {},{}",
                num(cx),
                num(cy - rr * 0.6),
                num(cx),
                num(cy),
                num(cx + rr * 0.45),
                num(cy)
            );
            out.el(paint(polyline(&pts), "none", INK, "1"));
        }
        EventKind::Error => {
            let p = [
                (-6.0, 7.0),
                (-2.5, -6.0),
                (1.5, 1.0),
                (6.0, -7.0),
                (2.5, 6.0),
                (-1.5, -1.0),
            ];
            let pts: Vec<String> = p
                .iter()
                .map(|(x, y)| format!("{},{}", num(cx + x * u), num(cy + y * u)))
                .collect();
            out.el(paint(
                Tag::new("polygon").read_attr("points", &pts.join(" ")),
                fill,
                INK,
                "1",
            )
            .read_attr("stroke-linejoin", "round"));
        }
    }
}

/// A `<marker>` of the arrowheads, holding its one shape on the line.
fn arrow_marker(out: &mut Svg, id: &str, ref_x: &str, size: &str, shape: Tag) {
    out.open_inline(
        Tag::new("marker")
            .read_attr("id", id)
            .read_attr("viewBox", "0 0 10 10")
            .read_attr("refX", ref_x)
            .read_attr("refY", "5")
            .read_attr("markerWidth", size)
            .read_attr("markerHeight", size)
            .read_attr("markerUnits", "userSpaceOnUse")
            .read_attr("orient", "auto"),
    );
    out.el_inline(shape);
    out.close("marker");
}

/// The opening of an SVG document with fonts, marker and accessibility text.
pub fn open(out: &mut Svg, w: f64, h: f64, title: &str, desc: &str, mode: TextMode, lang: &str) {
    let (w, h) = (num(w), num(h));
    out.open(
        Tag::new("svg")
            .read_attr("xmlns", "http://www.w3.org/2000/svg")
            .read_attr("version", "1.1")
            .read_attr("width", &w)
            .read_attr("height", &h)
            .read_attr("viewBox", &format!("0 0 {w} {h}"))
            .read_attr("role", "img")
            .read_attr("aria-labelledby", "title desc")
            .attr("xml:lang", lang)
            .read_attr("font-family", &format!("{}, sans-serif", font::FAMILY))
            .read_attr("fill", INK),
    );
    out.text(Tag::new("title").read_attr("id", "title"), title);
    out.text(Tag::new("desc").read_attr("id", "desc"), desc);
    out.open(Tag::new("defs"));
    let _ = mode;
    let head = "M0,0 L10,5 L0,10 z";
    arrow_marker(
        out,
        "arrow",
        "10",
        "8",
        Tag::new("path").read_attr("d", head).read_attr("fill", INK),
    );
    arrow_marker(
        out,
        "arrow-open",
        "10",
        "9",
        paint(Tag::new("path").read_attr("d", head), "#fff", INK, "1.2"),
    );
    arrow_marker(
        out,
        "message-start",
        "5",
        "7",
        paint(
            Tag::new("circle")
                .read_attr("cx", "5")
                .read_attr("cy", "5")
                .read_attr("r", "4"),
            "#fff",
            INK,
            "1.2",
        ),
    );
    out.close("defs");
    out.el(Tag::new("rect")
        .read_attr("width", "100%")
        .read_attr("height", "100%")
        .read_attr("fill", "#fff"));
}

/// The size of a step box's number and duration, in px.
pub const STRIP_TEXT: f64 = 10.0;

/// The whole diagram, for a caller to whom the document's language does
/// not matter (PDF pages, where the text is drawn, not read out): marked as
/// the legend's language, else Russian. A user's SVG comes from
/// [`diagram_in`], marked with the language it is drawn in.
pub fn diagram(
    d: &Diagram,
    title: &str,
    desc: &str,
    mode: TextMode,
    legend: Option<(&Process, Lang, bool)>,
) -> String {
    diagram_in(
        d,
        legend.map_or(Lang::Ru, |l| l.1),
        title,
        desc,
        mode,
        legend,
    )
}

/// The whole diagram, its `xml:lang` the language its text is in, so a
/// screen reader reads Kazakh lanes as Kazakh.
pub fn diagram_in(
    d: &Diagram,
    lang: Lang,
    title: &str,
    desc: &str,
    mode: TextMode,
    legend: Option<(&Process, Lang, bool)>,
) -> String {
    diagram_pieces(d, &[], lang, title, desc, mode, legend)
}

/// What of a flow an edge of a diagram is: the whole flow, or the piece of
/// it that a PNG tile draws (src/render/strips.rs), so that pieces drawn
/// apart show the flow drawn whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    /// The flow's length before the piece: its dashes go on in step with
    /// the piece before.
    pub before: f64,
    /// The piece holds the flow's first point (a message's circle).
    pub start: bool,
    /// ... and its last (the arrowhead).
    pub end: bool,
}

impl Piece {
    pub const WHOLE: Piece = Piece {
        before: 0.0,
        start: true,
        end: true,
    };
}

/// The dash pattern of a flow kind (dash, gap), if dashed.
fn dashes(kind: FlowKind) -> Option<[f64; 2]> {
    match kind {
        FlowKind::Sequence => None,
        FlowKind::Message => Some([6.0, 4.0]),
        FlowKind::Association => Some([2.0, 3.0]),
    }
}

/// The stroke attributes of a flow of `kind`, or of a `piece` of one.
pub fn flow_style(kind: FlowKind, piece: Piece) -> Vec<(&'static str, String)> {
    let (width, start, end) = match kind {
        FlowKind::Sequence => ("1.2", None, "arrow"),
        FlowKind::Message => ("1.1", Some("message-start"), "arrow-open"),
        FlowKind::Association => ("1", None, "arrow-open"),
    };
    let mut s = vec![("stroke-width", width.to_string())];
    if let Some([on, off]) = dashes(kind) {
        s.push(("stroke-dasharray", format!("{} {}", num(on), num(off))));
        let offset = num(piece.before.rem_euclid(on + off));
        if offset != "0" {
            s.push(("stroke-dashoffset", offset));
        }
    }
    if let (Some(m), true) = (start, piece.start) {
        s.push(("marker-start", format!("url(#{m})")));
    }
    if piece.end {
        s.push(("marker-end", format!("url(#{end})")));
    }
    s
}

/// A line of a flow through `pts`, in ink, styled by `style`.
pub fn flow_line(out: &mut Svg, pts: &str, style: &[(&str, String)]) {
    let tag = Tag::new("polyline")
        .read_attr("points", pts)
        .read_attr("fill", "none")
        .read_attr("stroke", INK);
    out.el(style.iter().fold(tag, |t, (k, v)| t.read_attr(k, v)));
}

/// [`diagram_in`] where `pieces[i]`, when given, says which piece of its
/// flow edge `i` is; an edge of a piece given with fewer than two points
/// draws its label alone.
pub fn diagram_pieces(
    d: &Diagram,
    pieces: &[Piece],
    lang: Lang,
    title: &str,
    desc: &str,
    mode: TextMode,
    legend: Option<(&Process, Lang, bool)>,
) -> String {
    let mut out = Svg::new();
    let lang = lang.code();
    let (mut w, mut h) = (d.width, d.height);
    if let Some((p, lg, used_only)) = legend {
        w = w.max(super::legend::width() + 32.0);
        h += super::legend::height(p, lg, used_only);
    }
    open(&mut out, w, h, title, desc, mode, lang);
    if let Some((p, lg, used_only)) = legend {
        super::legend::draw(&mut out, p, lg, used_only, 16.0, d.height - 8.0);
    }
    for t in &d.title {
        text_block(&mut out, t);
    }
    out.open(Tag::new("g").read_attr("class", "lanes"));
    for l in &d.lanes {
        out.el(rect(l.header)
            .read_attr("fill", ACCENT)
            .read_attr("stroke", "none"));
        out.el(paint(rect(l.band), "none", INK, "1"));
        out.el(paint(rect(l.header), "none", INK, "1"));
        lane_title(&mut out, l);
    }
    out.close("g");
    out.open(
        Tag::new("g")
            .read_attr("class", "flows")
            .read_attr("fill", "none"),
    );
    for (i, e) in d.edges.iter().enumerate() {
        let piece = pieces.get(i).copied();
        if piece.is_some() && e.points.len() < 2 {
            continue;
        }
        let style = flow_style(e.kind, piece.unwrap_or(Piece::WHOLE));
        flow_line(&mut out, &points(&e.points), &style);
    }
    out.close("g");
    out.open(Tag::new("g").read_attr("class", "labels"));
    for e in &d.edges {
        if let Some(l) = &e.label {
            text_block(&mut out, l);
        }
    }
    out.close("g");
    out.open(Tag::new("g").read_attr("class", "nodes"));
    for s in &d.shapes {
        out.open(Tag::new("g").read_attr("id", &format!("node-{}", svg_id(&s.id))));
        symbol_event_as(&mut out, s.kind, s.event, s.throws, s.body);
        if s.strip > 0.0 {
            let y = num(s.body.y + s.strip);
            line(
                &mut out,
                (num(s.body.x + 3.0), y.clone()),
                (num(s.body.right() - 3.0), y),
                "0.6",
            );
            let strip = |text: &str, bold: bool, right: bool| {
                let w = font::width(text, STRIP_TEXT, bold);
                let x = if right {
                    s.body.right() - 6.0 - w
                } else {
                    s.body.x + 6.0
                };
                TextBlock {
                    rect: Rect {
                        x,
                        y: s.body.y + 2.0,
                        w,
                        h: 12.0,
                    },
                    lines: vec![text.to_string()],
                    size: STRIP_TEXT,
                    bold,
                    centered: false,
                }
            };
            if let Some(n) = &s.number {
                text_block(&mut out, &strip(n, true, false));
            }
            if let Some(d) = &s.duration {
                text_block(&mut out, &strip(d, false, true));
            }
        }
        for t in &s.text {
            text_block(&mut out, t);
        }
        out.close("g");
    }
    out.close("g");
    out.close("svg");
    finish(out.finish(), mode)
}

/// Completes a document written in plain mode: with `Embedded`, adds the
/// `@font-face` rules carrying a subset of each face with exactly the
/// glyphs the document's text uses.
pub fn finish(svg: String, mode: TextMode) -> String {
    if mode != TextMode::Embedded {
        return svg;
    }
    let (regular, bold) = used_text(&svg);
    let style = format!(
        "<style>\n{}</style>\n",
        font_faces(&regular, &bold, font::FAMILY)
    );
    svg.replacen("<defs>\n", &format!("<defs>\n{style}"), 1)
}

/// The `@font-face` rules, under the name `family`, of one subset of each
/// face holding exactly the glyphs of the text of every document given
/// (a page showing a diagram and its legend embeds the font once).
pub fn fonts_for(svgs: &[&str], family: &str) -> String {
    let (mut regular, mut bold) = (String::new(), String::new());
    for s in svgs {
        let (r, b) = used_text(s);
        regular.push_str(&r);
        bold.push_str(&b);
    }
    font_faces(&regular, &bold, family)
}

/// A document with the `<style>` that [`finish`] added taken out again.
pub fn without_fonts(svg: &str) -> String {
    match (svg.find("<defs>\n<style>\n"), svg.find("</style>\n")) {
        (Some(a), Some(b)) if b > a => {
            let from = a + "<defs>\n".len();
            format!("{}{}", &svg[..from], &svg[b + "</style>\n".len()..])
        }
        _ => svg.to_string(),
    }
}

fn font_faces(regular: &str, bold: &str, family: &str) -> String {
    let mut style = String::new();
    for (data, weight, text) in [
        (font::REGULAR, "normal", regular),
        (font::BOLD, "bold", bold),
    ] {
        if text.is_empty() {
            continue;
        }
        let face = match rustybuzz::Face::from_slice(data, 0) {
            Some(f) => f,
            None => continue,
        };
        let mut glyphs = std::collections::BTreeSet::new();
        for line in text.lines() {
            crate::subset::glyphs_of(&face, line, &mut glyphs);
        }
        let bytes = crate::subset::subset(data, &glyphs).unwrap_or_else(|| data.to_vec());
        let _ = writeln!(
            style,
            "@font-face{{font-family:\"{family}\";font-weight:{weight};src:url(data:font/ttf;base64,{}) format(\"truetype\")}}",
            base64(&bytes)
        );
    }
    style
}

/// The text of every `<text>` element, regular and bold apart, one per line.
fn used_text(svg: &str) -> (String, String) {
    let (mut regular, mut bold) = (String::new(), String::new());
    let mut rest = svg;
    while let Some(i) = rest.find("<text ") {
        rest = &rest[i..];
        let Some(tag_end) = rest.find('>') else { break };
        let is_bold = rest[..tag_end].contains("font-weight=\"bold\"");
        let Some(close) = rest.find("</text>") else {
            break;
        };
        let content = unescape(&rest[tag_end + 1..close]);
        let target = if is_bold { &mut bold } else { &mut regular };
        target.push_str(&content);
        target.push('\n');
        rest = &rest[close..];
    }
    (regular, bold)
}

/// A text node's characters, its references resolved by quick-xml.
fn unescape(s: &str) -> String {
    quick_xml::escape::unescape(s).map_or_else(|_| s.to_string(), |t| t.into_owned())
}

/// An id safe for XML: ASCII letters, digits and `-`, anything else as its code.
pub fn svg_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= c.len() {
                s.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The attributes of a flow's line as the document writes them.
    fn flow_style(kind: FlowKind, piece: Piece) -> String {
        let mut out = Svg::new();
        flow_line(&mut out, "", &super::flow_style(kind, piece));
        let line = out.finish();
        let from = line.find(INK).map_or(0, |i| i + INK.len() + 2);
        line[from..].trim_end_matches("/>\n").to_string()
    }

    #[test]
    fn a_whole_flow_is_styled_as_before_pieces() {
        assert_eq!(
            flow_style(FlowKind::Message, Piece::WHOLE),
            "stroke-width=\"1.1\" stroke-dasharray=\"6 4\" marker-start=\"url(#message-start)\" marker-end=\"url(#arrow-open)\""
        );
        assert_eq!(
            flow_style(FlowKind::Sequence, Piece::WHOLE),
            "stroke-width=\"1.2\" marker-end=\"url(#arrow)\""
        );
        assert_eq!(
            flow_style(FlowKind::Association, Piece::WHOLE),
            "stroke-width=\"1\" stroke-dasharray=\"2 3\" marker-end=\"url(#arrow-open)\""
        );
    }

    #[test]
    fn a_piece_goes_on_with_the_dashes_and_holds_only_its_own_ends() {
        // 23.5 units of a message flow before: 3.5 into its 10-unit pattern.
        let middle = Piece {
            before: 23.5,
            start: false,
            end: false,
        };
        assert_eq!(
            flow_style(FlowKind::Message, middle),
            "stroke-width=\"1.1\" stroke-dasharray=\"6 4\" stroke-dashoffset=\"3.5\""
        );
        let last = Piece {
            before: 20.0,
            start: false,
            end: true,
        };
        assert_eq!(
            flow_style(FlowKind::Sequence, last),
            "stroke-width=\"1.2\" marker-end=\"url(#arrow)\""
        );
        assert_eq!(
            flow_style(FlowKind::Association, last),
            "stroke-width=\"1\" stroke-dasharray=\"2 3\" marker-end=\"url(#arrow-open)\""
        );
    }

    /// Model text with markup, references, quotes, a CDATA end and
    /// characters XML 1.0 cannot hold, as one line of a label.
    fn written(line: &str) -> String {
        let mut out = Svg::new();
        let block = TextBlock {
            rect: Rect::default(),
            lines: vec![line.to_string()],
            size: 10.0,
            bold: false,
            centered: false,
        };
        text_block(&mut out, &block);
        out.finish()
    }

    #[test]
    fn a_label_is_escaped_and_reads_back_as_written() {
        let line = "a<b>&amp; & \"c\" 'd' ]]> <!-- x -->\u{1}e\u{b}f\u{AD}g\u{FFFE}";
        let svg = written(line);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML 1.0");
        let text = doc.root_element();
        assert_eq!(text.tag_name().name(), "text");
        assert_eq!(
            text.children().count(),
            1,
            "one text node, no markup: {svg}"
        );
        assert_eq!(text.text(), Some("a<b>&amp; & \"c\" 'd' ]]> <!-- x -->efg"));
        assert!(svg.ends_with("</text>\n"), "one element a line: {svg}");
    }

    #[test]
    fn the_text_of_a_document_reads_back_for_the_font_subset() {
        let svg = written("Қаз & <ақ> 'x'");
        assert_eq!(
            used_text(&svg),
            ("Қаз & <ақ> 'x'\n".to_string(), String::new())
        );
    }

    #[test]
    fn base64_pads() {
        assert_eq!(super::base64(b"Ma"), "TWE=");
        assert_eq!(super::base64(b"Man"), "TWFu");
        assert_eq!(super::base64(b"M"), "TQ==");
    }
}
