//! Applications proposed to a company and left unanswered: a reminder to the
//! company halfway through the configured delay, then closing (not hired,
//! "no answer") at its end, with the candidate told. Each step is claimed
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
        let (email,): (String,) = sqlx::query_as("SELECT email FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let mail = templates::application_closed(&title);
        outbox::enqueue(
            &mut tx,
            &outbox::NewMail {
                platform_id: Some(platform_id),
                to: &email,
                subject: &mail.subject,
                body: &mail.body,
            },
        )
        .await?;
        queued += 1;
        tx.commit().await?;
    }
    Ok(queued)
}
