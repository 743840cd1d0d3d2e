//! `regflow check`: load and validate models, and compute their terms.

use crate::diag::Diagnostic;
use crate::model::{self, Lang, Loaded, TermReport};
use std::path::{Path, PathBuf};

/// The outcome of checking one file.
#[derive(Debug)]
pub struct Checked {
    pub path: PathBuf,
    pub loaded: Option<Loaded>,
    pub diagnostics: Vec<Diagnostic>,
    pub term: Option<TermReport>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The model files a path stands for: the file itself, or every `.ron`
/// file in a folder (not recursive), sorted by name.
pub fn model_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
            .collect();
        files.sort();
        Ok(files)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{}: no such file or folder", path.display()),
        ))
    }
}

/// Checks one model file; a BPMN file (`.bpmn`) is imported first, and
/// what the import could not represent is reported as warnings.
pub fn check_file(path: &Path) -> Checked {
    if crate::import::is_bpmn_path(path) {
        return check_bpmn(path);
    }
    match model::load_file(path) {
        Err(diagnostics) => Checked {
            path: path.to_path_buf(),
            loaded: None,
            diagnostics,
            term: None,
        },
        Ok(loaded) => {
            let mut diagnostics = model::validate(&loaded);
            check_refs(&loaded, &mut diagnostics);
            checked(path, loaded, diagnostics)
        }
    }
}

/// Checks model text that comes from elsewhere than a file of its own
/// (standard input); `shown` names it in messages, and models it refers to
/// are looked for beside `shown`. Text that starts with `<` is BPMN XML and
/// is imported; anything else is a RON model.
pub fn check_text(shown: &Path, text: &str) -> Checked {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        let stem = shown
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        return check_imported(shown, crate::import::import_str(text, &stem));
    }
    match model::load_str(shown, text) {
        Err(diagnostics) => Checked {
            path: shown.to_path_buf(),
            loaded: None,
            diagnostics,
            term: None,
        },
        Ok(loaded) => {
            let mut diagnostics = model::validate(&loaded);
            check_refs(&loaded, &mut diagnostics);
            checked(shown, loaded, diagnostics)
        }
    }
}

/// The model files a reference step of `m` names, as its checks find them
/// (so that a caller can tell when a model's outcome depends on another file).
pub fn referenced_files(m: &Loaded) -> Vec<PathBuf> {
    let dir = m.path.parent().unwrap_or(Path::new("."));
    m.process
        .nodes
        .iter()
        .filter_map(|n| match n {
            model::Node::Ref { model: target, .. } => Some(dir.join(format!("{target}.ron"))),
            _ => None,
        })
        .collect()
}

/// Imports a BPMN file and checks the model it gives. Diagnostics about
/// the model point into its RON text, under the name `X.bpmn (imported)`.
fn check_bpmn(path: &Path) -> Checked {
    check_imported(path, crate::import::import_file(path))
}

fn check_imported(
    path: &Path,
    imported: Result<crate::import::Imported, crate::import::ImportError>,
) -> Checked {
    let imported = match imported {
        Ok(i) => i,
        Err(e) => {
            return Checked {
                path: path.to_path_buf(),
                loaded: None,
                diagnostics: vec![Diagnostic::error(path, "", None, e.to_string())],
                term: None,
            }
        }
    };
    let mut diagnostics: Vec<Diagnostic> = imported
        .notes
        .iter()
        .map(|n| Diagnostic::warning(path, "", None, n.to_string()))
        .collect();
    let shown = PathBuf::from(format!("{} (imported)", path.display()));
    let src = crate::import::to_ron(&imported.process, "").unwrap_or_default();
    let loaded = model::Loaded {
        spans: model::SpanTree::parse(&src),
        path: shown,
        src,
        process: imported.process,
    };
    diagnostics.extend(model::validate(&loaded));
    checked(path, loaded, diagnostics)
}

/// The outcome for a model that loaded: its term only when it has no errors.
fn checked(path: &Path, loaded: model::Loaded, diagnostics: Vec<Diagnostic>) -> Checked {
    let term = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        model::term_with_refs(&loaded.process, &ref_times(&loaded))
    };
    Checked {
        path: path.to_path_buf(),
        loaded: Some(loaded),
        diagnostics,
        term,
    }
}

/// The time of each reference step without a time of its own: the
/// durations of the steps it refers to, along the other model's shortest
/// and longest paths. One level deep: the other model's own references
/// count as that model's term leaves them (listed as left out there).
fn ref_times(m: &Loaded) -> model::RefTimes {
    let dir = m.path.parent().unwrap_or(Path::new("."));
    let mut out = model::RefTimes::new();
    for (i, node) in m.process.nodes.iter().enumerate() {
        let model::Node::Ref {
            model: target,
            steps,
            time: None,
            ..
        } = node
        else {
            continue;
        };
        let Ok(other) = model::load_file(&dir.join(format!("{target}.ron"))) else {
            continue;
        };
        if model::validate(&other).iter().any(Diagnostic::is_error) {
            continue;
        }
        let Some(t) = model::term_of(&other.process) else {
            continue;
        };
        let wanted = steps.as_deref().map(step_numbers);
        let along = |path: &model::PathTerm| {
            let mut sum = model::Term::default();
            for &k in &path.nodes {
                let n = &other.process.nodes[k];
                let counted = match (&wanted, n.number()) {
                    (None, _) => true,
                    (Some(w), Some(num)) => w.iter().any(|x| x == num),
                    (Some(_), None) => false,
                };
                if let Some(a) = n.counted_time().filter(|_| counted) {
                    sum.add(a);
                }
            }
            sum
        };
        out.insert(i, (along(&t.shortest), along(&t.longest)));
    }
    out
}

/// «1-5», «3-4», «1, 3» → the step numbers they name.
fn step_numbers(spec: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in spec
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let range = part.split_once(['-', '–']).and_then(|(a, b)| {
            Some((a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?))
        });
        match range {
            Some((a, b)) if a <= b && b - a < 1000 => out.extend((a..=b).map(|n| n.to_string())),
            _ => out.push(part.to_string()),
        }
    }
    out
}

/// A reference step must name a model file that exists beside this one.
fn check_refs(m: &Loaded, out: &mut Vec<Diagnostic>) {
    let dir = m.path.parent().unwrap_or(Path::new("."));
    for (i, node) in m.process.nodes.iter().enumerate() {
        if let model::Node::Ref { model: target, .. } = node {
            let file = dir.join(format!("{target}.ron"));
            if !file.is_file() {
                let at = m.spans.best(&[
                    model::Key::Field("nodes"),
                    model::Key::Index(i),
                    model::Key::Field("model"),
                ]);
                out.push(
                    Diagnostic::error(
                        &m.path,
                        &m.src,
                        Some(at),
                        format!("the referenced model `{target}` does not exist"),
                    )
                    .with_help(format!(
                        "expected {}; write the file name without .ron",
                        file.display()
                    )),
                );
            }
        }
    }
}

/// «term: 2 раб. дня 4 ч … – 3 раб. дня …» and what was left out.
pub fn describe_term(m: &Loaded, t: &TermReport, lang: Lang) -> String {
    let p = &m.process;
    let ids = p.node_ids();
    let mut s = format!(
        "term: shortest {} ({} nodes), longest {} ({} nodes)",
        t.shortest.term.describe(lang),
        t.shortest.nodes.len(),
        t.longest.term.describe(lang),
        t.longest.nodes.len()
    );
    if !t.excluded.is_empty() {
        let names: Vec<String> = t
            .excluded
            .iter()
            .map(|&i| {
                let why = if p.nodes[i].outside_term() {
                    "не входит в срок".to_string()
                } else if let model::Node::Ref { model: target, .. } = &p.nodes[i] {
                    format!("refers to {target}, whose steps could not be read")
                } else {
                    "no number".to_string()
                };
                // A number printed by several split boxes does not say which.
                let n = p.nodes[i]
                    .number()
                    .filter(|n| p.nodes.iter().filter(|m| m.number() == Some(n)).count() == 1);
                format!("{} ({why})", n.unwrap_or(&ids[i]))
            })
            .collect();
        s.push_str(&format!("; left out: {}", names.join(", ")));
    }
    let name = |i: usize| p.nodes[i].number().unwrap_or(&ids[i]).to_string();
    for &i in &t.resolved {
        if let model::Node::Ref { model: target, .. } = &p.nodes[i] {
            s.push_str(&format!(
                "; step {} counts the steps of {target} it refers to",
                name(i)
            ));
        }
    }
    if !t.loops.is_empty() {
        let targets: Vec<String> = t.loops.iter().map(|&i| name(i)).collect();
        s.push_str(&format!(
            "; rework loops (back to {}) counted once: each rework adds its steps again",
            targets.join(", ")
        ));
    }
    s
}
