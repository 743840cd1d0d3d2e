//! `regflow site`: the Справочник as a static website a web editor uploads
//! as it is. One page per service with every variant's diagram, legend and
//! step table; an index grouped by regulation; Kazakh pages and a Kazakh
//! index beside the Russian ones where the models have Kazakh; and each
//! variant's PDF, PNG, SVG and BPMN for the download links.
//!
//! The figures are `render`'s own (`render::html::figure`, the same code as
//! `X.html` and `X.fragment.html`); only the grouping into service pages is
//! the site's.

use super::batch::{self, Done, Settings, Verbosity};
use regflow::model::Lang;
use regflow::output;
use regflow::render::html::{self, Drawn, Page, Site};
use regflow::render::index::{self, Entry};
use regflow::render::{self, Outputs, RenderOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

/// What a user asked `site` for.
pub struct SiteJob {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    /// The drawing's options; the language is each model's own, and the
    /// other one too where the model has every text in both.
    pub opts: RenderOptions,
    /// Text printed under 7 pt is an error, not a warning.
    pub strict: bool,
}

/// The files of a variant a page links to, in the order of its links.
const DOWNLOADS: [&str; 4] = [".pdf", ".png", ".svg", ".bpmn"];

/// One variant's figure in one language, kept until its service's page is
/// written.
type Figures = BTreeMap<(String, Lang), String>;

/// Builds the site; the exit status as `render`'s (0, 1 a model failed, 2
/// a usage error).
pub fn run(job: &SiteJob, settings: &Settings) -> ExitCode {
    let Ok(inputs) = batch::collect(&job.paths) else {
        return ExitCode::from(2);
    };
    let out = &job.out;
    if batch::distinct_outputs(&inputs, out).is_err() {
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!(
            "error: cannot create the site folder {}: {e}",
            out.display()
        );
        return ExitCode::from(2);
    }
    output::clean_stale(out);
    let figures = Mutex::new(Figures::new());
    let summary = batch::run(&inputs, settings, "published", |input, c, stem| {
        let Some(m) = &c.loaded else {
            return Err("the model did not load".into());
        };
        variant(job, input.shown(), m, stem, &figures)
    });
    let figures = figures.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut entries = summary.entries;
    let written = pages(out, &mut entries, &figures).and_then(|n| {
        indexes(out, &entries)?;
        Ok(n)
    });
    match written {
        Ok(n) => {
            if settings.verbosity > Verbosity::Quiet {
                println!(
                    "{}: {n} service page(s) and the index of {} model(s)",
                    out.display(),
                    entries.len()
                );
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    }
    if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Renders one model's downloads in each of its languages and keeps its
/// figures for the service page.
fn variant(
    job: &SiteJob,
    shown: &Path,
    m: &regflow::model::Loaded,
    stem: &str,
    figures: &Mutex<Figures>,
) -> Result<Done, String> {
    let p = &m.process;
    let other = match p.lang {
        Lang::Ru => Lang::Kk,
        Lang::Kk => Lang::Ru,
    };
    let langs = if p.untranslated(other).is_empty() {
        vec![p.lang, other]
    } else {
        vec![p.lang]
    };
    let site = Site {
        stem: stem.to_string(),
        default: p.lang,
        langs: langs.clone(),
        files: DOWNLOADS.to_vec(),
        index: true,
    };
    let want = Outputs {
        svg: true,
        png: true,
        bpmn: true,
        legend: false,
        html: true,
        pdf: true,
    };
    let mut names = Vec::new();
    let mut warnings = Vec::new();
    let mut timings = render::Timings::default();
    for l in &langs {
        let opts = RenderOptions {
            lang: *l,
            ..job.opts
        };
        let r = render::render_site(p, &opts, want, &site).map_err(|e| e.to_string())?;
        let notes = super::render::drawing_notes(shown, p, &r, opts, job.strict)?;
        if *l == p.lang {
            warnings = notes;
        }
        timings.merge(&r.timings);
        let figure = html::figure(
            &Drawn {
                process: p,
                layout: &r.layout,
                svg: &r.svg,
                legend: &r.legend_svg,
            },
            *l,
            &site,
        );
        let pdf = r.pdf.as_ref().map_or(&[][..], |x| &x.bytes[..]);
        let files: Vec<(String, &[u8])> = vec![
            (site.name(*l, ".pdf"), pdf),
            (site.name(*l, ".png"), &r.png),
            (site.name(*l, ".svg"), r.svg.as_bytes()),
            (site.name(*l, ".bpmn"), r.bpmn.as_bytes()),
        ];
        let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        timings
            .time("write", || output::write_all_atomic(&job.out, &refs))
            .map_err(|e| format!("cannot write {}: {e}", job.out.join(stem).display()))?;
        names.extend(files.into_iter().map(|(n, _)| n));
        figures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((stem.to_string(), *l), figure);
    }
    Ok(Done {
        report: Some(format!(
            "{} → {}\n",
            shown.display(),
            job.out.join(format!("{stem}.*")).display()
        )),
        warnings,
        files: names,
        up_to_date: false,
        timings,
    })
}

/// The name of a service's page: what its variants' file names share
/// (`almaty-13-spravka-asp` for `almaty-13-spravka-asp-gk`, `-portal`, …),
/// or its one variant's name.
fn service_name(stems: &[&str]) -> String {
    let Some(first) = stems.first() else {
        return "service".into();
    };
    let parts: Vec<&str> = first.split('-').collect();
    let mut keep = parts.len();
    for s in &stems[1..] {
        let other: Vec<&str> = s.split('-').collect();
        keep = keep.min(parts.iter().zip(&other).take_while(|(a, b)| a == b).count());
    }
    if keep == 0 {
        first.to_string()
    } else {
        parts[..keep].join("-")
    }
}

/// The page of a service in a language.
fn page_file(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!("{name}.html"),
        Lang::Kk => format!("{name}.kk.html"),
    }
}

/// One service: its page's name, heading data and variants (by index in
/// the entries).
struct Service {
    name: String,
    appendix: u32,
    variants: Vec<usize>,
}

/// Writes every service's pages; points each entry at its figure on them.
/// Returns how many services there are.
fn pages(out: &Path, entries: &mut [Entry], figures: &Figures) -> Result<usize, String> {
    let mut services: Vec<Service> = Vec::new();
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    {
        let acts = index::regulations(entries);
        for act in &acts {
            for ((appendix, _), variants) in &act.services {
                let stems: Vec<&str> = variants.iter().map(|e| e.stem.as_str()).collect();
                let mut name = service_name(&stems);
                // Two services whose variants share the same start keep
                // pages of their own.
                let n = taken.entry(name.clone()).or_insert(0);
                *n += 1;
                if *n > 1 {
                    name = format!("{name}-{n}");
                }
                let at: Vec<usize> = variants
                    .iter()
                    .filter_map(|v| entries.iter().position(|e| e.stem == v.stem))
                    .collect();
                services.push(Service {
                    name,
                    appendix: *appendix,
                    variants: at,
                });
            }
        }
    }
    for s in &services {
        for &i in &s.variants {
            let scope = site_scope(&entries[i].stem);
            let langs = [Lang::Ru, Lang::Kk]
                .into_iter()
                .filter(|l| figures.contains_key(&(entries[i].stem.clone(), *l)));
            entries[i].pages = langs
                .map(|l| (l, format!("{}#{scope}", page_file(&s.name, l))))
                .collect();
        }
    }
    for s in &services {
        write_service(out, s, entries, figures)?;
    }
    Ok(services.len())
}

fn site_scope(stem: &str) -> String {
    Site {
        stem: stem.to_string(),
        default: Lang::Ru,
        langs: Vec::new(),
        files: Vec::new(),
        index: true,
    }
    .scope()
}

/// A service's page in each language some variant has.
fn write_service(
    out: &Path,
    s: &Service,
    entries: &[Entry],
    figures: &Figures,
) -> Result<(), String> {
    let langs: Vec<Lang> = [Lang::Ru, Lang::Kk]
        .into_iter()
        .filter(|l| {
            s.variants
                .iter()
                .any(|&i| figures.contains_key(&(entries[i].stem.clone(), *l)))
        })
        .collect();
    let alternates: Vec<(Lang, String)> = if langs.len() > 1 {
        langs.iter().map(|l| (*l, page_file(&s.name, *l))).collect()
    } else {
        Vec::new()
    };
    for &lang in &langs {
        let mut body = String::new();
        let mut shown = Vec::new();
        let mut first = None;
        for &i in &s.variants {
            let e = &entries[i];
            let Some(figure) = figures.get(&(e.stem.clone(), lang)) else {
                continue;
            };
            first.get_or_insert(e);
            let p = &e.process;
            let scope = site_scope(&e.stem);
            let variant = p
                .variant
                .as_ref()
                .map(|v| v.get(lang, p.default_lang()).to_string())
                .unwrap_or_else(|| e.stem.clone());
            body.push_str(&format!(
                "<section aria-labelledby=\"{scope}-h\">\n<h2 id=\"{scope}-h\">{}</h2>\n{figure}</section>\n",
                regflow::render::xml::esc(&variant)
            ));
            shown.push(figure.as_str());
        }
        let Some(e) = first else { continue };
        let p = &e.process;
        let service = p.service.get(lang, p.default_lang());
        let act = p.source.as_ref().map(|src| {
            regflow::i18n::act_line(
                src.act.get(lang, p.default_lang()),
                src.date.as_deref(),
                src.number.as_deref(),
                lang,
            )
        });
        let intro = act.map(|a| match s.appendix {
            0 => a,
            n => format!("{a}, {}", appendix_word(n, lang)),
        });
        let fonts = html::fonts(&shown);
        let text = html::page(&Page {
            lang,
            title: service,
            heading: &index::service_heading(0, service, lang),
            intro: intro.as_deref(),
            fonts: &fonts,
            index: Some(html::index_name(lang)),
            alternates: &alternates,
            body: &body,
        });
        let name = page_file(&s.name, lang);
        write_if_changed(out, &name, text.as_bytes())?;
    }
    Ok(())
}

/// «приложение 3» / «3-қосымша».
fn appendix_word(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!("приложение {n}"),
        Lang::Kk => format!("{n}-қосымша"),
    }
}

/// The index in Russian, and in Kazakh where any page is in Kazakh.
fn indexes(out: &Path, entries: &[Entry]) -> Result<(), String> {
    write_if_changed(
        out,
        html::index_name(Lang::Ru),
        index::html(entries, Lang::Ru).as_bytes(),
    )?;
    if index::has_lang(entries, Lang::Kk) {
        write_if_changed(
            out,
            html::index_name(Lang::Kk),
            index::html(entries, Lang::Kk).as_bytes(),
        )?;
    }
    Ok(())
}

fn write_if_changed(out: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    if std::fs::read(out.join(name)).ok().as_deref() == Some(bytes) {
        return Ok(());
    }
    output::write_atomic(out, name, bytes)
        .map(|_| ())
        .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))
}

#[cfg(test)]
mod tests {
    use super::service_name;

    #[test]
    fn a_service_page_is_named_by_what_its_variants_share() {
        assert_eq!(
            service_name(&[
                "almaty-13-spravka-asp-gk-center",
                "almaty-13-spravka-asp-portal"
            ]),
            "almaty-13-spravka-asp"
        );
        assert_eq!(
            service_name(&["zhambyl-spravka-asp-portal"]),
            "zhambyl-spravka-asp-portal"
        );
        assert_eq!(service_name(&["a-x", "b-y"]), "a-x");
    }
}
