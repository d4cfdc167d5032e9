//! Seats set aside for a partner organisation's candidates, on both
//! databases: the public cannot take them, the organisation fills them
//! first, a cancellation gives the seat back to it, lowering a reservation
//! promotes the people waiting, and the capacity holds under concurrency.

use app::backend::db::Pool;
use app::backend::repo::event_reservations::{self as reservations, ReserveError};
use app::backend::repo::events;
use app::model::event::RegistrationStatus;
use tests::{engines, fresh_pool};

use crate::events::{event, person, register_via as register};
use crate::repo::world;

async fn reserve(
    pool: &Pool,
    event_id: i64,
    org: i64,
    seats: i64,
    actor: i64,
) -> Result<Vec<events::Promoted>, ReserveError> {
    let mut tx = pool.begin().await.expect("begin");
    let done = reservations::set_reservation(&mut tx, event_id, org, seats, actor)
        .await
        .expect("db");
    if done.is_ok() {
        tx.commit().await.expect("commit");
    }
    done
}

/// (capacity, confirmed, reserved) as the event row holds them.
async fn seats(pool: &Pool, id: i64) -> (i64, i64, i64) {
    let s = events::find(pool, id)
        .await
        .expect("db")
        .expect("event")
        .summary();
    (s.capacity, s.confirmed, s.reserved)
}

#[tokio::test]
async fn reserved_seats_go_to_the_partner_and_come_back_to_the_public() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let id = event(&pool, &w, 5).await;
        assert!(reserve(&pool, id, w.ft, 2, w.staff)
            .await
            .expect("reserved")
            .is_empty());
        assert_eq!(seats(&pool, id).await, (5, 0, 2), "{engine:?}");
        let s = events::find(&pool, id)
            .await
            .expect("db")
            .expect("event")
            .summary();
        assert_eq!(s.seats_left(), 3);

        // The public fills the three open seats, the fourth waits.
        for i in 1..=3 {
            let r = register(&pool, id, &person(i), None).await.expect("public");
            assert_eq!(r.status, RegistrationStatus::Confirmed, "{engine:?}");
        }
        let waiting = register(&pool, id, &person(4), None).await.expect("public");
        assert_eq!(waiting.status, RegistrationStatus::Waiting, "{engine:?}");

        // France Travail still has its two seats; a third candidate waits.
        let a = register(&pool, id, &person(10), Some(w.ft))
            .await
            .expect("ft");
        let b = register(&pool, id, &person(11), Some(w.ft))
            .await
            .expect("ft");
        let c = register(&pool, id, &person(12), Some(w.ft))
            .await
            .expect("ft");
        assert_eq!(
            (a.status, b.status, c.status),
            (
                RegistrationStatus::Confirmed,
                RegistrationStatus::Confirmed,
                RegistrationStatus::Waiting
            ),
            "{engine:?}"
        );
        assert_eq!(seats(&pool, id).await, (5, 5, 0));
        // Mission locale has no seat set aside: the waiting list.
        let m = register(&pool, id, &person(20), Some(w.ml))
            .await
            .expect("ml");
        assert_eq!(m.status, RegistrationStatus::Waiting);
        let names = reservations::registered_by(&pool, id, w.ft)
            .await
            .expect("db");
        assert_eq!(names.len(), 3);

        // A France Travail candidate cancels: the seat goes back to France
        // Travail, not to the first person waiting.
        let mut tx = pool.begin().await.expect("begin");
        let done = events::cancel(&mut tx, &a.token)
            .await
            .expect("db")
            .expect("cancelled");
        tx.commit().await.expect("commit");
        assert_eq!(done.promoted, None, "{engine:?}");
        assert_eq!(seats(&pool, id).await, (5, 4, 1), "{engine:?}");
        let r = reservations::reservations(&pool, id).await.expect("db");
        assert_eq!((r[0].seats, r[0].used), (2, 1));

        // Staff cannot go below the seats in use, nor beyond the room.
        assert_eq!(
            reserve(&pool, id, w.ft, 0, w.staff).await.err(),
            Some(ReserveError::BelowUsed(1))
        );
        assert_eq!(
            reserve(&pool, id, w.ft, 4, w.staff).await.err(),
            Some(ReserveError::NotEnoughSeats(0))
        );
        // Lowering the reservation frees a seat: the first person waiting
        // (the public's fourth registrant) gets it.
        let promoted = reserve(&pool, id, w.ft, 1, w.staff).await.expect("lowered");
        assert_eq!(
            promoted.iter().map(|p| p.0).collect::<Vec<_>>(),
            vec![waiting.id],
            "{engine:?}"
        );
        assert_eq!(seats(&pool, id).await, (5, 5, 0));
        let (confirmed, _, _) = events::counts(&pool, id).await.expect("counts");
        assert_eq!(confirmed, 5, "{engine:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_capacity_holds_with_partners_and_public_at_once() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let id = event(&pool, &w, 10).await;
        reserve(&pool, id, w.ft, 4, w.staff)
            .await
            .expect("reserved");
        let tasks: Vec<_> = (0..36)
            .map(|i| {
                let pool = pool.clone();
                let via = (i % 3 == 0).then_some(w.ft);
                tokio::spawn(async move { (via, register(&pool, id, &person(i), via).await) })
            })
            .collect();
        let (mut public, mut partner, mut waiting) = (0, 0, 0);
        for t in tasks {
            let (via, r) = t.await.expect("task");
            match (via, r.expect("registered").status) {
                (_, RegistrationStatus::Waiting) => waiting += 1,
                (None, _) => public += 1,
                (Some(_), _) => partner += 1,
            }
        }
        assert_eq!(public + partner, 10, "{engine:?}");
        assert_eq!(waiting, 26, "{engine:?}");
        assert!(
            partner >= 4 && public <= 6,
            "{engine:?}: {partner} partner, {public} public"
        );
        assert_eq!(seats(&pool, id).await, (10, 10, 0), "{engine:?}");
        let r = reservations::reservations(&pool, id).await.expect("db");
        assert_eq!((r[0].seats, r[0].used), (4, 4), "{engine:?}");
    }
}

/// Over HTTP, with the demo's job dating (3 seats kept for France Travail
/// Béthune): only staff of the platform set seats aside, with checked
/// input; only the organisation registers into them, and the candidate is
/// e-mailed their own link.
#[tokio::test]
async fn partners_register_their_candidates_into_their_seats() {
    use app::api::reservations::{PartnerEvents, RegisterPartnerCandidate, SetEventReservation};
    use leptos::server_fn::ServerFn;
    use reqwest::StatusCode;
    use tests::TestServer;

    use crate::http::{call, page, signed_in, FT, LENS_STAFF, ML, STAFF};

    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let (id,): (i64,) =
            sqlx::query_as("SELECT id FROM events WHERE title = 'Job dating des métiers du bois'")
                .fetch_one(&server.pool)
                .await
                .expect("demo event");
        let id = id.to_string();
        let (_, html) = page(&server, &server.client(), &format!("/evenements/{id}")).await;
        assert!(
            html.contains("5 places restantes (et 3 places réservées aux partenaires)"),
            "{engine:?}"
        );

        let ft = signed_in(&server, FT).await;
        let (status, html) = page(&server, &ft, "/partenaire/evenements").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("3 place(s) réservée(s) pour votre structure, 0 utilisée(s)"),
            "{html}"
        );
        let mut form = vec![
            ("event_id", id.as_str()),
            ("full_name", "Karim Benali"),
            ("email", "karim.benali@exemple.fr"),
            ("situation", "demandeur"),
            ("referrer", "france_travail"),
            ("priority_jeune", "oui"),
            ("priority_consent", "oui"),
            ("answer_1", "Deux ans en scierie"),
        ];
        let (status, body) = call(&server, &ft, RegisterPartnerCandidate::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["consent"].is_string(), "{body}");
        assert_eq!(body["Invalid"]["values"]["full_name"], "Karim Benali");
        form.push(("consent", "oui"));
        let (status, body) = call(&server, &ft, RegisterPartnerCandidate::PATH, &form).await;
        assert!(status.is_success(), "{engine:?}: {body}");
        let (body,): (String,) = sqlx::query_as(
            "SELECT body FROM outbox WHERE to_address = 'karim.benali@exemple.fr' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&server.pool)
        .await
        .expect("the candidate is e-mailed");
        assert!(body.contains("/evenements/inscription/"), "{body}");
        let (_, events) = call(&server, &ft, PartnerEvents::PATH, &[]).await;
        assert_eq!(events[0]["used"], 1, "{events}");
        assert_eq!(events[0]["registered"][0][0], "Karim Benali");

        // Mission locale has no seats here: it sees nothing and cannot register.
        let ml = signed_in(&server, ML).await;
        let (_, events) = call(&server, &ml, PartnerEvents::PATH, &[]).await;
        assert_eq!(events.as_array().map(Vec::len), Some(0), "{events}");
        form[2] = ("email", "autre@exemple.fr");
        let (status, _) = call(&server, &ml, RegisterPartnerCandidate::PATH, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Staff of another platform cannot touch the reservations.
        let (ml_org,): (i64,) = sqlx::query_as("SELECT partner_org_id FROM users WHERE email = $1")
            .bind(ML)
            .fetch_one(&server.pool)
            .await
            .expect("ml org");
        let ml_org = ml_org.to_string();
        let lens = signed_in(&server, LENS_STAFF).await;
        let (status, _) = call(
            &server,
            &lens,
            SetEventReservation::PATH,
            &[
                ("event_id", id.as_str()),
                ("partner_org_id", &ml_org),
                ("seats", "2"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let staff = signed_in(&server, STAFF).await;
        let (ft_org,): (i64,) = sqlx::query_as("SELECT partner_org_id FROM users WHERE email = $1")
            .bind(FT)
            .fetch_one(&server.pool)
            .await
            .expect("ft org");
        let ft_org = ft_org.to_string();
        for (org, seats, field, words) in [
            (ml_org.as_str(), "deux", "seats", "nombre de places"),
            (ft_org.as_str(), "0", "seats", "au moins 1"),
            (ft_org.as_str(), "20", "seats", "Il ne reste que 5 place(s)"),
        ] {
            let (status, body) = call(
                &server,
                &staff,
                SetEventReservation::PATH,
                &[
                    ("event_id", id.as_str()),
                    ("partner_org_id", org),
                    ("seats", seats),
                ],
            )
            .await;
            assert_eq!(status.as_u16(), 422, "{body}");
            assert!(
                body["Invalid"]["fields"][field]
                    .as_str()
                    .is_some_and(|m| m.contains(words)),
                "{engine:?}: {body}"
            );
            assert_eq!(body["Invalid"]["values"]["seats"], seats);
        }
        let (status, body) = call(
            &server,
            &staff,
            SetEventReservation::PATH,
            &[
                ("event_id", id.as_str()),
                ("partner_org_id", &ml_org),
                ("seats", "2"),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (_, html) = page(
            &server,
            &staff,
            &format!("/equipe/evenements/{id}/places-partenaires"),
        )
        .await;
        let (ml_name,): (String,) = sqlx::query_as("SELECT name FROM partner_orgs WHERE id = $1")
            .bind(ml_org.parse::<i64>().unwrap_or_default())
            .fetch_one(&server.pool)
            .await
            .expect("ml name");
        assert!(
            html.contains(&format!("<th scope=\"row\">{ml_name}</th>")),
            "{html}"
        );
        let (_, events) = call(&server, &ml, PartnerEvents::PATH, &[]).await;
        assert_eq!(events[0]["seats"], 2, "{events}");
    }
}
