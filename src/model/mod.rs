//! What a user writes: the process model, loaded from RON and validated.
//!
//! The types here mirror the RON format one to one (see docs/model.md).
//! After validation, [`Process::graph`] gives the resolved flow graph that
//! layout and the term computation share.

mod duration;
mod lang;
pub mod limits;
mod load;
pub mod phrase;
mod spans;
mod term;
mod text;
mod validate;

pub use duration::{plural_ru, Amount, Bound, Duration, Term};
pub use load::{load_file, load_str, Loaded};
pub use spans::{Key, SpanTree};
pub use term::{
    back_edges, forward_edges, term_of, term_with_refs, PathTerm, RefTimes, TermReport,
};
pub use text::{Lang, Text};
pub use validate::validate;

use serde::{Deserialize, Serialize};

/// One process variant: one diagram of a Справочник.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// The language of bare strings.
    #[serde(default)]
    pub lang: Lang,
    /// The state service («Назначение государственной адресной социальной помощи»).
    pub service: Text,
    /// The channel or variant («при обращении … в Центр»).
    #[serde(default)]
    pub variant: Option<Text>,
    #[serde(default)]
    pub source: Option<Source>,
    /// Which wording of the legend the regulation uses.
    #[serde(default)]
    pub legend: LegendWording,
    /// The legend's footnote as the regulation writes it («*СФЕ -
    /// структурно-функциональная единица: …»); no footnote when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footnote: Option<Text>,
    /// The figure caption of an e-service diagram as the regulation writes
    /// it («Рисунок 1. Диаграмма функционального взаимодействия …»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Text>,
    #[serde(default)]
    pub orientation: Orientation,
    /// Whether `lanes` fixes the order the lanes are drawn in.
    #[serde(default, skip_serializing_if = "LaneOrder::is_given")]
    pub lane_order: LaneOrder,
    pub lanes: Vec<Lane>,
    pub nodes: Vec<Node>,
    /// Message flows (electronic services): between information systems,
    /// the portal and the staff, drawn dashed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
    /// Remarks on single sequence flows (a BPMN flow's `documentation`):
    /// not drawn, kept so that an imported file exports back with them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flow_notes: Vec<FlowNote>,
    /// Free remarks: readings chosen where the regulation is ambiguous.
    #[serde(default)]
    pub notes: Vec<Text>,
}

/// What a file says of the sequence flow from node `from` to node `to`:
/// its BPMN id and its documentation, so an import exports back with both.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FlowNote {
    pub from: String,
    pub to: String,
    /// The flow's id in the BPMN export (kept from an imported file, so an
    /// engine or a test that names the flow still finds it); unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The documentation; none when the note only keeps the id.
    #[serde(default, skip_serializing_if = "no_text")]
    pub text: Text,
}

/// Whether `s` can be a flow's id in the BPMN export: an XML name of
/// ASCII letters, digits, `_`, `-` and `.` (bpmn-moddle rejects other
/// letters), not starting with a digit, `-` or `.`.
pub fn is_flow_id(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A message flow: «Маршрутизация запроса», «Отправка уведомления».
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
}

/// What kind of event a start, an end or an intermediate event is
/// (the BPMN symbols of the functional-interaction diagrams).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum EventKind {
    /// «Простые события»
    #[default]
    Plain,
    /// «Сообщение начальное / промежуточное / завершающее»
    Message,
    /// «События-таймеры»
    Timer,
    /// «Ошибка»
    Error,
}

/// Whether a text holds no string at all: a flow note that only keeps an id.
pub fn no_text(t: &Text) -> bool {
    t.all().next().is_none()
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_plain(e: &EventKind) -> bool {
    *e == EventKind::Plain
}

/// The act a diagram comes from.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// «Постановление акимата Кызылординской области»
    pub act: Text,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    /// State registration number of the act.
    #[serde(default)]
    pub registration: Option<String>,
    /// «Приложение N» of the act that holds the regulation.
    #[serde(default)]
    pub appendix: Option<String>,
    /// «Справочник» appendix of the regulation.
    #[serde(default)]
    pub reference_appendix: Option<String>,
    /// «в редакции постановления акимата … от 29.03.2019 № 104»: the act
    /// that gave the regulation its current wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amended: Option<Text>,
    /// The published text the model is written from, relative to the
    /// repository (`sources/almaty-oblast-2018-81.txt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The lines of `file` that list this variant's procedures ("111-133").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<String>,
    /// The lines of the regulation's «Перечень структурных подразделений
    /// (работников)» ("137-141").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<String>,
    /// Units of the Перечень that are not lanes of this variant, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_lanes: Vec<NotLane>,
}

/// A unit of the Перечень left out of a variant's lanes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NotLane {
    /// As the Перечень writes it.
    pub unit: String,
    pub why: String,
}

/// The regulations word legend item 2 as «процедуры (действия) услугодателя»
/// or «… услугополучателя»; some omit the choice symbol or all symbols.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum LegendWording {
    /// «наименование процедуры (действия) услугодателя и (или) СФЕ» (set A)
    Provider,
    /// «… услугополучателя и (или) СФЕ» (set B, the most common)
    #[default]
    Recipient,
    /// Set C: three items, no «вариант выбора», «…услугополучателя…».
    RecipientNoChoice,
    /// Footnote only, no symbols (set D).
    FootnoteOnly,
    /// The twelve BPMN 1.2 symbols of the functional-interaction diagrams
    /// of electronic services («Таблица. Условные обозначения»).
    Bpmn,
}

/// How the diagram is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Orientation {
    /// The Справочник table: lanes as columns, flow going down.
    #[default]
    Table,
    /// BPMN: lanes as rows, flow going right.
    Bpmn,
}

/// The order lanes are drawn in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum LaneOrder {
    /// As listed: a regulation names its СФЕ in a fixed order.
    #[default]
    Given,
    /// Whatever order crosses least (for drafts and imported or generated
    /// processes whose lane order means nothing).
    Auto,
}

impl LaneOrder {
    pub fn is_given(&self) -> bool {
        *self == LaneOrder::Given
    }
}

/// A структурно-функциональная единица (СФЕ / ҚФБ).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub kind: LaneKind,
    /// Other names the regulation uses for the same performer.
    #[serde(default)]
    pub aliases: Vec<Text>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum LaneKind {
    /// A unit or employee of the service provider.
    #[default]
    Provider,
    StateCorporation,
    Applicant,
    Commission,
    Akim,
    InformationSystem,
    /// Any other organisation (Центр занятости, a courier service…).
    Organisation,
}

/// A node of the flow. Unless it says `next`, a node flows to the node
/// written after it; an end and a choice never flow on implicitly.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Node {
    Start {
        #[serde(default)]
        id: Option<String>,
        lane: String,
        #[serde(default)]
        text: Option<Text>,
        /// `Message` for «Сообщение начальное», `Timer` for a timer start.
        #[serde(default, skip_serializing_if = "is_plain")]
        event: EventKind,
        /// The line of `source.file` that says how the process starts.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        #[serde(default)]
        next: Option<Vec<String>>,
    },
    End {
        #[serde(default)]
        id: Option<String>,
        lane: String,
        /// What the applicant is left with («расписка об отказе в приеме заявления»).
        #[serde(default)]
        result: Option<Text>,
        /// Action tables: «Форма завершения» of a final action.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        form: Option<Text>,
        /// The line of `source.file` this node is written from (its first line).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        /// `Message` for «Сообщение завершающее», `Error` for «Ошибка».
        #[serde(default, skip_serializing_if = "is_plain")]
        event: EventKind,
        /// Always an error: kept so the validator can say so clearly.
        #[serde(default)]
        next: Option<Vec<String>>,
    },
    Step {
        /// Defaults to the step number `n`.
        #[serde(default)]
        id: Option<String>,
        /// The number printed in the regulation ("1", "2", "10-1").
        #[serde(default)]
        n: Option<String>,
        lane: String,
        text: Text,
        #[serde(default)]
        time: Option<Duration>,
        /// The condition the time limit holds under («в случае отправки на
        /// электронную почту»), shown after it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_when: Option<Text>,
        /// «Срок … продлевается на 1 (один) месяц в случаях, когда …»: how
        /// far the time limit may be extended, and when.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        extension: Option<Box<Extension>>,
        /// «из которых … в течение 10 (десяти) рабочих дней»: the id of the
        /// node whose time limit this one lies inside; counted there, not again.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part_of: Option<String>,
        /// «не входит в срок оказания государственной услуги»
        #[serde(default)]
        outside_term: bool,
        /// «Результат процедуры (действия): …»
        #[serde(default)]
        result: Option<Text>,
        /// Action tables: the description under the action's name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        detail: Option<Text>,
        /// Action tables: «Форма завершения (данные, документ, …)».
        #[serde(default, skip_serializing_if = "Option::is_none")]
        form: Option<Text>,
        /// The line of `source.file` this node is written from (its first line).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        #[serde(default)]
        next: Option<Vec<String>>,
    },
    /// An intermediate event: a message received or sent («Сообщение
    /// промежуточное»), a timer, an error.
    Event {
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        n: Option<String>,
        lane: String,
        event: EventKind,
        /// The event sends its message («отправка уведомления»: a BPMN
        /// intermediate throw event) instead of waiting for it. A timer
        /// always waits.
        #[serde(default, skip_serializing_if = "is_false")]
        throw: bool,
        #[serde(default)]
        text: Option<Text>,
        #[serde(default)]
        time: Option<Duration>,
        /// As for a step: the condition of the time limit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_when: Option<Text>,
        /// Action tables: «Форма завершения».
        #[serde(default, skip_serializing_if = "Option::is_none")]
        form: Option<Text>,
        /// The line of `source.file` this node is written from (its first line).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        #[serde(default)]
        next: Option<Vec<String>>,
    },
    /// «Электронный документ, представляемый конечному потребителю»:
    /// produced by the node `from`, drawn beside the flow, not in it.
    Document {
        #[serde(default)]
        id: Option<String>,
        lane: String,
        text: Text,
        from: String,
    },
    Choice {
        #[serde(default)]
        id: Option<String>,
        lane: String,
        question: Text,
        outcomes: Vec<Outcome>,
        /// The line of `source.file` this node is written from (its first line).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
    },
    /// «осуществляется в соответствии с пунктом 5»: a step that stands for
    /// steps of another model or variant.
    Ref {
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        n: Option<String>,
        lane: String,
        text: Text,
        /// File stem of the model referred to.
        model: String,
        /// The steps referred to ("3-4"); all when absent.
        #[serde(default)]
        steps: Option<String>,
        #[serde(default)]
        time: Option<Duration>,
        /// The line of `source.file` this node is written from (its first line).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        #[serde(default)]
        next: Option<Vec<String>>,
    },
}

/// An extension of a step's time limit («продлевается на срок до 30
/// (тридцати) календарных дней»).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// By how much (`Months(1)`), or up to how much (`NoMore(Days(30))`).
    pub time: Duration,
    /// When it applies («в случаях, когда необходимо проведение
    /// дополнительных запросов»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Text>,
}

/// One labelled way out of a choice.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub label: Text,
    pub to: String,
}

/// The kinds of node, for layout and rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Start,
    End,
    Step,
    Choice,
    Ref,
    Event,
    Document,
}

impl Node {
    pub fn kind(&self) -> NodeKind {
        match self {
            Node::Start { .. } => NodeKind::Start,
            Node::End { .. } => NodeKind::End,
            Node::Step { .. } => NodeKind::Step,
            Node::Choice { .. } => NodeKind::Choice,
            Node::Ref { .. } => NodeKind::Ref,
            Node::Event { .. } => NodeKind::Event,
            Node::Document { .. } => NodeKind::Document,
        }
    }

    /// The event kind of a start, end or intermediate event.
    pub fn event(&self) -> EventKind {
        match self {
            Node::Start { event, .. } | Node::End { event, .. } | Node::Event { event, .. } => {
                *event
            }
            _ => EventKind::Plain,
        }
    }

    /// Whether the node is an intermediate event that sends (throws) its
    /// message or signal rather than waiting for it (a timer never does).
    pub fn throws(&self) -> bool {
        matches!(self, Node::Event { throw: true, event, .. } if *event != EventKind::Timer)
    }

    /// Whether the node takes part in the sequence flow (a document does not).
    pub fn in_flow(&self) -> bool {
        !matches!(self, Node::Document { .. })
    }

    pub fn lane(&self) -> &str {
        match self {
            Node::Start { lane, .. }
            | Node::End { lane, .. }
            | Node::Step { lane, .. }
            | Node::Choice { lane, .. }
            | Node::Ref { lane, .. }
            | Node::Event { lane, .. }
            | Node::Document { lane, .. } => lane,
        }
    }

    /// The id the author gave, or the step number standing in for it.
    pub fn given_id(&self) -> Option<&str> {
        match self {
            Node::Start { id, .. }
            | Node::End { id, .. }
            | Node::Choice { id, .. }
            | Node::Document { id, .. } => id.as_deref(),
            Node::Step { id, n, .. } | Node::Ref { id, n, .. } | Node::Event { id, n, .. } => {
                id.as_deref().or(n.as_deref())
            }
        }
    }

    /// The line of the source text the node is written from.
    pub fn source_line(&self) -> Option<u32> {
        match self {
            Node::Start { line, .. }
            | Node::End { line, .. }
            | Node::Step { line, .. }
            | Node::Choice { line, .. }
            | Node::Ref { line, .. }
            | Node::Event { line, .. } => *line,
            Node::Document { .. } => None,
        }
    }

    /// The step number printed in the regulation.
    pub fn number(&self) -> Option<&str> {
        match self {
            Node::Step { n, .. } | Node::Ref { n, .. } | Node::Event { n, .. } => n.as_deref(),
            _ => None,
        }
    }

    pub fn next(&self) -> Option<&[String]> {
        match self {
            Node::Start { next, .. }
            | Node::End { next, .. }
            | Node::Step { next, .. }
            | Node::Ref { next, .. }
            | Node::Event { next, .. } => next.as_deref(),
            Node::Choice { .. } | Node::Document { .. } => None,
        }
    }

    pub fn time(&self) -> Option<&Duration> {
        match self {
            Node::Step { time, .. } | Node::Ref { time, .. } | Node::Event { time, .. } => {
                time.as_ref()
            }
            _ => None,
        }
    }

    /// The condition the time limit holds under.
    pub fn time_when(&self) -> Option<&Text> {
        match self {
            Node::Step { time_when, .. } | Node::Event { time_when, .. } => time_when.as_ref(),
            _ => None,
        }
    }

    /// The node whose time limit this one lies inside.
    pub fn part_of(&self) -> Option<&str> {
        match self {
            Node::Step { part_of, .. } => part_of.as_deref(),
            _ => None,
        }
    }

    /// The amount this node adds to a term: none when it is «не входит в
    /// срок», lies inside another step's time (`part_of`), or has no number.
    pub fn counted_time(&self) -> Option<Amount> {
        if self.outside_term() || self.part_of().is_some() {
            return None;
        }
        self.time().and_then(|d| d.amount()).map(|(_, a)| a)
    }

    /// How far the node's time limit may be extended.
    pub fn extension(&self) -> Option<&Extension> {
        match self {
            Node::Step { extension, .. } => extension.as_deref(),
            _ => None,
        }
    }

    /// The duration as a diagram or a table shows it, with what qualifies
    /// it: «1 раб. день, не входит в срок», «≤ 1 мин, в случае отправки на
    /// электронную почту». `phrase` gives the table's words («В течение
    /// одного рабочего дня») instead of the short form.
    pub fn time_caption(&self, p: &Process, lang: Lang, phrase: bool) -> Option<String> {
        let def = p.default_lang();
        let d = self.time()?;
        let mut s = if phrase {
            d.phrase(lang, def)
        } else {
            d.short(lang, def)
        };
        if self.outside_term() {
            s.push_str(match lang {
                Lang::Ru => ", не входит в срок",
                Lang::Kk => ", мерзімге кірмейді",
            });
        }
        if let Some(of) = self.part_of() {
            // The step the period lies inside, by its printed number.
            let ids = p.node_ids();
            let n = ids
                .iter()
                .position(|id| id == of)
                .and_then(|i| p.nodes[i].number())
                .unwrap_or(of);
            s.push_str(&match lang {
                Lang::Ru => format!(", входит в срок шага {n}"),
                Lang::Kk => format!(", {n}-қадам мерзімінің ішінде"),
            });
        }
        if let Some(x) = self.extension() {
            let t = if phrase {
                x.time.phrase(lang, def)
            } else {
                x.time.short(lang, def)
            };
            s.push_str(&match lang {
                Lang::Ru => format!("; может быть продлен: {t}"),
                Lang::Kk => format!("; ұзартылуы мүмкін: {t}"),
            });
        }
        if let Some(w) = self.time_when() {
            s.push_str(", ");
            s.push_str(w.get(lang, def));
        }
        Some(s)
    }

    pub fn outside_term(&self) -> bool {
        matches!(
            self,
            Node::Step {
                outside_term: true,
                ..
            }
        )
    }

    /// The main label of the node.
    pub fn label(&self) -> Option<&Text> {
        match self {
            Node::Start { text, .. } => text.as_ref(),
            Node::End { result, .. } => result.as_ref(),
            Node::Step { text, .. } | Node::Ref { text, .. } | Node::Document { text, .. } => {
                Some(text)
            }
            Node::Event { text, .. } => text.as_ref(),
            Node::Choice { question, .. } => Some(question),
        }
    }
}

/// The kinds of connection between nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlowKind {
    /// «Поток управления» / «переход к следующей процедуре»
    Sequence,
    /// «Поток сообщений»
    Message,
    /// A document and the node that produces it.
    Association,
}

/// An edge of the resolved flow graph, between node indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: Option<Text>,
    pub kind: FlowKind,
}

impl Process {
    /// The indices of the nodes of one kind (the starts, the ends), in
    /// model order.
    pub fn nodes_of(&self, kind: NodeKind) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.nodes[i].kind() == kind)
            .collect()
    }

    /// Node ids after defaults: the given id, or `#<index>` for a node the
    /// author never needs to refer to.
    pub fn node_ids(&self) -> Vec<String> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                n.given_id()
                    .map_or_else(|| format!("#{}", i + 1), str::to_string)
            })
            .collect()
    }

    pub fn lane_index(&self, id: &str) -> Option<usize> {
        self.lanes.iter().position(|l| l.id == id)
    }

    /// The sequence flows: implicit «next in the list» flows, `next` lists
    /// and choice outcomes, resolved to indices. Unknown ids are skipped
    /// here; validation reports them.
    pub fn edges(&self) -> Vec<Edge> {
        self.all_edges()
            .into_iter()
            .filter(|e| e.kind == FlowKind::Sequence)
            .collect()
    }

    /// Sequence flows, then message flows, then document associations.
    pub fn all_edges(&self) -> Vec<Edge> {
        let ids = self.node_ids();
        // Duplicate ids are a validation error; the first one is meant.
        let index = first_index(&ids);
        let find = |id: &str| index.get(id).copied();
        let mut edges = Vec::new();
        let seq = |from, to, label| Edge {
            from,
            to,
            label,
            kind: FlowKind::Sequence,
        };
        for (i, node) in self.nodes.iter().enumerate() {
            match node {
                Node::Choice { outcomes, .. } => {
                    for o in outcomes {
                        if let Some(to) = find(&o.to) {
                            edges.push(seq(i, to, Some(o.label.clone())));
                        }
                    }
                }
                Node::Document { .. } => {}
                _ => match node.next() {
                    Some(list) => {
                        for t in list {
                            if let Some(to) = find(t) {
                                edges.push(seq(i, to, None));
                            }
                        }
                    }
                    None if node.kind() != NodeKind::End => {
                        // The next node written that is in the flow.
                        if let Some(to) =
                            (i + 1..self.nodes.len()).find(|&j| self.nodes[j].in_flow())
                        {
                            edges.push(seq(i, to, None));
                        }
                    }
                    None => {}
                },
            }
        }
        for m in &self.messages {
            if let (Some(from), Some(to)) = (find(&m.from), find(&m.to)) {
                edges.push(Edge {
                    from,
                    to,
                    label: m.text.clone(),
                    kind: FlowKind::Message,
                });
            }
        }
        for (i, node) in self.nodes.iter().enumerate() {
            if let Node::Document { from, .. } = node {
                if let Some(f) = find(from) {
                    edges.push(Edge {
                        from: f,
                        to: i,
                        label: None,
                        kind: FlowKind::Association,
                    });
                }
            }
        }
        edges
    }

    /// The legend and labels language when the caller does not choose.
    pub fn default_lang(&self) -> Lang {
        self.lang
    }
}

/// Each id's first node (of [`Process::node_ids`]): where ids repeat,
/// which validation reports, the first is meant.
pub fn first_index(ids: &[String]) -> std::collections::HashMap<&str, usize> {
    let mut index = std::collections::HashMap::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate().rev() {
        index.insert(id.as_str(), i);
    }
    index
}
