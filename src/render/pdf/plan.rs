//! How a diagram goes onto pages: the paper's side, the scale, the cuts
//! along the flow and the groups of lanes, chosen so that no text prints
//! under `SMALL_PRINT` where that can be had. Plain data in and out: the
//! drawing of the pages is in `mod.rs`.

use super::{title_marks, Paper, CLEAR, CONNECT, CONTINUED, MARGIN, NATURAL};
use crate::layout::{Diagram, Rect};
use crate::model::{NodeKind, Orientation};
use crate::render::svg;

/// Below this size, in points, printed text is hard to read (the smallest
/// size the regulations themselves are typeset in).
pub const SMALL_PRINT: f32 = 7.0;

/// One piece of the diagram along the flow, in SVG px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slice {
    pub from: f64,
    pub to: f64,
}

/// The smallest text of `d`, in SVG px: the 10-px step numbers and
/// durations count as much as the body text.
pub fn smallest_text(d: &Diagram) -> f64 {
    let strips = d
        .shapes
        .iter()
        .filter(|s| s.strip > 0.0 && (s.number.is_some() || s.duration.is_some()))
        .map(|_| svg::STRIP_TEXT);
    d.title
        .iter()
        .chain(d.lanes.iter().map(|l| &l.title))
        .chain(d.shapes.iter().flat_map(|s| s.text.iter()))
        .chain(d.edges.iter().filter_map(|e| e.label.as_ref()))
        .filter(|t| t.lines.iter().any(|l| !l.trim().is_empty()))
        .map(|t| t.size)
        .chain(strips)
        .fold(f64::INFINITY, f64::min)
}

/// How a diagram goes onto pages.
#[derive(Debug, Clone)]
pub struct Plan {
    pub portrait: bool,
    /// Points per SVG px.
    pub k: f32,
    /// The BPMN form's title set for page 1, and the room it takes.
    pub(super) heading: String,
    pub(super) heading_len: f32,
    /// Where the lane headers lie along the flow.
    pub(super) header: Slice,
    /// The pieces along the flow.
    pub slices: Vec<Slice>,
    /// The groups of lanes across the flow, in SVG px: one unless the
    /// lanes are too many to print readably across one page; then every
    /// piece is printed once for each group, with its own lane headers.
    pub bands: Vec<(f32, f32)>,
    /// The size the smallest text prints at.
    pub smallest_pt: f32,
}

/// Chooses the paper's side, the scale, the cuts along the flow and the
/// groups of lanes, so that the smallest text prints at `SMALL_PRINT` or
/// more wherever that can be had: the table form turns its paper if that
/// is enough; the BPMN form, whose lanes are rows, prints them in groups
/// on pages of their own where even the turned paper is too narrow.
pub fn plan(d: &Diagram, paper: Paper) -> Plan {
    let table = d.orientation == Orientation::Table;
    let (w, h) = (d.width as f32, d.height as f32);
    // The part of the drawing printed across the lanes, in SVG px. The
    // table form's title is as wide as its lanes and prints with them; the
    // BPMN form's runs along the whole flow, so it is set anew on page 1.
    let cross = if table {
        (0.0, w)
    } else {
        ((d.frame.y as f32 - 4.0).max(0.0), h)
    };
    let (main_len, cross_len) = (if table { h } else { w }, cross.1 - cross.0);
    let (pw, ph) = paper.size();
    let (short, long) = (pw - 2.0 * MARGIN, ph - 2.0 * MARGIN);
    let heading = |turned: bool| {
        if table {
            (String::new(), 0.0)
        } else {
            title_marks(d, if turned { short } else { long })
        }
    };
    // Room across the flow taken by the title or the «Продолжение» note.
    let above = |room: f32, heading_len: f32| {
        if table {
            0.0
        } else {
            // A title too long for half the page is cut rather than the scale.
            CONTINUED.max(heading_len).min(room / 2.0)
        }
    };
    let scale = |room: f32, heading_len: f32| {
        NATURAL.min((room - above(room, heading_len)) / cross_len.max(1.0))
    };
    let smallest = smallest_text(d) as f32;
    // A hair over, so that rounding never prints 6.99 pt.
    let needed = (SMALL_PRINT + 0.01) / smallest.max(1.0);
    let (flat, sideways) = (heading(false), heading(true));
    let cross_room = |turned: bool| if turned { long } else { short };
    let upright = scale(short, flat.1);
    let sideways_k = scale(long, sideways.1);
    let lanes: Vec<(f32, f32)> = d
        .lanes
        .iter()
        .map(|l| {
            let r = &l.band;
            if table {
                (r.x as f32, r.right() as f32)
            } else {
                (r.y as f32, r.bottom() as f32)
            }
        })
        .collect();
    let bands_at = |turned: bool, k: f32| {
        let heading_len = if turned { sideways.1 } else { flat.1 };
        let room = cross_room(turned);
        group_lanes(&lanes, cross, (room - above(room, heading_len)) / k)
    };
    let header = header_strip(d);
    let head_len = (header.to - header.from) as f32;
    let slices_at = |turned: bool, k: f32| {
        let main_room = if turned { short } else { long };
        paginate(
            d,
            f64::from(main_len),
            f64::from(main_room / k),
            f64::from(
                if table {
                    (main_room - CONTINUED - CONNECT) / k
                } else {
                    (main_room - CONNECT) / k
                } - head_len,
            ),
        )
    };
    let (turned, k, bands) = if upright >= needed || (table && upright >= sideways_k) {
        (false, upright, vec![cross])
    } else if sideways_k >= needed || table {
        (true, sideways_k, vec![cross])
    } else {
        // The lanes in groups, at the size that is just readable, on
        // whichever side of the paper takes fewer pages.
        let k = needed;
        let pages = |turned: bool| {
            let bands = bands_at(turned, k);
            (slices_at(turned, k).len() * bands.len(), bands.len())
        };
        let turned = pages(true) < pages(false);
        (turned, k, bands_at(turned, k))
    };
    let (heading, heading_len) = if turned { sideways } else { flat };
    let portrait = table != turned;
    let slices = slices_at(turned, k);
    Plan {
        portrait,
        k,
        heading,
        heading_len,
        header,
        slices,
        bands,
        smallest_pt: smallest * k,
    }
}

/// Groups consecutive lanes (their extents across the flow) into bands no
/// wider than `room`, which together cover `cross`.
fn group_lanes(lanes: &[(f32, f32)], cross: (f32, f32), room: f32) -> Vec<(f32, f32)> {
    let mut sorted = lanes.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bands = Vec::new();
    let mut from = cross.0;
    let mut has_lane = false;
    for &(a, b) in &sorted {
        if has_lane && b - from > room {
            bands.push((from, a));
            from = a;
        }
        has_lane = true;
    }
    bands.push((from, cross.1));
    bands
}

/// Where `r` lies along the flow.
pub(super) fn along(d: &Diagram, r: &Rect) -> (f64, f64) {
    if d.orientation == Orientation::Table {
        (r.y, r.y + r.h)
    } else {
        (r.x, r.x + r.w)
    }
}

/// Where the lane headers lie along the flow.
fn header_strip(d: &Diagram) -> Slice {
    let along = |r: &Rect| along(d, r);
    let from = along(&d.frame).0;
    let to = d
        .lanes
        .iter()
        .map(|l| along(&l.header).1)
        .fold(from, f64::max);
    Slice { from, to }
}

/// Where each choice and the shapes its outcomes lead to lie along the
/// flow: kept on one page where they fit in `room`, so that a reader sees
/// the question with its answers.
fn choice_groups(d: &Diagram, room: f64) -> Vec<(f64, f64)> {
    let along = |r: &Rect| along(d, r);
    let shape = |node: usize| d.shapes.iter().find(|s| s.node == node);
    d.shapes
        .iter()
        .filter(|s| s.kind == NodeKind::Choice)
        .filter_map(|c| {
            let (from, mut to) = along(&c.bounds);
            for e in d.edges.iter().filter(|e| e.from == c.node && !e.back) {
                if let Some(t) = shape(e.to) {
                    to = to.max(along(&t.bounds).1);
                }
                if let Some(l) = &e.label {
                    to = to.max(along(&l.rect).1);
                }
            }
            (to - from + 2.0 * CLEAR <= room).then_some((from, to))
        })
        .collect()
}

/// Cuts `0..len` into pieces of at most `first` (the first page) and then
/// `rest`, each cut where it passes no shape and no label, and where it can,
/// not between a choice and its outcomes: as late as that allows, or, where
/// a shape is longer than a page, at the page's end.
pub fn paginate(d: &Diagram, len: f64, first: f64, rest: f64) -> Vec<Slice> {
    let table = d.orientation == Orientation::Table;
    let along = |r: &Rect| along(d, r);
    let widen = |(a, b): (f64, f64)| (a - CLEAR, b + CLEAR);
    let mut busy: Vec<(f64, f64)> = d
        .shapes
        .iter()
        .map(|s| along(&s.bounds))
        .chain(
            d.edges
                .iter()
                .filter_map(|e| e.label.as_ref())
                .map(|l| along(&l.rect)),
        )
        .chain(d.title.iter().filter(|_| table).map(|t| along(&t.rect)))
        .chain(
            d.lanes
                .iter()
                .map(|l| (along(&d.frame).0, along(&l.header).1)),
        )
        .map(widen)
        .collect();
    busy.sort_by(|a, b| a.0.total_cmp(&b.0));
    // A header taller than a page still leaves room for some diagram.
    let rest = rest.max(first / 4.0);
    let groups: Vec<(f64, f64)> = choice_groups(d, rest).into_iter().map(widen).collect();
    let mut out = Vec::new();
    let mut top = 0.0;
    loop {
        let room = if out.is_empty() { first } else { rest };
        let limit = top + room.max(1.0);
        if limit >= len {
            out.push(Slice { from: top, to: len });
            balance_tail(&mut out, rest, &busy, &groups);
            return out;
        }
        // The latest place that cuts nothing, not even a choice from its
        // outcomes; then one that cuts no shape; failing that, the one past
        // the first quarter of the page that cuts least.
        let inside =
            |c: f64, set: &[(f64, f64)]| set.iter().filter(|&&(a, b)| a < c && c < b).count();
        let candidates = busy
            .iter()
            .chain(&groups)
            .flat_map(|&(a, b)| [a, b])
            .chain([limit])
            .filter(|&c| top < c && c <= limit);
        let mut whole: Option<f64> = None;
        let mut free: Option<f64> = None;
        let mut least: Option<(usize, f64)> = None;
        for c in candidates {
            let n = inside(c, &busy);
            // Not so early that most of the page stays empty.
            if n == 0
                && inside(c, &groups) == 0
                && c > top + room / 4.0
                && whole.is_none_or(|f| c > f)
            {
                whole = Some(c);
            }
            if n == 0 && free.is_none_or(|f| c > f) {
                free = Some(c);
            }
            if c > top + room / 4.0 && least.is_none_or(|(m, l)| n < m || (n == m && c > l)) {
                least = Some((n, c));
            }
        }
        let cut = whole.or(free).or(least.map(|l| l.1)).unwrap_or(limit);
        out.push(Slice { from: top, to: cut });
        top = cut;
    }
}

/// Moves the last cut earlier where the last piece is a sliver, so that the
/// last two pages share the rest evenly (and the last page does not print a
/// strip of the drawing beside the legend's page): to the free place
/// nearest the middle that leaves the last piece no longer than `rest`.
fn balance_tail(out: &mut [Slice], rest: f64, busy: &[(f64, f64)], groups: &[(f64, f64)]) {
    let n = out.len();
    if n < 2 {
        return;
    }
    let (a, b, end) = (out[n - 2].from, out[n - 2].to, out[n - 1].to);
    if end - b >= (b - a) / 2.0 {
        return;
    }
    let free = |c: f64| busy.iter().chain(groups).all(|&(x, y)| !(x < c && c < y));
    let middle = (a + end) / 2.0;
    let best = busy
        .iter()
        .chain(groups)
        .flat_map(|&(x, y)| [x, y])
        .filter(|&c| a + (b - a) / 4.0 < c && c < b && end - c <= rest && free(c))
        .min_by(|x, y| (x - middle).abs().total_cmp(&(y - middle).abs()));
    if let Some(c) = best {
        out[n - 2].to = c;
        out[n - 1].from = c;
    }
}
