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
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(at)
        .bind(at + lifetime_secs)
        .execute(pool)
        .await?;
    Ok(token)
}

/// The user of a live session.
pub async fn user_for_token(pool: &Pool, token: &str) -> sqlx::Result<Option<CurrentUser>> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "{CURRENT_USER_SELECT} JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2"
    ))
    .bind(hash_token(token))
    .bind(now())
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(current_user_from_row))
}

/// Ends a session.
pub async fn delete(pool: &Pool, token: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(pool)
        .await?;
    Ok(())
}
