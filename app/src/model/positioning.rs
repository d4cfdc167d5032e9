//! Named positionings: a partner adviser introduces a candidate to the
//! company of a shared offer. A positioning is an application proposed to
//! the employer at once; its stages are the funnel's, with « vu par
//! l'entreprise » between sent and interview.

use serde::{Deserialize, Serialize};

use super::application::{ApplicationStatus, RefusalReason};
use crate::error::FormErrors;

/// Where a positioning stands, as advisers, staff and the company read it.
pub fn stage_label(status: ApplicationStatus, seen: bool) -> &'static str {
    match status {
        ApplicationStatus::Received | ApplicationStatus::Proposed if seen => "Vu par l'entreprise",
        ApplicationStatus::Received | ApplicationStatus::Proposed => "Envoyé à l'entreprise",
        ApplicationStatus::Interview => "Entretien",
        ApplicationStatus::Hired => "Recruté",
        ApplicationStatus::NotHired => "Non retenu",
    }
}

/// A candidate an adviser positioned, as the partner organisation sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositioningLine {
    pub id: i64,
    pub candidate: String,
    pub email: String,
    pub phone: String,
    pub note: String,
    pub status: ApplicationStatus,
    pub seen: bool,
    pub refusal: Option<RefusalReason>,
    pub positioned_on: String,
    /// The adviser who positioned the candidate.
    pub adviser: String,
}

impl PositioningLine {
    /// Where it stands, in French.
    pub fn stage(&self) -> &'static str {
        stage_label(self.status, self.seen)
    }
}

/// A positioning as typed by the adviser.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PositioningForm {
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub note: String,
    pub consent: String,
}

/// A checked positioning.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedPositioning {
    pub full_name: String,
    /// Normalised; empty when only a phone was given.
    pub email: String,
    pub phone: String,
    pub note: String,
}

impl PositioningForm {
    /// Checks every field at once.
    pub fn check(&self, errors: &mut FormErrors) -> Option<CheckedPositioning> {
        let full_name = self.full_name.trim();
        if full_name.chars().count() < 2 || full_name.chars().count() > 120 {
            errors.add("full_name", "Indiquez les prénom et nom du candidat.");
        }
        let email = super::validate::normalise_email(&self.email);
        let phone = self.phone.trim();
        if !email.is_empty() {
            if let Err(m) = super::validate::check_email(&email) {
                errors.add("email", m);
            }
        }
        if !super::validate::is_phone_or_empty(phone) {
            errors.add(
                "phone",
                "Indiquez un numéro de téléphone comme 06 12 34 56 78.",
            );
        }
        if email.is_empty() && phone.is_empty() {
            errors.add(
                "email",
                "Indiquez l'adresse e-mail ou le téléphone du candidat, pour que l'entreprise puisse le joindre.",
            );
        }
        let note = self.note.trim();
        if note.chars().count() > 2000 {
            errors.add("note", "La note ne doit pas dépasser 2 000 caractères.");
        }
        if self.consent.trim() != super::CHECKED {
            errors.add(
                "consent",
                "Cochez la case : le candidat doit avoir accepté d'être présenté à l'entreprise.",
            );
        }
        errors.is_empty().then(|| CheckedPositioning {
            full_name: full_name.to_owned(),
            email,
            phone: phone.to_owned(),
            note: note.to_owned(),
        })
    }

    /// Keeps what was typed for the refilled form.
    pub fn keep_values(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("full_name", &self.full_name)
            .keep("email", &self.email)
            .keep("phone", &self.phone)
            .keep("note", &self.note)
            .keep("consent", &self.consent)
    }
}

/// What each partner organisation did with a shared offer: the sharing
/// ledger's line for the company, by kind of partner and without any
/// adviser's name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReachLine {
    pub kind: crate::model::PartnerKind,
    pub received: i64,
    pub opened: i64,
    pub positioned: i64,
    pub hired: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PositioningForm {
        PositioningForm {
            full_name: "Jeanne Martin".into(),
            email: "Jeanne.Martin@Example.fr ".into(),
            phone: String::new(),
            note: "CAP boulangerie".into(),
            consent: crate::model::CHECKED.into(),
        }
    }

    #[test]
    fn a_named_candidate_with_one_contact_and_consent_passes() {
        let mut errors = FormErrors::new();
        let checked = form().check(&mut errors).expect("valid");
        assert_eq!(checked.email, "jeanne.martin@example.fr");
        let mut phone_only = form();
        phone_only.email.clear();
        phone_only.phone = "06 12 34 56 78".into();
        assert!(phone_only.check(&mut FormErrors::new()).is_some());
    }

    #[test]
    fn every_error_is_reported_at_once() {
        let bad = PositioningForm {
            full_name: "J".into(),
            email: String::new(),
            phone: String::new(),
            note: "x".repeat(2001),
            consent: String::new(),
        };
        let mut errors = FormErrors::new();
        assert!(bad.check(&mut errors).is_none());
        for field in ["full_name", "email", "note", "consent"] {
            assert!(errors.fields.contains_key(field), "{field} has its message");
        }
    }

    #[test]
    fn the_stage_tells_whether_the_company_saw_the_candidate() {
        assert_eq!(
            stage_label(ApplicationStatus::Proposed, false),
            "Envoyé à l'entreprise"
        );
        assert_eq!(
            stage_label(ApplicationStatus::Proposed, true),
            "Vu par l'entreprise"
        );
        assert_eq!(stage_label(ApplicationStatus::Hired, true), "Recruté");
    }
}
