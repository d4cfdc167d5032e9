//! HR support (accompagnement RH) and employer-brand support requests, which
//! staff handle as cases: new, diagnostic, action plan, actions, follow-up,
//! closed with an outcome.

use serde::{Deserialize, Serialize};

use super::offer::text_enum;
use crate::error::FormErrors;

text_enum! {
    /// What kind of support the company asks for.
    SupportKind {
        Hr = "rh": "Accompagnement RH",
        EmployerBrand = "marque_employeur": "Marque employeur",
    }
}

text_enum! {
    /// The HR need behind a request.
    SupportNeed {
        Recruitment = "recrutement": "Recruter",
        OfferWriting = "redaction_offre": "Rédiger une offre d'emploi",
        Sourcing = "sourcing": "Trouver et présélectionner des candidats",
        Training = "formation": "Construire un parcours de formation",
        Onboarding = "integration": "Intégrer et fidéliser les salariés",
        SkillsPlanning = "gepp": "Anticiper les compétences (GEPP)",
        Other = "autre": "Autre besoin",
    }
}

text_enum! {
    /// How the company prefers to be contacted.
    ContactPreference {
        Phone = "telephone": "Par téléphone",
        Email = "email": "Par e-mail",
        Visit = "visite": "Rendez-vous dans l'entreprise",
    }
}

text_enum! {
    /// Where a case stands.
    CaseStatus {
        New = "new": "Demande reçue",
        Diagnostic = "diagnostic": "Diagnostic",
        ActionPlan = "action_plan": "Plan d'action",
        Actions = "actions": "Actions en cours",
        FollowUp = "follow_up": "Suivi",
        Closed = "closed": "Clôturée",
    }
}

impl CaseStatus {
    /// The step after this one (none after closing: closing needs an
    /// outcome).
    pub fn next(self) -> Option<CaseStatus> {
        use CaseStatus::*;
        match self {
            New => Some(Diagnostic),
            Diagnostic => Some(ActionPlan),
            ActionPlan => Some(Actions),
            Actions => Some(FollowUp),
            FollowUp | Closed => None,
        }
    }

    /// Whether the case is still open.
    pub fn is_open(self) -> bool {
        self != CaseStatus::Closed
    }

    /// Position in the steps, from 1.
    pub fn rank(self) -> usize {
        CaseStatus::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |i| i + 1)
    }
}

text_enum! {
    /// A typed action staff carry out for a case.
    ActionKind {
        JobDescription = "fiche_poste": "Réécriture de fiche de poste",
        OfferWriting = "redaction_offre": "Rédaction d'une offre",
        BrandWorkshop = "atelier_marque": "Atelier marque employeur",
        Visit = "visite": "Visite de l'entreprise",
        Sourcing = "sourcing": "Sourcing de candidats",
        Training = "formation": "Montage d'une formation",
        Meeting = "rendez_vous": "Rendez-vous de suivi",
        Other = "autre": "Autre action",
    }
}

text_enum! {
    /// How a case ended.
    CaseOutcome {
        Met = "satisfait": "Besoin satisfait",
        PartlyMet = "partiel": "Besoin satisfait en partie",
        Referred = "oriente": "Orientée vers un autre acteur",
        Dropped = "abandon": "Abandon par l'entreprise",
    }
}

/// A request in a list (staff queue, company space).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportLine {
    pub id: i64,
    pub kind: SupportKind,
    pub need: Option<SupportNeed>,
    pub company_name: String,
    pub status: CaseStatus,
    pub outcome: Option<CaseOutcome>,
    pub created_on: String,
    pub actions: i64,
    /// For a request of the Région: the answer expected by ("31/01/2027").
    #[serde(default)]
    pub due_on: Option<String>,
}

/// An action of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseAction {
    pub kind: ActionKind,
    /// The day it took place, in French.
    pub done_on: String,
    pub note: String,
    pub author: String,
}

/// A change of step of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseStep {
    pub at: String,
    pub actor: String,
    pub status: CaseStatus,
    pub note: Option<String>,
}

/// A whole case, as staff and (without internal notes) the company see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportCase {
    pub line: SupportLine,
    pub description: String,
    pub contact: ContactPreference,
    pub phone: String,
    pub company_siret: String,
    pub steps: Vec<CaseStep>,
    pub actions: Vec<CaseAction>,
    /// When the Région asked for it: (reason, contact given, answer
    /// expected by "31/01/2027").
    #[serde(default)]
    pub region: Option<(String, String, String)>,
}

/// A support request as typed by the company.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportForm {
    pub kind: String,
    pub need: String,
    pub description: String,
    pub contact: String,
    pub phone: String,
}

/// A checked support request.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedSupport {
    pub kind: SupportKind,
    pub need: Option<SupportNeed>,
    pub description: String,
    pub contact: ContactPreference,
    pub phone: String,
}

impl SupportForm {
    /// Checks the request; the errors keep what was typed.
    pub fn check(&self) -> Result<CheckedSupport, FormErrors> {
        let mut e = FormErrors::new();
        let kind = SupportKind::from_code(self.kind.trim());
        if kind.is_none() {
            e.add("kind", "Choisissez le type d'accompagnement.");
        }
        let need = SupportNeed::from_code(self.need.trim());
        if kind == Some(SupportKind::Hr) && need.is_none() {
            e.add("need", "Choisissez votre besoin principal.");
        }
        let description = self.description.trim();
        let n = description.chars().count();
        if n < 20 {
            e.add(
                "description",
                "Décrivez votre besoin en quelques phrases (20 caractères au moins).",
            );
        } else if n > 3000 {
            e.add(
                "description",
                "La description ne doit pas dépasser 3 000 caractères.",
            );
        }
        let contact = ContactPreference::from_code(self.contact.trim());
        if contact.is_none() {
            e.add("contact", "Dites comment vous préférez être contacté.");
        }
        let phone_ok = super::validate::is_phone_or_empty(&self.phone);
        if !phone_ok {
            e.add(
                "phone",
                "Indiquez un numéro de téléphone comme 03 21 00 00 00.",
            );
        } else if contact == Some(ContactPreference::Phone) && self.phone.trim().is_empty() {
            e.add("phone", "Indiquez le numéro auquel vous joindre.");
        }
        match (kind, contact) {
            (Some(kind), Some(contact)) if e.is_empty() => Ok(CheckedSupport {
                kind,
                need,
                description: description.to_owned(),
                contact,
                phone: self.phone.trim().to_owned(),
            }),
            _ => Err(e
                .keep("kind", &self.kind)
                .keep("need", &self.need)
                .keep("description", &self.description)
                .keep("contact", &self.contact)
                .keep("phone", &self.phone)),
        }
    }
}

/// An action as typed by staff.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseActionForm {
    pub kind: String,
    pub done_on: String,
    pub note: String,
}

impl CaseActionForm {
    /// Checks the action: a kind, a real date (`YYYY-MM-DD`), a note of at
    /// most 1,000 characters.
    pub fn check(&self) -> Result<(ActionKind, String, String), FormErrors> {
        let mut e = FormErrors::new();
        let kind = ActionKind::from_code(self.kind.trim());
        if kind.is_none() {
            e.add("kind", "Choisissez le type d'action.");
        }
        let date = super::iso_from_french(self.done_on.trim());
        let date = date.as_str();
        if !super::is_iso_date(date) {
            e.add(
                "done_on",
                "Indiquez la date de l'action, par exemple 15/01/2027.",
            );
        }
        if self.note.trim().chars().count() > 1000 {
            e.add(
                "note",
                "Le commentaire ne doit pas dépasser 1 000 caractères.",
            );
        }
        match kind {
            Some(kind) if e.is_empty() => Ok((kind, date.to_owned(), self.note.trim().to_owned())),
            _ => Err(e
                .keep("kind", &self.kind)
                .keep("done_on", &self.done_on)
                .keep("note", &self.note)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_forward_one_at_a_time() {
        assert_eq!(CaseStatus::New.next(), Some(CaseStatus::Diagnostic));
        assert_eq!(CaseStatus::FollowUp.next(), None);
        assert_eq!(CaseStatus::Closed.next(), None);
        assert_eq!(CaseStatus::New.rank(), 1);
        assert_eq!(CaseStatus::Closed.rank(), 6);
    }

    #[test]
    fn hr_requests_need_a_need_and_phone_contact_a_number() {
        let form = SupportForm {
            kind: "rh".into(),
            description: "Nous cherchons deux soudeurs et ne trouvons personne.".into(),
            contact: "telephone".into(),
            ..Default::default()
        };
        let e = form.check().expect_err("refused");
        assert!(e.fields.contains_key("need") && e.fields.contains_key("phone"));
        assert_eq!(e.values.get("description"), Some(&form.description));
        let ok = SupportForm {
            need: "recrutement".into(),
            phone: "03 21 00 00 00".into(),
            ..form
        };
        let c = ok.check().expect("valid");
        assert_eq!(c.need, Some(SupportNeed::Recruitment));
        let brand = SupportForm {
            kind: "marque_employeur".into(),
            need: String::new(),
            ..ok
        };
        assert_eq!(brand.check().expect("valid").need, None);
    }

    #[test]
    fn actions_need_a_kind_and_a_real_date() {
        let bad = CaseActionForm {
            kind: "x".into(),
            done_on: "2027-02-30".into(),
            note: String::new(),
        };
        let e = bad.check().expect_err("refused");
        assert!(e.fields.contains_key("kind") && e.fields.contains_key("done_on"));
        let good = CaseActionForm {
            kind: "fiche_poste".into(),
            done_on: "2027-02-03".into(),
            note: "ok".into(),
        };
        assert_eq!(good.check().expect("valid").0, ActionKind::JobDescription);
    }
}
