//! `regflow render`: where the outputs go (a folder, one file, standard
//! output), skipping models whose outputs are current, and the folder index.

use super::batch::{self, Done, Settings, Verbosity};
use super::input::Input;
use clap::ValueEnum;
use regflow::model::{Lang, Orientation};
use regflow::render::{self, RenderOptions};
use regflow::{output, stamp};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Svg,
    Png,
    /// BPMN 2.0 XML with diagram interchange.
    Bpmn,
    /// The legend as SVG and PNG.
    Legend,
    /// A standalone web page: diagram, legend and action table.
    Html,
    /// A4 pages for print: the diagram, continued with its lane headers
    /// where it is longer than a page, and the legend.
    Pdf,
}

pub const ALL_FORMATS: [Format; 6] = [
    Format::Svg,
    Format::Png,
    Format::Bpmn,
    Format::Legend,
    Format::Html,
    Format::Pdf,
];

/// One kind of file `render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Svg,
    Png,
    Bpmn,
    Html,
    Pdf,
    LegendSvg,
    LegendPng,
    /// The page's `<figure>` alone, for pasting into a CMS page.
    Fragment,
    /// The diagram's text alternative.
    Alt,
}

impl Kind {
    /// In the order a folder render writes them.
    const ALL: [Kind; 9] = [
        Kind::Svg,
        Kind::Png,
        Kind::Bpmn,
        Kind::Html,
        Kind::Pdf,
        Kind::LegendSvg,
        Kind::LegendPng,
        Kind::Fragment,
        Kind::Alt,
    ];

    fn suffix(self) -> &'static str {
        match self {
            Kind::Svg => ".svg",
            Kind::Png => ".png",
            Kind::Bpmn => ".bpmn",
            Kind::Html => ".html",
            Kind::Pdf => ".pdf",
            Kind::LegendSvg => ".legend.svg",
            Kind::LegendPng => ".legend.png",
            Kind::Fragment => ".fragment.html",
            Kind::Alt => ".alt.txt",
        }
    }

    fn format(self) -> Format {
        match self {
            Kind::Svg => Format::Svg,
            Kind::Png => Format::Png,
            Kind::Bpmn => Format::Bpmn,
            Kind::Html | Kind::Fragment | Kind::Alt => Format::Html,
            Kind::Pdf => Format::Pdf,
            Kind::LegendSvg | Kind::LegendPng => Format::Legend,
        }
    }

    /// The file kind a name asks for by its extension.
    fn of_name(name: &str) -> Option<Kind> {
        let name = name.to_lowercase();
        Kind::ALL
            .into_iter()
            .rev() // `.legend.svg` before `.svg`
            .find(|k| name.ends_with(k.suffix()))
            .or_else(|| name.ends_with(".htm").then_some(Kind::Html))
    }

    fn bytes(self, r: &render::Rendered) -> &[u8] {
        match self {
            Kind::Svg => r.svg.as_bytes(),
            Kind::Png => &r.png,
            Kind::Bpmn => r.bpmn.as_bytes(),
            Kind::Html => r.html.as_bytes(),
            Kind::Pdf => r.pdf.as_ref().map_or(&[][..], |x| &x.bytes[..]),
            Kind::LegendSvg => r.legend_svg.as_bytes(),
            Kind::LegendPng => &r.legend_png,
            Kind::Fragment => r.fragment.as_bytes(),
            Kind::Alt => r.alt.as_bytes(),
        }
    }
}

/// Where `render` writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Every asked format of every model, named after the model.
    Folder(PathBuf),
    /// One format of one model, into this file.
    File(PathBuf, Kind),
    /// One format of one model, to standard output.
    Stdout(Kind),
}

impl Target {
    /// What `-o` means: `-` is standard output; an existing folder, or a
    /// name ending in `/`, is a folder; a name ending in a format's
    /// extension (`.svg`, `.png`, `.pdf`, `.bpmn`, `.html`, `.legend.svg`,
    /// `.legend.png`) is that one file; anything else is a folder to create.
    /// `formats` is what `--format` said, if it was given.
    pub fn of(out: &Path, formats: Option<&[Format]>) -> Result<Target, String> {
        let text = out.to_string_lossy();
        if text == "-" {
            let kind = match formats {
                None => Kind::Svg,
                Some([Format::Legend]) => Kind::LegendSvg,
                Some([one]) => Kind::ALL
                    .into_iter()
                    .find(|k| k.format() == *one)
                    .unwrap_or(Kind::Svg),
                Some(_) => {
                    return Err("`-o -` writes one format to standard output; choose it with --format (for example --format png)".into())
                }
            };
            return Ok(Target::Stdout(kind));
        }
        if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || out.is_dir() {
            return Ok(Target::Folder(out.to_path_buf()));
        }
        let Some(kind) = Kind::of_name(&text) else {
            return Ok(Target::Folder(out.to_path_buf()));
        };
        match formats {
            Some(f) if f != [kind.format()] => Err(format!(
                "`-o {text}` writes one {} file (from its extension), but --format asks for {}; drop --format, or give a folder (`-o {text}/`)",
                format!("{:?}", kind.format()).to_uppercase(),
                f.iter().map(|f| format!("{f:?}").to_lowercase()).collect::<Vec<_>>().join(",")
            )),
            _ => Ok(Target::File(out.to_path_buf(), kind)),
        }
    }
}

/// What a user asked `render` for.
pub struct Job {
    pub paths: Vec<PathBuf>,
    pub target: Target,
    pub lang: Option<Lang>,
    pub opts: RenderOptions,
    pub formats: Vec<Format>,
    /// Render even when the outputs are current.
    pub force: bool,
    /// Text printed under 7 pt is an error, not a warning.
    pub strict: bool,
}

/// Renders every model once; the exit status as documented (0, 1 a model
/// failed, 2 a usage error).
pub fn run(job: &Job, settings: &Settings) -> ExitCode {
    let Ok(inputs) = batch::collect(&job.paths) else {
        return ExitCode::from(2);
    };
    once(job, settings, &inputs, job.force)
}

/// One pass over `inputs`.
pub fn once(job: &Job, settings: &Settings, inputs: &[Input], force: bool) -> ExitCode {
    let single = !matches!(job.target, Target::Folder(_));
    if single && inputs.len() != 1 {
        eprintln!(
            "error: {} names one file, but {} models were given; name a folder (`-o out/`) to render several",
            match &job.target {
                Target::File(p, _) => format!("`-o {}`", p.display()),
                _ => "`-o -`".to_string(),
            },
            inputs.len()
        );
        return ExitCode::from(2);
    }
    if let Target::Stdout(kind @ (Kind::Png | Kind::Pdf | Kind::LegendPng)) = job.target {
        if std::io::stdout().is_terminal() {
            let ext = if kind == Kind::Pdf { "pdf" } else { "png" };
            eprintln!(
                "error: a {} is binary and standard output is a terminal; redirect it (`-o - > x.{ext}`) or name a file (`-o x.{ext}`)",
                ext.to_uppercase()
            );
            return ExitCode::from(2);
        }
    }
    if let Target::Folder(out) = &job.target {
        if batch::distinct_outputs(inputs, out).is_err() {
            return ExitCode::from(2);
        }
        if let Err(e) = std::fs::create_dir_all(out) {
            eprintln!(
                "error: cannot create the output folder {}: {e}",
                out.display()
            );
            return ExitCode::from(2);
        }
        // What a run killed mid-write left behind.
        output::clean_stale(out);
        output::clean_stale(&out.join(CACHE));
    }
    let settings = Settings {
        summary: settings.summary && !single,
        ..*settings
    };
    let build = binary_identity();
    let summary = batch::run(inputs, &settings, "rendered", |input, c, stem| {
        let Some(m) = &c.loaded else {
            return Err("the model did not load".into());
        };
        let opts = RenderOptions {
            lang: job.lang.unwrap_or(m.process.lang),
            ..job.opts
        };
        // A drawing in a language the model does not have would mix the
        // two (Russian lanes under Kazakh headings): say what is missing.
        let missing = m.process.untranslated(opts.lang);
        if job.lang.is_some() && !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().take(6).map(String::as_str).collect();
            let more = missing.len().saturating_sub(shown.len());
            return Err(format!(
                "the model has no {} text for {}{}; write those fields as (ru: \"…\", kk: \"…\"), or render without --lang",
                match opts.lang {
                    Lang::Ru => "Russian",
                    Lang::Kk => "Kazakh",
                },
                shown.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ));
        }
        match &job.target {
            Target::Folder(out) => folder(job, input, m, stem, out, opts, &build, force),
            Target::File(path, kind) => one_file(input, m, path, *kind, opts, job.strict),
            Target::Stdout(kind) => to_stdout(input, m, *kind, opts, job.strict),
        }
    });
    if let Target::Folder(out) = &job.target {
        if job.paths.iter().any(|p| batch::is_folder(p)) && !summary.entries.is_empty() {
            if let Err(e) = index(out, &summary.entries, settings.verbosity) {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn want(kinds: &[Kind]) -> render::Outputs {
    let has = |f: Format| kinds.iter().any(|k| k.format() == f);
    render::Outputs {
        svg: has(Format::Svg),
        png: has(Format::Png),
        bpmn: has(Format::Bpmn),
        legend: has(Format::Legend),
        html: has(Format::Html),
        pdf: has(Format::Pdf),
    }
}

/// The warnings of how a model was drawn: a PNG drawn smaller than asked,
/// then a PDF printed small (an error with `--strict`).
pub fn drawing_notes(
    shown: &Path,
    p: &regflow::model::Process,
    r: &render::Rendered,
    opts: RenderOptions,
    strict: bool,
) -> Result<Vec<String>, String> {
    let mut notes: Vec<String> = r
        .notes
        .iter()
        .map(|n| format!("{}: warning: {n}\n", shown.display()))
        .collect();
    if let Some(why) = r.pdf.as_ref().and_then(|x| x.not_archival.as_deref()) {
        // krilla's reason, e.g. a step list over PDF/A's 32,767 bytes in one string.
        notes.push(format!(
            "{}: warning: the PDF is a plain tagged PDF, not archive form (PDF/A-2u), the drawing \
             the same: {}\n",
            shown.display(),
            why.chars().take(200).collect::<String>()
        ));
    }
    notes.extend(small_print(shown, p, r, opts, strict)?);
    Ok(notes)
}

/// The warning a PDF printed small deserves, or, with `--strict`, the
/// error: the smallest size and what would print larger.
fn small_print(
    shown: &Path,
    p: &regflow::model::Process,
    r: &render::Rendered,
    opts: RenderOptions,
    strict: bool,
) -> Result<Vec<String>, String> {
    let Some(printed) = r
        .pdf
        .as_ref()
        .filter(|x| x.smallest_pt < render::pdf::SMALL_PRINT)
    else {
        return Ok(Vec::new());
    };
    let why = print_advice(p, &r.layout, printed, opts);
    if strict {
        return Err(format!("{why} (--strict)"));
    }
    Ok(vec![format!("{}: warning: {why}\n", shown.display())])
}

/// «the PDF's smallest text … prints at 5.2 pt on A4, under 7 pt; the BPMN
/// form prints 7.4 pt; --paper a3 prints 7.3 pt».
fn print_advice(
    p: &regflow::model::Process,
    d: &regflow::layout::Diagram,
    printed: &render::pdf::Printed,
    opts: RenderOptions,
) -> String {
    use render::pdf::{plan, Paper, SMALL_PRINT};
    let pt = printed.smallest_pt;
    let mut fixes = Vec::new();
    let flow = regflow::layout::layout(
        p,
        &regflow::layout::Options {
            lang: opts.lang,
            orientation: Some(Orientation::Bpmn),
        },
    );
    let bpmn = plan(&flow, opts.paper).smallest_pt;
    if printed.form == Orientation::Table && bpmn > pt {
        fixes.push(format!(
            "the BPMN form (--orientation bpmn) prints {bpmn:.1} pt"
        ));
    }
    if opts.paper == Paper::A4 {
        let printed_d = if printed.form == d.orientation {
            d
        } else {
            &flow
        };
        let a3 = plan(printed_d, Paper::A3).smallest_pt;
        fixes.push(format!("--paper a3 prints {a3:.1} pt"));
    }
    let fix = if fixes.is_empty() {
        "fewer lanes side by side, or shorter lane names, would print larger".to_string()
    } else {
        fixes.join("; ")
    };
    format!(
        "the PDF's smallest text (step numbers, durations, labels) prints at {pt:.1} pt on {}, under {SMALL_PRINT} pt; {fix}",
        opts.paper.name()
    )
}

/// An input that is also an output would be lost (an imported X.bpmn
/// rendered into its own folder).
fn replaces_input(input: &Input, path: &Path) -> Result<(), String> {
    let Some(f) = input.path() else { return Ok(()) };
    let same = std::fs::canonicalize(f).ok();
    if same.is_some() && std::fs::canonicalize(path).ok() == same {
        return Err(format!(
            "writing {} would replace the input; choose another output",
            path.display()
        ));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn folder(
    job: &Job,
    input: &Input,
    m: &regflow::model::Loaded,
    stem: &str,
    out: &Path,
    opts: RenderOptions,
    build: &str,
    force: bool,
) -> Result<Done, String> {
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| job.formats.contains(&k.format()))
        .collect();
    let site = site_of(job, m, stem, opts.lang, &kinds);
    // Each language's files, named so that none overwrites another.
    let langs: Vec<Lang> = if site.langs.is_empty() {
        vec![opts.lang]
    } else {
        site.langs.clone()
    };
    let names: Vec<String> = langs
        .iter()
        .flat_map(|l| kinds.iter().map(|k| site.name(*l, k.suffix())))
        .collect();
    let shown = input.shown();
    for n in &names {
        replaces_input(input, &out.join(n))?;
    }
    let key = stamp_key(m, &opts, &kinds, build);
    let stamp_path = out.join(CACHE).join(format!("{stem}.stamp"));
    if !force && is_current(&stamp_path, &key, out, &names) {
        return Ok(Done {
            report: Some(format!(
                "{}: up to date ({})\n",
                shown.display(),
                listed(out, stem, &names)
            )),
            warnings: Vec::new(),
            files: names,
            up_to_date: true,
            timings: Default::default(),
        });
    }
    let mut timings = render::Timings::default();
    let mut first = None;
    let mut warnings = Vec::new();
    for l in &langs {
        let opts = RenderOptions { lang: *l, ..opts };
        let mut r = render::render_site(&m.process, &opts, want(&kinds), &site)
            .map_err(|e| e.to_string())?;
        relaid(input, &mut r, &kinds)?;
        // Too small to print is refused (--strict) before anything is written.
        let small = drawing_notes(shown, &m.process, &r, opts, job.strict)?;
        if first.is_none() {
            warnings = small;
        }
        timings.merge(&r.timings);
        // A language's files are renamed into place together.
        let written = timings.time("write", || -> Result<(), String> {
            let named: Vec<String> = kinds.iter().map(|k| site.name(*l, k.suffix())).collect();
            let files: Vec<(&str, &[u8])> = kinds
                .iter()
                .zip(&named)
                .map(|(k, name)| (name.as_str(), k.bytes(&r)))
                .collect();
            output::write_all_atomic(out, &files)
                .map(|_| ())
                .map_err(|e| format!("cannot write {}: {e}", listed(out, stem, &named)))
        });
        written?;
        first.get_or_insert(r);
    }
    if first.is_none() {
        return Err("no language to render".into());
    }
    if let Err(e) = write_stamp(&stamp_path, key, out, &names) {
        warnings.push(format!(
            "{}: warning: cannot write the up-to-date stamp {} ({e}); the next run renders it again\n",
            shown.display(),
            stamp_path.display()
        ));
    }
    Ok(Done {
        report: Some(format!(
            "{} → {}\n",
            shown.display(),
            listed(out, stem, &names)
        )),
        warnings,
        files: names,
        up_to_date: false,
        timings,
    })
}

/// Where the model's page sits: its files, and its languages: the one
/// asked for, or, without `--lang`, the model's own and the other one too
/// when the model has every text in both.
fn site_of(
    job: &Job,
    m: &regflow::model::Loaded,
    stem: &str,
    lang: Lang,
    kinds: &[Kind],
) -> render::html::Site {
    let p = &m.process;
    let other = match p.lang {
        Lang::Ru => Lang::Kk,
        Lang::Kk => Lang::Ru,
    };
    let langs = if job.lang.is_none() && p.untranslated(other).is_empty() {
        vec![p.lang, other]
    } else {
        vec![lang]
    };
    render::html::Site {
        stem: stem.to_string(),
        default: p.lang,
        langs,
        files: kinds.iter().map(|k| k.suffix()).collect(),
        index: job.paths.iter().any(|p| batch::is_folder(p)),
    }
}

/// «out/X.{svg,png}»
fn listed(out: &Path, stem: &str, names: &[String]) -> String {
    let exts: Vec<&str> = names
        .iter()
        .map(|n| n.get(stem.len() + 1..).unwrap_or(n))
        .collect();
    out.join(format!("{stem}.{{{}}}", exts.join(",")))
        .display()
        .to_string()
}

/// A BPMN input's BPMN output: the input with a new diagram, its
/// semantic part untouched (`regflow layout`), not the model's export.
fn relaid(input: &Input, r: &mut render::Rendered, kinds: &[Kind]) -> Result<(), String> {
    if !kinds.contains(&Kind::Bpmn) {
        return Ok(());
    }
    let (shown, bytes) = match input {
        Input::File(p) if regflow::import::is_bpmn_path(p) => (
            p.display().to_string(),
            std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?,
        ),
        Input::Stdin(t) if t.trim_start().starts_with('<') => {
            (super::input::STDIN_NAME.to_string(), t.as_bytes().to_vec())
        }
        _ => return Ok(()),
    };
    let (out, _) = regflow::relayout::relayout_bytes(&bytes).map_err(|e| format!("{shown}:{e}"))?;
    r.bpmn = out;
    Ok(())
}

fn one_file(
    input: &Input,
    m: &regflow::model::Loaded,
    path: &Path,
    kind: Kind,
    opts: RenderOptions,
    strict: bool,
) -> Result<Done, String> {
    replaces_input(input, path)?;
    let mut r = render::render_only(&m.process, &opts, want(&[kind])).map_err(|e| e.to_string())?;
    relaid(input, &mut r, &[kind])?;
    let warnings = drawing_notes(input.shown(), &m.process, &r, opts, strict)?;
    let mut timings = r.timings.clone();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
        output::clean_stale(dir);
    }
    timings
        .time("write", || output::write_file_atomic(path, kind.bytes(&r)))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Done {
        report: Some(format!(
            "{} → {}\n",
            input.shown().display(),
            path.display()
        )),
        warnings,
        files: Vec::new(),
        up_to_date: false,
        timings,
    })
}

fn to_stdout(
    input: &Input,
    m: &regflow::model::Loaded,
    kind: Kind,
    opts: RenderOptions,
    strict: bool,
) -> Result<Done, String> {
    let mut r = render::render_only(&m.process, &opts, want(&[kind])).map_err(|e| e.to_string())?;
    relaid(input, &mut r, &[kind])?;
    let warnings = drawing_notes(
        Path::new(super::input::STDIN_NAME),
        &m.process,
        &r,
        opts,
        strict,
    )?;
    let mut out = std::io::stdout().lock();
    match out.write_all(kind.bytes(&r)).and_then(|_| out.flush()) {
        Ok(()) => {}
        // The reader stopped reading (`| head`): its choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(format!("cannot write to standard output: {e}")),
    }
    Ok(Done {
        report: None,
        warnings,
        files: Vec::new(),
        up_to_date: false,
        timings: r.timings,
    })
}

/// The hidden folder of the output folder that holds the stamps; it is not
/// part of the gallery (`.gitignore`, and CI's comparison, leave it out).
pub const CACHE: &str = ".regflow-cache";

/// The regflow that renders: its version, and the size and time of its
/// binary, so that a rebuilt development binary (same version, new layout
/// code) never trusts the stamps of the one before.
fn binary_identity() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| format!("{} {}", m.len(), mtime(&m)))
        .unwrap_or_else(|| "unknown binary".into());
    format!("regflow {} {exe}", env!("CARGO_PKG_VERSION"))
}

fn stamp_key(
    m: &regflow::model::Loaded,
    opts: &RenderOptions,
    kinds: &[Kind],
    build: &str,
) -> String {
    // SOURCE_DATE_EPOCH sets the PDF's date, so it is one of the settings.
    let epoch = std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default();
    let settings = format!("{opts:?} {kinds:?} {epoch}");
    // A reference step's time comes from the model it names.
    let refs: Vec<Vec<u8>> = regflow::check::referenced_files(m)
        .iter()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .collect();
    stamp::key(
        [build.as_bytes(), settings.as_bytes(), m.src.as_bytes()]
            .into_iter()
            .chain(refs.iter().map(Vec::as_slice)),
    )
}

fn mtime(m: &std::fs::Metadata) -> i128 {
    match m.modified() {
        Ok(t) => match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        },
        Err(_) => 0,
    }
}

/// Whether the stamp says these outputs were made from this key, and every
/// one is still there as it was written.
fn is_current(stamp_path: &Path, key: &str, out: &Path, names: &[String]) -> bool {
    let Some(s) = std::fs::read_to_string(stamp_path)
        .ok()
        .and_then(|t| stamp::Stamp::parse(&t))
    else {
        return false;
    };
    s.key == key
        && s.files.len() == names.len()
        && s.files.iter().zip(names).all(|((name, len, time), want)| {
            name == want
                && std::fs::metadata(out.join(name))
                    .is_ok_and(|m| m.is_file() && m.len() == *len && mtime(&m) == *time)
        })
}

fn write_stamp(
    stamp_path: &Path,
    key: String,
    out: &Path,
    names: &[String],
) -> std::io::Result<()> {
    let mut files = Vec::new();
    for n in names {
        let m = std::fs::metadata(out.join(n))?;
        files.push((n.clone(), m.len(), mtime(&m)));
    }
    let dir = out.join(CACHE);
    std::fs::create_dir_all(&dir)?;
    let name = stamp_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    output::write_atomic(
        &dir,
        &name,
        stamp::Stamp { key, files }.to_text().as_bytes(),
    )?;
    Ok(())
}

/// A folder rendered gets an index of what it holds; rewritten only when
/// it changes.
fn index(out: &Path, entries: &[render::index::Entry], v: Verbosity) -> Result<(), String> {
    let mut index = vec![
        ("index.html", render::index::html(entries, Lang::Ru)),
        ("README.md", render::index::markdown(entries)),
    ];
    // The Kazakh pages link to an index in Kazakh.
    if render::index::has_lang(entries, Lang::Kk) {
        index.push((
            render::html::index_name(Lang::Kk),
            render::index::html(entries, Lang::Kk),
        ));
    }
    for (name, text) in &index {
        if std::fs::read(out.join(name)).ok().as_deref() == Some(text.as_bytes()) {
            continue;
        }
        output::write_atomic(out, name, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))?;
    }
    if v > Verbosity::Quiet {
        crate::cli::stdout::say!(
            "{}/index.html, {}/README.md: the index of {} model(s)",
            out.display(),
            out.display(),
            entries.len()
        );
    }
    Ok(())
}
