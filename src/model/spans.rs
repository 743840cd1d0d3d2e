//! Where each value of a RON file is, so that errors found after parsing
//! (an unknown lane, a duplicate id) point at the exact place.
//!
//! ron gives positions only for syntax errors, not for values, so this
//! small reader walks the same text again and records the byte span of
//! every value, by field name and list index. It runs only on text ron
//! has already accepted, and on anything else it returns what it has.

use std::ops::Range;

/// The span of one value, with the spans of its fields and items.
#[derive(Debug, Clone, Default)]
pub struct SpanTree {
    pub span: Range<usize>,
    /// `Step` in `Step(…)`, `Minutes` in `Minutes(30)`.
    pub name: Option<String>,
    pub name_span: Option<Range<usize>>,
    pub fields: Vec<(String, SpanTree)>,
    pub items: Vec<SpanTree>,
}

/// One step of a path into a [`SpanTree`].
#[derive(Debug, Clone, Copy)]
pub enum Key<'a> {
    Field(&'a str),
    Index(usize),
}

impl SpanTree {
    pub fn parse(src: &str) -> SpanTree {
        let mut p = Reader {
            s: src.as_bytes(),
            i: 0,
        };
        p.skip_ws();
        p.value().unwrap_or_default()
    }

    /// The value at `path`; `Some(…)` wrappers are looked through.
    pub fn get(&self, path: &[Key]) -> Option<&SpanTree> {
        let mut cur = self.unwrap_some();
        for key in path {
            cur = match key {
                Key::Field(f) => cur.fields.iter().find(|(n, _)| n == f).map(|(_, v)| v)?,
                Key::Index(i) => cur.items.get(*i)?,
            }
            .unwrap_some();
        }
        Some(cur)
    }

    /// The span at `path`, or the span of the nearest ancestor that exists.
    pub fn best(&self, path: &[Key]) -> Range<usize> {
        for len in (0..=path.len()).rev() {
            if let Some(t) = self.get(&path[..len]) {
                return t.span.clone();
            }
        }
        self.span.clone()
    }

    fn unwrap_some(&self) -> &SpanTree {
        if self.name.as_deref() == Some("Some") && self.items.len() == 1 && self.fields.is_empty() {
            &self.items[0]
        } else {
            self
        }
    }
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.i += 1,
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'/') => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.i += 1;
                    }
                }
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'*') => {
                    let mut depth = 0usize;
                    while self.i < self.s.len() {
                        if self.s[self.i..].starts_with(b"/*") {
                            depth += 1;
                            self.i += 2;
                        } else if self.s[self.i..].starts_with(b"*/") {
                            depth -= 1;
                            self.i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            self.i += 1;
                        }
                    }
                }
                // `#![enable(implicit_some)]` and similar attributes.
                Some(b'#') if self.s.get(self.i + 1) == Some(&b'!') => {
                    while !matches!(self.peek(), None | Some(b']')) {
                        self.i += 1;
                    }
                    self.i += 1;
                }
                _ => return,
            }
        }
    }

    fn ident(&mut self) -> Option<Range<usize>> {
        let start = self.i;
        if self.s[self.i..].starts_with(b"r#")
            && self
                .s
                .get(self.i + 2)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            self.i += 2;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.i += 1;
        }
        (self.i > start).then_some(start..self.i)
    }

    fn string(&mut self) {
        // at `"`
        self.i += 1;
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn at_raw_string(&self) -> bool {
        let mut j = self.i + 1;
        while self.s.get(j) == Some(&b'#') {
            j += 1;
        }
        self.s.get(j) == Some(&b'"')
    }

    fn raw_string(&mut self) {
        // at `r`, then hashes, then `"`
        self.i += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.i += 1;
        }
        self.i += 1;
        while self.i < self.s.len() {
            if self.s[self.i] == b'"'
                && self.s[self.i + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|c| **c == b'#')
                    .count()
                    == hashes
            {
                self.i += 1 + hashes;
                return;
            }
            self.i += 1;
        }
    }

    fn value(&mut self) -> Option<SpanTree> {
        let start = self.i;
        let mut t = SpanTree::default();
        match self.peek()? {
            b'"' => self.string(),
            b'r' if self.at_raw_string() => self.raw_string(),
            b'\'' => {
                self.i += 1;
                while let Some(c) = self.peek() {
                    self.i += 1;
                    match c {
                        b'\\' => self.i += 1,
                        b'\'' => break,
                        _ => {}
                    }
                }
            }
            b'[' => {
                self.i += 1;
                self.body(&mut t, b']');
            }
            b'{' => {
                self.i += 1;
                self.body(&mut t, b'}');
            }
            b'(' => {
                self.i += 1;
                self.body(&mut t, b')');
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let name = self.ident()?;
                t.name = Some(String::from_utf8_lossy(&self.s[name.clone()]).into_owned());
                t.name_span = Some(name);
                self.skip_ws();
                if self.peek() == Some(b'(') {
                    self.i += 1;
                    self.body(&mut t, b')');
                }
            }
            _ => {
                // numbers and anything else up to a delimiter
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b')' | b']' | b'}' | b':') && !c.is_ascii_whitespace()
                }) {
                    self.i += 1;
                }
                if self.i == start {
                    return None;
                }
            }
        }
        t.span = start..self.i;
        Some(t)
    }

    /// Entries up to `close`: `name: value` become fields, bare values items.
    fn body(&mut self, t: &mut SpanTree, close: u8) {
        loop {
            self.skip_ws();
            match self.peek() {
                None => return,
                Some(c) if c == close => {
                    self.i += 1;
                    return;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            let save = self.i;
            if let Some(name) = self.ident() {
                self.skip_ws();
                if self.peek() == Some(b':') && close != b'}' {
                    self.i += 1;
                    self.skip_ws();
                    let key = String::from_utf8_lossy(&self.s[name]).into_owned();
                    match self.value() {
                        Some(v) => t.fields.push((key, v)),
                        None => return,
                    }
                    continue;
                }
                self.i = save;
            }
            match self.value() {
                Some(v) => t.items.push(v),
                None => return,
            }
            self.skip_ws();
            if self.peek() == Some(b':') {
                // map key: the value follows as the next item
                self.i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_by_path() {
        let src = "// c\nProcess(lanes: [Lane(id: \"a\")], nodes: [Step(lane: \"a\", time: Some(Minutes(30))), End(lane: r#\"b\"#)])";
        let t = SpanTree::parse(src);
        let lane = t
            .get(&[Key::Field("nodes"), Key::Index(1), Key::Field("lane")])
            .unwrap();
        assert_eq!(&src[lane.span.clone()], "r#\"b\"#");
        let time = t
            .get(&[Key::Field("nodes"), Key::Index(0), Key::Field("time")])
            .unwrap();
        assert_eq!(time.name.as_deref(), Some("Minutes"));
        assert_eq!(
            t.get(&[Key::Field("nodes"), Key::Index(0)])
                .unwrap()
                .name
                .as_deref(),
            Some("Step")
        );
    }

    #[test]
    fn garbage_does_not_panic() {
        for src in ["", "(", "\"", "r#\"", "[[[", "a: : :", "/* ", "#!["] {
            let _ = SpanTree::parse(src);
        }
    }
}
