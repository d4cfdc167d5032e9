//! iCalendar (RFC 5545) files of events, for the candidates' agendas.

use crate::backend::clock;

/// Escapes text for an iCalendar property value.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets, as RFC 5545 asks.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out
}

/// What an event file holds.
pub struct IcsEvent<'a> {
    pub id: i64,
    pub title: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub url: &'a str,
    pub stamp: i64,
}

/// The `.ics` file of one event.
pub fn event(e: &IcsEvent<'_>) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Proch'Emploi Entreprises//Portail//FR".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:evenement-{}@prochemploi", e.id),
        format!("DTSTAMP:{}", clock::ics(e.stamp)),
        format!("DTSTART:{}", clock::ics(e.starts_at)),
        format!("DTEND:{}", clock::ics(e.ends_at)),
        format!("SUMMARY:{}", escape(e.title)),
        format!("DESCRIPTION:{}", escape(e.description)),
        format!("LOCATION:{}", escape(e.location)),
        format!("URL:{}", e.url),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines
        .iter()
        .map(|l| fold(l))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_calendar_with_escaped_and_folded_text() {
        let text = event(&IcsEvent {
            id: 7,
            title: "Job dating, industrie; Béthune",
            description: &"Une longue description ".repeat(10),
            location: "Salle des fêtes, Béthune",
            starts_at: 1_799_740_800,
            ends_at: 1_799_751_600,
            url: "http://x/evenements/7",
            stamp: 1_799_000_000,
        });
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains("SUMMARY:Job dating\\, industrie\\; Béthune\r\n"));
        assert!(text.contains("DTSTART:20270112T080000Z"));
        assert!(text.lines().all(|l| l.len() <= 75));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }
}
