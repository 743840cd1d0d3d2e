//! A small read-only XML tree over quick-xml's `NsReader`: every element
//! and attribute with its namespace resolved, whatever prefix the file
//! uses (`bpmn:`, `bpmn2:`, `semantic:`, the default namespace).

use super::ImportError;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

/// An element: namespace URI (empty when unbound), local name, attributes,
/// its own text, children (indices into [`Tree::els`]).
#[derive(Debug, Default)]
pub struct El {
    pub ns: String,
    pub name: String,
    pub attrs: Vec<Attr>,
    pub text: String,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    /// Byte offset of the start tag in the text.
    pub pos: usize,
}

#[derive(Debug)]
pub struct Attr {
    pub ns: String,
    pub name: String,
    pub value: String,
}

impl El {
    /// An attribute without a namespace (`id`, `name`, `sourceRef`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attr_ns("", name)
    }

    pub fn attr_ns(&self, ns: &str, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns == ns && a.name == name)
            .map(|a| a.value.as_str())
    }

    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }
}

/// The elements in document order; the root is `els[0]`.
#[derive(Debug)]
pub struct Tree {
    pub els: Vec<El>,
    pub src: String,
}

impl Tree {
    pub fn parse(src: String) -> Result<Tree, ImportError> {
        let mut els: Vec<El> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut r = NsReader::from_str(&src);
        r.config_mut().check_end_names = true;
        let bad = |at: usize, message: String| {
            let (line, column) = line_col(&src, at);
            ImportError::NotXml {
                line,
                column,
                message,
            }
        };
        loop {
            let at = r.buffer_position() as usize;
            let (ns, ev) = match r.read_resolved_event() {
                Ok((res, ev)) => {
                    let ns = match res {
                        ResolveResult::Bound(ns) => ns.as_ref().to_string(),
                        ResolveResult::Unbound => String::new(),
                        ResolveResult::Unknown(p) => {
                            return Err(bad(at, format!("the prefix `{}` is not declared", p)))
                        }
                    };
                    (ns, ev)
                }
                Err(e) => return Err(bad(r.error_position() as usize, e.to_string())),
            };
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    if stack.is_empty() && !els.is_empty() {
                        return Err(bad(at, "a second root element".into()));
                    }
                    // Whatever walks the tree (the import, its notes) stays
                    // within bounded depth and memory.
                    if stack.len() >= crate::model::limits::MAX_DEPTH {
                        let (line, column) = line_col(&src, at);
                        return Err(ImportError::TooDeep {
                            limit: crate::model::limits::MAX_DEPTH,
                            line,
                            column,
                        });
                    }
                    let mut el = El {
                        ns,
                        name: e.local_name().as_ref().to_string(),
                        parent: stack.last().copied(),
                        pos: at,
                        ..El::default()
                    };
                    for a in e.attributes() {
                        let a = a.map_err(|e| bad(at, e.to_string()))?;
                        let key = a.key;
                        if key.as_ref() == "xmlns" || key.as_ref().starts_with("xmlns:") {
                            continue;
                        }
                        let (res, local) = r.resolver().resolve_attribute(key);
                        let ns = match res {
                            ResolveResult::Bound(ns) => ns.as_ref().to_string(),
                            ResolveResult::Unbound => String::new(),
                            ResolveResult::Unknown(p) => {
                                return Err(bad(at, format!("the prefix `{}` is not declared", p)))
                            }
                        };
                        let value = a
                            .normalized_value(XmlVersion::Explicit1_0)
                            .map_err(|e| bad(at, e.to_string()))?
                            .into_owned();
                        el.attrs.push(Attr {
                            ns,
                            name: local.as_ref().to_string(),
                            value,
                        });
                    }
                    let i = els.len();
                    if let Some(&parent) = stack.last() {
                        els[parent].children.push(i);
                    }
                    els.push(el);
                    if matches!(ev, Event::Start(_)) {
                        stack.push(i);
                    }
                }
                Event::End(_) => {
                    stack.pop();
                }
                Event::Text(t) => {
                    let s = t.xml10_content();
                    match stack.last() {
                        Some(&i) => els[i].text.push_str(&s),
                        None if s.trim().is_empty() => {}
                        None => return Err(bad(at, "text outside the root element".into())),
                    }
                }
                Event::CData(t) => {
                    if let Some(&i) = stack.last() {
                        els[i].text.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(g) => {
                    let c = match g.resolve_char_ref().map_err(|e| bad(at, e.to_string()))? {
                        Some(c) => c,
                        None => match g.xml10_content().as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => {
                                return Err(bad(at, format!("unknown entity `&{other};`")));
                            }
                        },
                    };
                    if let Some(&i) = stack.last() {
                        els[i].text.push(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if let Some(&open) = stack.last() {
            return Err(bad(
                src.len(),
                format!(
                    "the file ends inside <{}> (opened at line {})",
                    els[open].name,
                    line_col(&src, els[open].pos).0
                ),
            ));
        }
        if els.is_empty() {
            return Err(bad(src.len(), "no root element".into()));
        }
        Ok(Tree { els, src })
    }

    pub fn children<'a>(&'a self, e: &'a El) -> impl Iterator<Item = (usize, &'a El)> + 'a {
        e.children.iter().map(|&i| (i, &self.els[i]))
    }

    /// 1-based line and column (in characters) of an element.
    pub fn line_col(&self, i: usize) -> (usize, usize) {
        line_col(&self.src, self.els[i].pos)
    }
}

/// 1-based line and column, in characters, of a byte offset.
pub fn line_col(src: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The text of a file: UTF-8 (a byte order mark dropped), UTF-16 with a
/// byte order mark, or ISO-8859-1 / Windows-1252 / ASCII as the XML
/// declaration says (older tools write Latin-1).
pub fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    let utf16 = |be: bool, rest: &[u8]| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| ImportError::Encoding {
            encoding: "UTF-16".into(),
            message: "invalid UTF-16".into(),
        })
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(false, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(true, rest);
    }
    let encoding = declared_encoding(bytes).unwrap_or_default();
    match encoding.to_ascii_lowercase().as_str() {
        "" | "utf-8" | "utf8" => utf8(bytes),
        "iso-8859-1" | "latin1" | "latin-1" | "iso8859-1" | "us-ascii" | "ascii" => {
            Ok(bytes.iter().map(|&b| char::from(b)).collect())
        }
        "windows-1252" | "cp1252" => Ok(bytes.iter().map(|&b| cp1252(b)).collect()),
        _ => Err(ImportError::Encoding {
            message:
                "regflow reads UTF-8, UTF-16, ISO-8859-1 and Windows-1252; save the file as UTF-8"
                    .into(),
            encoding,
        }),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, ImportError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let good = String::from_utf8_lossy(&bytes[..at]);
        let (line, column) = line_col(&good, good.len());
        ImportError::NotXml {
            line,
            column,
            message: format!("the file is not UTF-8 text (invalid byte at offset {at})"),
        }
    })
}

/// `encoding="…"` of an XML declaration at the start of the bytes.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = String::from_utf8_lossy(&head[..end]);
    let rest = &decl[decl.find("encoding")? + "encoding".len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    let rest = &rest[quote.len_utf8()..];
    Some(rest[..rest.find(quote)?].to_string())
}

/// Windows-1252: Latin-1 with printable characters in 0x80–0x9F.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_resolve_to_namespaces() {
        let t = Tree::parse(
            r#"<a:x xmlns:a="urn:a" xmlns="urn:d" xmlns:b="urn:b"><y b:k="1" k="2">t&amp;<![CDATA[<c>]]></y></a:x>"#
                .into(),
        )
        .unwrap();
        assert!(t.els[0].is("urn:a", "x"));
        assert!(t.els[1].is("urn:d", "y"));
        assert_eq!(t.els[1].attr_ns("urn:b", "k"), Some("1"));
        assert_eq!(t.els[1].attr("k"), Some("2"));
        assert_eq!(t.els[1].text, "t&<c>");
    }

    #[test]
    fn errors_are_located() {
        match Tree::parse("<a>\n  <b></c>\n</a>".into()) {
            Err(ImportError::NotXml { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Tree::parse("<a>".into()),
            Err(ImportError::NotXml { .. })
        ));
        assert!(matches!(
            Tree::parse("plain text".into()),
            Err(ImportError::NotXml { .. })
        ));
    }

    #[test]
    fn latin1_and_utf16_are_decoded() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a n=\"\xe4\"/>";
        assert!(decode(latin).unwrap().contains("n=\"ä\""));
        let mut u16 = vec![0xFF, 0xFE];
        for c in "<a/>".encode_utf16() {
            u16.extend(c.to_le_bytes());
        }
        assert_eq!(decode(&u16).unwrap(), "<a/>");
        assert!(matches!(
            decode(b"<?xml version='1.0' encoding='KOI8-R'?><a/>"),
            Err(ImportError::Encoding { .. })
        ));
    }
}
