//! The regflow command line: a thin shell over the library.

use clap::{Parser, Subcommand, ValueEnum};
use regflow::model::{Lang, Orientation};
use regflow::render::{self, RenderOptions, TextOutput};
use regflow::{check, output};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "regflow",
    version,
    about = "Swimlane diagrams (Справочник бизнес-процессов) from RON process models"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate models; print every problem and each model's term.
    Check {
        /// Model files or folders of models.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Lay out and draw models: SVG, PNG, BPMN and the legend of each.
    Render {
        /// Model files or folders of models.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The output folder (created if missing).
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// The language of the drawing (default: the model's).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// table: lanes as columns, flow down (the Справочник); bpmn: lanes as rows, flow right.
        #[arg(long, value_enum)]
        orientation: Option<OrientationArg>,
        /// How text is written into the SVG.
        #[arg(long, value_enum, default_value = "embedded")]
        text: TextArg,
        /// PNG resolution; 96 is one pixel per SVG unit, 300 for print.
        #[arg(long, default_value_t = 192.0, value_parser = parse_dpi)]
        dpi: f64,
        /// The PDF's paper; A3 prints a wide diagram larger.
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// Treat text printing under 7 pt in the PDF as an error, not a warning.
        #[arg(long)]
        strict: bool,
        /// Also draw the legend under the diagram.
        #[arg(long)]
        legend_below: bool,
        /// Show only the legend symbols the diagram uses (by default the
        /// legend is the regulation's fixed list).
        #[arg(long)]
        legend_used: bool,
        /// What to write, as a comma list.
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "svg,png,bpmn,legend,html,pdf"
        )]
        format: Vec<FormatArg>,
    },
    /// Write each model's action table (№, СФЕ/ИС, action, completion form,
    /// time limit, next action) as Markdown and HTML.
    Table {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The output folder (created if missing).
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// The language of the table (default: the model's).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Turn BPMN 2.0 XML from another tool into a model; what the model
    /// cannot say is reported (and kept as notes in the model).
    Import {
        /// The BPMN file.
        input: PathBuf,
        /// The model file to write (default: the model on standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the layout figures of models: overlaps, crossings, bends, area.
    Metrics {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum)]
        orientation: Option<OrientationArg>,
        /// List every defect found.
        #[arg(long)]
        verbose: bool,
    },
    /// Write a random valid model (for tests and benchmarks).
    Generate {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 50)]
        nodes: usize,
        #[arg(long, default_value_t = 5)]
        lanes: usize,
        #[arg(long, default_value_t = 80)]
        max_label: usize,
        /// Percent of blocks that are rework loops.
        #[arg(long, default_value_t = 5)]
        loops: u64,
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Ru,
    Kk,
}

#[derive(Clone, Copy, ValueEnum)]
enum OrientationArg {
    Table,
    Bpmn,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum FormatArg {
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

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    A3,
}

#[derive(Clone, Copy, ValueEnum)]
enum TextArg {
    Embedded,
    Paths,
}

/// Why the PDF's text prints small and what would print it larger.
fn small_print(
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

fn parse_dpi(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (24.0..=1200.0).contains(&v) {
        Ok(v)
    } else {
        Err("choose a resolution between 24 and 1200 dpi".into())
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check { paths } => run_check(&paths),
        Command::Import { input, output } => run_import(&input, output.as_deref()),
        Command::Table {
            paths,
            output,
            lang,
        } => run_table(&paths, &output, lang.map(to_lang)),
        Command::Metrics {
            paths,
            orientation,
            verbose,
        } => run_metrics(&paths, orientation.map(to_orientation), verbose),
        Command::Generate {
            seed,
            nodes,
            lanes,
            max_label,
            loops,
            output,
        } => {
            let p = regflow::generate::process(regflow::generate::Spec {
                seed,
                nodes,
                lanes,
                max_label,
                loops_percent: loops,
            });
            let text = match ron::ser::to_string_pretty(
                &p,
                ron::ser::PrettyConfig::default().struct_names(true),
            ) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            };
            let dir = output
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let name = output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "generated.ron".into());
            match output::write_atomic(dir, &name, text.as_bytes()) {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", output.display());
                    ExitCode::from(1)
                }
            }
        }
        Command::Render {
            paths,
            output,
            lang,
            orientation,
            text,
            dpi,
            paper,
            strict,
            legend_below,
            legend_used,
            format,
        } => {
            let opts = RenderOptions {
                lang: Lang::Ru,
                orientation: orientation.map(to_orientation),
                text: match text {
                    TextArg::Embedded => TextOutput::Embedded,
                    TextArg::Paths => TextOutput::Paths,
                },
                dpi,
                paper: match paper {
                    PaperArg::A4 => render::Paper::A4,
                    PaperArg::A3 => render::Paper::A3,
                },
                legend_below,
                legend_used,
            };
            let lang = lang.map(|l| match l {
                LangArg::Ru => Lang::Ru,
                LangArg::Kk => Lang::Kk,
            });
            run_render(&paths, &output, lang, opts, &format, strict)
        }
    }
}

fn run_check(paths: &[PathBuf]) -> ExitCode {
    let mut files = Vec::new();
    for p in paths {
        match check::model_files(p) {
            Ok(f) => files.extend(f),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if files.is_empty() {
        eprintln!(
            "error: no .ron model files in {} (a .bpmn file is imported when named itself)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::from(2);
    }
    let (mut errors, mut warnings, mut bad) = (0, 0, 0);
    for f in &files {
        let c = check::check_file(f);
        for d in &c.diagnostics {
            eprint!("{d}");
            if d.is_error() {
                errors += 1
            } else {
                warnings += 1
            }
        }
        if c.has_errors() {
            bad += 1;
            println!("{}: FAILED", f.display());
        } else if let (Some(m), Some(t)) = (&c.loaded, &c.term) {
            println!(
                "{}: ok; {}",
                f.display(),
                check::describe_term(m, t, m.process.lang)
            );
        } else {
            println!("{}: ok", f.display());
        }
    }
    println!(
        "{} model(s): {} with errors; {errors} error(s), {warnings} warning(s)",
        files.len(),
        bad
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ExitCode> {
    let mut files = Vec::new();
    for p in paths {
        match check::model_files(p) {
            Ok(f) => files.extend(f),
            Err(e) => {
                eprintln!("error: {e}");
                return Err(ExitCode::from(2));
            }
        }
    }
    if files.is_empty() {
        eprintln!(
            "error: no .ron model files in {} (a .bpmn file is imported when named itself)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Err(ExitCode::from(2));
    }
    Ok(files)
}

fn run_render(
    paths: &[PathBuf],
    out: &std::path::Path,
    lang: Option<Lang>,
    mut opts: RenderOptions,
    formats: &[FormatArg],
    strict: bool,
) -> ExitCode {
    let mut entries = Vec::new();
    let code = batch(paths, out, "rendered", &mut entries, |f, m, stem| {
        opts.lang = lang.unwrap_or(m.process.lang);
        let want = render::Outputs {
            svg: formats.contains(&FormatArg::Svg),
            png: formats.contains(&FormatArg::Png),
            bpmn: formats.contains(&FormatArg::Bpmn),
            legend: formats.contains(&FormatArg::Legend),
            html: formats.contains(&FormatArg::Html),
            pdf: formats.contains(&FormatArg::Pdf),
        };
        let r = render::render_only(&m.process, &opts, want).map_err(|e| e.to_string())?;
        let files = [
            (FormatArg::Svg, format!("{stem}.svg"), r.svg.as_bytes()),
            (FormatArg::Png, format!("{stem}.png"), &r.png[..]),
            (FormatArg::Bpmn, format!("{stem}.bpmn"), r.bpmn.as_bytes()),
            (FormatArg::Html, format!("{stem}.html"), r.html.as_bytes()),
            (
                FormatArg::Pdf,
                format!("{stem}.pdf"),
                r.pdf.as_ref().map_or(&[][..], |x| &x.bytes[..]),
            ),
            (
                FormatArg::Legend,
                format!("{stem}.legend.svg"),
                r.legend_svg.as_bytes(),
            ),
            (
                FormatArg::Legend,
                format!("{stem}.legend.png"),
                &r.legend_png[..],
            ),
        ];
        // An imported X.bpmn must not be replaced by its re-export.
        let input = std::fs::canonicalize(f).ok();
        if let Some((_, name, _)) = files.iter().find(|(fmt, name, _)| {
            formats.contains(fmt)
                && input.is_some()
                && std::fs::canonicalize(out.join(name)).ok() == input
        }) {
            return Err(format!(
                "writing {} would replace the input; choose another output folder",
                out.join(name).display()
            ));
        }
        let chosen: Vec<(String, &[u8])> = files
            .into_iter()
            .filter(|(f, ..)| formats.contains(f))
            .map(|(_, n, b)| (n, b))
            .collect();
        let small = r
            .pdf
            .as_ref()
            .filter(|x| x.smallest_pt < render::pdf::SMALL_PRINT)
            .map(|x| small_print(&m.process, &r.layout, x, opts));
        if let (Some(why), true) = (&small, strict) {
            return Err(format!("{why} (--strict)"));
        }
        let written = write_all(out, &chosen)?;
        if let Some(why) = small {
            eprintln!("{}: warning: {why}", f.display());
        }
        Ok(written)
    });
    // A folder rendered gets an index of what it holds.
    if paths.iter().any(|p| p.is_dir()) && !entries.is_empty() {
        let index = [
            ("index.html".to_string(), render::index::html(&entries)),
            ("README.md".to_string(), render::index::markdown(&entries)),
        ];
        for (name, text) in &index {
            if let Err(e) = output::write_atomic(out, name, text.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", out.join(name).display());
                return ExitCode::from(1);
            }
        }
        println!(
            "{}/index.html, {}/README.md: the index of {} model(s)",
            out.display(),
            out.display(),
            entries.len()
        );
    }
    code
}

/// Writes each (name, bytes) into `out`; the names written, for the report.
fn write_all(out: &std::path::Path, files: &[(String, &[u8])]) -> Result<Vec<String>, String> {
    files
        .iter()
        .map(|(name, bytes)| {
            output::write_atomic(out, name, bytes)
                .map(|_| name.clone())
                .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))
        })
        .collect()
}

/// Runs `each` on every valid model the paths stand for, writing into
/// `out`: models with errors are reported and skipped, and the batch goes
/// on; the exit status is 1 if any model failed.
fn batch(
    paths: &[PathBuf],
    out: &std::path::Path,
    done: &str,
    entries: &mut Vec<render::index::Entry>,
    mut each: impl FnMut(&std::path::Path, &regflow::model::Loaded, &str) -> Result<Vec<String>, String>,
) -> ExitCode {
    let files = match collect(paths) {
        Ok(f) => f,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!(
            "error: cannot create the output folder {}: {e}",
            out.display()
        );
        return ExitCode::from(2);
    }
    let mut failed = 0;
    for f in &files {
        let c = check::check_file(f);
        for d in &c.diagnostics {
            eprint!("{d}");
        }
        let Some(m) = c.loaded.as_ref().filter(|_| !c.has_errors()) else {
            eprintln!("{}: skipped (fix the errors above)", f.display());
            failed += 1;
            continue;
        };
        let stem = output::safe_stem(
            &f.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        match each(f, m, &stem) {
            Ok(names) => {
                entries.push(render::index::Entry {
                    stem: stem.clone(),
                    process: m.process.clone(),
                    term: c.term.clone(),
                    files: names.clone(),
                });
                let exts: Vec<&str> = names
                    .iter()
                    .map(|n| n.get(stem.len() + 1..).unwrap_or(n))
                    .collect();
                println!(
                    "{} → {}/{stem}.{{{}}}",
                    f.display(),
                    out.display(),
                    exts.join(",")
                );
            }
            Err(e) => {
                eprintln!("{}: error: {e}", f.display());
                failed += 1;
            }
        }
    }
    println!("{} model(s) {done}, {failed} failed", files.len() - failed);
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_import(input: &std::path::Path, out: Option<&std::path::Path>) -> ExitCode {
    if !input.is_file() {
        eprintln!("error: {}: no such file", input.display());
        return ExitCode::from(2);
    }
    let imported = match regflow::import::import_file(input) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{}: error: {e}", input.display());
            return ExitCode::from(1);
        }
    };
    for n in &imported.notes {
        eprintln!("{}: warning: {n}", input.display());
    }
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let heading = format!(
        "Imported by regflow import from {name}; {} element(s) not represented as they were: see notes.",
        imported.notes.len()
    );
    let text = match regflow::import::to_ron(&imported.process, &heading) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    // The model as a user would load it: the import must give a valid one.
    let shown = out.unwrap_or(std::path::Path::new("imported.ron"));
    let errors = match regflow::model::load_str(shown, &text) {
        Ok(m) => regflow::model::validate(&m)
            .into_iter()
            .filter(|d| d.is_error())
            .inspect(|d| eprint!("{d}"))
            .count(),
        Err(ds) => {
            ds.iter().for_each(|d| eprint!("{d}"));
            ds.len()
        }
    };
    match out {
        None => print!("{text}"),
        Some(path) => {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "imported.ron".into());
            let written = std::fs::create_dir_all(dir)
                .and_then(|_| output::write_atomic(dir, &file, text.as_bytes()));
            match written {
                Ok(p) => println!(
                    "{} → {} ({} lane(s), {} node(s), {} note(s))",
                    input.display(),
                    p.display(),
                    imported.process.lanes.len(),
                    imported.process.nodes.len(),
                    imported.notes.len()
                ),
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return ExitCode::from(1);
                }
            }
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn to_orientation(o: OrientationArg) -> Orientation {
    match o {
        OrientationArg::Table => Orientation::Table,
        OrientationArg::Bpmn => Orientation::Bpmn,
    }
}

fn run_metrics(paths: &[PathBuf], orientation: Option<Orientation>, verbose: bool) -> ExitCode {
    use regflow::layout::{self, metrics};
    let files = match collect(paths) {
        Ok(f) => f,
        Err(code) => return code,
    };
    println!("model\toverlaps\tthrough\toutside\tlabels\tcrossings\tedge_overlaps\tbends\tlength\tarea\tcompactness");
    let mut bad = 0;
    for f in &files {
        // The same reading as check and render, so .bpmn files work too.
        let c = check::check_file(f);
        let Some(m) = c.loaded else {
            c.diagnostics.iter().for_each(|d| eprint!("{d}"));
            bad += 1;
            continue;
        };
        let d = layout::layout(
            &m.process,
            &layout::Options {
                lang: m.process.lang,
                orientation,
            },
        );
        let x = metrics::measure(&d);
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.0}\t{:.0}\t{:.3}",
            f.display(),
            x.overlapping_shapes,
            x.edges_through_shapes,
            x.nodes_outside_lane,
            x.label_overlaps,
            x.edge_crossings,
            x.edge_overlaps,
            x.bends,
            x.edge_length,
            x.area,
            x.compactness
        );
        if verbose {
            for s in metrics::defect_list(&d) {
                println!("  {s}");
            }
        }
    }
    if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn to_lang(l: LangArg) -> Lang {
    match l {
        LangArg::Ru => Lang::Ru,
        LangArg::Kk => Lang::Kk,
    }
}

fn run_table(paths: &[PathBuf], out: &std::path::Path, lang: Option<Lang>) -> ExitCode {
    batch(paths, out, "tabulated", &mut Vec::new(), |_, m, stem| {
        let lang = lang.unwrap_or(m.process.lang);
        let md = render::table::markdown(&m.process, lang);
        let html = render::table::html(&m.process, lang);
        write_all(
            out,
            &[
                (format!("{stem}.table.md"), md.as_bytes()),
                (format!("{stem}.table.html"), html.as_bytes()),
            ],
        )
    })
}
