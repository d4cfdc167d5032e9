//! The audit trail: an append-only log of who read or changed personal
//! data, when, from which address. The database refuses any update or
//! deletion of its rows (triggers); nothing in the portal edits it.

use crate::backend::db::{now, Pool};
use crate::model::privacy::AuditLine;
use crate::model::CurrentUser;

/// What was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    CvDownload,
    ParticipantsExport,
    FranceTravailExport,
    CompanyFile,
    CompanyExport,
    MailLog,
    PersonRegistered,
    ApplicationChange,
    AttendanceChange,
    AccountChange,
    RightsAccess,
    RightsExport,
    RightsErasure,
    Retention,
    RegisterChange,
    AuditExport,
}

impl Action {
    fn code(self) -> &'static str {
        match self {
            Action::CvDownload => "cv_download",
            Action::ParticipantsExport => "participants_export",
            Action::FranceTravailExport => "france_travail_export",
            Action::CompanyFile => "company_file",
            Action::CompanyExport => "company_export",
            Action::PersonRegistered => "person_registered",
            Action::MailLog => "mail_log",
            Action::ApplicationChange => "application_change",
            Action::AttendanceChange => "attendance_change",
            Action::AccountChange => "account_change",
            Action::RightsAccess => "rights_access",
            Action::RightsExport => "rights_export",
            Action::RightsErasure => "rights_erasure",
            Action::Retention => "retention",
            Action::RegisterChange => "register_change",
            Action::AuditExport => "audit_export",
        }
    }

    fn label(code: &str) -> &'static str {
        match code {
            "cv_download" => "Téléchargement d'un CV",
            "participants_export" => "Export des participants d'un événement",
            "france_travail_export" => "Export France Travail",
            "company_file" => "Consultation d'une fiche entreprise",
            "company_export" => "Export des données d'une entreprise par elle-même",
            "person_registered" => "Inscription d'une personne pour son compte",
            "mail_log" => "Consultation du journal des courriels",
            "application_change" => "Modification d'une candidature",
            "attendance_change" => "Pointage d'un participant",
            "account_change" => "Modification d'un compte",
            "rights_access" => "Consultation de ses données par la personne",
            "rights_export" => "Téléchargement de ses données par la personne",
            "rights_erasure" => "Effacement de ses données par la personne",
            "retention" => "Purge des données arrivées à échéance",
            "register_change" => "Modification d'un registre RGPD",
            "audit_export" => "Export du journal d'audit",
            _ => "Autre action",
        }
    }
}

/// Who acted: a signed-in user, the person themselves (rights
/// self-service) or the server (retention runs).
#[derive(Clone, Copy, Debug)]
pub enum Actor<'a> {
    User(&'a CurrentUser),
    DataSubject,
    System,
}

/// One entry.
pub struct Entry<'a> {
    pub actor: Actor<'a>,
    pub action: Action,
    pub object_kind: &'a str,
    pub object_id: String,
    pub client: String,
}

/// Appends an entry.
pub async fn record<'e, E>(db: E, entry: Entry<'_>) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (user_id, actor) = match entry.actor {
        Actor::User(u) => (Some(u.id), format!("{} <{}>", u.full_name, u.email)),
        Actor::DataSubject => (None, "La personne concernée (lien personnel)".to_owned()),
        Actor::System => (None, "Tâche automatique du portail".to_owned()),
    };
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, actor, action, object_kind, object_id, client) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now())
    .bind(user_id)
    .bind(actor)
    .bind(entry.action.code())
    .bind(entry.object_kind)
    .bind(entry.object_id)
    .bind(entry.client)
    .execute(db)
    .await?;
    Ok(())
}

/// Appends an entry for a signed-in user's read; a failure is logged, the
/// read goes on (the caller already checked the user's right).
pub async fn read_by(
    pool: &Pool,
    user: &CurrentUser,
    action: Action,
    object_kind: &str,
    object_id: impl ToString,
    client: std::net::IpAddr,
) {
    let entry = Entry {
        actor: Actor::User(user),
        action,
        object_kind,
        object_id: object_id.to_string(),
        client: client.to_string(),
    };
    if let Err(e) = record(pool, entry).await {
        tracing::error!(error = %e, "audit entry not written");
    }
}

/// Appends an entry for the signed-in user of the current server
/// function (client address from the request).
pub async fn noted(
    user: &CurrentUser,
    action: Action,
    object_kind: &str,
    object_id: impl ToString,
) -> Result<(), crate::error::AppError> {
    let state = crate::backend::auth::state()?;
    read_by(
        &state.pool,
        user,
        action,
        object_kind,
        object_id,
        crate::backend::client::client_ip(),
    )
    .await;
    Ok(())
}

/// The French name of an object kind.
fn object_label(kind: &str) -> &'static str {
    match kind {
        "application" => "Candidature",
        "event" => "Événement",
        "company" => "Entreprise",
        "platform" => "Plateforme",
        "registration" => "Inscription",
        "account" => "Compte",
        "data_request" => "Demande de droits",
        "breach" => "Violation de données",
        "retention_run" => "Passage de conservation",
        "audit_log" => "Journal d'audit",
        _ => "Objet",
    }
}

/// The latest entries (newest first), at most `limit`.
pub async fn latest(pool: &Pool, limit: i64) -> sqlx::Result<Vec<AuditLine>> {
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT at, actor, action, object_kind, object_id, client FROM audit_log \
         ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, action, kind, id, client)| AuditLine {
            at: crate::backend::clock::date_time(at),
            actor,
            action: Action::label(&action).to_owned(),
            object: format!("{} {id}", object_label(&kind)),
            client,
        })
        .collect())
}
