//! Consent records: what the person ticked, the version of the text they
//! read, and when. Each text shown by a form has its version here; a new
//! wording gets a new version, never an edit of an old one.

use crate::backend::db::Tx;
use crate::model::privacy::ConsentLine;

/// A consent text as a form shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsentText {
    pub purpose: &'static str,
    pub version: &'static str,
    pub text: &'static str,
}

pub const APPLICATION: ConsentText = ConsentText {
    purpose: "application",
    version: "2026-06-candidat",
    text: "J'accepte que ma candidature soit étudiée par la plateforme et transmise à l'employeur",
};
pub const REGISTRATION: ConsentText = ConsentText {
    purpose: "registration",
    version: "2026-06-inscrit",
    text: "J'accepte que mes informations servent à organiser l'événement et à me recontacter à son sujet",
};
pub const REGISTRATION_ON_BEHALF: ConsentText = ConsentText {
    purpose: "registration",
    version: "2026-06-tiers",
    text: "Le candidat accepte que ses informations servent à organiser l'événement et à le recontacter à son sujet",
};
pub const PRIORITY: ConsentText = ConsentText {
    purpose: "priority",
    version: "2026-06-inscrit",
    text: "J'accepte que ces informations soient enregistrées",
};
pub const PRIORITY_ON_BEHALF: ConsentText = ConsentText {
    purpose: "priority",
    version: "2026-06-tiers",
    text: "Le candidat accepte que ces informations soient enregistrées",
};
pub const OFFER_SHARING: ConsentText = ConsentText {
    purpose: "offer_sharing",
    version: "2026-06",
    text: "J'accepte que l'offre soit partagée avec les partenaires de l'emploi (France Travail, Mission locale, Cap emploi…)",
};
pub const OFFER_PUBLICATION: ConsentText = ConsentText {
    purpose: "offer_publication",
    version: "2026-06",
    text: "J'accepte que l'offre soit publiée sur le site public de la plateforme",
};
pub const INTRODUCTION: ConsentText = ConsentText {
    purpose: "introduction",
    version: "2026-12-conseiller",
    text: "Le candidat a accepté que son conseiller le présente à l'entreprise et lui transmette ses coordonnées",
};

const ALL: &[ConsentText] = &[
    INTRODUCTION,
    APPLICATION,
    REGISTRATION,
    REGISTRATION_ON_BEHALF,
    PRIORITY,
    PRIORITY_ON_BEHALF,
    OFFER_SHARING,
    OFFER_PUBLICATION,
];

/// What a record was about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Application(i64),
    Registration(i64),
    Offer(i64),
}

impl Subject {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Subject::Application(id) => ("application", id),
            Subject::Registration(id) => ("registration", id),
            Subject::Offer(id) => ("offer", id),
        }
    }
}

/// Records a consent in the transaction that saves what it is about.
pub async fn record(tx: &mut Tx, subject: Subject, text: ConsentText, at: i64) -> sqlx::Result<()> {
    let (kind, id) = subject.parts();
    sqlx::query(
        "INSERT INTO consents (subject_kind, subject_id, purpose, text_version, given_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(kind)
    .bind(id)
    .bind(text.purpose)
    .bind(text.version)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The French name of a purpose.
fn purpose_label(purpose: &str) -> &'static str {
    match purpose {
        "application" => "Étude de la candidature et transmission à l'employeur",
        "registration" => "Organisation de l'événement",
        "priority" => "Enregistrement des situations (publics prioritaires)",
        "offer_sharing" => "Partage de l'offre avec les partenaires",
        "offer_publication" => "Publication de l'offre",
        "introduction" => "Présentation à l'employeur par un conseiller partenaire",
        _ => "Autre",
    }
}

/// The consents given about a subject, with the text that was shown.
pub async fn of_subject<'e, E>(db: E, subject: Subject) -> sqlx::Result<Vec<ConsentLine>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (kind, id) = subject.parts();
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT purpose, text_version, given_at FROM consents \
         WHERE subject_kind = $1 AND subject_id = $2 ORDER BY given_at, id",
    )
    .bind(kind)
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(purpose, version, at)| ConsentLine {
            text: ALL
                .iter()
                .find(|t| t.purpose == purpose && t.version == version)
                .map_or("", |t| t.text)
                .to_owned(),
            purpose: purpose_label(&purpose).to_owned(),
            version,
            given_at: crate::backend::clock::date_time(at),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_and_version_names_one_text() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert!(a.purpose != b.purpose || a.version != b.version);
            }
            assert_ne!(purpose_label(a.purpose), "Autre");
        }
    }
}
