//! `regflow import regulation.txt`: draft models from the text of a decree.
//!
//! The genre is regular: a decree holds regulations headed «Регламент
//! государственной услуги "…"» (kk «… мемлекеттік көрсетілетін қызмет
//! регламенті»); each regulation lists its procedures as numbered items,
//! one list per channel («при обращении … в Центр:», «9. Описание процесса
//! … через Государственную корпорацию»), and names its units in the
//! «Перечень структурных подразделений (работников)». [`segment`] finds
//! paragraphs, regulations and lists; [`lanes`] the performers ([`roster`]
//! the units a phrase names in part); [`steps`]
//! the nodes; [`draft`] assembles a model and writes it as RON with a
//! comment wherever a reading was guessed, citing the line. [`score`]
//! compares drafts with hand-checked models.

pub mod draft;
pub mod lanes;
pub mod roster;
pub mod score;
pub mod segment;
pub mod steps;
pub mod table;

use segment::{List, Para, Style};
use std::path::Path;

/// Why a text gives no draft.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("cannot read {file}: {message}")]
    Read { file: String, message: String },
    #[error("{file}: not text: {message}; save the regulation as UTF-8 text (.txt or .md)")]
    NotText { file: String, message: String },
    #[error("{file}: not a regulation: {why}. regflow import reads the text of a state-service regulation (a «Регламент государственной услуги …» with numbered procedures, «1) исполнитель … выдает …»); check that the file holds the decree's text")]
    NotRegulation { file: String, why: String },
}

/// One draft: the model, its file stem, and its RON text.
#[derive(Debug, Clone)]
pub struct Draft {
    pub stem: String,
    pub process: crate::model::Process,
    pub ron: String,
}

/// Whether a path names a text the text import reads (`.txt`, `.md`).
pub fn is_text_path(path: &Path) -> bool {
    path.extension().is_some_and(|x| {
        ["txt", "md", "markdown", "text"]
            .iter()
            .any(|e| x.eq_ignore_ascii_case(e))
    })
}

/// Whether content looks like prose rather than XML (for files without a
/// telling extension).
pub fn looks_like_text(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    !head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
}

/// Reads a file and drafts its regulations; `shown` is the path the drafts
/// cite as `source.file`.
pub fn import_path(path: &Path, shown: &str) -> Result<Vec<Draft>, TextError> {
    let bytes = std::fs::read(path).map_err(|e| TextError::Read {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    let text = decode(&bytes).map_err(|message| TextError::NotText {
        file: shown.to_string(),
        message,
    })?;
    let base = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "regulation".into());
    import_text(&text, shown, &base)
}

/// UTF-8 (with or without a byte order mark); anything else is refused
/// with the offset of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("the file holds NUL bytes (a binary file, or UTF-16)".into());
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("invalid UTF-8 at byte {at} (line {line})")
    })
}

/// A regulation of the decree: its paragraphs `start..end`.
#[derive(Debug, Clone)]
pub struct Regulation {
    pub heading: Option<usize>,
    pub start: usize,
    pub end: usize,
    pub service: String,
    pub appendix: Option<String>,
    pub kk: bool,
}

/// Drafts every regulation and variant of a text.
pub fn import_text(src: &str, shown: &str, base: &str) -> Result<Vec<Draft>, TextError> {
    let not = |why: &str| TextError::NotRegulation {
        file: shown.to_string(),
        why: why.to_string(),
    };
    if src.trim().is_empty() {
        return Err(not("the file is empty"));
    }
    let paras = segment::paragraphs(src);
    let raw: Vec<&str> = src.lines().collect();
    let regs = regulations(&paras);
    let act = draft::act_of(&paras);
    let mut variants: Vec<draft::Variant> = Vec::new();
    for (ri, reg) in regs.iter().enumerate() {
        let roster = roster_of(&paras, reg);
        for list in segment::lists(&paras, reg.start, reg.end) {
            if !is_procedures(
                &paras,
                &list,
                roster.as_ref().map(|r| r.1.as_slice()).unwrap_or(&[]),
            ) {
                continue;
            }
            variants.push(draft::Variant::new(&paras, ri, list, roster.clone()));
        }
        for (list, name) in table_lists(&paras, &raw, reg, roster.as_ref().map(|r| r.1.as_slice()))
        {
            let mut v = draft::Variant::new(&paras, ri, list, roster.clone());
            v.name = name;
            v.guessed = false;
            v.table = true;
            variants.push(v);
        }
    }
    let variants = merge_tables(variants);
    if variants.is_empty() {
        return Err(not(if regs.iter().any(|r| r.heading.is_some()) {
            "it has a regulation's heading but no numbered list of procedures with performers or durations"
        } else {
            "no «Регламент государственной услуги» heading and no numbered list of procedures with performers or durations"
        }));
    }
    let stems = draft::stems(base, &regs, &variants, &paras);
    let drafts = variants
        .iter()
        .enumerate()
        .map(|(k, v)| draft::assemble(&paras, &regs[v.reg], v, &stems, k, &variants, &act, shown))
        .collect();
    Ok(drafts)
}

/// Whether a paragraph heads a regulation: «Регламент государственной
/// услуги "…"», «Регламент электронной государственной услуги «…»», kk
/// ««…» мемлекеттік көрсетілетін қызмет регламенті».
fn is_heading(p: &Para) -> bool {
    let t = p.text.trim();
    if t.chars().count() > 600 || segment::marker(t).is_some() {
        return false;
    }
    let low = t.to_lowercase();
    let ru = low.starts_with("регламент ")
        && low.contains("услуг")
        && !low.contains("изложить")
        && !low.contains("утвержден");
    let kk = low.trim_end_matches(['.', ' ']).ends_with("регламенті") && !low.contains("бекіт");
    ru || kk
}

/// The quoted name in a heading: the text between its first opening quote
/// and its last closing one.
pub fn quoted(t: &str) -> Option<String> {
    let open = t.find(['"', '«', '“', '„'])?;
    let first = t[open..].chars().next()?;
    let rest = &t[open + first.len_utf8()..];
    let close = rest.rfind(['"', '»', '”'])?;
    let name = rest[..close].trim();
    (!name.is_empty()).then(|| {
        name.replace('"', "")
            .replace(['«', '»'], "\"")
            .replace('"', "")
    })
}

fn is_kk(t: &str) -> bool {
    let kk = t.chars().filter(|&c| lanes::is_kk_letter(c)).count();
    let all = t.chars().filter(|c| c.is_alphabetic()).count().max(1);
    kk * 50 > all
}

/// The regulations of a text, split at their headings; a text with no
/// heading (an amendment that restates clauses) is one regulation whose
/// name is the quoted name written before «регламент».
pub fn regulations(paras: &[Para]) -> Vec<Regulation> {
    let heads: Vec<usize> = (0..paras.len())
        .filter(|&i| is_heading(&paras[i]))
        .collect();
    let kk_of = |a: usize, b: usize| {
        let sample: String = paras[a..b]
            .iter()
            .take(60)
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        is_kk(&sample)
    };
    if heads.is_empty() {
        let service = paras
            .iter()
            .filter(|p| p.text.to_lowercase().contains("регламент"))
            .find_map(|p| quoted(&p.text))
            .unwrap_or_default();
        return vec![Regulation {
            heading: None,
            start: 0,
            end: paras.len(),
            service,
            appendix: None,
            kk: kk_of(0, paras.len()),
        }];
    }
    heads
        .iter()
        .enumerate()
        .map(|(k, &h)| {
            let end = heads.get(k + 1).copied().unwrap_or(paras.len());
            // The appendix note before the heading: «Приложение 3 к
            // постановлению», «2-қосымша».
            let appendix = (h.saturating_sub(6)..h)
                .rev()
                .find_map(|i| appendix_number(&paras[i].text));
            Regulation {
                heading: Some(h),
                start: h,
                end,
                service: quoted(&paras[h].text).unwrap_or_else(|| paras[h].text.clone()),
                appendix,
                kk: kk_of(h, end),
            }
        })
        .collect()
}

/// «Приложение 4 к постановлению …» → 4; «… қаулысына 2 қосымша» → 2.
fn appendix_number(t: &str) -> Option<String> {
    let low = t.to_lowercase();
    if let Some(i) = low.find("приложение ") {
        let n: String = low[i + "приложение ".len()..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        return (!n.is_empty()).then_some(n);
    }
    let i = low.find("қосымша")?;
    let head = low[..i].trim_end().trim_end_matches('-');
    let n: String = head
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!n.is_empty()).then_some(n)
}

/// The «Перечень структурных подразделений (работников)» of a regulation:
/// its lines and its units.
fn roster_of(paras: &[Para], reg: &Regulation) -> Option<((u32, u32), Vec<String>)> {
    segment::lists(paras, reg.start, reg.end)
        .into_iter()
        .find_map(|l| {
            let intro = l.intro.map(|i| paras[i].text.to_lowercase())?;
            let is_roster = [
                "перечень структурных",
                "функциональные единицы",
                "тізбесі",
                "функционалдық бірлік",
                "участвуют в процессе",
                "қатысатын",
                "задействованы",
            ]
            .iter()
            .any(|k| intro.contains(k));
            if !is_roster {
                return None;
            }
            let units: Vec<String> = l
                .items
                .iter()
                .map(|it| {
                    it.body
                        .trim()
                        .trim_end_matches([';', '.', ','])
                        .trim()
                        .to_string()
                })
                .filter(|u| !u.is_empty())
                .collect();
            let last = l.items.last().map(|it| paras[it.para].last)?;
            Some(((paras[l.intro?].line, last), units))
        })
}

/// Whether a list is a list of procedures: most items name a performer and
/// an act, or a duration, or are e-service processes and conditions; a
/// Перечень, a list of results or channels, definitions are not.
fn is_procedures(paras: &[Para], list: &List, roster: &[String]) -> bool {
    if list.items.len() < 2 {
        return false;
    }
    if let Some(intro) = list.intro.map(|i| paras[i].text.to_lowercase()) {
        let not = [
            "перечень структурных",
            "функциональные единицы",
            "тізбесі",
            "функционалдық бірлік",
            "участвуют в процессе",
            "задействованы",
            "понятия",
            "ұғымдар",
            "требования",
            "талаптар",
            "утвердить",
            "бекітілсін",
        ];
        // A table's caption: its flattened cells are not prose.
        let table = intro.starts_with("таблица") || intro.contains("кесте");
        if table || not.iter().any(|k| intro.contains(k)) {
            return false;
        }
    }
    // A flattened table's row heads («1) Действия основного процесса»),
    // not prose: too few words an item.
    let words: usize = list
        .items
        .iter()
        .map(|it| lanes::words(&it.body).len())
        .sum();
    if words < list.items.len() * 4 {
        return false;
    }
    let style = list.items[0].marker.style;
    let good = list
        .items
        .iter()
        .filter(|it| {
            let body = &it.body;
            let (kind, _) = steps::ekind(body);
            if kind != steps::EKind::Plain {
                return true;
            }
            // The item's durations, or those of the cases under it.
            let timed = std::iter::once(body.as_str())
                .chain(it.more.iter().map(|&m| paras[m].text.as_str()))
                .any(|t| !crate::model::phrase::durations_in(t).is_empty());
            if timed {
                return true;
            }
            // A performer and what the performer does.
            let acts = match lanes::performer_at_start(body, roster) {
                Some((_, end)) => lanes::words(&body[end..]).len() > 1,
                None => false,
            };
            acts || steps::clause_ref(body).is_some() || (style != Style::Dot && has_verb(body))
        })
        .count();
    // A list of procedures is introduced as one («Содержание каждой
    // процедуры», «при обращении …:», «Описание процесса … через …»,
    // «рәсімнің мазмұны») or names its performers: not the decree's orders
    // («обеспечить: 1) …»), the terms of the standard, general provisions.
    let performers = list
        .items
        .iter()
        .filter(|it| lanes::performer_at_start(&it.body, roster).is_some())
        .count();
    let introduced = list.intro.is_some_and(|i| {
        let low = paras[i].text.to_lowercase();
        [
            "процедур",
            "действи",
            "рәсім",
            "іс-қимыл",
            "іс-әрекет",
            "үдеріс",
            "процесс",
            "порядок",
            "при обращении",
            "через",
            "арқылы",
            "портал",
        ]
        .iter()
        .any(|k| low.contains(k))
    });
    if !introduced && performers * 2 < list.items.len() {
        return false;
    }
    // Letter lists are sub-items; a clause list («1.», «2.») must be mostly procedures.
    let need = if style == Style::Dot {
        good * 3 >= list.items.len() * 2
    } else {
        good * 2 > list.items.len()
    };
    need && good >= 2
}

/// Whether a text has a finite verb (ru), or ends in one (kk).
fn has_verb(t: &str) -> bool {
    let w = lanes::words(t);
    w.iter().any(|x| lanes::is_verb_ru(x))
}

/// The action tables of a regulation as lists of procedures, one per
/// table, with the channel the table is for: the line after its caption
/// («через уполномоченный орган (через ИС МИО)») or the caption's words
/// («Таблица 2. Описание действий СФЕ уполномоченного органа с участием
/// Центра»). A cut performer («Инспе-») is completed from the Перечень or
/// a whole cell of the regulation's tables, by the standard role of the
/// action where several fit.
fn table_lists(
    paras: &[Para],
    raw: &[&str],
    reg: &Regulation,
    roster: Option<&[String]>,
) -> Vec<(List, String)> {
    let tables = table::tables(paras, raw, reg.start, reg.end);
    // The Перечень first, in its order; then whole cells that are not the
    // start of a unit's name («Руководитель» is «руководитель
    // уполномоченного органа», «ИС МИО» is a name of its own).
    let roster: Vec<String> = roster.unwrap_or(&[]).to_vec();
    let mut known = roster.clone();
    for t in &tables {
        for a in &t.actions {
            if let Some(u) = a.unit.as_ref().filter(|u| !u.ends_with('-')) {
                let part_of_unit = table::complete(u, &roster, None).is_some();
                if !part_of_unit && !known.iter().any(|k| lanes::words(k) == lanes::words(u)) {
                    known.push(u.clone());
                }
            }
        }
    }
    tables
        .into_iter()
        .filter(|t| {
            // One step a number: a table read twice over is no table.
            let mut ns: Vec<&str> = t.actions.iter().map(|a| a.n.as_str()).collect();
            ns.sort_unstable();
            ns.dedup();
            t.actions.len() >= 2 && ns.len() == t.actions.len()
        })
        .map(|t| {
            let first = t.actions[0].para;
            let name = table_channel(paras, t.caption, first);
            let items = t
                .actions
                .iter()
                .map(|a| {
                    let text = a.text.clone().unwrap_or_default();
                    let body = match &a.time {
                        Some(time) => format!("{text} ({time})"),
                        None => text.clone(),
                    };
                    let performer = a.unit.as_ref().map(|u| {
                        let fits: Vec<String> = known
                            .iter()
                            .filter(|k| table::complete(u, std::slice::from_ref(k), None).is_some())
                            .cloned()
                            .collect();
                        let prefer = lanes::role_guess(&text, &fits).map(|r| r.0);
                        table::complete(u, &known, prefer.as_deref())
                            .map(str::to_string)
                            .unwrap_or_else(|| u.trim_end_matches('-').to_string())
                    });
                    segment::Item {
                        para: a.para,
                        marker: segment::Marker {
                            style: Style::Paren,
                            value: a.n.parse().unwrap_or(0),
                            label: a.n.clone(),
                        },
                        body,
                        more: Vec::new(),
                        performer,
                    }
                })
                .collect();
            (
                List {
                    intro: t.caption,
                    items,
                },
                name,
            )
        })
        .collect()
}

/// The channel of a table: the line right after the caption when it
/// names one («через …», «… арқылы»), else the caption without «Таблица N.».
fn table_channel(paras: &[Para], caption: Option<usize>, first: usize) -> String {
    let Some(c) = caption else {
        return String::new();
    };
    for p in paras.iter().take(first).skip(c + 1).take(2) {
        let low = p.text.to_lowercase();
        if (low.starts_with("через ") || low.starts_with("при ") || low.contains("арқылы"))
            && p.text.chars().count() < 160
        {
            return p.text.trim_end_matches([':', '.']).to_string();
        }
    }
    let t = &paras[c].text;
    let low = t.to_lowercase();
    let tail = match low.find("таблица ") {
        Some(i) => {
            let rest = &t[i + "таблица ".len()..];
            rest.trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '.' || ch == ' ')
        }
        None => match low.find("кесте") {
            Some(i) => t[i + "кесте".len()..].trim_start_matches(['.', ' ']),
            None => t.as_str(),
        },
    };
    tail.trim()
        .trim_end_matches(['.', ':'])
        .chars()
        .take(160)
        .collect()
}

/// Whether two channel keys («authority-mio», «portal») name one channel:
/// one of their parts is the same.
fn same_channel(a: &str, b: &str) -> bool {
    !a.is_empty() && a.split('-').any(|x| b.split('-').any(|y| x == y))
}

/// A regulation of the old format says its process twice: as a list
/// (stages, or the e-service's processes and conditions, п.6–7) and as the
/// action table of its appendix. The table, numbered and timed action by
/// action, is the draft; the list of the same channel (or the regulation's
/// only list, for a table with no channel) gives the table its channel's
/// name, and its processes and conditions, which the table's actions do
/// not spell out, are drawn after the table's first action (the reception
/// of the request, where the e-service's processes begin).
fn merge_tables(variants: Vec<draft::Variant>) -> Vec<draft::Variant> {
    let mut gone = vec![false; variants.len()];
    let mut out = variants.clone();
    for (t, tv) in variants.iter().enumerate().filter(|(_, v)| v.table) {
        let tc = draft::channel(&tv.name);
        let lists: Vec<usize> = (0..variants.len())
            .filter(|&l| !variants[l].table && variants[l].reg == tv.reg && !gone[l])
            .collect();
        let exact = lists
            .iter()
            .copied()
            .find(|&l| !tc.is_empty() && draft::channel(&variants[l].name) == tc);
        let part = lists
            .iter()
            .copied()
            .find(|&l| same_channel(&tc, &draft::channel(&variants[l].name)));
        let only = (tc.is_empty() && lists.len() == 1).then(|| lists[0]);
        let Some(l) = exact.or(part).or(only) else {
            continue;
        };
        gone[l] = true;
        let lv = &variants[l];
        if tv.name.is_empty() || tc.is_empty() {
            out[t].name = lv.name.clone();
        }
        let processes: Vec<segment::Item> = lv
            .list
            .items
            .iter()
            .filter(|it| !matches!(steps::ekind(&it.body).0, steps::EKind::Plain))
            .cloned()
            .collect();
        if !processes.is_empty() {
            let items = &mut out[t].list.items;
            let at = 1.min(items.len());
            items.splice(at..at, processes);
        }
    }
    out.into_iter()
        .zip(gone)
        .filter(|(_, g)| !g)
        .map(|(v, _)| v)
        .collect()
}
