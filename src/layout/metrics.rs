//! Figures of a layout's quality, computed from its geometry alone, so
//! that tests and the benchmark judge every result the same way.

use super::geometry::{Diagram, Point, Rect};
use super::spatial::{rect_bounds, segment_bounds, Buckets};
use crate::model::{FlowKind, NodeKind};

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    /// Pairs of nodes whose extents overlap.
    pub overlapping_shapes: usize,
    /// Edge segments passing through a node (other than leaving or entering its own ends).
    pub edges_through_shapes: usize,
    /// Nodes not wholly inside their lane's band (below its header).
    pub nodes_outside_lane: usize,
    /// Labels overlapping a node, another label, or any edge.
    pub label_overlaps: usize,
    /// Points where two edges cross.
    pub edge_crossings: usize,
    /// Stretches where two edges run along each other.
    pub edge_overlaps: usize,
    /// Pairs of flows into one node that join before it (not a defect).
    pub joins: usize,
    /// The most arrowheads on one node: distinct points where flows end on it.
    pub max_arrowheads: usize,
    /// A choice's outcomes that do not leave from a corner of the diamond
    /// of their own (a corner holds one flow): from a slanted edge a reader
    /// cannot tell where one outcome ends and the next begins.
    pub outcomes_off_corner: usize,
    /// Outcome labels that are not beside the first segment of their own
    /// flow, or that have another flow as close: a reader cannot tell
    /// which line they name.
    pub labels_astray: usize,
    pub bends: usize,
    pub edge_length: f64,
    pub area: f64,
    /// Area of the symbols over the area of the lanes.
    pub compactness: f64,
}

impl Metrics {
    /// The figures that must be zero for any acceptable layout.
    pub fn defects(&self) -> usize {
        self.overlapping_shapes
            + self.edges_through_shapes
            + self.nodes_outside_lane
            + self.label_overlaps
    }
}

type Seg = (Point, Point);

fn segments(pts: &[Point]) -> Vec<Seg> {
    pts.windows(2).map(|w| (w[0], w[1])).collect()
}

pub fn measure(d: &Diagram) -> Metrics {
    measure_with(d, &mut |_| {})
}

/// Descriptions of every defect (for messages and debugging).
pub fn defect_list(d: &Diagram) -> Vec<String> {
    let mut v = Vec::new();
    measure_with(d, &mut |s| v.push(s));
    v
}

fn measure_with(d: &Diagram, report: &mut dyn FnMut(String)) -> Metrics {
    let mut m = Metrics::default();
    let s = &d.shapes;
    let cell = if s.is_empty() {
        100.0
    } else {
        (s.iter().map(|x| x.bounds.w.max(x.bounds.h)).sum::<f64>() / s.len() as f64 * 1.5).max(20.0)
    };
    let mut near_shapes = Buckets::new(cell);
    for (i, sh) in s.iter().enumerate() {
        near_shapes.insert(i, rect_bounds(&sh.bounds));
    }
    for i in 0..s.len() {
        for j in near_shapes.near(rect_bounds(&s[i].bounds)) {
            if j > i && s[i].bounds.overlaps(&s[j].bounds) {
                m.overlapping_shapes += 1;
                report(format!("shapes {} and {} overlap", s[i].id, s[j].id));
            }
        }
        let lane = &d.lanes[s[i].lane.min(d.lanes.len().saturating_sub(1))];
        let inner = inside_of(d, lane.band, lane.header);
        if !inner.contains_rect(&s[i].bounds) {
            m.nodes_outside_lane += 1;
            report(format!(
                "{} is outside its lane: {:?} not in {:?}",
                s[i].id, s[i].bounds, inner
            ));
        }
    }
    let segs: Vec<Vec<Seg>> = d.edges.iter().map(|e| segments(&e.points)).collect();
    // Every segment once: (edge, its index along the edge, ends).
    let flat: Vec<(usize, usize, Seg)> = segs
        .iter()
        .enumerate()
        .flat_map(|(k, v)| v.iter().enumerate().map(move |(si, &sg)| (k, si, sg)))
        .collect();
    let mut near_segs = Buckets::new(cell);
    for (g, &(_, _, (a, b))) in flat.iter().enumerate() {
        near_segs.insert(g, segment_bounds(a, b, 1.0));
    }
    for (k, e) in d.edges.iter().enumerate() {
        m.bends += e.points.len().saturating_sub(2);
        let last = segs[k].len().saturating_sub(1);
        for (si, &(a, b)) in segs[k].iter().enumerate() {
            m.edge_length += (a.x - b.x).abs() + (a.y - b.y).abs();
            for j in near_shapes.near(segment_bounds(a, b, 0.0)) {
                let sh = &s[j];
                let leaving = si == 0 && sh.node == e.from;
                let entering = si == last && sh.node == e.to;
                let r = if leaving || entering {
                    shrink_from_port(sh.bounds, a, b, leaving)
                } else {
                    sh.bounds
                };
                if r.hit_by_segment(a, b) {
                    m.edges_through_shapes += 1;
                    report(format!(
                        "edge {}→{} segment {si} {a:?}–{b:?} passes through {}",
                        s[e.from].id, s[e.to].id, sh.id
                    ));
                }
            }
        }
    }
    // Crossings are counted and overlaps listed by sweeping (sweep.rs):
    // a test of every pair near each other grew with the square of the
    // flows where thousands of message flows cross.
    let plain: Vec<super::sweep::Segment> = flat.iter().map(|&(k, _, sg)| (k, sg)).collect();
    m.edge_crossings = super::sweep::crossings(&plain);
    for (g, h) in super::sweep::overlaps(&plain) {
        let ((k, sk, (a, b)), (l, sl, (c, dd))) = (flat[g], flat[h]);
        // Two flows into one node that share their last leg have joined
        // before it: one line, one arrowhead, as a flowchart draws it.
        let (lk, ll) = (
            segs[k].len().saturating_sub(1),
            segs[l].len().saturating_sub(1),
        );
        let join = d.edges[k].to == d.edges[l].to
            && sk == lk
            && sl == ll
            && (b.x - dd.x).abs() < 0.01
            && (b.y - dd.y).abs() < 0.01;
        if join {
            m.joins += 1;
        } else {
            m.edge_overlaps += 1;
            let (e, f) = (&d.edges[k], &d.edges[l]);
            report(format!(
                "edges {}→{} and {}→{} run along each other at {a:?}–{b:?} / {c:?}–{dd:?}",
                s[e.from].id, s[e.to].id, s[f.from].id, s[f.to].id
            ));
        }
    }
    // The edges with a segment through `r`, ascending.
    let edges_through = |r: &Rect| {
        let mut v: Vec<usize> = near_segs
            .near(rect_bounds(r))
            .into_iter()
            .filter(|&g| {
                let (_, _, (a, b)) = flat[g];
                r.hit_by_segment(a, b)
            })
            .map(|g| flat[g].0)
            .collect();
        v.dedup();
        v
    };
    // An event's caption crossed by a flow, its own included: a person
    // cannot read it.
    for sh in s.iter().filter(|sh| {
        matches!(
            sh.kind,
            NodeKind::Start | NodeKind::End | NodeKind::Event | NodeKind::Document
        )
    }) {
        for t in sh.text.iter().filter(|t| !t.lines.is_empty()) {
            for k in edges_through(&t.rect) {
                let e = &d.edges[k];
                m.label_overlaps += 1;
                report(format!(
                    "the caption of {} is crossed by edge {}→{}",
                    sh.id, s[e.from].id, s[e.to].id
                ));
            }
        }
    }
    let mut ends: std::collections::BTreeMap<usize, Vec<(i64, i64)>> = Default::default();
    for e in &d.edges {
        if let Some(p) = e.points.last() {
            let at = ((p.x * 10.0).round() as i64, (p.y * 10.0).round() as i64);
            let v = ends.entry(e.to).or_default();
            if !v.contains(&at) {
                v.push(at);
            }
        }
    }
    m.max_arrowheads = ends.values().map(Vec::len).max().unwrap_or(0);
    choice_figures(d, &flat, &near_segs, &mut m, report);
    let labels: Vec<(usize, Rect)> = d
        .edges
        .iter()
        .enumerate()
        .filter_map(|(k, e)| e.label.as_ref().map(|l| (k, l.rect)))
        .collect();
    let mut near_labels = Buckets::new(cell);
    for (i, (_, r)) in labels.iter().enumerate() {
        near_labels.insert(i, rect_bounds(r));
    }
    for (i, &(_, r)) in labels.iter().enumerate() {
        let b = rect_bounds(&r);
        let hits_shape = near_shapes
            .near(b)
            .into_iter()
            .any(|j| s[j].bounds.overlaps(&r));
        let hits_label = near_labels
            .near(b)
            .into_iter()
            .any(|j| j != i && labels[j].1.overlaps(&r));
        let hits_edge = !edges_through(&r).is_empty();
        if hits_shape || hits_label || hits_edge {
            m.label_overlaps += 1;
            let e = &d.edges[labels[i].0];
            report(format!("label of {}→{} at {r:?} overlaps (shape {hits_shape}, label {hits_label}, edge {hits_edge})", s[e.from].id, s[e.to].id));
        }
    }
    m.area = d.width * d.height;
    let shapes_area: f64 = s.iter().map(|x| x.body.w * x.body.h).sum();
    m.compactness = if d.frame.w * d.frame.h > 0.0 {
        shapes_area / (d.frame.w * d.frame.h)
    } else {
        0.0
    };
    m
}

/// How far from its own first segment an outcome's label may lie; no other
/// flow may come as near, or the label stands between two lines.
pub(crate) const BESIDE: f64 = 8.0;

/// Distance between a rectangle and an axis-parallel segment, and whether
/// the rectangle lies beside the segment (its extent along the segment
/// overlaps the segment's).
pub(crate) fn beside(r: &Rect, (a, b): Seg) -> (f64, bool) {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    let dx = (r.x - x1).max(x0 - r.right()).max(0.0);
    let dy = (r.y - y1).max(y0 - r.bottom()).max(0.0);
    let along = if (y1 - y0).abs() < 0.01 {
        r.x < x1 && r.right() > x0
    } else {
        r.y < y1 && r.bottom() > y0
    };
    ((dx * dx + dy * dy).sqrt(), along)
}

/// Choice outcomes off a corner, and outcome labels astray.
fn choice_figures(
    d: &Diagram,
    flat: &[(usize, usize, Seg)],
    near_segs: &Buckets,
    m: &mut Metrics,
    report: &mut dyn FnMut(String),
) {
    let s = &d.shapes;
    let mut used: Vec<Vec<usize>> = vec![Vec::new(); s.len()];
    for e in d.edges.iter().filter(|e| e.kind == FlowKind::Sequence) {
        let Some((sh, p)) = s.get(e.from).zip(e.points.first()) else {
            continue;
        };
        if sh.kind != NodeKind::Choice {
            continue;
        }
        let b = sh.body;
        let corners = [
            (b.cx(), b.y),
            (b.right(), b.cy()),
            (b.cx(), b.bottom()),
            (b.x, b.cy()),
        ];
        let at = corners
            .iter()
            .position(|&(x, y)| (p.x - x).abs() < 1.0 && (p.y - y).abs() < 1.0);
        match at {
            Some(c) if !used[e.from].contains(&c) => used[e.from].push(c),
            _ => {
                m.outcomes_off_corner += 1;
                report(format!(
                    "an outcome of {} leaves at {p:?}, not from a free corner",
                    sh.id
                ));
            }
        }
    }
    for (k, e) in d.edges.iter().enumerate() {
        let Some(l) = &e.label else { continue };
        let r = l.rect;
        let own = match e.points.get(..2) {
            Some(&[a, b]) => beside(&r, (a, b)),
            _ => (f64::INFINITY, false),
        };
        let wide = Rect {
            x: r.x - BESIDE,
            y: r.y - BESIDE,
            w: r.w + 2.0 * BESIDE,
            h: r.h + 2.0 * BESIDE,
        };
        let crowded = near_segs
            .near(rect_bounds(&wide))
            .into_iter()
            .any(|g| flat[g].0 != k && beside(&r, flat[g].2).0 < BESIDE);
        if own.0 > BESIDE || !own.1 || crowded {
            m.labels_astray += 1;
            report(format!(
                "the label of {}→{} at {r:?} is not beside its own line (at {:.0} px, beside {}, another line near {crowded})",
                s.get(e.from).map_or("?", |x| x.id.as_str()),
                s.get(e.to).map_or("?", |x| x.id.as_str()),
                own.0,
                own.1
            ));
        }
    }
}

/// The part of a lane band where nodes may go (below or beside its header).
fn inside_of(d: &Diagram, band: Rect, header: Rect) -> Rect {
    match d.orientation {
        crate::model::Orientation::Table => Rect {
            y: header.bottom(),
            h: band.bottom() - header.bottom(),
            ..band
        },
        crate::model::Orientation::Bpmn => Rect {
            x: header.right(),
            w: band.right() - header.right(),
            ..band
        },
    }
}

/// For the segment that leaves or enters a node, only the part of the
/// node beyond the port counts: an edge may start on the outline of a
/// diamond or circle, inside the node's bounding box.
fn shrink_from_port(r: Rect, a: Point, b: Point, leaving: bool) -> Rect {
    let port = if leaving { a } else { b };
    let other = if leaving { b } else { a };
    let mut r = r;
    if (a.x - b.x).abs() < 0.01 {
        // vertical: cut the rect at the port on the side away from the segment
        if other.y > port.y {
            r.h = 0.0f64.max(port.y - r.y);
        } else {
            let top = port.y;
            r.h = (r.bottom() - top).max(0.0);
            r.y = top;
        }
    } else if other.x > port.x {
        r.w = 0.0f64.max(port.x - r.x);
    } else {
        r.w = (r.right() - port.x).max(0.0);
        r.x = port.x;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{layout, Options};
    use crate::model::{load_str, Lang, Orientation};

    /// A choice drawn with its outcomes at its corners, then with one
    /// outcome moved onto a slanted edge and one label moved off its line:
    /// each is counted.
    #[test]
    fn an_outcome_off_its_corner_and_a_label_off_its_line_are_counted() {
        let src = r#"Process(service: "У", lanes: [Lane(id: "a", name: "Сотрудник"), Lane(id: "b", name: "Руководитель")], nodes: [
            Start(lane: "a"),
            Step(n: "1", lane: "a", text: "Прием документов"),
            Choice(id: "c", lane: "a", question: "Документы полные?", outcomes: [
                (label: "да", to: "2"),
                (label: "нет", to: "3"),
            ]),
            Step(id: "2", n: "2", lane: "a", text: "Регистрация"),
            End(lane: "a", result: "Результат"),
            Step(id: "3", n: "3", lane: "b", text: "Отказ"),
            End(lane: "b", result: "Отказ"),
        ])"#;
        let p = load_str(std::path::Path::new("c.ron"), src)
            .unwrap()
            .process;
        let mut d = layout(
            &p,
            &Options {
                lang: Lang::Ru,
                orientation: Some(Orientation::Table),
            },
        );
        let m = measure(&d);
        assert_eq!(
            (m.outcomes_off_corner, m.labels_astray),
            (0, 0),
            "{:?}",
            defect_list(&d)
        );
        let c = d
            .shapes
            .iter()
            .position(|s| s.kind == NodeKind::Choice)
            .unwrap();
        let b = d.shapes[c].body;
        let k = d.edges.iter().position(|e| e.from == c).unwrap();
        // A quarter of the way along the lower slanted edge.
        d.edges[k].points[0] = Point {
            x: b.x + b.w / 4.0,
            y: b.y + b.h * 0.75,
        };
        if let Some(l) = d.edges[k].label.as_mut() {
            l.rect.y -= 300.0;
        }
        let m = measure(&d);
        assert_eq!(m.outcomes_off_corner, 1, "{:?}", defect_list(&d));
        assert!(m.labels_astray >= 1, "{:?}", defect_list(&d));
    }
}
