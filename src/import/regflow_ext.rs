//! What regflow's BPMN export says beyond the elements the importer
//! reads, read back after it (`import_str` calls [`read`]):
//!
//! - the step number and duration in the text annotation beside a task
//!   (`regflow:note="term"`, see `render::bpmn::notes`): an edit of that
//!   text in bpmn.io is an edit of the model's number or duration;
//! - the model's messages, said inside the one pool as `bpmn:message`s
//!   with `regflow:from` / `regflow:to` and a note with their text (see
//!   `render::bpmn::messages`).
//!
//! It reads the file on its own (roxmltree), so it depends on nothing of
//! the importer but its result, and drops the importer's notes about the
//! elements it has read (they are represented after all).

use super::Imported;
use crate::model::{phrase, Amount, Bound, Duration, Lang, Message, Node, Text};
use crate::render::bpmn::{notes, NS_REGFLOW};
use std::collections::{HashMap, HashSet};

const NS_MODEL: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";

/// A `regflow:` attribute.
fn reg<'a>(n: &roxmltree::Node<'a, 'a>, k: &str) -> Option<&'a str> {
    n.attribute((NS_REGFLOW, k))
}

/// `imp` with the number and duration notes and the messages of a
/// regflow export read in. A file regflow did not write comes back as it is.
pub fn read(text: &str, mut imp: Imported) -> Imported {
    apply(text, &mut imp);
    imp
}

fn apply(text: &str, imp: &mut Imported) {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return;
    };
    let root = doc.root_element();
    if root.attribute("exporter") != Some("regflow") {
        return;
    }
    let lang = imp.process.lang;
    let def = imp.process.default_lang();
    let by_id: HashMap<&str, roxmltree::Node> = doc
        .descendants()
        .filter_map(|n| n.attribute("id").map(|id| (id, n)))
        .collect();
    let node_of: HashMap<String, usize> = imp
        .origins
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.clone().map(|o| (o, i)))
        .collect();
    let bpmn = |n: &roxmltree::Node, name: &str| {
        n.is_element() && n.tag_name().namespace() == Some(NS_MODEL) && n.tag_name().name() == name
    };
    let mut read: HashSet<String> = HashSet::new();
    // What each annotation is associated with.
    let mut linked: HashMap<&str, &str> = HashMap::new();
    for a in doc.descendants().filter(|n| bpmn(n, "association")) {
        if let (Some(s), Some(t)) = (a.attribute("sourceRef"), a.attribute("targetRef")) {
            let note = by_id.get(t).filter(|n| bpmn(n, "textAnnotation"));
            if note.is_some() {
                linked.insert(t, s);
                read.extend(a.attribute("id").map(str::to_string));
            }
        }
    }
    let note_text = |n: &roxmltree::Node| -> String {
        n.children()
            .filter(|c| bpmn(c, "text"))
            .flat_map(|c| {
                c.descendants()
                    .filter(|t| t.is_text())
                    .filter_map(|t| t.text())
            })
            .collect::<String>()
            .trim()
            .to_string()
    };

    // Number and duration notes.
    for a in doc.descendants().filter(|n| bpmn(n, "textAnnotation")) {
        let Some(id) = a.attribute("id") else {
            continue;
        };
        if reg(&a, "note") != Some("term") {
            continue;
        }
        read.insert(id.to_string());
        let Some(&i) = linked.get(id).and_then(|t| node_of.get(*t)) else {
            continue;
        };
        let written = note_text(&a);
        let p = &imp.process;
        let now = notes::term_text(p, &p.nodes[i], lang);
        if now.as_deref() == Some(written.as_str()) {
            continue; // unchanged
        }
        let (number, time) = notes::split(&written);
        let old_time = p.nodes[i].time_caption(p, lang, true);
        let node = &mut imp.process.nodes[i];
        if number.as_deref() != node.number() {
            set_number(node, number);
        }
        if time != old_time {
            // The condition stays while the new text still says it.
            let when = node.time_when().map(|w| w.get(lang, def).to_string());
            let keep = when.is_some_and(|w| time.as_deref().is_some_and(|t| t.contains(&w)));
            set_time(node, time.as_deref().map(|t| duration(t, lang, def)), keep);
        }
    }

    // Messages.
    let mut messages = Vec::new();
    let mut texts: HashMap<&str, String> = HashMap::new();
    for a in doc.descendants().filter(|n| bpmn(n, "textAnnotation")) {
        if let (Some("message"), Some(m)) = (reg(&a, "note"), reg(&a, "message")) {
            texts.insert(m, note_text(&a));
            read.extend(a.attribute("id").map(str::to_string));
        }
    }
    for m in doc.descendants().filter(|n| bpmn(n, "message")) {
        let (Some(from), Some(to)) = (reg(&m, "from"), reg(&m, "to")) else {
            continue;
        };
        let (Some(&a), Some(&b)) = (node_of.get(from), node_of.get(to)) else {
            continue;
        };
        let id = m.attribute("id").unwrap_or("");
        read.insert(id.to_string());
        let name = m.attribute("name").unwrap_or("");
        // The note is what a reader sees and edits; the name is kept for
        // a note deleted.
        let shown = texts.get(id).cloned().unwrap_or_else(|| name.to_string());
        let text = (!shown.trim().is_empty()).then(|| {
            // The other language stays with the message while its text in
            // the file's language is unchanged.
            let other = |suffix: &str| reg(&m, &format!("name{suffix}")).map(str::to_string);
            let kept = shown == name;
            match (
                lang,
                kept.then(|| other("Kk")).flatten(),
                kept.then(|| other("Ru")).flatten(),
            ) {
                (Lang::Ru, Some(kk), _) => Text {
                    ru: Some(shown.clone()),
                    kk: Some(kk),
                    any: None,
                },
                (Lang::Kk, _, Some(ru)) => Text {
                    ru: Some(ru),
                    kk: Some(shown.clone()),
                    any: None,
                },
                _ => Text::plain(shown.clone()),
            }
        });
        messages.push((a, b, text));
    }
    for (a, b, text) in messages {
        let from = ensure_id(imp, a);
        let to = ensure_id(imp, b);
        if !imp
            .process
            .messages
            .iter()
            .any(|m| m.from == from && m.to == to)
        {
            imp.process.messages.push(Message { from, to, text });
        }
    }

    // A choice's outcomes in the order of its flows, also where a flow
    // now goes through a join (the importer puts a flow it leads on from
    // a join after the others).
    let ids = imp.process.node_ids();
    let ends_at = |flow: &str| -> Option<String> {
        let f = by_id.get(flow)?;
        let mut t = f.attribute("targetRef")?;
        if let Some(j) = by_id.get(t).filter(|j| reg(j, "join") == Some("true")) {
            let out = j.children().find(|c| bpmn(c, "outgoing"))?.text()?.trim();
            t = by_id.get(out)?.attribute("targetRef")?;
        }
        node_of.get(t).map(|&i| ids[i].clone())
    };
    for (i, origin) in imp.origins.clone().iter().enumerate() {
        let Some(g) = origin.as_deref().and_then(|o| by_id.get(o)) else {
            continue;
        };
        let order: Vec<String> = g
            .children()
            .filter(|c| bpmn(c, "outgoing"))
            .filter_map(|c| c.text().and_then(|f| ends_at(f.trim())))
            .collect();
        if let Node::Choice { outcomes, .. } = &mut imp.process.nodes[i] {
            outcomes.sort_by_key(|o| order.iter().position(|t| *t == o.to).unwrap_or(usize::MAX));
        }
    }

    // The joins regflow added are no nodes of the model.
    for n in doc.descendants().filter(|n| bpmn(n, "exclusiveGateway")) {
        if reg(&n, "join") == Some("true") {
            read.extend(n.attribute("id").map(str::to_string));
        }
    }
    // The send and receive tasks are the model's steps: no note says the
    // task type was lost.
    for n in doc
        .descendants()
        .filter(|n| bpmn(n, "sendTask") || bpmn(n, "receiveTask"))
    {
        if n.attribute("messageRef")
            .is_some_and(|m| by_id.contains_key(m))
        {
            read.extend(n.attribute("id").map(str::to_string));
        }
    }
    let dropped: Vec<String> = imp
        .notes
        .iter()
        .filter(|n| read.contains(&n.id))
        .map(|n| n.to_string())
        .collect();
    imp.notes.retain(|n| !read.contains(&n.id));
    imp.process
        .notes
        .retain(|t| !t.any.as_ref().is_some_and(|s| dropped.contains(s)));
}

/// A duration as a note writes it: «не более 15 минут», «10 жұмыс күн
/// ішінде»; a text with no number in it is kept as text.
fn duration(s: &str, lang: Lang, def: Lang) -> Duration {
    let found = phrase::durations_in(s);
    match found.first() {
        Some(f) if found.len() == 1 => {
            let a = match f.amount {
                Amount::Minutes(n) => Duration::Minutes(n),
                Amount::Hours(n) => Duration::Hours(n),
                Amount::WorkDays(n) => Duration::WorkDays(n),
                Amount::Days(n) => Duration::Days(n),
                Amount::Months(n) => Duration::Months(n),
            };
            match f.bound {
                Bound::Exact => a,
                Bound::NoMore => Duration::NoMore(Box::new(a)),
                Bound::Within => Duration::Within(Box::new(a)),
                Bound::AtLeast => Duration::AtLeast(Box::new(a)),
            }
        }
        _ => {
            let _ = def;
            Duration::Text(match lang {
                Lang::Ru => Text {
                    ru: Some(s.to_string()),
                    ..Default::default()
                },
                Lang::Kk => Text {
                    kk: Some(s.to_string()),
                    ..Default::default()
                },
            })
        }
    }
}

/// A new number; a node known by its old number keeps that as its id, so
/// what refers to it still does.
fn set_number(node: &mut Node, number: Option<String>) {
    match node {
        Node::Step { id, n, .. } | Node::Ref { id, n, .. } | Node::Event { id, n, .. } => {
            if id.is_none() {
                *id = n.clone();
            }
            *n = number;
        }
        _ => {}
    }
}

fn set_time(node: &mut Node, d: Option<Duration>, keep_when: bool) {
    match node {
        Node::Step {
            time, time_when, ..
        }
        | Node::Event {
            time, time_when, ..
        } => {
            *time = d;
            if !keep_when {
                *time_when = None;
            }
        }
        Node::Ref { time, .. } => *time = d,
        _ => {}
    }
}

/// The model id of node `i`, given one from its BPMN element when it has
/// none (a message names its ends by id).
fn ensure_id(imp: &mut Imported, i: usize) -> String {
    if let Some(id) = imp.process.nodes[i].given_id() {
        return id.to_string();
    }
    let id = imp.origins[i]
        .clone()
        .unwrap_or_else(|| format!("node{}", i + 1));
    match &mut imp.process.nodes[i] {
        Node::Start { id: x, .. }
        | Node::End { id: x, .. }
        | Node::Step { id: x, .. }
        | Node::Choice { id: x, .. }
        | Node::Ref { id: x, .. }
        | Node::Event { id: x, .. }
        | Node::Document { id: x, .. } => *x = Some(id.clone()),
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_s_duration_reads_as_the_model_writes_it() {
        let minutes = |n| Box::new(Duration::Minutes(n));
        assert_eq!(
            duration("15 минуттан артық емес", Lang::Kk, Lang::Kk),
            Duration::NoMore(minutes(15))
        );
        assert_eq!(
            duration("в течение 3 рабочих дней", Lang::Ru, Lang::Ru),
            Duration::Within(Box::new(Duration::WorkDays(3)))
        );
        // No number: kept as the text written.
        assert_eq!(
            duration("согласно графику", Lang::Ru, Lang::Ru),
            Duration::Text(Text {
                ru: Some("согласно графику".into()),
                ..Default::default()
            })
        );
    }
}
