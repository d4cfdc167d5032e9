//! Single-use links of the account lifecycle (confirm the address, reset
//! the password): random tokens of which only the SHA-256 is kept.

use crate::backend::db::{now, Tx};
use crate::backend::token;

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Confirm,
    Reset,
}

impl Purpose {
    fn code(self) -> &'static str {
        match self {
            Purpose::Confirm => "confirm",
            Purpose::Reset => "reset",
        }
    }
}

/// A new link for a user, valid `secs`; the earlier unused links of the
/// same purpose stop working. Returns the token for the e-mail.
pub async fn create(
    tx: &mut Tx,
    user_id: i64,
    purpose: Purpose,
    secs: i64,
) -> sqlx::Result<String> {
    let at = now();
    sqlx::query(
        "DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(purpose.code())
    .execute(&mut **tx)
    .await?;
    let (token, hash) = token::new_token();
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(purpose.code())
    .bind(at)
    .bind(at + secs)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// The user of a live link, without using it (to show its page).
pub async fn peek(tx: &mut Tx, token: &str, purpose: Purpose) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT user_id FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token::hash(token))
    .bind(purpose.code())
    .bind(now())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Uses a live link (once: of two concurrent uses, one wins); its user.
pub async fn consume(tx: &mut Tx, token: &str, purpose: Purpose) -> sqlx::Result<Option<i64>> {
    let at = now();
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE account_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(at)
    .bind(token::hash(token))
    .bind(purpose.code())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(id,)| id))
}
