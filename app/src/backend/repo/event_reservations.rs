//! Seats that staff set aside at an event for a partner organisation's
//! candidates, and what the organisation sees of them. The set-aside seats
//! still free are counted in `events.reserved`, changed under the event
//! row's lock like every seat.

use crate::backend::db::{now, Pool, Tx};
use crate::backend::repo::events::{fill_from_waiting_list, find, lock_open, EventRow, Promoted};

/// Why staff could not set seats aside.
#[derive(Debug, PartialEq, Eq)]
pub enum ReserveError {
    /// The event is over or cancelled.
    Closed,
    /// Fewer seats than the organisation's candidates already hold.
    BelowUsed(i64),
    /// Not enough free seats: how many more could be set aside.
    NotEnoughSeats(i64),
}

/// Sets how many seats the event keeps for a partner organisation's
/// candidates (0 removes the reservation's free seats). Lowering it frees
/// seats, which go to the people waiting (returned, to be told).
pub async fn set_reservation(
    tx: &mut Tx,
    event_id: i64,
    partner_org_id: i64,
    seats: i64,
    actor_id: i64,
) -> sqlx::Result<Result<Vec<Promoted>, ReserveError>> {
    let at = now();
    if !lock_open(tx, event_id, at, false).await? {
        return Ok(Err(ReserveError::Closed));
    }
    let old: Option<(i64, i64)> = sqlx::query_as(
        "SELECT seats, used FROM event_reservations WHERE event_id = $1 AND partner_org_id = $2",
    )
    .bind(event_id)
    .bind(partner_org_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (old_seats, used) = old.unwrap_or((0, 0));
    if seats < used {
        return Ok(Err(ReserveError::BelowUsed(used)));
    }
    let delta = seats - old_seats;
    let fits = sqlx::query(
        "UPDATE events SET reserved = reserved + $2 WHERE id = $1 AND confirmed + reserved + $2 <= capacity",
    )
    .bind(event_id)
    .bind(delta)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if !fits {
        let (free,): (i64,) =
            sqlx::query_as("SELECT capacity - confirmed - reserved FROM events WHERE id = $1")
                .bind(event_id)
                .fetch_one(&mut **tx)
                .await?;
        return Ok(Err(ReserveError::NotEnoughSeats(free.max(0))));
    }
    sqlx::query(
        "INSERT INTO event_reservations (event_id, partner_org_id, seats, used, updated_by, updated_at) \
         VALUES ($1, $2, $3, 0, $4, $5) ON CONFLICT (event_id, partner_org_id) \
         DO UPDATE SET seats = excluded.seats, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(partner_org_id)
    .bind(seats)
    .bind(actor_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(Ok(fill_from_waiting_list(tx, event_id).await?))
}

/// A partner organisation's set-aside seats at an event.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ReservationRow {
    pub event_id: i64,
    pub partner_org_id: i64,
    pub org_name: String,
    pub seats: i64,
    pub used: i64,
}

/// The reservations of an event, by organisation name.
pub async fn reservations(pool: &Pool, event_id: i64) -> sqlx::Result<Vec<ReservationRow>> {
    sqlx::query_as(
        "SELECT r.event_id, r.partner_org_id, o.name AS org_name, r.seats, r.used \
         FROM event_reservations r JOIN partner_orgs o ON o.id = r.partner_org_id \
         WHERE r.event_id = $1 AND r.seats > 0 ORDER BY o.name",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await
}

/// Whether an organisation has seats set aside at an event.
pub async fn has_reservation(
    pool: &Pool,
    event_id: i64,
    partner_org_id: i64,
) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT seats FROM event_reservations WHERE event_id = $1 AND partner_org_id = $2 AND seats > 0",
    )
    .bind(event_id)
    .bind(partner_org_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}

/// The upcoming events where an organisation has seats set aside.
pub async fn reserved_for(
    pool: &Pool,
    partner_org_id: i64,
) -> sqlx::Result<Vec<(EventRow, i64, i64)>> {
    let ids: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT r.event_id, r.seats, r.used FROM event_reservations r JOIN events e ON e.id = r.event_id \
         WHERE r.partner_org_id = $1 AND r.seats > 0 AND e.status = 'published' AND e.ends_at >= $2 \
         ORDER BY e.starts_at, e.id",
    )
    .bind(partner_org_id)
    .bind(now())
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for (id, seats, used) in ids {
        if let Some(row) = find(pool, id).await? {
            out.push((row, seats, used));
        }
    }
    Ok(out)
}

/// The candidates an organisation registered for an event: (name, status).
pub async fn registered_by(
    pool: &Pool,
    event_id: i64,
    partner_org_id: i64,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT full_name, status FROM registrations WHERE event_id = $1 AND partner_org_id = $2 \
         ORDER BY CASE status WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, LOWER(full_name)",
    )
    .bind(event_id)
    .bind(partner_org_id)
    .fetch_all(pool)
    .await
}
