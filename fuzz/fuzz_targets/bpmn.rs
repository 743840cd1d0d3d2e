//! BPMN XML → import → check → layout → BPMN export → import again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regflow::render::Outputs;

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
    let want = Outputs {
        svg: false,
        png: false,
        bpmn: true,
        legend: false,
        html: false,
        pdf: false,
    };
    if let Some(r) = common::render_all(&imported.process, want) {
        // What regflow writes, it reads back.
        regflow::import::import_str(r.bpmn, "fuzz").expect("regflow's own BPMN imports");
    }
});
