//! The sharing ledger: offers shared with partner organisations, who opened
//! them and when.

use crate::backend::clock;
use crate::backend::db::{now, Pool, Tx};
use crate::model::{OfferDetail, OfferSummary, PartnerKind, ShareLine};

use super::offers::{OfferRow, SUMMARY_SELECT};

/// Shares an offer with an organisation; `false` when it already was (the
/// first share stays in the ledger).
pub async fn share(pool: &Pool, offer_id: i64, org_id: i64, actor_id: i64) -> sqlx::Result<bool> {
    let mut tx = crate::backend::db::begin(pool).await?;
    let done = share_in(&mut tx, offer_id, org_id, actor_id).await?;
    tx.commit().await?;
    Ok(done)
}

/// [`share`] inside the caller's transaction.
pub async fn share_in(
    tx: &mut Tx,
    offer_id: i64,
    org_id: i64,
    actor_id: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO offer_shares (offer_id, partner_org_id, shared_at, shared_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (offer_id, partner_org_id) DO NOTHING",
    )
    .bind(offer_id)
    .bind(org_id)
    .bind(now())
    .bind(actor_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct ShareRow {
    org_id: i64,
    org_name: String,
    org_kind: String,
    shared_at: i64,
    shared_by: String,
    first_opened_at: Option<i64>,
    candidates: i64,
    hired: i64,
}

/// The statuses in which a shared offer stays readable to the partner: live,
/// or closed (with its final status shown).
pub const READABLE: &str = "('published', 'filled', 'cancelled', 'expired')";

/// The ledger of an offer: with whom it is shared, since when, by whom,
/// when each organisation first opened it, the candidates it positioned
/// (named, plus counts of the older feedback) and those hired.
pub async fn shares(pool: &Pool, offer_id: i64) -> sqlx::Result<Vec<ShareLine>> {
    let rows: Vec<ShareRow> = sqlx::query_as(
        "SELECT s.partner_org_id AS org_id, o.name AS org_name, o.kind AS org_kind, s.shared_at, \
         u.full_name AS shared_by, s.first_opened_at, \
         CAST((SELECT COALESCE(SUM(f.candidates), 0) FROM share_feedback f \
          WHERE f.offer_id = s.offer_id AND f.partner_org_id = s.partner_org_id) \
          + (SELECT COUNT(*) FROM applications a \
          WHERE a.offer_id = s.offer_id AND a.partner_org_id = s.partner_org_id) AS BIGINT) AS candidates, \
         CAST((SELECT COUNT(*) FROM applications a WHERE a.offer_id = s.offer_id \
          AND a.partner_org_id = s.partner_org_id AND a.status = 'hired') AS BIGINT) AS hired \
         FROM offer_shares s \
         JOIN partner_orgs o ON o.id = s.partner_org_id JOIN users u ON u.id = s.shared_by \
         WHERE s.offer_id = $1 ORDER BY s.shared_at, o.name",
    )
    .bind(offer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ShareLine {
            org_id: r.org_id,
            org_name: r.org_name,
            org_kind: PartnerKind::from_code(&r.org_kind).unwrap_or(PartnerKind::Other),
            shared_on: clock::date_time(r.shared_at),
            shared_by: r.shared_by,
            first_opened_on: r.first_opened_at.map(clock::date_time),
            candidates: r.candidates,
            hired: r.hired,
        })
        .collect())
}

/// The offers shared with an organisation, live or closed, newest share
/// first, with when each was shared and whether `user_id` (an adviser of
/// the organisation, when given) has opened it.
pub async fn shared_with(
    pool: &Pool,
    org_id: i64,
    user_id: Option<i64>,
) -> sqlx::Result<Vec<(OfferSummary, i64, bool)>> {
    let rows: Vec<SharedRow> = sqlx::query_as(&format!(
        "SELECT sub.*, s.shared_at, \
         CAST(CASE WHEN v.user_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS opened \
         FROM ({SUMMARY_SELECT}) sub \
         JOIN offer_shares s ON s.offer_id = sub.id \
         LEFT JOIN partner_offer_views v ON v.offer_id = sub.id AND v.user_id = $2 \
         WHERE s.partner_org_id = $1 AND sub.status IN {READABLE} \
         ORDER BY CASE WHEN sub.status = 'published' THEN 0 ELSE 1 END, s.shared_at DESC, sub.id DESC"
    ))
    .bind(org_id)
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| (r.offer.summary(), r.shared_at, r.opened != 0))
        .collect())
}

struct SharedRow {
    offer: OfferRow,
    shared_at: i64,
    opened: i64,
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for SharedRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
        use sqlx::Row;
        Ok(SharedRow {
            offer: OfferRow::from_row(row)?,
            shared_at: row.try_get("shared_at")?,
            opened: row.try_get("opened")?,
        })
    }
}

/// An offer as a partner organisation opens it: only when it is shared with
/// that organisation, live or closed. The organisation's first opening is
/// recorded in the ledger, and the adviser's (`user_id`), which ends
/// « Nouveau » for that adviser.
pub async fn open_as_partner(
    pool: &Pool,
    offer_id: i64,
    org_id: i64,
    user_id: Option<i64>,
) -> sqlx::Result<Option<OfferDetail>> {
    let row: Option<OfferRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} JOIN offer_shares s ON s.offer_id = o.id \
         WHERE o.id = $1 AND s.partner_org_id = $2 AND o.status IN {READABLE}"
    ))
    .bind(offer_id)
    .bind(org_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let questions = super::offers::questions(pool, offer_id).await?;
    let at = now();
    let mut tx = crate::backend::db::begin(pool).await?;
    sqlx::query(
        "UPDATE offer_shares SET first_opened_at = $1 \
         WHERE offer_id = $2 AND partner_org_id = $3 AND first_opened_at IS NULL",
    )
    .bind(at)
    .bind(offer_id)
    .bind(org_id)
    .execute(&mut *tx)
    .await?;
    if let Some(user_id) = user_id {
        sqlx::query(
            "INSERT INTO partner_offer_views (user_id, offer_id, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, offer_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(offer_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Some(row.detail(questions)))
}
