//! Escaping for text that comes from a model, and the XML writer of the
//! BPMN and SVG files (quick-xml's, which escapes what it writes).

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::borrow::Cow;

/// Escapes `& < > " '` for use in XML text and attribute values, and drops
/// characters XML 1.0 does not allow.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{AD}' => {}
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text as an XML 1.0 file can hold it, before quick-xml escapes it:
/// characters XML does not allow dropped, and with them the soft hyphen (a
/// hint for our own line breaking) and carriage returns (a line break is
/// `\n`; quick-xml would keep a `\r` as `&#13;`).
pub fn xml_chars(s: &str) -> Cow<'_, str> {
    let drop = |c: char| {
        matches!(c, '\u{AD}' | '\r' | '\u{FFFE}' | '\u{FFFF}')
            || ((c as u32) < 0x20 && !matches!(c, '\t' | '\n'))
    };
    if s.chars().any(drop) {
        Cow::Owned(s.chars().filter(|&c| !drop(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// A start tag and its attributes, each value given as the model has it.
pub struct Tag(BytesStart<'static>);

impl Tag {
    /// Room made at once for a tag of a few attributes, as an SVG
    /// element has them: the tag is not grown a step per attribute.
    pub fn new(name: impl Into<String>) -> Tag {
        let name = name.into();
        let mut buf = String::with_capacity(name.len() + 120);
        buf.push_str(&name);
        Tag(BytesStart::from_content(buf, name.len()))
    }

    /// The attribute `key="value"` of a model's text, [`xml_chars`] and
    /// escaped by quick-xml (line breaks and tabs as references, so a
    /// parser does not fold them into spaces).
    pub fn attr(self, key: &str, value: &str) -> Tag {
        self.read_attr(key, &xml_chars(value))
    }

    /// The attribute `key="value"` of a value read from an XML file (which
    /// holds only characters XML allows), kept whole and escaped.
    pub fn read_attr(mut self, key: &str, value: &str) -> Tag {
        self.0.push_attribute((key, value));
        self
    }

    /// The attribute `key="value"` of a number, as [`num`] writes it.
    pub fn num(self, key: &str, value: f64) -> Tag {
        self.read_attr(key, &num(value))
    }

    /// Each `(key, value)` of `list`, in order.
    pub fn attrs(self, list: &[(String, String)]) -> Tag {
        list.iter().fold(self, |t, (k, v)| t.attr(k, v))
    }
}

/// An XML document being written. Writing into memory cannot fail, so
/// the writer's `io::Result`s are dropped here once.
pub struct Xml(Writer<Vec<u8>>);

impl Xml {
    /// Two spaces a level, a child on its own line, `<empty />`.
    pub fn indented() -> Xml {
        Xml::configured(Writer::new_with_indent(Vec::new(), b' ', 2))
    }

    /// No white space but what [`Xml::space`] writes.
    pub fn flat() -> Xml {
        Xml::configured(Writer::new(Vec::new()))
    }

    /// As [`Xml::flat`], but `<empty/>` (no space before the slash), as
    /// the SVG files have always been written.
    pub fn tight() -> Xml {
        Xml(Writer::new(Vec::new()))
    }

    fn configured(mut w: Writer<Vec<u8>>) -> Xml {
        w.config_mut().add_space_before_slash_in_empty_elements = true;
        Xml(w)
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>`.
    pub fn decl(&mut self) {
        let _ = self
            .0
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    }

    pub fn open(&mut self, t: Tag) {
        let _ = self.0.write_event(Event::Start(t.0));
    }

    pub fn close(&mut self, name: &str) {
        let _ = self.0.write_event(Event::End(BytesEnd::new(name)));
    }

    pub fn empty(&mut self, t: Tag) {
        let _ = self.0.write_event(Event::Empty(t.0));
    }

    /// `<name …>text</name>` on one line.
    pub fn text(&mut self, t: Tag, text: &str) {
        let _ = self.0.write_event(Event::Start(t.0.borrow()));
        let _ = self
            .0
            .write_event(Event::Text(BytesText::new(&xml_chars(text))));
        let _ = self.0.write_event(Event::End(t.0.to_end()));
    }

    /// White space between elements, for a [`Xml::flat`] document that
    /// continues the indentation of a file around it.
    pub fn space(&mut self, ws: &str) {
        debug_assert!(ws.chars().all(char::is_whitespace));
        let _ = self.0.write_event(Event::Text(BytesText::from_escaped(ws)));
    }

    /// Markup that a writer of this module wrote (and so escaped), as it is.
    pub fn written(&mut self, markup: &str) {
        let _ = self
            .0
            .write_event(Event::Text(BytesText::from_escaped(markup)));
    }

    /// The text written, with a line break after the last element when
    /// `newline`.
    pub fn finish(self, newline: bool) -> String {
        let mut bytes = self.0.into_inner();
        if newline {
            bytes.push(b'\n');
        }
        // Only `&str`s went in, so the bytes are UTF-8.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// A `dc:Bounds` element, as BPMN DI gives every shape and label.
pub fn dc_bounds(x: f64, y: f64, w: f64, h: f64) -> Tag {
    Tag::new("dc:Bounds")
        .attr("x", &num(x))
        .attr("y", &num(y))
        .attr("width", &num(w))
        .attr("height", &num(h))
}

/// A number for SVG: at most two decimals, no trailing zeros, so output
/// is stable and small.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            esc("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
    }
}
