//! BPMN XML → import → check → layout → BPMN export → import of that
//! export: whatever regflow accepts, it can write, and what it writes, it
//! reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(imported) = regflow::import::import_bytes(data, "fuzz") else {
        return;
    };
    let checked = regflow::check::check_text(
        std::path::Path::new("fuzz.bpmn"),
        &regflow::import::to_ron(&imported.process, "").unwrap_or_default(),
    );
    if checked.has_errors() {
        return;
    }
    if let Some(r) = common::render(&imported.process, common::BPMN, 96.0) {
        regflow::import::import_str(r.bpmn, "fuzz").expect("regflow's own BPMN imports");
    }
});
