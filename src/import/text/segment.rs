//! The text of a decree as paragraphs, with the numbered items of the genre.
//!
//! Published regulations come as one paragraph a line (indented prose),
//! as Markdown (`##`, `**`, `\*`), with sentences broken over lines, or
//! as flattened tables (one cell a line, ending in `|`). Everything here
//! keeps the line number of the source, because every draft cites lines.

/// A paragraph: cleaned text and the source lines it spans (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub line: u32,
    pub last: u32,
    pub text: String,
    /// A Markdown heading (`#`), or a table cell: never joined on.
    pub heading: bool,
}

/// How an item is numbered: «1)», «1.», «а)».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Paren,
    Dot,
    Letter,
}

/// A numbered item's marker: its style, its value and the label as written
/// («10-1» for «10-1)»).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub style: Style,
    pub value: u32,
    pub label: String,
}

/// One source line without page furniture: NBSP and tabs as spaces,
/// Markdown emphasis and escapes dropped, spaces collapsed.
pub fn clean_line(line: &str) -> (String, bool) {
    let mut s: String = line
        .chars()
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' | '\u{2007}' | '\t' | '\u{feff}' => ' ',
            c => c,
        })
        .collect();
    s = s.replace("**", "").replace("\\*", "*").replace('\\', "");
    let t = s.trim();
    let heading = t.starts_with('#');
    let t = t.trim_start_matches('#').trim();
    let t = t.strip_prefix("> ").unwrap_or(t);
    // Emphasis by single stars around a whole line: «*Утративший силу*».
    let t = if t.len() > 2 && t.starts_with('*') && t.ends_with('*') && !t.starts_with("*СФЕ") {
        &t[1..t.len() - 1]
    } else {
        t
    };
    let mut out = String::with_capacity(t.len());
    for w in t.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    (out, heading)
}

/// Whether a paragraph may go on on the next line: it does not end a
/// sentence, a list item or a heading.
fn open_ended(t: &str) -> bool {
    !t.ends_with(['.', ';', ':', '!', '?', '|'])
}

/// The paragraphs of a text. A line joins the paragraph before it when that
/// paragraph does not end its sentence and the line does not open an item;
/// a word cut by a hyphen at the line end is joined whole.
pub fn paragraphs(src: &str) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut open = false;
    for (i, raw) in src.lines().enumerate() {
        let n = (i + 1) as u32;
        let (t, heading) = clean_line(raw);
        if t.is_empty() {
            open = false;
            continue;
        }
        let cell = raw.trim_end().ends_with('|');
        let t = if cell {
            t.trim_end_matches('|').trim().to_string()
        } else {
            t
        };
        if open && !heading && !cell && marker(&t).is_none() && !starts_block(&t) {
            if let Some(p) = out.last_mut() {
                let cut = p.text.ends_with('-')
                    && p.text[..p.text.len() - 1]
                        .chars()
                        .last()
                        .is_some_and(char::is_alphabetic)
                    && t.chars().next().is_some_and(char::is_lowercase);
                if cut {
                    p.text.pop();
                } else {
                    p.text.push(' ');
                }
                p.text.push_str(&t);
                p.last = n;
                open = open_ended(&p.text);
                continue;
            }
        }
        open = !heading && !cell && open_ended(&t);
        out.push(Para {
            line: n,
            last: n,
            text: t,
            heading: heading || cell,
        });
    }
    out
}

/// Whether a line opens a block of its own even after an unfinished line:
/// the fixed headings of the genre that old layouts print without a stop
/// («Приложение 2 / к постановлению … / Утвержден / постановлением … /
/// Регламент государственной услуги / «…»»).
fn starts_block(t: &str) -> bool {
    [
        "Приложение ",
        "Утвержден",
        "Регламент государственной",
        "Регламент электронной",
        "Бекітілген",
    ]
    .iter()
    .any(|w| t.starts_with(w))
}

const LETTERS: &str = "абвгдежзиклмнопрстуфхцчшщэюя";

/// The marker an item opens with, and the text after it: «1) …», «- 2) …»,
/// «3. …», «а) …», «10-1) …».
pub fn marker(t: &str) -> Option<(Marker, &str)> {
    let t = t.trim_start_matches(['-', '–', '—', '*', '•', ' ']);
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let label = digits.trim_end_matches('-').to_string();
    if !label.is_empty() && label.len() <= 6 && !label.starts_with('-') {
        let rest = t[label.len()..].trim_start_matches(' ');
        let value: u32 = label.split('-').next()?.parse().ok()?;
        if let Some(r) = rest.strip_prefix(')') {
            return Some((
                Marker {
                    style: Style::Paren,
                    value,
                    label,
                },
                r.trim_start(),
            ));
        }
        if let Some(r) = rest.strip_prefix('.') {
            // «9.00 часов», «1.1.» are not items.
            if r.starts_with(' ') && !r.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
                return Some((
                    Marker {
                        style: Style::Dot,
                        value,
                        label,
                    },
                    r.trim_start(),
                ));
            }
        }
        return None;
    }
    let mut cs = t.chars();
    let c = cs.next()?;
    let lower = c.to_lowercase().next()?;
    let rest = cs.as_str();
    if let (Some(pos), Some(r)) = (
        LETTERS.chars().position(|l| l == lower),
        rest.strip_prefix(')'),
    ) {
        return Some((
            Marker {
                style: Style::Letter,
                value: pos as u32 + 1,
                label: c.to_string(),
            },
            r.trim_start(),
        ));
    }
    None
}

/// A numbered list: its items, each with the paragraphs that follow it
/// before the next item, and the paragraph that introduces it.
#[derive(Debug, Clone)]
pub struct List {
    /// Index (in the paragraphs) of the nearest paragraph before the first
    /// item that is not an item.
    pub intro: Option<usize>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub para: usize,
    pub marker: Marker,
    /// The item's text after its marker.
    pub body: String,
    /// Paragraphs after the item that belong to it («в случае …»,
    /// «Рассматривает и формирует …»).
    pub more: Vec<usize>,
    /// The performer when a table's column names it apart from the text
    /// (an action table's «Наименование СФЕ» cell).
    pub performer: Option<String>,
}

/// Whether a paragraph closes a list: a heading, a clause of its own
/// («7. Перечень …»), an introduction to another list («при обращении …:»),
/// an appendix.
fn closes(p: &Para, style: Style) -> bool {
    let t = p.text.as_str();
    let low = t.to_lowercase();
    // «при обращении … в Центр:» opens another list; «выдача разрешения:»
    // inside an item heads its cases.
    let opens_variant = ["при ", "через ", "в случае обращения"]
        .iter()
        .any(|w| low.starts_with(w))
        || ["обращени", "арқылы", "жүгін"]
            .iter()
            .any(|w| low.contains(w));
    if p.heading || (t.ends_with(':') && opens_variant) {
        return true;
    }
    // An item that does not go on with the list: a clause of its own
    // («3. Описание …», «6. Перечень …») or another list.
    if marker(t).is_some() {
        return true;
    }
    let _ = style;
    let low = t.to_lowercase();
    [
        "приложение",
        "справочник",
        "перечень",
        "қосымша",
        "тармақ",
        "регламент",
    ]
    .iter()
    .any(|w| low.starts_with(w))
}

/// Every numbered list of `paras[from..to]`: a list starts at an item
/// numbered 1 (or «а») and goes on while the numbers follow.
pub fn lists(paras: &[Para], from: usize, to: usize) -> Vec<List> {
    let mut out: Vec<List> = Vec::new();
    let mut cur: Option<List> = None;
    let mut intro: Option<usize> = None;
    for (i, p) in paras.iter().enumerate().take(to).skip(from) {
        let m = marker(&p.text).map(|(mk, body)| match cur.as_ref() {
            Some(list) => (
                look_alike(&list.items.last().expect("an item").marker, mk),
                body,
            ),
            None => (mk, body),
        });
        if let Some(item) = cur.as_mut().and_then(|l| l.items.last_mut()) {
            // A sentence broken over an empty line: «… услугодателя и» /
            // «направление на подпись …» goes on the item.
            if m.is_none() && item.more.is_empty() && goes_on(&item.body, p) {
                item.body.push(' ');
                item.body.push_str(&p.text);
                continue;
            }
        }
        if let (Some(list), Some((mk, body))) = (cur.as_mut(), m.as_ref()) {
            let last = &list.items.last().expect("a list has an item").marker;
            if mk.style == last.style && (mk.value == last.value + 1 || sub_item(last, mk)) {
                list.items.push(Item {
                    para: i,
                    marker: mk.clone(),
                    body: body.to_string(),
                    more: Vec::new(),
                    performer: None,
                });
                continue;
            }
        }
        if let Some((mk, body)) = m
            .as_ref()
            .filter(|(mk, _)| mk.value == 1 && !mk.label.contains('-'))
        {
            if let Some(l) = cur.take() {
                // A list inside an item of another («1. … используются
                // следующие понятия: 1) …») is introduced by that item.
                let last = l.items.last().expect("a list has an item");
                let at = last.more.last().copied().unwrap_or(last.para);
                if paras[at].text.trim_end().ends_with(':') {
                    intro = Some(at);
                }
                out.push(l);
            }
            cur = Some(List {
                intro,
                items: vec![Item {
                    para: i,
                    marker: mk.clone(),
                    body: body.to_string(),
                    more: Vec::new(),
                    performer: None,
                }],
            });
            continue;
        }
        match cur.as_mut() {
            Some(list) => {
                let style = list.items[0].marker.style;
                if closes(p, style) {
                    out.push(cur.take().expect("checked"));
                    intro = Some(i);
                } else {
                    list.items.last_mut().expect("an item").more.push(i);
                }
            }
            None => intro = Some(i),
        }
    }
    if let Some(l) = cur {
        out.push(l);
    }
    out
}

/// Whether a paragraph goes on the sentence of an item's text: the item
/// ends with no stop and the paragraph opens with a small letter.
fn goes_on(body: &str, p: &Para) -> bool {
    !p.heading
        && open_ended(body.trim_end())
        && p.text.chars().next().is_some_and(char::is_lowercase)
}

/// A letter typed for the digit it looks like in a digit list: «б)» after
/// «5)» is item 6, «з)» after «2)» is 3.
fn look_alike(last: &Marker, m: Marker) -> Marker {
    let digit = match m.label.as_str() {
        "б" | "Б" => 6,
        "з" | "З" => 3,
        _ => return m,
    };
    let digits = last.style == Style::Paren && last.label.chars().all(|c| c.is_ascii_digit());
    if m.style == Style::Letter && digits && last.value + 1 == digit {
        Marker {
            style: Style::Paren,
            value: digit,
            label: digit.to_string(),
        }
    } else {
        m
    }
}

/// «10-1)» after «10)»: an item inserted by an amendment.
fn sub_item(last: &Marker, m: &Marker) -> bool {
    m.label.contains('-') && m.value == last.value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_every_style() {
        assert_eq!(marker("1) исполнитель").unwrap().0.style, Style::Paren);
        assert_eq!(marker("- 2) работник").unwrap().0.value, 2);
        assert_eq!(marker("3. Перечень").unwrap().0.style, Style::Dot);
        assert_eq!(marker("б) аким").unwrap().0.value, 2);
        assert_eq!(marker("10-1) текст").unwrap().0.label, "10-1");
        assert!(marker("9.00 часов").is_none());
        assert!(marker("Регламент").is_none());
    }

    #[test]
    fn broken_sentences_join_and_cut_words_mend() {
        let p = paragraphs("1) исполнитель Центра выдает\nрасписку (не более трид-\nцати минут);\n\n2) комиссия рассматривает;\n");
        assert_eq!(p.len(), 2);
        assert_eq!(
            p[0].text,
            "1) исполнитель Центра выдает расписку (не более тридцати минут);"
        );
        assert_eq!((p[0].line, p[0].last), (1, 3));
        assert_eq!(p[1].line, 5);
    }

    #[test]
    fn fixed_headings_open_their_own_paragraph() {
        let p = paragraphs("Приложение 2\nк постановлению акимата\nот 4 февраля 2012 года N 39\nУтвержден\nпостановлением акимата\nРегламент государственной услуги\n«Назначение помощи»\n1. Основные понятия\n");
        let texts: Vec<&str> = p.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Приложение 2 к постановлению акимата от 4 февраля 2012 года N 39",
                "Утвержден постановлением акимата",
                "Регламент государственной услуги «Назначение помощи»",
                "1. Основные понятия"
            ]
        );
    }

    #[test]
    fn nbsp_and_markdown_are_dropped() {
        let p = paragraphs("## **2. Описание**\n\u{a0}\u{a0}\n- 1) сотрудник канцелярии;\n");
        assert_eq!(p[0].text, "2. Описание");
        assert!(p[0].heading);
        assert_eq!(p[1].text, "- 1) сотрудник канцелярии;");
    }

    #[test]
    fn lists_follow_numbers_and_stop_at_a_heading() {
        let p = paragraphs("при обращении в Центр:\n\n1) а;\n\nв случае б;\n\n2) в;\n\nпри обращении к акиму:\n\n1) г;\n\n7. Перечень:\n\n1) д;\n");
        let l = lists(&p, 0, p.len());
        assert_eq!(l.len(), 3);
        assert_eq!(l[0].items.len(), 2);
        assert_eq!(l[0].items[0].more.len(), 1);
        assert_eq!(p[l[1].intro.unwrap()].text, "при обращении к акиму:");
    }
}
