//! `regflow import regulation.txt -o drafts/` and `regflow import --score
//! models/ drafts/`: the command-line side of [`regflow::import::text`].

use regflow::import::text::{self, score};
use regflow::{check, output};
use std::path::Path;
use std::process::ExitCode;

/// Whether the input is a regulation's text: by extension, or (no BPMN
/// extension) by content that does not open with `<`.
pub fn is_text(input: &Path) -> bool {
    if text::is_text_path(input) {
        return true;
    }
    if regflow::import::is_bpmn_path(input) {
        return false;
    }
    std::fs::read(input).is_ok_and(|b| text::looks_like_text(&b))
}

/// Drafts every variant of a text into a folder, checks each as `regflow
/// check` would, and says what was written.
pub fn run(input: &Path, out: Option<&Path>) -> ExitCode {
    if !input.is_file() {
        eprintln!("error: {}: no such file", input.display());
        return ExitCode::from(2);
    }
    let dir = out.unwrap_or(Path::new("drafts"));
    if dir.extension().is_some_and(|x| x == "ron") {
        eprintln!(
            "error: {}: a text gives one draft per variant; name a folder with -o (for example -o drafts/)",
            dir.display()
        );
        return ExitCode::from(2);
    }
    let shown = input.display().to_string();
    let drafts = match text::import_path(input, &shown) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    let mut bad = 0;
    for d in &drafts {
        let name = format!("{}.ron", d.stem);
        let shown_path = dir.join(&name);
        let checked = check::check_text(&shown_path, &d.ron);
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|x| x.is_error())
            .collect();
        for e in &errors {
            eprint!("{e}");
        }
        bad += errors.len();
        match output::write_atomic(dir, &name, d.ron.as_bytes()) {
            Ok(p) => println!(
                "{} → {} ({} lane(s), {} node(s){})",
                input.display(),
                p.display(),
                d.process.lanes.len(),
                d.process.nodes.len(),
                if errors.is_empty() {
                    ""
                } else {
                    ", does not pass check"
                }
            ),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", shown_path.display());
                return ExitCode::from(1);
            }
        }
    }
    println!(
        "{} draft(s); review each against the text (comments mark what was guessed), then `regflow check {}`",
        drafts.len(),
        dir.display()
    );
    if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints the score table of drafts against models.
/// With `misses`, then what each draft missed and added.
pub fn run_score(models: &Path, drafts: Option<&Path>, misses: bool) -> ExitCode {
    let Some(drafts) = drafts else {
        eprintln!("error: --score needs two folders: regflow import --score models/ drafts/");
        return ExitCode::from(2);
    };
    match score::score_dirs(models, drafts) {
        Ok(rows) => {
            print!("{}", score::table(&rows));
            if misses {
                print!("{}", score::misses_text(&rows));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
