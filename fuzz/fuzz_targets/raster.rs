//! RON model text → … → PNG (diagram and legend) at 4 dpi, and the PDF.
//! Run with a small `-max_len`: each input is drawn and printed, the
//! slowest stages regflow has.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    if let Some(p) = common::checked_model(data) {
        common::render(&p, common::RASTER, 4.0);
    }
});
