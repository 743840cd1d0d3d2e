//! The PDF's document date. PDF/A requires one, and the same model must
//! give the same bytes on every run, so it is never the clock's: it is
//! `SOURCE_DATE_EPOCH` where a build sets it (the reproducible-builds
//! convention), else the date of the act the diagram belongs to, else a
//! fixed day.

use crate::model::Process;

/// A calendar day (UTC), with the time of day where `SOURCE_DATE_EPOCH`
/// gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

/// When a model names no act date and no `SOURCE_DATE_EPOCH` is set.
pub const FIXED: DocDate = DocDate {
    year: 2018,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
};

/// The date to write for `p`: `epoch` (the value of `SOURCE_DATE_EPOCH`)
/// if it is a number of seconds, else the act's date («01.03.2018»), else
/// [`FIXED`].
pub fn document_date(p: &Process, epoch: Option<&str>) -> DocDate {
    epoch
        .and_then(from_epoch)
        .or_else(|| {
            p.source
                .as_ref()
                .and_then(|s| s.date.as_deref())
                .and_then(from_act)
        })
        .unwrap_or(FIXED)
}

/// «01.03.2018» (how the acts write their dates), or «2018-03-01».
fn from_act(text: &str) -> Option<DocDate> {
    let parts: Vec<&str> = text.trim().split(['.', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let valid = (1900..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in(year, month)).contains(&day);
    valid.then_some(DocDate {
        year,
        month,
        day,
        ..FIXED
    })
}

/// The days of `month` in `year` (Gregorian), so «31.02.2018» is no date.
fn days_in(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Seconds since 1970-01-01 UTC as a civil date (Howard Hinnant's
/// days-to-civil algorithm).
fn from_epoch(text: &str) -> Option<DocDate> {
    let secs: i64 = text.trim().parse().ok()?;
    if !(0..=253_402_300_799).contains(&secs) {
        return None;
    }
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(DocDate {
        year: u16::try_from(year).ok()?,
        month: month as u8,
        day: day as u8,
        hour: (rem / 3600) as u8,
        minute: (rem % 3600 / 60) as u8,
        second: (rem % 60) as u8,
    })
}

impl DocDate {
    /// As krilla writes it: in UTC, so that every viewer shows the same.
    pub fn krilla(self) -> krilla::metadata::DateTime {
        krilla::metadata::DateTime::new(self.year)
            .month(self.month)
            .day(self.day)
            .hour(self.hour)
            .minute(self.minute)
            .second(self.second)
            .utc_offset_hour(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: u16, month: u8, day: u8) -> DocDate {
        DocDate {
            year,
            month,
            day,
            ..FIXED
        }
    }

    #[test]
    fn act_dates_read_as_the_acts_write_them() {
        assert_eq!(from_act("01.03.2018"), Some(day(2018, 3, 1)));
        assert_eq!(from_act("2012-08-27"), Some(day(2012, 8, 27)));
        assert_eq!(from_act("1 марта 2018"), None);
        assert_eq!(from_act("32.01.2018"), None);
        assert_eq!(from_act("31.02.2018"), None);
        assert_eq!(from_act("29.02.2018"), None);
        assert_eq!(from_act("29.02.2016"), Some(day(2016, 2, 29)));
        assert_eq!(from_act("31.04.2018"), None);
    }

    #[test]
    fn source_date_epoch_is_a_utc_date_and_time() {
        assert_eq!(from_epoch("0"), Some(day(1970, 1, 1)));
        // 2024-02-29 12:34:56 UTC
        assert_eq!(
            from_epoch("1709210096"),
            Some(DocDate {
                hour: 12,
                minute: 34,
                second: 56,
                ..day(2024, 2, 29)
            })
        );
        assert_eq!(from_epoch("-5"), None);
        assert_eq!(from_epoch("soon"), None);
    }

    #[test]
    fn the_epoch_wins_then_the_act_then_a_fixed_day() {
        let mut p = crate::model::load_str(
            std::path::Path::new("x.ron"),
            "Process(service: \"S\", lanes: [Lane(id: \"a\", name: \"A\")], nodes: [Start(lane: \"a\"), End(lane: \"a\")])",
        )
        .unwrap()
        .process;
        assert_eq!(document_date(&p, None), FIXED);
        p.source = Some(crate::model::Source {
            date: Some("01.03.2018".into()),
            ..Default::default()
        });
        assert_eq!(document_date(&p, None), day(2018, 3, 1));
        assert_eq!(document_date(&p, Some("0")), day(1970, 1, 1));
        assert_eq!(document_date(&p, Some("")), day(2018, 3, 1));
    }
}
