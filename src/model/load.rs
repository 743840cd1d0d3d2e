//! Reading a model file: bytes → UTF-8 → RON → [`Process`], with syntax
//! errors turned into located diagnostics that say what to write instead.

use super::spans::SpanTree;
use super::Process;
use crate::diag::Diagnostic;
use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;
use std::path::{Path, PathBuf};

/// A parsed model with what diagnostics need to point into it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub src: String,
    pub process: Process,
    pub spans: SpanTree,
}

/// Reads and parses one model file.
pub fn load_file(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let bytes = super::limits::read_bounded(path).map_err(|e| match e {
        Some(e) => vec![
            Diagnostic::error(path, "", None, format!("cannot read the file: {e}"))
                .with_help("check the path and the file's permissions"),
        ],
        None => vec![super::limits::file_too_large(
            path,
            std::fs::metadata(path).map_or(0, |m| m.len()),
        )],
    })?;
    let src = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            return Err(vec![Diagnostic::error(
                path,
                &good,
                Some(good.len()..good.len()),
                format!("the file is not UTF-8 text (invalid byte at offset {at})"),
            )
            .with_help(
                "save the model as UTF-8; a model is a text file written in RON",
            )]);
        }
    };
    load_str(path, &src)
}

/// Parses model text; `path` only names the file in diagnostics.
pub fn load_str(path: &Path, src: &str) -> Result<Loaded, Vec<Diagnostic>> {
    // Windows editors may save UTF-8 with a byte order mark; it is not text.
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let opts = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    match opts.from_str::<Process>(src) {
        Ok(process) => Ok(Loaded {
            path: path.to_path_buf(),
            src: src.to_string(),
            process,
            spans: SpanTree::parse(src),
        }),
        Err(e) => Err(vec![syntax_diagnostic(path, src, &e)]),
    }
}

fn syntax_diagnostic(path: &Path, src: &str, e: &SpannedError) -> Diagnostic {
    // A file that is not a model at all (a link to /etc/passwd, a PDF
    // renamed) is not quoted: its text is none of regflow's business.
    if !looks_like_a_model(src) {
        return Diagnostic::error(
            path,
            "",
            None,
            "this is not a regflow model: it does not begin with `Process(`",
        )
        .with_help("a model is a RON text file that begins with `Process(` (see docs/model.md); check that the right file is named");
    }
    let start = byte_offset(src, e.span.start.line, e.span.start.col);
    let end = byte_offset(src, e.span.end.line, e.span.end.col).max(start);
    let span = Some(start..end.max(start));
    // A file cut short stops in the middle of a word, which the parser
    // reads as a whole one (`Sta` for `Start`): say what really happened.
    if end >= src.trim_end().len() && !matches!(e.code, RonError::TrailingCharacters) {
        return Diagnostic::error(
            path,
            src,
            span,
            "the file ends early, in the middle of the model",
        )
        .with_help("the file was cut short (an interrupted copy or download?); restore it whole");
    }
    let (msg, help) = describe(&e.code);
    let d = Diagnostic::error(path, src, span, msg);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

const DURATION_UNITS: &str = "Minutes(n), Hours(n), WorkDays(n), Days(n) (calendar days), Months(n), \
     wrapped as NoMore(…), Within(…) or AtLeast(…) when the text says «не более», «в течение», «не менее»; \
     Text(\"…\") when the regulation gives no number";

/// A message in the words of the model format, and a hint.
fn describe(code: &RonError) -> (String, Option<String>) {
    match code {
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let outer = outer.as_deref().unwrap_or("");
            if outer == "Duration" {
                (
                    format!("unknown duration unit `{found}`"),
                    Some(format!("write one of {DURATION_UNITS}")),
                )
            } else {
                let what = match outer {
                    "Node" => "node kind",
                    "LaneKind" => "lane kind",
                    "Lang" => "language",
                    "Orientation" => "orientation",
                    "LaneOrder" => "lane order",
                    "LegendWording" => "legend wording",
                    _ => "name",
                };
                let hint = crate::diag::nearest(found, expected.iter().copied())
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                (
                    format!("unknown {what} `{found}`"),
                    Some(format!("{hint}expected one of: {}", expected.join(", "))),
                )
            }
        }
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let inside = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            let hint = crate::diag::nearest(found, expected.iter().copied())
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            (
                format!("unknown field `{found}`{inside}"),
                Some(format!(
                    "{hint}the fields here are: {}",
                    expected.join(", ")
                )),
            )
        }
        RonError::MissingStructField { field, outer } => {
            let inside = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            (
                format!("missing field `{field}`{inside}"),
                Some(format!("add `{field}: …` (see docs/model.md)")),
            )
        }
        RonError::DuplicateStructField { field, .. } => (
            format!("field `{field}` is written twice"),
            Some("keep one of them".into()),
        ),
        RonError::ExpectedComma => (
            "expected a comma".into(),
            Some("separate fields and list items with `,`".into()),
        ),
        RonError::ExpectedStringEnd | RonError::ExpectedString => (
            code.to_string(),
            Some("write text in double quotes: \"…\"; a quote inside is \\\"".into()),
        ),
        RonError::Eof => (
            "the file ends too early".into(),
            Some("a bracket or parenthesis is not closed".into()),
        ),
        RonError::TrailingCharacters => (
            "unexpected text after the end of the process".into(),
            Some("a model file holds one Process(…); check the closing parentheses".into()),
        ),
        RonError::IntegerOutOfBounds => (
            "this number is out of range".into(),
            Some(format!(
                "numbers in a model (durations, line numbers) are whole numbers from 0 to {}",
                u32::MAX
            )),
        ),
        RonError::Message(m) => (m.clone(), None),
        other => (other.to_string(), None),
    }
}

/// Whether `src` begins, after blank lines and comments, as a model does.
fn looks_like_a_model(src: &str) -> bool {
    let mut rest = src;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.find('\n').map_or("", |i| &r[i..]);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.find("*/").map_or("", |i| &r[i + 2..]);
        } else if let Some(r) = rest.strip_prefix("#![") {
            // `#![enable(…)]` extensions
            rest = r.find(']').map_or("", |i| &r[i + 1..]);
        } else {
            break;
        }
    }
    rest.starts_with("Process") || rest.starts_with('(')
}

/// Byte offset of a 1-based line and character column.
fn byte_offset(src: &str, line: usize, col: usize) -> usize {
    let line_start: usize = src
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_start = line_start.min(src.len());
    let rest = &src[line_start..];
    line_start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}
