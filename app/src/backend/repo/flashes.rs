//! Refused forms sent without JavaScript: the error (with the values typed)
//! waits here, behind a random id kept in a short-lived cookie, until the
//! page that shows it is rendered, then it is gone. Nothing of it ever
//! travels in a URL.

use crate::backend::db::{now, Pool};
use crate::backend::token;

/// How long a refused form waits for its page.
pub const FLASH_SECS: i64 = 300;

/// Keeps a server function's error; returns the id for the cookie.
pub async fn put(pool: &Pool, fn_path: &str, error: &str) -> sqlx::Result<String> {
    let (id, id_hash) = token::new_token();
    sqlx::query(
        "INSERT INTO form_flashes (id_hash, fn_path, error, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id_hash)
    .bind(fn_path)
    .bind(error)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(id)
}

/// Takes the error kept under `id` (read once), if still fresh.
pub async fn take(pool: &Pool, id: &str) -> sqlx::Result<Option<(String, String)>> {
    let id_hash = token::hash(id);
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "DELETE FROM form_flashes WHERE id_hash = $1 RETURNING fn_path, error, created_at",
    )
    .bind(id_hash)
    .fetch_optional(pool)
    .await?;
    Ok(row
        .filter(|(_, _, at)| *at > now() - FLASH_SECS)
        .map(|(path, error, _)| (path, error)))
}

/// Drops the errors nobody came back for.
pub async fn purge(pool: &Pool) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM form_flashes WHERE created_at < $1")
        .bind(now() - FLASH_SECS)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
