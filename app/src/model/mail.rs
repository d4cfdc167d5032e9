//! The mail log as staff read it.

use serde::{Deserialize, Serialize};

/// A line of the mail log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailLogLine {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// pending, sent, logged (no SMTP configured) or failed.
    pub status: String,
    pub attempts: i64,
    pub created_on: String,
}

impl MailLogLine {
    /// The French label of the delivery status.
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "sent" => "Envoyé",
            "logged" => "Consigné (SMTP non configuré)",
            "failed" => "Échec définitif",
            _ => "En attente d'envoi",
        }
    }
}

/// One page of the mail log, as searched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailLogPage {
    pub lines: Vec<MailLogLine>,
    /// From 1.
    pub page: i64,
    pub pages: i64,
    /// Messages matching the search.
    pub total: i64,
    /// The search in force (kept in a cookie, never in the address: it may
    /// be an e-mail address).
    pub query: String,
    pub status: String,
}

/// Lines per page of the mail log.
pub const MAIL_LOG_PAGE: i64 = 50;

/// The statuses one may search for: (code, label).
pub const MAIL_STATUSES: [(&str, &str); 4] = [
    ("sent", "Envoyé"),
    ("pending", "En attente d'envoi"),
    ("failed", "Échec définitif"),
    ("logged", "Consigné (SMTP non configuré)"),
];
