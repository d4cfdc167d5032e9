//! When a shared offer closes (filled, cancelled, expired), in the
//! transaction of the closing: every adviser who positioned a candidate on
//! it is told at once, and each organisation it was shared with is told in
//! its next digest.

use crate::backend::db::Tx;
use crate::backend::mail::{outbox, templates};
use crate::model::OfferStatus;

/// Queues the advisers' notices and marks the shares for the digest.
pub async fn offer_closed(tx: &mut Tx, offer_id: i64, to: OfferStatus) -> sqlx::Result<()> {
    sqlx::query("UPDATE offer_shares SET closure_pending = 1 WHERE offer_id = $1")
        .bind(offer_id)
        .execute(&mut **tx)
        .await?;
    let advisers: Vec<(String, i64)> = sqlx::query_as(
        "SELECT u.email, CAST(COUNT(*) AS BIGINT) FROM applications a JOIN users u ON u.id = a.positioned_by \
         WHERE a.offer_id = $1 AND a.anonymised_at IS NULL GROUP BY u.email ORDER BY u.email",
    )
    .bind(offer_id)
    .fetch_all(&mut **tx)
    .await?;
    if advisers.is_empty() {
        return Ok(());
    }
    let (title, company, platform_id): (String, String, i64) = sqlx::query_as(
        "SELECT o.title, c.name, o.platform_id FROM offers o JOIN companies c ON c.id = o.company_id WHERE o.id = $1",
    )
    .bind(offer_id)
    .fetch_one(&mut **tx)
    .await?;
    let status = to.label().to_lowercase();
    for (email, count) in advisers {
        let mail = templates::offer_closed_for_adviser(&title, &company, &status, count);
        outbox::enqueue(
            tx,
            &outbox::NewMail {
                platform_id: Some(platform_id),
                to: &email,
                subject: &mail.subject,
                body: &mail.body,
            },
        )
        .await?;
    }
    Ok(())
}
