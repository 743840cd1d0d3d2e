//! Diagnostics: one type for every problem regflow reports about a model,
//! located by file, line and column (columns count characters, not bytes,
//! so they match what an editor shows on a Cyrillic line).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A located problem with a message and a hint on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters.
    pub col: usize,
    /// Width of the caret underline, in characters (at least 1).
    pub width: usize,
    /// The source line the caret points into (empty for file-level problems).
    pub source_line: String,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// Builds a diagnostic for a byte range of `src`; `None` means the whole file.
    pub fn at(
        severity: Severity,
        path: &Path,
        src: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let (line, col, width, source_line) = match span {
            Some(r) => locate(src, r),
            None => (0, 0, 0, String::new()),
        };
        Diagnostic {
            severity,
            path: path.to_path_buf(),
            line,
            col,
            width,
            source_line,
            message: message.into(),
            help: None,
        }
    }

    pub fn error(
        path: &Path,
        src: &str,
        span: Option<Range<usize>>,
        msg: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Error, path, src, span, msg)
    }

    pub fn warning(
        path: &Path,
        src: &str,
        span: Option<Range<usize>>,
        msg: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Warning, path, src, span, msg)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Turns a byte range into (line, char column, char width, line text).
fn locate(src: &str, r: Range<usize>) -> (usize, usize, usize, String) {
    let start = floor_char_boundary(src, r.start.min(src.len()));
    let end = floor_char_boundary(src, r.end.clamp(start, src.len()));
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let line = src[..start].matches('\n').count() + 1;
    let col = src[line_start..start].chars().count() + 1;
    let width = src[start..end.min(line_end)].chars().count().max(1);
    let text = src[line_start..line_end].trim_end_matches('\r').to_string();
    (line, col, width, text)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The most characters of a source line a message quotes.
const QUOTE_WIDTH: usize = 100;

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            writeln!(f, "{}: {kind}: {}", self.path.display(), self.message)?;
        } else {
            writeln!(
                f,
                "{}:{}:{}: {kind}: {}",
                self.path.display(),
                self.line,
                self.col,
                self.message
            )?;
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            // Tabs would shift the caret; show them as one space each.
            let chars: Vec<char> = self
                .source_line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            // A long line (a whole model on one line) is cut to a readable
            // window around the caret.
            let caret = self.col.saturating_sub(1).min(chars.len());
            let from = if chars.len() > QUOTE_WIDTH {
                caret.saturating_sub(QUOTE_WIDTH / 3)
            } else {
                0
            };
            let to = (from + QUOTE_WIDTH).min(chars.len());
            let before = if from > 0 { "…" } else { "" };
            let after = if to < chars.len() { "…" } else { "" };
            let shown: String = chars[from..to].iter().collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {before}{shown}{after}")?;
            let width = self.width.min((to + 1).saturating_sub(caret)).max(1);
            writeln!(
                f,
                "{pad} | {}{}",
                " ".repeat(caret - from + before.chars().count()),
                "^".repeat(width)
            )?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Edit distance over characters, counting a swap of two neighbours as
/// one edit (optimal string alignment), for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate nearest to `word`, if it is near enough to be a likely
/// typo: about one edit in three characters, never a whole rewrite, or
/// the start of the candidate (`fin` for `final`).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| (*d <= limit && *d < len) || (len >= 3 && c.starts_with(word)))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_on_cyrillic_lines() {
        let src = "a\n  name: \"Өтініш\", lane: \"x\"\n";
        let at = src.find("lane").unwrap();
        let d = Diagnostic::error(Path::new("m.ron"), src, Some(at..at + 4), "bad");
        assert_eq!((d.line, d.col, d.width), (2, 19, 4));
        let shown = d.to_string();
        assert!(shown.starts_with("m.ron:2:19: error: bad"), "{shown}");
        assert!(shown.contains("  | "), "{shown}");
        assert!(
            shown
                .lines()
                .any(|l| l == format!("  | {}^^^^", " ".repeat(18))),
            "{shown}"
        );
    }

    #[test]
    fn nearest_suggests_typos_only() {
        assert_eq!(nearest("centr", ["center", "head"]), Some("center"));
        assert_eq!(nearest("zzzzzz", ["center", "head"]), None);
        assert_eq!(
            nearest("Stpe", ["Start", "Step"]),
            Some("Step"),
            "a swap is one edit"
        );
        assert_eq!(
            nearest("x", ["1", "a"]),
            None,
            "one letter is no typo of another"
        );
    }
}
