//! Job alerts: a saved search of the public offers (words, ROME job,
//! commune or its whole intercommunality, contract) e-mailed daily or
//! weekly with the new matching offers, once confirmed by e-mail.

use serde::{Deserialize, Serialize};

use super::offer::text_enum;
use super::PublicQuery;
use crate::error::FormErrors;

text_enum! {
    /// How often an alert is sent (only when new offers match).
    AlertFrequency {
        Daily = "quotidienne": "Chaque jour",
        Weekly = "hebdomadaire": "Chaque semaine",
    }
}

impl AlertFrequency {
    /// Seconds between two e-mails of the alert.
    pub fn period_secs(self) -> i64 {
        match self {
            AlertFrequency::Daily => 86_400,
            AlertFrequency::Weekly => 7 * 86_400,
        }
    }
}

/// An alert as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertForm {
    pub q: String,
    pub rome: String,
    pub commune: String,
    /// `oui` for the commune's whole intercommunality.
    pub epci: String,
    pub contrat: String,
    pub frequency: String,
    pub email: String,
    pub consent: String,
}

/// A checked alert (the commune and the job are checked against the
/// reference data by the service).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedAlert {
    pub query: PublicQuery,
    pub whole_epci: bool,
    pub frequency: AlertFrequency,
    pub email: String,
}

impl AlertForm {
    /// Checks every field at once.
    pub fn check(&self, errors: &mut FormErrors) -> Option<CheckedAlert> {
        let query = PublicQuery {
            q: self.q.trim().chars().take(200).collect(),
            rome: self.rome.trim().to_owned(),
            commune: self.commune.trim().to_owned(),
            contract: self.contrat.trim().to_owned(),
            epci: String::new(),
            page: String::new(),
        };
        if query.contract_type().is_none() && !query.contract.is_empty() {
            errors.add("contrat", "Choisissez un contrat de la liste.");
        }
        if query.q.is_empty()
            && query.rome.is_empty()
            && query.commune.is_empty()
            && query.contract.is_empty()
        {
            errors.add(
                "q",
                "Indiquez au moins un critère : des mots, un métier, une commune ou un contrat.",
            );
        }
        let whole_epci = self.epci.trim() == super::CHECKED;
        if whole_epci && query.commune.is_empty() {
            errors.add(
                "commune",
                "Indiquez la commune dont vous voulez toute l'intercommunalité.",
            );
        }
        let frequency = AlertFrequency::from_code(self.frequency.trim());
        if frequency.is_none() {
            errors.add("frequency", "Choisissez la fréquence des e-mails.");
        }
        let email = super::validate::normalise_email(&self.email);
        if let Err(m) = super::validate::check_email(&email) {
            errors.add("email", m);
        }
        if self.consent.trim() != super::CHECKED {
            errors.add(
                "consent",
                "Cochez la case pour accepter de recevoir ces e-mails.",
            );
        }
        let frequency = frequency?;
        errors.is_empty().then_some(CheckedAlert {
            query,
            whole_epci,
            frequency,
            email,
        })
    }

    /// Keeps what was typed for the refilled form.
    pub fn keep_values(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("q", &self.q)
            .keep("rome", &self.rome)
            .keep("commune", &self.commune)
            .keep("epci", &self.epci)
            .keep("contrat", &self.contrat)
            .keep("frequency", &self.frequency)
            .keep("email", &self.email)
            .keep("consent", &self.consent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_needs_a_criterion_a_frequency_an_address_and_consent() {
        let mut errors = FormErrors::new();
        assert!(AlertForm::default().check(&mut errors).is_none());
        for field in ["q", "frequency", "email", "consent"] {
            assert!(errors.fields.contains_key(field), "{field}");
        }
        let form = AlertForm {
            q: "menuisier".into(),
            commune: "Bruay-la-Buissière".into(),
            epci: crate::model::CHECKED.into(),
            frequency: "hebdomadaire".into(),
            email: "Awa@Exemple.fr".into(),
            consent: crate::model::CHECKED.into(),
            ..AlertForm::default()
        };
        let checked = form.check(&mut FormErrors::new()).expect("valid");
        assert!(checked.whole_epci);
        assert_eq!(checked.email, "awa@exemple.fr");
        assert_eq!(checked.frequency.period_secs(), 7 * 86_400);
    }
}
