//! The retention runs: what has outlived its use goes, once a day,
//! whichever instance claims the day first; every item is done once (its
//! update is conditional), and each run is logged. Durations come from
//! configuration, defaulting to what the privacy page states (the CNIL's
//! recruitment guidance: two years after the last contact).

use std::path::Path;

use super::anonymise;
use super::audit::{self, Action, Actor, Entry};
use crate::backend::clock::iso_date;
use crate::backend::db::{begin, Pool};

/// How long each kind of data is kept, in days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Durations {
    /// Applications and CVs, after the last step of the application.
    pub applications_days: i64,
    /// Event registrations and their answers, after the event.
    pub registrations_days: i64,
    /// The address an e-mail was sent to, after sending.
    pub mail_address_days: i64,
}

impl Default for Durations {
    fn default() -> Self {
        Durations {
            applications_days: 730,
            registrations_days: 730,
            mail_address_days: 730,
        }
    }
}

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    pub applications: u64,
    pub cv_files: u64,
    pub registrations: u64,
    pub mail_addresses: u64,
    pub expired_links: u64,
    pub sessions: u64,
}

impl RunSummary {
    fn text(&self) -> String {
        format!(
            "{} candidature(s) anonymisée(s), {} CV supprimé(s), {} inscription(s) anonymisée(s), \
             {} adresse(s) de courriel effacée(s), {} lien(s) expiré(s) et {} session(s) supprimé(e)s",
            self.applications,
            self.cv_files,
            self.registrations,
            self.mail_addresses,
            self.expired_links,
            self.sessions
        )
    }
}

/// Runs the day's retention if no instance did yet; `None` when the day
/// was already claimed.
pub async fn run(
    pool: &Pool,
    uploads: &Path,
    at: i64,
    durations: Durations,
) -> anyhow::Result<Option<RunSummary>> {
    let day = iso_date(at);
    let claimed = sqlx::query(
        "INSERT INTO retention_runs (day, started_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
    )
    .bind(&day)
    .bind(at)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if !claimed {
        return Ok(None);
    }
    let summary = purge(pool, uploads, at, durations).await?;
    let text = summary.text();
    let mut tx = begin(pool).await?;
    sqlx::query("UPDATE retention_runs SET finished_at = $1, summary = $2 WHERE day = $3")
        .bind(crate::backend::db::now())
        .bind(&text)
        .bind(&day)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Entry {
            actor: Actor::System,
            action: Action::Retention,
            object_kind: "retention_run",
            object_id: day.clone(),
            client: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(day = %day, summary = %text, "retention run done");
    Ok(Some(summary))
}

/// The purge itself (each item in its own short transaction).
async fn purge(pool: &Pool, uploads: &Path, at: i64, d: Durations) -> anyhow::Result<RunSummary> {
    let mut summary = RunSummary::default();
    let old: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM applications WHERE anonymised_at IS NULL AND updated_at < $1 ORDER BY id",
    )
    .bind(at - d.applications_days * 86_400)
    .fetch_all(pool)
    .await?;
    for (id,) in old {
        let mut tx = begin(pool).await?;
        let done = anonymise::application(&mut tx, id, at).await?;
        tx.commit().await?;
        if let Some(cv) = done {
            summary.applications += 1;
            if let Some(file) = cv {
                anonymise::delete_cv(uploads, &file).await;
                summary.cv_files += 1;
            }
        }
    }
    let old: Vec<(i64,)> = sqlx::query_as(
        "SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id \
         WHERE r.anonymised_at IS NULL AND e.ends_at < $1 AND r.created_at < $1 ORDER BY r.id",
    )
    .bind(at - d.registrations_days * 86_400)
    .fetch_all(pool)
    .await?;
    for (id,) in old {
        let mut tx = begin(pool).await?;
        if anonymise::registration(&mut tx, id, at).await? {
            summary.registrations += 1;
        }
        tx.commit().await?;
    }
    summary.mail_addresses = sqlx::query(
        "UPDATE outbox SET to_address = 'adresse-effacee@invalid', body = '', body_erased = 1, \
         sealed_secrets = NULL, attachment = NULL \
         WHERE status <> 'pending' AND to_address <> 'adresse-effacee@invalid' \
         AND COALESCE(sent_at, created_at) < $1",
    )
    .bind(at - d.mail_address_days * 86_400)
    .execute(pool)
    .await?
    .rows_affected();
    for sql in [
        "DELETE FROM application_links WHERE expires_at < $1",
        "DELETE FROM offer_links WHERE expires_at < $1",
        "DELETE FROM account_tokens WHERE expires_at < $1",
        "DELETE FROM rights_tokens WHERE expires_at < $1",
    ] {
        summary.expired_links += sqlx::query(sql)
            .bind(at)
            .execute(pool)
            .await?
            .rows_affected();
    }
    summary.sessions = sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(at)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(summary)
}
