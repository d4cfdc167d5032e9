//! Closing an offer: filled (how many hires, through the platform or not)
//! or cancelled (why). Used by the company space and by the e-mailed link.

use serde::{Deserialize, Serialize};

use crate::error::FormErrors;

/// How an offer ends, once checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferClosing {
    /// Filled: how many people were hired, and whether through the platform.
    Filled { hires: i64, via_platform: bool },
    /// Cancelled, with the reason.
    Cancelled { reason: String },
}

/// The closing form as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClosingForm {
    /// `filled` or `cancelled`.
    pub outcome: String,
    pub hires: String,
    /// `oui` or `non`.
    pub via_platform: String,
    pub reason: String,
}

impl ClosingForm {
    /// Checks the form; the errors name each refused field and keep what was
    /// typed.
    pub fn check(&self) -> Result<OfferClosing, FormErrors> {
        let mut errors = FormErrors::new();
        let closing = match self.outcome.trim() {
            "filled" => {
                let hires = self
                    .hires
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=999).contains(n));
                if hires.is_none() {
                    errors.add(
                        "hires",
                        "Indiquez le nombre de personnes recrutées (de 1 à 999).",
                    );
                }
                let via = match self.via_platform.trim() {
                    "oui" => Some(true),
                    "non" => Some(false),
                    _ => {
                        errors.add(
                            "via_platform",
                            "Dites si le recrutement s'est fait grâce à la plateforme.",
                        );
                        None
                    }
                };
                hires
                    .zip(via)
                    .map(|(hires, via_platform)| OfferClosing::Filled {
                        hires,
                        via_platform,
                    })
            }
            "cancelled" => {
                let reason = self.reason.trim();
                if reason.chars().count() < 3 {
                    errors.add(
                        "reason",
                        "Indiquez en quelques mots pourquoi l'offre est annulée.",
                    );
                    None
                } else if reason.chars().count() > 500 {
                    errors.add("reason", "Le motif ne doit pas dépasser 500 caractères.");
                    None
                } else {
                    Some(OfferClosing::Cancelled {
                        reason: reason.to_owned(),
                    })
                }
            }
            _ => {
                errors.add("outcome", "Dites si l'offre est pourvue ou annulée.");
                None
            }
        };
        match closing {
            Some(c) if errors.is_empty() => Ok(c),
            _ => Err(errors
                .keep("outcome", &self.outcome)
                .keep("hires", &self.hires)
                .keep("via_platform", &self.via_platform)
                .keep("reason", &self.reason)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filled_needs_hires_and_how() {
        let form = ClosingForm {
            outcome: "filled".into(),
            hires: "0".into(),
            ..Default::default()
        };
        let e = form.check().expect_err("refused");
        assert!(e.fields.contains_key("hires") && e.fields.contains_key("via_platform"));
        assert_eq!(e.values.get("hires").map(String::as_str), Some("0"));
        let form = ClosingForm {
            outcome: "filled".into(),
            hires: "2".into(),
            via_platform: "oui".into(),
            ..Default::default()
        };
        assert_eq!(
            form.check(),
            Ok(OfferClosing::Filled {
                hires: 2,
                via_platform: true
            })
        );
    }

    #[test]
    fn cancelled_needs_a_reason() {
        let mut form = ClosingForm {
            outcome: "cancelled".into(),
            ..Default::default()
        };
        assert!(form
            .check()
            .expect_err("refused")
            .fields
            .contains_key("reason"));
        form.reason = "Poste supprimé".into();
        assert!(matches!(form.check(), Ok(OfferClosing::Cancelled { .. })));
        form.outcome = "x".into();
        assert!(form
            .check()
            .expect_err("refused")
            .fields
            .contains_key("outcome"));
    }
}
