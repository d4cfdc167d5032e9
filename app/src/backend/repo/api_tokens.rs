//! The partner API's tokens (only their SHA-256 is kept) and the record of
//! every call made with them.

use crate::backend::clock;
use crate::backend::db::{now, Pool};
use crate::model::api_token::ApiTokenLine;

/// A token as a call presents it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub token_id: i64,
    pub org_id: i64,
    pub can_write: bool,
    /// The manager who created the token (named as the adviser of what it
    /// posts).
    pub created_by: i64,
}

/// Whether the user manages the partner organisation's tokens.
pub async fn is_manager(pool: &Pool, user_id: i64) -> sqlx::Result<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT partner_manager FROM users WHERE id = $1 AND role = 'partner'")
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.is_some_and(|(m,)| m == 1))
}

/// Records a new token; `token` is the clear secret, kept sealed until its
/// creator has seen it once.
pub async fn create(
    pool: &Pool,
    org_id: i64,
    name: &str,
    can_write: bool,
    created_by: i64,
    token: &str,
) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO api_tokens (partner_org_id, name, token_hash, prefix, can_write, created_by, created_at, pending_secret) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(org_id)
    .bind(name)
    .bind(crate::backend::token::hash(token))
    .bind(token.chars().take(10).collect::<String>())
    .bind(i64::from(can_write))
    .bind(created_by)
    .bind(now())
    .bind(super::sealed(token)?)
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// The clear text of a token its creator has not seen yet, shown once:
/// (name, secret).
pub async fn reveal_once(pool: &Pool, user_id: i64) -> sqlx::Result<Option<(String, String)>> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, pending_secret FROM api_tokens WHERE created_by = $1 \
         AND pending_secret IS NOT NULL AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    let Some((id, name, sealed)) = row else {
        return Ok(None);
    };
    let done = sqlx::query(
        "UPDATE api_tokens SET pending_secret = NULL WHERE id = $1 AND pending_secret IS NOT NULL",
    )
    .bind(id)
    .execute(pool)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    Ok(Some((name, crate::backend::secrets::open_field(&sealed))))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    prefix: String,
    can_write: i64,
    created_at: i64,
    created_by: String,
    last_used_at: Option<i64>,
    calls: i64,
    revoked_at: Option<i64>,
}

/// The organisation's tokens, live ones first, newest first.
pub async fn for_org(pool: &Pool, org_id: i64) -> sqlx::Result<Vec<ApiTokenLine>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.id, t.name, t.prefix, t.can_write, t.created_at, u.full_name AS created_by, t.last_used_at, \
         CAST((SELECT COUNT(*) FROM api_calls c WHERE c.token_id = t.id AND c.at >= $2) AS BIGINT) AS calls, \
         t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.created_by \
         WHERE t.partner_org_id = $1 \
         ORDER BY CASE WHEN t.revoked_at IS NULL THEN 0 ELSE 1 END, t.id DESC",
    )
    .bind(org_id)
    .bind(now() - 30 * 86_400)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ApiTokenLine {
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            can_write: r.can_write == 1,
            created_on: clock::date(r.created_at),
            created_by: r.created_by,
            last_used_on: r.last_used_at.map(clock::date_time),
            calls: r.calls,
            revoked_on: r.revoked_at.map(clock::date_time),
        })
        .collect())
}

/// Revokes one of the organisation's tokens; `false` when there is no such
/// live token.
pub async fn revoke(pool: &Pool, org_id: i64, id: i64, by: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1, revoked_by = $2, pending_secret = NULL \
         WHERE id = $3 AND partner_org_id = $4 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(by)
    .bind(id)
    .bind(org_id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The live token a call presents, if any.
pub async fn by_secret(pool: &Pool, token: &str) -> sqlx::Result<Option<Caller>> {
    let row: Option<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, partner_org_id, can_write, created_by FROM api_tokens \
         WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(crate::backend::token::hash(token))
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(token_id, org_id, can_write, created_by)| Caller {
        token_id,
        org_id,
        can_write: can_write == 1,
        created_by,
    }))
}

/// Calls made with a token since `since`.
pub async fn calls_since(pool: &Pool, token_id: i64, since: i64) -> sqlx::Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM api_calls WHERE token_id = $1 AND at >= $2",
    )
    .bind(token_id)
    .bind(since)
    .fetch_one(pool)
    .await?;
    Ok(n)
}

/// Records a call (method, path without its query, answer's status).
pub async fn record_call(
    pool: &Pool,
    token_id: i64,
    method: &str,
    path: &str,
    status: u16,
) -> sqlx::Result<()> {
    let at = now();
    let mut tx = crate::backend::db::begin(pool).await?;
    sqlx::query(
        "INSERT INTO api_calls (token_id, at, method, path, status) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_id)
    .bind(at)
    .bind(method)
    .bind(path)
    .bind(i64::from(status))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(at)
        .bind(token_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
