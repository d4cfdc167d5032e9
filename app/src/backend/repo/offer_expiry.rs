//! The end of a published offer's life: its expiry date, the reminders
//! before it, extension, and how it was filled.

use crate::backend::clock;
use crate::backend::db::{now, Pool, Tx};
use crate::model::{OfferClosing, OfferStatus};

use super::offers::{self, Actor, TransitionError};

/// Days before expiry when the company is reminded (first, second).
pub const REMINDER_DAYS: [i64; 2] = [7, 1];

/// Starts (or restarts) the life of a just published offer: it expires
/// `lifetime_days` from now.
pub async fn publish_until(tx: &mut Tx, offer_id: i64, lifetime_days: i64) -> sqlx::Result<()> {
    let at = now();
    sqlx::query(
        "UPDATE offers SET published_at = COALESCE(published_at, $1), expires_at = $2, \
         reminders_sent = 0 WHERE id = $3",
    )
    .bind(at)
    .bind(at + lifetime_days * 86_400)
    .bind(offer_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Extends a published or expired offer by `lifetime_days` (from its
/// current expiry date, or from now if that is past); an expired offer is
/// published again. Returns the new expiry date, in French.
pub async fn extend(
    tx: &mut Tx,
    offer_id: i64,
    actor: Actor,
    lifetime_days: i64,
    how: &str,
) -> sqlx::Result<Result<String, TransitionError>> {
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, expires_at FROM offers WHERE id = $1")
            .bind(offer_id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((status, expires_at)) = row else {
        return Ok(Err(TransitionError::NotFound));
    };
    let status = OfferStatus::from_code(&status).unwrap_or(OfferStatus::Draft);
    let at = now();
    let until = expires_at.unwrap_or(at).max(at) + lifetime_days * 86_400;
    let reason = format!("Offre prolongée jusqu'au {} ({how})", clock::date(until));
    match status {
        OfferStatus::Published => {
            offers::note(tx, offer_id, actor, status, &reason).await?;
        }
        OfferStatus::Expired => {
            if let Err(e) =
                offers::transition_in(tx, offer_id, OfferStatus::Published, actor, Some(&reason))
                    .await?
            {
                return Ok(Err(e));
            }
        }
        other => return Ok(Err(TransitionError::NotAllowed(other))),
    }
    sqlx::query("UPDATE offers SET expires_at = $1, reminders_sent = 0 WHERE id = $2")
        .bind(until)
        .bind(offer_id)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(clock::date(until)))
}

/// Closes an offer as filled or cancelled, with its history line.
pub async fn close(
    tx: &mut Tx,
    offer_id: i64,
    actor: Actor,
    closing: &OfferClosing,
    how: &str,
) -> sqlx::Result<Result<(), TransitionError>> {
    let (to, reason) = match closing {
        OfferClosing::Filled {
            hires,
            via_platform,
        } => (
            OfferStatus::Filled,
            format!(
                "{hires} recrutement(s), {} ({how})",
                if *via_platform {
                    "grâce à la plateforme"
                } else {
                    "hors plateforme"
                }
            ),
        ),
        OfferClosing::Cancelled { reason } => (OfferStatus::Cancelled, format!("{reason} ({how})")),
    };
    if let Err(e) = offers::transition_in(tx, offer_id, to, actor, Some(&reason)).await? {
        return Ok(Err(e));
    }
    if let OfferClosing::Filled {
        hires,
        via_platform,
    } = closing
    {
        sqlx::query("UPDATE offers SET hires = $1, filled_via_platform = $2 WHERE id = $3")
            .bind(hires)
            .bind(i64::from(*via_platform))
            .bind(offer_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(Ok(()))
}

/// Published offers whose expiry date has passed.
pub async fn past_expiry(pool: &Pool, at: i64) -> sqlx::Result<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM offers WHERE status = 'published' AND expires_at IS NOT NULL AND expires_at <= $1 ORDER BY id",
    )
    .bind(at)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Published offers due for a reminder at `at`: the offer and the reminder
/// (1 for the 7-day one, 2 for the 1-day one) to send.
pub async fn due_reminders(pool: &Pool, at: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    let [first, second] = REMINDER_DAYS.map(|d| d * 86_400);
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, CASE WHEN expires_at - $2 <= $1 THEN 2 ELSE 1 END AS stage FROM offers \
         WHERE status = 'published' AND expires_at IS NOT NULL AND expires_at > $1 \
           AND ((expires_at - $3 <= $1 AND reminders_sent < 1) \
             OR (expires_at - $2 <= $1 AND reminders_sent < 2)) ORDER BY id",
    )
    .bind(at)
    .bind(second)
    .bind(first)
    .fetch_all(pool)
    .await?;
    Ok(rows)
}

/// Marks reminder `stage` as sent, inside the caller's transaction; `false`
/// when another server instance already did (then send nothing).
pub async fn claim_reminder(tx: &mut Tx, offer_id: i64, stage: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE offers SET reminders_sent = $1 WHERE id = $2 AND reminders_sent < $1 AND status = 'published'",
    )
    .bind(stage)
    .bind(offer_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
