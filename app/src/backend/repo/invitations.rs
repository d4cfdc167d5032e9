//! Invitations into a company account, sent by e-mail as single-use links
//! that expire.

use crate::backend::db::{now, Pool, Tx};
use crate::backend::token;

/// How long an invitation link stays valid.
pub const LIFETIME_SECS: i64 = 7 * 24 * 3600;

/// Creates an invitation; returns the token for the link.
pub async fn create(
    tx: &mut Tx,
    company_id: i64,
    email: &str,
    invited_by: i64,
) -> sqlx::Result<String> {
    let (token, hash) = token::new_token();
    let at = now();
    sqlx::query(
        "INSERT INTO invitations (token_hash, company_id, email, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash)
    .bind(company_id)
    .bind(email)
    .bind(invited_by)
    .bind(at)
    .bind(at + LIFETIME_SECS)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// A live invitation (not used, not expired).
#[derive(Debug, sqlx::FromRow)]
pub struct Invitation {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub email: String,
    pub invited_by: String,
}

/// The live invitation a token opens, if any.
pub async fn find(pool: &Pool, token: &str) -> sqlx::Result<Option<Invitation>> {
    sqlx::query_as(
        "SELECT i.id, i.company_id, c.name AS company_name, i.email, u.full_name AS invited_by \
         FROM invitations i JOIN companies c ON c.id = i.company_id JOIN users u ON u.id = i.invited_by \
         WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2",
    )
    .bind(token::hash(token))
    .bind(now())
    .fetch_optional(pool)
    .await
}

/// Marks an invitation used, once: `false` when another request used it
/// first.
pub async fn accept(tx: &mut Tx, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL",
    )
    .bind(now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
