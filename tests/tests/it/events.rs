//! Events and registrations on both databases: the capacity holds under 50
//! simultaneous registrations, the waiting list keeps its order, and a
//! cancellation hands the seat to the next person.

use app::backend::db::{now, Pool};
use app::backend::repo::events::{self, NewEvent, RegisterError};
use app::model::event::{CheckedRegistration, EventKind, Referrer, RegistrationStatus, Situation};
use tests::{engines, fresh_pool};

use crate::repo::{world, World};

pub(crate) async fn event(pool: &Pool, w: &World, capacity: i64) -> i64 {
    let start = now() + 10 * 86_400;
    let mut tx = pool.begin().await.expect("begin");
    let id = events::create(
        &mut tx,
        &NewEvent {
            platform_id: w.platform,
            kind: EventKind::JobDating,
            title: "Job dating de l'industrie",
            description: "Rencontrez dix entreprises qui recrutent.",
            starts_at: start,
            ends_at: start + 3 * 3600,
            commune_insee: "62119",
            address: "Salle des fêtes",
            capacity,
            company_capacity: 5,
            registration_deadline: start - 86_400,
            questions: &[],
            offer_ids: &[],
        },
        w.staff,
    )
    .await
    .expect("event");
    tx.commit().await.expect("commit");
    id
}

pub(crate) fn person(i: usize) -> CheckedRegistration {
    CheckedRegistration {
        full_name: format!("Personne {i}"),
        email: format!("personne{i}@exemple.fr"),
        phone: String::new(),
        situation: Situation::JobSeeker,
        referrer: Referrer::FranceTravail,
        priorities: Vec::new(),
        answers: Vec::new(),
    }
}

/// Registers in its own transaction, as the server function does (through
/// a partner organisation when `via` is set).
pub(crate) async fn register_via(
    pool: &Pool,
    event_id: i64,
    r: &CheckedRegistration,
    via: Option<i64>,
) -> Result<events::Registered, RegisterError> {
    let mut tx = pool.begin().await.expect("begin");
    let done = events::register(&mut tx, event_id, r, via)
        .await
        .expect("db");
    if done.is_ok() {
        tx.commit().await.expect("commit");
    }
    done
}

async fn register(
    pool: &Pool,
    event_id: i64,
    r: &CheckedRegistration,
) -> Result<events::Registered, RegisterError> {
    register_via(pool, event_id, r, None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_simultaneous_registrations_for_ten_seats() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let id = event(&pool, &w, 10).await;
        let tasks: Vec<_> = (0..50)
            .map(|i| {
                let pool = pool.clone();
                tokio::spawn(async move { register(&pool, id, &person(i)).await })
            })
            .collect();
        let mut confirmed = 0;
        let mut waiting = 0;
        for t in tasks {
            match t.await.expect("task").expect("registered").status {
                RegistrationStatus::Confirmed => confirmed += 1,
                RegistrationStatus::Waiting => waiting += 1,
                RegistrationStatus::Cancelled => unreachable!(),
            }
        }
        assert_eq!((confirmed, waiting), (10, 40), "{engine:?}");
        assert_eq!(
            events::counts(&pool, id).await.expect("counts"),
            (10, 40, 0)
        );
        let row = events::find(&pool, id).await.expect("db").expect("event");
        assert_eq!(row.summary().confirmed, 10, "{engine:?}");
    }
}

#[tokio::test]
async fn a_cancellation_promotes_the_first_waiting_person() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let id = event(&pool, &w, 2).await;
        let a = register(&pool, id, &person(1)).await.expect("a");
        let _b = register(&pool, id, &person(2)).await.expect("b");
        let c = register(&pool, id, &person(3)).await.expect("c");
        let d = register(&pool, id, &person(4)).await.expect("d");
        assert_eq!(c.status, RegistrationStatus::Waiting);
        assert_eq!(
            register(&pool, id, &person(1)).await.err(),
            Some(RegisterError::AlreadyRegistered)
        );
        let (_, rank) = events::by_token(&pool, &d.token)
            .await
            .expect("db")
            .expect("d");
        assert_eq!(rank, Some(2), "{engine:?}");

        // A confirmed person cancels: the first waiting person gets the seat.
        let mut tx = pool.begin().await.expect("begin");
        let done = events::cancel(&mut tx, &a.token)
            .await
            .expect("db")
            .expect("cancelled");
        tx.commit().await.expect("commit");
        assert_eq!(
            done.promoted.as_ref().map(|p| p.0),
            Some(c.id),
            "{engine:?}"
        );
        assert_eq!(events::counts(&pool, id).await.expect("counts"), (2, 1, 1));
        let (_, rank) = events::by_token(&pool, &d.token)
            .await
            .expect("db")
            .expect("d");
        assert_eq!(rank, Some(1));
        // The link works once; a waiting person who cancels frees no seat.
        let mut tx = pool.begin().await.expect("begin");
        assert!(events::cancel(&mut tx, &a.token)
            .await
            .expect("db")
            .is_none());
        let done = events::cancel(&mut tx, &d.token)
            .await
            .expect("db")
            .expect("cancelled");
        tx.commit().await.expect("commit");
        assert_eq!(done.promoted, None);
        assert_eq!(events::counts(&pool, id).await.expect("counts"), (2, 0, 2));
        let row = events::find(&pool, id).await.expect("db").expect("event");
        assert_eq!(row.summary().confirmed, 2, "{engine:?}");
        // The same address can register again once its registration is cancelled.
        let again = register(&pool, id, &person(1)).await.expect("again");
        assert_eq!(again.status, RegistrationStatus::Waiting);
    }
}
