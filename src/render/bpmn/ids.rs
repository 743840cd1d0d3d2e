//! The XML ids of a model's elements: ASCII (bpmn-moddle rejects others
//! and bpmn-js then draws nothing), unique, stable for a given model.

use crate::model::{Node, Process};
use std::collections::HashSet;

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
