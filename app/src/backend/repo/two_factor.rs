//! The stored half of two-factor sign-in: secrets (sealed), recovery codes
//! (hashed), and sign-ins waiting for their second factor.

use crate::backend::db::{now, Pool, Tx};
use crate::backend::token;

/// A sign-in waiting for its second factor.
#[derive(Debug, sqlx::FromRow)]
pub struct Challenge {
    pub user_id: i64,
    pub next_path: Option<String>,
    pub created_at: i64,
    pub attempts: i64,
    pub pending_secret_sealed: Option<String>,
    pub pending_codes_sealed: Option<String>,
}

/// Records a challenge; returns its token (for the cookie).
pub async fn create_challenge(
    pool: &Pool,
    user_id: i64,
    next: Option<&str>,
) -> sqlx::Result<String> {
    let (token, hash) = token::new_token();
    sqlx::query("DELETE FROM mfa_challenges WHERE user_id = $1 OR created_at < $2")
        .bind(user_id)
        .bind(now() - 3600)
        .execute(pool)
        .await?;
    sqlx::query("INSERT INTO mfa_challenges (token_hash, user_id, next_path, created_at) VALUES ($1, $2, $3, $4)")
        .bind(hash)
        .bind(user_id)
        .bind(next)
        .bind(now())
        .execute(pool)
        .await?;
    Ok(token)
}

/// The challenge of a token.
pub async fn challenge(pool: &Pool, token: &str) -> sqlx::Result<Option<Challenge>> {
    sqlx::query_as(
        "SELECT user_id, next_path, created_at, attempts, pending_secret_sealed, pending_codes_sealed \
         FROM mfa_challenges WHERE token_hash = $1",
    )
    .bind(token::hash(token))
    .fetch_optional(pool)
    .await
}

/// Counts one more attempt; returns the attempts so far.
pub async fn count_attempt(pool: &Pool, token: &str) -> sqlx::Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "UPDATE mfa_challenges SET attempts = attempts + 1 WHERE token_hash = $1 RETURNING attempts",
    )
    .bind(token::hash(token))
    .fetch_one(pool)
    .await?;
    Ok(n)
}

/// Keeps the secret and codes being enrolled (sealed).
pub async fn set_pending(pool: &Pool, token: &str, secret: &str, codes: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE mfa_challenges SET pending_secret_sealed = $1, pending_codes_sealed = $2 WHERE token_hash = $3")
        .bind(secret)
        .bind(codes)
        .bind(token::hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends a challenge.
pub async fn delete_challenge(tx: &mut Tx, token: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM mfa_challenges WHERE token_hash = $1")
        .bind(token::hash(token))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A user's sealed secret and last step used, if enrolled.
pub async fn secret(pool: &Pool, user_id: i64) -> sqlx::Result<Option<(String, Option<i64>)>> {
    let row: Option<(Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT totp_secret_sealed, totp_last_step FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(s, step)| s.map(|s| (s, step))))
}

/// Records the step of a code used, if later than the last one (a code
/// serves once); `false` when it was already used.
pub async fn use_step(tx: &mut Tx, user_id: i64, step: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Enrols a user: the sealed secret, and new recovery codes (hashes).
pub async fn enrol(
    tx: &mut Tx,
    user_id: i64,
    secret_sealed: &str,
    step: i64,
    code_hashes: &[String],
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET totp_secret_sealed = $1, totp_last_step = $2 WHERE id = $3")
        .bind(secret_sealed)
        .bind(step)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    for hash in code_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Uses a recovery code (once); `true` when it was a live one.
pub async fn use_recovery_code(tx: &mut Tx, user_id: i64, code_hash: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now())
    .bind(user_id)
    .bind(code_hash)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets a user's secret and recovery codes (the next sign-in enrols
/// again); `false` when there is no such account.
pub async fn forget(tx: &mut Tx, user_id: i64) -> sqlx::Result<bool> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    let done = sqlx::query(
        "UPDATE users SET totp_secret_sealed = NULL, totp_last_step = NULL WHERE id = $1",
    )
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
