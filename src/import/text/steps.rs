//! The procedures of one variant's list as nodes: steps with their
//! numbers, performers, durations and results; «в случае …» refusals as a
//! choice and an end; «возвращает на доработку» as a loop; «в соответствии
//! с пунктом N» as a reference; the conditions of e-service lists
//! («условие 1», «1 шарт») as choices.

use super::lanes::{self, capitalise, words};
use super::segment::{Item, Para};
use crate::model::phrase::{durations_in, Found};
use crate::model::{Amount, Bound, Duration, Node, Outcome, Text};

/// A lane a node is in, by the performer's name as the text writes it.
#[derive(Debug, Default)]
pub struct LaneBook {
    /// (name, aliases, why the lane was chosen when guessed)
    pub lanes: Vec<(String, Vec<String>)>,
}

impl LaneBook {
    /// The index of the lane for a performer, merging aliases.
    pub fn add(&mut self, name: &str) -> usize {
        let name = name.trim().trim_end_matches([';', '.', ',', ':']).trim();
        if let Some(i) = self.find(name) {
            let (n, a) = &mut self.lanes[i];
            // Another wording of the unit is kept as an alias.
            if words(n) != words(name) && !a.iter().any(|x| words(x) == words(name)) {
                a.push(name.to_string());
            }
            return i;
        }
        self.lanes.push((name.to_string(), Vec::new()));
        self.lanes.len() - 1
    }
}

impl LaneBook {
    /// The index of the lane a performer's name is, if it is one already.
    pub fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim().trim_end_matches([';', '.', ',', ':']).trim();
        self.lanes.iter().position(|(n, a)| {
            lanes::same_unit(n, name)
                || a.iter().any(|x| lanes::same_unit(x, name))
                || lanes::same_system(n, name)
        })
    }
}

/// A node with the lane as an index into the [`LaneBook`]; the lane ids
/// are given when the draft is assembled.
#[derive(Debug, Clone)]
pub struct Drafted {
    pub node: Node,
    pub lane: usize,
    /// A comment for the reader: what was guessed, from which line.
    pub comment: Option<String>,
}

/// What a list's items are read against.
pub struct Context<'a> {
    pub paras: &'a [Para],
    pub roster: &'a [String],
    /// The stem of the draft that holds the procedures of clause N, for
    /// «в соответствии с пунктом N».
    pub clause_stem: &'a dyn Fn(&str) -> Option<String>,
}

pub fn to_duration(f: &Found) -> Duration {
    let inner = match f.amount {
        Amount::Minutes(n) => Duration::Minutes(n),
        Amount::Hours(n) => Duration::Hours(n),
        Amount::WorkDays(n) => Duration::WorkDays(n),
        Amount::Days(n) => Duration::Days(n),
        Amount::Months(n) => Duration::Months(n),
    };
    match f.bound {
        Bound::Exact => inner,
        Bound::NoMore => Duration::NoMore(Box::new(inner)),
        Bound::Within => Duration::Within(Box::new(inner)),
        Bound::AtLeast => Duration::AtLeast(Box::new(inner)),
    }
}

/// The kind of an e-service item: «процесс 3 – …» / «3 үдеріс – …», or
/// «условие 1 – …» / «1 шарт – …».
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EKind {
    Plain,
    Process(String),
    Condition(String),
}

pub fn ekind(body: &str) -> (EKind, &str) {
    let w: Vec<String> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|x| !x.is_empty())
        .take(2)
        .map(|x| x.to_lowercase())
        .collect();
    let kind = match (w.first().map(String::as_str), w.get(1).map(String::as_str)) {
        (Some("процесс"), Some(n)) if n.chars().all(|c| c.is_ascii_digit()) => {
            EKind::Process(n.into())
        }
        (Some(n), Some("үдеріс")) if n.chars().all(|c| c.is_ascii_digit()) => {
            EKind::Process(n.into())
        }
        (Some("условие"), Some(n)) if n.chars().all(|c| c.is_ascii_digit()) => {
            EKind::Condition(n.into())
        }
        (Some(n), Some("шарт")) if n.chars().all(|c| c.is_ascii_digit()) => {
            EKind::Condition(n.into())
        }
        _ => return (EKind::Plain, body),
    };
    // The text after the dash: «процесс 1 - процесс ввода …».
    let rest = body
        .find([' ', '-', '–', '—'])
        .and_then(|_| {
            body.char_indices()
                .skip(3)
                .find(|(_, c)| matches!(c, '-' | '–' | '—'))
                .map(|(i, c)| body[i + c.len_utf8()..].trim())
        })
        .unwrap_or(body);
    (kind, rest)
}

/// Whether a text says the application is refused («отказ», «бас тарту»).
pub fn refuses(t: &str) -> bool {
    let l = t.to_lowercase();
    l.contains("отказ") || l.contains("бас тарт")
}

/// Whether a text sends the work back («возвращает … на доработку»).
pub fn returns(t: &str) -> bool {
    let l = t.to_lowercase();
    l.contains("доработ") || l.contains("возвращ") || l.contains("пысықта") || l.contains("қайтар")
}

/// The part of a procedure's text that says what is done: without the
/// performer, the duration and the «Результат процедуры».
pub fn action_text(body: &str, skip_words: usize) -> String {
    let mut t = without_asides(&skip(body, skip_words));
    for cut in [
        "Результат процедуры",
        "Результат -",
        "Результат –",
        "Результат:",
        "Нәтижесі",
        ". Результат",
    ] {
        if let Some(i) = t.find(cut) {
            t.truncate(i);
        }
    }
    if let Some(f) = durations_in(&t).first() {
        // Back to the opening bracket or dash before the number.
        let head = &t[..f.at.start];
        let stop = [
            "(",
            " – ",
            " - ",
            " — ",
            "в течение",
            "не более",
            "не менее",
            ", ",
        ]
        .iter()
        .filter_map(|s| head.rfind(s))
        .filter(|&i| f.at.start - i < 40)
        .min()
        .unwrap_or(f.at.start);
        t.truncate(stop);
    }
    t = t
        .trim()
        .trim_start_matches(['-', '–', '—', ',', ' '])
        .trim_end_matches([' ', ';', ',', '.', ':', '(', '-', '–'])
        .to_string();
    if t.chars().count() > 400 {
        t = t.chars().take(400).collect::<String>() + "…";
    }
    capitalise(&t)
}

/// The text after its first `n` bytes (the performer's name).
fn skip(t: &str, n: usize) -> String {
    let n = n.min(t.len());
    if t.is_char_boundary(n) {
        t[n..].to_string()
    } else {
        t.to_string()
    }
}

/// «Результат процедуры (действия): направление документов в Центр».
pub fn result_of(body: &str) -> Option<String> {
    let i = body
        .find("Результат процедуры")
        .or_else(|| body.find("Результат -"))
        .or_else(|| body.find("Результат –"))?;
    let rest = &body[i..];
    let after = rest
        .find([':', '-', '–'])
        .map(|k| &rest[k + rest[k..].chars().next().map_or(1, char::len_utf8)..])?;
    let r = after
        .split(';')
        .next()?
        .trim()
        .trim_end_matches(['.', ';', ','])
        .trim();
    (!r.is_empty()).then(|| capitalise(r))
}

/// The condition of a «в случае …» clause and the action after it.
fn case_clause(t: &str) -> Option<(String, String)> {
    let low = t.to_lowercase();
    let Some(at) = low
        .find("в случае")
        .or_else(|| low.find("при наличии оснований"))
    else {
        return refusal_aside(t);
    };
    let clause = until_clause_end(&t[at..]).trim_end_matches(['.', ' ']);
    // The action starts at the first finite verb after the condition.
    let mut pos = None;
    let mut offset = 0;
    for w in clause.split(' ') {
        let lw: String = w
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        if offset > 8 && lanes::is_verb_ru(&lw) {
            pos = Some(offset);
            break;
        }
        offset += w.len() + 1;
    }
    let (cond, act) = match pos {
        Some(p) => (&clause[..p], &clause[p..]),
        None => (clause, clause),
    };
    Some((
        capitalise(cond.trim().trim_end_matches([',', ' '])),
        capitalise(act.trim()),
    ))
}

/// A refusal said aside, in brackets: «(согласно пункту 10 Стандарта
/// работник … отказывает в приеме документов …)».
fn refusal_aside(t: &str) -> Option<(String, String)> {
    let open = t.find('(')?;
    let inner = until_clause_end(&t[open + 1..]);
    let low = inner.to_lowercase();
    let at = low.find("отказывает").or_else(|| low.find("отказать"))?;
    let act = &inner[at..];
    let cond = if low.contains("в приеме") {
        "Есть основания для отказа в приеме документов"
    } else {
        "Есть основания для отказа"
    };
    let basis = inner[..at].trim().trim_end_matches(',');
    let cond = if basis.is_empty() {
        cond.to_string()
    } else {
        format!("{cond} ({basis})")
    };
    Some((cond, capitalise(act.trim())))
}

/// Drops a bracketed aside that says a refusal: it is drawn as a choice.
fn without_asides(t: &str) -> String {
    let mut out = t.to_string();
    let mut from = 0;
    while let Some(open) = out[from..].find('(').map(|i| i + from) {
        let inner = until_clause_end(&out[open + 1..]);
        let end = open + 1 + inner.len();
        let low = inner.to_lowercase();
        if end < out.len() && (low.contains("отказ") || low.contains("в случае")) {
            out.replace_range(open..=end, "");
        } else {
            from = open + 1;
        }
    }
    out
}

/// A clause up to its end: «;», a sentence's end, or the bracket that
/// closes a parenthesis it stands in.
fn until_clause_end(t: &str) -> &str {
    let mut depth = 0;
    let mut prev = ' ';
    for (i, c) in t.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return &t[..i],
            ')' => depth -= 1,
            ';' => return &t[..i],
            ' ' if prev == '.' && t[i + 1..].starts_with(|c: char| c.is_uppercase()) => {
                return &t[..i - 1]
            }
            _ => {}
        }
        prev = c;
    }
    t
}

/// A Kazakh «… жағдайда …» clause: condition up to «жағдайда».
fn case_clause_kk(t: &str) -> Option<(String, String)> {
    let at = t.find("жағдайда")?;
    let cond = &t[..at + "жағдайда".len()];
    let act = t[at + "жағдайда".len()..].trim();
    Some((capitalise(cond.trim()), capitalise(act)))
}

/// What every item of one list is read with: the language's labels and
/// whether the list is an e-service's or a table's.
struct ListKind {
    yes: &'static str,
    no: &'static str,
    kk: bool,
    /// Any item is «процесс N» or «условие N».
    eservice: bool,
    /// Processes drawn among a table's actions: the table numbers the steps.
    table: bool,
}

/// One item as read before any node is drawn from it.
struct Head<'a> {
    line: u32,
    kind: EKind,
    /// The text after «процесс N –», or the whole body.
    body: &'a str,
    lane: usize,
    /// How many words of `body` name the performer.
    skip_words: usize,
    /// Why the lane was guessed, when the text does not name it.
    why: Option<String>,
    /// The step's number as the text gives it.
    n: Option<String>,
    id: String,
}

/// The paragraphs under an item, sorted by what they become.
struct Under {
    /// «в случае …» refusals and returns: (line, condition, action, time).
    cases: Vec<(u32, String, String, Option<Found>)>,
    /// Steps of their own: (line, lane, text, time, outside the term).
    extra: Vec<(u32, usize, String, Option<Found>, bool)>,
    /// Untimed lines ending in «:» among the cases: (first case, line, text).
    headers: Vec<(usize, u32, String)>,
    /// The part of a step of its own done by another inside its time
    /// («…, из которых услугополучатель в течение 10 рабочих дней
    /// представляет …»): (index in `extra`, lane, text, time).
    inner: Vec<(usize, usize, String, Option<Found>)>,
}

/// Builds the nodes of one list. `yes`/`no` labels follow the language.
pub fn build(ctx: &Context, items: &[Item], book: &mut LaneBook, kk: bool) -> Vec<Drafted> {
    let (yes, no) = if kk {
        ("иә", "жоқ")
    } else {
        ("да", "нет")
    };
    let list = ListKind {
        yes,
        no,
        kk,
        eservice: items
            .iter()
            .any(|it| !matches!(ekind(&it.body).0, EKind::Plain)),
        table: items.iter().any(|it| it.performer.is_some()),
    };
    let mut out: Vec<Drafted> = Vec::new();
    let mut prev_lane: Option<usize> = None;
    // A condition just drawn whose «no» leads to a refusal: (choice index, condition label).
    let mut pending_no: Option<(usize, String)> = None;
    // The cases of the procedure just drawn: their labels and nodes.
    let mut last_split: Option<(Vec<String>, Vec<usize>)> = None;
    // Where each procedure's cases stand in `out` (from, to).
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (k, it) in items.iter().enumerate() {
        let prev_split = last_split.take();
        let before_lane = prev_lane;
        let head = item_head(ctx, items, k, book, &list, prev_lane);
        // «условие N» is a choice and nothing else.
        if let EKind::Condition(c) = &head.kind {
            let (node, refusal) = condition_choice(items, k, c, &head, book, &list);
            // What follows a check and names no performer (the refusal
            // «… бас тарту туралы хабарламаны қалыптастыру») is done where
            // the check was: the condition is the procedure before it.
            prev_lane = Some(node.lane);
            out.push(node);
            pending_no = refusal.then(|| (out.len() - 1, c.clone()));
            continue;
        }
        prev_lane = Some(head.lane);
        let main_part = head.body.split("Результат").next().unwrap_or(head.body);
        let found = durations_in(main_part);
        // «в соответствии с пунктом N» is a reference and nothing else.
        if let Some(r) = ref_step(ctx, &head, &found, book, kk) {
            prev_lane = Some(r.lane);
            out.push(r);
            continue;
        }
        let under = collect_under(ctx, it, main_part, &found, &head, book, &list);
        case_choices(&mut out, &under.cases, &head, &it.marker.label, book, &list);
        let refused = pending_no.take().is_some();
        // An untimed «…:» with timed cases under it splits into them.
        if found.is_empty()
            && head.body.trim_end().ends_with(':')
            && under.extra.len() >= 2
            && under.cases.is_empty()
        {
            let first = out.len();
            last_split = split_cases(&mut out, &head, &it.marker.label, under, prev_split, kk);
            groups.push((first, out.len()));
            continue;
        }
        if let Some(units) = either_addressee(ctx, items, k, &head, &under, refused, book) {
            let first = out.len();
            addressee_steps(&mut out, &head, &found, units, before_lane);
            groups.push((first + 1, out.len()));
            continue;
        }
        plain_step(&mut out, ctx, it, &head, &found, refused, under.extra);
    }
    resolve_next(&mut out, &groups);
    out
}

/// The item's kind, lane, number and id: what every node drawn from it
/// carries.
fn item_head<'a>(
    ctx: &Context,
    items: &'a [Item],
    k: usize,
    book: &mut LaneBook,
    list: &ListKind,
    prev_lane: Option<usize>,
) -> Head<'a> {
    let it = &items[k];
    let line = ctx.paras[it.para].line;
    let (kind, body) = ekind(&it.body);
    let (lane, skip_words, why) = match &it.performer {
        Some(name) => (book.add(name), 0, None),
        None => {
            let before = k.checked_sub(1).map(|j| items[j].body.as_str());
            performer(ctx, body, before, prev_lane, book)
        }
    };
    let n = match (&kind, list.eservice) {
        (EKind::Process(_), _) if list.table => None,
        (EKind::Process(n), _) => Some(n.clone()),
        (EKind::Condition(_), _) => None,
        // A table's action keeps its number among e-service processes.
        (EKind::Plain, true) if it.performer.is_some() => Some(it.marker.label.clone()),
        (EKind::Plain, true) => None,
        (EKind::Plain, false) => Some(it.marker.label.clone()),
    };
    let id = match (&n, &kind) {
        (Some(n), _) => n.clone(),
        (None, EKind::Process(p)) => format!("p{p}"),
        (None, _) => format!("i{}", it.marker.label),
    };
    // A guessed process lane gives way to the system its text names; a
    // Russian agent in the instrumental is no guess («ввод потребителем
    // ИИН и пароля на ПЭП» is the applicant's), a Kazakh one may be a
    // purpose («берушімен өңдеу үшін … шлюзі арқылы»).
    let agent_named = !list.kk && why.as_deref().is_some_and(|w| w.starts_with(NAMED));
    let lane = if matches!(kind, EKind::Process(_)) && skip_words == 0 && !agent_named {
        lanes::system_in(body)
            .filter(|_| why.is_some())
            .map(|s| book.add(&s))
            .unwrap_or(lane)
    } else {
        lane
    };
    Head {
        line,
        kind,
        body,
        lane,
        skip_words,
        why,
        n,
        id,
    }
}

/// «условие 1 – …»: a choice whose «yes» goes on past the refusal that
/// follows it; also whether such a refusal follows.
fn condition_choice(
    items: &[Item],
    k: usize,
    c: &str,
    head: &Head,
    book: &mut LaneBook,
    list: &ListKind,
) -> (Drafted, bool) {
    let (yes, no, line) = (list.yes, list.no, head.line);
    // The next item is the refusal, the one after it goes on.
    let refusal = items.get(k + 1).is_some_and(|n| refuses(&n.body));
    let next_id = |j: usize| -> String {
        items
            .get(j)
            .map(|x| match ekind(&x.body).0 {
                EKind::Process(n) if list.table => format!("p{n}"),
                EKind::Process(n) => n,
                EKind::Condition(c) => format!("cond{c}"),
                EKind::Plain if x.performer.is_some() => x.marker.label.clone(),
                EKind::Plain => format!("i{}", x.marker.label),
            })
            .unwrap_or_else(|| "end".into())
    };
    let (to_yes, to_no) = if refusal {
        (next_id(k + 2), next_id(k + 1))
    } else {
        (next_id(k + 1), "end".into())
    };
    let lane = lanes::system_in(head.body)
        .map(|s| book.add(&s))
        .unwrap_or(head.lane);
    let node = Drafted {
        node: Node::Choice {
            id: Some(format!("cond{c}")),
            lane: String::new(),
            question: Text::plain(format!("{}?", action_text(head.body, 0))),
            outcomes: vec![
                Outcome {
                    label: Text::plain(yes),
                    to: to_yes,
                },
                Outcome {
                    label: Text::plain(no),
                    to: to_no,
                },
            ],
            line: Some(line),
        },
        lane,
        comment: Some(format!(
            "«{}» (строка {line}): условие; «{no}» ведет к следующему пункту{}",
            items[k].marker.label,
            if refusal { ", отказу" } else { "" }
        )),
    };
    (node, refusal)
}

/// «в соответствии с пунктом 5»: the steps of another clause, drawn as a
/// reference to its draft when the item has no time and no performer.
fn ref_step(
    ctx: &Context,
    head: &Head,
    found: &[Found],
    book: &mut LaneBook,
    kk: bool,
) -> Option<Drafted> {
    let (body, line) = (head.body, head.line);
    let target = clause_ref(body).and_then(|c| (ctx.clause_stem)(&c).map(|s| (c, s)))?;
    if !(found.is_empty() && head.skip_words == 0) {
        return None;
    }
    let sl = book.add(if kk {
        "Көрсетілетін қызметті берушінің құрылымдық бөлімшелері"
    } else {
        "Структурные подразделения услугодателя"
    });
    Some(Drafted {
        node: Node::Ref {
            id: None,
            n: head.n.clone(),
            lane: String::new(),
            text: Text::plain(action_text(body, 0)),
            model: target.1,
            steps: None,
            time: None,
            line: Some(line),
            next: None,
        },
        lane: sl,
        comment: Some(format!(
            "строка {line}: ссылка на пункт {} регламента",
            target.0
        )),
    })
}

/// Sorts the item's own clause and the paragraphs under it into refusal
/// cases, steps of their own and headers; the rest changes no path.
fn collect_under(
    ctx: &Context,
    it: &Item,
    main_part: &str,
    found: &[Found],
    head: &Head,
    book: &mut LaneBook,
    list: &ListKind,
) -> Under {
    let (kk, line, lane) = (list.kk, head.line, head.lane);
    // Refusals and returns inside the item's own paragraph.
    let mut cases: Vec<(u32, String, String, Option<Found>)> = Vec::new();
    let inner_case = if list.eservice {
        None
    } else if kk {
        case_clause_kk(main_part)
    } else {
        case_clause(main_part)
    };
    if let Some((cond, act)) = inner_case.filter(|(_, a)| refuses(a) || returns(a)) {
        // A refusal said inside the item takes the item's time.
        let f = durations_in(&act)
            .into_iter()
            .next()
            .or_else(|| found.first().cloned());
        cases.push((line, cond, act, f));
    }
    let mut extra: Vec<(u32, usize, String, Option<Found>, bool)> = Vec::new();
    // Untimed lines ending in «:» among the cases: (first case, line, text).
    let mut headers: Vec<(usize, u32, String)> = Vec::new();
    let mut inner = Vec::new();
    for &m in &it.more {
        let mp = &ctx.paras[m];
        let t = mp.text.as_str();
        let low = t.to_lowercase();
        let case = if kk {
            case_clause_kk(t)
        } else {
            case_clause(t)
        };
        if let Some((cond, act)) = case.filter(|(_, a)| {
            (refuses(a) || returns(a))
                && (low.starts_with("в случае") || low.starts_with("при ") || kk)
        }) {
            let f = durations_in(&act)
                .into_iter()
                .next()
                .or_else(|| durations_in(t).into_iter().next());
            cases.push((mp.line, cond, act, f));
            continue;
        }
        // An extension of the term («срок … продлевается», «мерзімі …
        // ұзартылады») changes no path.
        let extends = lanes::words(&low).iter().any(|w| {
            w.starts_with("продлева")
                || w.starts_with("ұзартыл")
                || ["продлен", "продлена", "продлено"].contains(&w.as_str())
        });
        if extends {
            continue;
        }
        let f = durations_in(t.split("Результат").next().unwrap_or(t))
            .into_iter()
            .next();
        // A case that names whom the work goes to («ответственному
        // исполнителю …») is still the item's performer's.
        let named =
            lanes::performer_at_start(t, ctx.roster).filter(|_| !super::roster::dative_lead(t));
        // Without a time of its own, a paragraph is a step of its own
        // only when it names its performer and what the performer does
        // («исполнитель услугодателя получает письменное согласие …»).
        let acts = named
            .as_ref()
            .is_some_and(|(_, end)| has_verb_near(&t[*end..]));
        if f.is_none() && !acts {
            if t.trim_end().ends_with(':') {
                headers.push((extra.len(), mp.line, t.trim().to_string()));
            }
            continue;
        }
        let (l2, sw2) = match named {
            Some((name, end)) => (book.add(&name), end),
            None => (lane, 0),
        };
        // A case that is only its performer and time keeps the
        // performer as its text («Ответственным исполнителем Центра»).
        let text = Some(action_text(t, sw2))
            .filter(|x| !x.is_empty())
            .unwrap_or_else(|| action_text(t, 0));
        if let Some((who, what, time)) = inner_part(t, ctx.roster) {
            inner.push((extra.len(), book.add(&who), what, time));
        }
        extra.push((mp.line, l2, text, f, t.contains("не входит в срок")));
    }
    Under {
        cases,
        extra,
        headers,
        inner,
    }
}

/// The words that bound a time and stand before its number.
const BOUNDS: [&str; 5] = [
    " в течение",
    " не более",
    " не позднее",
    " не менее",
    " до ",
];

/// «выдача разрешения – в течение 11 рабочих дней, из которых
/// услугополучатель в течение 10 рабочих дней представляет …»: the part
/// of a step's time that another performer spends inside it, as the
/// performer, what is done and its time. The Law's texts say «из которых»
/// or «из них» and name the performer first.
pub fn inner_part(t: &str, roster: &[String]) -> Option<(String, String, Option<Found>)> {
    let low = t.to_lowercase();
    let at = ["из которых ", "из них "]
        .iter()
        .filter_map(|k| low.find(k).map(|i| i + k.len()))
        .min()?;
    let rest = t[at..].trim_start();
    let time = durations_in(rest).into_iter().next();
    // The name ends where the time begins, with its bound («услугополучатель
    // в течение 10 …», «заявитель не позднее …»).
    let before_time = time.as_ref().map(|f| {
        let head = &rest[..f.at.start];
        let low = head.to_lowercase();
        let bound = BOUNDS
            .iter()
            .filter_map(|b| low.find(b))
            .min()
            .unwrap_or(head.len());
        // (`get`: a lowercased letter may change its length.)
        head.get(..bound).unwrap_or(head)
    });
    let (who, end) = before_time
        .and_then(|h| lanes::performer_at_start(h, roster))
        .or_else(|| lanes::performer_at_start(rest, roster))?;
    // Without the time and its bound, which the found span leaves before it.
    let what = match &time {
        Some(f) if f.at.start >= end => {
            let mid = &rest[end..f.at.start];
            let low = mid.to_lowercase();
            let bound = BOUNDS
                .iter()
                .filter_map(|b| low.rfind(b))
                .filter(|&i| low[i..].split_whitespace().count() <= 2)
                .min()
                .unwrap_or(mid.len());
            format!("{} {}", mid.get(..bound).unwrap_or(mid), &rest[f.at.end..])
        }
        _ => rest[end..].to_string(),
    };
    let what = capitalise(
        what.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches([';', '.', ','])
            .trim(),
    );
    (!what.is_empty()).then(|| (capitalise(&who), what, time))
}

/// A choice, its case's step and, unless the case returns to an earlier
/// step, an end for every refusal case; they come first because a refused
/// application is not processed.
fn case_choices(
    out: &mut Vec<Drafted>,
    cases: &[(u32, String, String, Option<Found>)],
    head: &Head,
    label: &str,
    book: &LaneBook,
    list: &ListKind,
) {
    let (id, n, lane) = (&head.id, &head.n, head.lane);
    for (ci, (cl, cond, act, f)) in cases.iter().enumerate() {
        let suffix = if ci == 0 {
            String::new()
        } else {
            (ci + 1).to_string()
        };
        let alt = format!("{id}alt{suffix}");
        let after = if ci + 1 < cases.len() {
            format!("c{id}{}", ci + 2)
        } else {
            id.clone()
        };
        out.push(Drafted {
            node: Node::Choice {
                id: Some(format!("c{id}{suffix}")),
                lane: String::new(),
                question: Text::plain(format!("{}?", cond)),
                outcomes: vec![
                    Outcome {
                        label: Text::plain(list.yes),
                        to: alt.clone(),
                    },
                    Outcome {
                        label: Text::plain(list.no),
                        to: after,
                    },
                ],
                line: Some(*cl),
            },
            lane,
            comment: Some(format!(
                "строка {cl}: «{}» — выбор перед процедурой {}",
                cut(cond, 60),
                label
            )),
        });
        let back = returns(act).then(|| loop_target(out, act, book, lane));
        out.push(Drafted {
            node: Node::Step {
                id: Some(alt.clone()),
                n: n.clone(),
                lane: String::new(),
                text: Text::plain(cut(&action_text(act, 0), 300)),
                time: f.as_ref().map(to_duration),
                time_when: None,
                extension: None,
                part_of: None,
                outside_term: false,
                result: None,
                detail: None,
                form: None,
                line: Some(*cl),
                next: back.clone().flatten().map(|t| vec![t]),
            },
            lane,
            comment: match &back {
                Some(Some(t)) => Some(format!("строка {cl}: возврат на доработку; возвращается к шагу {t} (догадка: последний шаг получателя)")),
                _ => None,
            },
        });
        if back.as_ref().is_none_or(|b| b.is_none()) {
            out.push(Drafted {
                node: Node::End {
                    id: Some(format!("end{alt}")),
                    lane: String::new(),
                    result: Some(Text::plain(cut(&action_text(act, 0), 200))),
                    form: None,
                    line: Some(*cl),
                    event: Default::default(),
                    next: None,
                },
                lane,
                comment: None,
            });
        }
    }
}

/// «3) рассмотрение …:» and its cases, each with its own time: a choice
/// among the cases, each going on to the next procedure (left as [`NEXT`]
/// for [`resolve_next`]). Returns the cases' labels and nodes when the
/// next procedure may share them.
fn split_cases(
    out: &mut Vec<Drafted>,
    head: &Head,
    label: &str,
    under: Under,
    prev_split: Option<(Vec<String>, Vec<usize>)>,
    kk: bool,
) -> Option<(Vec<String>, Vec<usize>)> {
    let (id, n, lane, line) = (&head.id, &head.n, head.lane, head.line);
    let Under {
        extra,
        headers,
        inner,
        ..
    } = under;
    let letters = ["b", "c", "d", "e", "f", "g", "h"];
    let ids: Vec<String> = (0..extra.len())
        .map(|j| match letters.get(j) {
            Some(l) => format!("{id}{l}"),
            None => format!("{id}-{}", j + 2),
        })
        .collect();
    let labels: Vec<String> = extra
        .iter()
        .zip(&ids)
        .map(|(e, to)| case_label(&e.2, to))
        .collect();
    // The same cases as the procedure just before («уведомление … –
    // 30 минут; получение информации … – 6 минут» under every
    // procedure): each case goes on in its own, no second choice.
    // «в рамках внутрикорпоративного перевода:» and the cases under
    // it: a choice of its own among them (from, to, line, text).
    // Stages under a heading («1 этап», «2 этап») follow each other.
    let nested: Vec<(usize, usize, u32, String)> = headers
        .iter()
        .enumerate()
        .filter_map(|(k, (from, hl, ht))| {
            let to = headers.get(k + 1).map_or(extra.len(), |h| h.0);
            let stages = extra[*from..to].iter().any(|e| stage_no(&e.2).is_some());
            (to >= from + 2 && !stages).then(|| (*from, to, *hl, ht.clone()))
        })
        .collect();
    let same = prev_split
        .as_ref()
        .filter(|_| nested.is_empty())
        .filter(|(l, at)| same_cases(l, &labels) && at.last().is_some_and(|&i| i + 1 == out.len()))
        .map(|(_, at)| at.clone());
    match &same {
        Some(at) => {
            for (&i, to) in at.iter().zip(&ids) {
                if let Node::Step { next, .. } = &mut out[i].node {
                    *next = Some(vec![to.clone()]);
                }
            }
        }
        None => out.push(Drafted {
            node: Node::Choice {
                id: Some(format!("c{id}")),
                lane: String::new(),
                question: Text::plain(format!(
                    "{}: какой случай?",
                    action_text(head.body, head.skip_words)
                )),
                outcomes: (0..labels.len())
                    .filter_map(
                        |j| match nested.iter().position(|nz| j >= nz.0 && j < nz.1) {
                            Some(k) if nested[k].0 == j => Some(Outcome {
                                label: Text::plain(case_label(&nested[k].3, &ids[j])),
                                to: format!("c{id}n{}", k + 1),
                            }),
                            Some(_) => None,
                            None => Some(Outcome {
                                label: Text::plain(labels[j].clone()),
                                to: ids[j].clone(),
                            }),
                        },
                    )
                    .collect(),
                line: Some(line),
            },
            lane,
            comment: Some(format!("строка {line}: процедура {} разделена на случаи (строки ниже); догадка: случаи — альтернативы", label)),
        }),
    }
    if same.is_none() {
        for (k, (from, to, hl, ht)) in nested.iter().enumerate() {
            out.push(Drafted {
                node: Node::Choice {
                    id: Some(format!("c{id}n{}", k + 1)),
                    lane: String::new(),
                    question: Text::plain(format!(
                        "{}: какой случай?",
                        ht.trim_end_matches(':').trim()
                    )),
                    outcomes: (*from..*to)
                        .map(|j| Outcome {
                            label: Text::plain(labels[j].clone()),
                            to: ids[j].clone(),
                        })
                        .collect(),
                    line: Some(*hl),
                },
                lane,
                comment: Some(format!(
                    "строка {hl}: случаи под заголовком — выбор среди них"
                )),
            });
        }
    }
    let count = extra.len();
    let first = out.len();
    let mut case_steps = Vec::new();
    // «1 этап: …» then «2 этап: …»: the second stage follows the
    // first's positive decision.
    let stage_after: Vec<Option<String>> = (0..count)
        .map(|j| {
            let (a, b) = (stage_no(&extra[j].2)?, stage_no(&extra.get(j + 1)?.2)?);
            (b == a + 1).then(|| ids[j + 1].clone())
        })
        .collect();
    for (j, ((l2, lane2, text, f, outside), aid)) in extra.into_iter().zip(ids).enumerate() {
        // Another's part inside the case's time comes first, under the
        // case's id, so what leads to the case leads to it.
        let aid = match inner.iter().find(|x| x.0 == j) {
            Some((_, lane, what, time)) => {
                let own = format!("{aid}w");
                out.push(Drafted {
                    node: Node::Step {
                        id: Some(aid),
                        n: n.clone(),
                        lane: String::new(),
                        text: Text::plain(what.clone()),
                        time: time.as_ref().map(to_duration),
                        time_when: None,
                        extension: None,
                        part_of: Some(own.clone()),
                        outside_term: false,
                        result: None,
                        detail: None,
                        form: None,
                        line: Some(l2),
                        next: None,
                    },
                    lane: *lane,
                    comment: Some(format!(
                        "строка {l2}: «из которых …» — часть срока процедуры, у того, кто ее выполняет"
                    )),
                });
                own
            }
            None => aid,
        };
        // «принятие решения о назначении либо об отказе в
        // назначении – 5 рабочих дней»: the case ends in that
        // decision, drawn as a choice; both sides go on.
        let decision = decides_or_refuses(&text).then(|| format!("c{aid}"));
        let question = format!("{}?", cut(&text, 100));
        let go_on = (j + 1 < count).then(|| vec![NEXT.to_string()]);
        case_steps.push(out.len());
        out.push(Drafted {
            node: Node::Step {
                id: Some(aid),
                n: n.clone(),
                lane: String::new(),
                text: Text::plain(text),
                time: f.as_ref().map(to_duration),
                time_when: None,
                extension: None,
                part_of: None,
                outside_term: outside,
                result: None,
                detail: None,
                form: None,
                line: Some(l2),
                next: decision.clone().map(|c| vec![c]).or(go_on),
            },
            lane: lane2,
            comment: (j == 0 && same.is_some()).then(|| {
                format!(
                    "строка {l2}: те же случаи, что у предыдущей процедуры; каждый продолжает свой"
                )
            }),
        });
        if let Some(cid) = decision {
            let (pos, neg) = if kk {
                ("оң шешім", "бас тарту")
            } else {
                ("положительное решение", "отказ")
            };
            out.push(Drafted {
                node: Node::Choice {
                    id: Some(cid),
                    lane: String::new(),
                    question: Text::plain(question),
                    outcomes: vec![
                        Outcome {
                            label: Text::plain(pos),
                            to: stage_after[j].clone().unwrap_or_else(|| NEXT.to_string()),
                        },
                        Outcome {
                            label: Text::plain(neg),
                            to: NEXT.to_string(),
                        },
                    ],
                    line: Some(l2),
                },
                lane: lane2,
                comment: Some(format!("строка {l2}: решение «… либо об отказе» — выбор; догадка: отказ оформляется как результат и идет дальше")),
            });
        }
    }
    // Cases that end in decisions are no plain cases to share.
    (case_steps.len() + first == out.len() && nested.is_empty()).then_some((labels, case_steps))
}

/// The two units a procedure that names no performer is done by, one or
/// the other, when the procedure before sent the work to «A или B»
/// («направление руководителю услугодателя или акиму сельского округа»)
/// and the guessed performer is one of them: (lane of A, lane of B, A, B).
fn either_addressee(
    ctx: &Context,
    items: &[Item],
    k: usize,
    head: &Head,
    under: &Under,
    refused: bool,
    book: &mut LaneBook,
) -> Option<(usize, usize, String, String)> {
    let plain = head.why.is_some()
        && items[k].performer.is_none()
        && head.kind == EKind::Plain
        && under.cases.is_empty()
        && under.extra.is_empty()
        && !refused;
    if !plain {
        return None;
    }
    let before = items.get(k.checked_sub(1)?)?;
    let (a, b) = super::roster::addressees(&before.body, ctx.roster)?;
    // The guessed performer is one of the two: the other is drawn too.
    let guessed = [&a, &b].iter().any(|u| book.find(u) == Some(head.lane));
    if !guessed {
        return None;
    }
    let (la, lb) = (book.add(&a), book.add(&b));
    (la != lb).then_some((la, lb, a, b))
}

/// A procedure done by one unit or the other: a choice after the procedure
/// before (in its lane), then the procedure in each unit's lane, both
/// going on to what follows.
fn addressee_steps(
    out: &mut Vec<Drafted>,
    head: &Head,
    found: &[Found],
    (la, lb, a, b): (usize, usize, String, String),
    before_lane: Option<usize>,
) {
    let (id, n, line) = (&head.id, &head.n, head.line);
    let ids = [id.clone(), format!("{id}b")];
    out.push(Drafted {
        node: Node::Choice {
            id: Some(format!("c{id}")),
            lane: String::new(),
            question: Text::plain(format!("Кому направлено: {a} или {b}?")),
            outcomes: [&a, &b]
                .iter()
                .zip(&ids)
                .map(|(u, to)| Outcome {
                    label: Text::plain(capitalise(u)),
                    to: to.clone(),
                })
                .collect(),
            line: Some(line),
        },
        lane: before_lane.unwrap_or(la),
        comment: Some(format!(
            "строка {line}: исполнитель не назван; предыдущая процедура направляет «{a}» или «{b}»: выбор, процедура у каждого"
        )),
    });
    for (j, (lane, aid)) in [la, lb].into_iter().zip(ids).enumerate() {
        out.push(Drafted {
            node: Node::Step {
                id: (n.as_deref() != Some(aid.as_str())).then(|| aid.clone()),
                n: n.clone(),
                lane: String::new(),
                text: Text::plain(action_text(head.body, head.skip_words)),
                time: found.first().map(to_duration),
                time_when: None,
                extension: None,
                part_of: None,
                outside_term: false,
                result: result_of(head.body).map(Text::plain),
                detail: None,
                form: None,
                line: Some(line),
                next: (j == 0).then(|| vec![NEXT.to_string()]),
            },
            lane,
            comment: None,
        });
    }
}

/// The item as one step, an end after it when it is the refusal a
/// condition leads to (`refused`), and its timed paragraphs as steps
/// that continue it.
fn plain_step(
    out: &mut Vec<Drafted>,
    ctx: &Context,
    it: &Item,
    head: &Head,
    found: &[Found],
    refused: bool,
    extra: Vec<(u32, usize, String, Option<Found>, bool)>,
) {
    let (body, line, lane, id, n) = (head.body, head.line, head.lane, &head.id, &head.n);
    let main_part = body.split("Результат").next().unwrap_or(body);
    let outside =
        main_part.contains("не входит в срок") || main_part.contains("мерзіміне кірмейді");
    let time = found.first().map(to_duration);
    let comment = match (&head.why, found.len()) {
        (Some(w), _) => Some(format!("строка {line}: {w}")),
        (None, x) if x > 1 => Some(format!("строка {line}: в тексте {x} сроков, взят первый")),
        _ => None,
    };
    out.push(Drafted {
        node: Node::Step {
            id: (n.as_deref() != Some(id.as_str())).then(|| id.clone()),
            n: n.clone(),
            lane: String::new(),
            text: Text::plain(action_text(body, head.skip_words)),
            time,
            time_when: None,
            extension: None,
            part_of: None,
            outside_term: outside && found.len() == 1,
            result: result_of(body).map(Text::plain),
            detail: None,
            form: None,
            line: Some(line),
            next: None,
        },
        lane,
        comment,
    });
    if refused && refuses(body) {
        out.push(Drafted {
            node: Node::End {
                id: Some(format!("end{id}")),
                lane: String::new(),
                result: Some(Text::plain(cut(&action_text(body, head.skip_words), 200))),
                form: None,
                line: Some(line),
                event: Default::default(),
                next: None,
            },
            lane,
            comment: None,
        });
    }
    for (j, (l2, lane2, text, f, outside)) in extra.into_iter().enumerate() {
        let letter = ["b", "c", "d", "e", "f", "g", "h"]
            .get(j)
            .map(|l| l.to_string())
            .unwrap_or_else(|| format!("-{}", j + 2));
        out.push(Drafted {
            node: Node::Step {
                id: Some(format!("{id}{letter}")),
                n: n.clone(),
                lane: String::new(),
                text: Text::plain(text),
                time: f.as_ref().map(to_duration),
                time_when: None,
                extension: None,
                part_of: None,
                outside_term: outside,
                result: result_of(&ctx.paras[it.more[0]].text)
                    .map(Text::plain)
                    .filter(|_| false),
                detail: None,
                form: None,
                line: Some(l2),
                next: None,
            },
            lane: lane2,
            comment: Some(format!(
                "строка {l2}: продолжение процедуры {}, со своим сроком",
                it.marker.label
            )),
        });
    }
}

/// The cases of a procedure go on to what follows the last of them: a
/// pass after all items, as that node is drawn only later.
fn resolve_next(out: &mut [Drafted], groups: &[(usize, usize)]) {
    for &(from, to) in groups {
        let after = out
            .get(to)
            .and_then(|d| d.node.given_id().map(str::to_string))
            .unwrap_or_else(|| "end".into());
        for d in &mut out[from..to] {
            match &mut d.node {
                Node::Step { next: Some(v), .. } => v
                    .iter_mut()
                    .filter(|t| *t == NEXT)
                    .for_each(|t| *t = after.clone()),
                Node::Choice { outcomes, .. } => outcomes
                    .iter_mut()
                    .filter(|o| o.to == NEXT)
                    .for_each(|o| o.to = after.clone()),
                _ => {}
            }
        }
    }
}

/// The system an impersonal verb («производится», «формируется»,
/// «направляется») is placed in by the words around it («на портале»).
fn impersonal_in_system(body: &str) -> Option<String> {
    let toks: Vec<&str> = body.split(' ').filter(|t| !t.is_empty()).collect();
    let at = toks.iter().position(|t| {
        let w: String = t
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        lanes::is_verb_ru(&w) && w.ends_with("ся")
    })?;
    let from = at.saturating_sub(3);
    let near = toks[from..at].join(" ");
    let place = ["в ", "на ", "через "]
        .iter()
        .any(|p| near.to_lowercase().contains(p));
    lanes::system_in(&near).filter(|_| place)
}

/// Whether a finite verb (ru) stands among the first words of a text.
fn has_verb_near(t: &str) -> bool {
    words(t).iter().take(3).any(|w| lanes::is_verb_ru(w))
}

/// Whether a case ends in a decision that may be a refusal: «о
/// назначении либо об отказе в назначении», «о регистрации или отказе»,
/// kk «беру немесе беруден бас тарту туралы».
fn decides_or_refuses(t: &str) -> bool {
    // Every word: `words` drops «либо».
    let w: Vec<String> = t
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect();
    w.iter().enumerate().any(|(i, x)| {
        let near = || w.iter().skip(i + 1).take(3);
        match x.as_str() {
            "или" | "либо" => near().any(|y| y.starts_with("отказ")),
            "немесе" => w
                .iter()
                .skip(i + 1)
                .take(3)
                .zip(w.iter().skip(i + 2))
                .any(|(a, b)| a == "бас" && b.starts_with("тарт")),
            _ => false,
        }
    })
}

/// The number of a stage a case opens with: «2 этап: …», kk «2-кезең».
fn stage_no(t: &str) -> Option<u32> {
    let t = t.trim_start();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = t[digits.len()..]
        .trim_start_matches([' ', '-'])
        .to_lowercase();
    (rest.starts_with("этап") || rest.starts_with("кезең"))
        .then(|| digits.parse().ok())
        .flatten()
}

/// How a comment says the performer was found inside the procedure's text.
const NAMED: &str = "исполнитель назван в тексте";

/// A placeholder for «the node after these cases», resolved at the end.
const NEXT: &str = "\u{0}next";

/// Whether two procedures are split into the same cases: as many, each
/// with the same words (word forms aside: «ответственным исполнителем
/// Центра» and «ответственному исполнителю Центра»).
fn same_cases(a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| lanes::same_phrase(&words(x), &words(y)))
}

/// The label of a case: its words before the dash or colon, short.
fn case_label(text: &str, id: &str) -> String {
    let head = text.split([':', '–', '—']).next().unwrap_or(text).trim();
    let head = head.trim_end_matches(" -").trim();
    if head.is_empty() {
        id.to_string()
    } else {
        cut(head, 40)
    }
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        s.chars().take(n).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}

/// «в соответствии с пунктом 5» / «5-тармағына сәйкес»: the clause.
pub fn clause_ref(t: &str) -> Option<String> {
    let low = t.to_lowercase();
    // «в соответствии с подпунктами 2-7) пункта 6 настоящего регламента»:
    // items of another clause.
    if let Some(i) = low.find("подпункт") {
        let rest = &low[i..];
        if let Some(j) = rest.find("пункта ").filter(|&j| j < 60) {
            let tail = &rest[j + "пункта ".len()..];
            let n: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !n.is_empty() && !tail[n.len()..].trim_start().starts_with("стандарт") {
                return Some(n);
            }
        }
    }
    for key in [
        "в соответствии с пунктом ",
        "согласно пункту ",
        "предусмотренного пунктом ",
    ] {
        if let Some(i) = low.find(key) {
            let rest = &low[i + key.len()..];
            let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            let after = rest[n.len()..].trim_start();
            // «пунктом 9 стандарта» is the standard, not the regulation.
            if !n.is_empty() && !after.starts_with("стандарт") {
                return Some(n);
            }
        }
    }
    None
}

/// Where a return goes: the last step before it in the lane the text
/// names («возвращает … в Центр»), else the step before.
fn loop_target(out: &[Drafted], act: &str, book: &LaneBook, own: usize) -> Option<String> {
    let aw = words(act);
    // The whole name of a lane in the text («… ответственному исполнителю
    // услугодателя»), else a distinctive word of it («в Центр»).
    let whole = book
        .lanes
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| {
            let nw = words(name);
            !nw.is_empty() && (0..aw.len()).any(|k| lanes::starts_with_phrase(&aw[k..], &nw))
        })
        .max_by_key(|(_, (name, _))| words(name).len())
        .map(|(i, _)| i);
    let generic = [
        "исполнитель",
        "руководитель",
        "сотрудник",
        "специалист",
        "работник",
        "услугодателя",
        "ответственный",
    ];
    let named = whole.or_else(|| {
        book.lanes.iter().position(|(name, _)| {
            words(name)
                .iter()
                .filter(|w| {
                    w.chars().count() > 3 && !generic.iter().any(|g| lanes::same_word(g, w))
                })
                .any(|w| aw.iter().any(|x| lanes::same_word(x, w)))
        })
    });
    let mut steps = out.iter().filter(|d| {
        matches!(d.node, Node::Step { .. }) && d.node.given_id().is_some_and(|i| !i.contains("alt"))
    });
    let pick = match named.filter(|&l| l != own) {
        Some(l) => steps.rfind(|d| d.lane == l),
        None => steps.next_back(),
    };
    pick.and_then(|d| d.node.given_id().map(str::to_string))
}

/// The lane of a procedure, how many words of its text name the performer,
/// and why the lane was chosen when the text does not name it at the start.
fn performer(
    ctx: &Context,
    body: &str,
    before: Option<&str>,
    prev: Option<usize>,
    book: &mut LaneBook,
) -> (usize, usize, Option<String>) {
    if let Some((name, n)) = lanes::performer_at_start(body, ctx.roster) {
        return (book.add(&name), n, None);
    }
    // «На портале производится проверка …»: the procedure is the system's.
    let lead: String = body.split(' ').take(3).collect::<Vec<_>>().join(" ");
    let place = ["в ", "на ", "через "]
        .iter()
        .any(|p| lead.to_lowercase().starts_with(p));
    if let Some(s) = lanes::system_in(&lead).filter(|_| place) {
        return (
            book.add(&s),
            0,
            Some(format!("исполнитель не назван; процедура в системе «{s}»")),
        );
    }
    // «после введения ИИН на портале производится проверка …»: an
    // impersonal act where the text places it in a system.
    if let Some(s) = impersonal_in_system(body) {
        return (
            book.add(&s),
            0,
            Some(format!("исполнитель не назван; процедура в системе «{s}»")),
        );
    }
    if let Some(u) = lanes::agent_inside(body, ctx.roster) {
        return (book.add(&u), 0, Some(format!("{NAMED}: «{u}»")));
    }
    if let Some(a) = agent_phrase(body) {
        return (book.add(&a), 0, Some(format!("{NAMED}: «{a}»")));
    }
    // The unit the procedure before sent the work to: it takes the role
    // over another unit of the same role («на подпись руководителю
    // услугодателя», not the Центр's head), and acts where no role fits.
    let sent_to = before.and_then(|b| super::roster::addressee(b, ctx.roster));
    if let Some((u, why)) = lanes::role_guess(body, ctx.roster) {
        if let Some(a) = sent_to
            .as_ref()
            .filter(|a| **a != u && super::roster::same_role(a, &u))
        {
            return (
                book.add(a),
                0,
                Some(format!("исполнитель не назван; по роли ({why}), тот, кому направлено предыдущей процедурой: «{a}»")),
            );
        }
        return (
            book.add(&u),
            0,
            Some(format!("исполнитель не назван; по роли ({why})")),
        );
    }
    if let Some(a) = sent_to {
        return (
            book.add(&a),
            0,
            Some(format!(
                "исполнитель не назван; взят тот, кому направлено предыдущей процедурой: «{a}»"
            )),
        );
    }
    if let Some(s) = lanes::system_in(body) {
        return (
            book.add(&s),
            0,
            Some(format!("исполнитель не назван; процедура в системе «{s}»")),
        );
    }
    match prev {
        Some(l) => (
            l,
            0,
            Some("исполнитель не назван; взят исполнитель предыдущей процедуры".into()),
        ),
        None => (
            book.add(
                ctx.roster
                    .first()
                    .map(String::as_str)
                    .unwrap_or("Услугодатель"),
            ),
            0,
            Some("исполнитель не назван; взят первый из Перечня".into()),
        ),
    }
}

/// A performer in the instrumental outside the roster: «сотрудником
/// уполномоченного органа» → «сотрудник уполномоченного органа»,
/// «уәкілетті органның қызметкерімен» → «уәкілетті органның қызметкері».
pub fn agent_phrase(body: &str) -> Option<String> {
    let toks: Vec<&str> = body
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|t| !t.is_empty())
        .collect();
    for (i, t) in toks.iter().enumerate() {
        let low = t.to_lowercase();
        let stems = [
            "сотрудник",
            "работник",
            "специалист",
            "исполнител",
            "потребител",
            "пользовател",
            "услугополучател",
            "инспектор",
            "оператор",
            "руководител",
        ];
        if stems.iter().any(|s| low.starts_with(s)) && (low.ends_with("ом") || low.ends_with("ем"))
        {
            let base = if low.ends_with("ем") {
                format!("{}ь", &t[..t.len() - "ем".len()])
            } else {
                t[..t.len() - "ом".len()].to_string()
            };
            // The unit in the genitive: adjectives and one noun
            // («уполномоченного органа»), not the object after it
            // («… органа результата оказания»).
            let mut name = base;
            for g in toks.iter().skip(i + 1).take(3) {
                let gl = g.to_lowercase();
                let adjective = ["ого", "его", "ой", "ей"].iter().any(|e| gl.ends_with(e));
                let noun = ["а", "я", "ов", "ев", "ии"].iter().any(|e| gl.ends_with(e));
                if (adjective || noun) && !lanes::is_verb_ru(&gl) {
                    name.push(' ');
                    name.push_str(g);
                }
                if !adjective {
                    break;
                }
            }
            return Some(name);
        }
        let kk = [
            "қызметкерімен",
            "тұтынушымен",
            "маманымен",
            "орындаушысымен",
            "қызметшісімен",
            "алушымен",
            "берушімен",
        ];
        if kk.iter().any(|s| low.ends_with(s)) {
            let base = t
                .trim_end_matches("мен")
                .trim_end_matches("пен")
                .trim_end_matches("бен");
            let mut pre: Vec<&str> = Vec::new();
            let mut j = i;
            while j > 0 && pre.len() < 3 {
                let g = toks[j - 1].to_lowercase();
                if ["ның", "нің", "дың", "дің", "тың", "тің"]
                    .iter()
                    .any(|e| g.ends_with(e))
                    || g == "уәкілетті"
                    || g == "жао"
                    || g == "көрсетілетін"
                    || g == "қызметті"
                {
                    pre.insert(0, toks[j - 1]);
                    j -= 1;
                } else {
                    break;
                }
            }
            pre.push(base);
            return Some(pre.join(" "));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::model::Duration;

    #[test]
    fn another_performers_part_inside_a_steps_time_is_read_whole() {
        let roster = ["исполнитель отдела".to_string()];
        let (who, what, time) = super::inner_part(
            "выдача лицензии – 20 (двадцать) рабочих дней, из них заявитель в течение\n5 (пяти) календарных дней\nпредставляет отделу квитанцию об оплате;",
            &roster,
        )
        .unwrap();
        assert_eq!(who, "Заявитель");
        assert_eq!(what, "Представляет отделу квитанцию об оплате");
        assert_eq!(
            format!("{:?}", time.map(|f| super::to_duration(&f))),
            format!("{:?}", Some(Duration::Within(Box::new(Duration::Days(5)))))
        );
        assert!(super::inner_part("выдача лицензии – 20 рабочих дней;", &roster).is_none());
    }
}
