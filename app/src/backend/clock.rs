//! Dates as French people read them, in Europe/Paris time (jiff, with the
//! tz database built in: summer time and its rules come from the database,
//! not from code), and months as `YYYY-MM`.

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Timestamp, ToSpan, Zoned};

/// Europe/Paris from the bundled database.
static PARIS: LazyLock<TimeZone> = LazyLock::new(|| {
    TimeZone::get("Europe/Paris").unwrap_or_else(|e| {
        // Cannot happen with the bundled database; stay close if it did.
        tracing::error!(error = %e, "Europe/Paris missing from the tz database");
        TimeZone::fixed(jiff::tz::offset(1))
    })
});

fn paris(ts: i64) -> Zoned {
    Timestamp::from_second(ts)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(PARIS.clone())
}

/// The Paris date (`YYYY-MM-DD`) and hour of an instant.
pub fn paris_day_and_hour(ts: i64) -> (String, u8) {
    let t = paris(ts);
    (
        format!("{}-{:02}-{:02}", t.year(), t.month(), t.day()),
        u8::try_from(t.hour()).unwrap_or_default(),
    )
}

/// "14:05" (Paris time).
pub fn hh_mm(ts: i64) -> String {
    let t = paris(ts);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "29/11/2026".
pub fn date(ts: i64) -> String {
    let t = paris(ts);
    format!("{:02}/{:02}/{}", t.day(), t.month(), t.year())
}

/// "2026-11-29" (ISO 8601, Paris date).
pub fn iso_date(ts: i64) -> String {
    paris_day_and_hour(ts).0
}

/// "29/11/2026 à 14h05".
pub fn date_time(ts: i64) -> String {
    let t = paris(ts);
    format!("{} à {:02}h{:02}", date(ts), t.hour(), t.minute())
}

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// "mardi 12/01/2027 de 9h00 à 12h00" (or "... au mercredi 13/01/2027 à
/// 12h00" over several days).
pub fn span(start: i64, end: i64) -> String {
    let (a, b) = (paris(start), paris(end));
    let day = |t: &Zoned, ts: i64| {
        let weekday = usize::try_from(t.weekday().to_monday_zero_offset()).unwrap_or_default();
        format!("{} {}", WEEKDAYS[weekday % 7], date(ts))
    };
    if a.date() == b.date() {
        format!(
            "{} de {}h{:02} à {}h{:02}",
            day(&a, start),
            a.hour(),
            a.minute(),
            b.hour(),
            b.minute()
        )
    } else {
        format!(
            "du {} à {}h{:02} au {} à {}h{:02}",
            day(&a, start),
            a.hour(),
            a.minute(),
            day(&b, end),
            b.hour(),
            b.minute()
        )
    }
}

/// The instant of a Paris wall-clock date (`YYYY-MM-DD`) and time (`HH:MM`
/// or `9h30`). A time that does not exist (the hour skipped when summer
/// time starts) is `None`; a time that happens twice (when it ends) is the
/// first.
pub fn from_paris(date: &str, time_of_day: &str) -> Option<i64> {
    let date: Date = date.trim().parse().ok()?;
    let mut t = time_of_day
        .split([':', 'h'])
        .map(|p| p.trim().parse::<i8>().ok());
    let (h, min) = (t.next()??, t.next().flatten().unwrap_or(0));
    let local = DateTime::new(date.year(), date.month(), date.day(), h, min, 0, 0).ok()?;
    let ambiguous = PARIS.to_ambiguous_timestamp(local);
    if matches!(ambiguous.offset(), AmbiguousOffset::Gap { .. }) {
        return None;
    }
    Some(ambiguous.compatible().ok()?.as_second())
}

/// `YYYY-MM` of an instant (Paris time).
pub fn month_of(ts: i64) -> String {
    let t = paris(ts);
    format!("{}-{:02}", t.year(), t.month())
}

/// The first day of a `YYYY-MM` month.
fn first_day(month: &str) -> Option<Date> {
    let (y, m) = month.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()
}

/// `YYYY-MM` of the month after (`None` if `month` is not one).
pub fn next_month(month: &str) -> Option<String> {
    let next = first_day(month)?.checked_add(1.month()).ok()?;
    Some(format!("{}-{:02}", next.year(), next.month()))
}

/// The instant a `YYYY-MM` month begins in Paris.
pub fn month_start(month: &str) -> Option<i64> {
    let day = first_day(month)?;
    Some(day.to_zoned(PARIS.clone()).ok()?.timestamp().as_second())
}

/// The months (`YYYY-MM`, Paris time) that the instants `from..to` touch.
pub fn months_between(from: i64, to: i64) -> Vec<String> {
    let mut out = Vec::new();
    if to <= from {
        return out;
    }
    let last = month_of(to - 1);
    let mut month = month_of(from);
    while month <= last && out.len() < 1200 {
        let next = next_month(&month);
        out.push(month);
        match next {
            Some(next) => month = next,
            None => break,
        }
    }
    out
}

/// "20270112T080000Z" (iCalendar, UTC).
pub fn ics(ts: i64) -> String {
    let t = Timestamp::from_second(ts)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(TimeZone::UTC);
    format!(
        "{}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// "2027-01-12T09:00:00+01:00" (ISO 8601, Paris time).
pub fn iso_date_time(ts: i64) -> String {
    let t = paris(ts);
    let h = t.offset().seconds() / 3600;
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}+{:02}:00",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        h
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_wall_clock_round_trips_in_winter_and_summer() {
        let winter = from_paris("2027-01-12", "09:00").expect("valid");
        assert_eq!(iso_date_time(winter), "2027-01-12T09:00:00+01:00");
        assert_eq!(ics(winter), "20270112T080000Z");
        let summer = from_paris("2027-06-15", "14:30").expect("valid");
        assert_eq!(iso_date_time(summer), "2027-06-15T14:30:00+02:00");
        assert_eq!(
            span(winter, winter + 3 * 3600),
            "mardi 12/01/2027 de 9h00 à 12h00"
        );
        assert_eq!(from_paris("2027-02-30", "09:00"), None);
        assert_eq!(from_paris("2027-01-12", "25:00"), None);
    }

    #[test]
    fn winter_and_summer_offsets() {
        // 2026-01-15 12:00 UTC is 13h00 in Paris.
        assert_eq!(date_time(1_768_478_400), "15/01/2026 à 13h00");
        // 2026-07-14 12:00 UTC is 14h00 in Paris.
        assert_eq!(date_time(1_784_030_400), "14/07/2026 à 14h00");
    }

    #[test]
    fn switch_to_summer_time_at_one_utc() {
        // 2026-03-29 00:59 UTC: still winter (01h59); 01:00 UTC: 03h00.
        assert_eq!(date_time(1_774_745_940), "29/03/2026 à 01h59");
        assert_eq!(date_time(1_774_746_000), "29/03/2026 à 03h00");
    }

    #[test]
    fn paris_day_for_the_digest() {
        assert_eq!(
            paris_day_and_hour(1_795_995_000),
            ("2026-11-30".to_owned(), 0)
        );
    }

    #[test]
    fn the_skipped_hour_does_not_exist_and_the_repeated_one_is_the_first() {
        assert_eq!(from_paris("2026-03-29", "02:30"), None);
        // 2026-10-25 02:30 happens at 00:30 UTC (summer), then 01:30 UTC.
        assert_eq!(
            from_paris("2026-10-25", "02:30"),
            Some(1_792_888_200),
            "the first 02h30"
        );
        assert_eq!(
            from_paris("2026-10-25", "9h30"),
            from_paris("2026-10-25", "09:30")
        );
    }

    #[test]
    fn months_follow_each_other_and_begin_at_paris_midnight() {
        assert_eq!(next_month("2026-11").as_deref(), Some("2026-12"));
        assert_eq!(next_month("2026-12").as_deref(), Some("2027-01"));
        assert_eq!(next_month("2026-13"), None);
        assert_eq!(next_month("novembre"), None);
        // 2026-11-01 00:00 in Paris is 2026-10-31 23:00 UTC.
        assert_eq!(month_start("2026-11"), Some(1_793_487_600));
        assert_eq!(month_of(1_793_487_600), "2026-11");
        assert_eq!(month_of(1_793_487_599), "2026-10");
        let year = months_between(
            month_start("2026-01").expect("january"),
            month_start("2027-01").expect("next january"),
        );
        assert_eq!(year.len(), 12);
        assert_eq!(year.first().map(String::as_str), Some("2026-01"));
        assert_eq!(year.last().map(String::as_str), Some("2026-12"));
        assert!(months_between(10, 10).is_empty());
    }

    #[test]
    fn late_evening_utc_is_next_day_in_paris() {
        // 2026-11-29 23:30 UTC is 30/11 00h30 in Paris.
        assert_eq!(date(1_795_995_000), "30/11/2026");
    }
}
