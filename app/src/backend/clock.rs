//! Dates as French people read them, in Europe/Paris time.
//!
//! France switches to summer time (UTC+2) on the last Sunday of March at
//! 01:00 UTC and back to UTC+1 on the last Sunday of October at 01:00 UTC.

use time::{Date, Month, OffsetDateTime, UtcOffset, Weekday};

fn last_sunday(year: i32, month: Month) -> Option<Date> {
    let mut day = Date::from_calendar_date(year, month, month.length(year)).ok()?;
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day()?;
    }
    Some(day)
}

/// The Paris offset at a given instant.
fn paris_offset(at: OffsetDateTime) -> UtcOffset {
    let year = at.year();
    let summer = match (
        last_sunday(year, Month::March),
        last_sunday(year, Month::October),
    ) {
        (Some(start), Some(end)) => {
            let start = start.midnight().assume_utc() + time::Duration::hours(1);
            let end = end.midnight().assume_utc() + time::Duration::hours(1);
            at >= start && at < end
        }
        _ => false,
    };
    UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).unwrap_or(UtcOffset::UTC)
}

fn paris(ts: i64) -> OffsetDateTime {
    let utc = OffsetDateTime::from_unix_timestamp(ts).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    utc.to_offset(paris_offset(utc))
}

/// The Paris date (`YYYY-MM-DD`) and hour of an instant.
pub fn paris_day_and_hour(ts: i64) -> (String, u8) {
    let t = paris(ts);
    (
        format!("{}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
        t.hour(),
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
    format!("{:02}/{:02}/{}", t.day(), u8::from(t.month()), t.year())
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
    let day = |t: OffsetDateTime, ts: i64| {
        format!(
            "{} {}",
            WEEKDAYS[t.weekday().number_days_from_monday() as usize],
            date(ts)
        )
    };
    if a.date() == b.date() {
        format!(
            "{} de {}h{:02} à {}h{:02}",
            day(a, start),
            a.hour(),
            a.minute(),
            b.hour(),
            b.minute()
        )
    } else {
        format!(
            "du {} à {}h{:02} au {} à {}h{:02}",
            day(a, start),
            a.hour(),
            a.minute(),
            day(b, end),
            b.hour(),
            b.minute()
        )
    }
}

/// The instant of a Paris wall-clock date (`YYYY-MM-DD`) and time (`HH:MM`).
pub fn from_paris(date: &str, time_of_day: &str) -> Option<i64> {
    let mut d = date.split('-').map(|p| p.parse::<i32>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time_of_day
        .split([':', 'h'])
        .map(|p| p.trim().parse::<u8>().ok());
    let (h, min) = (t.next()??, t.next().flatten().unwrap_or(0));
    let date = Date::from_calendar_date(
        y,
        Month::try_from(u8::try_from(m).ok()?).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    let local = date.with_hms(h, min, 0).ok()?;
    // Guess the offset from the same wall-clock time read as UTC, then check.
    for hours in [1, 2] {
        let offset = UtcOffset::from_hms(hours, 0, 0).ok()?;
        let candidate = local.assume_offset(offset);
        if paris_offset(candidate.to_offset(UtcOffset::UTC)) == offset {
            return Some(candidate.unix_timestamp());
        }
    }
    None
}

/// "20270112T080000Z" (iCalendar, UTC).
pub fn ics(ts: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(ts).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!(
        "{}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// "2027-01-12T09:00:00+01:00" (ISO 8601, Paris time).
pub fn iso_date_time(ts: i64) -> String {
    let t = paris(ts);
    let (h, _, _) = t.offset().as_hms();
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}+{:02}:00",
        t.year(),
        u8::from(t.month()),
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
    fn late_evening_utc_is_next_day_in_paris() {
        // 2026-11-29 23:30 UTC is 30/11 00h30 in Paris.
        assert_eq!(date(1_795_995_000), "30/11/2026");
    }
}
