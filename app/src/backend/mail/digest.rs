//! The partners' daily digest: one e-mail a day per partner user, listing
//! the offers newly shared with their organisation and the shared offers
//! closed since (filled, cancelled, expired) — never one mail per offer.

use crate::backend::db::{now, Pool};
use crate::backend::mail::{outbox, templates};

/// Runs the digest of `day` (a Paris date, `YYYY-MM-DD`) for every
/// organisation that has not had it yet; returns the e-mails queued. Each
/// organisation is done in one transaction, claimed by inserting its
/// (organisation, day) row, so a second run or instance does nothing.
pub async fn run(pool: &Pool, day: &str, link_base: &str) -> sqlx::Result<usize> {
    let orgs: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT DISTINCT s.partner_org_id, o.platform_id FROM offer_shares s \
         JOIN offers o ON o.id = s.offer_id \
         WHERE (s.digested_at IS NULL AND o.status = 'published') OR s.closure_pending = 1",
    )
    .fetch_all(pool)
    .await?;
    let mut queued = 0;
    for (org_id, platform_id) in orgs {
        let mut tx = crate::backend::db::begin(pool).await?;
        let claimed = sqlx::query(
            "INSERT INTO partner_digests (partner_org_id, day, created_at, offers) VALUES ($1, $2, $3, 0) \
             ON CONFLICT (partner_org_id, day) DO NOTHING",
        )
        .bind(org_id)
        .bind(day)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        let offers: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT o.id, o.title, cm.name FROM offer_shares s JOIN offers o ON o.id = s.offer_id \
             JOIN communes cm ON cm.insee = o.commune_insee \
             WHERE s.partner_org_id = $1 AND s.digested_at IS NULL AND o.status = 'published' ORDER BY s.shared_at",
        )
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        let closed: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT o.id, o.title, cm.name, o.status FROM offer_shares s JOIN offers o ON o.id = s.offer_id \
             JOIN communes cm ON cm.insee = o.commune_insee \
             WHERE s.partner_org_id = $1 AND s.closure_pending = 1 ORDER BY o.id",
        )
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        let recipients: Vec<(String,)> =
            sqlx::query_as("SELECT email FROM users WHERE partner_org_id = $1 ORDER BY id")
                .bind(org_id)
                .fetch_all(&mut *tx)
                .await?;
        let lines: Vec<String> = offers
            .iter()
            .map(|(id, title, commune)| {
                format!("- {title} ({commune}) : {link_base}/partenaire/offres/{id}")
            })
            .collect();
        let closed_lines: Vec<String> = closed
            .iter()
            .map(|(id, title, commune, status)| {
                let status = crate::model::OfferStatus::from_code(status)
                    .map_or("Clôturée", crate::model::OfferStatus::label);
                format!("- {title} ({commune}) : {status} — {link_base}/partenaire/offres/{id}")
            })
            .collect();
        let mail =
            templates::partner_digest(&lines, &closed_lines, &format!("{link_base}/partenaire"));
        for (email,) in &recipients {
            outbox::enqueue(
                &mut tx,
                &outbox::NewMail {
                    platform_id: Some(platform_id),
                    to: email,
                    subject: &mail.subject,
                    body: &mail.body,
                },
            )
            .await?;
            queued += 1;
        }
        sqlx::query(
            "UPDATE offer_shares SET digested_at = $1 WHERE partner_org_id = $2 AND digested_at IS NULL \
             AND offer_id IN (SELECT id FROM offers WHERE status = 'published')",
        )
        .bind(now())
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE offer_shares SET closure_pending = 0 WHERE partner_org_id = $1")
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE partner_digests SET offers = $1 WHERE partner_org_id = $2 AND day = $3",
        )
        .bind(i64::try_from(offers.len()).unwrap_or(i64::MAX))
        .bind(org_id)
        .bind(day)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    }
    Ok(queued)
}
