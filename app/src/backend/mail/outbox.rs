//! The outbox table.

use crate::backend::clock;
use crate::backend::db::{now, Pool, Tx};
use crate::model::MailLogLine;

use super::link_secrets;

/// An e-mail to write into the outbox.
pub struct NewMail<'a> {
    pub platform_id: Option<i64>,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Queues an e-mail inside the caller's transaction: it exists only if the
/// change that causes it is committed.
/// The secrets of its links are sealed, never stored readable.
pub async fn enqueue(tx: &mut Tx, mail: &NewMail<'_>) -> sqlx::Result<i64> {
    let at = now();
    let (body, sealed) = link_secrets::take_out(mail.body).map_err(|e| {
        tracing::error!(error = %e, "sealing an e-mail's links failed");
        sqlx::Error::Protocol("sealing failed".into())
    })?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbox (platform_id, to_address, subject, body, status, attempts, next_attempt_at, created_at, sealed_secrets) \
         VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5, $6) RETURNING id",
    )
    .bind(mail.platform_id)
    .bind(mail.to)
    .bind(mail.subject)
    .bind(body)
    .bind(at)
    .bind(sealed)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Queues one e-mail in a transaction of its own (when nothing else
/// changes with it) and wakes the worker.
pub async fn send_alone(
    state: &crate::backend::state::AppState,
    platform_id: Option<i64>,
    to: &str,
    mail: &crate::backend::mail::templates::Mail,
) -> sqlx::Result<()> {
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    enqueue(
        &mut tx,
        &NewMail {
            platform_id,
            to,
            subject: &mail.subject,
            body: &mail.body,
        },
    )
    .await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Queues an e-mail with one attached file (a workbook), inside the
/// caller's transaction.
pub async fn enqueue_with_attachment(
    tx: &mut Tx,
    mail: &NewMail<'_>,
    name: &str,
    bytes: &[u8],
) -> sqlx::Result<i64> {
    let id = enqueue(tx, mail).await?;
    sqlx::query("UPDATE outbox SET attachment_name = $1, attachment = $2 WHERE id = $3")
        .bind(name)
        .bind(bytes.to_vec())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Queues the same e-mail to every account of a company, inside the
/// caller's transaction; returns how many were queued.
pub async fn enqueue_to_company(
    tx: &mut Tx,
    platform_id: i64,
    company_id: i64,
    mail: &crate::backend::mail::templates::Mail,
) -> sqlx::Result<usize> {
    let recipients = crate::backend::repo::users::company_emails(tx, company_id).await?;
    for to in &recipients {
        enqueue(
            tx,
            &NewMail {
                platform_id: Some(platform_id),
                to,
                subject: &mail.subject,
                body: &mail.body,
            },
        )
        .await?;
    }
    Ok(recipients.len())
}

/// A message claimed for delivery.
#[derive(Debug, sqlx::FromRow)]
pub struct Pending {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    pub attachment_name: Option<String>,
    pub attachment: Option<Vec<u8>>,
    pub sealed_secrets: Option<String>,
}

/// How long a worker holds the messages it claimed.
const LEASE_SECS: i64 = 120;

/// Claims up to `limit` due messages. A claimed message is leased, so that
/// several server instances never send it twice at the same time.
pub async fn claim(pool: &Pool, limit: i64) -> sqlx::Result<Vec<Pending>> {
    let at = now();
    sqlx::query_as(
        "UPDATE outbox SET locked_until = $1 \
         WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $2 \
                      AND (locked_until IS NULL OR locked_until < $2) ORDER BY id LIMIT $3) \
           AND status = 'pending' AND (locked_until IS NULL OR locked_until < $2) \
         RETURNING id, to_address, subject, body, attempts, attachment_name, attachment, sealed_secrets",
    )
    .bind(at + LEASE_SECS)
    .bind(at)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Records a delivery (`sent` through SMTP, or `logged` without SMTP); the
/// sealed secrets of its links are erased: nobody can read them again.
pub async fn mark_done(pool: &Pool, id: i64, status: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE outbox SET status = $1, sent_at = $2, locked_until = NULL, attempts = attempts + 1, sealed_secrets = NULL WHERE id = $3")
        .bind(status)
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 8;

/// Records a failed attempt: retried later (exponential back-off from one
/// minute), or `failed` after [`MAX_ATTEMPTS`].
pub async fn mark_failed(
    pool: &Pool,
    id: i64,
    attempts_before: i64,
    error: &str,
) -> sqlx::Result<()> {
    let attempts = attempts_before + 1;
    let status = if attempts >= MAX_ATTEMPTS {
        "failed"
    } else {
        "pending"
    };
    let delay = 60i64 << attempts.clamp(0, 10);
    sqlx::query(
        "UPDATE outbox SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4, locked_until = NULL, \
         sealed_secrets = CASE WHEN $1 = 'failed' THEN NULL ELSE sealed_secrets END WHERE id = $5",
    )
    .bind(status)
    .bind(attempts)
    .bind(now() + delay)
    .bind(error)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct LogRow {
    id: i64,
    to_address: String,
    subject: String,
    body: String,
    status: String,
    attempts: i64,
    created_at: i64,
    body_erased: i64,
}

/// The newest e-mails of a platform (all platforms for `None`).
pub async fn log(
    pool: &Pool,
    platform_id: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<MailLogLine>> {
    Ok(search(pool, platform_id, "", "", 0, limit).await?.0)
}

/// The mail log's messages whose recipient or subject contains `words`
/// (case and accents as typed; empty: all) and of `status` (empty: all),
/// newest first, `limit` from `offset`; with how many match.
pub async fn search(
    pool: &Pool,
    platform_id: Option<i64>,
    words: &str,
    status: &str,
    offset: i64,
    limit: i64,
) -> sqlx::Result<(Vec<MailLogLine>, i64)> {
    let words = words.trim().to_lowercase();
    let like = (!words.is_empty()).then(|| {
        format!(
            "%{}%",
            words
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    let status = Some(status.trim()).filter(|s| !s.is_empty());
    let filter = "WHERE ($1 IS NULL OR platform_id = $1) \
         AND ($2 IS NULL OR LOWER(to_address) LIKE $2 ESCAPE '\\' OR LOWER(subject) LIKE $2 ESCAPE '\\') \
         AND ($3 IS NULL OR status = $3)";
    let (total,): (i64,) = sqlx::query_as(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox {filter}"
    ))
    .bind(platform_id)
    .bind(like.clone())
    .bind(status)
    .fetch_one(pool)
    .await?;
    let rows: Vec<LogRow> = sqlx::query_as(&format!(
        "SELECT id, to_address, subject, body, status, attempts, created_at, body_erased FROM outbox \
         {filter} ORDER BY id DESC LIMIT $4 OFFSET $5"
    ))
    .bind(platform_id)
    .bind(like)
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let lines = rows
        .into_iter()
        .map(|r| MailLogLine {
            id: r.id,
            to: r.to_address,
            subject: r.subject,
            body: if r.body_erased != 0 {
                "(Le texte de ce message a été effacé : le portail ne garde le contenu des e-mails envoyés que quelques jours.)".to_owned()
            } else {
                link_secrets::masked(&r.body)
            },
            status: r.status,
            attempts: r.attempts,
            created_on: clock::date_time(r.created_at),
        })
        .collect();
    Ok((lines, total))
}

/// Erases the text of the messages sent (or given up) more than `days`
/// days ago; subject, recipient and status stay for the mail log.
pub async fn erase_old_bodies(pool: &Pool, days: i64) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE outbox SET body = '', sealed_secrets = NULL, attachment = NULL, body_erased = 1 \
         WHERE body_erased = 0 AND status <> 'pending' AND COALESCE(sent_at, created_at) < $1",
    )
    .bind(now() - days * 86_400)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
