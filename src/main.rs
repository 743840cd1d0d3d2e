//! The regflow command line: a thin shell over the library.

mod cli;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use cli::batch::{Settings, Verbosity};
use cli::render::{Format, Job, Target};
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
    /// Lay out and draw models: SVG, PNG, PDF, BPMN, HTML and the legend of each.
    Render {
        /// Model files or folders of models; `-` reads one model (RON, or
        /// BPMN XML) from standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where to write: a folder (created if missing; an existing folder
        /// or a name ending in `/`); one file whose extension names the
        /// format (`x.svg`, `x.png`, `x.pdf`, `x.bpmn`, `x.html`,
        /// `x.legend.svg`); or `-` for standard output (one format, SVG
        /// unless --format says otherwise).
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
        /// What to write, as a comma list [default: svg,png,bpmn,legend,html,pdf].
        #[arg(long, value_enum, value_delimiter = ',')]
        format: Option<Vec<Format>>,
        /// Render even the models whose outputs are current (same model,
        /// options and regflow build).
        #[arg(long)]
        force: bool,
        /// Keep running, and render a model again whenever it is saved (and
        /// a folder's new models); stop with Ctrl-C.
        #[arg(long)]
        watch: bool,
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Build the static website of a folder of models: an index grouped by
    /// regulation, one page per service with every variant's diagram,
    /// legend and step table, Kazakh pages where the models have Kazakh,
    /// and each variant's PDF, PNG, SVG and BPMN to download.
    Site {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The site folder (created if missing).
        #[arg(short, long, default_value = "site")]
        output: PathBuf,
        /// table: lanes as columns, flow down (the Справочник); bpmn: lanes as rows, flow right.
        #[arg(long, value_enum)]
        orientation: Option<OrientationArg>,
        /// PNG resolution; 96 is one pixel per SVG unit, 300 for print.
        #[arg(long, default_value_t = 192.0, value_parser = parse_dpi)]
        dpi: f64,
        /// The PDF's paper.
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// Treat text printing under 7 pt in the PDF as an error, not a warning.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        batch: BatchArgs,
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
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Turn BPMN 2.0 XML from another tool into a model (what the model
    /// cannot say is reported and kept as notes), or the text of a
    /// regulation (.txt, .md) into draft models, one per variant, written
    /// into the folder `-o`. `--score MODELS DRAFTS` compares drafts with
    /// hand-checked models.
    Import {
        /// The BPMN file or the regulation's text; with --score, the folder
        /// of hand-checked models.
        input: PathBuf,
        /// With --score: the folder of drafts.
        drafts: Option<PathBuf>,
        /// The model file to write (default: the model on standard output);
        /// for a text, the folder of drafts (default: drafts/).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print precision and recall of drafts against models.
        #[arg(long)]
        score: bool,
        /// With --score: also list, per model, what its draft missed and
        /// what it added, each with the source line.
        #[arg(long, requires = "score")]
        misses: bool,
    },
    /// Lay a BPMN file out anew: the output is the input, byte for byte,
    /// with a new diagram (`bpmndi:BPMNDiagram`) in place of the old one.
    Layout {
        /// The BPMN file.
        input: PathBuf,
        /// The BPMN file to write (default: standard output).
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
    /// Print a completion script for a shell, e.g.
    /// `regflow completions bash > /etc/bash_completion.d/regflow`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `regflow man | man -l -`, or
    /// the page of one command (`regflow man render`: regflow-render(1)).
    Man {
        /// The command whose page to print (default: regflow(1)).
        command: Option<String>,
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

/// How a batch runs and what it says.
#[derive(Args)]
struct BatchArgs {
    /// Models rendered at once [default: one per core].
    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Print only problems (errors and warnings).
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each stage took, per model and in all.
    #[arg(short, long)]
    verbose: bool,
}

impl BatchArgs {
    fn settings(&self) -> Settings {
        Settings {
            jobs: self.jobs.map_or(0, usize::from),
            verbosity: if self.quiet {
                Verbosity::Quiet
            } else if self.verbose {
                Verbosity::Verbose
            } else {
                Verbosity::Normal
            },
            summary: true,
            report_current: true,
        }
    }
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

fn to_paper(p: PaperArg) -> render::Paper {
    match p {
        PaperArg::A4 => render::Paper::A4,
        PaperArg::A3 => render::Paper::A3,
    }
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
        Command::Site {
            paths,
            output,
            orientation,
            dpi,
            paper,
            strict,
            batch,
        } => cli::site::run(
            &cli::site::SiteJob {
                paths,
                out: output,
                opts: RenderOptions {
                    lang: Lang::Ru,
                    orientation: orientation.map(to_orientation),
                    text: TextOutput::Embedded,
                    dpi,
                    paper: to_paper(paper),
                    legend_below: false,
                    legend_used: false,
                },
                strict,
            },
            &batch.settings(),
        ),
        Command::Import {
            input,
            drafts,
            output,
            score,
            misses,
        } => {
            if score {
                cli::text_import::run_score(&input, drafts.as_deref(), misses)
            } else if cli::text_import::is_text(&input) {
                cli::text_import::run(&input, output.as_deref())
            } else {
                run_import(&input, output.as_deref())
            }
        }
        Command::Layout { input, output } => run_layout(&input, output.as_deref()),
        Command::Table {
            paths,
            output,
            lang,
            batch,
        } => run_table(&paths, &output, lang.map(to_lang), &batch.settings()),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "regflow", &mut script);
            cli::stdout::write(&script);
            ExitCode::SUCCESS
        }
        Command::Man { command } => run_man(command.as_deref()),
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
                    crate::cli::stdout::say!("{}", path.display());
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
            force,
            watch,
            batch,
        } => {
            let target = match Target::of(&output, format.as_deref()) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let job = Job {
                paths,
                target,
                lang: lang.map(to_lang),
                opts: RenderOptions {
                    lang: Lang::Ru,
                    orientation: orientation.map(to_orientation),
                    text: match text {
                        TextArg::Embedded => TextOutput::Embedded,
                        TextArg::Paths => TextOutput::Paths,
                    },
                    dpi,
                    paper: to_paper(paper),
                    legend_below,
                    legend_used,
                },
                formats: format.unwrap_or_else(|| cli::render::ALL_FORMATS.to_vec()),
                force,
                strict,
            };
            if watch {
                cli::watch::run(&job, &batch.settings())
            } else {
                cli::render::run(&job, &batch.settings())
            }
        }
    }
}

/// The manual page of regflow, or of one of its commands, from the same
/// clap definitions as `--help`.
fn run_man(command: Option<&str>) -> ExitCode {
    let top = Cli::command();
    let page = match command {
        None => top,
        Some(name) => match top.find_subcommand(name) {
            Some(sub) => sub.clone().name(format!("regflow-{name}")),
            None => {
                let names: Vec<String> = top
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .collect();
                eprintln!(
                    "error: no command `{name}`; the pages are regflow and regflow-{}",
                    names.join(", regflow-")
                );
                return ExitCode::from(2);
            }
        },
    };
    let mut text = Vec::new();
    match clap_mangen::Man::new(page).render(&mut text) {
        Ok(()) => {
            cli::stdout::write(&text);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the manual page: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_check(paths: &[PathBuf]) -> ExitCode {
    use std::io::Write as _;
    let Ok(files) = cli::batch::collect(paths) else {
        return ExitCode::from(2);
    };
    let (mut errors, mut warnings, mut bad) = (0, 0, 0);
    // A reader that stops reading (`regflow check … | head -1`) ends the
    // run quietly, with the status of what was checked so far; println!
    // would panic on the closed pipe.
    let mut out = std::io::stdout().lock();
    macro_rules! say {
        ($($arg:tt)*) => {
            if let Err(e) = writeln!(out, $($arg)*) {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    return if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS };
                }
                eprintln!("error: cannot write to standard output: {e}");
                return ExitCode::from(2);
            }
        };
    }
    for input in &files {
        let f = input.shown();
        let c = input.check();
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
            say!("{}: FAILED", f.display());
        } else if let (Some(m), Some(t)) = (&c.loaded, &c.term) {
            say!(
                "{}: ok; {}",
                f.display(),
                check::describe_term(m, t, m.process.lang)
            );
        } else {
            say!("{}: ok", f.display());
        }
    }
    say!(
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

/// `regflow layout`: exit 0 written, 1 the file cannot be laid out, 2 no such file.
fn run_layout(input: &std::path::Path, out: Option<&std::path::Path>) -> ExitCode {
    let bytes = match std::fs::read(input) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {}: {e}", input.display());
            return ExitCode::from(2);
        }
    };
    let (laid, drawn) = match regflow::relayout::relayout_bytes(&bytes) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{}:{e}", input.display());
            return ExitCode::from(1);
        }
    };
    for s in &drawn.skipped {
        eprintln!("{}: warning: {s}", input.display());
    }
    match out {
        None => {
            use std::io::Write;
            let mut o = std::io::stdout().lock();
            if o.write_all(laid.as_bytes())
                .and_then(|_| o.flush())
                .is_err()
            {
                return ExitCode::from(1);
            }
        }
        Some(path) => {
            if let Err(e) = output::write_file_atomic(path, laid.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(1);
            }
            eprintln!(
                "{} → {}: {} shape(s), {} edge(s) on {} plane(s)",
                input.display(),
                path.display(),
                drawn.shapes,
                drawn.edges,
                drawn.planes
            );
        }
    }
    ExitCode::SUCCESS
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
        None => cli::stdout::write(text.as_bytes()),
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
                Ok(p) => crate::cli::stdout::say!(
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
    let Ok(files) = cli::batch::collect(paths) else {
        return ExitCode::from(2);
    };
    crate::cli::stdout::say!("model\toverlaps\tthrough\toutside\tlabels\tcrossings\tedge_overlaps\tarrowheads\tbends\tlength\tarea\tcompactness\toff_corner\tlabels_astray");
    let mut bad = 0;
    for input in &files {
        if cli::stdout::closed() {
            break;
        }
        let f = input.shown();
        // The same reading as check and render, so .bpmn files work too.
        let c = input.check();
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
        crate::cli::stdout::say!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.0}\t{:.0}\t{:.3}\t{}\t{}",
            f.display(),
            x.overlapping_shapes,
            x.edges_through_shapes,
            x.nodes_outside_lane,
            x.label_overlaps,
            x.edge_crossings,
            x.edge_overlaps,
            x.max_arrowheads,
            x.bends,
            x.edge_length,
            x.area,
            x.compactness,
            x.outcomes_off_corner,
            x.labels_astray
        );
        if verbose {
            for s in metrics::defect_list(&d) {
                crate::cli::stdout::say!("  {s}");
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

fn run_table(
    paths: &[PathBuf],
    out: &std::path::Path,
    lang: Option<Lang>,
    settings: &Settings,
) -> ExitCode {
    let Ok(inputs) = cli::batch::collect(paths) else {
        return ExitCode::from(2);
    };
    if cli::batch::distinct_outputs(&inputs, out).is_err() {
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!(
            "error: cannot create the output folder {}: {e}",
            out.display()
        );
        return ExitCode::from(2);
    }
    let summary = cli::batch::run(&inputs, settings, "tabulated", |input, c, stem| {
        let Some(m) = &c.loaded else {
            return Err("the model did not load".into());
        };
        let lang = lang.unwrap_or(m.process.lang);
        let files = [
            (
                format!("{stem}.table.md"),
                render::table::markdown(&m.process, lang),
            ),
            (
                format!("{stem}.table.html"),
                render::table::html(&m.process, lang),
            ),
        ];
        for (name, text) in &files {
            output::write_atomic(out, name, text.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))?;
        }
        Ok(cli::batch::Done {
            report: Some(format!(
                "{} → {}/{stem}.{{table.md,table.html}}\n",
                input.shown().display(),
                out.display()
            )),
            warnings: Vec::new(),
            files: files.into_iter().map(|(n, _)| n).collect(),
            up_to_date: false,
            timings: Default::default(),
        })
    });
    if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
