//! RON model text → load → validate → layout → render in every format.
//! Any panic, hang or memory blow-up is a bug: a server renders files
//! from anywhere.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regflow::render::Outputs;
use std::path::Path;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // BPMN text has a target of its own.
    if text.trim_start().starts_with('<') {
        return;
    }
    let checked = regflow::check::check_text(Path::new("fuzz.ron"), text);
    if checked.has_errors() {
        return;
    }
    if let Some(m) = &checked.loaded {
        common::render_all(&m.process, Outputs::ALL);
    }
});
