//! The marks of a page break: the rule that closes the drawing, and the
//! off-page connectors (GOST 19.701) where flows leave and come in, as SVG
//! in points on the page. Pagination artifacts, not the diagram's text.

use super::{Connectors, Slice, CONNECT, CONNECTOR, MARGIN};
use crate::render::svg::{Svg, INK};
use crate::render::xml::Tag;

/// Where one page draws, for its marks.
pub(super) struct Frame<'a> {
    pub table: bool,
    /// Points per SVG px.
    pub k: f32,
    /// The lanes printed across the flow, in SVG px.
    pub band: (f32, f32),
    /// Where the drawing starts across the flow, in points from the margin.
    pub across: f32,
    pub slice: Slice,
    /// (piece, group of lanes).
    pub page: (usize, usize),
    pub connectors: &'a Connectors,
    /// Where lanes begin and end across the flow, in SVG px.
    pub lane_edges: &'a [f32],
}

impl Frame<'_> {
    /// A place across the lanes (SVG px) on the page, in points.
    fn to_page(&self, c: f32) -> f32 {
        self.across + (c - self.band.0) * self.k
    }

    fn in_band(&self, c: f32) -> bool {
        self.band.0 <= c && c < self.band.1
    }

    /// The lane lines and the connectors of the flows from the page before,
    /// in the room `at` points along, under the repeated lane headers.
    pub fn coming_in(&self, at: f32) -> String {
        let (table, k) = (self.table, self.k);
        let mut out = String::new();
        let band = self.band;
        for &c in self
            .lane_edges
            .iter()
            .filter(|&&c| band.0 <= c && c <= band.1)
        {
            let c = self.to_page(c);
            out.push_str(&segment(table, (at, c), (at + CONNECT, c), 1.0 * k));
        }
        let Some(list) = self
            .page
            .0
            .checked_sub(1)
            .and_then(|i| self.connectors.along.get(i))
        else {
            return out;
        };
        for &(c, n) in list.iter().filter(|(c, _)| self.in_band(*c)) {
            let centre = at + CONNECTOR + 1.0;
            let c = self.to_page(c);
            out.push_str(&segment(table, (centre, c), (at + CONNECT, c), 1.2 * k));
            out.push_str(&connector(table, (centre, c), n));
        }
        out
    }

    /// The rule closing the drawing `at` points along (over the frame
    /// `f0..f1` across, SVG px), and the connectors of the flows that go on
    /// on the next page.
    pub fn closing(&self, at: f32, (f0, f1): (f64, f64)) -> String {
        let (table, k, band) = (self.table, self.k, self.band);
        let (c0, c1) = (
            (f0 as f32).max(band.0) - band.0,
            (f1 as f32).min(band.1) - band.0,
        );
        let mut out = rule(table, at, self.across + c0 * k, self.across + c1 * k, k);
        let Some(list) = self.connectors.along.get(self.page.0) else {
            return out;
        };
        for &(c, n) in list.iter().filter(|(c, _)| self.in_band(*c)) {
            let place = (at + CONNECTOR + 2.0, self.to_page(c));
            out.push_str(&segment(table, (at, place.1), place, 1.2 * k));
            out.push_str(&connector(table, place, n));
        }
        out
    }

    /// The connectors of the flows into the next group of lanes and from the
    /// one before, along the piece drawn from `body_at` points.
    pub fn sideways(&self, body_at: f32) -> String {
        let (table, k, (i, j)) = (self.table, self.k, self.page);
        let along_of = |a: f32| body_at + (a - self.slice.from as f32) * k;
        let band_end = self.across + (self.band.1 - self.band.0) * k;
        let lists = &self.connectors.sideways[i];
        let mut out = String::new();
        if let Some(list) = lists.get(j) {
            for &(a, n) in list {
                let centre = (along_of(a), band_end + CONNECTOR + 2.0);
                out.push_str(&segment(table, (centre.0, band_end), centre, 1.2 * k));
                out.push_str(&connector(table, centre, n));
            }
        }
        if let Some(list) = j.checked_sub(1).and_then(|b| lists.get(b)) {
            for &(a, n) in list {
                let centre = (along_of(a), self.across - CONNECTOR - 1.5);
                out.push_str(&segment(table, centre, (centre.0, self.across), 1.2 * k));
                out.push_str(&connector(table, centre, n));
            }
        }
        out
    }
}

/// A line across the frame `at` points along the flow from the margin.
fn rule(table: bool, at: f32, c0: f32, c1: f32, k: f32) -> String {
    let (x1, y1, x2, y2) = if table {
        (MARGIN + c0, MARGIN + at, MARGIN + c1, MARGIN + at)
    } else {
        (MARGIN + at, MARGIN + c0, MARGIN + at, MARGIN + c1)
    };
    line((x1, y1), (x2, y2), 1.2 * k)
}

/// A point `(along, across)` in points from the margins, as page x, y.
fn on_page(table: bool, (along, across): (f32, f32)) -> (f32, f32) {
    if table {
        (MARGIN + across, MARGIN + along)
    } else {
        (MARGIN + along, MARGIN + across)
    }
}

/// A line between two points `(along, across)`.
fn segment(table: bool, from: (f32, f32), to: (f32, f32), width: f32) -> String {
    let ((x1, y1), (x2, y2)) = (on_page(table, from), on_page(table, to));
    line((x1, y1), (x2, y2), width)
}

/// An off-page connector: a circle with its number, centred at `(along, across)`.
fn connector(table: bool, centre: (f32, f32), n: usize) -> String {
    let (x, y) = on_page(table, centre);
    let mut out = Svg::new();
    out.el_inline(
        Tag::new("circle")
            .read_attr("cx", &x.to_string())
            .read_attr("cy", &y.to_string())
            .read_attr("r", &CONNECTOR.to_string())
            .read_attr("fill", "#fff")
            .read_attr("stroke", INK)
            .read_attr("stroke-width", "0.9"),
    );
    out.text_inline(
        Tag::new("text")
            .read_attr("x", &x.to_string())
            .read_attr("y", &(y + 2.7).to_string())
            .read_attr("font-size", "7.5")
            .read_attr("text-anchor", "middle"),
        &n.to_string(),
    );
    out.finish()
}

/// A line in ink between two points of the page, `width` points wide.
fn line((x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32) -> String {
    let mut out = Svg::new();
    out.el_inline(
        Tag::new("line")
            .read_attr("x1", &x1.to_string())
            .read_attr("y1", &y1.to_string())
            .read_attr("x2", &x2.to_string())
            .read_attr("y2", &y2.to_string())
            .read_attr("stroke", INK)
            .read_attr("stroke-width", &width.to_string()),
    );
    out.finish()
}
