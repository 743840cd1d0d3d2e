//! Geometry → BPMN 2.0 XML with diagram interchange (BPMN DI), so a model
//! opens in bpmn.io, Camunda Modeler and other BPMN tools as drawn here.
//!
//! The semantics: one collaboration with one participant (the pool of the
//! service provider) whose process has one lane per lane of the model.
//! Start → `startEvent`, End → `endEvent` (named by its result), Step →
//! `task`, Ref → `callActivity`, Choice → `exclusiveGateway`; a choice's
//! outcomes are named `sequenceFlow`s whose natural-language condition is
//! the outcome. Step numbers, durations and results go into
//! `documentation`, which other tools keep, and as data in attributes of
//! regflow's own namespace ([`NS_REGFLOW`]: `regflow:n`, `regflow:time`,
//! lane kinds…), which tools keep and ignore, so that `regflow import`
//! reads the model back whole.
//!
//! The drawing: every shape, lane and edge takes its coordinates from the
//! same [`Diagram`] the SVG draws.
//!
//! Interop rules this follows (see the BPMN notes in shared/): XML ids are
//! ASCII only (bpmn-moddle rejects others and bpmn-js then draws nothing);
//! children come in schema order (`documentation`, then `incoming*`, then
//! `outgoing*`); lanes always sit inside a participant.

use super::xml::{Tag, Xml};
use crate::layout::{Diagram, Point, Rect, TextBlock};
use crate::model::{EventKind, FlowKind, Lang, Node, Orientation, Process};
use std::collections::HashMap;

const NS_BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const NS_BPMNDI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
const NS_DC: &str = "http://www.omg.org/spec/DD/20100524/DC";
const NS_DI: &str = "http://www.omg.org/spec/DD/20100524/DI";
/// The namespace of the definitions; models have no URI of their own.
pub const TARGET_NAMESPACE: &str = "urn:regflow:process";
/// The namespace of regflow's own attributes (the model's fields BPMN has
/// no place for); values are the model's RON for structured fields.
pub const NS_REGFLOW: &str = "urn:regflow:bpmn";
/// How far the pool's header strip reaches out of the lanes' frame:
/// bpmn-js draws the pool name in a 30 px strip and each lane name in a
/// 30 px strip at the lane's own start, so a pool exactly as large as the
/// lanes would print both names on top of each other.
pub const POOL_HEADER: f64 = 30.0;

mod attrs;
use crate::bpmnjs_text;
mod di;
mod fit;
mod grid;
mod ids;
mod joins;
mod messages;
pub mod notes;

pub use attrs::other;
use attrs::Attrs;
use attrs::{
    flow_notes, node_doc, others, process_doc, regflow_lane, regflow_node, regflow_process,
};
pub use di::pool_bounds;
use di::{edge, free_label, link, shape, union, widen};
use grid::Grid;
pub(crate) use ids::ascii;
pub use ids::Ids;

/// The BPMN 2.0 XML of a process drawn as `d`.
pub fn bpmn(p: &Process, d: &Diagram, lang: Lang) -> String {
    let def = p.default_lang();
    let ids = Ids::new(p);
    let edges = p.all_edges();
    // Which drawn edge is which model edge: by kind and (from, to) in order.
    let mut drawn: HashMap<(FlowKind, usize, usize), Vec<usize>> = HashMap::new();
    for (k, e) in d.edges.iter().enumerate().rev() {
        drawn.entry((e.kind, e.from, e.to)).or_default().push(k);
    }
    let edge_path: Vec<Option<usize>> = edges
        .iter()
        .map(|e| drawn.get_mut(&(e.kind, e.from, e.to)).and_then(Vec::pop))
        .collect();
    let is = |k: usize, kind: FlowKind| edges[k].kind == kind;
    // Each node's sequence flows in and out, in flow order.
    let mut incoming = vec![Vec::new(); p.nodes.len()];
    let mut outgoing = vec![Vec::new(); p.nodes.len()];
    for (k, e) in edges
        .iter()
        .enumerate()
        .filter(|(k, _)| is(*k, FlowKind::Sequence))
    {
        incoming[e.to].push(k);
        outgoing[e.from].push(k);
    }
    // A converging gateway before each node several flows lead into.
    let obstacles: Vec<Rect> = d
        .shapes
        .iter()
        .flat_map(|s| std::iter::once(s.body).chain(s.text.iter().map(|t| t.rect)))
        .chain(
            d.edges
                .iter()
                .filter_map(|e| e.label.as_ref().map(|t| t.rect)),
        )
        .collect();
    let joins = place_joins(p, d, &incoming, &edge_path, &obstacles);
    let join_id = |i: usize| format!("Join_{}", ids.nodes[i]);
    let join_flow = |i: usize| format!("Flow_join_{}", ids.nodes[i]);
    // Where a flow now ends: at the join before its node, or at the node.
    let target_of = |k: usize| match &joins[edges[k].to] {
        Some(_) => join_id(edges[k].to),
        None => ids.nodes[edges[k].to].clone(),
    };
    // Ordered, so the paths are rewritten in one order on every run.
    let mut rerouted: std::collections::BTreeMap<usize, &[Point]> = Default::default();
    for j in joins.iter().flatten() {
        for (k, pts) in &j.ins {
            rerouted.insert(*k, pts.as_slice());
        }
    }
    let msgs = messages::plan(p, &edges, &ids, lang);
    // Every drawn flow as the BPMN draws it: led into its join, its ends
    // on the boxes made taller for bpmn.io's text.
    let mut paths: Vec<Vec<Point>> = d.edges.iter().map(|e| e.points.clone()).collect();
    for (k, pts) in &rerouted {
        if let Some(dk) = edge_path[*k] {
            paths[dk] = pts.to_vec();
        }
    }
    let grown = grow_boxes(p, d, lang, &obstacles, &joins, &paths);
    let drawn_box = shapes_by_node(p, d);
    let shape_of = |i: usize| drawn_box.get(i).copied().flatten();
    for (dk, e) in d.edges.iter().enumerate() {
        for end in [e.from, e.to] {
            let Some(new) = grown[end] else { continue };
            if let Some(old) = shape_of(end) {
                paths[dk] = fit::redock(&paths[dk], old, new);
            }
        }
    }

    let mut out = Xml::indented();
    out.decl();
    out.open(
        Tag::new("bpmn:definitions")
            .attr("xmlns:bpmn", NS_BPMN)
            .attr("xmlns:bpmndi", NS_BPMNDI)
            .attr("xmlns:dc", NS_DC)
            .attr("xmlns:di", NS_DI)
            .attr("xmlns:regflow", NS_REGFLOW)
            .attr("id", "Definitions_1")
            .attr("targetNamespace", TARGET_NAMESPACE)
            .attr("exporter", "regflow")
            .attr("exporterVersion", env!("CARGO_PKG_VERSION")),
    );
    let title = super::title(p, lang);
    // The messages the model's message flows carry (see `messages`).
    for m in &msgs.list {
        messages::element(&mut out, m);
    }

    // The collaboration: one pool, the service provider.
    out.open(Tag::new("bpmn:collaboration").attr("id", "Collaboration_1"));
    out.empty(
        Tag::new("bpmn:participant")
            .attr("id", "Participant_1")
            .attr("name", p.service.get(lang, def))
            .attr("processRef", "Process_1"),
    );
    out.close("bpmn:collaboration");

    // The process.
    out.open(
        Tag::new("bpmn:process")
            .attr("id", "Process_1")
            .attr("name", &title)
            .attr("isExecutable", "false")
            .attrs(&regflow_process(p, lang)),
    );
    if let Some(doc) = process_doc(p, lang) {
        out.text(Tag::new("bpmn:documentation"), &doc);
    }
    out.open(Tag::new("bpmn:laneSet").attr("id", "LaneSet_1"));
    for (li, lane) in p.lanes.iter().enumerate() {
        out.open(
            Tag::new("bpmn:lane")
                .attr("id", &ids.lanes[li])
                .attr("name", lane.name.get(lang, def))
                .attrs(&regflow_lane(lane, lang, def)),
        );
        for (i, n) in p.nodes.iter().enumerate() {
            // Data objects are not flow nodes: a lane does not list them.
            if n.lane() == lane.id && n.in_flow() {
                if joins[i].is_some() {
                    out.text(Tag::new("bpmn:flowNodeRef"), &join_id(i));
                }
                out.text(Tag::new("bpmn:flowNodeRef"), &ids.nodes[i]);
            }
        }
        out.close("bpmn:lane");
    }
    out.close("bpmn:laneSet");

    for (i, n) in p.nodes.iter().enumerate() {
        if let Node::Document { text, .. } = n {
            out.empty(
                Tag::new("bpmn:dataObjectReference")
                    .attr("id", &ids.nodes[i])
                    .attr("name", text.get(lang, def))
                    .attr("dataObjectRef", &format!("{}_Object", ids.nodes[i]))
                    .attrs(&regflow_node(n, lang, def))
                    .attrs(&others(&[("name", Some(text))], lang, def)),
            );
            out.empty(Tag::new("bpmn:dataObject").attr("id", &format!("{}_Object", ids.nodes[i])));
            continue;
        }
        if joins[i].is_some() {
            // The join: unnamed (bpmnlint asks names of forks only), marked
            // as regflow's so a reader of the file knows the model has none.
            out.open(
                Tag::new("bpmn:exclusiveGateway")
                    .attr("id", &join_id(i))
                    .attr("gatewayDirection", "Converging")
                    .attr("regflow:join", "true"),
            );
            for &k in &incoming[i] {
                out.text(Tag::new("bpmn:incoming"), &ids.flows[k]);
            }
            out.text(Tag::new("bpmn:outgoing"), &join_flow(i));
            out.close("bpmn:exclusiveGateway");
        }
        let tag = match n {
            Node::Start { .. } => "startEvent",
            Node::End { .. } => "endEvent",
            Node::Step { .. } => msgs.task_tag(i),
            Node::Ref { .. } => "callActivity",
            Node::Choice { .. } => "exclusiveGateway",
            Node::Event {
                event: EventKind::Message,
                throw: false,
                ..
            }
            | Node::Event {
                event: EventKind::Timer,
                ..
            } => "intermediateCatchEvent",
            Node::Event { .. } => "intermediateThrowEvent",
            Node::Document { .. } => "dataObjectReference",
        };
        let name = n.label().map(|t| t.get(lang, def)).unwrap_or("");
        let mut el = Tag::new(format!("bpmn:{tag}")).attr("id", &ids.nodes[i]);
        if !name.trim().is_empty() {
            el = el.attr("name", name);
        } else if let Some(word) = start_name(n, lang) {
            // bpmnlint (label-required) and a reader expect every start
            // named; the regulation's word, marked so import leaves the
            // model's start without a text.
            el = el.attr("name", word).attr("regflow:unnamed", "true");
        }
        if let Some(m) = msgs.task_ref(i) {
            el = el.attr("messageRef", m);
        }
        out.open(el.attrs(&regflow_node(n, lang, def)).attrs(&others(
            &[("name", n.label())],
            lang,
            def,
        )));
        if let Some(doc) = node_doc(n, lang, def) {
            out.text(Tag::new("bpmn:documentation"), &doc);
        }
        if joins[i].is_some() {
            out.text(Tag::new("bpmn:incoming"), &join_flow(i));
        } else {
            for &k in &incoming[i] {
                out.text(Tag::new("bpmn:incoming"), &ids.flows[k]);
            }
        }
        for &k in &outgoing[i] {
            out.text(Tag::new("bpmn:outgoing"), &ids.flows[k]);
        }
        let definition = match n.event() {
            EventKind::Plain => None,
            EventKind::Message => Some("messageEventDefinition"),
            EventKind::Timer => Some("timerEventDefinition"),
            EventKind::Error => Some("errorEventDefinition"),
        };
        if let Some(def_tag) = definition {
            let mut el = Tag::new(format!("bpmn:{def_tag}"))
                .attr("id", &format!("{}_Definition", ids.nodes[i]));
            if let Some(m) = msgs.event_ref(i, n) {
                el = el.attr("messageRef", m);
            }
            out.empty(el);
        }
        out.close(&format!("bpmn:{tag}"));
    }

    let mut flow_notes = flow_notes(p);
    for (k, e) in edges
        .iter()
        .enumerate()
        .filter(|(k, _)| is(*k, FlowKind::Sequence))
    {
        let notes = flow_notes.remove(&(e.from, e.to)).unwrap_or_default();
        let mut el = Tag::new("bpmn:sequenceFlow").attr("id", &ids.flows[k]);
        let label = e
            .label
            .as_ref()
            .map(|t| t.get(lang, def))
            .filter(|s| !s.trim().is_empty());
        if let Some(l) = label {
            el = el
                .attr("name", l)
                .attrs(&others(&[("name", e.label.as_ref())], lang, def));
        }
        let el = el
            .attr("sourceRef", &ids.nodes[e.from])
            .attr("targetRef", &target_of(k));
        if label.is_none() && notes.is_empty() {
            out.empty(el);
            continue;
        }
        out.open(el);
        for n in notes {
            out.text(Tag::new("bpmn:documentation"), n.get(lang, def));
        }
        // The condition in natural language (a plain tExpression): the
        // outcome of the choice.
        if let Some(l) = label {
            out.text(Tag::new("bpmn:conditionExpression"), l);
        }
        out.close("bpmn:sequenceFlow");
    }
    for j in joins.iter().flatten() {
        out.empty(
            Tag::new("bpmn:sequenceFlow")
                .attr("id", &join_flow(j.target))
                .attr("sourceRef", &join_id(j.target))
                .attr("targetRef", &ids.nodes[j.target])
                .attr("regflow:join", "true"),
        );
    }
    // Documents hang on the step that produces them.
    for (k, e) in edges
        .iter()
        .enumerate()
        .filter(|(k, _)| is(*k, FlowKind::Association))
    {
        out.empty(
            Tag::new("bpmn:association")
                .attr("id", &ids.flows[k])
                .attr("associationDirection", "One")
                .attr("sourceRef", &ids.nodes[e.from])
                .attr("targetRef", &ids.nodes[e.to]),
        );
    }
    // Notes: the number and the duration beside each step; what each
    // message says beside the flow that carries it.
    let term_notes: Vec<(usize, String)> = p
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| notes::term_text(p, n, lang).map(|t| (i, t)))
        .collect();
    for (i, text) in &term_notes {
        let id = &ids.nodes[*i];
        out.open(
            Tag::new("bpmn:textAnnotation")
                .attr("id", &format!("Note_{id}"))
                .attr("regflow:note", "term"),
        );
        out.text(Tag::new("bpmn:text"), text);
        out.close("bpmn:textAnnotation");
        out.empty(
            Tag::new("bpmn:association")
                .attr("id", &format!("Link_{id}"))
                .attr("sourceRef", id)
                .attr("targetRef", &format!("Note_{id}")),
        );
    }
    for m in &msgs.list {
        messages::note(&mut out, m, &ids, &edges);
    }
    out.close("bpmn:process");

    // Diagram interchange.
    let horizontal = match d.orientation {
        Orientation::Table => "false",
        Orientation::Bpmn => "true",
    };
    out.open(
        Tag::new("bpmndi:BPMNDiagram")
            .attr("id", "BPMNDiagram_1")
            .attr("name", &title),
    );
    out.open(
        Tag::new("bpmndi:BPMNPlane")
            .attr("id", "BPMNPlane_1")
            .attr("bpmnElement", "Collaboration_1"),
    );
    let pool = pool_bounds(d);
    let across = [("isHorizontal", horizontal)];
    shape(&mut out, "Participant_1", &across, pool, None);
    for (li, lane) in p.lanes.iter().enumerate() {
        if let Some(lb) = d.lanes.iter().find(|l| l.id == lane.id) {
            shape(&mut out, &ids.lanes[li], &across, lb.band, None);
        }
    }
    for s in &d.shapes {
        let Some(id) = ids.nodes.get(s.node) else {
            continue;
        };
        if let Some(j) = &joins[s.node] {
            shape(&mut out, &join_id(s.node), &[], j.body, None);
        }
        let label = union(s.text.iter().map(|t| t.rect));
        let label = match &p.nodes[s.node] {
            // A start named only in the BPMN: its name beside the circle.
            n if start_name(n, lang).is_some() => {
                start_name(n, lang).map(|w| free_label(d, s.body, w))
            }
            // A task's name is drawn inside it: tools ignore its label bounds.
            Node::Step { .. } | Node::Ref { .. } => None,
            // The question stays inside the diamond.
            Node::Choice { .. } => label.map(|r| widen(r, 1.2, s.body.w * 0.62)),
            _ => label.map(|r| widen(r, 1.2, f64::INFINITY)),
        };
        shape(&mut out, id, &[], grown[s.node].unwrap_or(s.body), label);
    }
    let body_of = |i: usize| grown[i].or_else(|| shape_of(i));
    // What a note must keep clear of, looked up near each note.
    let mut taken: Grid<Rect> = Grid::default();
    for r in d
        .shapes
        .iter()
        .flat_map(|s| std::iter::once(s.body).chain(s.text.iter().map(|t| t.rect)))
        .chain(
            d.edges
                .iter()
                .filter_map(|e| e.label.as_ref().map(|t| t.rect)),
        )
        .chain(d.lanes.iter().map(|l| l.header))
        .chain(joins.iter().flatten().map(|j| j.body))
        .chain(grown.iter().flatten().copied())
    {
        taken.insert(r, r);
    }
    for (i, text) in &term_notes {
        let Some(body) = body_of(*i) else { continue };
        let [above, below] = notes::spots(body, text);
        let near = taken.near(union([above, below].into_iter()).unwrap_or(above));
        let note = notes::place(d.frame, body, text, &near);
        taken.insert(note, note);
        let id = &ids.nodes[*i];
        shape(&mut out, &format!("Note_{id}"), &[], note, None);
        link(&mut out, &format!("Link_{id}"), body, note);
    }
    for (k, path) in edge_path.iter().enumerate() {
        if is(k, FlowKind::Message) {
            continue;
        }
        let Some((e, points)) = path.and_then(|k| Some((d.edges.get(k)?, &paths[k]))) else {
            continue;
        };
        edge(
            &mut out,
            &ids.flows[k],
            points,
            e.label
                .as_ref()
                .map(|t: &TextBlock| widen(t.rect, 1.3, f64::INFINITY)),
        );
    }
    for j in joins.iter().flatten() {
        let pts = match (grown[j.target], shape_of(j.target)) {
            (Some(new), Some(old)) => fit::redock(&j.out, old, new),
            _ => j.out.clone(),
        };
        edge(&mut out, &join_flow(j.target), &pts, None);
    }
    for m in &msgs.list {
        let path = edge_path[m.edge].and_then(|k| d.edges.get(k));
        let carrier = m.carrier.and_then(|k| {
            rerouted
                .get(&k)
                .copied()
                .or_else(|| edge_path[k].map(|dk| d.edges[dk].points.as_slice()))
        });
        if let Some((note, a, b)) = messages::geometry(d, m, path, carrier, body_of(m.from)) {
            shape(&mut out, &m.note_id(), &[], note, None);
            edge(&mut out, &m.link_id(), &[a, b], None);
        }
    }
    out.close("bpmndi:BPMNPlane");
    out.close("bpmndi:BPMNDiagram");
    out.close("bpmn:definitions");
    out.finish(true)
}

/// A converging gateway before each node several flows lead into, placed
/// one after another: each clear of the shapes, of the joins placed before
/// it and of every flow as drawn so far (the flows already led into a
/// join included), so no flow runs through a diamond. Shapes and flows are
/// looked up in grids, so each join reads only what is near its flows.
fn place_joins(
    p: &Process,
    d: &Diagram,
    incoming: &[Vec<usize>],
    edge_path: &[Option<usize>],
    obstacles: &[Rect],
) -> Vec<Option<joins::Join>> {
    // Each drawn flow as it now runs, its segments filed by the drawn
    // edge they belong to (`None`: a join's flow into its node).
    let mut paths: Vec<Vec<Point>> = d.edges.iter().map(|e| e.points.clone()).collect();
    let mut flows: Grid<(Option<usize>, Point, Point)> = Grid::default();
    let mut filed: Vec<Vec<usize>> = paths
        .iter()
        .enumerate()
        .map(|(dk, pts)| file_path(&mut flows, Some(dk), pts))
        .collect();
    let mut rects: Grid<Rect> = Grid::default();
    for r in obstacles {
        rects.insert(*r, *r);
    }
    let mut out = vec![None; p.nodes.len()];
    for i in 0..p.nodes.len() {
        if incoming[i].len() < 2 {
            continue;
        }
        let Some(drawn) = incoming[i]
            .iter()
            .map(|&k| edge_path[k])
            .collect::<Option<Vec<usize>>>()
        else {
            continue;
        };
        let Some(lane) = d.lanes.iter().find(|l| l.id == p.nodes[i].lane()) else {
            continue;
        };
        let ins: Vec<(usize, &[Point])> = incoming[i]
            .iter()
            .zip(&drawn)
            .map(|(&k, &dk)| (k, paths[dk].as_slice()))
            .collect();
        let Some(area) = joins::reach(&ins) else {
            continue;
        };
        let others: Vec<(Point, Point)> = flows
            .near(area)
            .into_iter()
            .filter(|(owner, _, _)| owner.is_none_or(|dk| !drawn.contains(&dk)))
            .map(|(_, a, b)| (a, b))
            .collect();
        let near_rects = rects.near(area);
        let avoid = joins::Obstacles {
            rects: &near_rects,
            flows: &others,
        };
        let Some(j) = joins::join(i, &ins, lane.band, avoid) else {
            continue;
        };
        for (k, pts) in &j.ins {
            if let Some(dk) = edge_path[*k] {
                for id in filed[dk].drain(..) {
                    flows.remove(id);
                }
                filed[dk] = file_path(&mut flows, Some(dk), pts);
                paths[dk] = pts.clone();
            }
        }
        file_path(&mut flows, None, &j.out);
        rects.insert(j.body, j.body);
        out[i] = Some(j);
    }
    out
}

/// Files the segments of `pts` under `owner`; their numbers in the grid.
fn file_path<O: Copy>(grid: &mut Grid<(O, Point, Point)>, owner: O, pts: &[Point]) -> Vec<usize> {
    pts.windows(2)
        .map(|w| grid.insert_segment(w[0], w[1], (owner, w[0], w[1])))
        .collect()
}

/// Each node's box as the drawing has it, by node.
fn shapes_by_node(p: &Process, d: &Diagram) -> Vec<Option<Rect>> {
    let mut out = vec![None; p.nodes.len()];
    // The first shape of a node, as a search from the start would find it.
    for s in d.shapes.iter().rev() {
        if let Some(slot) = out.get_mut(s.node) {
            *slot = Some(s.body);
        }
    }
    out
}

/// Each task's and call activity's box made tall enough for the lines
/// bpmn.io wraps its name into, where the drawing has room (`None`: the
/// box as drawn). `paths` are the flows as the BPMN draws them. Shapes and
/// flows are looked up in grids around each box.
fn grow_boxes(
    p: &Process,
    d: &Diagram,
    lang: Lang,
    obstacles: &[Rect],
    joins: &[Option<joins::Join>],
    paths: &[Vec<Point>],
) -> Vec<Option<Rect>> {
    let def = p.default_lang();
    let mut grown: Vec<Option<Rect>> = vec![None; p.nodes.len()];
    // Shapes, each marked whether it is one of `obstacles` (a box's own
    // caption among them is no obstacle to it).
    let mut rects: Grid<(Rect, bool)> = Grid::default();
    for r in obstacles {
        rects.insert(*r, (*r, true));
    }
    for r in joins
        .iter()
        .flatten()
        .map(|j| j.body)
        .chain(d.lanes.iter().map(|l| l.header))
    {
        rects.insert(r, (r, false));
    }
    // Flow segments by the nodes at their ends; a join's flow by its node.
    let mut flows: Grid<((usize, usize), Point, Point)> = Grid::default();
    let mut docked_at: Vec<Vec<&[Point]>> = vec![Vec::new(); p.nodes.len()];
    for (dk, e) in d.edges.iter().enumerate() {
        file_path(&mut flows, (e.from, e.to), &paths[dk]);
        let ends = if e.from == e.to {
            &[e.from][..]
        } else {
            &[e.from, e.to][..]
        };
        for &end in ends {
            if let Some(v) = docked_at.get_mut(end) {
                v.push(&paths[dk]);
            }
        }
    }
    for j in joins.iter().flatten() {
        file_path(&mut flows, (j.target, j.target), &j.out);
        if let Some(v) = docked_at.get_mut(j.target) {
            v.push(&j.out);
        }
    }
    for s in &d.shapes {
        let n = &p.nodes[s.node];
        if !matches!(n, Node::Step { .. } | Node::Ref { .. }) {
            continue;
        }
        let name = n.label().map(|t| t.get(lang, def)).unwrap_or("");
        let need = |w: f64| bpmnjs_text::height(name, w);
        if need(s.body.w) <= s.body.h {
            continue;
        }
        let Some(lane) = d.lanes.iter().find(|l| l.id == n.lane()) else {
            continue;
        };
        let area = fit::reach(s.body, need);
        let near: Vec<Rect> = rects
            .near(area)
            .into_iter()
            .filter(|(r, obstacle)| !(*obstacle && s.body.contains_rect(r)))
            .map(|(r, _)| r)
            .collect();
        let segs: Vec<(Point, Point)> = flows
            .near(area)
            .into_iter()
            .filter(|((from, to), _, _)| *from != s.node && *to != s.node)
            .map(|(_, a, b)| (a, b))
            .collect();
        let room = fit::Room {
            lane: lane.band,
            rects: &near,
            flows: &segs,
            docked: &docked_at[s.node],
        };
        grown[s.node] = fit::grow(s.body, need, room);
        if let Some(r) = grown[s.node] {
            rects.insert(r, (r, false));
        }
    }
    grown
}

/// The name of a start the model leaves without a text: «Начало».
fn start_name(n: &Node, lang: Lang) -> Option<&'static str> {
    match n {
        Node::Start { text, .. } if text.as_ref().is_none_or(|t| t.is_blank()) => {
            Some(match lang {
                Lang::Ru => "Начало",
                Lang::Kk => "Басталуы",
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::ids::unique;
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn durations_read_as_the_regulations_write_them() {
        let p = crate::generate::process(crate::generate::Spec {
            seed: 1,
            nodes: 6,
            lanes: 1,
            max_label: 10,
            loops_percent: 0,
        });
        let step = p
            .nodes
            .iter()
            .find(|n| n.time().is_some())
            .expect("a timed step");
        let doc = node_doc(step, Lang::Ru, Lang::Ru).expect("documentation");
        assert!(
            doc.contains(&step.time().unwrap().phrase(Lang::Ru, Lang::Ru)),
            "{doc}"
        );
    }

    #[test]
    fn ids_are_ascii_and_unique() {
        let mut used = HashSet::new();
        let id = |u: &mut HashSet<String>| unique(u, &format!("Task_{}", ascii("шаг")));
        assert_eq!(id(&mut used), "Task_shag");
        assert_eq!(id(&mut used), "Task_shag_2");
        assert_eq!(ascii("2alt.b-c"), "2alt.b-c");
        assert_eq!(ascii("Қала өтініш"), "Kala_otinish");
        assert_eq!(ascii("№ 5"), "__5");
    }
}
