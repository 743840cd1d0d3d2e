//! What the integration tests share (each test binary compiles this
//! module on its own, so an item one of them does not use is allowed to be
//! dead there): the repository root and its models, a small namespaced DOM
//! over quick-xml, and the external tools (xmllint, node, chromium).

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};
use regflow::model::{self, Process};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

pub const NS_BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
pub const NS_BPMNDI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
#[allow(dead_code)]
pub const NS_DC: &str = "http://www.omg.org/spec/DD/20100524/DC";
pub const NS_DI: &str = "http://www.omg.org/spec/DD/20100524/DI";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every model in models/, and the fixture with every electronic-service
/// element, by file stem.
pub fn models() -> Vec<(String, Process)> {
    let mut files = regflow::check::model_files(&root().join("models")).expect("models/ exists");
    assert!(!files.is_empty(), "models/ has models");
    // The fixture with every electronic-service element.
    files.push(root().join("tests/fixtures/e-service.ron"));
    files
        .iter()
        .map(|f| {
            let m = model::load_file(f).unwrap_or_else(|e| panic!("{}: {e:?}", f.display()));
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, m.process)
        })
        .collect()
}

// ---------------------------------------------------------------------
// A small DOM over quick-xml, with namespaces resolved.

#[derive(Debug, Default)]
pub struct El {
    pub ns: String,
    pub name: String,
    pub attrs: HashMap<String, String>,
    pub text: String,
    pub children: Vec<usize>,
}

impl El {
    pub fn attr(&self, k: &str) -> Option<&str> {
        self.attrs.get(k).map(String::as_str)
    }
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }
}

/// The elements in document order; `els[0]` is the root.
pub struct Doc {
    pub els: Vec<El>,
}

impl Doc {
    /// Parses `xml`; any error (ill-formed XML, a bad reference, an
    /// unbound prefix, mismatched tags) fails.
    pub fn parse(xml: &str) -> Result<Doc, String> {
        let mut r = NsReader::from_str(xml);
        r.config_mut().check_end_names = true;
        let mut els: Vec<El> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut roots = 0;
        loop {
            let at = r.buffer_position();
            let (res, ev) = r
                .read_resolved_event()
                .map_err(|e| format!("after byte {at}: {e}"))?;
            let ns = match res {
                ResolveResult::Bound(ns) => ns.as_ref().to_string(),
                ResolveResult::Unbound => String::new(),
                ResolveResult::Unknown(p) => return Err(format!("unbound prefix {}", p)),
            };
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let mut el = El {
                        ns,
                        name: e.local_name().as_ref().to_string(),
                        ..El::default()
                    };
                    for a in e.attributes() {
                        let a = a.map_err(|e| e.to_string())?;
                        let k = a.key.as_ref().to_string();
                        let v = a
                            .normalized_value(XmlVersion::Explicit1_0)
                            .map_err(|e| e.to_string())?
                            .into_owned();
                        if el.attrs.insert(k.clone(), v).is_some() {
                            return Err(format!("attribute {k} twice"));
                        }
                    }
                    let i = els.len();
                    els.push(el);
                    match stack.last() {
                        Some(&parent) => els[parent].children.push(i),
                        None => roots += 1,
                    }
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
                        None => return Err("text outside the root".into()),
                    }
                }
                Event::GeneralRef(g) => {
                    let c = match g.resolve_char_ref().map_err(|e| e.to_string())? {
                        Some(c) => c,
                        None => match g.xml10_content().as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => return Err(format!("unknown entity &{other};")),
                        },
                    };
                    if let Some(&i) = stack.last() {
                        els[i].text.push(c);
                    }
                }
                Event::Eof => break,
                Event::DocType(_) => return Err("no DOCTYPE expected".into()),
                _ => {}
            }
        }
        if !stack.is_empty() || roots != 1 {
            return Err(format!("{} unclosed, {roots} roots", stack.len()));
        }
        Ok(Doc { els })
    }

    pub fn all<'a>(&'a self, ns: &'a str, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.els.iter().filter(move |e| e.is(ns, name))
    }

    #[allow(dead_code)]
    pub fn by_id(&self, id: &str) -> Vec<&El> {
        self.els
            .iter()
            .filter(|e| e.attr("id") == Some(id))
            .collect()
    }

    pub fn children<'a>(&'a self, e: &'a El) -> impl Iterator<Item = &'a El> + 'a {
        e.children.iter().map(|&i| &self.els[i])
    }

    #[allow(dead_code)]
    pub fn child<'a>(&'a self, e: &'a El, ns: &str, name: &str) -> Option<&'a El> {
        self.children(e).find(|c| c.is(ns, name))
    }
}

/// An id moddle-xml accepts.
pub fn is_xml_ascii_id(s: &str) -> bool {
    // What moddle-xml accepts: /^[a-z_][\w-.]*$/i.
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

// ---------------------------------------------------------------------
// The tools.

/// Whether a tool is there; without it, a note (or under CI, a failure).
pub fn need(what: &str, ok: bool) -> bool {
    if ok {
        return true;
    }
    let msg = format!("{what} is missing: run scripts/setup.sh");
    if std::env::var_os("CI").is_some() {
        panic!("{msg} (CI requires it)");
    }
    eprintln!("note: skipped: {msg}");
    false
}

/// Whether `cmd arg` runs and succeeds.
pub fn runs(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// tests/interop: the node scripts and their node_modules.
pub fn interop() -> PathBuf {
    root().join("tests").join("interop")
}

/// Whether node and tests/interop/node_modules are there.
pub fn have_node() -> bool {
    need("node", runs("node", "--version"))
        && need(
            "tests/interop/node_modules",
            interop().join("node_modules").join("bpmn-moddle").is_dir(),
        )
}

/// Runs `cmd`: whether it succeeded, and its stdout and stderr.
pub fn run(cmd: &mut Command) -> (bool, String) {
    let o = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}
