//! The fixed words of the diagrams, in the wording of the regulations
//! (seed-inventory §3: legend sets A, B, C, D and the Kazakh legend).

use crate::model::{Lang, LegendWording};

/// The legend heading.
pub fn legend_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "Условные обозначения",
        Lang::Kk => "Шартты белгілер",
    }
}

/// Legend items, in the regulations' order: the four of the Справочник,
/// then the twelve of the BPMN 1.2 legend of electronic services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    StartEnd,
    Procedure,
    Choice,
    Transition,
    MessageStart,
    MessageEnd,
    MessageIntermediate,
    PlainEnd,
    Error,
    Timer,
    InformationSystem,
    Process,
    Condition,
    MessageFlow,
    ControlFlow,
    Document,
}

/// The twelve items of the BPMN legend, in its order.
pub const BPMN_SYMBOLS: [Symbol; 12] = [
    Symbol::MessageStart,
    Symbol::MessageEnd,
    Symbol::MessageIntermediate,
    Symbol::PlainEnd,
    Symbol::Error,
    Symbol::Timer,
    Symbol::InformationSystem,
    Symbol::Process,
    Symbol::Condition,
    Symbol::MessageFlow,
    Symbol::ControlFlow,
    Symbol::Document,
];

/// The BPMN legend's heading (seed 004: «Таблица. Условные обозначения»).
pub fn bpmn_legend_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "Таблица. Условные обозначения",
        Lang::Kk => "Кесте. Шартты белгілер",
    }
}

pub fn legend_item(sym: Symbol, lang: Lang, wording: LegendWording) -> &'static str {
    match (lang, sym) {
        (Lang::Ru, Symbol::StartEnd) => "начало или завершение оказания государственной услуги;",
        (Lang::Ru, Symbol::Procedure) => match wording {
            LegendWording::Provider => {
                "наименование процедуры (действия) услугодателя и (или) СФЕ;"
            }
            _ => "наименование процедуры (действия) услугополучателя и (или) СФЕ;",
        },
        (Lang::Ru, Symbol::Choice) => "вариант выбора;",
        (Lang::Ru, Symbol::Transition) => "переход к следующей процедуре (действию).",
        (Lang::Kk, Symbol::StartEnd) => "мемлекеттік қызметті көрсетудің басталуы немесе аяқталуы;",
        // The seed's Kazakh item 2 is truncated («…қызметті алушының және (немесе)
        // рәсімінің (іс-әрекетінің);»); completed here with «атауы» and «ҚФБ»,
        // parallel to the Russian.
        (Lang::Kk, Symbol::Procedure) => {
            "көрсетілетін қызметті алушының және (немесе) ҚФБ рәсімінің (іс-әрекетінің) атауы;"
        }
        (Lang::Kk, Symbol::Choice) => "таңдау нұсқасы;",
        (Lang::Kk, Symbol::Transition) => "келесі рәсімге (іс-әрекетке) өту.",
        // Seed 004, lines 1205–1237 (ru) and 575–607 (kk).
        (Lang::Ru, Symbol::MessageStart) => "Сообщение начальное",
        (Lang::Ru, Symbol::MessageEnd) => "Сообщение завершающее",
        (Lang::Ru, Symbol::MessageIntermediate) => "Сообщение промежуточное",
        (Lang::Ru, Symbol::PlainEnd) => "Простые события завершающие",
        (Lang::Ru, Symbol::Error) => "Ошибка",
        (Lang::Ru, Symbol::Timer) => "События-таймеры",
        (Lang::Ru, Symbol::InformationSystem) => "Информационная система",
        (Lang::Ru, Symbol::Process) => "Процесс",
        (Lang::Ru, Symbol::Condition) => "Условие",
        (Lang::Ru, Symbol::MessageFlow) => "Поток сообщений",
        (Lang::Ru, Symbol::ControlFlow) => "Поток управления",
        (Lang::Ru, Symbol::Document) => {
            "Электронный документ, представляемый конечному потребителю"
        }
        (Lang::Kk, Symbol::MessageStart) => "Бастапқы хабарлама",
        (Lang::Kk, Symbol::MessageEnd) => "Соңғы хабарлама",
        (Lang::Kk, Symbol::MessageIntermediate) => "Аралық хабарлама",
        (Lang::Kk, Symbol::PlainEnd) => "Соңғы қарапайым оқиғалар",
        (Lang::Kk, Symbol::Error) => "Қате",
        (Lang::Kk, Symbol::Timer) => "Оқиға-таймерлер",
        (Lang::Kk, Symbol::InformationSystem) => "Ақпараттық жүйе",
        (Lang::Kk, Symbol::Process) => "Процесс",
        (Lang::Kk, Symbol::Condition) => "Шарт",
        (Lang::Kk, Symbol::MessageFlow) => "Хабарлама ағыны",
        (Lang::Kk, Symbol::ControlFlow) => "Басқару ағыны",
        (Lang::Kk, Symbol::Document) => "Соңында тұтынушыға ұсынылатын электрондық құжат",
    }
}

/// The СФЕ footnote; `who` lists the organisations that take part
/// («услугодателя, Государственной корпорации»).
pub fn footnote(lang: Lang, who: &str) -> String {
    match lang {
        Lang::Ru => format!("*СФЕ – структурно-функциональная единица: взаимодействие структурных подразделений (работников) {who};"),
        Lang::Kk => format!("*ҚФБ – құрылымдық-функционалдық бірлік: {who} құрылымдық бөлімшелерінің (қызметкерлерінің) өзара іс-қимылы;"),
    }
}

/// Header of the table form's lane row.
pub fn sfe(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "СФЕ",
        Lang::Kk => "ҚФБ",
    }
}
