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

/// Legend items, in the regulations' order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    StartEnd,
    Procedure,
    Choice,
    Transition,
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
