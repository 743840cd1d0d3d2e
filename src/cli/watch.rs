//! `render --watch`: render, then wait for a model to be saved and render
//! again, until stopped. Waiting blocks on the operating system's file
//! events (inotify on Linux), so an idle watch uses no CPU.

use super::batch::{self, Settings};
use super::render::{self, Job, Target};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Saves that come within this time of each other are one change (an
/// editor may write, rename and touch a file for one save).
const SETTLE: Duration = Duration::from_millis(150);

pub fn run(job: &Job, settings: &Settings) -> ExitCode {
    if job.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("error: --watch needs model files or folders; standard input is read only once");
        return ExitCode::from(2);
    }
    if matches!(job.target, Target::Stdout(_)) {
        eprintln!("error: --watch writes files; give -o a folder or a file, not `-`");
        return ExitCode::from(2);
    }
    // What to watch: each folder named, and the folder of each file named
    // (editors often save by writing a new file and renaming it over the
    // old one, which a watch on the file itself would lose).
    let mut folders = BTreeSet::new();
    let mut files = BTreeSet::new();
    for p in &job.paths {
        if p.is_dir() {
            folders.insert(absolute(p));
        } else if p.is_file() {
            let f = absolute(p);
            if let Some(dir) = f.parent() {
                folders.insert(dir.to_path_buf());
            }
            files.insert(f);
        } else {
            eprintln!("error: {}: no such file or folder", p.display());
            return ExitCode::from(2);
        }
    }
    let named_folders: BTreeSet<PathBuf> = job
        .paths
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| absolute(p))
        .collect();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |e| {
        let _ = tx.send(e);
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch for changes: {e}");
            return ExitCode::from(1);
        }
    };
    for dir in &folders {
        if let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive) {
            eprintln!("error: cannot watch {}: {e}", dir.display());
            return ExitCode::from(1);
        }
    }
    let mut force = job.force;
    let again = Settings {
        report_current: false,
        ..*settings
    };
    let mut first = true;
    loop {
        // A folder emptied for now has been reported; wait for a model.
        if let Ok(inputs) = batch::collect(&job.paths) {
            render::once(job, if first { settings } else { &again }, &inputs, force);
        }
        first = false;
        force = false;
        eprintln!(
            "watching {} for saved models (Ctrl-C to stop)",
            job.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        // Block until a model is saved: no polling, no CPU while idle.
        loop {
            let Ok(event) = rx.recv() else {
                return ExitCode::from(1);
            };
            let mut relevant = concerns(&event, &files, &named_folders);
            while let Ok(e) = rx.recv_timeout(SETTLE) {
                relevant |= concerns(&e, &files, &named_folders);
            }
            if relevant {
                break;
            }
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Whether a file event is a model being saved, created or renamed into
/// place: a file named on the command line, or a `.ron` file in a folder
/// named there. Reads (access events) and other files are not.
fn concerns(
    event: &notify::Result<notify::Event>,
    files: &BTreeSet<PathBuf>,
    folders: &BTreeSet<PathBuf>,
) -> bool {
    let Ok(e) = event else { return false };
    if matches!(e.kind, EventKind::Access(_)) {
        return false;
    }
    e.paths.iter().any(|p| {
        let in_folder = p.parent().is_some_and(|d| folders.contains(&absolute(d)))
            && p.extension().is_some_and(|x| x == "ron");
        let named = files.contains(p)
            || p.parent()
                .zip(p.file_name())
                .is_some_and(|(d, n)| files.contains(&absolute(d).join(n)));
        in_folder || named
    })
}
