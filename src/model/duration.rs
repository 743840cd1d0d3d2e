//! Durations as data, and the term of a process (the sum of durations
//! along a path), keeping working days, calendar days, months and clock
//! time apart as the regulations do.

use super::text::{Lang, Text};
use serde::{Deserialize, Serialize};

/// How long a step takes, as the regulation states it.
///
/// A bare amount (`Minutes(30)`) is the plain «– 30 (тридцать) минут»;
/// the wrappers carry the bound the text gives.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub enum Duration {
    Minutes(u32),
    Hours(u32),
    WorkDays(u32),
    /// Calendar days.
    Days(u32),
    Months(u32),
    /// «не более …»
    NoMore(Box<Duration>),
    /// «в течение …»
    Within(Box<Duration>),
    /// «не менее …»
    AtLeast(Box<Duration>),
    /// No number in the text («согласно графику выплаты компенсации»).
    Text(Text),
}

/// The bound a regulation puts on a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Exact,
    NoMore,
    Within,
    AtLeast,
}

/// A number with its unit, once the bound is peeled off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    Minutes(u32),
    Hours(u32),
    WorkDays(u32),
    Days(u32),
    Months(u32),
}

impl Duration {
    /// The bound and the amount; `None` for a text-only duration.
    pub fn amount(&self) -> Option<(Bound, Amount)> {
        let (bound, inner) = match self {
            Duration::NoMore(d) => (Bound::NoMore, d.as_ref()),
            Duration::Within(d) => (Bound::Within, d.as_ref()),
            Duration::AtLeast(d) => (Bound::AtLeast, d.as_ref()),
            d => (Bound::Exact, d),
        };
        let a = match inner {
            Duration::Minutes(n) => Amount::Minutes(*n),
            Duration::Hours(n) => Amount::Hours(*n),
            Duration::WorkDays(n) => Amount::WorkDays(*n),
            Duration::Days(n) => Amount::Days(*n),
            Duration::Months(n) => Amount::Months(*n),
            _ => return None,
        };
        Some((bound, a))
    }

    /// Whether the bound wraps another bound (`NoMore(Within(…))`), which
    /// says nothing a regulation could mean.
    pub fn is_nested_bound(&self) -> bool {
        match self {
            Duration::NoMore(d) | Duration::Within(d) | Duration::AtLeast(d) => !matches!(
                d.as_ref(),
                Duration::Minutes(_)
                    | Duration::Hours(_)
                    | Duration::WorkDays(_)
                    | Duration::Days(_)
                    | Duration::Months(_)
            ),
            _ => false,
        }
    }

    /// The short form printed in a diagram box: «30 мин», «1 раб. день»,
    /// kk «30 минут», «1 жұмыс күні».
    pub fn short(&self, lang: Lang, default: Lang) -> String {
        match self.amount() {
            Some((bound, a)) => {
                let prefix = match (bound, lang) {
                    (Bound::NoMore, Lang::Ru) => "≤ ",
                    (Bound::NoMore, Lang::Kk) => "≤ ",
                    (Bound::AtLeast, _) => "≥ ",
                    _ => "",
                };
                format!("{prefix}{}", a.short(lang))
            }
            None => match self {
                Duration::Text(t) => t.get(lang, default).to_string(),
                _ => String::new(),
            },
        }
    }
}

impl Duration {
    /// The phrase of an action table, as the regulations write it:
    /// «не более 15 минут», «в течение 10 рабочих дней»;
    /// kk «15 минуттан артық емес», «10 жұмыс күн ішінде».
    pub fn phrase(&self, lang: Lang, default: Lang) -> String {
        let Some((bound, a)) = self.amount() else {
            return self.short(lang, default);
        };
        let n = a.value();
        match lang {
            Lang::Ru => {
                // After «в течение», «не более», «не менее»: the genitive
                // (1 минуты, 2 минут, 21 минуты).
                let gen = |one: &'static str, many: &'static str| {
                    if n % 10 == 1 && n % 100 != 11 {
                        one
                    } else {
                        many
                    }
                };
                let (nom, genitive) = match a {
                    Amount::Minutes(_) => (
                        plural_ru(n, "минута", "минуты", "минут"),
                        gen("минуты", "минут"),
                    ),
                    Amount::Hours(_) => {
                        (plural_ru(n, "час", "часа", "часов"), gen("часа", "часов"))
                    }
                    Amount::WorkDays(_) => (
                        plural_ru(n, "рабочий день", "рабочих дня", "рабочих дней"),
                        gen("рабочего дня", "рабочих дней"),
                    ),
                    Amount::Days(_) => (
                        plural_ru(n, "календарный день", "календарных дня", "календарных дней"),
                        gen("календарного дня", "календарных дней"),
                    ),
                    Amount::Months(_) => (
                        plural_ru(n, "месяц", "месяца", "месяцев"),
                        gen("месяца", "месяцев"),
                    ),
                };
                match bound {
                    Bound::Exact => format!("{n} {nom}"),
                    Bound::Within => format!("в течение {n} {genitive}"),
                    Bound::NoMore => format!("не более {n} {genitive}"),
                    Bound::AtLeast => format!("не менее {n} {genitive}"),
                }
            }
            Lang::Kk => {
                let (unit, ablative) = match a {
                    Amount::Minutes(_) => ("минут", "минуттан"),
                    Amount::Hours(_) => ("сағат", "сағаттан"),
                    Amount::WorkDays(_) => ("жұмыс күн", "жұмыс күнінен"),
                    Amount::Days(_) => ("күнтізбелік күн", "күнтізбелік күннен"),
                    Amount::Months(_) => ("ай", "айдан"),
                };
                match bound {
                    Bound::Exact => a.short(Lang::Kk),
                    Bound::Within => format!("{n} {unit} ішінде"),
                    Bound::NoMore => format!("{n} {ablative} артық емес"),
                    Bound::AtLeast => format!("кемінде {n} {unit}"),
                }
            }
        }
    }
}

impl Amount {
    pub fn value(self) -> u32 {
        match self {
            Amount::Minutes(n)
            | Amount::Hours(n)
            | Amount::WorkDays(n)
            | Amount::Days(n)
            | Amount::Months(n) => n,
        }
    }

    pub fn short(self, lang: Lang) -> String {
        let n = self.value();
        match lang {
            Lang::Ru => match self {
                Amount::Minutes(_) => format!("{n} мин"),
                Amount::Hours(_) => format!("{n} ч"),
                Amount::WorkDays(_) => format!("{n} раб. {}", plural_ru(n, "день", "дня", "дней")),
                Amount::Days(_) => format!("{n} кал. {}", plural_ru(n, "день", "дня", "дней")),
                Amount::Months(_) => format!("{n} {}", plural_ru(n, "месяц", "месяца", "месяцев")),
            },
            // Kazakh nouns do not inflect after numerals.
            Lang::Kk => match self {
                Amount::Minutes(_) => format!("{n} минут"),
                Amount::Hours(_) => format!("{n} сағат"),
                Amount::WorkDays(_) => format!("{n} жұмыс күні"),
                Amount::Days(_) => format!("{n} күнтізбелік күн"),
                Amount::Months(_) => format!("{n} ай"),
            },
        }
    }
}

/// Russian plural form for a count: 1 день, 2 дня, 5 дней, 11 дней, 21 день.
pub fn plural_ru<'a>(n: u32, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (m10, m100) = (n % 10, n % 100);
    if m10 == 1 && m100 != 11 {
        one
    } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
        few
    } else {
        many
    }
}

/// A sum of durations with the units kept apart: a working day is not a
/// fixed number of hours, so regflow never converts one into the other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Term {
    pub minutes: u64,
    pub work_days: u64,
    pub days: u64,
    pub months: u64,
}

impl Term {
    pub fn add(&mut self, a: Amount) {
        match a {
            Amount::Minutes(n) => self.minutes += u64::from(n),
            Amount::Hours(n) => self.minutes += 60 * u64::from(n),
            Amount::WorkDays(n) => self.work_days += u64::from(n),
            Amount::Days(n) => self.days += u64::from(n),
            Amount::Months(n) => self.months += u64::from(n),
        }
    }

    pub fn plus(mut self, other: Term) -> Term {
        self.minutes += other.minutes;
        self.work_days += other.work_days;
        self.days += other.days;
        self.months += other.months;
        self
    }

    /// A rough single number, used only to tell which of two paths is
    /// longer (8-hour working day, 5 working days a week, 21 a month).
    pub fn weight(&self) -> u64 {
        self.minutes + self.work_days * 480 + self.days * 480 * 5 / 7 + self.months * 480 * 21
    }

    /// «2 раб. дня 4 ч 30 мин»; kk «2 жұмыс күні 4 сағат 30 минут».
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if self.months > 0 {
            parts.push(Amount::Months(self.months as u32).short(lang));
        }
        if self.days > 0 {
            parts.push(Amount::Days(self.days as u32).short(lang));
        }
        if self.work_days > 0 {
            parts.push(Amount::WorkDays(self.work_days as u32).short(lang));
        }
        let (h, m) = (self.minutes / 60, self.minutes % 60);
        if h > 0 {
            parts.push(Amount::Hours(h as u32).short(lang));
        }
        if m > 0 || parts.is_empty() {
            parts.push(Amount::Minutes(m as u32).short(lang));
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals_follow_the_numeral() {
        let d = |n| Amount::WorkDays(n).short(Lang::Ru);
        assert_eq!(d(1), "1 раб. день");
        assert_eq!(d(2), "2 раб. дня");
        assert_eq!(d(11), "11 раб. дней");
        assert_eq!(d(21), "21 раб. день");
        assert_eq!(Amount::WorkDays(1).short(Lang::Kk), "1 жұмыс күні");
    }

    #[test]
    fn action_table_phrases_follow_the_regulations() {
        let no_more = |d| Duration::NoMore(Box::new(d));
        assert_eq!(
            no_more(Duration::Minutes(15)).phrase(Lang::Ru, Lang::Ru),
            "не более 15 минут"
        );
        assert_eq!(
            no_more(Duration::Minutes(1)).phrase(Lang::Ru, Lang::Ru),
            "не более 1 минуты"
        );
        assert_eq!(
            no_more(Duration::Minutes(15)).phrase(Lang::Kk, Lang::Ru),
            "15 минуттан артық емес"
        );
        let within = Duration::Within(Box::new(Duration::WorkDays(10)));
        assert_eq!(
            within.phrase(Lang::Ru, Lang::Ru),
            "в течение 10 рабочих дней"
        );
        assert_eq!(within.phrase(Lang::Kk, Lang::Ru), "10 жұмыс күн ішінде");
        assert_eq!(
            Duration::WorkDays(2).phrase(Lang::Ru, Lang::Ru),
            "2 рабочих дня"
        );
    }

    #[test]
    fn term_keeps_working_days_and_clock_time_apart() {
        let mut t = Term::default();
        t.add(Amount::Minutes(30));
        t.add(Amount::Hours(4));
        t.add(Amount::WorkDays(2));
        assert_eq!(t.describe(Lang::Ru), "2 раб. дня 4 ч 30 мин");
        assert_eq!(t.describe(Lang::Kk), "2 жұмыс күні 4 сағат 30 минут");
    }
}
