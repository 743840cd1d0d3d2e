//! RON model text → load → validate → layout → SVG, BPMN and HTML (the
//! raster formats have the `raster` target, so that this one runs hundreds
//! of inputs a second). Any panic, hang or memory blow-up is a bug: a
//! server renders files from anywhere.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some(p) = common::checked_model(data) else {
        return;
    };
    if let Some(r) = common::render(&p, common::TEXT, 96.0) {
        // What regflow writes as BPMN, it reads back.
        regflow::import::import_str(r.bpmn, "fuzz").expect("regflow's own BPMN imports");
    }
});
