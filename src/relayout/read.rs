//! A BPMN file as what its diagram must draw: pools, lanes, flow nodes,
//! artifacts, flows; checked, with every walk over the tree iterative (a
//! file nested 60,000 deep is read like a flat one).

use super::LayoutError;
use roxmltree::{Document, Node};
use std::collections::HashMap;

pub const NS_MODEL: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
pub const NS_BPMNDI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";

/// One shape to draw.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    /// The element's local name (`userTask`, `boundaryEvent`…).
    pub kind: String,
    pub plane: usize,
    /// The band it sits in: its pool (in its plane) and leaf lane.
    pub pool: usize,
    pub lane: Option<usize>,
    /// A boundary event's activity.
    pub host: Option<usize>,
    /// The plane that draws a sub-process's content.
    pub inner: Option<usize>,
    /// Whether it is a flow node (ranked along the flow), not an artifact.
    pub flow: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    Sequence,
    Message,
    Association,
    Data,
}

/// What a flow starts or ends at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Item(usize),
    /// A pool (a participant's band), for message flows.
    Pool(usize),
    /// A flow (an annotation's association to a sequence or message flow).
    Flow(usize),
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub id: String,
    pub kind: EdgeKind,
    pub from: End,
    pub to: End,
    /// The plane of the element that defines it.
    pub plane: usize,
}

/// A band of a plane: a participant (with or without a process), or a
/// process or sub-process drawn without a pool shape.
#[derive(Debug, Clone)]
pub struct Pool {
    pub participant: Option<String>,
    pub plane: usize,
    /// Its top-level lanes.
    pub lanes: Vec<usize>,
    pub black_box: bool,
}

#[derive(Debug, Clone)]
pub struct Lane {
    pub id: String,
    pub depth: usize,
    pub children: Vec<usize>,
}

/// One `BPMNPlane`: the collaboration, a process of its own, or a
/// sub-process's content.
#[derive(Debug, Clone)]
pub struct Plane {
    pub element: String,
    pub pools: Vec<usize>,
    /// The collapsed sub-process this plane draws the content of.
    pub owner: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Model {
    pub items: Vec<Item>,
    pub edges: Vec<Edge>,
    pub pools: Vec<Pool>,
    pub lanes: Vec<Lane>,
    pub planes: Vec<Plane>,
    /// Every id of the semantic part (the new DI's ids avoid them).
    pub ids: Vec<String>,
}

impl Model {
    /// The item standing for `i` in `plane`: itself, or the collapsed
    /// sub-process that holds it there.
    pub fn visible(&self, mut i: usize, plane: usize) -> Option<usize> {
        loop {
            if self.items[i].plane == plane {
                return Some(i);
            }
            i = self.planes[self.items[i].plane].owner?;
        }
    }
}

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
const CONTAINERS: [&str; 3] = ["subProcess", "transaction", "adHocSubProcess"];
const EVENTS: [&str; 5] = [
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
];
const GATEWAYS: [&str; 5] = [
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "complexGateway",
];
const ARTIFACTS: [&str; 4] = [
    "dataObjectReference",
    "dataStoreReference",
    "textAnnotation",
    "group",
];
/// Content of a process that is not drawn by a shape of its own.
const QUIET: [&str; 16] = [
    "documentation",
    "extensionElements",
    "laneSet",
    "dataObject",
    "property",
    "ioBinding",
    "ioSpecification",
    "auditing",
    "monitoring",
    "supports",
    "correlationSubscription",
    "resourceRole",
    "performer",
    "humanPerformer",
    "potentialOwner",
    "multiInstanceLoopCharacteristics",
];

/// Content that draws nothing itself: definitions, loop markers, a
/// sub-process's completion condition.
fn quiet(kind: &str) -> bool {
    QUIET.contains(&kind)
        || kind.ends_with("LoopCharacteristics")
        || kind.ends_with("EventDefinition")
        || matches!(
            kind,
            "incoming"
                | "outgoing"
                | "dataInputAssociation"
                | "dataOutputAssociation"
                | "eventDefinitionRef"
                | "completionCondition"
        )
}

fn is_activity(kind: &str) -> bool {
    TASKS.contains(&kind) || CONTAINERS.contains(&kind) || kind == "callActivity"
}

fn is_flow_node(kind: &str) -> bool {
    is_activity(kind) || EVENTS.contains(&kind) || GATEWAYS.contains(&kind)
}

fn bpmn(n: &Node) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(NS_MODEL)
}

fn err(doc: &Document, n: Node, code: &'static str, message: String) -> LayoutError {
    let p = doc.text_pos_at(n.range().start);
    LayoutError {
        code,
        line: p.row,
        column: p.col,
        message,
    }
}

fn id_of<'a>(n: &Node<'a, '_>) -> &'a str {
    n.attribute("id").unwrap_or("")
}

/// A reference as BPMN writes it: an id, maybe with a QName prefix.
fn bare(r: &str) -> &str {
    let r = r.trim();
    r.rsplit(':').next().unwrap_or(r)
}

struct Reader<'a, 'i> {
    doc: &'a Document<'i>,
    m: Model,
    /// Items by id.
    item_of: HashMap<String, usize>,
    /// The container (process or sub-process) of each item.
    scope_of: Vec<roxmltree::NodeId>,
    flows: Vec<(Node<'a, 'i>, usize)>,
    associations: Vec<(Node<'a, 'i>, usize)>,
    data: Vec<(Node<'a, 'i>, usize)>,
    boundaries: Vec<(Node<'a, 'i>, usize)>,
}

/// What a file's collaborations hold for the steps after them.
#[derive(Default)]
struct Collaborations<'a, 'i> {
    /// The pool of each process a participant refers to.
    pooled: HashMap<roxmltree::NodeId, usize>,
    /// Pools by participant id.
    participant_pool: HashMap<String, usize>,
    message_flows: Vec<(Node<'a, 'i>, usize)>,
    artifacts: Vec<(Node<'a, 'i>, usize)>,
}

/// Reads and checks the file.
pub fn read(doc: &Document) -> Result<Model, LayoutError> {
    let root = doc.root_element();
    if !(bpmn(&root) && root.tag_name().name() == "definitions") {
        return Err(err(
            doc,
            root,
            "NOT_BPMN",
            format!(
                "the root element is <{}>, expected BPMN 2.0 <definitions> in {NS_MODEL}",
                root.tag_name().name()
            ),
        ));
    }
    let mut r = Reader {
        doc,
        m: Model::default(),
        item_of: HashMap::new(),
        scope_of: Vec::new(),
        flows: Vec::new(),
        associations: Vec::new(),
        data: Vec::new(),
        boundaries: Vec::new(),
    };
    r.unique_ids(root)?;
    let by_id: HashMap<&str, Node> = root
        .descendants()
        .filter(|n| bpmn(n) && n.attribute("id").is_some())
        .map(|n| (id_of(&n), n))
        .collect();
    let collabs = r.collaborations(root, &by_id)?;
    let any_process = r.processes(root, &collabs.pooled)?;
    if !any_process && !r.m.planes.is_empty() {
        return Err(err(
            doc,
            root,
            "NO_PROCESS",
            "the file defines no <process>: only black-box pools or definitions, nothing to lay out"
                .into(),
        ));
    }
    for &(k, plane) in &collabs.artifacts {
        match k.tag_name().name() {
            "association" => r.associations.push((k, plane)),
            kind => {
                let pool = r.m.planes[plane].pools.first().copied().unwrap_or(0);
                r.add(k, kind, plane, pool, false, root.id());
            }
        }
    }
    r.links(root)?;
    r.boundary_hosts()?;
    r.sequence_flows()?;
    for &(k, plane) in &collabs.message_flows {
        r.message_flow(k, plane, &collabs.participant_pool)?;
    }
    r.associations_and_data(&collabs.participant_pool);
    r.m.ids = semantic_elements(root)
        .filter_map(|n| n.attribute("id").map(str::to_string))
        .collect();
    Ok(r.m)
}

/// The root and every element outside its `BPMNDiagram` children (the
/// part that is replaced).
pub fn semantic_elements<'a, 'i>(root: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    std::iter::once(root).chain(
        root.children()
            .filter(|c| {
                !(c.tag_name().namespace() == Some(NS_BPMNDI)
                    && c.tag_name().name() == "BPMNDiagram")
            })
            .flat_map(|c| c.descendants())
            .filter(|n| n.is_element()),
    )
}

impl<'a, 'i> Reader<'a, 'i> {
    /// Collaborations: a plane each, a pool per participant.
    fn collaborations(
        &mut self,
        root: Node<'a, 'i>,
        by_id: &HashMap<&str, Node<'a, 'i>>,
    ) -> Result<Collaborations<'a, 'i>, LayoutError> {
        let mut out = Collaborations::default();
        for c in root
            .children()
            .filter(|n| bpmn(n) && n.tag_name().name() == "collaboration")
        {
            let plane = self.m.planes.len();
            self.m.planes.push(Plane {
                element: id_of(&c).to_string(),
                pools: Vec::new(),
                owner: None,
            });
            for k in c.children().filter(bpmn) {
                match k.tag_name().name() {
                    "participant" => self.participant(k, plane, by_id, &mut out)?,
                    "messageFlow" => out.message_flows.push((k, plane)),
                    "textAnnotation" | "group" | "association" => out.artifacts.push((k, plane)),
                    _ => {}
                }
            }
        }
        Ok(out)
    }

    /// A participant's pool, black-box when it names no process.
    fn participant(
        &mut self,
        k: Node<'a, 'i>,
        plane: usize,
        by_id: &HashMap<&str, Node<'a, 'i>>,
        out: &mut Collaborations<'a, 'i>,
    ) -> Result<(), LayoutError> {
        let process = match k.attribute("processRef") {
            None => None,
            Some(p) => match by_id.get(bare(p)) {
                Some(n) if n.tag_name().name() == "process" => Some(*n),
                _ => {
                    return Err(err(
                        self.doc,
                        k,
                        "INVALID_PARTICIPANT_PROCESS",
                        format!(
                            "participant {} refers to the process `{p}`, which the file does not define",
                            id_of(&k)
                        ),
                    ))
                }
            },
        };
        let pool = self.m.pools.len();
        self.m.pools.push(Pool {
            participant: Some(id_of(&k).to_string()),
            plane,
            lanes: Vec::new(),
            black_box: process.is_none(),
        });
        self.m.planes[plane].pools.push(pool);
        out.participant_pool.insert(id_of(&k).to_string(), pool);
        if let Some(p) = process {
            out.pooled.entry(p.id()).or_insert(pool);
        }
        Ok(())
    }

    /// Processes: in their pool, or a plane of their own; whether the file
    /// has any.
    fn processes(
        &mut self,
        root: Node<'a, 'i>,
        pooled: &HashMap<roxmltree::NodeId, usize>,
    ) -> Result<bool, LayoutError> {
        let mut any_process = false;
        for p in root
            .children()
            .filter(|n| bpmn(n) && n.tag_name().name() == "process")
        {
            any_process = true;
            let pool = self.process_pool(p, pooled);
            self.content(p, pool)?;
            self.lanes(p, pool)?;
        }
        Ok(any_process)
    }

    /// The pool a process is drawn in.
    fn process_pool(
        &mut self,
        p: Node<'a, 'i>,
        pooled: &HashMap<roxmltree::NodeId, usize>,
    ) -> usize {
        let has_lanes = p
            .children()
            .any(|n| bpmn(&n) && n.tag_name().name() == "laneSet");
        let collab_plane = (!self.m.planes.is_empty()).then_some(0);
        match pooled.get(&p.id()) {
            Some(&pool) => pool,
            // A process no pool refers to, with lanes (MIWG A.4.0): drawn
            // beside the pools, as a band without a pool shape.
            None if has_lanes && collab_plane.is_some() => {
                let pool = self.m.pools.len();
                self.m.pools.push(Pool {
                    participant: None,
                    plane: 0,
                    lanes: Vec::new(),
                    black_box: false,
                });
                self.m.planes[0].pools.push(pool);
                pool
            }
            None => {
                let plane = self.m.planes.len();
                let pool = self.m.pools.len();
                self.m.planes.push(Plane {
                    element: id_of(&p).to_string(),
                    pools: vec![pool],
                    owner: None,
                });
                self.m.pools.push(Pool {
                    participant: None,
                    plane,
                    lanes: Vec::new(),
                    black_box: false,
                });
                pool
            }
        }
    }

    /// A message flow, which must join two pools.
    fn message_flow(
        &mut self,
        k: Node<'a, 'i>,
        plane: usize,
        participant_pool: &HashMap<String, usize>,
    ) -> Result<(), LayoutError> {
        let end = |key: &str| -> Option<End> {
            let id = bare(k.attribute(key)?);
            if let Some(&i) = self.item_of.get(id) {
                return Some(End::Item(i));
            }
            participant_pool.get(id).map(|&p| End::Pool(p))
        };
        let (Some(a), Some(b)) = (end("sourceRef"), end("targetRef")) else {
            return Err(err(
                self.doc,
                k,
                "INVALID_MESSAGE_FLOW_ENDPOINT",
                format!(
                    "message flow {}: its source or target is neither a pool nor a flow node of the file",
                    id_of(&k)
                ),
            ));
        };
        let top = |e: End| match e {
            End::Pool(p) | End::Flow(p) => p,
            End::Item(i) => self.top_pool(i),
        };
        if top(a) == top(b) {
            return Err(err(
                self.doc,
                k,
                "INVALID_MESSAGE_FLOW_ENDPOINT",
                format!(
                    "message flow {} joins two elements of one pool; a message flow joins two pools",
                    id_of(&k)
                ),
            ));
        }
        self.m.edges.push(Edge {
            id: id_of(&k).to_string(),
            kind: EdgeKind::Message,
            from: a,
            to: b,
            plane,
        });
        Ok(())
    }

    fn unique_ids(&self, root: Node<'a, 'i>) -> Result<(), LayoutError> {
        let mut seen: HashMap<&str, Node> = HashMap::new();
        for n in semantic_elements(root) {
            // Extension elements may carry an `id` of their own meaning.
            if n.tag_name().namespace() != Some(NS_MODEL) {
                continue;
            }
            let Some(id) = n.attribute("id") else {
                continue;
            };
            if let Some(first) = seen.insert(id, n) {
                let p = self.doc.text_pos_at(first.range().start);
                return Err(err(
                    self.doc,
                    n,
                    "DUPLICATE_ID",
                    format!(
                        "the id `{id}` is given twice (first at line {}, column {}); every id must be unique",
                        p.row, p.col
                    ),
                ));
            }
        }
        Ok(())
    }

    fn add(
        &mut self,
        n: Node<'a, 'i>,
        kind: &str,
        plane: usize,
        pool: usize,
        flow: bool,
        scope: roxmltree::NodeId,
    ) -> usize {
        let i = self.m.items.len();
        self.m.items.push(Item {
            id: id_of(&n).to_string(),
            kind: kind.to_string(),
            plane,
            pool,
            lane: None,
            host: None,
            inner: None,
            flow,
        });
        self.scope_of.push(scope);
        if n.attribute("id").is_some() {
            self.item_of.insert(id_of(&n).to_string(), i);
        }
        i
    }

    /// The pool of the main plane an item belongs to.
    fn top_pool(&self, mut i: usize) -> usize {
        while let Some(o) = self.m.planes[self.m.items[i].plane].owner {
            i = o;
        }
        self.m.items[i].pool
    }

    /// The content of a process and of its sub-processes, with an explicit
    /// stack.
    fn content(&mut self, process: Node<'a, 'i>, pool: usize) -> Result<(), LayoutError> {
        let plane = self.m.pools[pool].plane;
        let mut stack = vec![(process, plane, pool)];
        while let Some((container, plane, pool)) = stack.pop() {
            let top = container.tag_name().name() == "process";
            for c in container.children().filter(bpmn) {
                let kind = c.tag_name().name();
                if is_flow_node(kind) {
                    let i = self.add(c, kind, plane, pool, true, container.id());
                    if kind == "boundaryEvent" {
                        self.boundaries.push((c, i));
                    }
                    for d in c.children().filter(bpmn) {
                        if matches!(
                            d.tag_name().name(),
                            "dataInputAssociation" | "dataOutputAssociation"
                        ) {
                            self.data.push((d, plane));
                        }
                    }
                    let has_content = CONTAINERS.contains(&kind)
                        && c.children().filter(bpmn).any(|k| {
                            let n = k.tag_name().name();
                            is_flow_node(n) || ARTIFACTS.contains(&n)
                        });
                    if has_content {
                        let inner = self.m.planes.len();
                        let inner_pool = self.m.pools.len();
                        self.m.planes.push(Plane {
                            element: id_of(&c).to_string(),
                            pools: vec![inner_pool],
                            owner: Some(i),
                        });
                        self.m.pools.push(Pool {
                            participant: None,
                            plane: inner,
                            lanes: Vec::new(),
                            black_box: false,
                        });
                        self.m.items[i].inner = Some(inner);
                        stack.push((c, inner, inner_pool));
                    }
                } else if ARTIFACTS.contains(&kind) {
                    self.add(c, kind, plane, pool, false, container.id());
                } else if kind == "sequenceFlow" {
                    self.flows.push((c, plane));
                } else if kind == "association" {
                    self.associations.push((c, plane));
                } else if kind == "ioSpecification" && top {
                    // A process's own inputs and outputs are drawn (as bpmn-js does).
                    for d in c.children().filter(bpmn) {
                        let k = d.tag_name().name();
                        if matches!(k, "dataInput" | "dataOutput") && d.attribute("id").is_some() {
                            self.add(d, k, plane, pool, false, container.id());
                        }
                    }
                } else if kind.starts_with("choreography")
                    || kind.starts_with("conversation")
                    || kind.ends_with("Choreography")
                {
                    return Err(err(
                        self.doc,
                        c,
                        "UNSUPPORTED_ELEMENT",
                        format!(
                            "<{kind}> {}: choreographies and conversations are not laid out",
                            id_of(&c)
                        ),
                    ));
                } else if !quiet(kind) {
                    return Err(err(
                        self.doc,
                        c,
                        "UNKNOWN_ELEMENT",
                        format!(
                            "<{kind}> {} is not a BPMN 2.0 element a process holds",
                            id_of(&c)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The lanes of a process (nested lane sets walked with a stack); each
    /// flow node goes into its deepest lane.
    fn lanes(&mut self, process: Node<'a, 'i>, pool: usize) -> Result<(), LayoutError> {
        // (lane, parent lane, depth), popped in document order (preorder).
        let lanes_of = |set: Node<'a, 'i>| -> Vec<Node<'a, 'i>> {
            set.children()
                .filter(|n| bpmn(n) && n.tag_name().name() == "lane")
                .collect()
        };
        let mut stack: Vec<(Node, Option<usize>, usize)> = Vec::new();
        for set in process
            .children()
            .filter(|n| bpmn(n) && n.tag_name().name() == "laneSet")
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            stack.extend(lanes_of(set).into_iter().rev().map(|l| (l, None, 0)));
        }
        let first_lane = self.m.lanes.len();
        let mut parent: Vec<Option<usize>> = Vec::new();
        let mut order: Vec<(usize, Vec<Node>)> = Vec::new();
        while let Some((l, up, depth)) = stack.pop() {
            let k = self.m.lanes.len();
            self.m.lanes.push(Lane {
                id: id_of(&l).to_string(),
                depth,
                children: Vec::new(),
            });
            parent.push(up);
            order.push((k, l.children().filter(bpmn).collect()));
            match up {
                Some(u) => self.m.lanes[u].children.push(k),
                None => self.m.pools[pool].lanes.push(k),
            }
            for cs in l
                .children()
                .filter(|n| bpmn(n) && n.tag_name().name() == "childLaneSet")
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                stack.extend(
                    lanes_of(cs)
                        .into_iter()
                        .rev()
                        .map(|c| (c, Some(k), depth + 1)),
                );
            }
        }
        let ancestors = |mut l: usize, parent: &[Option<usize>]| {
            let mut v = vec![l];
            while let Some(p) = parent[l - first_lane] {
                v.push(p);
                l = p;
            }
            v
        };
        for (k, kids) in order {
            for f in kids
                .into_iter()
                .filter(|c| c.tag_name().name() == "flowNodeRef")
            {
                let id = bare(f.text().unwrap_or(""));
                let Some(&i) = self.item_of.get(id) else {
                    return Err(err(
                        self.doc,
                        f,
                        "INVALID_LANE_MEMBERSHIP",
                        format!(
                            "lane {} lists `{id}`, which is no flow node of the file",
                            self.m.lanes[k].id
                        ),
                    ));
                };
                if self.scope_of[i] != process.id() {
                    if self.m.items[i].pool == pool {
                        continue; // inside a sub-process: drawn on its plane
                    }
                    return Err(err(
                        self.doc,
                        f,
                        "INVALID_LANE_MEMBERSHIP",
                        format!(
                            "lane {} lists `{id}`, a flow node of another process",
                            self.m.lanes[k].id
                        ),
                    ));
                }
                match self.m.items[i].lane {
                    None => self.m.items[i].lane = Some(k),
                    Some(old) if ancestors(k, &parent).contains(&old) => {
                        self.m.items[i].lane = Some(k)
                    }
                    Some(old) if ancestors(old, &parent).contains(&k) => {}
                    Some(old) => {
                        return Err(err(
                            self.doc,
                            f,
                            "INVALID_LANE_MEMBERSHIP",
                            format!(
                                "`{id}` is in lane {} and in lane {}, neither inside the other",
                                self.m.lanes[old].id, self.m.lanes[k].id
                            ),
                        ))
                    }
                }
            }
        }
        // A node in a lane that has lanes inside: the first leaf below it.
        let leaf = |mut l: usize, m: &Model| {
            while let Some(&c) = m.lanes[l].children.first() {
                l = c;
            }
            l
        };
        let pool_has_lanes = !self.m.pools[pool].lanes.is_empty();
        for i in 0..self.m.items.len() {
            if self.m.items[i].pool != pool || self.scope_of[i] != process.id() {
                continue;
            }
            match self.m.items[i].lane {
                Some(l) => self.m.items[i].lane = Some(leaf(l, &self.m)),
                None if pool_has_lanes => {
                    let l = leaf(self.m.pools[pool].lanes[0], &self.m);
                    self.m.items[i].lane = Some(l);
                }
                None => {}
            }
        }
        Ok(())
    }

    fn links(&self, root: Node<'a, 'i>) -> Result<(), LayoutError> {
        let mut catches: HashMap<(roxmltree::NodeId, String), Node> = HashMap::new();
        let mut throws = Vec::new();
        for n in root.descendants().filter(bpmn) {
            let kind = n.tag_name().name();
            if !matches!(kind, "intermediateCatchEvent" | "intermediateThrowEvent") {
                continue;
            }
            let Some(def) = n
                .children()
                .find(|d| bpmn(d) && d.tag_name().name() == "linkEventDefinition")
            else {
                continue;
            };
            let name = def
                .attribute("name")
                .or(n.attribute("name"))
                .unwrap_or("")
                .to_string();
            let scope = n.parent().map(|p| p.id()).unwrap_or(root.id());
            if kind == "intermediateCatchEvent" {
                if let Some(first) = catches.insert((scope, name.clone()), n) {
                    return Err(err(
                        self.doc,
                        n,
                        "DUPLICATE_LINK_CATCH",
                        format!(
                            "link catch events {} and {} share the link name «{name}»",
                            id_of(&first),
                            id_of(&n)
                        ),
                    ));
                }
            } else {
                throws.push((scope, name, n));
            }
        }
        for (scope, name, n) in throws {
            if !catches.contains_key(&(scope, name.clone())) {
                return Err(err(
                    self.doc,
                    n,
                    "UNMATCHED_LINK",
                    format!(
                        "link throw event {} names the link «{name}», which no catch event of its scope has",
                        id_of(&n)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Each boundary event's host: an activity of its own scope, so on its
    /// plane (the grid puts the event into its host's cell and relies on
    /// it). Anything else is refused at the event, saying why.
    fn boundary_hosts(&mut self) -> Result<(), LayoutError> {
        for (n, i) in std::mem::take(&mut self.boundaries) {
            let to = n.attribute("attachedToRef").unwrap_or("");
            let why = match self.item_of.get(bare(to)).copied() {
                None if to.is_empty() => Some("has no attachedToRef".to_string()),
                None => Some(format!(
                    "is attached to `{to}`, which the file does not define"
                )),
                Some(h) if !is_activity(&self.m.items[h].kind) => Some(format!(
                    "is attached to `{to}`, a {}, which is no activity",
                    self.m.items[h].kind
                )),
                Some(h)
                    if self.scope_of[h] != self.scope_of[i]
                        || self.m.items[h].plane != self.m.items[i].plane =>
                {
                    Some(format!(
                        "is attached to `{to}`, an activity of another process or sub-process"
                    ))
                }
                Some(h) => {
                    self.m.items[i].host = Some(h);
                    self.m.items[i].lane = self.m.items[h].lane;
                    None
                }
            };
            if let Some(why) = why {
                return Err(err(
                    self.doc,
                    n,
                    "INVALID_BOUNDARY_HOST",
                    format!(
                        "boundary event {} {why}: attach it to a task, sub-process or call activity beside it in the same process or sub-process",
                        id_of(&n)
                    ),
                ));
            }
        }
        Ok(())
    }

    fn sequence_flows(&mut self) -> Result<(), LayoutError> {
        for (f, plane) in std::mem::take(&mut self.flows) {
            let end = |key: &str| {
                f.attribute(key)
                    .and_then(|r| self.item_of.get(bare(r)).copied())
                    .filter(|&i| self.m.items[i].flow)
            };
            let (Some(a), Some(b)) = (end("sourceRef"), end("targetRef")) else {
                return Err(err(
                    self.doc,
                    f,
                    "INVALID_SEQUENCE_FLOW_ENDPOINT",
                    format!(
                        "sequence flow {}: its source `{}` or target `{}` is no flow node of the file",
                        id_of(&f),
                        f.attribute("sourceRef").unwrap_or(""),
                        f.attribute("targetRef").unwrap_or("")
                    ),
                ));
            };
            let scope = f.parent().map(|p| p.id());
            if Some(self.scope_of[a]) != scope || Some(self.scope_of[b]) != scope {
                return Err(err(
                    self.doc,
                    f,
                    "CROSS_SCOPE_SEQUENCE_FLOW",
                    format!(
                        "sequence flow {} joins {} and {}, which are not both in its process or sub-process",
                        id_of(&f),
                        self.m.items[a].id,
                        self.m.items[b].id
                    ),
                ));
            }
            self.m.edges.push(Edge {
                id: id_of(&f).to_string(),
                kind: EdgeKind::Sequence,
                from: End::Item(a),
                to: End::Item(b),
                plane,
            });
        }
        Ok(())
    }

    /// Associations and data associations; one whose ends are not both
    /// drawn stays without an edge (reported by `write`).
    fn associations_and_data(&mut self, pools: &HashMap<String, usize>) {
        let look = |s: &str| self.item_of.get(bare(s)).copied();
        let mut edges = Vec::new();
        for (d, plane) in &self.data {
            if d.attribute("id").is_none() {
                continue;
            }
            let Some(owner) = d.parent().and_then(|p| p.attribute("id")).and_then(look) else {
                continue;
            };
            let text = |key: &str| {
                d.children()
                    .find(|c| bpmn(c) && c.tag_name().name() == key)
                    .and_then(|c| c.text())
                    .and_then(look)
            };
            let (from, to) = if d.tag_name().name() == "dataInputAssociation" {
                (text("sourceRef"), Some(owner))
            } else {
                (Some(owner), text("targetRef"))
            };
            if let (Some(s), Some(t)) = (from, to) {
                edges.push(Edge {
                    id: id_of(d).to_string(),
                    kind: EdgeKind::Data,
                    from: End::Item(s),
                    to: End::Item(t),
                    plane: *plane,
                });
            }
        }
        self.m.edges.extend(edges);
        let look = |s: &str| self.item_of.get(bare(s)).copied();
        let flow_of: HashMap<&str, usize> = self
            .m
            .edges
            .iter()
            .enumerate()
            .map(|(k, e)| (e.id.as_str(), k))
            .collect();
        let end = |s: &str| {
            look(s)
                .map(End::Item)
                .or_else(|| flow_of.get(bare(s)).map(|&k| End::Flow(k)))
                .or_else(|| pools.get(bare(s)).map(|&p| End::Pool(p)))
        };
        let mut edges = Vec::new();
        for (a, plane) in &self.associations {
            if let (Some(s), Some(t)) = (
                a.attribute("sourceRef").and_then(end),
                a.attribute("targetRef").and_then(end),
            ) {
                // An association joins a shape to a shape or to a flow.
                if matches!((s, t), (End::Flow(_), End::Flow(_))) {
                    continue;
                }
                edges.push(Edge {
                    id: id_of(a).to_string(),
                    kind: EdgeKind::Association,
                    from: s,
                    to: t,
                    plane: *plane,
                });
            }
        }
        self.m.edges.extend(edges);
    }
}
