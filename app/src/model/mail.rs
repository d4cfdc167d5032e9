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
