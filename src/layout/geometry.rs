//! The one geometry every renderer draws: absolute positions in px, y down.

use crate::model::{EventKind, FlowKind, NodeKind, Orientation};

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
    /// Whether the interiors overlap (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        const E: f64 = 1e-6;
        self.x + E < o.right()
            && o.x + E < self.right()
            && self.y + E < o.bottom()
            && o.y + E < self.bottom()
    }
    pub fn contains_rect(&self, o: &Rect) -> bool {
        const E: f64 = 1e-6;
        o.x >= self.x - E
            && o.y >= self.y - E
            && o.right() <= self.right() + E
            && o.bottom() <= self.bottom() + E
    }
    /// Whether the segment a–b (axis-parallel) passes through the interior.
    pub fn hit_by_segment(&self, a: Point, b: Point) -> bool {
        const E: f64 = 0.5;
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        x1 > self.x + E && x0 < self.right() - E && y1 > self.y + E && y0 < self.bottom() - E
    }
}

/// One block of text lines, drawn left-aligned or centred in `rect`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextBlock {
    pub rect: Rect,
    pub lines: Vec<String>,
    pub size: f64,
    pub bold: bool,
    pub centered: bool,
}

/// A lane: its band and its header.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneBox {
    pub id: String,
    pub band: Rect,
    pub header: Rect,
    /// In `rect` as it stands on the page: when `vertical`, its lines run
    /// bottom to top, as BPMN tools write a lane's name in its narrow
    /// header column.
    pub title: TextBlock,
    pub vertical: bool,
}

/// A node as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Index of the node in the model.
    pub node: usize,
    pub id: String,
    pub kind: NodeKind,
    /// The event marker of a start, end or intermediate event.
    pub event: EventKind,
    /// An intermediate event that sends: its marker is drawn filled.
    pub throws: bool,
    pub lane: usize,
    /// Everything the node occupies, caption included.
    pub bounds: Rect,
    /// The symbol itself: box, diamond or circle (its bounding box).
    pub body: Rect,
    pub text: Vec<TextBlock>,
    /// Step number, drawn in the box's header strip.
    pub number: Option<String>,
    /// Duration, drawn in the box's header strip.
    pub duration: Option<String>,
    /// Height of the header strip of a step box (0 when there is none).
    pub strip: f64,
}

/// A flow as drawn: an orthogonal polyline ending in an arrowhead.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgePath {
    pub from: usize,
    pub to: usize,
    pub points: Vec<Point>,
    pub label: Option<TextBlock>,
    /// A flow that goes against the flow direction (rework).
    pub back: bool,
    pub kind: FlowKind,
}

/// The laid-out diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    pub width: f64,
    pub height: f64,
    pub orientation: Orientation,
    pub title: Vec<TextBlock>,
    /// The area holding lanes (below the title block).
    pub frame: Rect,
    pub lanes: Vec<LaneBox>,
    pub shapes: Vec<Shape>,
    pub edges: Vec<EdgePath>,
}
