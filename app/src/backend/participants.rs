//! The participant lists of an event, as CSV (UTF-8 with BOM, `;`, formulas
//! neutralised) and XLSX, for the platform team.

use rust_xlsxwriter::XlsxError;

use crate::backend::clock;
use crate::backend::csv;
use crate::backend::repo::events::ExportRow;
use crate::model::event::{Attendance, PriorityPublic, Referrer, RegistrationStatus, Situation};

/// The column titles of both exports.
pub const HEADER: [&str; 10] = [
    "Nom",
    "E-mail",
    "Téléphone",
    "Situation",
    "Orienté par",
    "Publics prioritaires",
    "Inscription",
    "Présence",
    "Inscrit le",
    "Réponses aux questions",
];

/// One registration as the cells of a line, in French.
pub fn cells(r: &ExportRow) -> Vec<String> {
    let priorities = r
        .priorities
        .split(',')
        .filter_map(PriorityPublic::from_code)
        .map(PriorityPublic::label)
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        r.full_name.clone(),
        r.email.clone(),
        r.phone.clone(),
        Situation::from_code(&r.situation)
            .map(Situation::label)
            .unwrap_or_default()
            .to_owned(),
        Referrer::from_code(&r.referrer)
            .map(Referrer::label)
            .unwrap_or_default()
            .to_owned(),
        priorities,
        RegistrationStatus::from_code(&r.status)
            .map(RegistrationStatus::label)
            .unwrap_or_default()
            .to_owned(),
        r.attendance
            .as_deref()
            .and_then(Attendance::from_code)
            .map(Attendance::label)
            .unwrap_or_default()
            .to_owned(),
        clock::date_time(r.created_at),
        r.answers.join(" | "),
    ]
}

/// The CSV document.
pub fn to_csv(rows: &[ExportRow]) -> String {
    let lines: Vec<Vec<String>> = rows.iter().map(cells).collect();
    csv::document(&HEADER, &lines)
}

/// The XLSX workbook (one sheet, bold header, the event's title above).
pub fn to_xlsx(
    title: &str,
    rows: &[ExportRow],
    logo: Option<&crate::backend::funder::Logo>,
) -> Result<Vec<u8>, XlsxError> {
    let lines: Vec<Vec<String>> = rows.iter().map(cells).collect();
    super::xlsx_table::document("Participants", title, &HEADER, &lines, logo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ExportRow {
        ExportRow {
            id: 1,
            answers: vec!["Permis ? : oui".into()],
            full_name: "=HYPERLINK(\"x\")".into(),
            email: "a@b.fr".into(),
            phone: String::new(),
            situation: "demandeur".into(),
            referrer: "mission_locale".into(),
            priorities: "jeune,rqth".into(),
            status: "confirmed".into(),
            attendance: Some("present".into()),
            created_at: 1_799_740_800,
        }
    }

    #[test]
    fn csv_is_french_and_safe() {
        let text = to_csv(&[row()]);
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("Jeune de moins de 26 ans, Travailleur handicapé (RQTH)"));
        assert!(text.contains("Présent"));
        assert!(text.contains("Réponses aux questions") && text.contains("Permis ? : oui"));
        assert!(!text.contains(";=HYPERLINK"), "{text}");
    }

    #[test]
    fn xlsx_is_a_workbook() {
        let bytes = to_xlsx("Job dating", &[row()], None).expect("xlsx");
        assert_eq!(&bytes[..2], b"PK");
    }
}
