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

use super::xml::{esc, num};
use crate::layout::{Diagram, Point, Rect, TextBlock};
use crate::model::{EventKind, FlowKind, Lang, Node, Orientation, Process, Text};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

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

mod joins;
mod messages;
pub mod notes;

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
    let joins: Vec<Option<joins::Join>> = (0..p.nodes.len())
        .map(|i| {
            let paths: Option<Vec<(usize, &[Point])>> = incoming[i]
                .iter()
                .map(|&k| edge_path[k].map(|dk| (k, d.edges[dk].points.as_slice())))
                .collect();
            let lane = d.lanes.iter().find(|l| l.id == p.nodes[i].lane())?.band;
            joins::join(i, &paths?, lane, &obstacles)
        })
        .collect();
    let join_id = |i: usize| format!("Join_{}", ids.nodes[i]);
    let join_flow = |i: usize| format!("Flow_join_{}", ids.nodes[i]);
    // Where a flow now ends: at the join before its node, or at the node.
    let target_of = |k: usize| match &joins[edges[k].to] {
        Some(_) => join_id(edges[k].to),
        None => ids.nodes[edges[k].to].clone(),
    };
    let mut rerouted: HashMap<usize, &[Point]> = HashMap::new();
    for j in joins.iter().flatten() {
        for (k, pts) in &j.ins {
            rerouted.insert(*k, pts.as_slice());
        }
    }
    let msgs = messages::plan(p, &edges, &ids, lang);

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<bpmn:definitions xmlns:bpmn=\"{NS_BPMN}\" xmlns:bpmndi=\"{NS_BPMNDI}\" xmlns:dc=\"{NS_DC}\" xmlns:di=\"{NS_DI}\" xmlns:regflow=\"{NS_REGFLOW}\" id=\"Definitions_1\" targetNamespace=\"{TARGET_NAMESPACE}\" exporter=\"regflow\" exporterVersion=\"{}\">",
        env!("CARGO_PKG_VERSION")
    );
    let title = super::title(p, lang);
    // The messages the model's message flows carry (see `messages`).
    for m in &msgs.list {
        out.push_str(&messages::element(m));
    }

    // The collaboration: one pool, the service provider.
    out.push_str("  <bpmn:collaboration id=\"Collaboration_1\">\n");
    let _ = writeln!(
        out,
        "    <bpmn:participant id=\"Participant_1\" name=\"{}\" processRef=\"Process_1\" />",
        attr(p.service.get(lang, def))
    );
    out.push_str("  </bpmn:collaboration>\n");

    // The process.
    let _ = writeln!(
        out,
        "  <bpmn:process id=\"Process_1\" name=\"{}\" isExecutable=\"false\"{}>",
        attr(&title),
        regflow_process(p, lang)
    );
    if let Some(doc) = process_doc(p, lang) {
        documentation(&mut out, 4, &doc);
    }
    out.push_str("    <bpmn:laneSet id=\"LaneSet_1\">\n");
    for (li, lane) in p.lanes.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <bpmn:lane id=\"{}\" name=\"{}\"{}>",
            ids.lanes[li],
            attr(lane.name.get(lang, def)),
            regflow_lane(lane, lang, def)
        );
        for (i, n) in p.nodes.iter().enumerate() {
            // Data objects are not flow nodes: a lane does not list them.
            if n.lane() == lane.id && n.in_flow() {
                if joins[i].is_some() {
                    let _ = writeln!(
                        out,
                        "        <bpmn:flowNodeRef>{}</bpmn:flowNodeRef>",
                        join_id(i)
                    );
                }
                let _ = writeln!(
                    out,
                    "        <bpmn:flowNodeRef>{}</bpmn:flowNodeRef>",
                    ids.nodes[i]
                );
            }
        }
        out.push_str("      </bpmn:lane>\n");
    }
    out.push_str("    </bpmn:laneSet>\n");

    for (i, n) in p.nodes.iter().enumerate() {
        if let Node::Document { text, .. } = n {
            let _ = writeln!(
                out,
                "    <bpmn:dataObjectReference id=\"{}\" name=\"{}\" dataObjectRef=\"{}_Object\"{} />\n    <bpmn:dataObject id=\"{}_Object\" />",
                ids.nodes[i],
                attr(text.get(lang, def)),
                ids.nodes[i],
                regflow_node(n, lang, def) + &others(&[("name", Some(text))], lang, def),
                ids.nodes[i]
            );
            continue;
        }
        if joins[i].is_some() {
            // The join: unnamed (bpmnlint asks names of forks only), marked
            // as regflow's so a reader of the file knows the model has none.
            let _ = writeln!(
                out,
                "    <bpmn:exclusiveGateway id=\"{}\" gatewayDirection=\"Converging\" regflow:join=\"true\">",
                join_id(i)
            );
            for &k in &incoming[i] {
                let _ = writeln!(out, "      <bpmn:incoming>{}</bpmn:incoming>", ids.flows[k]);
            }
            let _ = writeln!(
                out,
                "      <bpmn:outgoing>{}</bpmn:outgoing>\n    </bpmn:exclusiveGateway>",
                join_flow(i)
            );
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
        let _ = write!(out, "    <bpmn:{tag} id=\"{}\"", ids.nodes[i]);
        if !name.trim().is_empty() {
            let _ = write!(out, " name=\"{}\"", attr(name));
        } else if let Some(word) = start_name(n, lang) {
            // bpmnlint (label-required) and a reader expect every start
            // named; the regulation's word, marked so import leaves the
            // model's start without a text.
            let _ = write!(out, " name=\"{word}\" regflow:unnamed=\"true\"");
        }
        if let Some(m) = msgs.task_ref(i) {
            let _ = write!(out, " messageRef=\"{m}\"");
        }
        out.push_str(&regflow_node(n, lang, def));
        out.push_str(&others(&[("name", n.label())], lang, def));
        out.push_str(">\n");
        if let Some(doc) = node_doc(n, lang, def) {
            documentation(&mut out, 6, &doc);
        }
        if joins[i].is_some() {
            let _ = writeln!(out, "      <bpmn:incoming>{}</bpmn:incoming>", join_flow(i));
        } else {
            for &k in &incoming[i] {
                let _ = writeln!(out, "      <bpmn:incoming>{}</bpmn:incoming>", ids.flows[k]);
            }
        }
        for &k in &outgoing[i] {
            let _ = writeln!(out, "      <bpmn:outgoing>{}</bpmn:outgoing>", ids.flows[k]);
        }
        let definition = match n.event() {
            EventKind::Plain => None,
            EventKind::Message => Some("messageEventDefinition"),
            EventKind::Timer => Some("timerEventDefinition"),
            EventKind::Error => Some("errorEventDefinition"),
        };
        if let Some(def_tag) = definition {
            let message = msgs
                .event_ref(i, n)
                .map(|m| format!(" messageRef=\"{m}\""))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "      <bpmn:{def_tag} id=\"{}_Definition\"{message} />",
                ids.nodes[i]
            );
        }
        let _ = writeln!(out, "    </bpmn:{tag}>");
    }

    let mut flow_notes = flow_notes(p);
    for (k, e) in edges
        .iter()
        .enumerate()
        .filter(|(k, _)| is(*k, FlowKind::Sequence))
    {
        let notes = flow_notes.remove(&(e.from, e.to)).unwrap_or_default();
        let _ = write!(out, "    <bpmn:sequenceFlow id=\"{}\"", ids.flows[k]);
        let label = e
            .label
            .as_ref()
            .map(|t| t.get(lang, def))
            .filter(|s| !s.trim().is_empty());
        if let Some(l) = label {
            let _ = write!(out, " name=\"{}\"", attr(l));
            out.push_str(&others(&[("name", e.label.as_ref())], lang, def));
        }
        let _ = write!(
            out,
            " sourceRef=\"{}\" targetRef=\"{}\"",
            ids.nodes[e.from],
            target_of(k)
        );
        if label.is_none() && notes.is_empty() {
            out.push_str(" />\n");
            continue;
        }
        out.push_str(">\n");
        for n in notes {
            documentation(&mut out, 6, n.get(lang, def));
        }
        // The condition in natural language (a plain tExpression): the
        // outcome of the choice.
        if let Some(l) = label {
            let _ = writeln!(
                out,
                "      <bpmn:conditionExpression>{}</bpmn:conditionExpression>",
                esc(l)
            );
        }
        out.push_str("    </bpmn:sequenceFlow>\n");
    }
    for j in joins.iter().flatten() {
        let _ = writeln!(
            out,
            "    <bpmn:sequenceFlow id=\"{}\" sourceRef=\"{}\" targetRef=\"{}\" regflow:join=\"true\" />",
            join_flow(j.target),
            join_id(j.target),
            ids.nodes[j.target]
        );
    }
    // Documents hang on the step that produces them.
    for (k, e) in edges
        .iter()
        .enumerate()
        .filter(|(k, _)| is(*k, FlowKind::Association))
    {
        let _ = writeln!(
            out,
            "    <bpmn:association id=\"{}\" associationDirection=\"One\" sourceRef=\"{}\" targetRef=\"{}\" />",
            ids.flows[k], ids.nodes[e.from], ids.nodes[e.to]
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
        let _ = writeln!(
            out,
            "    <bpmn:textAnnotation id=\"Note_{id}\" regflow:note=\"term\">\n      <bpmn:text>{}</bpmn:text>\n    </bpmn:textAnnotation>\n    <bpmn:association id=\"Link_{id}\" sourceRef=\"{id}\" targetRef=\"Note_{id}\" />",
            esc(text)
        );
    }
    for m in &msgs.list {
        out.push_str(&messages::note(m, &ids, &edges));
    }
    out.push_str("  </bpmn:process>\n");

    // Diagram interchange.
    let horizontal = match d.orientation {
        Orientation::Table => "false",
        Orientation::Bpmn => "true",
    };
    let _ = writeln!(
        out,
        "  <bpmndi:BPMNDiagram id=\"BPMNDiagram_1\" name=\"{}\">",
        attr(&title)
    );
    out.push_str("    <bpmndi:BPMNPlane id=\"BPMNPlane_1\" bpmnElement=\"Collaboration_1\">\n");
    let pool = pool_bounds(d);
    shape(
        &mut out,
        "Participant_1",
        &format!(" isHorizontal=\"{horizontal}\""),
        pool,
        None,
    );
    for (li, lane) in p.lanes.iter().enumerate() {
        if let Some(lb) = d.lanes.iter().find(|l| l.id == lane.id) {
            shape(
                &mut out,
                &ids.lanes[li],
                &format!(" isHorizontal=\"{horizontal}\""),
                lb.band,
                None,
            );
        }
    }
    for s in &d.shapes {
        let Some(id) = ids.nodes.get(s.node) else {
            continue;
        };
        if let Some(j) = &joins[s.node] {
            shape(&mut out, &join_id(s.node), "", j.body, None);
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
        shape(&mut out, id, "", s.body, label);
    }
    let body_of = |i: usize| d.shapes.iter().find(|s| s.node == i).map(|s| s.body);
    let mut placed: Vec<Rect> = joins.iter().flatten().map(|j| j.body).collect();
    for (i, text) in &term_notes {
        let Some(body) = body_of(*i) else { continue };
        let note = notes::place(d, body, text, &placed);
        placed.push(note);
        let id = &ids.nodes[*i];
        shape(&mut out, &format!("Note_{id}"), "", note, None);
        link(&mut out, &format!("Link_{id}"), body, note);
    }
    for (k, path) in edge_path.iter().enumerate() {
        if is(k, FlowKind::Message) {
            continue;
        }
        let Some(e) = path.and_then(|k| d.edges.get(k)) else {
            continue;
        };
        let points = rerouted.get(&k).copied().unwrap_or(&e.points);
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
        edge(&mut out, &join_flow(j.target), &j.out, None);
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
            shape(&mut out, &m.note_id(), "", note, None);
            let _ = writeln!(
                out,
                "      <bpmndi:BPMNEdge id=\"DI_{}\" bpmnElement=\"{}\">",
                m.link_id(),
                m.link_id()
            );
            for q in [a, b] {
                let _ = writeln!(
                    out,
                    "        <di:waypoint x=\"{}\" y=\"{}\" />",
                    num(q.x),
                    num(q.y)
                );
            }
            out.push_str("      </bpmndi:BPMNEdge>\n");
        }
    }
    out.push_str("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n");
    out
}

/// The association from a box to its note: from the middle of the box's
/// side nearest the note to the middle of the note's near side.
fn link(out: &mut String, id: &str, body: Rect, note: Rect) {
    let (a, b) = if note.bottom() <= body.y {
        (
            Point {
                x: note.cx().min(body.right()),
                y: body.y,
            },
            Point {
                x: note.cx().min(body.right()),
                y: note.bottom(),
            },
        )
    } else {
        (
            Point {
                x: note.cx().min(body.right()),
                y: body.bottom(),
            },
            Point {
                x: note.cx().min(body.right()),
                y: note.y,
            },
        )
    };
    let _ = writeln!(
        out,
        "      <bpmndi:BPMNEdge id=\"DI_{id}\" bpmnElement=\"{id}\">\n        <di:waypoint x=\"{}\" y=\"{}\" />\n        <di:waypoint x=\"{}\" y=\"{}\" />\n      </bpmndi:BPMNEdge>",
        num(a.x),
        num(a.y),
        num(b.x),
        num(b.y)
    );
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

/// A place for a short label beside `body` that overlaps no shape, no
/// caption, no flow label and stays in the lanes' frame: left, right,
/// above, below, then the corners, in that order (bpmn-js draws it in 11 px Arial, about
/// 6.5 px a letter, so the box is sized for that).
fn free_label(d: &Diagram, body: Rect, text: &str) -> Rect {
    let w = 7.0 * text.chars().count() as f64 + 8.0;
    let h = 14.0;
    let gap = 4.0;
    let (left, right) = (body.x - gap - w, body.right() + gap);
    let (above, below) = (body.y - gap - h, body.bottom() + gap);
    let (mid_x, mid_y) = (body.cx() - w / 2.0, body.cy() - h / 2.0);
    let candidates = [
        (left, mid_y),
        (right, mid_y),
        (mid_x, above),
        (mid_x, below),
        (left, above),
        (right, above),
        (left, below),
        (right, below),
    ]
    .map(|(x, y)| Rect { x, y, w, h });
    let taken: Vec<Rect> = d
        .shapes
        .iter()
        .flat_map(|s| std::iter::once(s.body).chain(s.text.iter().map(|t| t.rect)))
        .chain(
            d.edges
                .iter()
                .filter_map(|e| e.label.as_ref().map(|t| t.rect)),
        )
        .chain(d.lanes.iter().map(|l| l.header))
        .collect();
    candidates
        .iter()
        .copied()
        .find(|c| d.frame.contains_rect(c) && !taken.iter().any(|t| t.overlaps(c)))
        .unwrap_or(candidates[3])
}

/// The pool: the lanes' frame and a header strip before it, across the flow.
pub fn pool_bounds(d: &Diagram) -> Rect {
    let f = d.frame;
    match d.orientation {
        Orientation::Bpmn => Rect {
            x: f.x - POOL_HEADER,
            w: f.w + POOL_HEADER,
            ..f
        },
        Orientation::Table => Rect {
            y: f.y - POOL_HEADER,
            h: f.h + POOL_HEADER,
            ..f
        },
    }
}

/// The XML ids: ASCII, unique, stable for a given model. A node is named
/// by its kind and its own id (`Task_2b`), or by its position when it has
/// none (`StartEvent_1`).
pub struct Ids {
    pub nodes: Vec<String>,
    pub lanes: Vec<String>,
    pub flows: Vec<String>,
}

impl Ids {
    pub fn new(p: &Process) -> Ids {
        let mut used = HashSet::new();
        let nodes = p
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let kind = match n {
                    Node::Start { .. } => "StartEvent",
                    Node::End { .. } => "EndEvent",
                    Node::Step { .. } => "Task",
                    Node::Ref { .. } => "CallActivity",
                    Node::Choice { .. } => "Gateway",
                    Node::Event { .. } => "Event",
                    Node::Document { .. } => "DataObjectReference",
                };
                let own = n.given_id().map_or_else(|| (i + 1).to_string(), ascii);
                unique(&mut used, &format!("{kind}_{own}"))
            })
            .collect();
        let lanes = p
            .lanes
            .iter()
            .map(|l| unique(&mut used, &format!("Lane_{}", ascii(&l.id))))
            .collect();
        let flows = (0..p.all_edges().len())
            .map(|k| unique(&mut used, &format!("Flow_{}", k + 1)))
            .collect();
        Ids {
            nodes,
            lanes,
            flows,
        }
    }
}

/// ASCII letters, digits, `-` and `.` kept; Russian and Kazakh letters
/// transliterated (`отдел` → `otdel`); anything else becomes `_`.
pub(crate) fn ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '.') {
            out.push(c);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        let latin = match lower {
            'а' | 'ә' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ғ' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'й' | 'і' => "i",
            'к' | 'қ' => "k",
            'л' => "l",
            'м' => "m",
            'н' | 'ң' => "n",
            'о' | 'ө' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ұ' | 'ү' => "u",
            'ф' => "f",
            'х' | 'һ' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "iu",
            'я' => "ia",
            _ => "_",
        };
        if lower != c && latin != "_" {
            let mut cs = latin.chars();
            out.extend(cs.next().map(|f| f.to_ascii_uppercase()));
            out.extend(cs);
        } else {
            out.push_str(latin);
        }
    }
    out
}

fn unique(used: &mut HashSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut k = 2;
    while used.contains(&id) {
        id = format!("{base}_{k}");
        k += 1;
    }
    used.insert(id.clone());
    id
}

/// An attribute value: escaped, with line breaks kept as references so a
/// parser does not fold them into spaces.
fn attr(s: &str) -> String {
    esc(s)
        .replace('\r', "")
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
}

/// The model's flow notes by the (from, to) node indices of their flow;
/// a note whose nodes are unknown is left out (validation reports it).
fn flow_notes(p: &Process) -> HashMap<(usize, usize), Vec<&Text>> {
    let ids = p.node_ids();
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .rev()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut out: HashMap<(usize, usize), Vec<&Text>> = HashMap::new();
    for n in &p.flow_notes {
        if let (Some(&a), Some(&b)) = (index.get(n.from.as_str()), index.get(n.to.as_str())) {
            out.entry((a, b)).or_default().push(&n.text);
        }
    }
    out
}

fn documentation(out: &mut String, indent: usize, text: &str) {
    let _ = writeln!(
        out,
        "{:indent$}<bpmn:documentation>{}</bpmn:documentation>",
        "",
        esc(text)
    );
}

/// ` regflow:key="value"` for each present value.
fn regflow_attrs(pairs: &[(&str, Option<String>)]) -> String {
    let mut s = String::new();
    for (k, v) in pairs {
        if let Some(v) = v {
            let _ = write!(s, " regflow:{k}=\"{}\"", attr(v));
        }
    }
    s
}

/// The other language: ` regflow:nameKk="…"` beside a Russian `name`
/// (`regflow:nameRu` beside a Kazakh one) for each text that has it, so
/// a bilingual model keeps both languages in its BPMN and `import` gives
/// both back.
fn others(pairs: &[(&str, Option<&Text>)], lang: Lang, def: Lang) -> String {
    let o = other(lang);
    let suffix = match o {
        Lang::Ru => "Ru",
        Lang::Kk => "Kk",
    };
    let mut s = String::new();
    for (k, t) in pairs {
        if let Some(t) = t.filter(|t| t.has(o, def)) {
            let _ = write!(s, " regflow:{k}{suffix}=\"{}\"", attr(t.get(o, def)));
        }
    }
    s
}

/// The language a drawing in `lang` is not in.
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Ru => Lang::Kk,
        Lang::Kk => Lang::Ru,
    }
}

/// A field as the model writes it (`Within(WorkDays(2))`, `Applicant`).
fn ron<T: serde::Serialize>(v: &T) -> Option<String> {
    ron::to_string(v).ok()
}

/// The process's fields besides its service (the pool's name): the
/// language of the texts, the variant, the legend wording, the act, notes.
fn regflow_process(p: &Process, lang: Lang) -> String {
    let def = p.default_lang();
    regflow_attrs(&[
        ("lang", ron(&lang)),
        (
            "variant",
            p.variant.as_ref().map(|v| v.get(lang, def).into()),
        ),
        ("legend", ron(&p.legend)),
        (
            "lane_order",
            (!p.lane_order.is_given())
                .then(|| ron(&p.lane_order))
                .flatten(),
        ),
        ("source", p.source.as_ref().and_then(ron)),
        (
            "footnote",
            p.footnote.as_ref().map(|v| v.get(lang, def).into()),
        ),
        (
            "caption",
            p.caption.as_ref().map(|v| v.get(lang, def).into()),
        ),
        (
            "notes",
            (!p.notes.is_empty()).then(|| ron(&p.notes)).flatten(),
        ),
    ]) + &others(
        &[
            ("service", Some(&p.service)),
            ("variant", p.variant.as_ref()),
            ("footnote", p.footnote.as_ref()),
            ("caption", p.caption.as_ref()),
        ],
        lang,
        def,
    )
}

fn regflow_lane(l: &crate::model::Lane, lang: Lang, def: Lang) -> String {
    others(&[("name", Some(&l.name))], lang, def)
        + &regflow_attrs(&[
            ("id", Some(l.id.clone())),
            ("kind", ron(&l.kind)),
            (
                "aliases",
                (!l.aliases.is_empty()).then(|| ron(&l.aliases)).flatten(),
            ),
        ])
}

/// A node's fields that its BPMN element does not say: the id its author
/// gave, the step number, the duration, the result…
fn regflow_node(n: &Node, lang: Lang, def: Lang) -> String {
    let text = |t: &Option<crate::model::Text>| t.as_ref().map(|t| t.get(lang, def).to_string());
    // An id written besides the number; a step known by its number has none.
    let id = n.given_id().filter(|&g| Some(g) != n.number());
    let mut pairs = vec![
        ("id", id.map(str::to_string)),
        ("n", n.number().map(str::to_string)),
        ("time", n.time().and_then(ron)),
        ("timeWhen", text(&n.time_when().cloned())),
        ("extension", n.extension().and_then(ron)),
        ("partOf", n.part_of().map(str::to_string)),
        ("outsideTerm", n.outside_term().then(|| "true".to_string())),
        ("line", n.source_line().map(|l| l.to_string())),
    ];
    let mut alts = vec![("timeWhen", n.time_when())];
    match n {
        Node::Step {
            result,
            detail,
            form,
            ..
        } => {
            pairs.extend([
                ("result", text(result)),
                ("detail", text(detail)),
                ("form", text(form)),
            ]);
            alts.extend([
                ("result", result.as_ref()),
                ("detail", detail.as_ref()),
                ("form", form.as_ref()),
            ]);
        }
        Node::Event { form, .. } | Node::End { form, .. } => {
            pairs.push(("form", text(form)));
            alts.push(("form", form.as_ref()));
        }
        Node::Ref { model, steps, .. } => {
            pairs.extend([("model", Some(model.clone())), ("steps", steps.clone())])
        }
        Node::Document { lane, .. } => pairs.push(("lane", Some(lane.clone()))),
        _ => {}
    }
    regflow_attrs(&pairs) + &others(&alts, lang, def)
}

/// What the regulation says about the process besides its steps.
fn process_doc(p: &Process, lang: Lang) -> Option<String> {
    crate::layout::act_text(p, lang)
}

/// The node's number, duration and result, as the regulation gives them:
/// «№ 3; в течение 2 рабочих дней; результат: …».
fn node_doc(n: &Node, lang: Lang, def: Lang) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(num) = n.number() {
        parts.push(format!("№ {num}"));
    }
    if let Some(t) = n.time() {
        let s = t.phrase(lang, def);
        if !s.is_empty() {
            parts.push(s);
        }
    }
    if n.outside_term() {
        parts.push(
            match lang {
                Lang::Ru => "не входит в срок оказания государственной услуги",
                Lang::Kk => "мемлекеттік қызмет көрсету мерзіміне кірмейді",
            }
            .to_string(),
        );
    }
    match n {
        Node::Step {
            result: Some(r), ..
        } => {
            let word = match lang {
                Lang::Ru => "результат",
                Lang::Kk => "нәтижесі",
            };
            parts.push(format!("{word}: {}", r.get(lang, def)));
        }
        Node::Ref { model, steps, .. } => {
            let s = match (lang, steps) {
                (Lang::Ru, Some(st)) => format!("см. {model}, шаги {st}"),
                (Lang::Ru, None) => format!("см. {model}"),
                (Lang::Kk, Some(st)) => format!("қараңыз: {model}, {st} қадамдар"),
                (Lang::Kk, None) => format!("қараңыз: {model}"),
            };
            parts.push(s);
        }
        _ => {}
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn union(rects: impl Iterator<Item = Rect>) -> Option<Rect> {
    rects.reduce(|a, b| {
        let (x, y) = (a.x.min(b.x), a.y.min(b.y));
        Rect {
            x,
            y,
            w: a.right().max(b.right()) - x,
            h: a.bottom().max(b.bottom()) - y,
        }
    })
}

/// A label's box made wider about its centre. Tools draw labels in their
/// own font (bpmn-js: 11 px Arial, wider than our PT Sans) and wrap them
/// at the box's width; without room a short «да» breaks letter by letter.
fn widen(r: Rect, factor: f64, max: f64) -> Rect {
    let w = (r.w * factor + 6.0).min(max).max(r.w);
    Rect {
        x: r.cx() - w / 2.0,
        w,
        ..r
    }
}

fn bounds(r: Rect) -> String {
    format!(
        "<dc:Bounds x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" />",
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h)
    )
}

fn shape(out: &mut String, element: &str, extra: &str, r: Rect, label: Option<Rect>) {
    let _ = writeln!(
        out,
        "      <bpmndi:BPMNShape id=\"DI_{element}\" bpmnElement=\"{element}\"{extra}>\n        {}",
        bounds(r)
    );
    if let Some(l) = label {
        let _ = writeln!(
            out,
            "        <bpmndi:BPMNLabel>\n          {}\n        </bpmndi:BPMNLabel>",
            bounds(l)
        );
    }
    out.push_str("      </bpmndi:BPMNShape>\n");
}

fn edge(out: &mut String, element: &str, points: &[Point], label: Option<Rect>) {
    let _ = writeln!(
        out,
        "      <bpmndi:BPMNEdge id=\"DI_{element}\" bpmnElement=\"{element}\">"
    );
    for q in points {
        let _ = writeln!(
            out,
            "        <di:waypoint x=\"{}\" y=\"{}\" />",
            num(q.x),
            num(q.y)
        );
    }
    if let Some(l) = label {
        let _ = writeln!(
            out,
            "        <bpmndi:BPMNLabel>\n          {}\n        </bpmndi:BPMNLabel>",
            bounds(l)
        );
    }
    out.push_str("      </bpmndi:BPMNEdge>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

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
