//! Running one piece of work over many models: in parallel on a rayon pool,
//! with every model's messages printed whole and in input order, and a
//! progress bar when standard error is a terminal.

use super::input::Input;
use regflow::check::{self, Checked};
use regflow::render::{self, Timings};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// How much the batch says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Only problems: diagnostics, warnings, failures.
    Quiet,
    Normal,
    /// Also the time of every stage, per model and for the batch.
    Verbose,
}

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Worker threads; 0 for one per core.
    pub jobs: usize,
    pub verbosity: Verbosity,
    /// Print the closing count ("N model(s) rendered, …"); off when standard
    /// output carries a file.
    pub summary: bool,
    /// Say so for a model whose outputs were current (off in watch mode,
    /// where only what changed is news).
    pub report_current: bool,
}

/// What the work did with one valid model.
pub struct Done {
    /// The line on standard output saying what was written (none when
    /// standard output is the file itself).
    pub report: Option<String>,
    /// Warnings for standard error, already located.
    pub warnings: Vec<String>,
    /// The names written (or found current) in the output folder, for the index.
    pub files: Vec<String>,
    /// The outputs were current, nothing was rendered.
    pub up_to_date: bool,
    pub timings: Timings,
}

/// One line of a model's messages.
enum Line {
    Out(String),
    Err(String),
}

/// Everything one model printed, and what it gave.
struct Outcome {
    lines: Vec<Line>,
    failed: bool,
    up_to_date: bool,
    entry: Option<render::index::Entry>,
    timings: Timings,
}

/// What a batch gave: the index entries of the models it rendered, in
/// input order, and whether any failed.
pub struct Summary {
    pub entries: Vec<render::index::Entry>,
    pub failed: usize,
}

/// Runs `each` on every valid model of `inputs`, on `settings.jobs`
/// threads. Models with errors are reported and counted as failed, and the
/// batch goes on. `done` names what happened in the closing count
/// ("rendered", "tabulated").
pub fn run<F>(inputs: &[Input], settings: &Settings, done: &str, each: F) -> Summary
where
    F: Fn(&Input, &Checked, &str) -> Result<Done, String> + Sync,
{
    let started = Instant::now();
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build()
    {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!("warning: cannot start worker threads ({e}); rendering on this one");
            None
        }
    };
    let mut printer = Printer::new(inputs.len(), settings.verbosity);
    let mut slots: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut next = 0;
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(inputs.len());
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Outcome)>();
    let one = |i: usize| (i, model(&inputs[i], settings, &each));
    std::thread::scope(|s| {
        s.spawn(move || match &pool {
            Some(pool) => pool.install(|| {
                use rayon::prelude::*;
                // Largest first, each thread taking the next when it is
                // free: a big model left to the end would keep one core
                // busy while the others wait.
                let mut order: Vec<usize> = (0..inputs.len()).collect();
                order.sort_by_key(|&i| std::cmp::Reverse(inputs[i].size()));
                order.into_iter().par_bridge().for_each_with(tx, |tx, i| {
                    let _ = tx.send(one(i));
                })
            }),
            None => (0..inputs.len()).for_each(|i| {
                let _ = tx.send(one(i));
            }),
        });
        // Models finish in any order; each is printed when all before it are.
        for (i, o) in rx {
            printer.finished(&o);
            slots.insert(i, o);
            while let Some(o) = slots.remove(&next) {
                printer.model(&o);
                outcomes.push(o);
                next += 1;
            }
        }
    });
    printer.finish();
    let failed = outcomes.iter().filter(|o| o.failed).count();
    let up_to_date = outcomes.iter().filter(|o| o.up_to_date).count();
    if settings.verbosity == Verbosity::Verbose {
        let mut total = Timings::default();
        outcomes.iter().for_each(|o| total.merge(&o.timings));
        crate::cli::stdout::say!(
            "time per stage, all models (summed over threads): {}",
            stages(&total)
        );
        crate::cli::stdout::say!(
            "wall time {} on {} thread(s)",
            ms(started.elapsed()),
            if settings.jobs == 0 {
                rayon::current_num_threads()
            } else {
                settings.jobs
            }
        );
    }
    if settings.summary && settings.verbosity > Verbosity::Quiet {
        let current = if up_to_date > 0 {
            format!(", {up_to_date} up to date")
        } else {
            String::new()
        };
        crate::cli::stdout::say!(
            "{} model(s) {done}{current}, {failed} failed",
            inputs.len() - failed - up_to_date
        );
    }
    Summary {
        entries: outcomes.into_iter().filter_map(|o| o.entry).collect(),
        failed,
    }
}

/// Checks one model and, when it is valid, runs the work on it; every
/// message is kept to be printed later, in order.
fn model<F>(input: &Input, settings: &Settings, each: &F) -> Outcome
where
    F: Fn(&Input, &Checked, &str) -> Result<Done, String>,
{
    let mut timings = Timings::default();
    let c = timings.time("check", || input.check());
    let mut lines: Vec<Line> = c
        .diagnostics
        .iter()
        .map(|d| Line::Err(d.to_string()))
        .collect();
    let shown = input.shown();
    let Some(m) = c.loaded.as_ref().filter(|_| !c.has_errors()) else {
        lines.push(Line::Err(format!(
            "{}: skipped (fix the errors above)\n",
            shown.display()
        )));
        return Outcome {
            lines,
            failed: true,
            up_to_date: false,
            entry: None,
            timings,
        };
    };
    let stem = input.stem();
    match each(input, &c, &stem) {
        Ok(done) => {
            timings.merge(&done.timings);
            lines.extend(done.warnings.into_iter().map(Line::Err));
            let said = settings.verbosity > Verbosity::Quiet
                && (settings.report_current || !done.up_to_date);
            if let Some(r) = done.report.filter(|_| said) {
                lines.push(Line::Out(r));
            }
            if settings.verbosity == Verbosity::Verbose && !done.up_to_date {
                lines.push(Line::Out(format!("  {}\n", stages(&timings))));
            }
            Outcome {
                lines,
                failed: false,
                up_to_date: done.up_to_date,
                entry: (!done.files.is_empty()).then(|| render::index::Entry {
                    stem: stem.clone(),
                    process: m.process.clone(),
                    term: c.term.clone(),
                    files: done.files,
                    pages: Vec::new(),
                }),
                timings,
            }
        }
        Err(e) => {
            lines.push(Line::Err(format!("{}: error: {e}\n", shown.display())));
            Outcome {
                lines,
                failed: true,
                up_to_date: false,
                entry: None,
                timings,
            }
        }
    }
}

/// «layout 12 ms, svg 3 ms, …»
fn stages(t: &Timings) -> String {
    t.0.iter()
        .map(|(n, d)| format!("{n} {}", ms(*d)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// Prints outcomes: plain lines, or above a progress bar on a terminal.
struct Printer {
    bar: Option<indicatif::ProgressBar>,
    failed: u64,
}

impl Printer {
    fn new(len: usize, verbosity: Verbosity) -> Printer {
        let bar = (len > 1 && verbosity > Verbosity::Quiet && std::io::stderr().is_terminal())
            .then(|| {
                let style = indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} models, {msg}, {eta} left",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
                let bar = indicatif::ProgressBar::with_draw_target(
                    Some(len as u64),
                    indicatif::ProgressDrawTarget::stderr(),
                )
                .with_style(style)
                .with_message("0 failed");
                bar.enable_steady_tick(Duration::from_millis(200));
                bar
            });
        Printer { bar, failed: 0 }
    }

    fn model(&mut self, o: &Outcome) {
        let print = || {
            let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
            for l in &o.lines {
                // A closed pipe (`| head`) is the reader's choice, not an error.
                let _ = match l {
                    Line::Out(s) => out.write_all(s.as_bytes()).and_then(|_| out.flush()),
                    Line::Err(s) => err.write_all(s.as_bytes()),
                };
            }
        };
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Counts a model as done when it finishes, before its turn to print
    /// (the largest models start first, so they seldom finish in order).
    fn finished(&mut self, o: &Outcome) {
        if let Some(bar) = &self.bar {
            self.failed += u64::from(o.failed);
            bar.set_message(format!("{} failed", self.failed));
            bar.inc(1);
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// The model files `paths` stand for, in order; `-` is standard input,
/// read once. A usage problem (no such file, an empty folder) is printed
/// and given as `Err`.
pub fn collect(paths: &[std::path::PathBuf]) -> Result<Vec<Input>, ()> {
    let mut inputs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            if inputs.iter().any(|i| matches!(i, Input::Stdin(_))) {
                eprintln!("error: `-` (standard input) is named twice");
                return Err(());
            }
            let mut text = String::new();
            let max = regflow::model::limits::MAX_FILE_BYTES;
            let read = std::io::Read::read_to_string(
                &mut std::io::Read::take(std::io::stdin(), max + 1),
                &mut text,
            );
            if let Err(e) = read {
                eprintln!("error: cannot read a model from standard input: {e}");
                return Err(());
            }
            if text.len() as u64 > max {
                eprintln!("error: the model on standard input is larger than {max} bytes (16 MB), the most regflow reads");
                return Err(());
            }
            inputs.push(Input::Stdin(text));
            continue;
        }
        match check::model_files(p) {
            Ok(f) => inputs.extend(f.into_iter().map(Input::File)),
            Err(e) => {
                eprintln!("error: {e}");
                return Err(());
            }
        }
    }
    if inputs.is_empty() {
        eprintln!(
            "error: no .ron model files in {} (a .bpmn file is imported when named itself)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Err(());
    }
    Ok(inputs)
}

/// Refuses a batch where two models would write files of one name into
/// the output folder (`a b.ron` and `a;b.ron` are both `a_b`): one would
/// silently replace the other. Each such pair is printed, naming both
/// models, before anything is written; `Err` then.
pub fn distinct_outputs(inputs: &[Input], out: &Path) -> Result<(), ()> {
    let mut seen: BTreeMap<String, &Path> = BTreeMap::new();
    let mut clash = false;
    for input in inputs {
        let stem = input.stem();
        match seen.get(&stem) {
            Some(first) => {
                eprintln!(
                    "error: {} and {} would both write {}.*; rename one of them (nothing was written)",
                    first.display(),
                    input.shown().display(),
                    out.join(&stem).display()
                );
                clash = true;
            }
            None => {
                seen.insert(stem, input.shown());
            }
        }
    }
    if clash {
        Err(())
    } else {
        Ok(())
    }
}

/// Whether `p` names a folder of models (an index is written for those).
pub fn is_folder(p: &Path) -> bool {
    p.as_os_str() != "-" && p.is_dir()
}
