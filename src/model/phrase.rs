//! Durations as the regulations write them in prose and table cells:
//! «– 30 (тридцать) минут», «(в течение одного рабочего дня)», «не более
//! 20 минут», «1 минуттан артық емес», «10 жұмыс күн ішінде».
//!
//! Used to check the hand-written models against their source text, and
//! by text import. Working hours («с 9.00 до 18.00 часов») and decree
//! boilerplate («по истечении десяти календарных дней») are not durations
//! of a step and are skipped.

use super::duration::{Amount, Bound};

/// A duration found in a text, with the byte range of its number and unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub bound: Bound,
    pub amount: Amount,
    pub at: std::ops::Range<usize>,
}

/// A word of the text: lowercased letters or digits (a number with a
/// dot or a hyphen inside, such as a clock time, is kept whole).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    at: std::ops::Range<usize>,
}

fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let digit_join = (c == '.' || c == '-' || c == ':')
            && cur
                .as_ref()
                .is_some_and(|(_, w)| w.chars().all(|d| d.is_ascii_digit()))
            && chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
        if c.is_alphanumeric() || digit_join {
            let lower: String = c
                .to_lowercase()
                .map(|c| if c == 'ё' { 'е' } else { c })
                .collect();
            match &mut cur {
                Some((_, w)) => w.push_str(&lower),
                None => cur = Some((i, lower)),
            }
        } else if let Some((s, w)) = cur.take() {
            out.push(Word { text: w, at: s..i });
        }
    }
    if let Some((s, w)) = cur {
        out.push(Word {
            text: w,
            at: s..text.len(),
        });
    }
    out
}

/// The value of a number word in any case form (ru, kk): «тридцати» 30,
/// «двух» 2, «отыз» 30.
fn number_word(w: &str) -> Option<u32> {
    const STEMS: [(&str, u32); 46] = [
        ("одиннадцат", 11),
        ("двенадцат", 12),
        ("тринадцат", 13),
        ("четырнадцат", 14),
        ("пятнадцат", 15),
        ("шестнадцат", 16),
        ("семнадцат", 17),
        ("восемнадцат", 18),
        ("девятнадцат", 19),
        ("двадцат", 20),
        ("тридцат", 30),
        ("сорок", 40),
        ("пятьдесят", 50),
        ("пятидесят", 50),
        ("шестьдесят", 60),
        ("шестидесят", 60),
        ("семьдесят", 70),
        ("семидесят", 70),
        ("восемьдесят", 80),
        ("восьмидесят", 80),
        ("девяност", 90),
        ("десят", 10),
        ("один", 1),
        ("одн", 1),
        ("два", 2),
        ("две", 2),
        ("двух", 2),
        ("три", 3),
        ("трех", 3),
        ("четыр", 4),
        ("пят", 5),
        ("пять", 5),
        ("шест", 6),
        ("сем", 7),
        ("восем", 8),
        ("восьм", 8),
        ("девят", 9),
        // Kazakh
        ("бір", 1),
        ("екі", 2),
        ("үш", 3),
        ("төрт", 4),
        ("бес", 5),
        ("алты", 6),
        ("жеті", 7),
        ("сегіз", 8),
        ("тоғыз", 9),
    ];
    const KK_TENS: [(&str, u32); 5] = [
        ("он", 10),
        ("жиырма", 20),
        ("отыз", 30),
        ("қырық", 40),
        ("елу", 50),
    ];
    if let Some((_, v)) = KK_TENS.iter().find(|(s, _)| w == *s) {
        return Some(*v);
    }
    // «семи», «семь» but not «семья»; «пяти» but not «пятница».
    let ok_tail = |tail: &str| {
        tail.is_empty()
            || [
                "и", "ь", "ью", "а", "ти", "ми", "х", "ух", "ем", "ом", "ого", "ой", "ому", "у",
                "ей", "е", "ёх", "ех", "ех",
            ]
            .contains(&tail)
    };
    STEMS
        .iter()
        .find(|(s, _)| w.starts_with(s) && ok_tail(&w[s.len()..]))
        .map(|(_, v)| *v)
}

/// A number at `words[i..]`: digits, or number words («двадцати двух»);
/// digits may be followed by the same number in words, which is skipped.
/// Returns the value and the index after it.
fn number_at(ws: &[Word], i: usize) -> Option<(u32, usize)> {
    let w = &ws.get(i)?.text;
    if w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 6 {
        let v: u32 = w.parse().ok()?;
        let mut j = i + 1;
        while ws.get(j).is_some_and(|x| number_word(&x.text).is_some()) {
            j += 1;
        }
        return Some((v, j));
    }
    let first = number_word(w)?;
    let mut v = first;
    let mut j = i + 1;
    if first >= 20 && first % 10 == 0 {
        if let Some(u) = ws.get(j).and_then(|x| number_word(&x.text)) {
            if u < 10 {
                v += u;
                j += 1;
            }
        }
    }
    Some((v, j))
}

/// Makes an amount of one unit from a number.
type Unit = fn(u32) -> Amount;

/// The unit at `ws[i..]`: the amount kind and the index after it.
fn unit_at(ws: &[Word], i: usize) -> Option<(Unit, usize)> {
    let w = ws.get(i)?.text.as_str();
    let next = ws.get(i + 1).map(|x| x.text.as_str()).unwrap_or("");
    let day = |s: &str| ["день", "дня", "дней", "дн", "дню"].contains(&s) || s.starts_with("күн");
    if w.starts_with("минут") || w == "мин" {
        return Some((Amount::Minutes, i + 1));
    }
    if ["час", "часа", "часов", "часа"].contains(&w) || w.starts_with("сағат")
    {
        return Some((Amount::Hours, i + 1));
    }
    if (w.starts_with("рабоч") || w == "жұмыс") && day(next) {
        return Some((Amount::WorkDays, i + 2));
    }
    if (w.starts_with("календарн") || w == "күнтізбелік") && day(next) {
        return Some((Amount::Days, i + 2));
    }
    if w.starts_with("месяц") || w == "ай" || w == "айдан" || w == "ай ішінде" {
        return Some((Amount::Months, i + 1));
    }
    None
}

/// The bound written before the number (ru) or after the unit (kk).
fn bound_of(ws: &[Word], start: usize, end: usize) -> Bound {
    let before = |k: usize| {
        start
            .checked_sub(k)
            .and_then(|j| ws.get(j))
            .map(|w| w.text.as_str())
    };
    let after = |k: usize| ws.get(end + k).map(|w| w.text.as_str());
    match (before(2), before(1)) {
        (Some("не"), Some("более")) => return Bound::NoMore,
        (Some("не"), Some("менее")) => return Bound::AtLeast,
        (Some("в"), Some(t)) if t.starts_with("течени") => return Bound::Within,
        // «продлевается на срок до 30 (тридцати) календарных дней»
        (_, Some("до")) => return Bound::NoMore,
        _ => {}
    }
    match (after(0), after(1)) {
        (Some("артық"), Some("емес")) => Bound::NoMore,
        (Some("кем"), Some("емес")) => Bound::AtLeast,
        (Some(w), _) if w.starts_with("ішінде") => Bound::Within,
        _ => Bound::Exact,
    }
}

/// Every duration in `text`, in order.
pub fn durations_in(text: &str) -> Vec<Found> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some((value, after_number)) = number_at(&ws, i) else {
            i += 1;
            continue;
        };
        let Some((unit, end)) = unit_at(&ws, after_number) else {
            i += 1;
            continue;
        };
        // «по истечении десяти календарных дней»: when a decree enters into force.
        let boilerplate =
            i >= 2 && ws[i - 2].text == "по" && ws[i - 1].text.starts_with("истечени");
        // Clock times: «с 9.00 до 18.00 часов».
        let clock = ws[i].text.contains(['.', ':', '-']);
        if !boilerplate && !clock {
            out.push(Found {
                bound: bound_of(&ws, i, end),
                amount: unit(value),
                at: ws[i].at.start..ws[end - 1].at.end,
            });
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (Bound, Amount) {
        let f = durations_in(s);
        assert_eq!(f.len(), 1, "{s}: {f:?}");
        (f[0].bound, f[0].amount)
    }

    #[test]
    fn every_phrasing_of_the_seed_inventory_parses() {
        use Amount::*;
        use Bound::*;
        // 000: words in parentheses
        assert_eq!(one("(не более тридцати минут)"), (NoMore, Minutes(30)));
        assert_eq!(
            one("(в течение одного рабочего дня)"),
            (Within, WorkDays(1))
        );
        assert_eq!(one("(в течение двух рабочих дней)"), (Within, WorkDays(2)));
        assert_eq!(one("(в течение одного часа)"), (Within, Hours(1)));
        // 001: digits
        assert_eq!(one("не более 20 минут"), (NoMore, Minutes(20)));
        assert_eq!(one("в течение 8 календарных дней"), (Within, Days(8)));
        assert_eq!(one("30 минут"), (Exact, Minutes(30)));
        // 003: digits and words
        assert_eq!(
            one("на резолюцию – 30 (тридцать) минут;"),
            (Exact, Minutes(30))
        );
        assert_eq!(one("- 3 (три) часа"), (Exact, Hours(3)));
        assert_eq!(one("– 8 (восемь) рабочих дней"), (Exact, WorkDays(8)));
        assert_eq!(one("– 2 (два) рабочих дней"), (Exact, WorkDays(2)));
        assert_eq!(one("– 1 (один) рабочий день ."), (Exact, WorkDays(1)));
        assert_eq!(
            one("в течение 11 (одиннадцати) рабочих дней"),
            (Within, WorkDays(11))
        );
        assert_eq!(one("– 9 (девять) календарных дней"), (Exact, Days(9)));
        assert_eq!(one("на 1 (один) месяц"), (Exact, Months(1)));
        assert_eq!(
            one("на срок до 30 (тридцати) календарных дней"),
            (NoMore, Days(30))
        );
        assert_eq!(
            one("не позднее двадцати двух рабочих дней"),
            (Exact, WorkDays(22))
        );
        // 004: table cells, ru and kk
        assert_eq!(
            one("Не более 1 минуты в случае отправки на электронную почту"),
            (NoMore, Minutes(1))
        );
        assert_eq!(one("В течении 10 рабочих дней"), (Within, WorkDays(10)));
        assert_eq!(one("1 минуттан артық емес"), (NoMore, Minutes(1)));
        assert_eq!(one("10 жұмыс күн ішінде"), (Within, WorkDays(10)));
    }

    #[test]
    fn working_hours_and_decree_boilerplate_are_not_durations() {
        assert!(durations_in("с 9.00 до 18.00 часов, 13.00-14.00 обеденный перерыв").is_empty());
        assert!(durations_in("с 9-00 часов до 18-00 часов").is_empty());
        assert!(
            durations_in("вводится в действие по истечении десяти календарных дней").is_empty()
        );
        assert!(durations_in("согласно графику выплаты компенсации в разрезе области").is_empty());
        // «семья» is not «семь».
        assert!(durations_in("семья минут").is_empty());
    }

    #[test]
    fn several_durations_on_one_line_come_in_order() {
        let f = durations_in("ответственным исполнителем услугодателя – 30 (тридцать) минут; акима – 1 (один) рабочий день");
        let got: Vec<Amount> = f.iter().map(|f| f.amount).collect();
        assert_eq!(got, vec![Amount::Minutes(30), Amount::WorkDays(1)]);
    }
}
