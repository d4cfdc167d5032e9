//! What partners say back about the offers shared with them.

use crate::backend::clock;
use crate::backend::db::{now, Pool};
use crate::model::FeedbackLine;

/// Records a partner's comment on a shared, published offer (candidates
/// are positioned by name, see `positionings`; the count column keeps the
/// older feedback's); `false` when the offer is not (or no longer) shared
/// with that organisation.
pub async fn add(
    pool: &Pool,
    offer_id: i64,
    org_id: i64,
    author_id: i64,
    comment: &str,
) -> sqlx::Result<bool> {
    let mut tx = crate::backend::db::begin(pool).await?;
    let shared: Option<(i64,)> = sqlx::query_as(
        "SELECT s.offer_id FROM offer_shares s JOIN offers o ON o.id = s.offer_id \
         WHERE s.offer_id = $1 AND s.partner_org_id = $2 AND o.status = 'published'",
    )
    .bind(offer_id)
    .bind(org_id)
    .fetch_optional(&mut *tx)
    .await?;
    if shared.is_none() {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO share_feedback (offer_id, partner_org_id, author_id, at, candidates, comment) \
         VALUES ($1, $2, $3, $4, 0, $5)",
    )
    .bind(offer_id)
    .bind(org_id)
    .bind(author_id)
    .bind(now())
    .bind(comment)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(sqlx::FromRow)]
struct Row {
    org_name: String,
    author: String,
    at: i64,
    candidates: i64,
    comment: String,
}

/// The feedback on an offer, oldest first; only one organisation's when
/// `org_id` is given.
pub async fn for_offer(
    pool: &Pool,
    offer_id: i64,
    org_id: Option<i64>,
) -> sqlx::Result<Vec<FeedbackLine>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.name AS org_name, u.full_name AS author, f.at, f.candidates, f.comment \
         FROM share_feedback f JOIN partner_orgs o ON o.id = f.partner_org_id \
         JOIN users u ON u.id = f.author_id \
         WHERE f.offer_id = $1 AND ($2 IS NULL OR f.partner_org_id = $2) ORDER BY f.id",
    )
    .bind(offer_id)
    .bind(org_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| FeedbackLine {
            org_name: r.org_name,
            author: r.author,
            at: clock::date_time(r.at),
            candidates: r.candidates,
            comment: r.comment,
        })
        .collect())
}
