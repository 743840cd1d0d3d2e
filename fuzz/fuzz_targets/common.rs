//! What both targets share: a model that checks without errors is laid out
//! and rendered in every format, at the lowest resolution (the PNG is the
//! slowest output; its size does not change what can go wrong).

use regflow::model::{Lang, Process};
use regflow::render::{self, Outputs, RenderOptions, TextOutput};

pub fn render_all(p: &Process, want: Outputs) -> Option<render::Rendered> {
    render::render_only(
        p,
        &RenderOptions {
            lang: Lang::Ru,
            orientation: None,
            text: TextOutput::Embedded,
            dpi: 24.0,
            paper: render::Paper::A4,
            legend_below: false,
            legend_used: false,
        },
        want,
    )
    .ok()
}
