//! Candidates' applications to offers, and the funnel they go through.

use serde::{Deserialize, Serialize};

use super::offer::text_enum;
use crate::error::FormErrors;

/// Largest CV accepted, in bytes.
pub const CV_MAX_BYTES: usize = 2 * 1024 * 1024;

text_enum! {
    /// Where an application stands.
    ApplicationStatus {
        Received = "received": "Reçue",
        Proposed = "proposed": "Proposée à l'employeur",
        Interview = "interview": "Entretien",
        Hired = "hired": "Recrutée",
        NotHired = "not_hired": "Non retenue",
    }
}

impl ApplicationStatus {
    /// The steps of the funnel, in order.
    pub fn can_become(self, to: ApplicationStatus) -> bool {
        use ApplicationStatus::*;
        matches!(
            (self, to),
            (Received, Proposed)
                | (Received, NotHired)
                | (Proposed, Interview)
                | (Proposed, Hired)
                | (Proposed, NotHired)
                | (Interview, Hired)
                | (Interview, NotHired)
        )
    }

    /// Whether the employer may see the candidate (once proposed).
    pub fn visible_to_company(self) -> bool {
        self != ApplicationStatus::Received
    }
}

text_enum! {
    /// Why an application is not retained: the category the candidate is
    /// told (the words staff or the company add stay with them).
    RefusalReason {
        Profile = "profil": "Profil ne correspondant pas au poste",
        Experience = "experience": "Expérience ou qualification requise non réunie",
        Filled = "pourvu": "Poste pourvu par une autre personne",
        Withdrawn = "recrutement_annule": "Recrutement annulé ou reporté",
        Unreachable = "injoignable": "Candidat injoignable ou absent à l'entretien",
        NoAnswer = "sans_reponse": "Sans réponse de l'employeur dans le délai",
        Other = "autre": "Autre raison",
    }
}

impl RefusalReason {
    /// The categories people choose from (the missing answer is recorded
    /// by the portal itself).
    pub const CHOSEN: [RefusalReason; 6] = [
        RefusalReason::Profile,
        RefusalReason::Experience,
        RefusalReason::Filled,
        RefusalReason::Withdrawn,
        RefusalReason::Unreachable,
        RefusalReason::Other,
    ];

    /// The sentence the candidate reads, if any.
    pub fn for_candidate(self) -> Option<&'static str> {
        match self {
            RefusalReason::Profile => {
                Some("votre profil ne correspond pas tout à fait aux besoins de ce poste")
            }
            RefusalReason::Experience => {
                Some("l'expérience ou la qualification demandée pour ce poste n'est pas réunie")
            }
            RefusalReason::Filled => Some("le poste a été pourvu par une autre personne"),
            RefusalReason::Withdrawn => Some("l'employeur a annulé ou reporté ce recrutement"),
            RefusalReason::Unreachable => {
                Some("l'employeur n'a pas pu vous joindre, ou l'entretien n'a pas eu lieu")
            }
            RefusalReason::NoAnswer => Some("l'employeur n'a pas donné suite dans le délai prévu"),
            RefusalReason::Other => None,
        }
    }
}

/// An application as staff and the company list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationLine {
    pub id: i64,
    pub offer_id: i64,
    pub offer_title: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub message: String,
    pub answers: Vec<(String, String)>,
    pub has_cv: bool,
    pub status: ApplicationStatus,
    pub reason: Option<String>,
    /// Why it was not retained, when it was not.
    pub refusal: Option<RefusalReason>,
    pub received_on: String,
    /// The partner organisation whose adviser positioned the candidate.
    #[serde(default)]
    pub partner: Option<String>,
    /// Whether the company has seen the candidate.
    #[serde(default)]
    pub seen: bool,
}

/// An application as typed (the CV comes separately).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApplicationForm {
    pub offer_id: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub message: String,
    pub answers: [String; 3],
    pub consent: String,
}

/// A checked application.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedApplication {
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub message: String,
    pub answers: Vec<String>,
}

impl ApplicationForm {
    /// Checks the fields; `questions` is how many screening questions the
    /// offer asks.
    pub fn check(&self, questions: usize, errors: &mut FormErrors) -> Option<CheckedApplication> {
        let full_name = self.full_name.trim();
        if full_name.chars().count() < 2 || full_name.chars().count() > 120 {
            errors.add("full_name", "Indiquez vos prénom et nom.");
        }
        let email = super::validate::normalise_email(&self.email);
        if let Err(m) = super::validate::check_email(&email) {
            errors.add("email", m);
        }
        if !super::validate::is_phone_or_empty(&self.phone) {
            errors.add(
                "phone",
                "Indiquez un numéro de téléphone comme 06 12 34 56 78.",
            );
        }
        let message = self.message.trim();
        if message.chars().count() > 3000 {
            errors.add(
                "message",
                "Le message ne doit pas dépasser 3 000 caractères.",
            );
        }
        let answers: Vec<String> = self
            .answers
            .iter()
            .take(questions)
            .map(|a| a.trim().to_owned())
            .collect();
        for (i, a) in answers.iter().enumerate() {
            if a.is_empty() || a.chars().count() > 1000 {
                errors.add(
                    &format!("answer_{}", i + 1),
                    "Répondez à cette question (1 000 caractères au plus).",
                );
            }
        }
        if self.consent.trim() != super::CHECKED {
            errors.add(
                "consent",
                "Cochez la case pour accepter que votre candidature soit transmise à l'employeur.",
            );
        }
        errors.is_empty().then(|| CheckedApplication {
            full_name: full_name.to_owned(),
            email,
            phone: self.phone.trim().to_owned(),
            message: message.to_owned(),
            answers,
        })
    }

    /// Keeps what was typed (the CV excepted) for the refilled form.
    pub fn keep_values(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("full_name", &self.full_name)
            .keep("email", &self.email)
            .keep("phone", &self.phone)
            .keep("message", &self.message)
            .keep("answer_1", &self.answers[0])
            .keep("answer_2", &self.answers[1])
            .keep("answer_3", &self.answers[2])
            .keep("consent", &self.consent)
    }
}

/// The PDF names that make a document act on its own (scripts, actions,
/// launched programs, attached files, forms, media), refused in CVs.
const ACTIVE_NAMES: [&[u8]; 8] = [
    b"JavaScript",
    b"JS",
    b"OpenAction",
    b"AA",
    b"Launch",
    b"EmbeddedFile",
    b"XFA",
    b"RichMedia",
];

/// The names (`/Name` tokens) of a PDF, with their `#xx` escapes decoded,
/// so that `/J#61vaScript` reads `JavaScript`.
fn pdf_names(bytes: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    let is_delimiter = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b) || b == 0;
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'/')
        .map(move |(start, _)| {
            let mut name = Vec::new();
            let mut i = start + 1;
            while let Some(&b) = bytes.get(i) {
                if is_delimiter(b) {
                    break;
                }
                if b == b'#' {
                    let hex = bytes
                        .get(i + 1..i + 3)
                        .and_then(|h| std::str::from_utf8(h).ok());
                    if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        name.push(v);
                        i += 3;
                        continue;
                    }
                }
                name.push(b);
                i += 1;
            }
            name
        })
}

/// Checks that a file is a PDF without active content: the `%PDF-`
/// signature, an end-of-file marker, and none of the names that carry
/// scripts, automatic actions, launches, attachments, forms or media
/// (escaped names decoded).
pub fn check_pdf(bytes: &[u8]) -> Result<(), &'static str> {
    if bytes.len() > CV_MAX_BYTES {
        return Err("Le CV ne doit pas dépasser 2 Mo.");
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err("Le CV doit être un fichier PDF.");
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err("Ce PDF semble incomplet : enregistrez-le à nouveau puis réessayez.");
    }
    if pdf_names(bytes).any(|name| ACTIVE_NAMES.contains(&name.as_slice())) {
        return Err(
            "Ce PDF contient du contenu actif : enregistrez-le en PDF simple puis réessayez.",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_complete_pdfs_pass() {
        let ok = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        assert_eq!(check_pdf(ok), Ok(()));
        assert!(check_pdf(b"GIF89a").is_err());
        assert!(check_pdf(b"%PDF-1.4 no end").is_err());
        assert!(
            check_pdf(b"%PDF-1.4 /OpenAction<</S/JavaScript/JS(app.alert(1))>> %%EOF").is_err()
        );
        for active in [
            &b"/J#61vaScript"[..],
            b"/JS (x)",
            b"/OpenAction 3 0 R",
            b"/AA<<>>",
            b"/Launch",
            b"/EmbeddedFiles",
            b"/#45mbeddedFile",
            b"/XFA [",
            b"/RichMedia",
        ] {
            let pdf = [&b"%PDF-1.7\n<<"[..], active, b">>\n%%EOF\n"].concat();
            let refused = check_pdf(&pdf).is_err();
            // `/EmbeddedFiles` (the name tree) is harmless on its own; the
            // files themselves are `/EmbeddedFile` streams.
            assert_eq!(
                refused,
                active != b"/EmbeddedFiles",
                "{}",
                String::from_utf8_lossy(active)
            );
        }
        assert_eq!(
            check_pdf(b"%PDF-1.7\n<</Type/Catalog/Pages 2 0 R/AAA 1>>\n%%EOF"),
            Ok(())
        );
        let big = [
            b"%PDF-".to_vec(),
            vec![b' '; CV_MAX_BYTES],
            b"%%EOF".to_vec(),
        ]
        .concat();
        assert!(check_pdf(&big).is_err());
    }

    #[test]
    fn the_funnel_goes_forward() {
        use ApplicationStatus::*;
        assert!(Received.can_become(Proposed));
        assert!(Proposed.can_become(Interview));
        assert!(Interview.can_become(Hired));
        assert!(!Hired.can_become(NotHired));
        assert!(!Received.can_become(Hired));
        assert!(!Received.visible_to_company() && Proposed.visible_to_company());
    }

    #[test]
    fn consent_and_answers_are_required() {
        let f = ApplicationForm {
            full_name: "Awa Diallo".into(),
            email: "awa@exemple.fr".into(),
            ..Default::default()
        };
        let mut e = FormErrors::new();
        assert!(f.check(1, &mut e).is_none());
        assert!(e.fields.contains_key("consent") && e.fields.contains_key("answer_1"));
    }
}
