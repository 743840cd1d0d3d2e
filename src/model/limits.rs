//! The sizes regflow accepts. regflow runs on servers, on files from
//! anywhere: past these a model is refused with a located error instead of
//! exhausting memory or time. Each is generous: a 5,000-step model (four
//! times the largest regulation's diagram set in one file) renders in every
//! format well inside them, in under 200 MB (see bench/README.md).

use super::spans::Key;
use super::Loaded;
use crate::diag::Diagnostic;

/// The largest model or BPMN file read, in bytes (16 MiB). A 5,000-step
/// model is 2 MB.
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// Nodes of one model (steps, choices, events, …).
pub const MAX_NODES: usize = 10_000;
/// Lanes of one model.
pub const MAX_LANES: usize = 100;
/// Message flows of one model.
pub const MAX_MESSAGES: usize = 10_000;
/// Elements nested inside each other in a BPMN file (lanes in lanes,
/// sub-processes in sub-processes); real files nest under 20.
pub const MAX_DEPTH: usize = 100;
/// Characters of one text (a step's text, a lane's name, a note).
pub const MAX_TEXT_CHARS: usize = 5_000;
/// Characters of one word: a word is never broken across lines, so one
/// word sets the width of its box.
pub const MAX_WORD_CHARS: usize = 500;

/// The error for a file past [`MAX_FILE_BYTES`], before reading it.
pub fn file_too_large(path: &std::path::Path, len: u64) -> Diagnostic {
    Diagnostic::error(
        path,
        "",
        None,
        format!(
            "the file is {} bytes; regflow reads files of at most {MAX_FILE_BYTES} bytes (16 MB)",
            len
        ),
    )
    .with_help("a model of 5,000 steps is 2 MB; check that the right file is named, or split the process into models that refer to each other")
}

/// Reads a file of at most [`MAX_FILE_BYTES`] (never more into memory,
/// even when it grows while read): `Err(Some(len))` when it is larger.
pub fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, Option<std::io::Error>> {
    use std::io::Read as _;
    let f = std::fs::File::open(path).map_err(Some)?;
    let mut bytes = Vec::new();
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Some)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(None);
    }
    Ok(bytes)
}

/// The problems of a model past the limits, each located: the first node,
/// lane or message over the count, the text or word too long. Checked
/// before any other rule, so that nothing costly runs on such a model.
pub fn check(m: &Loaded) -> Vec<Diagnostic> {
    let p = &m.process;
    let mut out = Vec::new();
    let over = |field: &'static str, what: &str, n: usize, max: usize| {
        Diagnostic::error(
            &m.path,
            &m.src,
            Some(m.spans.best(&[Key::Field(field), Key::Index(max)])),
            format!("the model has {n} {what}; regflow draws at most {max}"),
        )
        .with_help("split the process into models that refer to each other (a Ref step names another model)")
    };
    if p.nodes.len() > MAX_NODES {
        out.push(over("nodes", "nodes", p.nodes.len(), MAX_NODES));
    }
    if p.lanes.len() > MAX_LANES {
        out.push(over("lanes", "lanes", p.lanes.len(), MAX_LANES));
    }
    if p.messages.len() > MAX_MESSAGES {
        out.push(over(
            "messages",
            "message flows",
            p.messages.len(),
            MAX_MESSAGES,
        ));
    }
    for s in strings(&m.src) {
        let text = &m.src[s.clone()];
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            out.push(
                Diagnostic::error(
                    &m.path,
                    &m.src,
                    Some(s.start..s.start),
                    format!("this text is {chars} characters long; a text has at most {MAX_TEXT_CHARS}"),
                )
                .with_help("a box holds a sentence or a paragraph; put the rest into notes or another step"),
            );
            continue;
        }
        if let Some((at, word)) = longest_word(text).filter(|(_, w)| *w > MAX_WORD_CHARS) {
            let at = s.start + at;
            out.push(
                Diagnostic::error(
                    &m.path,
                    &m.src,
                    Some(at..at),
                    format!("a word of {word} characters; a word has at most {MAX_WORD_CHARS}"),
                )
                .with_help("a word is never broken across lines, so it sets the width of its box: put spaces into it"),
            );
        }
    }
    out
}

/// The byte range of each string literal's content in RON text (plain
/// `"…"` with escapes, and raw `r#"…"#`), comments skipped.
fn strings(src: &str) -> Vec<std::ops::Range<usize>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = src[i + 2..].find("*/").map_or(b.len(), |k| i + 2 + k + 2);
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                out.push(start..i.min(b.len()));
                i += 1;
            }
            b'r' if matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let start = i + 2 + hashes;
                let close = format!("\"{}", "#".repeat(hashes));
                let end = src[start..].find(&close).map_or(b.len(), |k| start + k);
                out.push(start..end);
                i = end + close.len();
            }
            _ => i += 1,
        }
    }
    out
}

/// Where the longest word of `text` starts (bytes) and its length in
/// characters; words are split at white space, and at `\n` escapes.
fn longest_word(text: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    let mut len = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let escape_break = c == '\\' && matches!(chars.peek(), Some((_, 'n' | 't')));
        if c.is_whitespace() || escape_break {
            if escape_break {
                chars.next();
            }
            len = 0;
            continue;
        }
        if len == 0 {
            start = i;
        }
        len += 1;
        if best.is_none_or(|(_, l)| len > l) {
            best = Some((start, len));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_found_past_comments_escapes_and_raw_strings() {
        let src = r####"Process(a: "x \" y", // "not"
            /* "nor" */ b: r#"raw "q""#, c: "", d: r"plain")"####;
        let got: Vec<&str> = strings(src).into_iter().map(|r| &src[r]).collect();
        assert_eq!(got, vec![r#"x \" y"#, r#"raw "q""#, "", "plain"]);
    }

    #[test]
    fn the_longest_word_is_found_and_line_breaks_split_words() {
        assert_eq!(longest_word("ab  cdef g"), Some((4, 4)));
        assert_eq!(longest_word(r"абв\nгде"), Some((0, 3)));
        assert_eq!(longest_word("   "), None);
    }
}
