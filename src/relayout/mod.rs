//! `regflow layout in.bpmn`: a new diagram for a BPMN file, and nothing else.
//!
//! The file's semantic part (every element, id, name, attribute, extension
//! element, documentation, comment and byte of white space) is kept as it
//! is: the old `bpmndi:BPMNDiagram` elements are cut out by their byte
//! ranges ([roxmltree] gives them) and the new diagram is spliced in where
//! the first one stood, or before `</definitions>`.
//!
//! 1. [`read`]: the file's pools, lanes, flow nodes, flows and artifacts,
//!    checked ([`LayoutError`] with a stable code, line and column).
//! 2. [`place`]: a grid per plane: columns by longest path along the
//!    sequence flows, rows inside each lane; boundary events on their
//!    host's border; every sub-process with content drawn collapsed, its
//!    content on a plane of its own (bpmn-js's drill-down). Per plane, in
//!    steps with plain data between them: `grid` (band, column, row of
//!    every item; `columns` orders the flow), `frame` (pools and lanes),
//!    `shapes` (boxes), `sheet` (gap lines, each flow's grid route),
//!    `flows` (the route each flow takes among its candidates, [`route`]).
//! 3. [`write`]: the DI, referencing the file's own ids, spliced in.
//!
//! Flows are routed through the gaps between grid cells, which hold no
//! shape, so a flow never passes through a shape.

mod columns;
mod flows;
mod frame;
mod grid;
pub mod place;
pub mod read;
pub mod route;
mod shapes;
mod sheet;
pub mod write;

use std::fmt;

/// Why a file cannot be laid out: a stable code (as bpmn-auto-layout
/// names them), where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    pub code: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.column, self.code, self.message
        )
    }
}

impl std::error::Error for LayoutError {}

/// What the new diagram holds, for a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    pub shapes: usize,
    pub edges: usize,
    pub planes: usize,
    /// Elements that could not be drawn, by id and kind (e.g. an
    /// association whose ends are in no common plane).
    pub skipped: Vec<String>,
}

/// The tree of a file's (parsable) text; a DTD is allowed, as some tools
/// write one.
fn parse(parsed: &str) -> Result<roxmltree::Document<'_>, LayoutError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(parsed, opts).map_err(|e| LayoutError {
        code: "NOT_XML",
        line: e.pos().row,
        column: e.pos().col,
        message: e.to_string(),
    })
}

/// The file's text with a new diagram in place of its old one(s).
pub fn relayout(text: &str) -> Result<(String, Drawn), LayoutError> {
    let parsed = parsable(text);
    let doc = parse(&parsed)?;
    let model = read::read(&doc)?;
    let planes = place::place(&model);
    let (diagram, drawn) = write::diagrams(&model, &planes);
    Ok((write::splice(text, &doc, &diagram), drawn))
}

/// [`relayout`] of a file's bytes in any encoding a BPMN tool writes; the
/// result is UTF-8 (a declaration naming another encoding, for a file
/// that was not UTF-8, says UTF-8: canonical XML, which has no
/// declaration, is unchanged).
pub fn relayout_bytes(bytes: &[u8]) -> Result<(String, Drawn), LayoutError> {
    let text = crate::import::xml::decode(bytes).map_err(|e| LayoutError {
        code: "ENCODING",
        line: 1,
        column: 1,
        message: e.to_string(),
    })?;
    let (mut out, drawn) = relayout(&text)?;
    if text.as_bytes() != bytes {
        let lead = out.len() - out.trim_start().len();
        if out[lead..].starts_with("<?xml") {
            if let Some(end) = out[lead..].find("?>") {
                let decl = &out[lead..lead + end];
                if let Some(at) = decl.find("encoding=") {
                    let q = lead + at + "encoding=".len();
                    let quote = &out[q..q + 1];
                    if let Some(len) = out[q + 1..].find(quote) {
                        out.replace_range(q + 1..q + 1 + len, "UTF-8");
                    }
                }
            }
        }
    }
    Ok((out, drawn))
}

/// The text as the XML parser takes it: an XML declaration after white
/// space (which some tools write, and XML forbids) blanked to spaces of
/// the same length, so that every byte range still points into `text`.
pub(crate) fn parsable(text: &str) -> std::borrow::Cow<'_, str> {
    let lead = text.len() - text.trim_start().len();
    if lead > 0 && text[lead..].starts_with("<?xml") {
        if let Some(end) = text[lead..].find("?>") {
            let mut s = text.to_string();
            let blank = " ".repeat(end + 2);
            s.replace_range(lead..lead + end + 2, &blank);
            return std::borrow::Cow::Owned(s);
        }
    }
    std::borrow::Cow::Borrowed(text)
}

/// The text without its `BPMNDiagram` elements: what re-layout must keep
/// byte for byte.
pub fn semantic_part(text: &str) -> Result<String, LayoutError> {
    let parsed = parsable(text);
    let doc = parse(&parsed)?;
    let mut out = String::new();
    let mut at = 0;
    for r in write::diagram_ranges(&doc) {
        out.push_str(&text[at..r.start]);
        at = r.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}
