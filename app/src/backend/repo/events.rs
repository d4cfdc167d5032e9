//! Events and candidates' registrations. Seats are decided inside the
//! registration's transaction, whose first statement updates the event row:
//! that takes PostgreSQL's row lock (or SQLite's single write lock), so
//! concurrent registrations for one event are decided one after the other
//! and the capacity is never exceeded.

use super::sealed;
use crate::backend::clock;
use crate::backend::db::{now, Pool, Tx};
use crate::backend::privacy::consents::{self, Subject};
use crate::backend::token;
use crate::model::event::{CheckedRegistration, EventKind, EventSummary, RegistrationStatus};

/// An event to create.
pub struct NewEvent<'a> {
    pub platform_id: i64,
    pub kind: EventKind,
    pub title: &'a str,
    pub description: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub commune_insee: &'a str,
    pub address: &'a str,
    pub capacity: i64,
    pub company_capacity: i64,
    pub registration_deadline: i64,
    pub questions: &'a [String],
    pub offer_ids: &'a [i64],
}

/// Creates a published event.
pub async fn create(tx: &mut Tx, e: &NewEvent<'_>, actor_id: i64) -> sqlx::Result<i64> {
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO events (platform_id, kind, title, description, starts_at, ends_at, commune_insee, \
         address, capacity, registration_deadline, created_by, created_at, updated_at, company_capacity) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id",
    )
    .bind(e.platform_id)
    .bind(e.kind.code())
    .bind(e.title)
    .bind(e.description)
    .bind(e.starts_at)
    .bind(e.ends_at)
    .bind(e.commune_insee)
    .bind(e.address)
    .bind(e.capacity)
    .bind(e.registration_deadline)
    .bind(actor_id)
    .bind(at)
    .bind(e.company_capacity)
    .fetch_one(&mut **tx)
    .await?;
    for (rank, q) in e.questions.iter().enumerate() {
        sqlx::query("INSERT INTO event_questions (event_id, rank, question) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(rank as i64 + 1)
            .bind(q)
            .execute(&mut **tx)
            .await?;
    }
    for offer_id in e.offer_ids {
        sqlx::query("INSERT INTO event_offers (event_id, offer_id) VALUES ($1, $2)")
            .bind(id)
            .bind(offer_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

pub(crate) const SUMMARY_SELECT: &str = "SELECT e.id, e.kind, e.title, e.starts_at, e.ends_at, cm.name AS commune_name, \
    e.address, e.capacity, e.confirmed, e.reserved, e.registration_deadline, e.status, e.platform_id, e.description, \
    e.company_capacity, e.companies_confirmed, \
    (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waiting') AS waiting \
    FROM events e JOIN communes cm ON cm.insee = e.commune_insee";

#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    kind: String,
    title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    commune_name: String,
    address: String,
    capacity: i64,
    confirmed: i64,
    reserved: i64,
    pub registration_deadline: i64,
    pub status: String,
    pub platform_id: i64,
    pub description: String,
    pub company_capacity: i64,
    pub companies_confirmed: i64,
    waiting: i64,
}

impl EventRow {
    /// Whether people can be checked in: from the event's day (Paris time)
    /// on, so that nobody is counted present before the event; staff can
    /// still correct afterwards.
    pub fn door_open(&self, at: i64) -> bool {
        clock::iso_date(self.starts_at) <= clock::iso_date(at)
    }

    /// The event's day, "12/01/2027".
    pub fn day(&self) -> String {
        clock::date(self.starts_at)
    }

    /// The event as its edit form shows it (questions and offers are not
    /// edited: people answered them).
    pub fn edit_form(&self) -> crate::model::event::EventForm {
        crate::model::event::EventForm {
            kind: self.kind.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            date: clock::iso_date(self.starts_at),
            start_time: clock::hh_mm(self.starts_at),
            end_time: clock::hh_mm(self.ends_at),
            commune: self.commune_name.clone(),
            address: self.address.clone(),
            capacity: self.capacity.to_string(),
            company_capacity: self.company_capacity.to_string(),
            deadline: clock::iso_date(self.registration_deadline),
            ..Default::default()
        }
    }

    /// "Salle des fêtes, Béthune".
    pub fn place(&self) -> String {
        format!("{}, {}", self.address, self.commune_name)
    }

    /// The seats taken (confirmed and set aside): the capacity cannot go
    /// below.
    pub fn seats_taken(&self) -> i64 {
        self.confirmed + self.reserved
    }

    pub fn summary(&self) -> EventSummary {
        let at = now();
        EventSummary {
            id: self.id,
            kind: EventKind::from_code(&self.kind).unwrap_or(EventKind::JobDating),
            title: self.title.clone(),
            when: clock::span(self.starts_at, self.ends_at),
            commune_name: self.commune_name.clone(),
            address: self.address.clone(),
            capacity: self.capacity,
            confirmed: self.confirmed,
            reserved: self.reserved,
            waiting: self.waiting,
            open: self.status == "published"
                && at <= self.registration_deadline
                && at < self.starts_at,
        }
    }
}

/// How the public narrows the events list.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    pub kind: Option<EventKind>,
    /// Part of the commune's name.
    pub commune: Option<String>,
    /// Only events starting on or after this instant (default: now).
    pub from: Option<i64>,
    pub platform_id: Option<i64>,
}

/// Upcoming published events, soonest first.
pub async fn upcoming(pool: &Pool, f: &EventFilter) -> sqlx::Result<Vec<EventSummary>> {
    let commune = f
        .commune
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| format!("%{}%", c.to_lowercase()));
    let rows: Vec<EventRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE e.status = 'published' AND e.ends_at >= $1 \
         AND ($2 IS NULL OR e.kind = $2) AND ($3 IS NULL OR LOWER(cm.name) LIKE $3) \
         AND ($4 IS NULL OR e.platform_id = $4) ORDER BY e.starts_at, e.id LIMIT 200"
    ))
    .bind(f.from.unwrap_or_else(now))
    .bind(f.kind.map(EventKind::code))
    .bind(commune)
    .bind(f.platform_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(EventRow::summary).collect())
}

/// One event, whatever its status.
pub async fn find(pool: &Pool, id: i64) -> sqlx::Result<Option<EventRow>> {
    sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// An event as a transaction sees it.
pub async fn find_in(tx: &mut Tx, id: i64) -> sqlx::Result<Option<EventRow>> {
    sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
}

/// The questions an event asks registrants, in order.
pub async fn questions(pool: &Pool, event_id: i64) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT question FROM event_questions WHERE event_id = $1 ORDER BY rank")
            .bind(event_id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(q,)| q).collect())
}

/// The offers linked to an event: (id, title, company); only published ones.
pub async fn linked_offers(pool: &Pool, event_id: i64) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "SELECT o.id, o.title, co.name FROM offers o JOIN companies co ON co.id = o.company_id \
         WHERE o.status = 'published' AND o.publish_consent = 1 AND o.id IN \
         (SELECT offer_id FROM event_offers WHERE event_id = $1 \
          UNION SELECT offer_id FROM event_company_offers WHERE event_id = $1) ORDER BY o.title",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await
}

/// Why a registration was not recorded.
#[derive(Debug, PartialEq, Eq)]
pub enum RegisterError {
    /// No such event, cancelled, or registration closed.
    Closed,
    /// This address is already registered for the event.
    AlreadyRegistered,
}

/// Whether the address already holds a live registration for the event.
async fn email_taken(tx: &mut Tx, event_id: i64, email: &str) -> sqlx::Result<bool> {
    let taken: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM registrations WHERE event_id = $1 AND email = $2 AND status <> 'cancelled'",
    )
    .bind(event_id)
    .bind(email)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(taken.is_some())
}

/// A recorded registration: its status and the token of its link.
#[derive(Debug)]
pub struct Registered {
    pub id: i64,
    pub status: RegistrationStatus,
    pub token: String,
    /// Rank on the waiting list (1 = next), when waiting.
    pub waiting_rank: Option<i64>,
}

/// Where a new registration stands.
struct Placement {
    status: RegistrationStatus,
    /// The partner organisation registering the person.
    via: Option<i64>,
    /// Whether it holds one of the organisation's set-aside seats.
    reserved_seat: bool,
    /// Checked in at once (a walk-in).
    present: bool,
}

/// Inserts a registration with its answers; returns its id and the token
/// of its link (only the token's hash is stored).
async fn insert_registration(
    tx: &mut Tx,
    event_id: i64,
    r: &CheckedRegistration,
    p: Placement,
    at: i64,
) -> sqlx::Result<(i64, String)> {
    let (token, hash) = token::new_token();
    let priorities = r
        .priorities
        .iter()
        .map(|p| p.code())
        .collect::<Vec<_>>()
        .join(",");
    let confirmed = p.status == RegistrationStatus::Confirmed;
    let door_code = super::door_codes::fresh(tx, event_id).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO registrations (event_id, full_name, email, phone, situation, referrer, priorities, \
         status, token_hash, created_at, confirmed_at, partner_org_id, reserved_seat, attendance, door_code) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(event_id)
    .bind(&r.full_name)
    .bind(&r.email)
    .bind(sealed(&r.phone)?)
    .bind(r.situation.code())
    .bind(r.referrer.code())
    .bind(sealed(&priorities)?)
    .bind(p.status.code())
    .bind(hash)
    .bind(at)
    .bind(confirmed.then_some(at))
    .bind(p.via)
    .bind(i64::from(p.reserved_seat))
    .bind(p.present.then_some("present"))
    .bind(door_code)
    .fetch_one(&mut **tx)
    .await?;
    for (rank, a) in r.answers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO registration_answers (registration_id, rank, answer) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(rank as i64 + 1)
        .bind(a)
        .execute(&mut **tx)
        .await?;
    }
    // A partner or staff member registering someone read the third-person
    // wording of the consents.
    let on_behalf = p.via.is_some() || p.present;
    let (registration, priority) = if on_behalf {
        (
            consents::REGISTRATION_ON_BEHALF,
            consents::PRIORITY_ON_BEHALF,
        )
    } else {
        (consents::REGISTRATION, consents::PRIORITY)
    };
    consents::record(tx, Subject::Registration(id), registration, at).await?;
    if !r.priorities.is_empty() {
        consents::record(tx, Subject::Registration(id), priority, at).await?;
    }
    Ok((id, token))
}

/// A new link for the live registration of `email` at the event (the old
/// link stops working), with its status, when there is one: sent again to
/// the address, never shown to whoever typed it.
pub async fn renew_link(
    tx: &mut Tx,
    event_id: i64,
    email: &str,
) -> sqlx::Result<Option<Registered>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, status FROM registrations WHERE event_id = $1 AND email = $2 AND status <> 'cancelled'",
    )
    .bind(event_id)
    .bind(email)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((id, status)) = row else {
        return Ok(None);
    };
    let (token, hash) = token::new_token();
    sqlx::query("UPDATE registrations SET token_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let status = RegistrationStatus::from_code(&status).unwrap_or(RegistrationStatus::Confirmed);
    let waiting_rank = if status == RegistrationStatus::Waiting {
        Some(waiting_rank(&mut **tx, event_id, id).await?)
    } else {
        None
    };
    Ok(Some(Registered {
        id,
        status,
        token,
        waiting_rank,
    }))
}

/// Changes a published event (under its row's lock); `false` when it is
/// not published any more or the capacity would fall below the seats
/// taken. The platform, questions and offers of `u` are not changed
/// (people answered the questions).
pub async fn update_details(tx: &mut Tx, id: i64, u: &NewEvent<'_>) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE events SET kind = $1, title = $2, description = $3, starts_at = $4, ends_at = $5, \
         commune_insee = $6, address = $7, capacity = $8, company_capacity = $9, \
         registration_deadline = $10, updated_at = $11 \
         WHERE id = $12 AND status = 'published' AND $8 >= confirmed + reserved \
         AND $9 >= companies_confirmed",
    )
    .bind(u.kind.code())
    .bind(u.title)
    .bind(u.description)
    .bind(u.starts_at)
    .bind(u.ends_at)
    .bind(u.commune_insee)
    .bind(u.address)
    .bind(u.capacity)
    .bind(u.company_capacity)
    .bind(u.registration_deadline)
    .bind(now())
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Cancels a published event with its reason; `false` when it was not
/// published.
pub async fn cancel_event(tx: &mut Tx, id: i64, reason: &str) -> sqlx::Result<bool> {
    let at = now();
    Ok(sqlx::query(
        "UPDATE events SET status = 'cancelled', cancelled_at = $1, cancel_reason = $2, updated_at = $1 \
         WHERE id = $3 AND status = 'published'",
    )
    .bind(at)
    .bind(reason)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// The people registered (confirmed or waiting): (registration id,
/// e-mail).
pub async fn registrants(tx: &mut Tx, event_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT id, email FROM registrations WHERE event_id = $1 AND status IN ('confirmed', 'waiting') ORDER BY id",
    )
    .bind(event_id)
    .fetch_all(&mut **tx)
    .await
}

/// A new personal link for a registration (the earlier one stops
/// working); `None` when there is no such registration.
pub async fn renew_token(tx: &mut Tx, registration_id: i64) -> sqlx::Result<Option<String>> {
    let (token, hash) = token::new_token();
    let done = sqlx::query("UPDATE registrations SET token_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(registration_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok((done == 1).then_some(token))
}

/// A waiting registration's rank on the list (1 = next).
async fn waiting_rank<'e, E>(db: E, event_id: i64, id: i64) -> sqlx::Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (ahead,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'waiting' AND id < $2",
    )
    .bind(event_id)
    .bind(id)
    .fetch_one(db)
    .await?;
    Ok(ahead + 1)
}

/// Locks the event row for the transaction's seat changes, when the event
/// is published and has not started (and, with `deadline`, still takes
/// registrations). Must be the transaction's first statement.
pub(crate) async fn lock_open(
    tx: &mut Tx,
    event_id: i64,
    at: i64,
    deadline: bool,
) -> sqlx::Result<bool> {
    let sql = if deadline {
        "UPDATE events SET updated_at = $2 WHERE id = $1 AND status = 'published' \
         AND registration_deadline >= $2 AND starts_at > $2"
    } else {
        "UPDATE events SET updated_at = $2 WHERE id = $1 AND status = 'published' AND starts_at > $2"
    };
    Ok(sqlx::query(sql)
        .bind(event_id)
        .bind(at)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

/// Registers a candidate: a seat if one is left, else the waiting list.
/// `via` is the partner organisation registering them: its set-aside seats
/// are used first, then the public ones. Runs in the caller's transaction,
/// which must not have run anything yet (its first statement locks the
/// event row, so seats are decided one registration after the other).
pub async fn register(
    tx: &mut Tx,
    event_id: i64,
    r: &CheckedRegistration,
    via: Option<i64>,
) -> sqlx::Result<Result<Registered, RegisterError>> {
    let at = now();
    if !lock_open(tx, event_id, at, true).await? {
        return Ok(Err(RegisterError::Closed));
    }
    let mut reserved_seat = false;
    if let Some(org) = via {
        reserved_seat = sqlx::query(
            "UPDATE event_reservations SET used = used + 1 \
             WHERE event_id = $1 AND partner_org_id = $2 AND used < seats",
        )
        .bind(event_id)
        .bind(org)
        .execute(&mut **tx)
        .await?
        .rows_affected()
            == 1;
        if reserved_seat {
            sqlx::query(
                "UPDATE events SET confirmed = confirmed + 1, reserved = reserved - 1 WHERE id = $1",
            )
            .bind(event_id)
            .execute(&mut **tx)
            .await?;
        }
    }
    let seat = reserved_seat
        || sqlx::query(
            "UPDATE events SET confirmed = confirmed + 1 WHERE id = $1 AND confirmed + reserved < capacity",
        )
        .bind(event_id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
            == 1;
    if email_taken(tx, event_id, &r.email).await? {
        return Ok(Err(RegisterError::AlreadyRegistered));
    }
    let status = if seat {
        RegistrationStatus::Confirmed
    } else {
        RegistrationStatus::Waiting
    };
    let (id, token) = insert_registration(
        tx,
        event_id,
        r,
        Placement {
            status,
            via,
            reserved_seat,
            present: false,
        },
        at,
    )
    .await?;
    let waiting_rank = if seat {
        None
    } else {
        Some(waiting_rank(&mut **tx, event_id, id).await?)
    };
    Ok(Ok(Registered {
        id,
        status,
        token,
        waiting_rank,
    }))
}

/// A registration found by its link.
#[derive(Debug, sqlx::FromRow)]
pub struct RegistrationRow {
    pub id: i64,
    pub event_id: i64,
    pub full_name: String,
    pub email: String,
    pub status: String,
}

/// The registration a link opens, and its rank on the waiting list.
pub async fn by_token(
    pool: &Pool,
    token: &str,
) -> sqlx::Result<Option<(RegistrationRow, Option<i64>)>> {
    let row: Option<RegistrationRow> = sqlx::query_as(
        "SELECT id, event_id, full_name, email, status FROM registrations WHERE token_hash = $1",
    )
    .bind(token::hash(token))
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let rank = if row.status == RegistrationStatus::Waiting.code() {
        Some(waiting_rank(pool, row.event_id, row.id).await?)
    } else {
        None
    };
    Ok(Some((row, rank)))
}

/// What a cancellation changed.
#[derive(Debug, PartialEq, Eq)]
pub struct Cancelled {
    pub event_id: i64,
    /// The person moved from the waiting list to the freed seat:
    /// (registration id, name, e-mail).
    pub promoted: Option<(i64, String, String)>,
}

/// A person moved from the waiting list: (registration id, name, e-mail).
pub type Promoted = (i64, String, String);

/// Gives free public seats to the people waiting, first come first served,
/// under the event row's lock (the caller's transaction holds it).
pub(crate) async fn fill_from_waiting_list(
    tx: &mut Tx,
    event_id: i64,
) -> sqlx::Result<Vec<Promoted>> {
    let at = now();
    let mut promoted = Vec::new();
    loop {
        let seat = sqlx::query(
            "UPDATE events SET confirmed = confirmed + 1 WHERE id = $1 AND confirmed + reserved < capacity \
             AND EXISTS (SELECT 1 FROM registrations WHERE event_id = $1 AND status = 'waiting')",
        )
        .bind(event_id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
            == 1;
        if !seat {
            return Ok(promoted);
        }
        let next: Option<Promoted> = sqlx::query_as(
            "UPDATE registrations SET status = 'confirmed', confirmed_at = $2 WHERE id = \
             (SELECT id FROM registrations WHERE event_id = $1 AND status = 'waiting' ORDER BY id LIMIT 1) \
             RETURNING id, full_name, email",
        )
        .bind(event_id)
        .bind(at)
        .fetch_optional(&mut **tx)
        .await?;
        match next {
            Some(p) => promoted.push(p),
            None => return Ok(promoted),
        }
    }
}

/// Cancels the registration of a link, in the caller's fresh transaction;
/// a freed public seat goes to the first person waiting, a freed set-aside
/// seat back to its partner organisation. `None` when the link is unknown
/// or already cancelled.
pub async fn cancel(tx: &mut Tx, token: &str) -> sqlx::Result<Option<Cancelled>> {
    let at = now();
    let hash = token::hash(token);
    // First statement: lock the event row (seat changes one at a time).
    let locked = sqlx::query(
        "UPDATE events SET updated_at = $2 WHERE id = \
         (SELECT event_id FROM registrations WHERE token_hash = $1 AND status <> 'cancelled')",
    )
    .bind(&hash)
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if locked != 1 {
        return Ok(None);
    }
    let row: Option<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "UPDATE registrations SET cancelled_at = $2, status = 'cancelled' \
         WHERE token_hash = $1 AND status <> 'cancelled' RETURNING event_id, \
         CASE WHEN confirmed_at IS NULL THEN 'waiting' ELSE 'confirmed' END AS was, \
         reserved_seat, partner_org_id",
    )
    .bind(&hash)
    .bind(at)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((event_id, was, reserved_seat, org)) = row else {
        return Ok(None);
    };
    if was != "confirmed" {
        return Ok(Some(Cancelled {
            event_id,
            promoted: None,
        }));
    }
    let returned = match (reserved_seat, org) {
        (1, Some(org)) => {
            sqlx::query(
                "UPDATE event_reservations SET used = used - 1 \
                 WHERE event_id = $1 AND partner_org_id = $2 AND used > 0",
            )
            .bind(event_id)
            .bind(org)
            .execute(&mut **tx)
            .await?
            .rows_affected()
                == 1
        }
        _ => false,
    };
    sqlx::query(&format!(
        "UPDATE events SET confirmed = confirmed - 1{} WHERE id = $1 AND confirmed > 0",
        if returned {
            ", reserved = reserved + 1"
        } else {
            ""
        }
    ))
    .bind(event_id)
    .execute(&mut **tx)
    .await?;
    let promoted = fill_from_waiting_list(tx, event_id)
        .await?
        .into_iter()
        .next();
    Ok(Some(Cancelled { event_id, promoted }))
}

/// Counts of an event's registrations by status, recomputed from the rows
/// (to check the running counter).
pub async fn counts(pool: &Pool, event_id: i64) -> sqlx::Result<(i64, i64, i64)> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, COUNT(*) FROM registrations WHERE event_id = $1 GROUP BY status",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    let get = |s: &str| rows.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    Ok((get("confirmed"), get("waiting"), get("cancelled")))
}

/// Confirmed registrations of events starting within `within` seconds of
/// `at` and not reminded yet: (registration id, event id, name, e-mail).
pub async fn due_reminders(
    pool: &Pool,
    at: i64,
    within: i64,
) -> sqlx::Result<Vec<(i64, i64, String, String)>> {
    sqlx::query_as(
        "SELECT r.id, r.event_id, r.full_name, r.email FROM registrations r JOIN events e ON e.id = r.event_id \
         WHERE r.status = 'confirmed' AND r.reminded_at IS NULL AND e.status = 'published' \
         AND e.starts_at > $1 AND e.starts_at <= $2 ORDER BY r.id",
    )
    .bind(at)
    .bind(at + within)
    .fetch_all(pool)
    .await
}

/// Marks a reminder sent, in the caller's transaction; `false` when another
/// instance already did.
pub async fn claim_reminder(tx: &mut Tx, registration_id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE registrations SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL",
    )
    .bind(now())
    .bind(registration_id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// A participant as the check-in page lists them.
#[derive(Debug, sqlx::FromRow)]
pub struct ParticipantRow {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub status: String,
    pub attendance: Option<String>,
    pub door_code: Option<String>,
}

/// The confirmed and waiting registrations of an event, by name, narrowed
/// by part of the name.
pub async fn participants(
    pool: &Pool,
    event_id: i64,
    name: Option<&str>,
) -> sqlx::Result<Vec<ParticipantRow>> {
    // Accents and case do not matter (« chloe » finds Chloé): the names
    // of one event are few, they are compared folded here.
    let wanted = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(crate::model::text::fold);
    let rows: Vec<ParticipantRow> = sqlx::query_as(
        "SELECT id, full_name, email, phone, status, attendance, door_code FROM registrations \
         WHERE event_id = $1 AND status <> 'cancelled' \
         ORDER BY CASE status WHEN 'confirmed' THEN 0 ELSE 1 END, LOWER(full_name), id",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            wanted
                .as_deref()
                .is_none_or(|w| crate::model::text::fold(&r.full_name).contains(w))
        })
        .map(|r| ParticipantRow {
            phone: crate::backend::secrets::open_field(&r.phone),
            ..r
        })
        .collect())
}

/// Records whether a confirmed participant came; `false` when the
/// registration is not a confirmed one of this event.
pub async fn mark_attendance(
    pool: &Pool,
    event_id: i64,
    registration_id: i64,
    attendance: &str,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE registrations SET attendance = $1 WHERE id = $2 AND event_id = $3 AND status = 'confirmed'",
    )
    .bind(attendance)
    .bind(registration_id)
    .bind(event_id)
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// What admitting someone from the waiting list did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admitted {
    /// A seat was free.
    Seat,
    /// Staff decided to admit over the capacity: the room takes one more.
    OverCapacity,
    /// No seat is free and staff did not decide to go over.
    Full,
    /// Not a waiting registration of this event (already admitted...).
    NotWaiting,
}

/// Admits a person of the waiting list who turned up: confirmed and
/// present, on a free seat, or over the capacity when staff decide so
/// (counted as such). Under the event row's lock, like every seat change.
pub async fn admit_waiting(
    tx: &mut Tx,
    event_id: i64,
    registration_id: i64,
    over_capacity: bool,
) -> sqlx::Result<Admitted> {
    let at = now();
    // The event row first: it serialises the seat changes.
    let seat = sqlx::query(
        "UPDATE events SET confirmed = confirmed + 1, updated_at = $2 \
         WHERE id = $1 AND status = 'published' AND confirmed + reserved < capacity",
    )
    .bind(event_id)
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    let admitted = if seat {
        Admitted::Seat
    } else if over_capacity {
        if !grow_room(tx, event_id, at).await? {
            return Ok(Admitted::NotWaiting);
        }
        Admitted::OverCapacity
    } else {
        return Ok(Admitted::Full);
    };
    let done = sqlx::query(
        "UPDATE registrations SET status = 'confirmed', confirmed_at = $1, admitted_at = $1, \
         attendance = 'present', over_capacity = $2 \
         WHERE id = $3 AND event_id = $4 AND status = 'waiting'",
    )
    .bind(at)
    .bind(i64::from(admitted == Admitted::OverCapacity))
    .bind(registration_id)
    .bind(event_id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    // The caller rolls back when nobody was admitted (the seat goes back).
    Ok(if done { admitted } else { Admitted::NotWaiting })
}

/// The room takes one more person at the door: capacity and count both
/// grow (the event row's lock); `false` when the event is not published.
async fn grow_room(tx: &mut Tx, event_id: i64, at: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE events SET capacity = capacity + 1, confirmed = confirmed + 1, updated_at = $2 \
         WHERE id = $1 AND status = 'published'",
    )
    .bind(event_id)
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Registers someone who turned up without registering: confirmed and
/// present, the room taking one more (capacity and count both grow).
pub async fn walk_in(
    tx: &mut Tx,
    event_id: i64,
    r: &CheckedRegistration,
) -> sqlx::Result<Result<i64, RegisterError>> {
    let at = now();
    if !grow_room(tx, event_id, at).await? {
        return Ok(Err(RegisterError::Closed));
    }
    if email_taken(tx, event_id, &r.email).await? {
        return Ok(Err(RegisterError::AlreadyRegistered));
    }
    let (id, _) = insert_registration(
        tx,
        event_id,
        r,
        Placement {
            status: RegistrationStatus::Confirmed,
            via: None,
            reserved_seat: false,
            present: true,
        },
        at,
    )
    .await?;
    Ok(Ok(id))
}

/// Records a meeting between a present participant and a company of the
/// event's platform; `false` when one of them does not qualify.
pub async fn add_meeting(
    tx: &mut Tx,
    event_id: i64,
    registration_id: i64,
    company_id: i64,
    actor_id: i64,
) -> sqlx::Result<bool> {
    let at = now();
    let done = sqlx::query(
        "INSERT INTO meetings (event_id, registration_id, company_id, noted_by, created_at, updated_at) \
         SELECT $1, r.id, c.id, $4, $5, $5 FROM registrations r \
         JOIN events e ON e.id = r.event_id JOIN companies c ON c.platform_id = e.platform_id \
         WHERE r.id = $2 AND r.event_id = $1 AND r.status = 'confirmed' AND c.id = $3 \
         ON CONFLICT (registration_id, company_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(registration_id)
    .bind(company_id)
    .bind(actor_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records (or changes) what came of a meeting of the event.
pub async fn set_meeting_outcome(
    pool: &Pool,
    event_id: i64,
    meeting_id: i64,
    outcome: &str,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE meetings SET outcome = $1, updated_at = $2 WHERE id = $3 AND event_id = $4",
    )
    .bind(outcome)
    .bind(now())
    .bind(meeting_id)
    .bind(event_id)
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// The meetings of an event: (id, candidate, company, outcome).
pub async fn meetings(
    pool: &Pool,
    event_id: i64,
) -> sqlx::Result<Vec<(i64, String, String, Option<String>)>> {
    sqlx::query_as(
        "SELECT m.id, r.full_name, c.name, m.outcome FROM meetings m \
         JOIN registrations r ON r.id = m.registration_id JOIN companies c ON c.id = m.company_id \
         WHERE m.event_id = $1 ORDER BY r.full_name, c.name",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await
}

/// A participant line of the exports.
#[derive(Debug, sqlx::FromRow)]
pub struct ExportRow {
    pub id: i64,
    /// The answers to the event's questions, "Question : réponse".
    #[sqlx(skip)]
    pub answers: Vec<String>,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub situation: String,
    pub referrer: String,
    pub priorities: String,
    pub status: String,
    pub attendance: Option<String>,
    pub created_at: i64,
}

/// Every registration of an event, for the participant exports.
pub async fn export_rows(pool: &Pool, event_id: i64) -> sqlx::Result<Vec<ExportRow>> {
    let rows: Vec<ExportRow> = sqlx::query_as(
        "SELECT id, full_name, email, phone, situation, referrer, priorities, status, attendance, created_at \
         FROM registrations WHERE event_id = $1 ORDER BY CASE status WHEN 'confirmed' THEN 0 \
         WHEN 'waiting' THEN 1 ELSE 2 END, LOWER(full_name), id",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    let mut answers = answers(pool, event_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| ExportRow {
            phone: crate::backend::secrets::open_field(&r.phone),
            priorities: crate::backend::secrets::open_field(&r.priorities),
            answers: answers.remove(&r.id).unwrap_or_default(),
            ..r
        })
        .collect())
}

/// The answers to the event's own questions, by registration: "Question :
/// réponse", in the questions' order.
pub async fn answers(
    pool: &Pool,
    event_id: i64,
) -> sqlx::Result<std::collections::HashMap<i64, Vec<String>>> {
    let rows: Vec<(i64, Option<String>, String)> = sqlx::query_as(
        "SELECT ra.registration_id, q.question, ra.answer FROM registration_answers ra \
         JOIN registrations r ON r.id = ra.registration_id \
         LEFT JOIN event_questions q ON q.event_id = r.event_id AND q.rank = ra.rank \
         WHERE r.event_id = $1 ORDER BY ra.registration_id, ra.rank",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    let mut by_registration: std::collections::HashMap<i64, Vec<String>> =
        std::collections::HashMap::new();
    for (registration, question, answer) in rows {
        by_registration
            .entry(registration)
            .or_default()
            .push(format!("{} : {answer}", question.unwrap_or_default()));
    }
    Ok(by_registration)
}

/// Registers a company for an event (recruiter or participant) with the
/// offers it brings (its own published ones); a seat for companies is
/// decided first, as for candidates. `Ok(false)` when no seat is left.
pub async fn register_company(
    tx: &mut Tx,
    event_id: i64,
    company_id: i64,
    recruiter: bool,
    attendees: i64,
    offer_ids: &[i64],
    actor_id: i64,
) -> sqlx::Result<Result<bool, RegisterError>> {
    let at = now();
    let seat = sqlx::query(
        "UPDATE events SET companies_confirmed = companies_confirmed + 1, updated_at = $2 \
         WHERE id = $1 AND status = 'published' AND starts_at > $2 \
         AND companies_confirmed < company_capacity",
    )
    .bind(event_id)
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if !seat {
        return Ok(Ok(false));
    }
    let inserted = sqlx::query(
        "INSERT INTO event_companies (event_id, company_id, role, attendees, registered_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id, company_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(company_id)
    .bind(if recruiter { "recruiter" } else { "participant" })
    .bind(attendees)
    .bind(actor_id)
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        return Ok(Err(RegisterError::AlreadyRegistered));
    }
    for offer_id in offer_ids {
        sqlx::query(
            "INSERT INTO event_company_offers (event_id, company_id, offer_id) \
             SELECT $1, $2, o.id FROM offers o WHERE o.id = $3 AND o.company_id = $2 AND o.status = 'published' \
             ON CONFLICT (event_id, offer_id) DO NOTHING",
        )
        .bind(event_id)
        .bind(company_id)
        .bind(offer_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(Ok(true))
}

/// The companies registered for an event: (name, recruiter, attendees).
pub async fn companies(pool: &Pool, event_id: i64) -> sqlx::Result<Vec<(String, bool, i64)>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT c.name, ec.role, ec.attendees FROM event_companies ec \
         JOIN companies c ON c.id = ec.company_id WHERE ec.event_id = $1 ORDER BY c.name",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, role, n)| (name, role == "recruiter", n))
        .collect())
}
