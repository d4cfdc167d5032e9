//! The GDPR annex: what a person can see of their data, the registers of
//! data-subject requests and of breaches with their deadlines, the audit
//! trail.

use serde::{Deserialize, Serialize};

use super::offer::text_enum;
use crate::error::FormErrors;

/// Hours the platform has to forward a data-subject request to the
/// controller (the Région).
pub const REQUEST_DEADLINE_HOURS: i64 = 72;
/// Hours the platform has to notify a personal-data breach.
pub const BREACH_DEADLINE_HOURS: i64 = 48;

text_enum! {
    /// What a data subject asks for (GDPR articles 15 to 21).
    RequestKind {
        Access = "access": "Accès",
        Rectification = "rectification": "Rectification",
        Erasure = "erasure": "Effacement",
        Objection = "objection": "Opposition",
        Portability = "portability": "Portabilité",
        Restriction = "restriction": "Limitation",
    }
}

/// A consent as the person gave it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentLine {
    pub purpose: String,
    pub text: String,
    pub version: String,
    pub given_at: String,
}

/// A question and the person's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub question: String,
    pub answer: String,
}

/// An application as its candidate sees it in "Mes données".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectApplication {
    pub offer_title: String,
    pub sent_at: String,
    pub full_name: String,
    pub phone: String,
    pub message: String,
    pub has_cv: bool,
    pub status: String,
    pub answers: Vec<AnswerLine>,
    pub consents: Vec<ConsentLine>,
}

/// A registration to an event as its person sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectRegistration {
    pub event_title: String,
    pub event_date: String,
    pub registered_at: String,
    pub full_name: String,
    pub phone: String,
    pub situation: String,
    pub referrer: String,
    pub priorities: Vec<String>,
    pub status: String,
    pub attendance: String,
    pub answers: Vec<AnswerLine>,
    pub consents: Vec<ConsentLine>,
}

/// An e-mail the platform sent to the person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectMail {
    pub at: String,
    pub subject: String,
}

/// Everything held about one e-mail address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectData {
    pub email: String,
    pub applications: Vec<SubjectApplication>,
    pub registrations: Vec<SubjectRegistration>,
    pub emails: Vec<SubjectMail>,
}

impl SubjectData {
    /// Whether nothing is held any more.
    pub fn is_empty(&self) -> bool {
        self.applications.is_empty() && self.registrations.is_empty() && self.emails.is_empty()
    }
}

/// A line of the data-subject requests register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataRequestLine {
    pub id: i64,
    pub platform: String,
    pub received_at: String,
    pub requester: String,
    pub kind: String,
    pub details: String,
    pub self_service: bool,
    pub deadline: String,
    pub forwarded_at: Option<String>,
    pub closed_at: Option<String>,
    pub overdue: bool,
}

/// A line of the breaches register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BreachLine {
    pub id: i64,
    pub platform: String,
    pub detected_at: String,
    pub nature: String,
    pub people: String,
    pub data_concerned: String,
    pub measures: String,
    pub deadline: String,
    pub notified_at: Option<String>,
    pub overdue: bool,
}

/// Both registers of a platform (every platform for admins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Registers {
    pub requests: Vec<DataRequestLine>,
    pub breaches: Vec<BreachLine>,
}

/// What the staff home warns about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterAlerts {
    /// Requests not yet forwarded, and how many of them are late.
    pub requests_open: i64,
    pub requests_overdue: i64,
    /// Breaches not yet notified, and how many of them are late.
    pub breaches_open: i64,
    pub breaches_overdue: i64,
}

/// A line of the audit trail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub client: String,
}

/// "12/01/2027" and "14:30" read as a date and time; a French message
/// under `date_field` otherwise.
fn check_when(
    date: &str,
    time: &str,
    date_field: &str,
    errors: &mut FormErrors,
) -> Option<(String, String)> {
    let iso = super::iso_from_french(date.trim());
    if !super::is_iso_date(&iso) {
        errors.add(date_field, "Indiquez une date, par exemple 12/01/2027.");
        return None;
    }
    let time = time.trim();
    let time = if time.is_empty() { "00:00" } else { time };
    let ok = time.len() == 5
        && time.as_bytes()[2] == b':'
        && time[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && time[3..].parse::<u8>().is_ok_and(|m| m < 60);
    if !ok {
        errors.add(
            &format!("{date_field}_time"),
            "Indiquez l'heure au format 14:30.",
        );
        return None;
    }
    Some((iso, time.to_owned()))
}

fn required(value: &str, field: &str, message: &str, errors: &mut FormErrors) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, message);
    } else if value.chars().count() > 2000 {
        errors.add(field, "2 000 caractères au plus.");
    }
    value.to_owned()
}

/// The form of a request logged by staff.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DataRequestForm {
    pub received: String,
    pub received_time: String,
    pub requester: String,
    pub kind: String,
    pub details: String,
}

/// A request form that passed the checks.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedDataRequest {
    pub received: (String, String),
    pub requester: String,
    pub kind: RequestKind,
    pub details: String,
}

impl DataRequestForm {
    pub fn check(&self) -> Result<CheckedDataRequest, FormErrors> {
        let mut errors = FormErrors::new();
        let received = check_when(&self.received, &self.received_time, "received", &mut errors);
        let requester = required(
            &self.requester,
            "requester",
            "Indiquez qui fait la demande (nom ou adresse e-mail).",
            &mut errors,
        );
        let kind = RequestKind::from_code(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "Choisissez le type de demande.");
        }
        if self.details.chars().count() > 2000 {
            errors.add("details", "2 000 caractères au plus.");
        }
        match (received, kind) {
            (Some(received), Some(kind)) if errors.is_empty() => Ok(CheckedDataRequest {
                received,
                requester,
                kind,
                details: self.details.trim().to_owned(),
            }),
            _ => Err(self.keep(errors)),
        }
    }

    pub fn keep(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("received", &self.received)
            .keep("received_time", &self.received_time)
            .keep("requester", &self.requester)
            .keep("kind", &self.kind)
            .keep("details", &self.details)
    }
}

/// The form of a breach logged by staff.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BreachForm {
    pub detected: String,
    pub detected_time: String,
    pub nature: String,
    pub people: String,
    pub data_concerned: String,
    pub measures: String,
}

/// A breach form that passed the checks.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedBreach {
    pub detected: (String, String),
    pub nature: String,
    pub people: String,
    pub data_concerned: String,
    pub measures: String,
}

impl BreachForm {
    pub fn check(&self) -> Result<CheckedBreach, FormErrors> {
        let mut errors = FormErrors::new();
        let detected = check_when(&self.detected, &self.detected_time, "detected", &mut errors);
        let nature = required(
            &self.nature,
            "nature",
            "Décrivez la violation (perte, vol, accès non autorisé…).",
            &mut errors,
        );
        let people = required(
            &self.people,
            "people",
            "Indiquez les personnes concernées (catégories et nombre approximatif).",
            &mut errors,
        );
        let data_concerned = required(
            &self.data_concerned,
            "data_concerned",
            "Indiquez les données concernées.",
            &mut errors,
        );
        if self.measures.chars().count() > 2000 {
            errors.add("measures", "2 000 caractères au plus.");
        }
        match detected {
            Some(detected) if errors.is_empty() => Ok(CheckedBreach {
                detected,
                nature,
                people,
                data_concerned,
                measures: self.measures.trim().to_owned(),
            }),
            _ => Err(self.keep(errors)),
        }
    }

    pub fn keep(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("detected", &self.detected)
            .keep("detected_time", &self.detected_time)
            .keep("nature", &self.nature)
            .keep("people", &self.people)
            .keep("data_concerned", &self.data_concerned)
            .keep("measures", &self.measures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_needs_a_date_a_requester_and_a_kind() {
        let form = DataRequestForm {
            received: "31/02/2026".into(),
            received_time: "25:00".into(),
            requester: " ".into(),
            kind: "other".into(),
            details: "x".into(),
        };
        let errors = form.check().expect_err("refused");
        assert!(errors.fields.contains_key("received"));
        assert!(errors.fields.contains_key("requester"));
        assert!(errors.fields.contains_key("kind"));
        assert_eq!(errors.values.get("details").map(String::as_str), Some("x"));
        let ok = DataRequestForm {
            received: "01/12/2026".into(),
            received_time: "09:30".into(),
            requester: "marie@example.fr".into(),
            kind: "erasure".into(),
            details: String::new(),
        }
        .check()
        .expect("valid");
        assert_eq!(ok.received, ("2026-12-01".into(), "09:30".into()));
        assert_eq!(ok.kind, RequestKind::Erasure);
    }

    #[test]
    fn a_breach_needs_its_nature_people_and_data() {
        let errors = BreachForm {
            detected: "01/12/2026".into(),
            ..BreachForm::default()
        }
        .check()
        .expect_err("refused");
        for field in ["nature", "people", "data_concerned"] {
            assert!(errors.fields.contains_key(field), "{field}");
        }
    }
}
