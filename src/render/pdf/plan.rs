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
    /// The pages printed, as (piece, group of lanes), in order: every pair
    /// but those that would show no shape and no label, only flows passing
    /// through (their connectors are joined across the page left out).
    pub pages: Vec<(usize, usize)>,
    /// The size the smallest text prints at.
    pub smallest_pt: f32,
    /// Where the legend goes on the last page (its top left corner, in
    /// points from the page's corner) and its size, in points; `None` when
    /// it takes a page of its own (or no legend was planned).
    pub legend: Option<((f32, f32), (f32, f32))>,
}

/// The legend's smallest text, in SVG px: its footnote.
const LEGEND_SMALLEST: f32 = 10.0;
/// Between the diagram and the legend under it, in points.
const GAP: f32 = 12.0;
/// The least share of its natural scale a drawing may be printed at to make
/// room for the legend on its last page (never under `SMALL_PRINT`).
const SHRINK: f32 = 0.85;

/// Chooses the paper's side, the scale, the cuts along the flow and the
/// groups of lanes, so that the smallest text prints at `SMALL_PRINT` or
/// more wherever that can be had: the table form turns its paper if that
/// is enough; the BPMN form, whose lanes are rows, prints them in groups
/// on pages of their own where even the turned paper is too narrow.
/// Without a legend: how large the drawing's text prints (see
/// [`plan_with`]).
pub fn plan(d: &Diagram, paper: Paper) -> Plan {
    plan_with(d, paper, None)
}

/// [`plan`] for a PDF whose `legend` (its natural size, in SVG px) follows
/// the drawing: the legend goes on the last page where there is room, and
/// where it would otherwise take a page of its own, the drawing is printed
/// a little smaller (down to `SHRINK` of its scale, never under
/// `SMALL_PRINT`) if that makes room, so that the document takes one page
/// fewer.
pub fn plan_with(d: &Diagram, paper: Paper, legend: Option<(f32, f32)>) -> Plan {
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
    let (pw, ph) = if portrait { (pw, ph) } else { (ph, pw) };
    let build = |k: f32, bands: Vec<(f32, f32)>| {
        let mut plan = Plan {
            portrait,
            k,
            heading: heading.clone(),
            heading_len,
            header,
            slices: slices_at(turned, k),
            bands,
            pages: Vec::new(),
            smallest_pt: smallest * k,
            legend: None,
        };
        plan.pages = kept_pages(d, &plan);
        plan.legend = legend.and_then(|l| legend_place(&plan, table, l, (pw, ph)));
        plan
    };
    let first = build(k, bands.clone());
    let grouped = first.bands.len() > 1;
    if legend.is_none() || first.legend.is_some() || grouped {
        return first;
    }
    // The legend would take a page of its own: a slightly smaller drawing
    // may leave it room on the last page, in as many pages.
    let floor = (k * SHRINK).max(needed);
    let pages = |p: &Plan| p.pages.len() + usize::from(p.legend.is_none());
    let goal = pages(&first);
    (1..=6)
        .map(|i| k - (k - floor) * i as f32 / 6.0)
        .filter(|&c| c >= floor && c < k)
        .map(|c| build(c, bands.clone()))
        .find(|p| pages(p) < goal)
        .unwrap_or(first)
}

/// Where the legend (`size`, in SVG px) goes on the last page of `plan`,
/// at its natural scale or smaller down to where its footnote prints at
/// `SMALL_PRINT`: its place and size in points.
fn legend_place(
    plan: &Plan,
    table: bool,
    (lw, lh): (f32, f32),
    (pw, ph): (f32, f32),
) -> Option<((f32, f32), (f32, f32))> {
    let &(i, j) = plan.pages.last()?;
    let drawn = page_extent(plan, table, i, j);
    let lk = NATURAL
        .min((pw - 2.0 * MARGIN) / lw.max(1.0))
        .min((ph - 2.0 * MARGIN) / lh.max(1.0));
    let small = lk.min((super::SMALL_PRINT + 0.01) / LEGEND_SMALLEST);
    [lk, small].into_iter().find_map(|s| {
        let size = (lw * s, lh * s);
        legend_spot(table, drawn, size, (pw, ph)).map(|at| (at, size))
    })
}

/// The pages of `plan` worth printing: page 1 (it carries the title), and
/// every other that shows a shape or a label of `d` (where each is printed,
/// by its middle, as the drawing of the pages takes it). A page holding only
/// flows that pass through, or an empty lane, is left out.
fn kept_pages(d: &Diagram, plan: &Plan) -> Vec<(usize, usize)> {
    let table = d.orientation == Orientation::Table;
    let middle = |r: &Rect| {
        let (a0, a1) = along(d, r);
        let (c0, c1) = if table {
            (r.x, r.right())
        } else {
            (r.y, r.bottom())
        };
        ((a0 + a1) / 2.0, (c0 + c1) / 2.0)
    };
    let things: Vec<(f64, f64)> = d
        .shapes
        .iter()
        .map(|s| middle(&s.bounds))
        .chain(
            d.edges
                .iter()
                .filter_map(|e| e.label.as_ref())
                .map(|l| middle(&l.rect)),
        )
        .collect();
    let mut out = Vec::new();
    for (i, s) in plan.slices.iter().enumerate() {
        for (j, b) in plan.bands.iter().enumerate() {
            let (b0, b1) = (f64::from(b.0), f64::from(b.1));
            let shows = things
                .iter()
                .any(|&(a, c)| s.from <= a && a < s.to && b0 <= c && c < b1);
            if shows || (i, j) == (0, 0) {
                out.push((i, j));
            }
        }
    }
    out
}

/// What a page's drawing takes, in points from the margins: along the
/// flow from `start` to `end`, across it from `across` to `across_end`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Drawn {
    pub start: f32,
    pub end: f32,
    pub across: f32,
    pub across_end: f32,
}

/// Where page (`i`, `j`) of `plan` draws: its note or title, then on a
/// continued page the lane headers and the connectors coming in, then its
/// piece. The drawing of the pages follows the same steps.
pub(super) fn page_extent(plan: &Plan, table: bool, i: usize, j: usize) -> Drawn {
    let first = i == 0 && j == 0;
    let (start, across) = match (table, first) {
        (true, true) => (0.0, 0.0),
        (true, false) => (CONTINUED, 0.0),
        (false, true) => (0.0, plan.heading_len),
        (false, false) => (0.0, CONTINUED),
    };
    let head_len = (plan.header.to - plan.header.from) as f32;
    let heads = if i > 0 {
        head_len * plan.k + CONNECT
    } else {
        0.0
    };
    let s = plan.slices[i];
    let band = plan.bands[j];
    Drawn {
        start,
        end: start + heads + (s.to - s.from) as f32 * plan.k,
        across,
        across_end: across + (band.1 - band.0) * plan.k,
    }
}

/// Where the legend goes on the last page, if it fits: after the drawing
/// along the flow (under a table, right of a BPMN flow), else beside it.
fn legend_spot(
    table: bool,
    d: Drawn,
    (lw, lh): (f32, f32),
    (pw, ph): (f32, f32),
) -> Option<(f32, f32)> {
    let (l_along, l_across) = if table { (lh, lw) } else { (lw, lh) };
    let (main_room, cross_room) = if table {
        (ph - 2.0 * MARGIN, pw - 2.0 * MARGIN)
    } else {
        (pw - 2.0 * MARGIN, ph - 2.0 * MARGIN)
    };
    [(d.end + GAP, d.across), (d.start, d.across_end + GAP)]
        .into_iter()
        .find(|&(a, c)| a + l_along <= main_room && c + l_across <= cross_room)
        .map(|(a, c)| {
            if table {
                (MARGIN + c, MARGIN + a)
            } else {
                (MARGIN + a, MARGIN + c)
            }
        })
}

/// Groups consecutive lanes (their extents across the flow) into as few
/// bands no wider than `room` as they take, which together cover `cross`;
/// as even as that allows, so that no page prints one lane of a few.
fn group_lanes(lanes: &[(f32, f32)], cross: (f32, f32), room: f32) -> Vec<(f32, f32)> {
    let mut sorted = lanes.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let greedy = |room: f32| {
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
    };
    let n = greedy(room).len();
    if n < 2 {
        return greedy(room);
    }
    even_bands(&sorted, cross, room, n).unwrap_or_else(|| greedy(room))
}

/// `lanes` (sorted) in `n` bands, each no wider than `room` unless it is
/// one lane: the widest as narrow as can be, and then the narrowest as
/// wide as can be (a short table over many lanes, split 3 + 2 + 2 rather
/// than 3 + 3 + 1).
fn even_bands(
    lanes: &[(f32, f32)],
    cross: (f32, f32),
    room: f32,
    n: usize,
) -> Option<Vec<(f32, f32)>> {
    let m = lanes.len();
    // Band edges: the frame's start, each later lane's start, the frame's end.
    let edge = |t: usize| match t {
        0 => cross.0,
        t if t == m => cross.1,
        t => lanes[t].0,
    };
    // best[u][c]: lanes 0..u in c bands, as (widest, narrowest, last cut).
    let mut best = vec![vec![None::<(f32, f32, usize)>; n + 1]; m + 1];
    best[0][0] = Some((0.0, f32::INFINITY, 0));
    for u in 1..=m {
        for c in 1..=n.min(u) {
            for t in (c - 1)..u {
                let Some((wide, narrow, _)) = best[t][c - 1] else {
                    continue;
                };
                let w = edge(u) - edge(t);
                if w > room && u > t + 1 {
                    continue;
                }
                let cand = (wide.max(w), narrow.min(w), t);
                let better = best[u][c].is_none_or(|(bw, bn, _)| {
                    cand.0 < bw - 0.01 || ((cand.0 - bw).abs() <= 0.01 && cand.1 > bn + 0.01)
                });
                if better {
                    best[u][c] = Some(cand);
                }
            }
        }
    }
    let mut cuts = vec![m];
    let (mut u, mut c) = (m, n);
    while c > 0 {
        let (_, _, t) = best[u][c]?;
        cuts.push(t);
        u = t;
        c -= 1;
    }
    cuts.reverse();
    Some(cuts.windows(2).map(|w| (edge(w[0]), edge(w[1]))).collect())
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
    let mut tight: Vec<(f64, f64)> = d
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
        .collect();
    let mut busy: Vec<(f64, f64)> = tight.iter().copied().map(widen).collect();
    busy.sort_by(|a, b| a.0.total_cmp(&b.0));
    tight.sort_by(|a, b| a.0.total_cmp(&b.0));
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
        // Where things stand closer than the clearance all along the page
        // (a choice's outcome label 2 px past its diamond), a cut in the
        // narrow gap between two of them still cuts nothing.
        let snug = tight
            .iter()
            .map(|&(_, b)| b + 1.0)
            .filter(|&c| c > top + room / 4.0 && c <= limit && inside(c, &tight) == 0)
            .max_by(f64::total_cmp);
        let cut = whole
            .or(free)
            .or(snug)
            .or(least.map(|l| l.1))
            .unwrap_or(limit);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{EdgePath, Point, TextBlock};
    use crate::model::FlowKind;

    /// A BPMN-form drawing 300 px long whose flow labels, each 20 px long,
    /// stand 2 px apart from end to end: closer than the clearance
    /// everywhere, so no cut keeps its distance from all of them.
    fn snug_labels() -> Diagram {
        let label = |x: f64| EdgePath {
            from: 0,
            to: 1,
            points: vec![
                Point { x, y: 10.0 },
                Point {
                    x: x + 20.0,
                    y: 10.0,
                },
            ],
            label: Some(TextBlock {
                rect: Rect {
                    x,
                    y: 20.0,
                    w: 20.0,
                    h: 10.0,
                },
                lines: vec!["да".into()],
                size: 10.0,
                ..TextBlock::default()
            }),
            back: false,
            kind: FlowKind::Sequence,
        };
        Diagram {
            width: 300.0,
            height: 100.0,
            orientation: Orientation::Bpmn,
            title: Vec::new(),
            frame: Rect {
                x: 0.0,
                y: 0.0,
                w: 300.0,
                h: 100.0,
            },
            lanes: Vec::new(),
            shapes: Vec::new(),
            edges: (0..14).map(|i| label(f64::from(i) * 22.0)).collect(),
        }
    }

    #[test]
    fn where_labels_stand_closer_than_the_clearance_a_cut_passes_between_two() {
        let d = snug_labels();
        let pieces = paginate(&d, d.width, 100.0, 100.0);
        assert!(pieces.len() >= 3, "{pieces:?}");
        for cut in pieces[..pieces.len() - 1].iter().map(|s| s.to) {
            for l in d.edges.iter().filter_map(|e| e.label.as_ref()) {
                let (a, b) = along(&d, &l.rect);
                assert!(
                    !(a < cut && cut < b),
                    "the cut at {cut} passes through the label at {a}..{b}: {pieces:?}"
                );
            }
        }
    }
}
