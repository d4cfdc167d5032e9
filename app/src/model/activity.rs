//! What only staff record: contacts with companies, interventions in the
//! economic network, and the chefs de file métiers register.

use serde::{Deserialize, Serialize};

use super::offer::text_enum;
use crate::error::FormErrors;

text_enum! {
    /// How staff were in touch with a company.
    ContactChannel {
        Phone = "phone": "Appel téléphonique",
        Visit = "visit": "Visite",
        Email = "email": "E-mail",
        Event = "event": "Rencontre lors d'un événement",
    }
}

text_enum! {
    /// A staff intervention outside the companies' own premises.
    InterventionKind {
        Club = "club": "Club ou cercle d'entreprises",
        EconomicActor = "economic_actor": "Rencontre avec un acteur économique",
    }
}

/// A contact as staff type it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub company_id: String,
    pub channel: String,
    /// `YYYY-MM-DD` or `jj/mm/aaaa`.
    pub date: String,
    pub subject: String,
    pub follow_up: String,
}

/// A checked contact.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedContact {
    pub company_id: i64,
    pub channel: ContactChannel,
    pub date: String,
    pub subject: String,
    pub follow_up: Option<String>,
}

fn date_field(e: &mut FormErrors, field: &str, text: &str, required: bool) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        if required {
            e.add(field, "Indiquez la date, par exemple 12/03/2026.");
        }
        return None;
    }
    let iso = super::iso_from_french(text);
    if super::is_iso_date(&iso) {
        Some(iso)
    } else {
        e.add(
            field,
            "Cette date n'est pas valable : écrivez-la jj/mm/aaaa.",
        );
        None
    }
}

fn subject_field(e: &mut FormErrors, text: &str) -> String {
    let s = text.trim();
    if s.chars().count() < 3 || s.chars().count() > 500 {
        e.add("subject", "Indiquez l'objet, de 3 à 500 caractères.");
    }
    s.to_owned()
}

impl ContactForm {
    /// Checks the form; errors keep what was typed.
    pub fn check(&self) -> Result<CheckedContact, FormErrors> {
        let mut e = FormErrors::new();
        let company_id = self.company_id.trim().parse::<i64>().ok();
        if company_id.is_none() {
            e.add("company_id", "Choisissez l'entreprise.");
        }
        let channel = ContactChannel::from_code(self.channel.trim());
        if channel.is_none() {
            e.add("channel", "Choisissez le type de contact.");
        }
        let date = date_field(&mut e, "date", &self.date, true);
        let subject = subject_field(&mut e, &self.subject);
        let follow_up = date_field(&mut e, "follow_up", &self.follow_up, false);
        if let (Some(d), Some(f)) = (&date, &follow_up) {
            if f < d {
                e.add("follow_up", "La relance doit suivre la date du contact.");
            }
        }
        match (company_id, channel, date) {
            (Some(company_id), Some(channel), Some(date)) if e.is_empty() => Ok(CheckedContact {
                company_id,
                channel,
                date,
                subject,
                follow_up,
            }),
            _ => Err(self.keep(e)),
        }
    }

    /// Errors that refill the form with what was typed.
    pub fn keep(&self, e: FormErrors) -> FormErrors {
        e.keep("company_id", &self.company_id)
            .keep("channel", &self.channel)
            .keep("date", &self.date)
            .keep("subject", &self.subject)
            .keep("follow_up", &self.follow_up)
    }
}

/// An intervention as staff type it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InterventionForm {
    pub kind: String,
    pub counterpart: String,
    pub date: String,
    pub subject: String,
}

/// A checked intervention.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedIntervention {
    pub kind: InterventionKind,
    pub counterpart: String,
    pub date: String,
    pub subject: String,
}

impl InterventionForm {
    pub fn check(&self) -> Result<CheckedIntervention, FormErrors> {
        let mut e = FormErrors::new();
        let kind = InterventionKind::from_code(self.kind.trim());
        if kind.is_none() {
            e.add("kind", "Choisissez le type d'intervention.");
        }
        let counterpart = self.counterpart.trim();
        if counterpart.chars().count() < 2 || counterpart.chars().count() > 200 {
            e.add(
                "counterpart",
                "Indiquez avec qui (club, CCI, organisation…), de 2 à 200 caractères.",
            );
        }
        let date = date_field(&mut e, "date", &self.date, true);
        let subject = subject_field(&mut e, &self.subject);
        match (kind, date) {
            (Some(kind), Some(date)) if e.is_empty() => Ok(CheckedIntervention {
                kind,
                counterpart: counterpart.to_owned(),
                date,
                subject,
            }),
            _ => Err(e
                .keep("kind", &self.kind)
                .keep("counterpart", &self.counterpart)
                .keep("date", &self.date)
                .keep("subject", &self.subject)),
        }
    }
}

/// A chef de file métiers as staff type it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TradeLeaderForm {
    pub company_id: String,
    pub trade: String,
    pub filiere: String,
    pub since: String,
}

/// A checked chef de file métiers.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedTradeLeader {
    pub company_id: i64,
    pub trade: String,
    pub filiere: String,
    pub since: String,
}

impl TradeLeaderForm {
    pub fn check(&self) -> Result<CheckedTradeLeader, FormErrors> {
        let mut e = FormErrors::new();
        let company_id = self.company_id.trim().parse::<i64>().ok();
        if company_id.is_none() {
            e.add("company_id", "Choisissez l'entreprise.");
        }
        let (trade, filiere) = (self.trade.trim(), self.filiere.trim());
        if trade.chars().count() < 2 || trade.chars().count() > 150 {
            e.add("trade", "Indiquez le métier, de 2 à 150 caractères.");
        }
        if filiere.chars().count() < 2 || filiere.chars().count() > 150 {
            e.add("filiere", "Indiquez la filière, de 2 à 150 caractères.");
        }
        let since = date_field(&mut e, "since", &self.since, true);
        match (company_id, since) {
            (Some(company_id), Some(since)) if e.is_empty() => Ok(CheckedTradeLeader {
                company_id,
                trade: trade.to_owned(),
                filiere: filiere.to_owned(),
                since,
            }),
            _ => Err(e
                .keep("company_id", &self.company_id)
                .keep("trade", &self.trade)
                .keep("filiere", &self.filiere)
                .keep("since", &self.since)),
        }
    }
}

/// A line of a company's history, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryLine {
    /// "12/03/2026".
    pub date: String,
    /// "Contact", "Offre", "Demande", "Événement", "Recrutement".
    pub what: String,
    pub detail: String,
    pub link: Option<String>,
}

/// Staff's page of a company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyActivity {
    pub id: i64,
    pub name: String,
    pub siret: String,
    pub headcount: String,
    pub trade_leader: Vec<String>,
    pub history: Vec<HistoryLine>,
}

/// The activity page of the platform: the latest records and what to
/// choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityRecords {
    /// Companies of the platform: (id, name).
    pub companies: Vec<(i64, String)>,
    /// Latest contacts: (date, company, channel, subject, follow-up).
    pub contacts: Vec<(String, String, String, String, String)>,
    /// Latest interventions: (date, kind, with, subject).
    pub interventions: Vec<(String, String, String, String)>,
    /// The CFM register: (id, company, trade, filière, since, until).
    pub trade_leaders: Vec<(i64, String, String, String, String, String)>,
    /// Contacts whose follow-up date has come: (date, company id, company, subject).
    pub follow_ups: Vec<(String, i64, String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_needs_a_company_a_channel_a_date_and_a_subject() {
        let e = ContactForm::default().check().expect_err("empty");
        for f in ["company_id", "channel", "date", "subject"] {
            assert!(e.fields.contains_key(f), "{f}");
        }
        let ok = ContactForm {
            company_id: "3".into(),
            channel: "visit".into(),
            date: "12/03/2026".into(),
            subject: "Besoins en soudeurs".into(),
            follow_up: "2026-04-01".into(),
        };
        let c = ok.check().expect("valid");
        assert_eq!(
            (c.date.as_str(), c.follow_up.as_deref()),
            ("2026-03-12", Some("2026-04-01"))
        );
        let late = ContactForm {
            follow_up: "01/03/2026".into(),
            ..ok
        };
        let e = late.check().expect_err("follow-up before");
        assert!(e.fields.contains_key("follow_up"));
        assert_eq!(
            e.values.get("subject").map(String::as_str),
            Some("Besoins en soudeurs")
        );
    }

    #[test]
    fn interventions_and_trade_leaders_are_checked() {
        let e = InterventionForm {
            kind: "club".into(),
            ..Default::default()
        }
        .check()
        .expect_err("bad");
        assert!(e.fields.contains_key("counterpart") && e.fields.contains_key("date"));
        let e = TradeLeaderForm {
            company_id: "1".into(),
            trade: "Soudeur".into(),
            since: "2026-01-10".into(),
            ..Default::default()
        }
        .check()
        .expect_err("no filière");
        assert!(e.fields.contains_key("filiere"));
    }
}
