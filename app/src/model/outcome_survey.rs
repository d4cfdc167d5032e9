//! The outcome survey: once an offer is filled, cancelled or expired, the
//! company is asked (by an e-mailed link, without signing in) whether it
//! hired for the job and through whom. The answers feed the « mises à
//! l'emploi » indicator.

use serde::{Deserialize, Serialize};

use super::offer::text_enum;
use crate::error::FormErrors;

text_enum! {
    /// Through whom the company hired (the main way).
    HireChannel {
        Application = "candidature": "Une candidature reçue par la plateforme Proch'Emploi",
        Partner = "partenaire": "Un candidat présenté par un partenaire de l'emploi (France Travail, Mission locale, Cap emploi…)",
        Event = "evenement": "Une rencontre lors d'un événement de la plateforme (job dating, forum…)",
        Other = "autre": "Un autre moyen (réseau, annonce ailleurs, candidature spontanée…)",
    }
}

impl HireChannel {
    /// Whether the hire is owed to the platform or its partners.
    pub fn through_platform(self) -> bool {
        self != HireChannel::Other
    }
}

/// The survey as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyForm {
    /// `oui` or `non`.
    pub hired: String,
    pub hires: String,
    /// A [`HireChannel`] code.
    pub channel: String,
    /// The partner organisation (its id), when known.
    pub partner_org: String,
    pub comment: String,
}

/// A checked answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyAnswer {
    /// How many people were hired (0 when nobody was).
    pub hires: i64,
    pub channel: Option<HireChannel>,
    pub partner_org_id: Option<i64>,
    pub comment: Option<String>,
}

impl SurveyForm {
    /// Checks the answer; `partners` are the organisations the offer was
    /// shared with (the only ones the form offers). Every error comes at
    /// once, next to its field, with what was typed kept.
    pub fn check(&self, partners: &[i64]) -> Result<SurveyAnswer, FormErrors> {
        let mut errors = FormErrors::new();
        let hired = match self.hired.trim() {
            "oui" => Some(true),
            "non" => Some(false),
            _ => {
                errors.add("hired", "Dites si vous avez recruté pour ce poste.");
                None
            }
        };
        let mut hires = 0;
        let mut channel = None;
        let mut partner_org_id = None;
        if hired == Some(true) {
            match self.hires.trim().parse::<i64>() {
                Ok(n) if (1..=999).contains(&n) => hires = n,
                _ => errors.add(
                    "hires",
                    "Indiquez le nombre de personnes recrutées (de 1 à 999).",
                ),
            }
            channel = HireChannel::from_code(self.channel.trim());
            if channel.is_none() {
                errors.add("channel", "Dites par quel moyen vous avez recruté.");
            }
            let partner = self.partner_org.trim();
            if channel == Some(HireChannel::Partner) && !partner.is_empty() {
                partner_org_id = partner.parse::<i64>().ok().filter(|p| partners.contains(p));
                if partner_org_id.is_none() {
                    errors.add(
                        "partner_org",
                        "Choisissez le partenaire dans la liste, ou « Je ne sais pas ».",
                    );
                }
            }
        }
        let comment = self.comment.trim();
        if comment.chars().count() > 1000 {
            errors.add(
                "comment",
                "Le commentaire ne doit pas dépasser 1 000 caractères.",
            );
        }
        if !errors.is_empty() {
            return Err(errors
                .keep("hired", &self.hired)
                .keep("hires", &self.hires)
                .keep("channel", &self.channel)
                .keep("partner_org", &self.partner_org)
                .keep("comment", &self.comment));
        }
        Ok(SurveyAnswer {
            hires,
            channel,
            partner_org_id,
            comment: (!comment.is_empty()).then(|| comment.to_owned()),
        })
    }
}

/// What the survey page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyView {
    pub title: String,
    pub company_name: String,
    /// How the offer ended (« Pourvue », « Annulée », « Expirée »).
    pub status: String,
    /// The partner organisations the offer went to (id, name).
    pub partners: Vec<(i64, String)>,
    /// Already answered: the page thanks instead of asking.
    pub answered: bool,
}

/// A survey's answer as the team reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyResult {
    /// Date of the answer (`JJ/MM/AAAA`).
    pub answered_on: String,
    pub hires: i64,
    /// The channel's label, if someone was hired.
    pub channel: Option<String>,
    pub partner: Option<String>,
    pub comment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(hired: &str, hires: &str, channel: &str, partner: &str) -> SurveyForm {
        SurveyForm {
            hired: hired.into(),
            hires: hires.into(),
            channel: channel.into(),
            partner_org: partner.into(),
            comment: String::new(),
        }
    }

    #[test]
    fn nobody_hired_needs_nothing_else() {
        let a = form("non", "", "", "").check(&[]).expect("valid");
        assert_eq!((a.hires, a.channel), (0, None));
    }

    #[test]
    fn a_hire_needs_its_count_and_channel_all_at_once() {
        let e = form("oui", "0", "", "").check(&[]).expect_err("refused");
        assert!(e.fields.contains_key("hires") && e.fields.contains_key("channel"));
        assert_eq!(e.values.get("hired").map(String::as_str), Some("oui"));
        let e = form("", "", "", "").check(&[]).expect_err("refused");
        assert!(e.fields.contains_key("hired"));
    }

    #[test]
    fn the_partner_must_be_one_the_offer_went_to() {
        let a = form("oui", "2", "partenaire", "7")
            .check(&[7])
            .expect("valid");
        assert_eq!(
            (a.hires, a.channel, a.partner_org_id),
            (2, Some(HireChannel::Partner), Some(7))
        );
        let e = form("oui", "2", "partenaire", "8")
            .check(&[7])
            .expect_err("refused");
        assert!(e.fields.contains_key("partner_org"));
        let a = form("oui", "1", "partenaire", "")
            .check(&[7])
            .expect("unknown partner");
        assert_eq!(a.partner_org_id, None);
        // A partner named with another channel is not kept.
        let a = form("oui", "1", "autre", "7").check(&[7]).expect("valid");
        assert_eq!(a.partner_org_id, None);
        assert!(!HireChannel::Other.through_platform());
    }
}
