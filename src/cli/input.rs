//! Where a model comes from: a file, or standard input (`-`).

use regflow::check::{self, Checked};
use regflow::output;
use std::path::{Path, PathBuf};

pub enum Input {
    File(PathBuf),
    /// The text read from standard input.
    Stdin(String),
}

/// How a model read from standard input is named in messages.
pub const STDIN_NAME: &str = "<stdin>";

impl Input {
    /// The name messages give the model.
    pub fn shown(&self) -> &Path {
        match self {
            Input::File(p) => p,
            Input::Stdin(_) => Path::new(STDIN_NAME),
        }
    }

    pub fn check(&self) -> Checked {
        match self {
            Input::File(p) => check::check_file(p),
            Input::Stdin(text) => check::check_text(Path::new(STDIN_NAME), text),
        }
    }

    /// The stem of the files written for it in a folder: the model's file
    /// name made safe; `stdin` for standard input.
    pub fn stem(&self) -> String {
        match self {
            Input::File(f) => output::safe_stem(
                &f.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
            Input::Stdin(_) => "stdin".to_string(),
        }
    }

    /// The model's size in bytes, as a guess of how long it takes to render.
    pub fn size(&self) -> u64 {
        match self {
            Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Input::Stdin(text) => text.len() as u64,
        }
    }

    /// The file it was read from, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File(p) => Some(p),
            Input::Stdin(_) => None,
        }
    }
}
