//! The regflow command line: a thin shell over the library.

use clap::{Parser, Subcommand};
use regflow::check;
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
            "error: no .ron model files in {}",
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
