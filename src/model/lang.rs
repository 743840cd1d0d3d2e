//! Which texts of a model lack a language: drawing a Russian-only model in
//! Kazakh would otherwise mix the languages silently (Russian lanes under
//! Kazakh headings).

use super::validate::texts_of;
use super::{Lang, Node, Process, Text};

fn has(t: &Text, lang: Lang, default: Lang) -> bool {
    match lang {
        Lang::Ru => t.ru.is_some() || (default == Lang::Ru && t.any.is_some()),
        Lang::Kk => t.kk.is_some() || (default == Lang::Kk && t.any.is_some()),
    }
}

impl Process {
    /// The fields whose text is not given in `lang`, as paths a person can
    /// find in the model (`lanes[2].name`, `nodes[5].text`); empty when the
    /// model can be drawn wholly in that language.
    pub fn untranslated(&self, lang: Lang) -> Vec<String> {
        let def = self.default_lang();
        let mut out = Vec::new();
        let mut see = |path: String, t: &Text| {
            if !has(t, lang, def) {
                out.push(path);
            }
        };
        see("service".into(), &self.service);
        for (field, t) in [
            ("variant", &self.variant),
            ("footnote", &self.footnote),
            ("caption", &self.caption),
        ] {
            if let Some(t) = t {
                see(field.into(), t);
            }
        }
        if let Some(s) = &self.source {
            see("source.act".into(), &s.act);
            if let Some(a) = &s.amended {
                see("source.amended".into(), a);
            }
        }
        for (i, l) in self.lanes.iter().enumerate() {
            see(format!("lanes[{i}].name"), &l.name);
        }
        for (i, n) in self.nodes.iter().enumerate() {
            for (field, t) in texts_of(n) {
                see(format!("nodes[{i}].{field}"), t);
            }
            if let Node::Choice { outcomes, .. } = n {
                for (j, o) in outcomes.iter().enumerate() {
                    see(format!("nodes[{i}].outcomes[{j}].label"), &o.label);
                }
            }
        }
        for (i, m) in self.messages.iter().enumerate() {
            if let Some(t) = &m.text {
                see(format!("messages[{i}].text"), t);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{load_str, Lang};
    use std::path::Path;

    #[test]
    fn a_russian_model_lacks_kazakh_and_a_bilingual_one_does_not() {
        let ru = r#"Process(service: "Услуга", lanes: [Lane(id: "a", name: "Исполнитель")], nodes: [
            Start(lane: "a"), Step(n: "1", lane: "a", text: (ru: "Прием", kk: "Қабылдау")), End(lane: "a", result: "Итог")])"#;
        let p = load_str(Path::new("x.ron"), ru).unwrap().process;
        assert!(p.untranslated(Lang::Ru).is_empty());
        assert_eq!(
            p.untranslated(Lang::Kk),
            ["service", "lanes[0].name", "nodes[2].result"]
        );
    }
}
