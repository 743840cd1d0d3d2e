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
        // As seed 002 prints it (line 138), although it lacks «атауы» and
        // «ҚФБ» beside the Russian: the legend is the regulation's own.
        (Lang::Kk, Symbol::Procedure) => {
            "көрсетілетін қызметті алушының және (немесе) рәсімінің (іс-әрекетінің);"
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

/// Header of the table form's lane row.
pub fn sfe(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "СФЕ",
        Lang::Kk => "ҚФБ",
    }
}

/// Genitive month names for «1 марта 2018 года».
const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Locative month forms for «2016 жылғы 27 қаңтардағы».
const MONTHS_KK: [&str; 12] = [
    "қаңтардағы",
    "ақпандағы",
    "наурыздағы",
    "сәуірдегі",
    "мамырдағы",
    "маусымдағы",
    "шілдедегі",
    "тамыздағы",
    "қыркүйектегі",
    "қазандағы",
    "қарашадағы",
    "желтоқсандағы",
];

/// A date written «DD.MM.YYYY» as the decrees write it in prose; any
/// other form is kept as it is.
pub fn date_words(date: &str, lang: Lang) -> String {
    let parts: Vec<&str> = date.split('.').collect();
    let parsed = match parts[..] {
        [d, m, y] => match (d.parse::<u32>(), m.parse::<usize>(), y.parse::<u32>()) {
            (Ok(d), Ok(m @ 1..=12), Ok(y)) if (1..=31).contains(&d) && y > 999 => Some((d, m, y)),
            _ => None,
        },
        _ => None,
    };
    match (parsed, lang) {
        (Some((d, m, y)), Lang::Ru) => format!("{d} {} {y} года", MONTHS_RU[m - 1]),
        (Some((d, m, y)), Lang::Kk) => format!("{y} жылғы {d} {}", MONTHS_KK[m - 1]),
        (None, _) => date.to_string(),
    }
}

/// The act line as the decrees write it: «Постановление акимата … от
/// 1 марта 2018 года № 81»; in Kazakh the date and number stand before
/// the closing «қаулысы»: «Жамбыл облысы әкімдігінің 2016 жылғы 27
/// қаңтардағы № 25 қаулысы».
pub fn act_line(act: &str, date: Option<&str>, number: Option<&str>, lang: Lang) -> String {
    let date = date.map(|d| date_words(d, lang));
    let number = number.map(|n| format!("№ {n}"));
    match lang {
        Lang::Ru => {
            let mut s = act.to_string();
            if let Some(d) = date {
                s.push_str(" от ");
                s.push_str(&d);
            }
            if let Some(n) = number {
                s.push(' ');
                s.push_str(&n);
            }
            s
        }
        Lang::Kk => {
            let (head, tail) = match act.rsplit_once(' ') {
                Some((h, t)) if t.starts_with("қаулы") => (h, Some(t)),
                _ => (act, None),
            };
            let mut parts: Vec<String> = vec![head.to_string()];
            parts.extend(date);
            parts.extend(number);
            parts.extend(tail.map(str::to_string));
            parts.join(" ")
        }
    }
}

/// «Приложение 2 к регламенту государственной услуги «…»», the line above
/// the Справочник; `electronic` for «Регламенту электронной государственной услуги».
pub fn appendix_line(
    appendix: Option<&str>,
    service: &str,
    electronic: bool,
    lang: Lang,
) -> String {
    match lang {
        Lang::Ru => {
            let what = if electronic {
                "Регламенту электронной государственной услуги"
            } else {
                "регламенту государственной услуги"
            };
            match appendix {
                Some(a) => format!("Приложение {a} к {what} «{service}»"),
                None => format!("Приложение к {what} «{service}»"),
            }
        }
        Lang::Kk => {
            let what = if electronic {
                "электрондық мемлекеттік қызмет регламентіне"
            } else {
                "мемлекеттік көрсетілетін қызмет регламентіне"
            };
            match appendix {
                Some(a) => format!("«{service}» {what} {a} қосымша"),
                None => format!("«{service}» {what} қосымша"),
            }
        }
    }
}

/// The heading of the appendix: «Справочник бизнес-процессов оказания
/// государственной услуги «…»».
pub fn reference_heading(service: &str, lang: Lang) -> String {
    match lang {
        Lang::Ru => {
            format!("Справочник бизнес-процессов оказания государственной услуги «{service}»")
        }
        Lang::Kk => {
            format!("Мемлекеттік қызмет көрсетудің бизнес-процестерінің анықтамалығы «{service}»")
        }
    }
}

/// The heading of an e-service diagram when the model gives no caption.
pub fn diagram_heading(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "Диаграмма функционального взаимодействия при оказании электронной государственной услуги",
        Lang::Kk => "Электрондық мемлекеттік қызмет көрсету кезіндегі функционалдық өзара іс-қимыл диаграммасы",
    }
}

/// «Примечание» / «Ескерту» under the BPMN legend, as seed 004 gives it
/// (lines 1225–1231, ru; 600–606, kk).
pub fn bpmn_legend_note(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::Ru => [
            "Примечание:",
            "Типовое оформление диаграммы приведено в графической нотации BPMN 1.2, используемой для моделирования бизнес-процессов. Моделирование в BPMN осуществляется посредством диаграмм с небольшим числом графических элементов. Это помогает потребителям быстро понимать логику процесса. Выделяют четыре основные категории элементов: 1) объекты потока управления: события, действия и логические операторы; 2) соединяющие объекты: поток управления, поток сообщений и ассоциации; 3) роли: пулы и дорожки; 4) артефакты: данные, группы и текстовые аннотации. Элементы этих четырех категорий позволяют строить диаграммы бизнес процессов. Для повышения выразительности модели спецификация разрешает создавать новые типы объектов потока управления и артефактов, которые должны быть приведены в разделе «Примечания».",
        ],
        Lang::Kk => [
            "Ескерту:",
            "Диаграмманы үлгілік ресімдеу бизнес-процесті өңдеу үшін пайдаланылатын BPMN 1.2 графикалық нотацияларында келтірілген. BPMN-де өңдеу графикалық элементтің көп санды емес диаграммалары арқылы жүзеге асырылады. Бұл тұтынушыларға процесс логикасын тез түсінуге көмектеседі. Элементтердің төрт негізгі санатын көрсетеді: 1) басқару ағынының объектілері: оқиға, іс-әрекет және логикалық операторлар; 2) жалғастырушы объектілер: басқару ағыны, хабарлама және ассоциациялар ағыны; 3) рөлдер: пулдер мен жолдар; 4) артефактілер: мәліметтер, топтар және мәтіндік аңдатпалар. Осы төрт санат элементтері бизнес процестердің диаграммаларын құруға мүмкіндік береді. Модель ерекшелігі айқындығын арттыру үшін спецификация «Ескерту» бөлімінде келтірілуі тиіс басқару ағыны объектілерінің жаңа үлгілері мен артефактілерін құруға мүмкіндік береді.",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decree_lines_read_as_the_texts_write_them() {
        assert_eq!(
            act_line(
                "Постановление акимата Алматинской области",
                Some("01.03.2018"),
                Some("81"),
                Lang::Ru
            ),
            "Постановление акимата Алматинской области от 1 марта 2018 года № 81"
        );
        // Seed 002, line 7.
        assert_eq!(
            act_line(
                "Жамбыл облысы әкімдігінің қаулысы",
                Some("27.01.2016"),
                Some("25"),
                Lang::Kk
            ),
            "Жамбыл облысы әкімдігінің 2016 жылғы 27 қаңтардағы № 25 қаулысы"
        );
        assert_eq!(date_words("весной 2018", Lang::Ru), "весной 2018");
        assert_eq!(date_words("31.13.2018", Lang::Ru), "31.13.2018");
    }
}
