//! The action tables of the old regulations («Описание действий СФЕ …»,
//! «1 кесте. … іс-әрекеттерді сипаттау»), as the publication flattened
//! them: one cell a line (or a paragraph), row by row, each row opened by
//! its heading — «№ действия», «Наименование СФЕ», «Наименование действия
//! …», «Форма завершения …», «Сроки исполнения», «Номер следующего
//! действия» — with one cell per action after it. Narrow columns are cut
//! («Наимено-», «Инспе-») or broken mid-word («Маршрути» / «зация»); some
//! layouts print the row's index (1–6) before each heading. The table is
//! read by the genre's fixed row headings and the action numbers, never
//! by the words of a particular text: a table of K actions has K cells a
//! row; a row with more cells has a cell broken in two (the shortest pair
//! is joined), a row with fewer ends early (the last action has no next).

use super::segment::Para;

/// The rows of an action table, in the genre's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Number,
    Unit,
    Action,
    Form,
    Time,
    Next,
}

const ROWS: [Row; 6] = [
    Row::Number,
    Row::Unit,
    Row::Action,
    Row::Form,
    Row::Time,
    Row::Next,
];

/// The row headings as the standard form writes them, ru and kk.
fn headings(r: Row) -> &'static [&'static str] {
    match r {
        Row::Number => &[
            "№ действия (хода, потока работ)",
            "іс-әрекеттің (жұмыс барысының, ағынының) №",
        ],
        Row::Unit => &[
            "наименование сфе, ис",
            "наименование структурно-функциональной единицы",
            "қфб, аж атауы",
            "қфб атауы",
        ],
        Row::Action => &[
            "наименование действия (процесса, процедуры, операции) и их описание",
            "іс-әрекеттің (процестің, рәсімнің, операцияның) атауы және оның сипаттамасы",
        ],
        Row::Form => &[
            "форма завершения (данные, документ, организационно-распорядительное решение)",
            "аяқтау нысаны (деректер, құжат, ұйымдастыру-өкімдік шешім)",
        ],
        Row::Time => &[
            "сроки исполнения",
            "срок исполнения",
            "орындау мерзімдері",
            "орындалу мерзімі",
        ],
        Row::Next => &["номер следующего действия", "келесі іс-әрекеттің нөмірі"],
    }
}

/// Words of a heading or cell for comparison: lowercase, «ё» as «е»,
/// punctuation at the ends dropped (a cut «Наимено-» keeps «наимено»).
fn hwords(t: &str) -> Vec<String> {
    // «Келесі іс -әрекеттің нөмірі»: a hyphen the layout spaced off.
    t.to_lowercase()
        .replace('ё', "е")
        .replace(" -", "-")
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '№'))
                .to_string()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a cell is the heading `h`, whole or cut: each of its words
/// begins the heading's word at the same place («Номер следующ.
/// действия», «Сроки ис-», «Наимено-»).
fn is_heading_of(cell: &str, r: Row) -> bool {
    let cw = hwords(cell);
    if cw.is_empty() || cw.len() > 14 {
        return false;
    }
    // «1», «-», a time «не более 20 минут» are cells, not headings.
    if cw[0].chars().count() < 3 && cw[0] != "№" && cw[0] != "іс" {
        return false;
    }
    headings(r).iter().any(|h| {
        // The whole heading broken over lines inside a word or at a hyphen
        // («операция» / «ның», «ұйымдастыру-» / «өкімдік»): one word more
        // than the heading, the same letters.
        if letters(cell) == letters(h) {
            return true;
        }
        let hw = hwords(h);
        if r == Row::Number {
            // «№ действия …», «Іс-әрекеттің (…) №»: the sign and a word of the heading.
            return (cw[0] == "№" || cw.last().is_some_and(|w| w == "№"))
                && cw.len() >= 2
                && cw.iter().filter(|w| *w != "№").all(|w| {
                    hw.iter()
                        .any(|x| x.starts_with(w.as_str()) && w.chars().count() >= 2)
                });
        }
        // The first three words tell the rows apart; what follows may be
        // joined over a cut line («ұйымдастыру-» / «өкімдік»).
        cw.len() <= hw.len()
            && cw
                .iter()
                .zip(&hw)
                .take(3)
                .all(|(c, h)| h.starts_with(c.as_str()) && (c.chars().count() >= 2))
            && (cw.len() > 1 || cw[0].chars().count() >= 4)
    })
}

/// The letters and digits of a text, lowercase, «ё» as «е».
fn letters(t: &str) -> String {
    t.to_lowercase()
        .replace('ё', "е")
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '№')
        .collect()
}

/// One action of a table: its number and its cells, each with its line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Action {
    pub n: String,
    /// The paragraph of the action's name cell (or of its number).
    pub para: usize,
    pub unit: Option<String>,
    pub text: Option<String>,
    pub form: Option<String>,
    pub time: Option<String>,
    pub next: Option<String>,
}

/// A table: the paragraph of its caption («Таблица 2. …», «1 кесте. …»),
/// the paragraph that names the channel right after it, if any, and its
/// actions (continued blocks joined: «Продолжение описания действий»).
#[derive(Debug, Clone)]
pub struct Table {
    pub caption: Option<usize>,
    pub actions: Vec<Action>,
    /// The last paragraph of the table.
    pub last: usize,
}

/// A cell's text: the paragraph's, with words broken across the lines of
/// a narrow column joined («Маршрути» + «зация» → «Маршрутизация»):
/// a short line ending in a letter, followed by a line in lowercase.
fn cell_text(p: &Para, raw: &[&str]) -> String {
    if p.last == p.line {
        return p.text.clone();
    }
    let mut out = String::new();
    for n in p.line..=p.last {
        let (t, _) = super::segment::clean_line(raw.get(n as usize - 1).copied().unwrap_or(""));
        let t = t.trim_end_matches('|').trim();
        if t.is_empty() {
            continue;
        }
        let last_word = out.rsplit(' ').next().unwrap_or("");
        let broken = !out.is_empty()
            && out.ends_with(|c: char| c.is_alphabetic())
            && t.starts_with(|c: char| c.is_lowercase())
            && ((last_word.chars().count() <= 12 && last_line_short(&out)) || word_end(t));
        if !out.is_empty() && !broken {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Whether a line is only the end of a word cut at the line before
/// («қызметке» / «рі»): one or two letters that are no word of their own.
fn word_end(t: &str) -> bool {
    const WORDS: [&str; 24] = [
        "и", "в", "с", "к", "о", "у", "а", "я", "на", "по", "от", "до", "за", "из", "не", "ни",
        "об", "со", "во", "же", "ли", "да", "де", "та",
    ];
    t.chars().count() <= 2 && t.chars().all(char::is_alphabetic) && !WORDS.contains(&t)
}

/// Whether the text since the last join is a short line (a narrow column).
fn last_line_short(s: &str) -> bool {
    s.chars().count() <= 12
        || s.rsplit(' ')
            .take(2)
            .map(|w| w.chars().count())
            .sum::<usize>()
            <= 10
}

fn is_number(t: &str) -> bool {
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// The tables of `paras[from..to]`.
pub fn tables(paras: &[Para], raw: &[&str], from: usize, to: usize) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut i = from;
    while i < to {
        if !is_heading_of(&cell_text(&paras[i], raw), Row::Number) {
            i += 1;
            continue;
        }
        let Some((actions, end)) = block(paras, raw, i, to) else {
            i += 1;
            continue;
        };
        // A block numbered on from the last table's continues it.
        let follows = out.last().is_some_and(|t| {
            let last: u32 = t.actions.last().and_then(|a| a.n.parse().ok()).unwrap_or(0);
            actions.first().and_then(|a| a.n.parse::<u32>().ok()) == Some(last + 1)
                && caption_before(paras, t.last, i).is_none()
        });
        if follows {
            let t = out.last_mut().expect("checked");
            t.actions.extend(actions);
            t.last = end;
        } else {
            let start = out.last().map(|t| t.last + 1).unwrap_or(from).max(from);
            out.push(Table {
                caption: caption_before(paras, start.max(i.saturating_sub(12)), i),
                actions,
                last: end,
            });
        }
        i = end + 1;
    }
    out
}

/// The caption of a table between paragraphs `a` and `b`: «Таблица 1.
/// …», «… Таблица 1. Описание действий …», «1 кесте. …».
fn caption_before(paras: &[Para], a: usize, b: usize) -> Option<usize> {
    (a..b).rev().find(|&k| {
        let low = paras[k].text.to_lowercase();
        let ws: Vec<&str> = low.split_whitespace().collect();
        ws.windows(2).any(|w| {
            (w[0] == "таблица"
                && w[1]
                    .trim_end_matches('.')
                    .chars()
                    .all(|c| c.is_ascii_digit()))
                || (w[1].starts_with("кесте") && w[0].chars().all(|c| c.is_ascii_digit()))
        }) && !low.contains("варианты использования")
            && !low.contains("условные обозначения")
            && !low.contains("шартты белгілер")
    })
}

/// Whether a line names a table («Таблица 3. Варианты использования»,
/// «2 кесте. …»): no cell of the table before it.
fn names_a_table(t: &str) -> bool {
    let low = t.to_lowercase();
    let ws: Vec<&str> = low.split_whitespace().collect();
    ws.windows(2).any(|w| {
        (w[0] == "таблица"
            && w[1]
                .trim_end_matches('.')
                .chars()
                .all(|c| c.is_ascii_digit()))
            || (w[1].starts_with("кесте") && w[0].chars().all(|c| c.is_ascii_digit()))
    }) || low.starts_with("таблица.")
        || low.starts_with("кесте.")
}

/// One block of rows from the «№ действия» heading at `at`: its actions
/// and the index of its last paragraph.
fn block(paras: &[Para], raw: &[&str], at: usize, to: usize) -> Option<(Vec<Action>, usize)> {
    // The rows: each heading and the cells after it up to the next heading.
    let mut rows: Vec<(Row, Vec<usize>)> = vec![(Row::Number, Vec::new())];
    let mut k = at + 1;
    let mut next_row = 1;
    while k < to {
        let p = &paras[k];
        let mended = cell_text(p, raw);
        let t = mended.trim();
        // Only the rows after the last heading seen; past the last row a
        // heading's words are a cell's.
        if let Some(r) = ROWS
            .get(next_row..)
            .unwrap_or_default()
            .iter()
            .copied()
            .find(|r| is_heading_of(t, *r))
        {
            next_row = ROWS.iter().position(|x| *x == r).expect("a row") + 1;
            rows.push((r, Vec::new()));
            k += 1;
            continue;
        }
        // The block ends at the next block, a caption, a heading of the
        // text, or after the last row's cells (its numbers, «-»).
        let last_row = rows.last().map(|r| r.0);
        let ends = is_heading_of(t, Row::Number)
            || names_a_table(t)
            || (last_row == Some(Row::Next) && !(is_number(t) || t == "-" || t == "–"))
            || (p.heading && !raw_is_cell(p, raw) && !is_number(t));
        if ends {
            break;
        }
        rows.last_mut().expect("a row").1.push(k);
        k += 1;
    }
    let numbers: Vec<usize> = rows[0].1.clone();
    if rows.len() < 3 || numbers.is_empty() {
        return None;
    }
    // Row indices printed before each heading («2» before «Наименование
    // СФЕ»): the last cell of the number row is «2» and of the unit row «3».
    let text = |i: usize| cell_text(&paras[i], raw);
    let indexed = rows.len() > 2
        && rows[0].1.last().is_some_and(|&i| text(i) == "2")
        && rows[1].1.last().is_some_and(|&i| text(i) == "3");
    let mut rows: Vec<(Row, Vec<String>, Vec<usize>)> = rows
        .into_iter()
        .enumerate()
        .map(|(ri, (r, cells))| {
            let mut cells = cells;
            if indexed
                && cells
                    .last()
                    .is_some_and(|&i| text(i) == (ri + 2).to_string())
            {
                cells.pop();
            }
            // An empty-row marker «|||» is no cell.
            cells.retain(|&i| !text(i).trim_matches(['|', ' ']).is_empty());
            let texts: Vec<String> = cells.iter().map(|&i| text(i)).collect();
            (r, texts, cells)
        })
        .collect();
    let nums: Vec<String> = rows[0].1.iter().filter(|t| is_number(t)).cloned().collect();
    // The actions of a block are numbered on by one; anything else is not
    // a row of action numbers (or a misread), and no draft is better than
    // a draft whose steps are out of order.
    let consecutive = nums.windows(2).all(|w| {
        let (a, b) = (w[0].parse::<u32>(), w[1].parse::<u32>());
        matches!((a, b), (Ok(a), Ok(b)) if b == a + 1)
    });
    if nums.is_empty() || nums.len() != rows[0].1.len() || !consecutive {
        return None;
    }
    let kk = nums.len();
    for (_, texts, cells) in rows.iter_mut().skip(1) {
        fit(texts, cells, kk);
    }
    let end = k.saturating_sub(1);
    let mut actions: Vec<Action> = nums
        .iter()
        .enumerate()
        .map(|(j, n)| Action {
            n: n.clone(),
            para: rows[0].2[j],
            ..Default::default()
        })
        .collect();
    for (r, texts, cells) in &rows {
        for (j, a) in actions.iter_mut().enumerate() {
            let cell = texts
                .get(j)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty() && t != "-" && t != "–");
            match r {
                Row::Number => {}
                Row::Unit => a.unit = cell,
                Row::Action => {
                    if let Some(&c) = cells.get(j) {
                        a.para = c;
                    }
                    a.text = cell
                }
                Row::Form => a.form = cell,
                Row::Time => a.time = cell,
                Row::Next => a.next = cell,
            }
        }
    }
    Some((actions, end))
}

/// Whether a paragraph came from a cell line (ends in «|»).
fn raw_is_cell(p: &Para, raw: &[&str]) -> bool {
    raw.get(p.line as usize - 1)
        .is_some_and(|l| l.trim_end().ends_with('|'))
}

/// Makes a row hold `k` cells: a cell broken over two is joined (the
/// adjacent pair shortest together); a short row is left short.
fn fit(texts: &mut Vec<String>, cells: &mut Vec<usize>, k: usize) {
    while texts.len() > k && texts.len() >= 2 {
        let j = (0..texts.len() - 1)
            .min_by_key(|&j| texts[j].chars().count() + texts[j + 1].chars().count())
            .expect("two cells");
        let second = texts.remove(j + 1);
        cells.remove(j + 1);
        let first = &mut texts[j];
        if first.ends_with('-') {
            first.pop();
        } else {
            first.push(' ');
        }
        first.push_str(&second);
    }
}

/// Completes a cut name («Инспе-», «Ответст-», «Руководитель») from the
/// names the text gives whole: the units of the Перечень and the whole
/// cells of the tables. Among several that fit, `prefer` decides (the
/// unit the action's standard role names), else the shortest.
pub fn complete<'a>(cut: &str, known: &'a [String], prefer: Option<&str>) -> Option<&'a str> {
    let cw = hwords(cut);
    if cw.is_empty() {
        return None;
    }
    let fits: Vec<&String> = known
        .iter()
        .filter(|k| {
            let kw = hwords(k);
            kw.len() >= cw.len()
                && cw.iter().zip(&kw).enumerate().all(|(i, (c, w))| {
                    if i + 1 == cw.len() {
                        w.starts_with(c.as_str())
                    } else {
                        super::lanes::same_word(c, w)
                    }
                })
        })
        .collect();
    if let Some(p) = prefer {
        if let Some(f) = fits.iter().find(|f| f.as_str() == p) {
            return Some(f.as_str());
        }
    }
    fits.into_iter()
        .min_by_key(|f| (hwords(f).len(), f.chars().count()))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::segment::paragraphs;

    fn read(src: &str) -> Vec<Table> {
        let p = paragraphs(src);
        let raw: Vec<&str> = src.lines().collect();
        tables(&p, &raw, 0, p.len())
    }

    #[test]
    fn headings_whole_and_cut() {
        assert!(is_heading_of("Наимено-", Row::Unit));
        assert!(is_heading_of("Наимено-", Row::Action));
        assert!(is_heading_of("Номер следующ. действия", Row::Next));
        assert!(is_heading_of("Сроки ис-", Row::Time));
        assert!(is_heading_of("№ действия (хода,", Row::Number));
        assert!(is_heading_of(
            "Іс-әрекеттің (жұмыс барысының, ағынының) №",
            Row::Number
        ));
        assert!(is_heading_of("ҚФБ, АЖ атауы", Row::Unit));
        assert!(is_heading_of("Келесі іс -әрекеттің нөмірі", Row::Next));
        assert!(!is_heading_of("Руководитель", Row::Unit));
        assert!(!is_heading_of("не более 20 минут", Row::Time));
        assert!(!is_heading_of("2", Row::Next));
    }

    /// Cells one a line with a bar, cut, a continued block.
    #[test]
    fn a_flattened_table_with_bars_and_cut_cells() {
        let src = "Таблица 1. Описание действий СФЕ\n\
№ действия (хода, потока работ) |\n1 |\n2 |\n\
Наименова- |\nСпециалист отдела |\nРуководи- |\n\
Наименова- |\nПрием документов |\nПодписание уведомления |\n\
Форма за- |\nТалон |\nУведомление |\n\
Сроки исполне- |\nне более 20 минут |\nв течение 1 рабочего дня |\n\
Номер следующ. действия |\n2 |\n\
Продолжение описания действий |\n\
№ действия |\n3 |\n\
Наимено- |\nСпециалист отдела |\n\
Наимено- |\nВыдача уведомления |\n\
Сроки ис- |\n15 минут |\n\
Таблица 2. Варианты использования\n";
        let t = read(src);
        assert_eq!(t.len(), 1);
        let a = &t[0].actions;
        assert_eq!(a.len(), 3);
        assert_eq!(a[1].unit.as_deref(), Some("Руководи-"));
        assert_eq!(a[1].time.as_deref(), Some("в течение 1 рабочего дня"));
        assert_eq!(a[0].next.as_deref(), Some("2"));
        assert_eq!(a[1].next, None);
        assert_eq!(a[2].text.as_deref(), Some("Выдача уведомления"));
        assert_eq!(a[2].time.as_deref(), Some("15 минут"));
    }

    /// A heading repeated after the last row (a page break, a short cell
    /// «Номер») is a cell, not a reason to fail.
    #[test]
    fn a_last_heading_repeated_is_read_as_a_cell() {
        let src = "Таблица 1. Описание действий СФЕ\n\
№ действия (хода, потока работ) |\n1 |\n\
Наименова- |\nСпециалист отдела |\n\
Наимено- |\nПрием документов |\n\
Сроки исполне- |\nне более 20 минут |\n\
Номер следующ. действия |\n2 |\n\
Номер следующего действия |\nНомер |\n\
Таблица 2. Варианты использования\n";
        let t = read(src);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].actions[0].text.as_deref(), Some("Прием документов"));
    }

    /// Cells a paragraph each, row indices before the headings, a name
    /// split over two cells and a word broken over two lines.
    #[test]
    fn a_transposed_table_with_row_indices() {
        let src = "Таблица 1. Описание действий\n\nчерез орган\n\n1\n\n№ действия (хода, потока работ)\n\n1\n\n2\n\n2\n\n\
Наименование СФЕ, ИС\n\nсотрудник органа\n\nИС\n\nМИО\n\n3\n\n\
Наименование действия (процесса, процедуры, операции) и их описание\n\nПрием документов\n\nМаршрути\nзация запроса\n\n4\n\n\
Форма завершения (данные, документ)\n\nТалон\n\n-\n\n5\n\nСроки исполнения\n\nНе более 15 минут\n\nНе более 1 минуты\n\n6\n\n\
Номер следующего действия\n\n2\n\n-\n\n2. Прочее\n";
        let t = read(src);
        assert_eq!(t.len(), 1);
        let a = &t[0].actions;
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].unit.as_deref(), Some("ИС МИО"));
        assert_eq!(a[1].text.as_deref(), Some("Маршрутизация запроса"));
        assert_eq!(a[1].form, None);
        assert_eq!(a[1].time.as_deref(), Some("Не более 1 минуты"));
        assert_eq!(a[0].next.as_deref(), Some("2"));
    }

    /// The Kazakh form with its headings broken over lines as a narrow
    /// column prints them: inside a word («Іс-әрекет» / «тің», «операция» /
    /// «ның») and after a hyphen («ұйымдастыру-» / «өкімдік»); a second
    /// block (actions 3–4) goes on the first.
    #[test]
    fn headings_broken_inside_words_and_at_hyphens() {
        let block = |a: u32, b: u32| {
            format!(
                "Іс-әрекет\nтің (жұмыс барысының, ағынының) №\n\n{a}\n\n{b}\n\n\
ҚФБ атауы\n\nҚызметкер\n\nЖАО АЖ\n\n\
Іс-әрекет\nтің\n(процестің,\nрәсімнің, операция\nның) атауы және оның сипаттамасы\n\n\
Құжаттарды қабылдау {a}\n\nСұранымды жолдау {b}\n\n\
Аяқтау нысаны (деректер, құжат, ұйымдастыру-\nөкімдік шешім)\n\nТалон\n\nХабарлама\n\n\
Орындау мерзімдері\n\n15 минуттан артық емес\n\n1 минуттан артық емес\n\n\
Келесі іс-әрекеттің нөмірі\n\n{b}\n\n{}\n\n",
                b + 1
            )
        };
        let src = format!(
            "1 кесте. Іс-әрекетті сипаттау\n\n1) Негізгі үдерістің іс-әрекеті\n\n{}2) Негізгі үдерістің іс-әрекеті\n\n{}2. Басқа\n",
            block(1, 2),
            block(3, 4)
        );
        let t = read(&src);
        assert_eq!(t.len(), 1, "{t:?}");
        let a = &t[0].actions;
        let ns: Vec<&str> = a.iter().map(|x| x.n.as_str()).collect();
        assert_eq!(ns, ["1", "2", "3", "4"], "{a:?}");
        assert_eq!(a[3].text.as_deref(), Some("Сұранымды жолдау 4"));
        assert_eq!(a[2].form.as_deref(), Some("Талон"));
        assert_eq!(a[3].time.as_deref(), Some("1 минуттан артық емес"));
    }

    /// A cell cut before its last letters in a wide column («Уәкілетті
    /// органның қызметке» / «рі»): one word; a short word on its own line
    /// («и», «на») stays a word.
    #[test]
    fn a_word_cut_before_its_last_letters_is_mended() {
        let p = paragraphs("Уәкілетті органның қызметке\nрі\n\nОтветственный исполнитель услугодателя\nи\nруководитель\n");
        let raw = [
            "Уәкілетті органның қызметке",
            "рі",
            "",
            "Ответственный исполнитель услугодателя",
            "и",
            "руководитель",
        ];
        assert_eq!(cell_text(&p[0], &raw), "Уәкілетті органның қызметкері");
        assert_eq!(
            cell_text(&p[1], &raw),
            "Ответственный исполнитель услугодателя и руководитель"
        );
    }

    #[test]
    fn cut_names_complete_from_whole_ones() {
        let known: Vec<String> = [
            "руководитель уполномоченного органа",
            "ответственный специалист уполномоченного органа",
            "ответственный исполнитель уполномоченного органа",
            "инспектор Центра",
            "инспектор накопительного отдела Центра",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            complete("Руководи-", &known, None),
            Some("руководитель уполномоченного органа")
        );
        assert_eq!(complete("Инспе-", &known, None), Some("инспектор Центра"));
        assert_eq!(
            complete(
                "Ответст-",
                &known,
                Some("ответственный исполнитель уполномоченного органа")
            ),
            Some("ответственный исполнитель уполномоченного органа")
        );
        assert_eq!(complete("Аким сельско-", &known, None), None);
    }
}
