//! What the legal pages state: the publisher, the director of
//! publication, the host, the contacts, and the retention durations the
//! jobs really apply (from the server's configuration).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegalInfo {
    pub publisher: String,
    pub publisher_address: String,
    pub director: String,
    pub host: String,
    pub dpo_contact: String,
    pub accessibility_contact: String,
    /// Days candidates' applications and CVs are kept after the last step.
    pub application_days: i64,
    /// Days event registrations are kept after the event.
    pub registration_days: i64,
    /// Days the address of a sent e-mail is kept.
    pub mail_address_days: i64,
    /// Days the text of a sent e-mail is kept.
    pub mail_body_days: i64,
}

impl LegalInfo {
    /// The values of the demo (and of a deployment that sets nothing).
    pub fn demo() -> LegalInfo {
        LegalInfo {
            publisher: "Région Hauts-de-France (démonstration)".into(),
            publisher_address: "151 avenue du Président Hoover, 59555 Lille Cedex".into(),
            director: "Directeur ou directrice de la publication (démonstration)".into(),
            host: "Hébergeur à renseigner (démonstration) — PROCHEMPLOI_HOST".into(),
            dpo_contact: "dpo@demo.prochemploi.fr".into(),
            accessibility_contact: "accessibilite@demo.prochemploi.fr".into(),
            application_days: 730,
            registration_days: 730,
            mail_address_days: 730,
            mail_body_days: 30,
        }
    }
}

/// "2 ans" for 730 days, "45 jours" otherwise.
pub fn duration_words(days: i64) -> String {
    if days % 365 == 0 {
        let years = days / 365;
        format!("{years} an{}", if years > 1 { "s" } else { "" })
    } else {
        format!("{days} jours")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(super::duration_words(730), "2 ans");
        assert_eq!(super::duration_words(365), "1 an");
        assert_eq!(super::duration_words(30), "30 jours");
    }
}
