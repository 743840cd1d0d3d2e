//! BPMN 2.0 semantics → a regflow [`Process`].
//!
//! - Pools: each participant's process gives lanes; a process without a
//!   participant is a pool of its own, unless a call activity calls it.
//!   Several pools: a lane per pool's lane, named «Pool / Lane».
//! - Lanes: the leaf lanes of nested lane sets, named «Parent / Child»; a
//!   process without lanes is one lane named after its pool.
//! - Start and end events → Start and End (message, timer, error kinds
//!   kept), intermediate events → Event, every kind of task, sub-process
//!   and call activity → Step (a call activity exported by regflow → Ref),
//!   a gateway with two ways out or more → Choice whose outcomes are the
//!   flows' names (numbered where unnamed), a gateway with one way out →
//!   nothing: the flows into it lead straight on. A boundary event becomes
//!   an Event after its activity. A data object a step produces →
//!   Document; message flows between imported nodes → messages.
//! - The flow is closed where regflow needs it: an activity nothing leads
//!   to gets a start, one that leads nowhere an end.
//!
//! Every element not represented as it was is reported as a [`Note`].
//! A file regflow exported carries the model's other fields as `regflow:`
//! attributes ([`NS_REGFLOW`]), read back here.

use super::ids::Taken;
use super::xml::{El, Tree};
use super::{ImportError, Imported, Note};
use crate::model::{
    EventKind, FlowNote, Lane, LaneKind, LaneOrder, Lang, LegendWording, Message, Node,
    Orientation, Outcome, Process, Source, Text,
};
use crate::render::bpmn::NS_REGFLOW;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, Dfs, IntoNeighbors, Reversed, VisitMap, Visitable};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// The namespace of BPMN 2.0 semantics.
pub const NS_MODEL: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const NS_DI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";

const TASKS: [&str; 8] = [
    "task",
    "userTask",
    "serviceTask",
    "sendTask",
    "receiveTask",
    "manualTask",
    "businessRuleTask",
    "scriptTask",
];
const SUBPROCESSES: [&str; 3] = ["subProcess", "transaction", "adHocSubProcess"];
const GATEWAYS: [&str; 5] = [
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "complexGateway",
];

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Start(EventKind),
    End(EventKind),
    Step,
    Ref {
        model: String,
        steps: Option<String>,
    },
    /// An intermediate event, and whether it throws.
    Event(EventKind, bool),
    Gateway,
    Document,
}

/// A node of the flow graph being built.
#[derive(Debug, Clone)]
struct GNode {
    /// The BPMN element (none for an added start or end).
    el: Option<usize>,
    kind: Kind,
    lane: usize,
    name: String,
    /// Document order, with added starts just before and ends just after
    /// the node they close.
    rank: (usize, i8),
    alive: bool,
    /// A document's producer.
    from: Option<usize>,
}

#[derive(Debug, Clone)]
struct GEdge {
    from: usize,
    to: usize,
    label: Option<String>,
    /// The sequence flow element.
    flow: Option<usize>,
    /// The documentation of the file's flows this edge stands for (of
    /// both, when a gateway with one way out was passed through).
    docs: Vec<String>,
}

struct Pool {
    name: String,
    process: usize,
    /// The lane for nodes in no lane, made when first needed.
    default_lane: Option<usize>,
    /// Whether the file names the pool.
    named: bool,
}

struct Ctx<'a> {
    t: &'a Tree,
    ids: HashMap<&'a str, usize>,
    notes: Vec<Note>,
    /// Exported by regflow: texts are kept exactly, `regflow:` attributes read.
    ours: bool,
}

impl<'a> Ctx<'a> {
    fn el(&self, i: usize) -> &'a El {
        &self.t.els[i]
    }

    fn note(&mut self, i: usize, message: impl Into<String>) {
        let e = self.el(i);
        self.notes.push(Note {
            id: e.attr("id").unwrap_or("").to_string(),
            kind: e.name.clone(),
            name: e.attr("name").map(|n| self.clean(n)),
            message: message.into(),
        });
    }

    /// A name as a model text: whitespace runs (line breaks drawn in the
    /// other tool) folded into spaces, except in regflow's own files.
    fn clean(&self, s: &str) -> String {
        if self.ours {
            s.to_string()
        } else {
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    }

    /// A text to draw: characters the bundled font lacks become `?`.
    fn drawable(&mut self, i: usize, s: &str) -> String {
        let s = self.clean(s);
        let missing: BTreeSet<char> = s.chars().filter(|&c| !crate::font::covers(c)).collect();
        if missing.is_empty() {
            return s;
        }
        let list: Vec<String> = missing
            .iter()
            .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
            .collect();
        self.note(
            i,
            format!(
                "{} not in the bundled font, written as `?`",
                list.join(", ")
            ),
        );
        s.chars()
            .map(|c| if missing.contains(&c) { '?' } else { c })
            .collect()
    }

    fn name(&mut self, i: usize) -> String {
        let n = self.el(i).attr("name").unwrap_or("");
        self.drawable(i, n)
    }

    /// A `regflow:` attribute, in a file regflow exported.
    fn reg(&self, i: usize, key: &str) -> Option<&'a str> {
        if self.ours {
            self.el(i).attr_ns(NS_REGFLOW, key)
        } else {
            None
        }
    }

    /// A text as a model holds it: `s` in the file's language, with the
    /// other language from `regflow:{key}Kk` / `regflow:{key}Ru` where
    /// regflow exported a bilingual text.
    fn text(&self, i: Option<usize>, key: &str, s: impl Into<String>) -> Text {
        let s = s.into();
        let alt = |suffix: &str| i.and_then(|i| self.reg(i, &format!("{key}{suffix}")));
        // Both languages named, as a bilingual model writes them (a bare
        // string would be written back as Russian).
        match (alt("Kk"), alt("Ru")) {
            (Some(kk), _) => Text {
                ru: Some(s),
                kk: Some(kk.to_string()),
                any: None,
            },
            (None, Some(ru)) => Text {
                ru: Some(ru.to_string()),
                kk: Some(s),
                any: None,
            },
            (None, None) => Text::plain(s),
        }
    }

    /// A `regflow:` attribute holding RON.
    fn reg_ron<T: serde::de::DeserializeOwned>(&mut self, i: usize, key: &str) -> Option<T> {
        let v = self.reg(i, key)?;
        let opts = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        match opts.from_str(v) {
            Ok(x) => Some(x),
            Err(e) => {
                self.note(i, format!("regflow:{key}=\"{v}\" is not understood ({e})"));
                None
            }
        }
    }

    /// The element a reference names; QName prefixes are dropped.
    fn resolve(&self, r: &str) -> Option<usize> {
        let r = r.trim();
        self.ids
            .get(r)
            .or_else(|| self.ids.get(r.rsplit(':').next().unwrap_or(r)))
            .copied()
    }

    fn children(&self, i: usize) -> impl Iterator<Item = (usize, &'a El)> + 'a {
        let t = self.t;
        t.els[i].children.iter().map(move |&c| (c, &t.els[c]))
    }

    fn bpmn_children(&self, i: usize) -> impl Iterator<Item = (usize, &'a El)> + 'a {
        self.children(i).filter(|(_, e)| e.ns == NS_MODEL)
    }

    /// Notes every element with an id inside `i` (a sub-process, a called
    /// process): flow elements, flows, data, annotations.
    fn note_contents(&mut self, i: usize, why: &str) {
        // An explicit stack: sub-processes nest as deep as the file says.
        let mut stack = vec![i];
        while let Some(i) = stack.pop() {
            let kids: Vec<usize> = self.bpmn_children(i).map(|(c, _)| c).collect();
            let mut inner = Vec::new();
            for c in kids {
                let e = self.el(c);
                if e.attr("id").is_none()
                    || matches!(
                        e.name.as_str(),
                        "laneSet" | "ioSpecification" | "documentation" | "extensionElements"
                    )
                    || e.name.ends_with("EventDefinition")
                {
                    continue;
                }
                self.note(c, why.to_string());
                if SUBPROCESSES.contains(&e.name.as_str()) {
                    inner.push(c);
                }
            }
            stack.extend(inner.into_iter().rev());
        }
    }
}

/// Turns a parsed BPMN file into a model.
pub fn convert(t: &Tree, stem: &str) -> Result<Imported, ImportError> {
    let root = &t.els[0];
    if !root.is(NS_MODEL, "definitions") {
        let (line, column) = t.line_col(0);
        return Err(ImportError::NotBpmn {
            found: root.name.clone(),
            namespace: root.ns.clone(),
            line,
            column,
        });
    }
    // Every id to the element it names: a BPMN element before any other
    // (an extension element may carry an `id` of its own meaning, even
    // the id of a task; a reference means the task).
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, e) in t.els.iter().enumerate() {
        let Some(id) = e.attr("id") else { continue };
        let bpmn = e.ns == NS_MODEL;
        match ids.get(id).copied() {
            // Two BPMN elements with one id: references to it would
            // silently pick one.
            Some(first) if bpmn && t.els[first].ns == NS_MODEL => {
                let (line, column) = t.line_col(i);
                let (l0, c0) = t.line_col(first);
                return Err(ImportError::Invalid {
                    code: "DUPLICATE_ID",
                    message: format!(
                        "the id `{id}` is given twice (first at line {l0}, column {c0}); every id must be unique"
                    ),
                    line,
                    column,
                });
            }
            Some(_) if !bpmn => {}
            _ => {
                ids.insert(id, i);
            }
        }
    }
    let mut cx = Ctx {
        t,
        ids,
        notes: Vec::new(),
        ours: root.attr("exporter") == Some("regflow"),
    };
    dangling(&cx)?;

    // Pools: participants with a process, then processes of their own.
    let mut pools: Vec<Pool> = Vec::new();
    let mut pooled: HashSet<usize> = HashSet::new();
    let mut message_flows = Vec::new();
    let root_kids: Vec<(usize, &El)> = cx.bpmn_children(0).collect();
    for &(c, e) in &root_kids {
        if e.name != "collaboration" {
            continue;
        }
        for (k, ke) in cx.bpmn_children(c).collect::<Vec<_>>() {
            match ke.name.as_str() {
                "participant" => {
                    let process = ke
                        .attr("processRef")
                        .and_then(|r| cx.resolve(r))
                        .filter(|&p| t.els[p].is(NS_MODEL, "process"));
                    match process {
                        Some(p) if pooled.insert(p) => {
                            let name = [ke.attr("name"), t.els[p].attr("name")]
                                .into_iter()
                                .flatten()
                                .map(|n| cx.clean(n))
                                .find(|n| !n.is_empty())
                                .unwrap_or_default();
                            pools.push(Pool {
                                name,
                                process: p,
                                default_lane: None,
                                named: true,
                            });
                        }
                        Some(_) => cx.note(k, "a second pool of the same process: not drawn"),
                        None => {
                            cx.note(k, "a pool without a process (a black box): not represented")
                        }
                    }
                }
                "messageFlow" => message_flows.push(k),
                "documentation" | "extensionElements" => {}
                _ => cx.note(k, "not represented"),
            }
        }
    }
    let called: HashSet<usize> = t
        .els
        .iter()
        .filter(|e| e.is(NS_MODEL, "callActivity"))
        .filter_map(|e| e.attr("calledElement").and_then(|r| cx.resolve(r)))
        .collect();
    for &(c, e) in &root_kids {
        match e.name.as_str() {
            "process" if pooled.contains(&c) => {}
            "process" if called.contains(&c) => {
                cx.note(
                    c,
                    "a process called by a call activity: its content is not imported",
                );
                let why = format!(
                    "in the called process {}: not imported",
                    e.attr("id").unwrap_or("")
                );
                cx.note_contents(c, &why);
            }
            "process" => {
                let name = e.attr("name").map(|n| cx.clean(n)).unwrap_or_default();
                pools.push(Pool {
                    name,
                    process: c,
                    default_lane: None,
                    named: true,
                });
            }
            "collaboration" | "documentation" | "extensionElements" => {}
            _ => cx.note(c, "a definition of the file: not represented"),
        }
    }
    if pools.is_empty() {
        let (line, column) = t.line_col(0);
        return Err(ImportError::NoProcess {
            message: "the file defines no <process> (a diagram with only black-box pools or only definitions has nothing to draw)".into(),
            line,
            column,
        });
    }

    // An unnamed pool: the file's name when it is the only one, else the
    // process's id.
    let multi = pools.len() > 1;
    let file_name = root
        .attr("name")
        .map(|n| cx.clean(n))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| stem.to_string());
    for pool in &mut pools {
        pool.named = !pool.name.is_empty();
        if !pool.named {
            pool.name = if multi {
                t.els[pool.process].attr("id").unwrap_or("").to_string()
            } else {
                file_name.clone()
            };
        }
    }

    // Lanes.
    let mut lanes: Vec<Lane> = Vec::new();
    let mut lane_ids = Taken::default();
    let mut lane_of: HashMap<String, usize> = HashMap::new();
    for pool in &mut pools {
        let prefix: Vec<String> = if multi {
            vec![pool.name.clone()]
        } else {
            Vec::new()
        };
        let sets: Vec<usize> = cx
            .bpmn_children(pool.process)
            .filter(|(_, e)| e.name == "laneSet")
            .map(|(i, _)| i)
            .collect();
        for s in sets {
            lane_set(
                &mut cx,
                s,
                &prefix,
                &pool.name,
                &mut lanes,
                &mut lane_ids,
                &mut lane_of,
            );
        }
        // The pool's own lane, in its place, for nodes in no lane.
        let loose = cx.bpmn_children(pool.process).any(|(_, e)| {
            is_content(&e.name)
                && !matches!(
                    e.name.as_str(),
                    "sequenceFlow"
                        | "laneSet"
                        | "dataObject"
                        | "dataObjectReference"
                        | "dataStoreReference"
                        | "association"
                        | "group"
                        | "textAnnotation"
                        | "boundaryEvent"
                )
                && !e.attr("id").is_some_and(|id| lane_of.contains_key(id))
        });
        if loose {
            pool_lane(pool, &mut lanes, &mut lane_ids);
        }
    }

    // Flow nodes, pool by pool.
    let mut g = Graph::default();
    let mut flows: Vec<usize> = Vec::new();
    let mut boundaries: Vec<usize> = Vec::new();
    let mut data_refs: Vec<usize> = Vec::new();
    let mut data_objects: Vec<usize> = Vec::new();
    let mut associations: Vec<usize> = Vec::new();
    let mut gnode_of: HashMap<String, usize> = HashMap::new();
    for pool in &mut pools {
        let process = pool.process;
        for (c, e) in cx.bpmn_children(process).collect::<Vec<_>>() {
            let name = e.name.as_str();
            let id = e.attr("id").unwrap_or("").to_string();
            let kind = match name {
                "laneSet" | "extensionElements" => continue,
                "documentation" => {
                    if !cx.ours && !e.text.trim().is_empty() {
                        let text = cx.clean(&e.text);
                        cx.note(process, format!("its documentation: «{text}»"));
                    }
                    continue;
                }
                "sequenceFlow" => {
                    flows.push(c);
                    continue;
                }
                "boundaryEvent" => {
                    boundaries.push(c);
                    continue;
                }
                "dataObjectReference" | "dataStoreReference" => {
                    data_refs.push(c);
                    continue;
                }
                "dataObject" => {
                    data_objects.push(c);
                    continue;
                }
                "association" => {
                    associations.push(c);
                    continue;
                }
                "startEvent" => {
                    let (k, lost) = event_kind(&cx, c);
                    let k = match k {
                        EventKind::Error => {
                            cx.note(c, "an error start: drawn as a plain start");
                            EventKind::Plain
                        }
                        k => k,
                    };
                    if let Some(l) = lost {
                        cx.note(c, format!("a {l} start: drawn as a plain start"));
                    }
                    Kind::Start(k)
                }
                "endEvent" => {
                    let (k, lost) = event_kind(&cx, c);
                    let k = match k {
                        EventKind::Timer => {
                            cx.note(c, "a timer end: drawn as a plain end");
                            EventKind::Plain
                        }
                        k => k,
                    };
                    if let Some(l) = lost {
                        cx.note(c, format!("a {l} end: drawn as a plain end"));
                    }
                    Kind::End(k)
                }
                "intermediateCatchEvent" | "intermediateThrowEvent" => {
                    let (k, lost) = event_kind(&cx, c);
                    if let Some(l) = lost {
                        cx.note(c, format!("a {l} event: drawn as a plain event"));
                    }
                    Kind::Event(k, e.name == "intermediateThrowEvent")
                }
                "callActivity" => match cx.reg(c, "model") {
                    Some(m) => Kind::Ref {
                        model: m.to_string(),
                        steps: cx.reg(c, "steps").map(str::to_string),
                    },
                    None => {
                        let target = e.attr("calledElement").unwrap_or("");
                        cx.note(
                            c,
                            format!("a call activity (calling `{target}`): imported as a step"),
                        );
                        Kind::Step
                    }
                },
                n if TASKS.contains(&n) => {
                    if n != "task" {
                        cx.note(c, "imported as a plain step (the task type is not kept)");
                    }
                    Kind::Step
                }
                n if SUBPROCESSES.contains(&n) => {
                    if e.attr("triggeredByEvent") == Some("true") {
                        cx.note(c, "an event sub-process: not represented");
                        cx.note_contents(
                            c,
                            &format!("inside the event sub-process {id}: not imported"),
                        );
                        continue;
                    }
                    let inner = cx
                        .bpmn_children(c)
                        .filter(|(_, k)| k.attr("id").is_some() && k.name != "ioSpecification")
                        .count();
                    cx.note(
                        c,
                        if inner > 0 {
                            "a sub-process: imported as one step; its content is not imported"
                        } else {
                            "a collapsed sub-process: imported as a step"
                        },
                    );
                    cx.note_contents(c, &format!("inside the sub-process {id}: not imported"));
                    Kind::Step
                }
                n if GATEWAYS.contains(&n) => Kind::Gateway,
                "textAnnotation" => {
                    let text = cx
                        .bpmn_children(c)
                        .find(|(_, k)| k.name == "text")
                        .map(|(_, k)| cx.clean(&k.text))
                        .unwrap_or_default();
                    cx.note(c, format!("a text annotation «{text}»: not drawn"));
                    continue;
                }
                _ => {
                    cx.note(c, "not represented");
                    continue;
                }
            };
            let lane = match lane_of.get(&id) {
                Some(&l) => l,
                None => pool_lane(pool, &mut lanes, &mut lane_ids),
            };
            // A start regflow named only for BPMN tools has no text.
            let nm = if cx.reg(c, "unnamed") == Some("true") {
                String::new()
            } else {
                cx.name(c)
            };
            let k = g.add(GNode {
                el: Some(c),
                kind,
                lane,
                name: nm,
                rank: (c, 0),
                alive: true,
                from: None,
            });
            gnode_of.insert(id, k);
            node_children(&mut cx, c);
        }
    }

    // Boundary events: an event after the activity they sit on (after
    // its own flows).
    let mut boundary_edges = Vec::new();
    for b in boundaries {
        let e = cx.el(b);
        let Some(&host) = e
            .attr("attachedToRef")
            .and_then(|r| cx.resolve(r))
            .and_then(|h| cx.el(h).attr("id"))
            .and_then(|id| gnode_of.get(id))
        else {
            cx.note(
                b,
                "a boundary event on an element not imported: not represented",
            );
            continue;
        };
        let (k, lost) = event_kind(&cx, b);
        let interrupting = e.attr("cancelActivity") != Some("false");
        let host_name = g.nodes[host].name.clone();
        cx.note(
            b,
            format!(
                "a{} boundary event{}: drawn as an event after «{host_name}»",
                if interrupting {
                    "n interrupting"
                } else {
                    " non-interrupting"
                },
                lost.map(|l| format!(" ({l})")).unwrap_or_default()
            ),
        );
        let nm = cx.name(b);
        let lane = g.nodes[host].lane;
        let k = g.add(GNode {
            el: Some(b),
            kind: Kind::Event(k, false),
            lane,
            name: nm,
            rank: (b, 0),
            alive: true,
            from: None,
        });
        gnode_of.insert(e.attr("id").unwrap_or("").to_string(), k);
        boundary_edges.push(GEdge {
            from: host,
            to: k,
            label: None,
            flow: None,
            docs: Vec::new(),
        });
        node_children(&mut cx, b);
    }

    // Sequence flows.
    for &f in &flows {
        let e = cx.el(f);
        let end = |k: &str| {
            e.attr(k)
                .and_then(|r| cx.resolve(r))
                .and_then(|i| cx.el(i).attr("id"))
                .and_then(|id| gnode_of.get(id).copied())
        };
        let (Some(from), Some(to)) = (end("sourceRef"), end("targetRef")) else {
            cx.note(
                f,
                "its source or target is not imported: the flow is left out",
            );
            continue;
        };
        let label = e
            .attr("name")
            .map(|n| cx.drawable(f, n))
            .filter(|n| !n.trim().is_empty());
        if !cx.ours {
            if let Some((_, c)) = cx
                .bpmn_children(f)
                .find(|(_, c)| c.name == "conditionExpression" && !c.text.trim().is_empty())
            {
                let cond = c.text.trim().to_string();
                cx.note(f, format!("its condition `{cond}` is not kept"));
            }
        }
        let docs: Vec<String> = cx
            .bpmn_children(f)
            .filter(|(_, c)| c.name == "documentation" && !c.text.trim().is_empty())
            .map(|(_, c)| cx.clean(&c.text))
            .collect();
        g.edges.push(GEdge {
            from,
            to,
            label,
            flow: Some(f),
            docs,
        });
    }

    g.edges.extend(boundary_edges);

    // No flow into a start or out of an end.
    let mut kept = Vec::new();
    for e in std::mem::take(&mut g.edges) {
        let bad = match (&g.nodes[e.from].kind, &g.nodes[e.to].kind) {
            (Kind::End(_), _) => Some("a flow out of an end: left out"),
            (_, Kind::Start(_)) => Some("a flow into a start: left out"),
            _ => None,
        };
        match (bad, e.flow) {
            (Some(msg), Some(f)) => cx.note(f, msg),
            (Some(_), None) => {}
            (None, _) => kept.push(e),
        }
    }
    g.edges = kept;

    // Gateways: a choice, or a junction the flows pass through.
    for k in 0..g.nodes.len() {
        if g.nodes[k].kind != Kind::Gateway {
            continue;
        }
        let el = g.nodes[k].el.unwrap_or(0);
        let outs = g.edges.iter().filter(|e| e.from == k).count();
        let ins = g.edges.iter().filter(|e| e.to == k).count();
        let tag = cx.el(el).name.clone();
        if outs >= 2 {
            if tag != "exclusiveGateway" {
                cx.note(el, "drawn as a choice (regflow has one kind of gateway)");
            }
            continue;
        }
        cx.note(
            el,
            match (ins, outs) {
                (_, 1) => {
                    "a gateway with one way out is not a choice: the flows into it lead straight on"
                }
                _ => "a gateway with no way out: the flows into it end there",
            },
        );
        g.pass_through(k);
    }

    // Data: a data object a node produces → a document beside it.
    let mut used_assoc: HashSet<usize> = HashSet::new();
    let mut producers: HashMap<usize, Vec<usize>> = HashMap::new();
    for &a in &associations {
        let e = cx.el(a);
        let (Some(s), Some(d)) = (
            e.attr("sourceRef").and_then(|r| cx.resolve(r)),
            e.attr("targetRef").and_then(|r| cx.resolve(r)),
        ) else {
            continue;
        };
        for (node, data) in [(s, d), (d, s)] {
            if data_refs.contains(&data) {
                if let Some(&gn) = cx.el(node).attr("id").and_then(|id| gnode_of.get(id)) {
                    producers.entry(data).or_default().push(gn);
                    used_assoc.insert(a);
                }
            }
        }
    }
    // dataOutputAssociation inside a node: the node writes the data.
    for gn in 0..g.nodes.len() {
        let Some(el) = g.nodes[gn].el else { continue };
        for (c, ce) in cx.bpmn_children(el).collect::<Vec<_>>() {
            if ce.name != "dataOutputAssociation" {
                continue;
            }
            let target = cx
                .bpmn_children(c)
                .find(|(_, x)| x.name == "targetRef")
                .and_then(|(_, x)| cx.resolve(&x.text));
            match target {
                Some(d) if data_refs.contains(&d) => producers.entry(d).or_default().push(gn),
                _ => cx.note(
                    c,
                    "data written outside the pool's data objects: not represented",
                ),
            }
        }
    }
    for &d in &data_refs {
        let list: Vec<usize> = producers
            .get(&d)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&p| {
                        g.nodes[p].alive
                            && !matches!(g.nodes[p].kind, Kind::End(_) | Kind::Document)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let Some(&from) = list.first() else {
            cx.note(
                d,
                "no step produces it (only data a step writes is drawn, as a document): not represented",
            );
            continue;
        };
        if list.len() > 1 {
            cx.note(d, "produced by several nodes: drawn beside the first");
        }
        if cx.el(d).name == "dataStoreReference" {
            cx.note(d, "a data store: drawn as a document");
        }
        let lane = cx
            .reg(d, "lane")
            .and_then(|l| lanes.iter().position(|x| x.id == l))
            .unwrap_or(g.nodes[from].lane);
        let nm = cx.name(d);
        g.add(GNode {
            el: Some(d),
            kind: Kind::Document,
            lane,
            name: nm,
            rank: (d, 0),
            alive: true,
            from: Some(from),
        });
    }
    for &o in &data_objects {
        let oid = cx.el(o).attr("id").unwrap_or("");
        let referenced = data_refs.iter().any(|&r| {
            cx.el(r)
                .attr("dataObjectRef")
                .is_some_and(|x| x.rsplit(':').next() == Some(oid))
        });
        if !referenced {
            cx.note(o, "a data object not drawn anywhere: not represented");
        }
    }
    for &a in &associations {
        if !used_assoc.contains(&a) {
            cx.note(a, "not represented");
        }
    }

    close_flow(&mut cx, &mut g);

    // Choices: outcome labels.
    let mut labels: HashMap<usize, Vec<Text>> = HashMap::new();
    for k in 0..g.nodes.len() {
        if !g.nodes[k].alive || g.nodes[k].kind != Kind::Gateway {
            continue;
        }
        let mut unnamed = Vec::new();
        let mut list = Vec::new();
        for (j, e) in g.edges.iter().filter(|e| e.from == k).enumerate() {
            match &e.label {
                Some(l) => list.push(cx.text(e.flow, "name", l.clone())),
                None => {
                    unnamed.push((j + 1).to_string());
                    list.push(Text::plain((j + 1).to_string()));
                }
            }
        }
        if !unnamed.is_empty() {
            if let Some(el) = g.nodes[k].el {
                cx.note(
                    el,
                    format!(
                        "{} unnamed way(s) out, labelled {}",
                        unnamed.len(),
                        unnamed.join(", ")
                    ),
                );
            }
        }
        labels.insert(k, list);
    }
    for e in &g.edges {
        if g.nodes[e.from].kind != Kind::Gateway {
            if let (Some(l), Some(f)) = (&e.label, e.flow) {
                cx.note(
                    f,
                    format!("its name «{l}» is not kept: regflow labels only a choice's ways out"),
                );
            }
        }
    }

    // The order of the nodes in the model.
    let order = if cx.ours {
        g.by_rank()
    } else {
        g.depth_first()
    };

    // Messages between imported nodes.
    let mut messages_g: Vec<(usize, usize, Option<Text>)> = Vec::new();
    for m in message_flows {
        let e = cx.el(m);
        let end = |k: &str| {
            e.attr(k)
                .and_then(|r| cx.resolve(r))
                .and_then(|i| cx.el(i).attr("id"))
                .and_then(|id| gnode_of.get(id).copied())
                .filter(|&n| g.nodes[n].alive && g.nodes[n].kind != Kind::Document)
        };
        match (end("sourceRef"), end("targetRef")) {
            (Some(a), Some(b)) if a != b => {
                if matches!(g.nodes[b].kind, Kind::Start(k) if k != EventKind::Message) {
                    cx.note(
                        m,
                        "a message into a start that is not a message start: not represented",
                    );
                    continue;
                }
                let text = e
                    .attr("name")
                    .map(|n| cx.drawable(m, n))
                    .filter(|n| !n.trim().is_empty());
                messages_g.push((a, b, text.map(|s| cx.text(Some(m), "name", s))));
            }
            _ => cx.note(
                m,
                "a message flow from or to a pool or an element not imported: not represented",
            ),
        }
    }

    // Ids and flows as the model writes them.
    let pre: Vec<Option<String>> = g
        .nodes
        .iter()
        .map(|n| n.el.and_then(|el| cx.reg(el, "id")).map(str::to_string))
        .collect();
    let numbers: Vec<Option<String>> = g
        .nodes
        .iter()
        .map(|n| n.el.and_then(|el| cx.reg(el, "n")).map(str::to_string))
        .collect();
    let in_flow = |k: usize| g.nodes[k].kind != Kind::Document;
    // Each node's flows out, in file order, listed once (not by a scan of
    // every flow per node: 10,000 nodes would take 10,000 scans).
    let mut outs: Vec<Vec<usize>> = vec![Vec::new(); g.nodes.len()];
    for e in &g.edges {
        outs[e.from].push(e.to);
    }
    let succ = |k: usize| -> Vec<usize> {
        if g.nodes[k].kind == Kind::Gateway {
            return outs[k].clone();
        }
        let mut seen = HashSet::new();
        outs[k]
            .iter()
            .copied()
            .filter(|t| seen.insert(*t))
            .collect()
    };
    let next_in_flow = |i: usize| order[i + 1..].iter().copied().find(|&k| in_flow(k));
    let mut implicit = vec![false; g.nodes.len()];
    let mut referenced = vec![false; g.nodes.len()];
    for (i, &k) in order.iter().enumerate() {
        match g.nodes[k].kind {
            Kind::Gateway => succ(k).iter().for_each(|&s| referenced[s] = true),
            Kind::End(_) => {}
            Kind::Document => referenced[g.nodes[k].from.unwrap_or(k)] = true,
            _ => {
                let s = succ(k);
                if s.len() == 1 && Some(s[0]) == next_in_flow(i) {
                    implicit[k] = true;
                } else {
                    s.iter().for_each(|&x| referenced[x] = true);
                }
            }
        }
    }
    // Each flow keeps its id (once: a flow passed through to several
    // flows names only the first), except in a regflow export the
    // `Flow_3` it numbered the third flow with, which the export makes
    // again (its joins' flows are not the model's).
    let numbered: HashMap<usize, String> = flows
        .iter()
        .filter(|&&f| !cx.el(f).attr("id").unwrap_or("").starts_with("Flow_join_"))
        .enumerate()
        .map(|(k, &f)| (f, format!("Flow_{}", k + 1)))
        .collect();
    let mut taken_flow_ids = HashSet::new();
    let flow_ids: Vec<Option<String>> = g
        .edges
        .iter()
        .map(|e| {
            let f = e.flow?;
            let id = cx.el(f).attr("id")?;
            let made = cx.ours && numbered.get(&f).is_some_and(|n| n == id);
            let keep = crate::model::is_flow_id(id)
                && !made
                && g.nodes[e.from].alive
                && g.nodes[e.to].alive
                && taken_flow_ids.insert(id);
            keep.then(|| id.to_string())
        })
        .collect();
    // A flow note names both ends of its flow.
    let documented: Vec<(&GEdge, &Option<String>)> = g
        .edges
        .iter()
        .zip(&flow_ids)
        .filter(|(e, id)| !e.docs.is_empty() || id.is_some())
        .collect();
    for (e, _) in &documented {
        if g.nodes[e.from].alive && g.nodes[e.to].alive {
            referenced[e.from] = true;
            referenced[e.to] = true;
        } else if let Some(f) = e.flow {
            cx.note(
                f,
                "its documentation is not kept (the flow is not imported)",
            );
        }
    }
    for (a, b, _) in &messages_g {
        referenced[*a] = true;
        referenced[*b] = true;
    }
    // A number stands for the id when it is unique and no id is given.
    let mut count_n: HashMap<&str, usize> = HashMap::new();
    for &k in &order {
        if let (Some(n), None) = (numbers[k].as_deref(), &pre[k]) {
            *count_n.entry(n).or_default() += 1;
        }
    }
    let mut used = Taken::default();
    let mut by_number = vec![false; g.nodes.len()];
    for &k in &order {
        if let Some(p) = &pre[k] {
            used.insert(p.clone());
        }
    }
    for &k in &order {
        if let Some(n) = numbers[k].as_deref() {
            if pre[k].is_none() && count_n[n] == 1 && used.insert(n.to_string()) {
                by_number[k] = true;
            }
        }
    }
    let mut ids: Vec<Option<String>> = vec![None; g.nodes.len()];
    for &k in &order {
        if by_number[k] {
            continue;
        }
        let needs = pre[k].is_some() || referenced[k] || numbers[k].is_some();
        if needs {
            ids[k] = Some(match &pre[k] {
                Some(p) => p.clone(),
                None => used.unique(&slug(&g.nodes[k].name, kind_word(&g.nodes[k].kind))),
            });
        }
    }
    let id_of = |k: usize| -> String {
        ids[k]
            .clone()
            .or_else(|| numbers[k].clone())
            .unwrap_or_default()
    };

    // The nodes.
    let mut nodes = Vec::new();
    let mut origins = Vec::new();
    for &k in &order {
        let n = g.nodes[k].clone();
        let body = match n.kind {
            Kind::Step | Kind::Ref { .. } | Kind::Document => step_text(&mut cx, &n),
            _ => String::new(),
        };
        let el = n.el;
        let time = match el {
            Some(el) if cx.reg(el, "time").is_some() => cx.reg_ron(el, "time"),
            _ => None,
        };
        let lane = lanes[n.lane].id.clone();
        let next = (!implicit[k]).then(|| succ(k).into_iter().map(id_of).collect::<Vec<_>>());
        let extension = match el {
            Some(el) if cx.reg(el, "extension").is_some() => cx.reg_ron(el, "extension"),
            _ => None,
        };
        let text = |s: &str| (!s.trim().is_empty()).then(|| cx.text(el, "name", s));
        let reg_text = |key: &str| {
            el.and_then(|el| cx.reg(el, key))
                .map(|s| cx.text(el, key, s))
        };
        let line: Option<u32> = el
            .and_then(|el| cx.reg(el, "line"))
            .and_then(|l| l.parse().ok());
        let node = match &n.kind {
            Kind::Start(event) => Node::Start {
                id: ids[k].clone(),
                lane,
                text: text(&n.name),
                event: *event,
                line,
                next,
            },
            Kind::End(event) => Node::End {
                id: ids[k].clone(),
                lane,
                result: text(&n.name),
                event: *event,
                form: reg_text("form"),
                line,
                next: None,
            },
            Kind::Step => Node::Step {
                id: ids[k].clone(),
                n: numbers[k].clone(),
                lane,
                text: cx.text(el, "name", body.clone()),
                time,
                extension,
                part_of: el.and_then(|el| cx.reg(el, "partOf")).map(str::to_string),
                outside_term: el.and_then(|el| cx.reg(el, "outsideTerm")) == Some("true"),
                result: reg_text("result"),
                detail: reg_text("detail"),
                form: reg_text("form"),
                line,
                time_when: reg_text("timeWhen"),
                next,
            },
            Kind::Ref { model, steps } => Node::Ref {
                id: ids[k].clone(),
                n: numbers[k].clone(),
                lane,
                text: cx.text(el, "name", body.clone()),
                model: model.clone(),
                steps: steps.clone(),
                time,
                line,
                next,
            },
            Kind::Event(event, throw) => Node::Event {
                id: ids[k].clone(),
                n: numbers[k].clone(),
                lane,
                event: *event,
                throw: *throw && *event != EventKind::Timer,
                text: text(&n.name),
                time,
                time_when: reg_text("timeWhen"),
                form: reg_text("form"),
                line,
                next,
            },
            Kind::Document => Node::Document {
                id: ids[k].clone(),
                lane,
                text: cx.text(el, "name", body.clone()),
                from: id_of(n.from.unwrap_or(k)),
            },
            Kind::Gateway => Node::Choice {
                id: ids[k].clone(),
                lane,
                question: cx.text(el, "name", n.name.clone()),
                outcomes: succ(k)
                    .into_iter()
                    .zip(labels.get(&k).cloned().unwrap_or_default())
                    .map(|(to, label)| Outcome {
                        label,
                        to: id_of(to),
                    })
                    .collect(),
                line,
            },
        };
        nodes.push(node);
        origins.push(n.el.and_then(|el| cx.el(el).attr("id")).map(str::to_string));
    }
    if nodes.is_empty() {
        let (line, column) = t.line_col(0);
        return Err(ImportError::NoProcess {
            message: "its processes hold no flow node regflow can draw".into(),
            line,
            column,
        });
    }
    let messages: Vec<Message> = messages_g
        .into_iter()
        .map(|(a, b, text)| Message {
            from: id_of(a),
            to: id_of(b),
            text,
        })
        .collect();

    // One note per flow with an id or documentation: the id on the first,
    // a note per further documentation.
    let flow_notes: Vec<FlowNote> = documented
        .iter()
        .filter(|(e, _)| g.nodes[e.from].alive && g.nodes[e.to].alive)
        .flat_map(|(e, id)| {
            let texts: Vec<Text> = match e.docs.len() {
                0 => vec![Text::default()],
                _ => e.docs.iter().map(|d| Text::plain(d.clone())).collect(),
            };
            texts.into_iter().enumerate().map(|(j, text)| FlowNote {
                from: id_of(e.from),
                to: id_of(e.to),
                id: if j == 0 { (*id).clone() } else { None },
                text,
            })
        })
        .collect();

    // The process.
    let head = pools[0].process;
    let service = if pools[0].named && (cx.ours || !multi) {
        pools[0].name.clone()
    } else {
        file_name
    };
    let service = cx.drawable(head, &service);
    let lang: Lang = cx.reg_ron(head, "lang").unwrap_or_default();
    let legend: LegendWording = cx.reg_ron(head, "legend").unwrap_or_default();
    let lane_order: LaneOrder = cx.reg_ron(head, "lane_order").unwrap_or_default();
    let source: Option<Source> = cx.reg_ron(head, "source");
    let mut notes: Vec<Text> = cx.reg_ron(head, "notes").unwrap_or_default();
    let variant = cx
        .reg(head, "variant")
        .map(|s| cx.text(Some(head), "variant", s));
    notes.extend(cx.notes.iter().map(|n| Text::plain(n.to_string())));
    let process = Process {
        lang,
        service: cx.text(Some(head), "service", service),
        variant,
        source,
        legend,
        footnote: cx
            .reg(head, "footnote")
            .map(|s| cx.text(Some(head), "footnote", s)),
        caption: cx
            .reg(head, "caption")
            .map(|s| cx.text(Some(head), "caption", s)),
        orientation: orientation(t, &cx),
        lane_order,
        lanes,
        nodes,
        messages,
        flow_notes,
        notes,
    };
    Ok(Imported {
        process,
        notes: cx.notes,
        origins,
    })
}

/// A flow or boundary event that names an id the file does not have: a
/// located error with the code `regflow layout` gives (importing it would
/// silently drop or rewire the flow).
fn dangling(cx: &Ctx) -> Result<(), ImportError> {
    const REFS: [(&str, &str, &str); 5] = [
        (
            "sequenceFlow",
            "sourceRef",
            "INVALID_SEQUENCE_FLOW_ENDPOINT",
        ),
        (
            "sequenceFlow",
            "targetRef",
            "INVALID_SEQUENCE_FLOW_ENDPOINT",
        ),
        ("messageFlow", "sourceRef", "INVALID_MESSAGE_FLOW_ENDPOINT"),
        ("messageFlow", "targetRef", "INVALID_MESSAGE_FLOW_ENDPOINT"),
        ("boundaryEvent", "attachedToRef", "INVALID_BOUNDARY_HOST"),
    ];
    for (i, e) in cx.t.els.iter().enumerate() {
        if e.ns != NS_MODEL {
            continue;
        }
        for (kind, key, code) in REFS {
            if e.name != kind {
                continue;
            }
            let r = e.attr(key).unwrap_or("");
            if cx.resolve(r).is_none() {
                let (line, column) = cx.t.line_col(i);
                let id = e.attr("id").unwrap_or("?");
                return Err(ImportError::Invalid {
                    code,
                    message: if r.trim().is_empty() {
                        format!("the {kind} `{id}` has no {key}")
                    } else {
                        format!("the {kind} `{id}` names `{r}` as its {key}, and the file has no element with that id")
                    },
                    line,
                    column,
                });
            }
        }
    }
    Ok(())
}

/// The leaf lanes of a lane set, in document order; a lane that holds
/// nodes itself besides its child lanes is a lane too. Walked with an
/// explicit stack, so that lanes nested 10,000 deep are read like flat
/// ones; a lane's name is its path of names («Parent / Child»), the
/// deepest eight levels of it.
fn lane_set(
    cx: &mut Ctx,
    set: usize,
    path: &[String],
    pool: &str,
    lanes: &mut Vec<Lane>,
    lane_ids: &mut Taken,
    lane_of: &mut HashMap<String, usize>,
) {
    const NAME_DEPTH: usize = 8;
    let lanes_in = |cx: &Ctx, set: usize| -> Vec<usize> {
        cx.bpmn_children(set)
            .filter(|(_, e)| e.name == "lane")
            .map(|(i, _)| i)
            .collect()
    };
    // (lane, the names above it)
    let mut stack: Vec<(usize, std::rc::Rc<Vec<String>>)> = Vec::new();
    let top = std::rc::Rc::new(path.to_vec());
    for l in lanes_in(cx, set).into_iter().rev() {
        stack.push((l, top.clone()));
    }
    // The flow node refs below each lane with child lanes, computed once
    // from the leaves up.
    while let Some((l, above)) = stack.pop() {
        let e = cx.el(l);
        let own = e
            .attr("name")
            .map(|n| cx.drawable(l, n))
            .unwrap_or_default();
        let mut here: Vec<String> = above.iter().cloned().collect();
        if own.trim().is_empty() {
            cx.note(l, "a lane without a name: named after its pool");
        } else {
            here.push(own);
        }
        if here.len() > NAME_DEPTH {
            here.drain(..here.len() - NAME_DEPTH);
        }
        let refs: Vec<String> = cx
            .bpmn_children(l)
            .filter(|(_, c)| c.name == "flowNodeRef")
            .map(|(_, c)| c.text.trim().to_string())
            .collect();
        let child_sets: Vec<usize> = cx
            .bpmn_children(l)
            .filter(|(_, c)| c.name == "childLaneSet")
            .map(|(i, _)| i)
            .collect();
        // Refs of the child lanes: a node they hold is theirs.
        let mut covered: HashSet<String> = HashSet::new();
        for s in &child_sets {
            for c in lanes_in(cx, *s) {
                for (_, f) in cx.bpmn_children(c).filter(|(_, f)| f.name == "flowNodeRef") {
                    covered.insert(f.text.trim().to_string());
                }
            }
        }
        let own_refs: Vec<&String> = refs.iter().filter(|r| !covered.contains(*r)).collect();
        if child_sets.is_empty() || !own_refs.is_empty() {
            let name = if here.is_empty() {
                pool.to_string()
            } else {
                here.join(" / ")
            };
            let id = match cx.reg(l, "id") {
                Some(id) => lane_ids.unique(id),
                None => lane_ids.unique(&slug(&name, "lane")),
            };
            let kind: LaneKind = cx.reg_ron(l, "kind").unwrap_or_default();
            let aliases: Vec<Text> = cx.reg_ron(l, "aliases").unwrap_or_default();
            let k = lanes.len();
            lanes.push(Lane {
                id,
                name: cx.text(Some(l), "name", name),
                kind,
                aliases,
            });
            for r in own_refs {
                lane_of.entry(r.clone()).or_insert(k);
            }
        }
        let here = std::rc::Rc::new(here);
        let mut below = Vec::new();
        for s in child_sets {
            below.extend(lanes_in(cx, s));
        }
        for c in below.into_iter().rev() {
            stack.push((c, here.clone()));
        }
    }
}

/// The lane of a pool's nodes that sit in no lane.
fn pool_lane(pool: &mut Pool, lanes: &mut Vec<Lane>, lane_ids: &mut Taken) -> usize {
    if let Some(l) = pool.default_lane {
        return l;
    }
    let k = lanes.len();
    lanes.push(Lane {
        id: lane_ids.unique(&slug(&pool.name, "lane")),
        name: Text::plain(pool.name.clone()),
        kind: LaneKind::default(),
        aliases: Vec::new(),
    });
    pool.default_lane = Some(k);
    k
}

/// What a flow node holds besides its flows that the model does not keep.
fn node_children(cx: &mut Ctx, i: usize) {
    let tag = cx.el(i).name.clone();
    let kids: Vec<usize> = cx.bpmn_children(i).map(|(c, _)| c).collect();
    for c in kids {
        let e = cx.el(c);
        match e.name.as_str() {
            "incoming" | "outgoing" | "extensionElements" | "eventDefinitionRef" => {}
            n if n.ends_with("EventDefinition") => {}
            "documentation" => {
                if !cx.ours && !e.text.trim().is_empty() {
                    let text = cx.clean(&e.text);
                    cx.note(i, format!("its documentation is not kept: «{text}»"));
                }
            }
            "dataOutputAssociation" => {}
            n if SUBPROCESSES.contains(&tag.as_str()) && is_content(n) => {}
            _ => cx.note(
                c,
                format!("in {tag} {}: not kept", cx.el(i).attr("id").unwrap_or("")),
            ),
        }
    }
}

/// Elements a sub-process holds as its content (noted with it).
fn is_content(name: &str) -> bool {
    TASKS.contains(&name)
        || SUBPROCESSES.contains(&name)
        || GATEWAYS.contains(&name)
        || name.ends_with("Event")
        || matches!(
            name,
            "callActivity"
                | "sequenceFlow"
                | "dataObject"
                | "dataObjectReference"
                | "dataStoreReference"
                | "textAnnotation"
                | "association"
                | "group"
                | "laneSet"
        )
}

/// The kind of an event, and the name of a kind regflow does not have.
fn event_kind(cx: &Ctx, i: usize) -> (EventKind, Option<String>) {
    let mut kinds: Vec<String> = cx
        .bpmn_children(i)
        .filter_map(|(_, c)| {
            if c.name.ends_with("EventDefinition") {
                Some(c.name.trim_end_matches("EventDefinition").to_string())
            } else if c.name == "eventDefinitionRef" {
                cx.resolve(&c.text).map(|d| {
                    cx.el(d)
                        .name
                        .trim_end_matches("EventDefinition")
                        .to_string()
                })
            } else {
                None
            }
        })
        .collect();
    if kinds.len() > 1 {
        return (
            EventKind::Plain,
            Some(format!("multiple ({})", kinds.join(", "))),
        );
    }
    match kinds.pop().as_deref() {
        None => (EventKind::Plain, None),
        Some("message") => (EventKind::Message, None),
        Some("timer") => (EventKind::Timer, None),
        Some("error") => (EventKind::Error, None),
        Some(other) => (EventKind::Plain, Some(other.to_string())),
    }
}

/// A step's text: its name, or its id when it has none.
fn step_text(cx: &mut Ctx, n: &GNode) -> String {
    if !n.name.trim().is_empty() {
        return n.name.clone();
    }
    match n.el {
        Some(el) => {
            cx.note(el, "without a name: its id stands for it");
            cx.el(el).attr("id").unwrap_or("?").to_string()
        }
        None => "?".into(),
    }
}

fn kind_word(k: &Kind) -> &'static str {
    match k {
        Kind::Start(_) => "start",
        Kind::End(_) => "end",
        Kind::Step | Kind::Ref { .. } => "step",
        Kind::Event(..) => "event",
        Kind::Gateway => "choice",
        Kind::Document => "doc",
    }
}

/// A short ASCII id from a name: `Task 1` → `task-1`, `Прием документов`
/// → `priem-dokumentov`; `fallback` when the name has no letters.
fn slug(name: &str, fallback: &str) -> String {
    let plain: String = name.chars().map(unaccent).collect();
    let latin = crate::render::bpmn::ascii(&plain).to_lowercase();
    let words: Vec<&str> = latin
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    let mut s = String::new();
    for w in words {
        if !s.is_empty() && s.len() + w.len() >= 24 {
            break;
        }
        if !s.is_empty() {
            s.push('-');
        }
        s.push_str(&w[..w.len().min(24)]);
    }
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

/// A Latin letter without its accent (`ä` → `a`), for ids.
fn unaccent(c: char) -> char {
    const FROM: &str =
        "àáâãäåāçćčèéêëēěìíîïīñńòóôõöøōùúûüūýÿśšźžżłÀÁÂÃÄÅĀÇĆČÈÉÊËĒĚÌÍÎÏĪÑŃÒÓÔÕÖØŌÙÚÛÜŪÝŸŚŠŹŽŻŁ";
    const TO: &str =
        "aaaaaaaccceeeeeeiiiiinnooooooouuuuuyysszzzlAAAAAAACCCEEEEEEIIIIINNOOOOOOOUUUUUYYSSZZZL";
    FROM.chars()
        .position(|x| x == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

/// Lanes as columns when the file draws its pools or lanes vertically.
fn orientation(t: &Tree, cx: &Ctx) -> Orientation {
    let mut vertical = false;
    let mut horizontal = false;
    for e in t.els.iter().filter(|e| e.is(NS_DI, "BPMNShape")) {
        let is_lane = e
            .attr("bpmnElement")
            .and_then(|r| cx.resolve(r))
            .is_some_and(|i| matches!(cx.el(i).name.as_str(), "participant" | "lane"));
        match (is_lane, e.attr("isHorizontal")) {
            (true, Some("false")) => vertical = true,
            (true, _) => horizontal = true,
            _ => {}
        }
    }
    if vertical && !horizontal {
        Orientation::Table
    } else {
        Orientation::Bpmn
    }
}

#[derive(Default)]
struct Graph {
    nodes: Vec<GNode>,
    edges: Vec<GEdge>,
}

impl Graph {
    fn add(&mut self, n: GNode) -> usize {
        self.nodes.push(n);
        self.nodes.len() - 1
    }

    fn outs(&self, k: usize) -> usize {
        self.edges.iter().filter(|e| e.from == k).count()
    }

    fn ins(&self, k: usize) -> usize {
        self.edges.iter().filter(|e| e.to == k).count()
    }

    /// Removes a node, joining each flow into it to each flow out of it.
    fn pass_through(&mut self, k: usize) {
        let ins: Vec<GEdge> = self
            .edges
            .iter()
            .filter(|e| e.to == k && e.from != k)
            .cloned()
            .collect();
        let outs: Vec<GEdge> = self
            .edges
            .iter()
            .filter(|e| e.from == k && e.to != k)
            .cloned()
            .collect();
        self.edges.retain(|e| e.from != k && e.to != k);
        for a in &ins {
            for b in &outs {
                self.edges.push(GEdge {
                    from: a.from,
                    to: b.to,
                    label: a.label.clone().or_else(|| b.label.clone()),
                    flow: a.flow,
                    docs: a.docs.iter().chain(&b.docs).cloned().collect(),
                });
            }
        }
        self.nodes[k].alive = false;
    }

    fn in_flow(&self, k: usize) -> bool {
        self.nodes[k].alive && self.nodes[k].kind != Kind::Document
    }

    /// Adds a start before or an end after node `k`.
    fn close(&mut self, k: usize, start: bool) -> usize {
        let n = &self.nodes[k];
        let added = GNode {
            el: None,
            kind: if start {
                Kind::Start(EventKind::Plain)
            } else {
                Kind::End(EventKind::Plain)
            },
            lane: n.lane,
            name: String::new(),
            rank: (n.rank.0, if start { -1 } else { 1 }),
            alive: true,
            from: None,
        };
        let a = self.add(added);
        let (from, to) = if start { (a, k) } else { (k, a) };
        self.edges.push(GEdge {
            from,
            to,
            label: None,
            flow: None,
            docs: Vec::new(),
        });
        a
    }

    /// The flows as a petgraph graph, node `k` the `k`-th node, the flows
    /// in their order.
    fn flow_graph(&self) -> DiGraph<(), ()> {
        let mut g = DiGraph::with_capacity(self.nodes.len(), self.edges.len());
        for _ in &self.nodes {
            g.add_node(());
        }
        for e in &self.edges {
            g.add_edge(NodeIndex::new(e.from), NodeIndex::new(e.to), ());
        }
        g
    }

    /// The nodes reached from `from` along the flows (`forward`) or against
    /// them: petgraph's breadth-first walk, its own queue, each flow looked
    /// at once.
    fn reach(&self, from: &[usize], forward: bool) -> Vec<bool> {
        let g = self.flow_graph();
        fn walk<G>(g: G, from: &[usize], n: usize) -> Vec<bool>
        where
            G: IntoNeighbors<NodeId = NodeIndex> + Visitable<NodeId = NodeIndex>,
        {
            let mut bfs = Bfs {
                stack: VecDeque::new(),
                discovered: g.visit_map(),
            };
            for &s in from {
                if bfs.discovered.visit(NodeIndex::new(s)) {
                    bfs.stack.push_back(NodeIndex::new(s));
                }
            }
            while bfs.next(g).is_some() {}
            (0..n)
                .map(|k| bfs.discovered.is_visited(&NodeIndex::new(k)))
                .collect()
        }
        if forward {
            walk(&g, from, self.nodes.len())
        } else {
            walk(Reversed(&g), from, self.nodes.len())
        }
    }

    fn alive_by_rank(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.nodes.len())
            .filter(|&k| self.nodes[k].alive)
            .collect();
        v.sort_by_key(|&k| self.nodes[k].rank);
        v
    }

    fn by_rank(&self) -> Vec<usize> {
        self.alive_by_rank()
    }

    /// The flow's order: depth first from the starts, each node's first
    /// way out right after it; a document right after its producer.
    fn depth_first(&self) -> Vec<usize> {
        let all = self.alive_by_rank();
        let roots = all
            .iter()
            .copied()
            .filter(|&k| matches!(self.nodes[k].kind, Kind::Start(_)))
            .chain(all.iter().copied().filter(|&k| self.in_flow(k)));
        // petgraph's walk keeps its own stack; it lists a node's flows
        // last added first and takes the last listed first, so a node's
        // first flow is followed first.
        let g = self.flow_graph();
        let mut dfs = Dfs::empty(&g);
        let mut order = Vec::new();
        for r in roots {
            dfs.move_to(NodeIndex::new(r));
            while let Some(v) = dfs.next(&g) {
                order.push(v.index());
            }
        }
        // Each producer's documents, in rank order.
        let mut documents: HashMap<usize, Vec<usize>> = HashMap::new();
        for &d in &all {
            if let (true, Some(from)) = (self.nodes[d].kind == Kind::Document, self.nodes[d].from) {
                documents.entry(from).or_default().push(d);
            }
        }
        let mut out = Vec::with_capacity(order.len());
        for v in order {
            out.push(v);
            out.extend(documents.get(&v).into_iter().flatten().copied());
        }
        out
    }
}

/// Closes the flow as regflow needs it: an isolated start or end goes, a
/// node nothing leads to gets a start, one that leads nowhere an end, and
/// every node lies on a way from a start to an end.
fn close_flow(cx: &mut Ctx, g: &mut Graph) {
    for k in 0..g.nodes.len() {
        if !g.in_flow(k) {
            continue;
        }
        let (ins, outs) = (g.ins(k), g.outs(k));
        let el = g.nodes[k].el;
        match g.nodes[k].kind {
            Kind::Start(_) if outs == 0 => {
                g.nodes[k].alive = false;
                if let Some(el) = el {
                    cx.note(el, "a start that leads nowhere: left out");
                }
            }
            Kind::End(_) if ins == 0 => {
                g.nodes[k].alive = false;
                if let Some(el) = el {
                    cx.note(el, "an end nothing leads to: left out");
                }
            }
            Kind::Start(_) | Kind::End(_) => {}
            _ => {
                if ins == 0 {
                    g.close(k, true);
                    if let Some(el) = el {
                        cx.note(el, "nothing leads to it: a start is added before it");
                    }
                }
                if outs == 0 {
                    g.close(k, false);
                    if let Some(el) = el {
                        cx.note(el, "it leads nowhere: an end is added after it");
                    }
                }
            }
        }
    }
    // Documents of a node left out go too.
    for k in 0..g.nodes.len() {
        if g.nodes[k].kind == Kind::Document
            && g.nodes[k].alive
            && !g.nodes[k].from.is_some_and(|f| g.nodes[f].alive)
        {
            g.nodes[k].alive = false;
            if let Some(el) = g.nodes[k].el {
                cx.note(el, "its producer is left out: not represented");
            }
        }
    }
    // Every node reachable from a start (a loop nothing enters gets one).
    loop {
        let starts: Vec<usize> = (0..g.nodes.len())
            .filter(|&k| g.nodes[k].alive && matches!(g.nodes[k].kind, Kind::Start(_)))
            .collect();
        let reached = g.reach(&starts, true);
        let Some(k) = g
            .alive_by_rank()
            .into_iter()
            .find(|&k| g.in_flow(k) && !reached[k])
        else {
            break;
        };
        g.close(k, true);
        if let Some(el) = g.nodes[k].el {
            cx.note(el, "no start leads to it: a start is added before it");
        }
    }
    // From every node an end can be reached (a loop without a way out gets one).
    loop {
        let ends: Vec<usize> = (0..g.nodes.len())
            .filter(|&k| g.nodes[k].alive && matches!(g.nodes[k].kind, Kind::End(_)))
            .collect();
        let finishing = g.reach(&ends, false);
        let stuck: Vec<usize> = g
            .alive_by_rank()
            .into_iter()
            .filter(|&k| g.in_flow(k) && !finishing[k])
            .collect();
        let Some(&k) = stuck
            .iter()
            .find(|&&k| g.nodes[k].kind != Kind::Gateway)
            .or(stuck.first())
        else {
            break;
        };
        g.close(k, false);
        if let Some(el) = g.nodes[k].el {
            cx.note(
                el,
                "no end can be reached from it: an end is added after it",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    /// Two tasks of one id are refused at the second even when an
    /// extension element named so comes first (it took the id, and the
    /// flows were silently wired to one of the tasks, exit 0).
    #[test]
    fn two_tasks_of_one_id_are_refused_behind_an_extension_of_that_id() {
        let xml = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:x="urn:x" id="d">
<extensionElements><x:thing id="a"/></extensionElements>
<process id="p">
  <startEvent id="s"/>
  <task id="a" name="First"/>
  <task id="a" name="Second"/>
  <endEvent id="e"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
  <sequenceFlow id="f2" sourceRef="a" targetRef="e"/>
</process></definitions>"#;
        match crate::import::import_str(xml, "dup") {
            Err(crate::import::ImportError::Invalid {
                code,
                line,
                column,
                message,
            }) => {
                assert_eq!((code, line, column), ("DUPLICATE_ID", 6, 3), "{message}");
                assert!(message.contains("first at line 5, column 3"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // One task named as the extension element is: the flows reach it.
        let one = xml.replace("  <task id=\"a\" name=\"Second\"/>\n", "");
        let p = crate::import::import_str(one, "one").unwrap().process;
        assert_eq!(p.nodes.len(), 3, "{:?}", p.nodes);
    }
}
