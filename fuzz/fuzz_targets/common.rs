//! What the targets share: a model that checks without errors is laid out
//! and rendered in the formats a target asks for, at a low resolution (the
//! raster's size does not change what can go wrong, only the time).

#![allow(dead_code)]

use regflow::model::{Lang, Process};
use regflow::render::{self, Outputs, RenderOptions, TextOutput};
use std::path::Path;

/// The formats that cost about as much as the layout: every text output.
pub const TEXT: Outputs = Outputs {
    svg: true,
    png: false,
    bpmn: true,
    legend: false,
    html: true,
    pdf: false,
};

/// The raster outputs: the PNGs (diagram and legend) and the PDF.
pub const RASTER: Outputs = Outputs {
    svg: false,
    png: true,
    bpmn: false,
    legend: true,
    html: false,
    pdf: true,
};

/// BPMN alone.
pub const BPMN: Outputs = Outputs {
    svg: false,
    png: false,
    bpmn: true,
    legend: false,
    html: false,
    pdf: false,
};

pub fn render(p: &Process, want: Outputs, dpi: f64) -> Option<render::Rendered> {
    render::render_only(
        p,
        &RenderOptions {
            lang: Lang::Ru,
            orientation: None,
            text: TextOutput::Embedded,
            dpi,
            paper: render::Paper::A4,
            legend_below: false,
            legend_used: false,
        },
        want,
    )
    .ok()
}

/// The model in `data` when it is RON text that checks without errors.
pub fn checked_model(data: &[u8]) -> Option<Process> {
    let text = std::str::from_utf8(data).ok()?;
    // BPMN text has a target of its own.
    if text.trim_start().starts_with('<') {
        return None;
    }
    let checked = regflow::check::check_text(Path::new("fuzz.ron"), text);
    if checked.has_errors() {
        return None;
    }
    checked.loaded.map(|m| m.process)
}
