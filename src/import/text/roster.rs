//! How a phrase of a procedure names a unit of the «Перечень структурных
//! подразделений (работников)» when it does not write the unit whole.
//!
//! Two shapes of the genre: a regulation served through two offices lists
//! each role once for both («ответственный исполнитель Центра или акима
//! сельского округа»), while its procedures name one side at a time
//! («ответственным исполнителем акима сельского округа – 6 рабочих дней»);
//! and a procedure that names no performer is done by the unit the
//! procedure before it sent the work to («направление … на подпись
//! руководителю услугодателя» → «подписание …» is that head's).

use super::lanes::{prefix_end, same_word, starts_with_phrase, words};

/// The phrases a unit «A или B» stands for: «A», «B» when it is a name of
/// its own («аким сельского округа», not a genitive), and «B» after the head words of «A»
/// («ответственный исполнитель» + «акима сельского округа»).
fn sides(unit: &[String]) -> Vec<Vec<String>> {
    let Some(k) = unit.iter().position(|w| w == "или" || w == "немесе") else {
        return Vec::new();
    };
    let (left, right) = (&unit[..k], &unit[k + 1..]);
    if left.is_empty() || right.is_empty() {
        return Vec::new();
    }
    let mut out = vec![left.to_vec()];
    // «аким сельского округа» names a unit; «акима сельского округа» is
    // the genitive after the head words of «A», not a name alone.
    let genitive = ["а", "я", "и", "ого", "его", "ой", "ей"]
        .iter()
        .any(|e| right[0].ends_with(e));
    if !genitive {
        out.push(right.to_vec());
    }
    for j in 1..left.len() {
        let mut v = left[..j].to_vec();
        v.extend_from_slice(right);
        out.push(v);
    }
    out
}

/// The unit «A или B» of the roster that `text` opens with one side of, and
/// the byte offset where that side ends in `text`; the longest side wins.
pub fn either_at_start(text: &str, roster: &[String]) -> Option<(String, usize)> {
    let w = words(text);
    roster
        .iter()
        .flat_map(|u| sides(&words(u)).into_iter().map(move |s| (u, s)))
        .filter(|(_, s)| starts_with_phrase(&w, s))
        .max_by_key(|(_, s)| s.len())
        .map(|(u, s)| (u.clone(), prefix_end(text, s.len())))
}

/// The roster unit `w[at..]` opens with: the unit whole or one side of an
/// «A или B» unit; the longest fit.
fn unit_at(w: &[String], roster: &[String]) -> Option<(String, usize)> {
    roster
        .iter()
        .flat_map(|u| {
            let uw = words(u);
            let mut all = sides(&uw);
            all.push(uw);
            all.into_iter().map(move |s| (u, s))
        })
        .filter(|(_, s)| !s.is_empty() && starts_with_phrase(w, s))
        .max_by_key(|(_, s)| s.len())
        .map(|(u, s)| (u.clone(), s.len()))
}

/// Whether a phrase opens with a performer in the dative: the one the work
/// goes to («ответственному исполнителю Центра – 4 часа»), not the one who
/// does it.
pub fn dative_lead(text: &str) -> bool {
    words(text).first().is_some_and(|w| is_dative(w))
}

/// A word of a performer's name in the dative: «ответственному»,
/// «исполнителю», «акиму».
fn is_dative(first: &str) -> bool {
    let adjective = first.ends_with("ому") || first.ends_with("ему");
    let noun = ["ю", "у"].iter().any(|e| first.ends_with(e))
        && [
            "исполнител",
            "руководител",
            "сотрудник",
            "специалист",
            "работник",
            "аким",
            "инспектор",
            "услугодател",
        ]
        .iter()
        .any(|s| first.starts_with(s));
    adjective || noun
}

/// The unit the procedure `prev` sends its work to («направление …
/// руководителю услугодателя», «направляет ответственному исполнителю»):
/// the roster unit named within eight words after the last «направ…» that
/// names one.
pub fn addressee(prev: &str, roster: &[String]) -> Option<String> {
    let w = words(prev);
    let sends: Vec<usize> = (0..w.len())
        .filter(|&i| w[i].starts_with("направ") || w[i].starts_with("передач"))
        .collect();
    sends.iter().rev().find_map(|&i| {
        (i + 1..w.len().min(i + 9))
            .find_map(|j| unit_at(&w[j..], roster).filter(|_| is_dative(&w[j])))
            .map(|(u, _)| u)
    })
}

/// The units the procedure `prev` sends its work to one or the other of
/// («направление руководителю услугодателя или акиму сельского округа на
/// резолюцию»): two different units of the roster, each in the dative,
/// joined by «или». A regulation served at two offices writes so once and
/// leaves the next procedure's performer unnamed: it is either unit's.
pub fn addressees(prev: &str, roster: &[String]) -> Option<(String, String)> {
    let w = words(prev);
    let sends: Vec<usize> = (0..w.len())
        .filter(|&i| w[i].starts_with("направ") || w[i].starts_with("передач"))
        .collect();
    sends.iter().rev().find_map(|&i| {
        let j = (i + 1..w.len().min(i + 9)).find(|&j| is_dative(&w[j]))?;
        let (a, len) = unit_at(&w[j..], roster)?;
        let or = j + len;
        let next = or + 1;
        if w.get(or).map(String::as_str) != Some("или")
            || !w.get(next).is_some_and(|x| is_dative(x))
        {
            return None;
        }
        let (b, _) = unit_at(&w[next..], roster)?;
        (a != b).then_some((a, b))
    })
}

/// Whether two units hold the same role: their first words are one word
/// («руководитель Центра» and «руководитель услугодателя»).
pub fn same_role(a: &str, b: &str) -> bool {
    match (words(a).first(), words(b).first()) {
        (Some(x), Some(y)) => same_word(x, y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Vec<String> {
        [
            "сотрудник канцелярии Центра или акима сельского округа",
            "руководитель Центра или аким сельского округа",
            "ответственный исполнитель Центра или акима сельского округа",
            "руководитель услугодателя",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn one_side_of_an_either_unit_is_the_unit() {
        let r = roster();
        let at = |t: &str| either_at_start(t, &r).map(|x| x.0);
        assert_eq!(
            at("ответственным исполнителем акима сельского округа – 6 рабочих дней").as_deref(),
            Some(r[2].as_str())
        );
        assert_eq!(
            at("ответственным исполнителем Центра – 30 минут").as_deref(),
            Some(r[2].as_str())
        );
        assert_eq!(
            at("аким сельского округа подписывает").as_deref(),
            Some(r[1].as_str())
        );
        assert_eq!(at("руководитель услугодателя подписывает"), None);
        let (_, end) = either_at_start("ответственным исполнителем Центра – 30 минут", &r).unwrap();
        assert_eq!(
            &"ответственным исполнителем Центра – 30 минут"[..end],
            "ответственным исполнителем Центра"
        );
    }

    #[test]
    fn the_work_goes_to_the_unit_named_after_its_sending() {
        let r = roster();
        assert_eq!(
            addressee("направление результата на подпись руководителю услугодателя: ответственным исполнителем Центра – 30 минут", &r).as_deref(),
            Some("руководитель услугодателя")
        );
        assert_eq!(
            addressee(
                "прием документов, направление акиму сельского округа на резолюцию",
                &r
            )
            .as_deref(),
            Some(r[1].as_str())
        );
        assert_eq!(addressee("рассмотрение документов", &r), None);
        assert!(dative_lead("ответственному исполнителю Центра – 4 часа"));
        assert!(dative_lead("акиму сельского округа – 2 дня"));
        assert!(!dative_lead("ответственным исполнителем Центра – 4 часа"));
        assert!(same_role(
            "руководитель Центра",
            "Руководитель услугодателя"
        ));
    }

    #[test]
    fn work_sent_to_one_unit_or_another_names_both() {
        let r: Vec<String> = [
            "специалист приемной отдела или аппарата акима",
            "руководитель отдела",
            "аким поселка",
            "исполнитель отдела или аппарата акима",
        ]
        .map(String::from)
        .to_vec();
        let got = addressees(
            "регистрация заявления, передача документов руководителю отдела или акиму поселка для резолюции",
            &r,
        );
        assert_eq!(
            got,
            Some((
                "руководитель отдела".to_string(),
                "аким поселка".to_string()
            ))
        );
        // One unit only, or two sides of one unit: no alternative.
        assert_eq!(
            addressees("направление руководителю отдела на резолюцию", &r),
            None
        );
        assert_eq!(
            addressees("направление исполнителю отдела или аппарата акима", &r),
            None
        );
    }
}
