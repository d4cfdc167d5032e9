//! The platform's events already held, with their figures, for staff.

use crate::backend::db::Pool;
use crate::backend::repo::events::EventRow;
use crate::model::event::PastEvent;

/// Figures of one event, counted in the database.
#[derive(sqlx::FromRow)]
struct Figures {
    registered: i64,
    present: i64,
    absent: i64,
    excused: i64,
    companies_present: i64,
    meetings: i64,
    hires: i64,
}

/// The platform's published events that have ended before `at`, newest
/// first (at most 50), with who came and what came of it.
pub async fn held(pool: &Pool, platform_id: i64, at: i64) -> sqlx::Result<Vec<PastEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(&format!(
        "{} WHERE e.status = 'published' AND e.platform_id = $1 AND e.ends_at < $2 \
         ORDER BY e.starts_at DESC, e.id DESC LIMIT 50",
        super::events::SUMMARY_SELECT
    ))
    .bind(platform_id)
    .bind(at)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let f: Figures = sqlx::query_as(
            "SELECT \
             (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed') AS registered, \
             (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed' AND attendance = 'present') AS present, \
             (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed' AND attendance = 'absent') AS absent, \
             (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed' AND attendance = 'excused') AS excused, \
             (SELECT COUNT(*) FROM event_companies WHERE event_id = $1 AND (present IS NULL OR present = 1)) AS companies_present, \
             (SELECT COUNT(*) FROM meetings WHERE event_id = $1) AS meetings, \
             (SELECT COUNT(*) FROM meetings WHERE event_id = $1 AND outcome = 'hire') AS hires",
        )
        .bind(row.id)
        .fetch_one(pool)
        .await?;
        out.push(PastEvent {
            summary: row.summary(),
            registered: f.registered,
            present: f.present,
            absent: f.absent,
            excused: f.excused,
            companies_present: f.companies_present,
            meetings: f.meetings,
            hires: f.hires,
        });
    }
    Ok(out)
}
