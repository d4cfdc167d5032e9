//! Registrations' door codes (see `model::door_code`): made unique within
//! their event, given to older registrations on demand, found at the door.

use rand::Rng;

use crate::backend::db::{Pool, Tx};
use crate::model::door_code::{ALPHABET, LENGTH};

/// A random code.
fn random_code() -> String {
    let mut rng = rand::rng();
    (0..LENGTH)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// A code no registration of the event holds yet.
pub async fn fresh(tx: &mut Tx, event_id: i64) -> sqlx::Result<String> {
    loop {
        let code = random_code();
        let taken: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM registrations WHERE event_id = $1 AND door_code = $2")
                .bind(event_id)
                .bind(&code)
                .fetch_optional(&mut **tx)
                .await?;
        if taken.is_none() {
            return Ok(code);
        }
    }
}

/// The registration's code, given to it now if it had none (registrations
/// from before codes existed); `None` for an unknown registration.
pub async fn ensure(tx: &mut Tx, registration_id: i64) -> sqlx::Result<Option<(i64, String)>> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT event_id, door_code FROM registrations WHERE id = $1")
            .bind(registration_id)
            .fetch_optional(&mut **tx)
            .await?;
    match row {
        None => Ok(None),
        Some((event_id, Some(code))) => Ok(Some((event_id, code))),
        Some((event_id, None)) => {
            let code = fresh(tx, event_id).await?;
            sqlx::query(
                "UPDATE registrations SET door_code = $1 WHERE id = $2 AND door_code IS NULL",
            )
            .bind(&code)
            .bind(registration_id)
            .execute(&mut **tx)
            .await?;
            let (code,): (String,) =
                sqlx::query_as("SELECT door_code FROM registrations WHERE id = $1")
                    .bind(registration_id)
                    .fetch_one(&mut **tx)
                    .await?;
            Ok(Some((event_id, code)))
        }
    }
}

/// The registration's code, read without a write; given (in a transaction
/// of its own) only to a registration that has none yet.
pub async fn get_or_assign(
    pool: &Pool,
    registration_id: i64,
) -> sqlx::Result<Option<(i64, String)>> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT event_id, door_code FROM registrations WHERE id = $1")
            .bind(registration_id)
            .fetch_optional(pool)
            .await?;
    match row {
        None => Ok(None),
        Some((event_id, Some(code))) => Ok(Some((event_id, code))),
        Some((_, None)) => {
            let mut tx = crate::backend::db::begin(pool).await?;
            let code = ensure(&mut tx, registration_id).await?;
            tx.commit().await?;
            Ok(code)
        }
    }
}

/// The registration of the event holding a code: (id, full name, status).
pub async fn find(
    pool: &Pool,
    event_id: i64,
    code: &str,
) -> sqlx::Result<Option<(i64, String, String)>> {
    sqlx::query_as(
        "SELECT id, full_name, status FROM registrations WHERE event_id = $1 AND door_code = $2",
    )
    .bind(event_id)
    .bind(code)
    .fetch_optional(pool)
    .await
}

/// What a code presented at the door did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AtDoor {
    /// A confirmed registration, now marked present.
    Present { id: i64, full_name: String },
    /// On the waiting list: staff decide to admit them (not done here).
    Waiting { id: i64, full_name: String },
    /// The registration was cancelled.
    Cancelled,
    /// No registration of the event holds the code.
    Unknown,
}

/// Marks present the confirmed registration holding the code (the caller
/// checks that the door is open).
pub async fn check_in(pool: &Pool, event_id: i64, code: &str) -> sqlx::Result<AtDoor> {
    let Some((id, full_name, status)) = find(pool, event_id, code).await? else {
        return Ok(AtDoor::Unknown);
    };
    Ok(match status.as_str() {
        "confirmed" => {
            super::events::mark_attendance(pool, event_id, id, "present").await?;
            AtDoor::Present { id, full_name }
        }
        "waiting" => AtDoor::Waiting { id, full_name },
        _ => AtDoor::Cancelled,
    })
}
