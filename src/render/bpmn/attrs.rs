//! What the BPMN says of a model beyond names: `documentation` for any
//! reader, and attributes in regflow's own namespace ([`super::NS_REGFLOW`])
//! that tools keep and ignore, so that `regflow import` reads the model
//! back whole (numbers, durations, lane kinds, the other language).

use crate::model::{Lang, Node, Process, Text};
use std::collections::HashMap;

/// Attributes to write, in order: `(key, value)`, the value unescaped.
pub(super) type Attrs = Vec<(String, String)>;

/// `regflow:key` = value for each present value.
pub(super) fn regflow_attrs(pairs: &[(&str, Option<String>)]) -> Attrs {
    pairs
        .iter()
        .filter_map(|(k, v)| Some((format!("regflow:{k}"), v.clone()?)))
        .collect()
}

/// The other language: `regflow:nameKk` beside a Russian `name`
/// (`regflow:nameRu` beside a Kazakh one) for each text that has it, so
/// a bilingual model keeps both languages in its BPMN and `import` gives
/// both back.
pub(super) fn others(pairs: &[(&str, Option<&Text>)], lang: Lang, def: Lang) -> Attrs {
    let o = other(lang);
    let suffix = match o {
        Lang::Ru => "Ru",
        Lang::Kk => "Kk",
    };
    pairs
        .iter()
        .filter_map(|(k, t)| {
            let t = t.filter(|t| t.has(o, def))?;
            Some((format!("regflow:{k}{suffix}"), t.get(o, def).to_string()))
        })
        .collect()
}

/// The language a drawing in `lang` is not in.
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Ru => Lang::Kk,
        Lang::Kk => Lang::Ru,
    }
}

/// A field as the model writes it (`Within(WorkDays(2))`, `Applicant`).
pub(super) fn ron<T: serde::Serialize>(v: &T) -> Option<String> {
    ron::to_string(v).ok()
}

/// The process's fields besides its service (the pool's name): the
/// language of the texts, the variant, the legend wording, the act, notes.
pub(super) fn regflow_process(p: &Process, lang: Lang) -> Attrs {
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
    ])
    .into_iter()
    .chain(others(
        &[
            ("service", Some(&p.service)),
            ("variant", p.variant.as_ref()),
            ("footnote", p.footnote.as_ref()),
            ("caption", p.caption.as_ref()),
        ],
        lang,
        def,
    ))
    .collect()
}

pub(super) fn regflow_lane(l: &crate::model::Lane, lang: Lang, def: Lang) -> Attrs {
    let mut a = others(&[("name", Some(&l.name))], lang, def);
    a.extend(regflow_attrs(&[
        ("id", Some(l.id.clone())),
        ("kind", ron(&l.kind)),
        (
            "aliases",
            (!l.aliases.is_empty()).then(|| ron(&l.aliases)).flatten(),
        ),
    ]));
    a
}

/// A node's fields that its BPMN element does not say: the id its author
/// gave, the step number, the duration, the result…
pub(super) fn regflow_node(n: &Node, lang: Lang, def: Lang) -> Attrs {
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
    let mut a = regflow_attrs(&pairs);
    a.extend(others(&alts, lang, def));
    a
}

/// What the regulation says about the process besides its steps.
pub(super) fn process_doc(p: &Process, lang: Lang) -> Option<String> {
    crate::layout::act_text(p, lang)
}

/// The node's number, duration and result, as the regulation gives them:
/// «№ 3; в течение 2 рабочих дней; результат: …».
pub(super) fn node_doc(n: &Node, lang: Lang, def: Lang) -> Option<String> {
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

/// The model's flow notes' documentation by the (from, to) node indices of
/// their flow; a note whose nodes are unknown is left out (validation
/// reports it), and so is a note that only keeps the flow's id.
pub(super) fn flow_notes(p: &Process) -> HashMap<(usize, usize), Vec<&Text>> {
    let ids = p.node_ids();
    let index = crate::model::first_index(&ids);
    let mut out: HashMap<(usize, usize), Vec<&Text>> = HashMap::new();
    for n in p
        .flow_notes
        .iter()
        .filter(|n| !crate::model::no_text(&n.text))
    {
        if let (Some(&a), Some(&b)) = (index.get(n.from.as_str()), index.get(n.to.as_str())) {
            out.entry((a, b)).or_default().push(&n.text);
        }
    }
    out
}
