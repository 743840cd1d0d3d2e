//! Who performs a procedure: the units of the «Перечень структурных
//! подразделений (работников)» and the performers the procedures name.
//!
//! The genre writes a procedure as «<performer> <verb> …» («исполнитель
//! Центра выдает …», «көрсетілетін қызметті алушы … жүзеге асырады»), as
//! a noun phrase with the performer in the instrumental («оформление …
//! ответственным исполнителем»), or with no performer at all («прием,
//! регистрация документов …»), where the standard roles of the genre
//! decide (the head signs and assigns, the office receives and issues).

use crate::model::LaneKind;

/// Lowercased words of a phrase, «ё» as «е», without parentheses
/// («(далее – Центр)») and the small words that do not name a unit.
pub fn words(s: &str) -> Vec<String> {
    let mut depth = 0i32;
    let mut clean = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ if depth == 0 => clean.push(c),
            _ => {}
        }
    }
    clean
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.to_lowercase().replace('ё', "е"))
        .filter(|w| !w.is_empty())
        .filter(|w| !SMALL.contains(&w.as_str()))
        .collect()
}

const SMALL: [&str; 10] = ["и", "его", "ее", "в", "с", "по", "на", "к", "а", "либо"];

/// Two forms of one word («исполнитель» / «исполнителем»), not two words
/// that share a start («услугодателя» / «услугополучателя»).
pub fn same_word(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let shorter = a.len().min(b.len());
    common >= 3.min(shorter) && common + 3 >= shorter
}

pub fn same_phrase(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_word(x, y))
}

pub fn starts_with_phrase(text: &[String], name: &[String]) -> bool {
    text.len() >= name.len() && same_phrase(&text[..name.len()], name)
}

/// Head nouns of performers in the genre, ru and kk (stems).
const ACTORS: [&str; 42] = [
    "услугополучател",
    // The offices of a unit: «районные (городские) отделения
    // Государственной корпорации», «филиал …».
    "отдел",
    "филиал",
    "получател",
    "потребител",
    "заявител",
    "пользовател",
    "работник",
    "сотрудник",
    "специалист",
    "исполнител",
    "руководител",
    "инспектор",
    "оператор",
    "канцеляри",
    "комисси",
    "аким",
    "услугодател",
    "центр",
    "портал",
    "шлюз",
    "пэп",
    "шэп",
    "ис",
    "заместител",
    "начальник",
    "секретар",
    "уполномоченн",
    "алушы",
    "беруші",
    "тұтынушы",
    "қызметкер",
    "маман",
    "басшы",
    "орындаушы",
    "қызметші",
    "кеңсе",
    "комиссия",
    "әкім",
    "жао",
    "эүп",
    "пайдаланушы",
];

/// Adjectives and modifiers that may open a performer's name.
const MODIFIERS: [&str; 14] = [
    "ответствен",
    "участков",
    "районн",
    "городск",
    "региональн",
    "государствен",
    "уполномоченн",
    "жауапты",
    "уәкілетті",
    "көрсетілетін",
    "қызметті",
    "мемлекеттік",
    "учаскелік",
    "информационн",
];

fn is_actor(w: &str) -> bool {
    ACTORS.iter().any(|a| {
        if a.chars().count() <= 3 {
            w == *a
        } else {
            w.starts_with(a)
        }
    })
}

fn is_modifier(w: &str) -> bool {
    MODIFIERS.iter().any(|m| w.starts_with(m))
}

const NOT_VERBS: [&str; 16] = [
    "совет",
    "комитет",
    "пакет",
    "кабинет",
    "бюджет",
    "предмет",
    "ответ",
    "отчет",
    "расчет",
    "учет",
    "кредит",
    "лимит",
    "институт",
    "маршрут",
    "паспорт",
    "акимат",
];

/// A Russian finite verb of the third person («выдает», «рассматривает»,
/// «направляются»): where a performer's name ends.
pub fn is_verb_ru(w: &str) -> bool {
    if w.chars().count() < 4 || NOT_VERBS.contains(&w) {
        return false;
    }
    [
        "ет", "ит", "ут", "ют", "ется", "ится", "ются", "ятся", "утся",
    ]
    .iter()
    .any(|e| w.ends_with(e))
}

/// The byte offset in `text` where its first `n` words (as [`words`]
/// counts them: small words and parentheses aside) end.
pub fn prefix_end(text: &str, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let mut count = 0;
    let mut depth = 0i32;
    let mut start: Option<usize> = None;
    let close = |s: usize, e: usize, depth: i32, count: &mut usize| -> bool {
        let w = text[s..e].to_lowercase().replace('ё', "е");
        if depth == 0 && !SMALL.contains(&w.as_str()) {
            *count += 1;
        }
        *count == n
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            if close(s, i, depth, &mut count) {
                return i;
            }
        }
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    if let Some(s) = start {
        if close(s, text.len(), depth, &mut count) {
            return text.len();
        }
    }
    text.len()
}

/// The performer a procedure opens with: a unit of the roster (the longest
/// that fits), or a name of the genre's performers up to the verb
/// («работник Государственной корпорации или Центра»). Returns the name
/// (the roster's wording when it is a unit of the roster) and the byte
/// offset in `text` where the name ends.
pub fn performer_at_start(text: &str, roster: &[String]) -> Option<(String, usize)> {
    let w = words(text);
    let best = roster
        .iter()
        .map(|u| (u, words(u)))
        .filter(|(_, uw)| !uw.is_empty() && starts_with_phrase(&w, uw))
        .max_by_key(|(_, uw)| uw.len());
    if let Some((u, uw)) = best {
        // «специалист уполномоченного органа или аппарата акима»: the
        // name goes on past the unit.
        if !matches!(w.get(uw.len()).map(String::as_str), Some("или" | "немесе")) {
            return Some((u.clone(), prefix_end(text, uw.len())));
        }
    }
    // One side of a unit «A или B» of the Перечень is the unit.
    if let Some(found) = super::roster::either_at_start(text, roster) {
        return Some(found);
    }
    let first = w.first()?;
    if !(is_actor(first) || is_modifier(first)) {
        return None;
    }
    // «на портале производится …», «в ИС …»: a place, not a performer.
    let lead = text
        .split(|c: char| !c.is_alphanumeric())
        .find(|t| !t.is_empty())
        .map(str::to_lowercase)
        .unwrap_or_default();
    if ["в", "на", "через", "по", "с", "во"].contains(&lead.as_str()) {
        return None;
    }
    let kk = text.chars().any(is_kk_letter);
    // A name ends where a dash, a bracket or a number begins («ответственным
    // исполнителем Центра – 6 (шесть) рабочих дней»).
    let limit = words(&text[..name_stop(text)]).len().min(8);
    let mut n = 0;
    for x in w.iter().take(limit) {
        // Kazakh puts the verb last: the name ends at its head noun.
        if !kk && is_verb_ru(x) {
            break;
        }
        // A purpose or circumstance after the name («… для обеспечения
        // доставки … курьером – 2 рабочих дня»): the name ends there.
        if !kk && n > 0 && AFTER_NAME.contains(&x.as_str()) {
            break;
        }
        n += 1;
        let genitive = ["ның", "нің", "дың", "дің", "тың", "тің"]
            .iter()
            .any(|e| x.ends_with(e));
        if kk && is_actor(x) && !genitive {
            break;
        }
        // Before its head a Kazakh name has only modifiers and genitives
        // («көрсетілетін қызметті берушінің жауапты …»), not an action
        // («мемлекеттік қызметті көрсету нәтижесі …»).
        if kk
            && !(is_modifier(x)
                || genitive
                || is_actor(x)
                || x.ends_with("ті")
                || x.ends_with("ты"))
        {
            return genitive_agent(text, &w).map(|name| (name, 0));
        }
    }
    if kk && !w.get(n - 1).is_some_and(|x| is_actor(x)) {
        return genitive_agent(text, &w).map(|name| (name, 0));
    }
    if n == 0 || n >= 8 || !w[..n].iter().any(|x| is_actor(x)) || w[n - 1] == "или" {
        return None;
    }
    let end = prefix_end(text, n);
    Some((nominative(text[..end].trim()), end))
}

/// Prepositions that open what follows a performer's name (ru).
const AFTER_NAME: [&str; 6] = ["для", "при", "после", "согласно", "через", "от"];

/// Where a performer's name written at the start of a phrase must end: the
/// first dash between words, bracket, colon, semicolon or digit. A bracket
/// of modifiers only («районные (городские) отделения») is part of the name.
fn name_stop(text: &str) -> usize {
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        let dash = matches!(c, '–' | '—') || (c == '-' && prev == ' ');
        if c == '(' && modifiers_aside(&text[i + 1..]) {
            prev = c;
            continue;
        }
        if dash || matches!(c, '(' | ':' | ';') || c.is_ascii_digit() {
            return i;
        }
        prev = c;
    }
    text.len()
}

/// Whether the bracket opened before `rest` holds one or two modifiers
/// and closes: «городские)», «городского)».
fn modifiers_aside(rest: &str) -> bool {
    let Some(close) = rest.find(')') else {
        return false;
    };
    let inner: Vec<String> = rest[..close]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    (1..=2).contains(&inner.len()) && inner.iter().all(|w| is_modifier(w))
}

/// A Russian name in the instrumental as a lane is named, in the
/// nominative: «ответственным исполнителем Центра» → «ответственный
/// исполнитель Центра». The words after the head noun (genitives) stay.
fn nominative(name: &str) -> String {
    // (ending, nominative) of adjectives, then of head nouns.
    const ADJ: [(&str, &str); 3] = [("ым", "ый"), ("им", "ий"), ("ой", "ая")];
    const NOUN: [(&str, &str); 3] = [("ем", "ь"), ("ом", ""), ("ей", "я")];
    let swap = |t: &str| -> Option<(String, bool)> {
        let low = t.to_lowercase();
        let actor = is_actor(&low);
        let table: &[(&str, &str)] = if actor { &NOUN } else { &ADJ };
        let (e, n) = table.iter().find(|(e, _)| low.ends_with(e))?;
        Some((format!("{}{n}", &t[..t.len() - e.len()]), actor))
    };
    let toks: Vec<&str> = name.split(' ').collect();
    let lead = toks.first().map(|t| t.to_lowercase()).unwrap_or_default();
    if name.chars().any(is_kk_letter)
        || !(is_actor(&lead) || is_modifier(&lead))
        || swap(toks[0]).is_none()
    {
        return name.to_string();
    }
    let mut out: Vec<String> = Vec::new();
    let mut head_done = false;
    for t in toks {
        match swap(t).filter(|_| !head_done) {
            Some((w, actor)) => {
                head_done = actor;
                out.push(w);
            }
            None => {
                head_done = true;
                out.push(t.to_string());
            }
        }
    }
    out.join(" ")
}

const GENITIVE: [&str; 6] = ["ның", "нің", "дың", "дің", "тың", "тің"];

/// A Kazakh procedure written as a verbal noun whose agent stands first in
/// the genitive: «көрсетілетін қызметті алушының … таңдауы» (the
/// applicant's choosing) → «көрсетілетін қызметті алушы». Not a possessor
/// («алушының мәліметтерінің …», the applicant's data), not where another
/// performer acts in the instrumental («порталмен»), not a refusal (the
/// system's message).
pub fn genitive_agent(text: &str, w: &[String]) -> Option<String> {
    let j = w.iter().take(4).position(|x| is_actor(x))?;
    let head = &w[j];
    let stem = GENITIVE.iter().find_map(|g| head.strip_suffix(g))?;
    if !w[..j]
        .iter()
        .all(|x| is_modifier(x) || x.ends_with("ті") || x.ends_with("ты"))
    {
        return None;
    }
    let possessor = w[j + 1..]
        .iter()
        .take(3)
        .any(|x| GENITIVE.iter().any(|g| x.ends_with(g)));
    let instrumental = w[j + 1..].iter().any(|x| {
        ["мен", "пен", "бен"].iter().any(|e| x.ends_with(e))
            && (is_actor(x) || x.starts_with("портал"))
            && !x.starts_with("алушы")
    });
    let low = text.to_lowercase();
    if possessor || instrumental || low.contains("бас тарт") || stem.chars().count() < 3 {
        return None;
    }
    let end = prefix_end(text, j + 1);
    let name = text[..end].trim();
    let cut = head.chars().count() - stem.chars().count();
    // `name` and `head` are cut by different rules (a hyphen ends one,
    // not the other): a name shorter than its ending is no performer.
    let cs: Vec<char> = name.chars().collect();
    let keep = cs.len().checked_sub(cut).filter(|&n| n > 0)?;
    Some(cs[..keep].iter().collect())
}

pub fn is_kk_letter(c: char) -> bool {
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c)
}

/// A performer named inside the procedure in the instrumental
/// («ответственным исполнителем услугодателя», «қызметкерімен»): the
/// roster unit it names.
pub fn agent_inside(text: &str, roster: &[String]) -> Option<String> {
    let w = words(text);
    for (i, x) in w.iter().enumerate() {
        let instrumental = ["ом", "ем", "ой", "ей", "мен", "пен", "бен", "ым", "им"]
            .iter()
            .any(|e| x.ends_with(e));
        if !instrumental || !(is_actor(x) || is_modifier(x)) {
            continue;
        }
        let best = roster
            .iter()
            .map(|u| (u, words(u)))
            .filter(|(_, uw)| !uw.is_empty() && starts_with_phrase(&w[i..], uw))
            .max_by_key(|(_, uw)| uw.len());
        if let Some((u, _)) = best {
            return Some(u.clone());
        }
        // kk «қызметкерімен» inside «уәкілетті органның қызметкерімен».
        let base = x
            .trim_end_matches("мен")
            .trim_end_matches("пен")
            .trim_end_matches("бен");
        if let Some(u) = roster.iter().find(|u| {
            words(u)
                .iter()
                .any(|uw| uw.len() > 4 && same_word(uw, base))
        }) {
            return Some(u.clone());
        }
    }
    None
}

/// The standard roles of the genre for a procedure that names no
/// performer: the head assigns, signs, puts a resolution; the office
/// receives, registers and issues; the responsible officer examines and
/// prepares. Returns the roster unit, and the rule used.
pub fn role_guess(text: &str, roster: &[String]) -> Option<(String, &'static str)> {
    let low = text.to_lowercase();
    let find = |stems: &[&str]| {
        roster
            .iter()
            .find(|u| {
                let uw = words(u);
                stems
                    .iter()
                    .any(|s| uw.first().is_some_and(|f| f.starts_with(s)))
                    || stems.iter().any(|s| uw.iter().any(|x| x.starts_with(s)))
            })
            .cloned()
    };
    let rules: [(&[&str], &[&str], &'static str); 3] = [
        (
            &[
                "определение ответственного",
                "наложение резолюц",
                "подписание",
                "подписывает",
                "визирова",
            ],
            &["руководител", "басшы"],
            "назначает исполнителя или подписывает: руководитель",
        ),
        (
            &[
                "прием",
                "приём",
                "регистрац",
                "выдача",
                "выдает",
                "қабылда",
                "тірке",
                "беру",
            ],
            &["канцеляр", "кеңсе", "сотрудник", "специалист", "инспектор"],
            "принимает, регистрирует или выдает: канцелярия",
        ),
        (
            &[
                "рассмотрен",
                "оформлен",
                "подготов",
                "проверк",
                "формирован",
                "қарау",
                "дайында",
            ],
            &[
                "ответствен",
                "исполнител",
                "жауапты",
                "орындаушы",
                "специалист",
            ],
            "рассматривает и оформляет: исполнитель",
        ),
    ];
    let first_at = |keys: &[&str]| keys.iter().filter_map(|k| low.find(k)).min();
    // The head's acts decide first: «рассмотрение документов и определение
    // ответственного исполнителя» is the head's.
    if first_at(rules[0].0).is_some() {
        if let Some(u) = find(rules[0].1) {
            return Some((u, rules[0].2));
        }
    }
    let mut order: Vec<(usize, usize)> = rules
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, r)| first_at(r.0).map(|at| (at, i)))
        .collect();
    order.sort();
    for (_, i) in order {
        if let Some(u) = find(rules[i].1) {
            return Some((u, rules[i].2));
        }
    }
    None
}

/// An information system the procedure happens in («в ИС МИО», «ПЭП»,
/// «портал»), for the steps of an e-service that name no person.
pub fn system_in(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '«' || c == '»'))
        .filter(|t| !t.is_empty())
        .collect();
    for (i, t) in tokens.iter().enumerate() {
        let plain = t.trim_matches(['«', '»']);
        if plain == "ИС" || plain == "АЖ" {
            let next = tokens.get(i + 1).map(|n| n.trim_matches(['«', '»']));
            if plain == "ИС" {
                if let Some(n) = next.filter(|n| n.chars().all(|c| c.is_uppercase())) {
                    return Some(format!("ИС {n}"));
                }
            } else if i > 0 {
                return Some(format!("{} АЖ", tokens[i - 1].trim_matches(['«', '»'])));
            }
        }
        if ["ПЭП", "ШЭП", "ЭҮП", "ЭҮШ"].contains(&plain) {
            return Some(plain.to_string());
        }
        let low = plain.to_lowercase();
        // «в „личном кабинете“ услугополучателя»: the portal's.
        let cabinet = low.starts_with("кабинет")
            && i > 0
            && tokens[i - 1]
                .trim_matches(['«', '»', '"'])
                .to_lowercase()
                .starts_with("личн");
        if low.starts_with("портал") || cabinet {
            // «Портал» in both languages.
            return Some("Портал".into());
        }
        if low.starts_with("шлюз") {
            return Some(gateway(text));
        }
    }
    None
}

/// The gateway of the «электронное правительство» as the text names it:
/// with the regional gateway when the text names both («через шлюз
/// электронного правительства/региональный шлюз …», kk «"электрондық
/// үкімет" шлюзі арқылы аймақтық "электрондық үкімет" шлюзіне»).
fn gateway(text: &str) -> String {
    let low = text.to_lowercase();
    let kk = low.contains("шлюзі") || low.contains("үкімет");
    let regional = ["региональн", "аймақтық", "өңірлік"]
        .iter()
        .any(|k| low.contains(k));
    match (kk, regional) {
        (false, false) => "Шлюз «электронного правительства»".into(),
        (false, true) => {
            "Шлюз «электронного правительства» / региональный шлюз «электронного правительства»"
                .into()
        }
        (true, false) => "«Электрондық үкімет» шлюзі".into(),
        (true, true) => "«Электрондық үкімет» шлюзі, аймақтық «электрондық үкімет» шлюзі".into(),
    }
}

/// The kind of lane a performer's name says.
pub fn kind_of(name: &str) -> LaneKind {
    let w = words(name);
    let has = |s: &str| w.iter().any(|x| x.starts_with(s));
    if has("корпорац") || has("гк") {
        LaneKind::StateCorporation
    } else if has("услугополучател")
        || has("получател")
        || has("потребител")
        || has("заявител")
        || has("пользовател")
        || has("алушы")
        || has("тұтынушы")
        || has("пайдаланушы")
    {
        LaneKind::Applicant
    } else if has("комисси") {
        LaneKind::Commission
    } else if has("аким") || has("әкім") {
        LaneKind::Akim
    } else if w
        .iter()
        .any(|x| ["ис", "аж", "пэп", "шэп", "ршэп", "эүп", "эүш"].contains(&x.as_str()))
        || has("портал")
        || has("шлюз")
    {
        LaneKind::InformationSystem
    } else if has("центр") {
        LaneKind::Organisation
    } else {
        LaneKind::Provider
    }
}

/// Whether two performers' names are one unit: the same words, or one is
/// the other with modifiers in front («ответственный исполнитель Центра»
/// and «исполнитель Центра»).
pub fn same_unit(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let extra = long.len() - short.len();
    // Only modifiers that do not tell units apart: «участковая комиссия»
    // and «комиссия» are two.
    same_phrase(&long[extra..], short)
        && long[..extra]
            .iter()
            .all(|w| w.starts_with("ответствен") || w.starts_with("жауапты"))
}

/// Two names of one information system: «ИС ПЭП» and «ПЭП» (the «ИС» /
/// «АЖ» said or not), «РШЭП (ШЭП)» and «ШЭП» (the name in brackets).
pub fn same_system(a: &str, b: &str) -> bool {
    let core = |s: &str| -> Vec<String> {
        words(s)
            .into_iter()
            .filter(|w| w != "ис" && w != "аж")
            .collect()
    };
    let inner = |s: &str| -> Vec<String> {
        match (s.find('('), s.rfind(')')) {
            (Some(o), Some(c)) if o < c => core(&s[o + 1..c]),
            _ => Vec::new(),
        }
    };
    let system = |s: &str| kind_of(s) == LaneKind::InformationSystem || s.contains('(');
    // The gateway, named with the regional one or alone, is one lane.
    let gate = |s: &str| words(s).iter().any(|w| w.starts_with("шлюз"));
    if gate(a) && gate(b) {
        return true;
    }
    let (ca, cb) = (core(a), core(b));
    if ca.is_empty() || cb.is_empty() || !(system(a) || system(b)) {
        return false;
    }
    let shortish = |v: &[String]| v.len() <= 2;
    (ca == cb && shortish(&ca))
        || (!inner(a).is_empty() && inner(a) == cb)
        || (!inner(b).is_empty() && inner(b) == ca)
}

/// The name of a lane as a heading writes it: first letter capital.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Vec<String> {
        [
            "исполнитель Центра",
            "руководитель услугодателя",
            "сотрудник канцелярии услугодателя",
            "ответственный исполнитель услугодателя",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn performer_from_roster_or_up_to_the_verb() {
        let r = roster();
        assert_eq!(
            performer_at_start("исполнитель Центра выдает талон", &r)
                .unwrap()
                .0,
            "исполнитель Центра"
        );
        assert_eq!(
            performer_at_start("участковая комиссия рассматривает документы", &r)
                .unwrap()
                .0,
            "участковая комиссия"
        );
        assert!(performer_at_start("прием, регистрация документов", &r).is_none());
        assert_eq!(
            performer_at_start(
                "көрсетілетін қызметті алушы порталда тіркеуді жүзеге асырады",
                &[]
            )
            .unwrap()
            .0,
            "көрсетілетін қызметті алушы"
        );
    }

    #[test]
    fn a_kazakh_agent_in_the_genitive_is_the_performer() {
        let p = |t: &str| performer_at_start(t, &[]).map(|x| x.0);
        assert_eq!(
            p("көрсетілетін қызметті алушының осы регламентте көрсетілген қызметті таңдауы")
                .as_deref(),
            Some("көрсетілетін қызметті алушы")
        );
        // A possessor, not an agent; an agent in the instrumental; a refusal.
        assert_eq!(
            p("көрсетілетін қызметті алушының мәліметтерінің тексерілуі"),
            None
        );
        assert_eq!(
            p("көрсетілетін қызметті алушының өтінішін қызметкерімен қарау"),
            None
        );
        assert_eq!(
            p("көрсетілетін қызметті алушының сұранысынан бас тарту туралы хабарлама"),
            None
        );
    }

    #[test]
    fn roles_of_nominal_procedures() {
        let r = roster();
        let g = |t: &str| role_guess(t, &r).unwrap().0;
        assert_eq!(
            g("рассмотрение документов и определение ответственного исполнителя"),
            "руководитель услугодателя"
        );
        assert_eq!(
            g("прием, регистрация документов"),
            "сотрудник канцелярии услугодателя"
        );
        assert_eq!(
            agent_inside("рассмотрение документов, оформление результата ответственным исполнителем услугодателя", &r).unwrap(),
            "ответственный исполнитель услугодателя"
        );
    }

    #[test]
    fn the_gateways_as_the_text_names_them() {
        assert_eq!(
            system_in("направляется через шлюз электронного правительства").as_deref(),
            Some("Шлюз «электронного правительства»")
        );
        assert_eq!(
            system_in("через \"шлюз электронного правительства\"/\"региональный шлюз электронного правительства\"").as_deref(),
            Some("Шлюз «электронного правительства» / региональный шлюз «электронного правительства»")
        );
        assert_eq!(
            system_in(
                "\"электрондық үкімет\" шлюзі арқылы аймақтық \"электрондық үкімет\" шлюзіндегі"
            )
            .as_deref(),
            Some("«Электрондық үкімет» шлюзі, аймақтық «электрондық үкімет» шлюзі")
        );
        assert!(same_system(
            "Шлюз «электронного правительства»",
            "Шлюз «электронного правительства» / региональный шлюз «электронного правительства»"
        ));
    }

    #[test]
    fn a_name_at_the_start_of_a_case_ends_at_its_dash_in_the_nominative() {
        let p = |t: &str| performer_at_start(t, &[]).map(|x| x.0);
        assert_eq!(
            p("ответственным исполнителем Центра – 6 (шесть) рабочих дней").as_deref(),
            Some("ответственный исполнитель Центра")
        );
        assert_eq!(
            p("участковой комиссией – 5 рабочих дней").as_deref(),
            Some("участковая комиссия")
        );
        assert_eq!(
            p("аким сельского округа – 2 часа").as_deref(),
            Some("аким сельского округа")
        );
    }

    #[test]
    fn one_system_by_its_names() {
        assert!(same_system("ИС ПЭП", "ПЭП"));
        assert!(same_system("РШЭП (ШЭП)", "ШЭП"));
        assert!(!same_system("ИС МИО", "ИС ПЭП"));
        assert!(!same_system("исполнитель Центра", "руководитель Центра"));
    }

    #[test]
    fn aliases_merge_with_modifiers_only() {
        assert!(same_unit(
            "исполнитель Центра",
            "ответственный исполнитель Центра"
        ));
        assert!(!same_unit("исполнитель Центра", "руководитель Центра"));
        assert!(!same_unit("комиссия", "участковая комиссия"));
        assert_eq!(
            kind_of("работник Государственной корпорации"),
            LaneKind::StateCorporation
        );
    }
}
