//! Anonymising a person's rows: the personal fields and files go, the
//! anonymous facts the indicators count stay (status, dates, attendance,
//! situation, referrer, whether priority boxes were ticked, outcomes). Each
//! row is anonymised once, whatever instance or run gets to it first.

use crate::backend::db::Tx;
use crate::backend::token;

/// The placeholder name of an erased person.
pub const ERASED_NAME: &str = "Personne effacée";

/// Anonymises an application; `Some(cv file)` when this call did it (the
/// caller deletes the file once the transaction commits), `None` when it
/// was already done.
pub async fn application(tx: &mut Tx, id: i64, at: i64) -> sqlx::Result<Option<Option<String>>> {
    let cv: Option<(Option<String>,)> =
        sqlx::query_as("SELECT cv_file FROM applications WHERE id = $1 AND anonymised_at IS NULL")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((cv,)) = cv else {
        return Ok(None);
    };
    let done = sqlx::query(
        "UPDATE applications SET full_name = $1, email = $2, phone = '', message = '', \
         cv_file = NULL, anonymised_at = $3 WHERE id = $4 AND anonymised_at IS NULL",
    )
    .bind(ERASED_NAME)
    .bind(format!("efface-candidature-{id}@invalid"))
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if !done {
        return Ok(None);
    }
    for statement in [
        "DELETE FROM application_answers WHERE application_id = $1",
        "DELETE FROM application_links WHERE application_id = $1",
        "UPDATE application_history SET note = NULL WHERE application_id = $1",
    ] {
        sqlx::query(statement).bind(id).execute(&mut **tx).await?;
    }
    Ok(Some(cv))
}

/// Anonymises a registration; `true` when this call did it.
pub async fn registration(tx: &mut Tx, id: i64, at: i64) -> sqlx::Result<bool> {
    let (_, hash) = token::new_token();
    let done = sqlx::query(
        "UPDATE registrations SET full_name = $1, email = $2, phone = '', token_hash = $3, \
         anonymised_at = $4 WHERE id = $5 AND anonymised_at IS NULL",
    )
    .bind(ERASED_NAME)
    .bind(format!("efface-inscription-{id}@invalid"))
    .bind(hash)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        sqlx::query("DELETE FROM registration_answers WHERE registration_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(done)
}

/// Forgets the address of the e-mails sent to `email` (their texts go;
/// those not yet sent are dropped). Returns how many were touched.
pub async fn mails_to(tx: &mut Tx, email: &str) -> sqlx::Result<u64> {
    let dropped = sqlx::query("DELETE FROM outbox WHERE to_address = $1 AND status = 'pending'")
        .bind(email)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    let kept = sqlx::query(
        "UPDATE outbox SET to_address = 'adresse-effacee@invalid', body = '', body_erased = 1, \
         sealed_secrets = NULL, attachment = NULL WHERE to_address = $1",
    )
    .bind(email)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(dropped + kept)
}

/// Deletes a CV file (after the commit that forgot it).
pub async fn delete_cv(uploads: &std::path::Path, file: &str) {
    if !file.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
        return;
    }
    match tokio::fs::remove_file(uploads.join("cv").join(file)).await {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::error!(error = %e, "a CV file could not be deleted"),
    }
}
