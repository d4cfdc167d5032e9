//! Applications proposed to a company and left unanswered: a reminder to the
//! company halfway through the configured delay, then closing (not hired,
//! "no answer") at its end, with the candidate told (or, for a positioned
//! candidate, the adviser). Each step is claimed
//! in the database, so several instances never act twice.

use crate::backend::db::Pool;
use crate::backend::mail::{outbox, templates};
use crate::backend::repo::applications;

/// Runs the reminders and closings due at `at` for a delay of `days`;
/// returns the e-mails queued.
pub async fn run(pool: &Pool, at: i64, days: i64, link_base: &str) -> sqlx::Result<usize> {
    let mut queued = 0;
    let half = days * 86_400 / 2;
    for (id, company_id, platform_id, title, candidate) in
        applications::unanswered(pool, at - half, false).await?
    {
        let mut tx = crate::backend::db::begin(pool).await?;
        if !applications::claim_reminder(&mut tx, id).await? {
            continue;
        }
        let mail = templates::application_unanswered(
            &title,
            &candidate,
            &format!("{link_base}/entreprise/candidatures"),
        );
        queued += outbox::enqueue_to_company(&mut tx, platform_id, company_id, &mail).await?;
        tx.commit().await?;
    }
    let reason = format!("Sans réponse de l'employeur en {days} jours");
    for (id, _, platform_id, title, _) in
        applications::unanswered(pool, at - days * 86_400, true).await?
    {
        let mut tx = crate::backend::db::begin(pool).await?;
        if !applications::close_unanswered(&mut tx, id, &reason).await? {
            continue;
        }
        // A candidate who applied is told; a positioned candidate's
        // adviser is, instead (the candidate may have no e-mail).
        let (email, adviser, offer_id, candidate): (String, Option<String>, i64, String) =
            sqlx::query_as(
                "SELECT a.email, u.email, a.offer_id, a.full_name FROM applications a \
                 LEFT JOIN users u ON u.id = a.positioned_by WHERE a.id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let (to, mail) = match adviser {
            Some(adviser) => (
                adviser,
                templates::positioning_update(
                    &title,
                    &candidate,
                    "Non retenu (sans réponse de l'employeur dans le délai)",
                    &format!("{link_base}/partenaire/offres/{offer_id}"),
                ),
            ),
            None => (email, templates::application_closed(&title)),
        };
        if !to.is_empty() {
            outbox::enqueue(
                &mut tx,
                &outbox::NewMail {
                    platform_id: Some(platform_id),
                    to: &to,
                    subject: &mail.subject,
                    body: &mail.body,
                },
            )
            .await?;
            queued += 1;
        }
        tx.commit().await?;
    }
    Ok(queued)
}
