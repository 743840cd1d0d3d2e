//! Geometry → SVG: text stays text (selectable, searchable), drawn with
//! the bundled font embedded in the file, or as outlines on request.

use super::xml::{esc, num};
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

/// Writes a text block, one `<text>` per line so that no word is split.
pub fn text_block(out: &mut String, t: &TextBlock) {
    text_lines(out, t, t.rect.x, t.rect.y, t.rect.w, "");
}

/// A lane's name: upright in its header row, or written upwards in its
/// header column (`vertical`), bottom to top as BPMN tools write it.
pub fn lane_title(out: &mut String, l: &LaneBox) {
    let t = &l.title;
    if !l.vertical {
        return text_block(out, t);
    }
    // Turned a quarter back about the block's bottom-left corner, whose
    // width on the page is the lines' height and whose height their length.
    let turn = format!(
        " transform=\"translate({} {}) rotate(-90)\"",
        num(t.rect.x),
        num(t.rect.bottom())
    );
    text_lines(out, t, 0.0, 0.0, t.rect.h, &turn);
}

/// `t`'s lines from (x, y), each centred in `w` when `t` is centred.
fn text_lines(out: &mut String, t: &TextBlock, x0: f64, y0: f64, w0: f64, attrs: &str) {
    let lh = font::line_height(t.size);
    for (i, line) in t.lines.iter().enumerate() {
        let w = font::width(line, t.size, t.bold);
        let x = if t.centered { x0 + (w0 - w) / 2.0 } else { x0 };
        // Baseline inside a line box of height lh.
        let y = y0
            + i as f64 * lh
            + (lh - (font::ASCENT + font::DESCENT) * t.size) / 2.0
            + font::ASCENT * t.size;
        let weight = if t.bold { " font-weight=\"bold\"" } else { "" };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{weight}{attrs}>{}</text>",
            num(x),
            num(y),
            num(t.size),
            esc(line)
        );
    }
}

fn rect(out: &mut String, r: Rect, attrs: &str) {
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {attrs}/>",
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h)
    );
}

fn points(p: &[Point]) -> String {
    p.iter()
        .map(|q| format!("{},{}", num(q.x), num(q.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The symbol of a node kind inside `r`, as the legend and diagram draw it.
pub fn symbol(out: &mut String, kind: NodeKind, r: Rect) {
    symbol_event(out, kind, EventKind::Plain, r)
}

/// The symbol with its BPMN event marker (envelope, clock, lightning):
/// catching markers are outlined, throwing ones (ends) filled.
pub fn symbol_event(out: &mut String, kind: NodeKind, event: EventKind, r: Rect) {
    symbol_event_as(out, kind, event, false, r)
}

/// [`symbol_event`] of an intermediate event that sends (`throws`), whose
/// marker is filled as an end's.
pub fn symbol_event_as(out: &mut String, kind: NodeKind, event: EventKind, throws: bool, r: Rect) {
    match kind {
        NodeKind::Start | NodeKind::End | NodeKind::Event => {
            let sw = match kind {
                NodeKind::End => 3.0,
                NodeKind::Event => 1.0,
                _ => 1.5,
            };
            let rad = r.w.min(r.h) / 2.0 - sw / 2.0;
            let _ = writeln!(out, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"{sw}\"/>", num(r.cx()), num(r.cy()), num(rad));
            if kind == NodeKind::Event {
                let _ = writeln!(out, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"1\"/>", num(r.cx()), num(r.cy()), num(rad - 3.0));
            }
            marker(out, event, kind == NodeKind::End || throws, r);
        }
        NodeKind::Document => {
            let f = (r.w * 0.3).min(10.0);
            let _ = writeln!(
                out,
                "<path d=\"M{},{} H{} L{},{} V{} H{} Z M{},{} V{} H{}\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"1.2\" stroke-linejoin=\"round\"/>",
                num(r.x), num(r.y), num(r.right() - f), num(r.right()), num(r.y + f), num(r.bottom()), num(r.x),
                num(r.right() - f), num(r.y), num(r.y + f), num(r.right())
            );
            // Lines of text on the page, and the "e" of an electronic document.
            for k in 1..=3 {
                let y = r.y + r.h * (0.35 + 0.15 * f64::from(k));
                let _ = writeln!(out, "<line x1=\"{}\" y1=\"{y:.2}\" x2=\"{}\" y2=\"{y:.2}\" stroke=\"{INK}\" stroke-width=\"0.8\"/>", num(r.x + 6.0), num(r.right() - 6.0));
            }
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"bold\">e</text>",
                num(r.x + 5.0),
                num(r.y + 14.0)
            );
        }
        NodeKind::Step => rect(
            out,
            r,
            &format!("rx=\"4\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"1.2\""),
        ),
        NodeKind::Ref => {
            rect(
                out,
                r,
                &format!("rx=\"4\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"1.2\""),
            );
            let inner = Rect {
                x: r.x + 3.0,
                y: r.y + 3.0,
                w: r.w - 6.0,
                h: r.h - 6.0,
            };
            rect(
                out,
                inner,
                &format!("rx=\"2\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"0.8\""),
            );
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
            let _ = writeln!(
                out,
                "<polygon points=\"{}\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"1.2\"/>",
                points(&pts)
            );
        }
    }
}

/// The marker inside an event circle.
fn marker(out: &mut String, event: EventKind, filled: bool, r: Rect) {
    let (cx, cy, u) = (r.cx(), r.cy(), r.w.min(r.h) / 30.0);
    let (fill, line) = if filled { (INK, "#fff") } else { ("#fff", INK) };
    match event {
        EventKind::Plain => {}
        EventKind::Message => {
            let (w, h) = (14.0 * u, 10.0 * u);
            let (x, y) = (cx - w / 2.0, cy - h / 2.0);
            let _ = writeln!(out, "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{INK}\" stroke-width=\"1\"/>", num(x), num(y), num(w), num(h));
            let _ = writeln!(out, "<polyline points=\"{},{} {},{} {},{}\" fill=\"none\" stroke=\"{line}\" stroke-width=\"1\"/>", num(x), num(y), num(cx), num(y + h * 0.55), num(x + w), num(y));
        }
        EventKind::Timer => {
            let rr = 8.0 * u;
            let _ = writeln!(out, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"1\"/>", num(cx), num(cy), num(rr));
            for k in 0..12 {
                let a = f64::from(k) * std::f64::consts::PI / 6.0;
                let (s, c) = a.sin_cos();
                let _ = writeln!(out, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"0.6\"/>", num(cx + c * rr * 0.75), num(cy + s * rr * 0.75), num(cx + c * rr), num(cy + s * rr));
            }
            let _ = writeln!(out, "<polyline points=\"{},{} {},{} {},{}\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"1\"/>", num(cx), num(cy - rr * 0.6), num(cx), num(cy), num(cx + rr * 0.45), num(cy));
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
            let _ = writeln!(out, "<polygon points=\"{}\" fill=\"{fill}\" stroke=\"{INK}\" stroke-width=\"1\" stroke-linejoin=\"round\"/>", pts.join(" "));
        }
    }
}

/// The opening of an SVG document with fonts, marker and accessibility text.
pub fn open(out: &mut String, w: f64, h: f64, title: &str, desc: &str, mode: TextMode, lang: &str) {
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"title desc\" xml:lang=\"{lang}\" font-family=\"{}, sans-serif\" fill=\"{INK}\">",
        num(w), num(h), num(w), num(h), font::FAMILY
    );
    let _ = writeln!(out, "<title id=\"title\">{}</title>", esc(title));
    let _ = writeln!(out, "<desc id=\"desc\">{}</desc>", esc(desc));
    out.push_str("<defs>\n");
    let _ = mode;
    let _ = writeln!(out, "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{INK}\"/></marker>");
    let _ = writeln!(out, "<marker id=\"arrow-open\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"1.2\"/></marker>");
    let _ = writeln!(out, "<marker id=\"message-start\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"1.2\"/></marker>");
    out.push_str("</defs>\n");
    let _ = writeln!(out, "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
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
fn flow_style(kind: FlowKind, piece: Piece) -> String {
    let (width, start, end) = match kind {
        FlowKind::Sequence => ("1.2", None, "arrow"),
        FlowKind::Message => ("1.1", Some("message-start"), "arrow-open"),
        FlowKind::Association => ("1", None, "arrow-open"),
    };
    let mut s = format!("stroke-width=\"{width}\"");
    if let Some([on, off]) = dashes(kind) {
        let _ = write!(s, " stroke-dasharray=\"{} {}\"", num(on), num(off));
        let offset = num(piece.before.rem_euclid(on + off));
        if offset != "0" {
            let _ = write!(s, " stroke-dashoffset=\"{offset}\"");
        }
    }
    if let (Some(m), true) = (start, piece.start) {
        let _ = write!(s, " marker-start=\"url(#{m})\"");
    }
    if piece.end {
        let _ = write!(s, " marker-end=\"url(#{end})\"");
    }
    s
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
    let mut out = String::new();
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
    // Lanes.
    out.push_str("<g class=\"lanes\">\n");
    for l in &d.lanes {
        rect(
            &mut out,
            l.header,
            &format!("fill=\"{ACCENT}\" stroke=\"none\""),
        );
        rect(
            &mut out,
            l.band,
            &format!("fill=\"none\" stroke=\"{INK}\" stroke-width=\"1\""),
        );
        rect(
            &mut out,
            l.header,
            &format!("fill=\"none\" stroke=\"{INK}\" stroke-width=\"1\""),
        );
        lane_title(&mut out, l);
    }
    out.push_str("</g>\n<g class=\"flows\" fill=\"none\">\n");
    for (i, e) in d.edges.iter().enumerate() {
        let piece = pieces.get(i).copied();
        if piece.is_some() && e.points.len() < 2 {
            continue;
        }
        let _ = writeln!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{INK}\" {}/>",
            points(&e.points),
            flow_style(e.kind, piece.unwrap_or(Piece::WHOLE))
        );
    }
    out.push_str("</g>\n<g class=\"labels\">\n");
    for e in &d.edges {
        if let Some(l) = &e.label {
            text_block(&mut out, l);
        }
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for s in &d.shapes {
        let _ = writeln!(out, "<g id=\"node-{}\">", esc(&svg_id(&s.id)));
        symbol_event_as(&mut out, s.kind, s.event, s.throws, s.body);
        if s.strip > 0.0 {
            let y = s.body.y + s.strip;
            let _ = writeln!(out, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"0.6\"/>", num(s.body.x + 3.0), num(y), num(s.body.right() - 3.0), num(y));
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
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n</svg>\n");
    finish(out, mode)
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

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
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

    #[test]
    fn base64_pads() {
        assert_eq!(super::base64(b"Ma"), "TWE=");
        assert_eq!(super::base64(b"Man"), "TWFu");
        assert_eq!(super::base64(b"M"), "TQ==");
    }
}
