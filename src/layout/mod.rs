//! Process → geometry: a layered layout constrained to lanes.
//!
//! 1. Ranks (ranks.rs): rework loops are found by a depth-first walk and
//!    ignored for ranking; every other flow goes one rank or more forward.
//!    Branches run side by side (longest path), or one after another
//!    (depth-first order) as far as the drawing stays within 1.25 times its
//!    longest path, when that crosses less; small drawings are drawn both
//!    ways and the better kept (route.rs).
//! 2. Lane order (lanes.rs): as the model lists them, or, with
//!    `lane_order: Auto`, the order whose hand-offs cross least.
//! 3. Order (order.rs): a lane gets as many slot columns as it has nodes in its
//!    busiest rank; barycentre sweeps, then moves and swaps that remove
//!    crossings, order the nodes of a rank inside their lane.
//! 4. Routes (choose.rs): each flow picks, among a few orthogonal routes
//!    through the channels between ranks and the gaps between columns
//!    (which hold no shapes), or out of its box's side straight across
//!    empty cells of its rank, the one that crosses the others least.
//! 5. Ports and tracks (ports.rs, tracks.rs): flows meeting one node, and
//!    segments sharing a channel or gap, are ordered so that they nest.
//! 6. Coordinates (coords.rs, pack.rs): columns, gaps and lanes across the
//!    flow, neighbouring columns as close as the ranks where both hold
//!    something allow; ranks and channels along it, sized by their track
//!    counts and labels; flows into one node join before it.
//! 7. The drawing (draw.rs, frame.rs): points and shapes on the page, the
//!    title, lane headers and frame.
//!
//! route.rs runs these steps in order, with plain data between them
//! (`Flows`, `Plan`, `Ports`, `Cross`, `Placed`, `Ends`, `Tracks`, `Along`).
//!
//! Everything is computed in flow coordinates (main axis along the flow,
//! cross axis across lanes) and turned to the page at the end, so the
//! table form (flow down) and the BPMN form (flow right) share one code.

mod choose;
mod coords;
mod draw;
mod frame;
mod geometry;
mod lanes;
pub mod metrics;
mod order;
mod pack;
mod ports;
mod ranks;
pub mod route;
mod size;
mod spatial;
mod sweep;
mod title;
mod tracks;

pub use geometry::{Diagram, EdgePath, LaneBox, Point, Rect, Shape, TextBlock};
pub use metrics::Metrics;
pub use title::act_text;

use crate::model::{Lang, Orientation, Process};

/// What the caller chooses; the rest comes from the model.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    /// Overrides the model's orientation.
    pub orientation: Option<Orientation>,
}

/// Lays a validated process out. Never fails: an invalid model (unknown
/// lanes, dangling flows) still gives a drawing of what can be drawn.
pub fn layout(p: &Process, opts: &Options) -> Diagram {
    layout_timed(p, opts).0
}

/// The layout, and how long each of its steps took (`cargo bench`).
pub fn layout_timed(p: &Process, opts: &Options) -> (Diagram, route::Stages) {
    let mut stages = Vec::new();
    let d = route::run(
        p,
        opts.lang,
        opts.orientation.unwrap_or(p.orientation),
        &mut stages,
    );
    (d, stages)
}
