//! The model's messages in valid BPMN.
//!
//! A regulation's diagram draws its information systems (ИС МИО, ПЭП,
//! ШЭП…) as lanes, and the table's «next» runs through them as sequence
//! flow: the officer's step, then the system's check, then the officer
//! again. BPMN forbids a message flow between lanes of one pool, and
//! making each system a pool of its own would turn every one of those
//! steps of control into a message and need a start and an end event in
//! every pool that the regulation does not have. So the export keeps the
//! one pool and says each message the way BPMN says it inside a pool: a
//! `bpmn:message` (named by the model's text) that the sending step
//! sends (`sendTask messageRef`) and the receiving step receives
//! (`receiveTask messageRef`; a message event's definition refers to it),
//! and a text annotation with the message's text, associated with the
//! sequence flow that carries it and drawn where regflow draws the
//! message flow's label. `regflow:from` / `regflow:to` on the message let
//! `regflow import` give the model its messages back
//! (`import::regflow_ext`).

use super::{others, Attrs, Ids};
use crate::layout::{Diagram, Point, Rect};
use crate::model::{Edge, EventKind, FlowKind, Lang, Node, Process};
use crate::render::xml::{Tag, Xml};
use std::collections::HashMap;

/// One message of the model.
#[derive(Debug, Clone)]
pub struct Msg {
    /// Its index among the model's edges.
    pub edge: usize,
    /// `Message_1`…
    pub id: String,
    pub from: usize,
    /// Its element's attributes besides the id.
    attrs: Attrs,
    /// Its text in the drawing's language, when it has one.
    pub text: Option<String>,
    /// The sequence flow from `from` to `to`, which carries it.
    pub carrier: Option<usize>,
    from_id: String,
}

impl Msg {
    pub fn note_id(&self) -> String {
        format!("Note_{}", self.id)
    }
    pub fn link_id(&self) -> String {
        format!("Link_{}", self.id)
    }
}

/// The messages and what each node does with them.
pub struct Plan {
    pub list: Vec<Msg>,
    /// `sendTask`, `receiveTask` for a step that sends or receives.
    tags: HashMap<usize, &'static str>,
    /// The message a node's element refers to (one message each).
    refs: HashMap<usize, String>,
}

impl Plan {
    pub fn task_tag(&self, i: usize) -> &'static str {
        self.tags.get(&i).copied().unwrap_or("task")
    }

    /// The `messageRef` of a send or receive task.
    pub fn task_ref(&self, i: usize) -> Option<&str> {
        self.tags
            .contains_key(&i)
            .then(|| self.refs.get(&i).map(String::as_str))
            .flatten()
    }

    /// The `messageRef` of a message event's definition.
    pub fn event_ref(&self, i: usize, n: &Node) -> Option<&str> {
        (!matches!(n, Node::Step { .. }))
            .then(|| self.refs.get(&i).map(String::as_str))
            .flatten()
    }
}

/// Which message each node sends or receives, and how.
pub fn plan(p: &Process, edges: &[Edge], ids: &Ids, lang: Lang) -> Plan {
    let def = p.default_lang();
    let mut list = Vec::new();
    let mut sends: HashMap<usize, Vec<String>> = HashMap::new();
    let mut gets: HashMap<usize, Vec<String>> = HashMap::new();
    for (k, e) in edges.iter().enumerate() {
        if e.kind != FlowKind::Message {
            continue;
        }
        let id = format!("Message_{}", list.len() + 1);
        let text = e
            .label
            .as_ref()
            .map(|t| t.get(lang, def).to_string())
            .filter(|s| !s.trim().is_empty());
        let mut attrs = Attrs::new();
        if let Some(t) = &text {
            attrs.push(("name".into(), t.clone()));
            attrs.extend(others(&[("name", e.label.as_ref())], lang, def));
        }
        attrs.push(("regflow:from".into(), ids.nodes[e.from].clone()));
        attrs.push(("regflow:to".into(), ids.nodes[e.to].clone()));
        let carrier = edges
            .iter()
            .position(|s| s.kind == FlowKind::Sequence && s.from == e.from && s.to == e.to);
        sends.entry(e.from).or_default().push(id.clone());
        gets.entry(e.to).or_default().push(id.clone());
        list.push(Msg {
            edge: k,
            id,
            from: e.from,
            attrs,
            text,
            carrier,
            from_id: ids.nodes[e.from].clone(),
        });
    }
    let mut tags = HashMap::new();
    let mut refs = HashMap::new();
    for (i, n) in p.nodes.iter().enumerate() {
        let (s, g) = (sends.get(&i), gets.get(&i));
        let one = |v: Option<&Vec<String>>| v.filter(|v| v.len() == 1).map(|v| v[0].clone());
        match n {
            // A step that only sends is a send task, one that only
            // receives a receive task; a step that does both stays a task.
            Node::Step { .. } => match (s, g) {
                (Some(_), None) => {
                    tags.insert(i, "sendTask");
                    refs.extend(one(s).map(|m| (i, m)));
                }
                (None, Some(_)) => {
                    tags.insert(i, "receiveTask");
                    refs.extend(one(g).map(|m| (i, m)));
                }
                _ => {}
            },
            // A message event catches (a start, an intermediate event) or
            // throws (an end, a sending intermediate event) the message it
            // names.
            _ if n.event() == EventKind::Message => {
                let mine = match n {
                    Node::End { .. } => one(s),
                    _ if n.throws() => one(s),
                    _ => one(g),
                };
                refs.extend(mine.map(|m| (i, m)));
            }
            _ => {}
        }
    }
    Plan { list, tags, refs }
}

/// The `bpmn:message` element.
pub fn element(out: &mut Xml, m: &Msg) {
    out.empty(Tag::new("bpmn:message").attr("id", &m.id).attrs(&m.attrs));
}

/// The message's note and its association (none for a message without a
/// text): with the carrying sequence flow, else with the sending node.
pub fn note(out: &mut Xml, m: &Msg, ids: &Ids, _edges: &[Edge]) {
    let Some(text) = &m.text else {
        return;
    };
    let target = m
        .carrier
        .map(|k| ids.flows[k].clone())
        .unwrap_or_else(|| m.from_id.clone());
    out.open(
        Tag::new("bpmn:textAnnotation")
            .attr("id", &m.note_id())
            .attr("regflow:note", "message")
            .attr("regflow:message", &m.id),
    );
    out.text(Tag::new("bpmn:text"), text);
    out.close("bpmn:textAnnotation");
    out.empty(
        Tag::new("bpmn:association")
            .attr("id", &m.link_id())
            .attr("sourceRef", &target)
            .attr("targetRef", &m.note_id()),
    );
}

/// Where the note of a message goes and its association's two ends: the
/// note where the drawing puts the message flow's label, linked to the
/// middle of the carrying flow (or of the sending box).
pub fn geometry(
    d: &Diagram,
    m: &Msg,
    path: Option<&crate::layout::EdgePath>,
    carrier: Option<&[Point]>,
    from_body: Option<Rect>,
) -> Option<(Rect, Point, Point)> {
    let text = m.text.as_ref()?;
    let anchor = match carrier {
        Some(pts) => middle(pts)?,
        None => {
            let b = from_body?;
            Point {
                x: b.cx(),
                y: b.cy(),
            }
        }
    };
    let note = match path.and_then(|e| e.label.as_ref()) {
        Some(l) => Rect {
            x: l.rect.x - 4.0,
            y: l.rect.y - 3.0,
            w: l.rect.w + 8.0,
            h: l.rect.h + 6.0,
        },
        None => {
            let w = (7.0 * text.chars().count() as f64 + 12.0).min(220.0);
            Rect {
                x: anchor.x + 12.0,
                y: anchor.y - 34.0,
                w,
                h: 24.0,
            }
        }
    };
    let _ = d;
    let near = Point {
        x: note.x,
        y: note.cy(),
    };
    Some((note, anchor, near))
}

/// The middle of a path's longest segment.
fn middle(pts: &[Point]) -> Option<Point> {
    let seg = pts.windows(2).max_by(|a, b| {
        let len = |w: &[Point]| (w[1].x - w[0].x).abs() + (w[1].y - w[0].y).abs();
        len(a).total_cmp(&len(b))
    })?;
    Some(Point {
        x: (seg[0].x + seg[1].x) / 2.0,
        y: (seg[0].y + seg[1].y) / 2.0,
    })
}
