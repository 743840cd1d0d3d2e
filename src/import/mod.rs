//! `regflow import`: BPMN 2.0 XML from other tools → a regflow model.
//!
//! [`import_file`] reads the file ([`xml`]: any encoding a BPMN tool
//! writes, any namespace prefix), [`bpmn`] turns the semantics into a
//! [`Process`], and [`to_ron`] writes it as a model file. Whatever regflow
//! cannot represent (boundary events, text annotations, sub-process
//! contents, task types…) is returned as a [`Note`] naming the element by
//! id and kind; the notes also go into the model's `notes`.

pub mod bpmn;
mod ids;
mod regflow_ext;
pub mod text;
pub mod xml;

use crate::model::Process;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is larger than {limit} bytes (16 MB), the most regflow reads")]
    TooLarge { limit: u64 },
    #[error("elements are nested {limit} deep at line {line}, column {column}; regflow reads at most {limit} levels (real files nest under 20)")]
    TooDeep {
        limit: usize,
        line: usize,
        column: usize,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the text encoding `{encoding}` is not supported: {message}")]
    Encoding { encoding: String, message: String },
    #[error("not XML: {message} (line {line}, column {column})")]
    NotXml {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not BPMN 2.0: the root element is <{found}>{}, expected <definitions> in the namespace {} (line {line}, column {column})", if namespace.is_empty() { String::new() } else { format!(" in the namespace {namespace}") }, bpmn::NS_MODEL)]
    NotBpmn {
        found: String,
        namespace: String,
        line: usize,
        column: usize,
    },
    /// Broken BPMN, with a stable code (as `regflow layout` gives them).
    #[error("{code}: {message} (line {line}, column {column})")]
    Invalid {
        code: &'static str,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("no process: {message} (line {line}, column {column})")]
    NoProcess {
        message: String,
        line: usize,
        column: usize,
    },
}

/// An element of the BPMN file that the model does not say as it was: by
/// id and kind (`boundaryEvent`, `textAnnotation`…), with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The element's id (empty for an element without one).
    pub id: String,
    /// The element's BPMN type: its local name.
    pub kind: String,
    pub name: Option<String>,
    /// What became of it.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if !self.id.is_empty() {
            write!(f, " {}", self.id)?;
        }
        if let Some(n) = self.name.as_deref().filter(|n| !n.is_empty()) {
            write!(f, " «{n}»")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A BPMN file as a regflow model.
#[derive(Debug, Clone)]
pub struct Imported {
    pub process: Process,
    /// What is not represented, or represented otherwise (also in
    /// `process.notes`).
    pub notes: Vec<Note>,
    /// For each node of the process, the id of the BPMN element it comes
    /// from (`None` for a start or an end added to close the flow).
    pub origins: Vec<Option<String>>,
}

/// Imports a BPMN file; `stem` names the process when the file does not.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let bytes = crate::model::limits::read_bounded(path).map_err(|e| match e {
        Some(source) => ImportError::Read {
            path: path.to_path_buf(),
            source,
        },
        None => ImportError::TooLarge {
            limit: crate::model::limits::MAX_FILE_BYTES,
        },
    })?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    import_bytes(&bytes, &stem)
}

pub fn import_bytes(bytes: &[u8], stem: &str) -> Result<Imported, ImportError> {
    import_str(xml::decode(bytes)?, stem)
}

pub fn import_str(text: impl Into<String>, stem: &str) -> Result<Imported, ImportError> {
    let tree = xml::Tree::parse(text.into())?;
    bpmn::convert(&tree, stem).map(|imp| regflow_ext::read(&tree.src, imp))
}

/// Whether a path names a BPMN file (`.bpmn`, `.bpmn2`).
pub fn is_bpmn_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("bpmn") || x.eq_ignore_ascii_case("bpmn2"))
}

/// The model as a RON file, written like the hand-written models: struct
/// names, fields left out where they hold their defaults, one line per
/// lane and node; a comment heading says where it comes from.
pub fn to_ron(p: &Process, heading: &str) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let full = ron::ser::to_string_pretty(p, config)?;
    let mut out = String::new();
    for line in heading.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&tidy(&full));
    out.push('\n');
    Ok(out)
}

/// Drops what says nothing (`id: None`, `outside_term: false`, a field at
/// its default) and joins each lane and node onto one line. RON's pretty
/// printer escapes line breaks in strings, so every line break here is
/// structural and a line's start and end are never inside a string.
fn tidy(full: &str) -> String {
    const DEFAULTS: [&str; 8] = [
        "outside_term: false,",
        "aliases: [],",
        "notes: [],",
        "messages: [],",
        "lang: Ru,",
        "kind: Provider,",
        "legend: Recipient,",
        "orientation: Table,",
    ];
    let kept: Vec<String> = full
        .lines()
        .filter(|l| !l.starts_with("#!["))
        .filter(|l| {
            let t = l.trim();
            let says_nothing = t.ends_with(": None,") && !t.contains('"');
            !says_nothing && !DEFAULTS.contains(&t)
        })
        .map(|l| {
            // The hand-written models leave these struct names out.
            let t = l.trim_start();
            match ["Outcome(", "Text(", "Source("]
                .iter()
                .find(|n| t.ends_with(**n))
            {
                Some(n) => format!("{}(", &l[..l.len() - n.len()]),
                None => l.to_string(),
            }
        })
        .collect();
    // Items of `lanes: [` and `nodes: [` sit at 8 spaces; join their lines.
    let mut out: Vec<String> = Vec::new();
    let mut item: Option<String> = None;
    for l in &kept {
        let indent = l.len() - l.trim_start().len();
        let t = l.trim();
        match item.as_mut() {
            Some(acc) => {
                if indent == 8 && (t == ")," || t == ")") {
                    join(acc, t);
                    out.push(std::mem::take(acc));
                    item = None;
                } else {
                    join(acc, t);
                }
            }
            None => {
                if indent == 8 && t.ends_with('(') {
                    item = Some(l.to_string());
                } else {
                    out.push(l.to_string());
                }
            }
        }
    }
    if let Some(acc) = item {
        out.push(acc);
    }
    out.join("\n")
}

/// Appends a trimmed line to a one-line item: no space after an opening
/// bracket, no trailing comma before a closing one.
fn join(acc: &mut String, t: &str) {
    if t.starts_with(')') || t.starts_with(']') {
        if acc.ends_with(',') {
            acc.pop();
        }
    } else if !(acc.ends_with('(') || acc.ends_with('[')) {
        acc.push(' ');
    }
    acc.push_str(t);
}
