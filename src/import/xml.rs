//! A small read-only XML tree over roxmltree's: every element and
//! attribute with its namespace resolved, whatever prefix the file uses
//! (`bpmn:`, `bpmn2:`, `semantic:`, the default namespace), owned, so
//! that the import can keep it beside the text.

use super::ImportError;

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
    /// The tree of `src`, read by roxmltree (the parser `regflow layout`
    /// uses too): namespaces resolved, entities and character references
    /// expanded, a DTD allowed (some tools write one; roxmltree bounds its
    /// entities). White space before the XML declaration, which some tools
    /// write and XML forbids, is passed over.
    pub fn parse(src: String) -> Result<Tree, ImportError> {
        let parsable = crate::relayout::parsable(&src);
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&parsable, opts).map_err(|e| {
            let (line, column, message) = match e {
                roxmltree::Error::UnexpectedEndOfStream => {
                    let (line, column) = line_col(&src, src.len());
                    (
                        line,
                        column,
                        "the file ends early, before its elements are closed".to_string(),
                    )
                }
                e => (e.pos().row as usize, e.pos().col as usize, e.to_string()),
            };
            ImportError::NotXml {
                line,
                column,
                message,
            }
        })?;
        let els = elements(&doc)?;
        drop(doc);
        drop(parsable);
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

/// The elements of `doc` in document order, walked with an explicit
/// stack; deeper than [`crate::model::limits::MAX_DEPTH`] is an error at
/// the first element that deep (whatever walks the tree later, the import
/// and its notes, stays within bounded depth).
fn elements(doc: &roxmltree::Document) -> Result<Vec<El>, ImportError> {
    let limit = crate::model::limits::MAX_DEPTH;
    let mut els: Vec<El> = Vec::new();
    // (node, its parent's index, its depth)
    let mut stack = vec![(doc.root_element(), None::<usize>, 0usize)];
    while let Some((n, parent, depth)) = stack.pop() {
        if depth >= limit {
            let (line, column) = line_col(doc.input_text(), n.range().start);
            return Err(ImportError::TooDeep {
                limit,
                line,
                column,
            });
        }
        let i = els.len();
        let mut text = String::new();
        for c in n.children().filter(|c| c.is_text()) {
            text.push_str(c.text().unwrap_or(""));
        }
        els.push(El {
            ns: n.tag_name().namespace().unwrap_or("").to_string(),
            name: n.tag_name().name().to_string(),
            attrs: n
                .attributes()
                .map(|a| Attr {
                    ns: a.namespace().unwrap_or("").to_string(),
                    name: a.name().to_string(),
                    value: a.value().to_string(),
                })
                .collect(),
            text,
            children: Vec::new(),
            parent,
            pos: n.range().start,
        });
        if let Some(p) = parent {
            els[p].children.push(i);
        }
        let kids: Vec<roxmltree::Node> = n.children().filter(|c| c.is_element()).collect();
        stack.extend(kids.into_iter().rev().map(|c| (c, Some(i), depth + 1)));
    }
    Ok(els)
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
