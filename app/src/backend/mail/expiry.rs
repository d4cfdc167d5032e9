//! The expiry of published offers: reminders to the company 7 days and
//! 1 day before (each with a link to extend or close the offer without
//! signing in), then expiry itself. Each step is its own transaction and is
//! claimed in the database, so several server instances never send twice.

use crate::backend::clock;
use crate::backend::db::{now, Pool};
use crate::backend::mail::{outbox, templates};
use crate::backend::repo::offer_expiry;
use crate::backend::repo::offer_links;
use crate::backend::repo::offers::{self, Actor};
use crate::model::OfferStatus;

/// Sends the reminders due at `at` and expires the offers past their date;
/// returns the e-mails queued and the offers expired.
pub async fn run(pool: &Pool, at: i64, link_base: &str) -> sqlx::Result<(usize, usize)> {
    let mut queued = 0;
    for (offer_id, stage) in offer_expiry::due_reminders(pool, at).await? {
        let mut tx = crate::backend::db::begin(pool).await?;
        if !offer_expiry::claim_reminder(&mut tx, offer_id, stage).await? {
            continue;
        }
        let row: Option<(String, i64, i64, i64)> = sqlx::query_as(
            "SELECT title, expires_at, company_id, platform_id FROM offers WHERE id = $1",
        )
        .bind(offer_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((title, expires_at, company_id, platform_id)) = row else {
            continue;
        };
        let token = offer_links::create(&mut tx, offer_id).await?;
        let mail = templates::offer_expiry_reminder(
            &title,
            &clock::date(expires_at),
            &format!("{link_base}/offre/lien/{token}"),
        );
        queued += outbox::enqueue_to_company(&mut tx, platform_id, company_id, &mail).await?;
        tx.commit().await?;
    }
    let mut expired = 0;
    for offer_id in offer_expiry::past_expiry(pool, at).await? {
        let mut tx = crate::backend::db::begin(pool).await?;
        let done = offers::transition_in(
            &mut tx,
            offer_id,
            OfferStatus::Expired,
            Actor::Automatic,
            Some("Date d'expiration atteinte"),
        )
        .await?;
        if done.is_ok() {
            tx.commit().await?;
            expired += 1;
        }
    }
    Ok((queued, expired))
}

/// [`run`] at the current time.
pub async fn run_now(pool: &Pool, link_base: &str) -> sqlx::Result<(usize, usize)> {
    run(pool, now(), link_base).await
}
