//! The XML ids of a model's elements: ASCII (bpmn-moddle rejects others
//! and bpmn-js then draws nothing), unique, stable for a given model.

use crate::model::{FlowKind, Node, Process};
use std::collections::{HashMap, HashSet, VecDeque};

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
        // The ids the model's flow notes give are taken first, so that a
        // generated `Flow_3` makes way for a kept one.
        let mut given = given_flow_ids(p);
        let own: Vec<Option<String>> = p
            .all_edges()
            .iter()
            .map(|e| {
                if e.kind != FlowKind::Sequence {
                    return None;
                }
                let id = given.get_mut(&(e.from, e.to))?.pop_front()?;
                Some(unique(&mut used, id))
            })
            .collect();
        let flows = own
            .into_iter()
            .enumerate()
            .map(|(k, id)| id.unwrap_or_else(|| unique(&mut used, &format!("Flow_{}", k + 1))))
            .collect();
        Ids {
            nodes,
            lanes,
            flows,
        }
    }
}

/// The ids the flow notes give, by the (from, to) node indices of their
/// flow, in note order: the k-th flow between two nodes takes the k-th id.
/// An id the export makes for something else (`Process_1`, `DI_…`) or
/// that is no valid id (validation reports it) is left out.
fn given_flow_ids(p: &Process) -> HashMap<(usize, usize), VecDeque<&str>> {
    let ids = p.node_ids();
    let index = crate::model::first_index(&ids);
    let mut out: HashMap<(usize, usize), VecDeque<&str>> = HashMap::new();
    for n in &p.flow_notes {
        let Some(id) = n.id.as_deref() else { continue };
        if !crate::model::is_flow_id(id) || reserved(id) {
            continue;
        }
        if let (Some(&a), Some(&b)) = (index.get(n.from.as_str()), index.get(n.to.as_str())) {
            out.entry((a, b)).or_default().push_back(id);
        }
    }
    out
}

/// Whether the export names something else so: the fixed elements, the
/// diagram elements, joins, messages and their notes, event definitions.
fn reserved(id: &str) -> bool {
    const FIXED: [&str; 7] = [
        "Definitions_1",
        "Collaboration_1",
        "Participant_1",
        "Process_1",
        "LaneSet_1",
        "BPMNDiagram_1",
        "BPMNPlane_1",
    ];
    const PREFIXES: [&str; 6] = ["DI_", "Join_", "Flow_join_", "Message_", "Note_", "Link_"];
    FIXED.contains(&id)
        || PREFIXES.iter().any(|p| id.starts_with(p))
        || id.ends_with("_Definition")
        || id.ends_with("_Object")
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

pub(super) fn unique(used: &mut HashSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut k = 2;
    while used.contains(&id) {
        id = format!("{base}_{k}");
        k += 1;
    }
    used.insert(id.clone());
    id
}
