//! Links e-mailed to a company to extend or close an offer without signing
//! in. The token is random (256 bits) and only its SHA-256 is stored: a link
//! cannot be forged, works once, and stops working when it expires.

use crate::backend::db::{now, Pool, Tx};
use crate::backend::token;

/// How long a link sent in a reminder works.
pub const LINK_LIFETIME_SECS: i64 = 30 * 86_400;

/// What a token opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Usable, for this offer.
    Valid(i64),
    /// Already used once.
    Used,
    /// Past its date.
    Expired,
    /// No such link (mistyped or forged).
    Unknown,
}

/// A new link for an offer, valid for [`LINK_LIFETIME_SECS`]; returns the
/// token to put in the e-mail.
pub async fn create(tx: &mut Tx, offer_id: i64) -> sqlx::Result<String> {
    let (token, hash) = token::new_token();
    let at = now();
    sqlx::query(
        "INSERT INTO offer_links (token_hash, offer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash)
    .bind(offer_id)
    .bind(at)
    .bind(at + LINK_LIFETIME_SECS)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// What a token opens, now.
pub async fn state(pool: &Pool, token: &str) -> sqlx::Result<LinkState> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT offer_id, expires_at, used_at FROM offer_links WHERE token_hash = $1",
    )
    .bind(token::hash(token))
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        None => LinkState::Unknown,
        Some((_, _, Some(_))) => LinkState::Used,
        Some((_, expires, None)) if expires <= now() => LinkState::Expired,
        Some((offer_id, _, None)) => LinkState::Valid(offer_id),
    })
}

/// Uses a link inside the caller's transaction: the offer it opens, or
/// `None` when it is unknown, used or expired (two concurrent uses: only
/// one wins).
pub async fn consume(tx: &mut Tx, token: &str) -> sqlx::Result<Option<i64>> {
    let at = now();
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE offer_links SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING offer_id",
    )
    .bind(at)
    .bind(token::hash(token))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(id,)| id))
}
