//! Semantic checks of a parsed model. Every problem is reported, not just
//! the first, each at the place in the file it concerns.

use super::spans::Key;
use super::{first_index, Loaded, Node, NodeKind};
use crate::diag::{nearest, Diagnostic};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, VisitMap};
use std::collections::BTreeMap;

/// All problems of one model; errors and warnings, in file order.
pub fn validate(m: &Loaded) -> Vec<Diagnostic> {
    // Past the limits nothing else is checked: some checks take time in
    // the model's size.
    let over = super::limits::check(m);
    if !over.is_empty() {
        return over;
    }
    let mut out = Vec::new();
    let p = &m.process;
    let err = |path: &[Key], msg: String| {
        Diagnostic::error(&m.path, &m.src, Some(m.spans.best(path)), msg)
    };
    let warn = |path: &[Key], msg: String| {
        Diagnostic::warning(&m.path, &m.src, Some(m.spans.best(path)), msg)
    };
    // Every drawn text must be printable in the bundled font.
    let font_check = |path: &[Key], text: &super::Text, out: &mut Vec<Diagnostic>| {
        for s in text.all() {
            if let Some(c) = s.chars().find(|c| !crate::font::covers(*c)) {
                out.push(
                    err(path, format!("the character `{c}` (U+{:04X}) is not in the bundled font", c as u32))
                        .with_help("it would print as an empty box; replace it (for example with a Cyrillic letter or plain quotes)"),
                );
            }
        }
    };
    // The span of a node's kind name (`Step`), where node-level problems point.
    let node_at = |i: usize, msg: String| {
        let t = m.spans.get(&[Key::Field("nodes"), Key::Index(i)]);
        let span = t
            .and_then(|t| t.name_span.clone())
            .or(t.map(|t| t.span.clone()));
        Diagnostic::error(
            &m.path,
            &m.src,
            span.or(Some(m.spans.best(&[Key::Field("nodes")]))),
            msg,
        )
    };

    // Lanes.
    let mut lane_ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, lane) in p.lanes.iter().enumerate() {
        let at = [Key::Field("lanes"), Key::Index(i), Key::Field("id")];
        if lane.id.trim().is_empty() {
            out.push(
                err(&at, "a lane needs a non-empty id".into())
                    .with_help("give it a short id such as \"center\""),
            );
        } else if let Some(first) = lane_ids.insert(&lane.id, i) {
            out.push(
                err(&at, format!("duplicate lane id `{}`", lane.id)).with_help(format!(
                    "lane {} already uses this id; give each lane its own id",
                    first + 1
                )),
            );
        }
        if lane.name.is_blank() {
            let at = [Key::Field("lanes"), Key::Index(i), Key::Field("name")];
            out.push(
                err(&at, "a lane needs a name".into())
                    .with_help("write the СФЕ as the regulation names it"),
            );
        }
    }
    if p.lanes.is_empty() {
        out.push(
            err(&[Key::Field("lanes")], "the process has no lanes".into())
                .with_help("add a Lane(id: …, name: …) for each СФЕ"),
        );
    }

    // Node ids.
    let ids = p.node_ids();
    let id_index = first_index(&ids);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, node) in p.nodes.iter().enumerate() {
        if let Some(id) = node.given_id() {
            let field = if id_is_explicit(node) { "id" } else { "n" };
            let at = [Key::Field("nodes"), Key::Index(i), Key::Field(field)];
            if id.trim().is_empty() || id.starts_with('#') {
                out.push(
                    err(&at, format!("`{id}` cannot be an id"))
                        .with_help("ids are short names like \"check\"; do not start them with #"),
                );
            } else if let Some(first) = seen.insert(id, i) {
                let help = if field == "n" {
                    format!("node {} already has number {id}; when one numbered step is split, give the parts ids: id: \"{id}a\"", first + 1)
                } else {
                    format!(
                        "node {} already uses this id; give each node its own id",
                        first + 1
                    )
                };
                out.push(err(&at, format!("duplicate id `{id}`")).with_help(help));
            }
        }
    }
    let known_ids = || {
        ids.iter()
            .filter(|s| !s.starts_with('#'))
            .map(String::as_str)
    };

    // References: lanes and flow targets.
    for (i, node) in p.nodes.iter().enumerate() {
        let base = [Key::Field("nodes"), Key::Index(i)];
        if !lane_ids.contains_key(node.lane()) {
            let hint = match nearest(node.lane(), lane_ids.keys().copied()) {
                Some(n) => format!("did you mean `{n}`? "),
                None => String::new(),
            };
            let lanes: Vec<&str> = lane_ids.keys().copied().collect();
            out.push(
                err(
                    &[base[0], base[1], Key::Field("lane")],
                    format!("unknown lane `{}`", node.lane()),
                )
                .with_help(format!("{hint}the lanes are: {}", lanes.join(", "))),
            );
        }
        let mut check_target = |target: &str, at: &[Key]| match id_index.get(target).copied() {
            None => {
                let hint = match nearest(target, known_ids()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "give the target node an id: …, or use its step number".into(),
                };
                out.push(err(at, format!("unknown node `{target}`")).with_help(hint));
            }
            Some(t) if p.nodes[t].kind() == NodeKind::Start => {
                out.push(
                    err(at, format!("a flow into the start `{target}`")).with_help(
                        "nothing flows into a start; point the flow at the first step instead",
                    ),
                );
            }
            Some(_) => {}
        };
        match node {
            Node::Choice { outcomes, .. } => {
                for (j, o) in outcomes.iter().enumerate() {
                    let at = [
                        base[0],
                        base[1],
                        Key::Field("outcomes"),
                        Key::Index(j),
                        Key::Field("to"),
                    ];
                    check_target(&o.to, &at);
                }
            }
            _ => {
                for (j, t) in node.next().unwrap_or_default().iter().enumerate() {
                    let at = [base[0], base[1], Key::Field("next"), Key::Index(j)];
                    check_target(t, &at);
                }
            }
        }
        if let Some(of) = node.part_of() {
            let at = [base[0], base[1], Key::Field("part_of")];
            if !id_index.contains_key(of) {
                let hint = match nearest(of, known_ids()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "name the node whose time limit this step lies inside".into(),
                };
                out.push(err(&at, format!("unknown node `{of}`")).with_help(hint));
            }
        }
        match node {
            Node::Choice { outcomes, .. } => {
                if outcomes.len() < 2 {
                    out.push(
                        node_at(i, format!("the choice `{}` has {} outcome{}", ids[i], outcomes.len(), if outcomes.len() == 1 { "" } else { "s" }))
                            .with_help("a choice needs at least two outcomes: outcomes: [(label: \"да\", to: …), (label: \"нет\", to: …)]"),
                    );
                }
                for (j, o) in outcomes.iter().enumerate() {
                    if o.label.is_blank() {
                        let at = [
                            base[0],
                            base[1],
                            Key::Field("outcomes"),
                            Key::Index(j),
                            Key::Field("label"),
                        ];
                        out.push(err(&at, "an outcome without a label".into()).with_help(
                            "label each outcome: \"да\", \"нет\" or the case it stands for",
                        ));
                    }
                }
            }
            Node::End {
                next: Some(list), ..
            } if !list.is_empty() => {
                out.push(
                    err(
                        &[base[0], base[1], Key::Field("next")],
                        "a flow out of an end".into(),
                    )
                    .with_help(
                        "an end closes the process; remove `next`, or make this node a Step",
                    ),
                );
            }
            Node::Step { time: Some(d), .. } | Node::Ref { time: Some(d), .. }
                if d.is_nested_bound() =>
            {
                out.push(
                    err(
                        &[base[0], base[1], Key::Field("time")],
                        "a bound inside a bound".into(),
                    )
                    .with_help("write one bound around an amount: NoMore(Minutes(30))"),
                );
            }
            _ => {}
        }
        for (field, text) in texts_of(node) {
            font_check(&[base[0], base[1], Key::Field(field)], text, &mut out);
        }
        if let Node::Choice { outcomes, .. } = node {
            for (j, o) in outcomes.iter().enumerate() {
                let at = [
                    base[0],
                    base[1],
                    Key::Field("outcomes"),
                    Key::Index(j),
                    Key::Field("label"),
                ];
                font_check(&at, &o.label, &mut out);
            }
        }
        if let Some(t) = node.time().and_then(duration_text) {
            font_check(&[base[0], base[1], Key::Field("time")], t, &mut out);
        }
    }
    // The other drawn texts: the heading and the lane names.
    font_check(&[Key::Field("service")], &p.service, &mut out);
    if let Some(v) = &p.variant {
        font_check(&[Key::Field("variant")], v, &mut out);
    }
    if let Some(s) = &p.source {
        font_check(&[Key::Field("source"), Key::Field("act")], &s.act, &mut out);
        if let Some(a) = &s.amended {
            font_check(&[Key::Field("source"), Key::Field("amended")], a, &mut out);
        }
    }
    for (field, t) in [("footnote", &p.footnote), ("caption", &p.caption)] {
        if let Some(t) = t {
            font_check(&[Key::Field(field)], t, &mut out);
        }
    }
    for (i, lane) in p.lanes.iter().enumerate() {
        let at = [Key::Field("lanes"), Key::Index(i), Key::Field("name")];
        font_check(&at, &lane.name, &mut out);
    }

    // Starts, ends, reachability.
    let starts = p.nodes_of(NodeKind::Start);
    let ends = p.nodes_of(NodeKind::End);
    if starts.is_empty() {
        out.push(
            err(&[Key::Field("nodes")], "the process has no start".into())
                .with_help("add Start(lane: …) before the first step"),
        );
    }
    if ends.is_empty() {
        out.push(
            err(&[Key::Field("nodes")], "the process has no end".into())
                .with_help("add End(lane: …, result: \"…\") after the last step"),
        );
    }
    // Only sequence flows connect the flow: a node reached by a message
    // alone is disconnected (BPMN tools reject it). A document is reached
    // with its producer and needs no way on to an end.
    let edges = p.all_edges();
    let n = p.nodes.len();
    let mut fwd = vec![Vec::new(); n];
    let mut back = vec![Vec::new(); n];
    for e in &edges {
        match e.kind {
            super::FlowKind::Sequence => {
                fwd[e.from].push(e.to);
                back[e.to].push(e.from);
            }
            super::FlowKind::Association => fwd[e.from].push(e.to),
            super::FlowKind::Message => {}
        }
    }
    // One missing flow cuts off everything after it: report where each cut
    // region begins (or, for «no end», where it stops), not every node in it.
    if !starts.is_empty() {
        let reached = reach(&starts, &fwd);
        let mut into = vec![Vec::new(); n];
        for (v, ws) in fwd.iter().enumerate() {
            for &w in ws {
                into[w].push(v);
            }
        }
        for (i, more) in region_heads(&reached, &fwd, &into) {
            let help = "no flow leads here: the node before it is an end or a choice, or has its own `next`; add a flow to it or remove it";
            out.push(
                node_at(i, format!("`{}` cannot be reached from the start", ids[i]))
                    .with_help(with_more(help, more, "after it")),
            );
        }
    }
    if !ends.is_empty() {
        let mut finishing = reach(&ends, &back);
        for (i, node) in p.nodes.iter().enumerate() {
            finishing[i] |= !node.in_flow();
        }
        for (i, more) in region_heads(&finishing, &back, &fwd) {
            let help = "every path must finish at an End; add `next` to a step that leads on, or an End after it";
            out.push(
                node_at(i, format!("no end can be reached from `{}`", ids[i]))
                    .with_help(with_more(help, more, "before it")),
            );
        }
    }

    // Lanes nobody works in.
    for (i, lane) in p.lanes.iter().enumerate() {
        if !p.nodes.iter().any(|n| n.lane() == lane.id) {
            out.push(
                warn(
                    &[Key::Field("lanes"), Key::Index(i), Key::Field("id")],
                    format!("the lane `{}` has no nodes", lane.id),
                )
                .with_help("it will be drawn empty; remove it or place its steps in it"),
            );
        }
    }
    check_electronic(m, &mut out);
    out.sort_by_key(|d| (d.line, d.col));
    out
}

fn id_is_explicit(node: &Node) -> bool {
    match node {
        Node::Step { id, .. }
        | Node::Ref { id, .. }
        | Node::Start { id, .. }
        | Node::End { id, .. }
        | Node::Choice { id, .. }
        | Node::Event { id, .. }
        | Node::Document { id, .. } => id.is_some(),
    }
}

pub(crate) fn texts_of(node: &Node) -> Vec<(&'static str, &super::Text)> {
    let mut v = Vec::new();
    match node {
        Node::Start { text: Some(t), .. } => v.push(("text", t)),
        Node::End {
            result: Some(t), ..
        } => v.push(("result", t)),
        Node::Step { text, result, .. } => {
            v.push(("text", text));
            if let Some(r) = result {
                v.push(("result", r));
            }
        }
        Node::Ref { text, .. } | Node::Document { text, .. } => v.push(("text", text)),
        Node::Event { text: Some(t), .. } => v.push(("text", t)),
        Node::Choice { question, .. } => v.push(("question", question)),
        _ => {}
    }
    if let Node::Step {
        detail: Some(d), ..
    } = node
    {
        v.push(("detail", d));
    }
    if let Node::Step { form: Some(f), .. }
    | Node::Event { form: Some(f), .. }
    | Node::End { form: Some(f), .. } = node
    {
        v.push(("form", f));
    }
    if let Some(w) = node.extension().and_then(|x| x.when.as_ref()) {
        v.push(("extension", w));
    }
    if let Node::Step {
        time_when: Some(w), ..
    }
    | Node::Event {
        time_when: Some(w), ..
    } = node
    {
        v.push(("time_when", w));
    }
    v
}

/// Checks of the electronic-service elements: documents, messages and
/// event kinds.
fn check_electronic(m: &Loaded, out: &mut Vec<Diagnostic>) {
    let p = &m.process;
    let ids = p.node_ids();
    let err = |path: &[Key], msg: String| {
        Diagnostic::error(&m.path, &m.src, Some(m.spans.best(path)), msg)
    };
    let known = || {
        ids.iter()
            .filter(|s| !s.starts_with('#'))
            .map(String::as_str)
    };
    let unknown = |id: &str| {
        let hint = nearest(id, known()).map_or("give that node an id".to_string(), |n| {
            format!("did you mean `{n}`?")
        });
        (format!("unknown node `{id}`"), hint)
    };
    let index = first_index(&ids);
    let find = |id: &str| index.get(id).copied();
    for (i, node) in p.nodes.iter().enumerate() {
        let base = [Key::Field("nodes"), Key::Index(i)];
        match node {
            Node::Document { from, .. } => match find(from) {
                None => {
                    let (msg, help) = unknown(from);
                    out.push(err(&[base[0], base[1], Key::Field("from")], msg).with_help(help));
                }
                Some(j) if !p.nodes[j].in_flow() || p.nodes[j].kind() == NodeKind::End => {
                    out.push(
                        err(
                            &[base[0], base[1], Key::Field("from")],
                            format!("`{from}` cannot produce a document"),
                        )
                        .with_help("a document comes from a step, an event or a start"),
                    );
                }
                Some(_) => {}
            },
            Node::Start {
                event: super::EventKind::Error,
                ..
            } => {
                out.push(
                    err(
                        &[base[0], base[1], Key::Field("event")],
                        "a process cannot start with an error".into(),
                    )
                    .with_help("use Plain, Message or Timer"),
                );
            }
            Node::End {
                event: super::EventKind::Timer,
                ..
            } => {
                out.push(err(&[base[0], base[1], Key::Field("event")], "a process cannot end with a timer".into()).with_help("use Plain, Message or Error; a wait is an Event(event: Timer) before the end"));
            }
            _ => {}
        }
        // Nothing flows into a document.
        for (j, t) in node.next().unwrap_or_default().iter().enumerate() {
            if find(t).is_some_and(|k| !p.nodes[k].in_flow()) {
                out.push(
                    err(
                        &[base[0], base[1], Key::Field("next"), Key::Index(j)],
                        format!("a flow into the document `{t}`"),
                    )
                    .with_help(
                        "a document is not a step: say which step produces it with its `from`",
                    ),
                );
            }
        }
    }
    // A flow note belongs to a sequence flow of the model.
    let mut flows: std::collections::HashMap<(usize, usize), usize> = Default::default();
    for e in p.edges() {
        *flows.entry((e.from, e.to)).or_default() += 1;
    }
    // The ids given so far to the flows between two nodes (one each).
    let mut named: std::collections::HashMap<(usize, usize), usize> = Default::default();
    let mut flow_ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, note) in p.flow_notes.iter().enumerate() {
        let base = [Key::Field("flow_notes"), Key::Index(k)];
        if let Some(id) = note.id.as_deref() {
            let at = [base[0], base[1], Key::Field("id")];
            if !super::is_flow_id(id) {
                out.push(
                    err(&at, format!("`{id}` cannot be a flow's BPMN id")).with_help(
                        "write Latin letters, digits, _, - and . only, starting with a letter or _, such as \"Flow_check\"",
                    ),
                );
            } else if let Some(first) = flow_ids.insert(id, k) {
                out.push(
                    err(&at, format!("duplicate flow id `{id}`")).with_help(format!(
                        "flow note {} already uses this id; give each flow its own id",
                        first + 1
                    )),
                );
            }
        }
        let ends: Vec<Option<usize>> = [("from", &note.from), ("to", &note.to)]
            .into_iter()
            .map(|(field, id)| {
                let j = find(id);
                if j.is_none() {
                    let (text, help) = unknown(id);
                    out.push(err(&[base[0], base[1], Key::Field(field)], text).with_help(help));
                }
                j
            })
            .collect();
        if let [Some(a), Some(b)] = ends[..] {
            let there = flows.get(&(a, b)).copied().unwrap_or(0);
            if note.id.as_deref().is_some_and(super::is_flow_id) && there > 0 {
                let given = named.entry((a, b)).or_default();
                *given += 1;
                if *given > there {
                    out.push(
                        err(
                            &[base[0], base[1], Key::Field("id")],
                            format!(
                                "more flow ids than flows from `{}` to `{}` ({there})",
                                note.from, note.to
                            ),
                        )
                        .with_help(
                            "each flow takes one id, in the order of the notes: remove this one",
                        ),
                    );
                }
            }
            if there == 0 {
                out.push(
                    err(
                        &[base[0], base[1]],
                        format!("no flow leads from `{}` to `{}`", note.from, note.to),
                    )
                    .with_help(
                        "a flow note remarks on a flow of the model: name the two nodes it joins",
                    ),
                );
            }
        }
    }
    for (k, msg) in p.messages.iter().enumerate() {
        let base = [Key::Field("messages"), Key::Index(k)];
        for (field, id) in [("from", &msg.from), ("to", &msg.to)] {
            match find(id) {
                None => {
                    let (text, help) = unknown(id);
                    out.push(err(&[base[0], base[1], Key::Field(field)], text).with_help(help));
                }
                Some(j) if !p.nodes[j].in_flow() => {
                    out.push(
                        err(
                            &[base[0], base[1], Key::Field(field)],
                            format!("a message flow cannot touch the document `{id}`"),
                        )
                        .with_help("connect the step that produces it"),
                    );
                }
                Some(j)
                    if field == "to"
                        && p.nodes[j].kind() == NodeKind::Start
                        && p.nodes[j].event() != super::EventKind::Message =>
                {
                    out.push(
                        err(
                            &[base[0], base[1], Key::Field(field)],
                            format!("a message into `{id}`, which is not a message start"),
                        )
                        .with_help("write event: Message on that start"),
                    );
                }
                Some(_) => {}
            }
        }
        if msg.from == msg.to {
            out.push(
                err(
                    &[base[0], base[1]],
                    "a message flow from a node to itself".into(),
                )
                .with_help("a message goes between two lanes"),
            );
        }
        if let Some(t) = &msg.text {
            for s in t.all() {
                if let Some(c) = s.chars().find(|c| !crate::font::covers(*c)) {
                    out.push(
                        err(
                            &[base[0], base[1], Key::Field("text")],
                            format!(
                                "the character `{c}` (U+{:04X}) is not in the bundled font",
                                c as u32
                            ),
                        )
                        .with_help("it would print as an empty box; replace it"),
                    );
                }
            }
        }
    }
}

/// The words of a duration given without a number, under any bound.
fn duration_text(d: &super::Duration) -> Option<&super::Text> {
    use super::Duration as D;
    match d {
        D::Text(t) => Some(t),
        D::NoMore(d) | D::Within(d) | D::AtLeast(d) => duration_text(d),
        _ => None,
    }
}

fn with_more(help: &str, more: usize, where_: &str) -> String {
    match more {
        0 => help.to_string(),
        1 => format!("{help} (1 more node {where_} is cut off with it)"),
        n => format!("{help} ({n} more nodes {where_} are cut off with it)"),
    }
}

/// The flow graph of adjacency lists, for petgraph's walks.
fn graph(adj: &[Vec<usize>]) -> DiGraph<(), ()> {
    let mut g = DiGraph::with_capacity(adj.len(), adj.iter().map(Vec::len).sum());
    for _ in adj {
        g.add_node(());
    }
    for (v, ws) in adj.iter().enumerate() {
        for &w in ws {
            g.add_edge(NodeIndex::new(v), NodeIndex::new(w), ());
        }
    }
    g
}

/// The nodes not `ok` that begin a cut-off region: those with no
/// predecessor (along `pred`) inside the region; for a region that is a
/// loop, its first node. Each comes with how many more nodes it cuts off
/// (following `succ`).
fn region_heads(ok: &[bool], succ: &[Vec<usize>], pred: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let n = ok.len();
    let g = graph(succ);
    // petgraph's depth-first walk (its own stack), the nodes already
    // covered counted as seen: a head claims what it reaches that no
    // earlier head did.
    let mut dfs = Dfs::empty(&g);
    for i in (0..n).filter(|&i| ok[i]) {
        dfs.discovered.visit(NodeIndex::<u32>::new(i));
    }
    let mut heads = Vec::new();
    let claim = |dfs: &mut Dfs<NodeIndex, _>, h: usize| {
        dfs.move_to(NodeIndex::new(h));
        let mut more = 0usize;
        while dfs.next(&g).is_some() {
            more += 1;
        }
        // The head itself is not one of the more.
        (h, more.saturating_sub(1))
    };
    for i in 0..n {
        if !ok[i] && pred[i].iter().all(|&p| ok[p]) {
            heads.push(claim(&mut dfs, i));
        }
    }
    for i in 0..n {
        if !dfs.discovered.is_visited(&NodeIndex::<u32>::new(i)) {
            heads.push(claim(&mut dfs, i));
        }
    }
    heads
}

/// The nodes reached from `from` along `adj` (petgraph's walk, its own stack).
fn reach(from: &[usize], adj: &[Vec<usize>]) -> Vec<bool> {
    let g = graph(adj);
    let mut dfs = Dfs::empty(&g);
    for &s in from {
        dfs.move_to(NodeIndex::new(s));
        while dfs.next(&g).is_some() {}
    }
    (0..adj.len())
        .map(|i| dfs.discovered.is_visited(&NodeIndex::<u32>::new(i)))
        .collect()
}
