//! Sessions stored in the database, so that several server instances share
//! them. Only a SHA-256 of the token is stored: a leaked table opens nothing.

use super::users::{current_user_from_row, UserRow, CURRENT_USER_SELECT};
use crate::backend::db::{now, Pool};
use crate::backend::token::{self, hash as hash_token};
use crate::model::CurrentUser;

/// Opens a session for a user; returns the token for the cookie.
pub async fn create(pool: &Pool, user_id: i64, lifetime_secs: i64) -> sqlx::Result<String> {
    let (token, token_hash) = token::new_token();
    let at = now();
    // Expired sessions are purged as new ones open.
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(at)
        .execute(pool)
        .await?;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)")
        .bind(token_hash)
        .bind(user_id)
        .bind(at)
        .bind(at + lifetime_secs)
        .execute(pool)
        .await?;
    Ok(token)
}

/// How long a session of the platform's side (staff, admin, partners,
/// the Région) may stay unused before it ends: these accounts read
/// candidates' personal data, often on shared office computers.
pub const STAFF_IDLE_SECS: i64 = 30 * 60;

/// How often the last activity of a session is written (not at every
/// request).
const TOUCH_EVERY_SECS: i64 = 60;

/// The user of a live session: not expired, the account active, and for
/// the platform's side not idle past [`STAFF_IDLE_SECS`].
pub async fn user_for_token(pool: &Pool, token: &str) -> sqlx::Result<Option<CurrentUser>> {
    let at = now();
    let token_hash = hash_token(token);
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "{CURRENT_USER_SELECT} JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2 \
         AND u.deactivated_at IS NULL \
         AND (u.role = 'company' OR COALESCE(s.last_seen_at, s.created_at) > $3)"
    ))
    .bind(&token_hash)
    .bind(at)
    .bind(at - STAFF_IDLE_SECS)
    .fetch_optional(pool)
    .await?;
    if row.is_some() {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND COALESCE(last_seen_at, 0) < $3")
            .bind(at)
            .bind(&token_hash)
            .bind(at - TOUCH_EVERY_SECS)
            .execute(pool)
            .await?;
    }
    Ok(row.and_then(current_user_from_row))
}

/// Ends every session of a user (password changed or reset, account
/// deactivated), but `keep` (the token of the session that changed it).
pub async fn revoke_all(pool: &Pool, user_id: i64, keep: Option<&str>) -> sqlx::Result<u64> {
    let keep = keep.map(hash_token).unwrap_or_default();
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// Ends a session.
pub async fn delete(pool: &Pool, token: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(pool)
        .await?;
    Ok(())
}
