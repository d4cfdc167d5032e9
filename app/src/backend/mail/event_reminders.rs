//! Reminders to registered candidates two days before an event; each is
//! claimed in the database, so several instances never send it twice.

use crate::backend::db::Pool;
use crate::backend::mail::{door_ticket, templates};
use crate::backend::repo::events;

/// How long before the event the reminder goes.
pub const REMIND_BEFORE_SECS: i64 = 2 * 86_400;

/// Queues the reminders due at `at`, each with a fresh cancel link (`base`:
/// the portal's address); returns how many.
pub async fn run(pool: &Pool, at: i64, base: &str) -> sqlx::Result<usize> {
    let mut queued = 0;
    for (reg_id, event_id, _name, email) in
        events::due_reminders(pool, at, REMIND_BEFORE_SECS).await?
    {
        let Some(row) = events::find(pool, event_id).await? else {
            continue;
        };
        let s = row.summary();
        let mut tx = crate::backend::db::begin(pool).await?;
        if !events::claim_reminder(&mut tx, reg_id).await? {
            continue;
        }
        let Some(token) = events::renew_token(&mut tx, reg_id).await? else {
            continue;
        };
        let Some(ticket) = door_ticket::prepare(&mut tx, base, reg_id).await? else {
            continue;
        };
        let mail = templates::event_reminder(
            &s.title,
            &s.when,
            &format!("{}, {}", s.address, s.commune_name),
            &format!("{base}/evenements/inscription/{token}"),
            &ticket.line,
        );
        door_ticket::enqueue(&mut tx, row.platform_id, &email, &mail, &ticket).await?;
        tx.commit().await?;
        queued += 1;
    }
    Ok(queued)
}
