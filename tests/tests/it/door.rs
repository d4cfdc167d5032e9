//! The check-in at the door over HTTP on both databases: the search ignores
//! accents and case, a person of the waiting list who turns up is admitted
//! (on a free seat, or over the capacity when staff decide so, counted as
//! such), and without JavaScript each action comes back to the person's row.

use app::backend::db::now;
use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, signed_in, STAFF};

/// A job dating of one seat on the Béthune platform, two people registered
/// (the second waiting), held since a few minutes.
async fn small_event(server: &TestServer) -> (i64, i64, i64) {
    let id =
        crate::events_http::staff_event(server, "Job dating d'une place", now() + 10 * 86_400, 1)
            .await;
    let mut ids = Vec::new();
    for (name, email) in [
        ("Chloé Lefèvre", "chloe.l@exemple.fr"),
        ("Élodie Roy", "elodie@exemple.fr"),
    ] {
        let mut r = crate::events::person(1);
        r.full_name = name.into();
        r.email = email.into();
        ids.push(
            crate::events::register_via(&server.pool, id, &r, None)
                .await
                .expect("registered")
                .id,
        );
    }
    sqlx::query("UPDATE events SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(now() - 600)
        .bind(now() + 3600)
        .bind(id)
        .execute(&server.pool)
        .await
        .expect("today");
    (id, ids[0], ids[1])
}

#[tokio::test]
async fn the_door_finds_without_accents_and_admits_from_the_waiting_list() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let (event, first, waiting) = small_event(&server).await;
        let staff = signed_in(&server, STAFF).await;
        let event = event.to_string();

        for typed in ["chloe", "CHLOÉ", "lefevre"] {
            call(
                &server,
                &staff,
                "/api/search_participants",
                &[("event_id", &event), ("q", typed)],
            )
            .await;
            let (_, list) = call(&server, &staff, "/api/event_check_in", &[("id", &event)]).await;
            let names: Vec<&str> = list["participants"]
                .as_array()
                .expect("participants")
                .iter()
                .filter_map(|p| p["full_name"].as_str())
                .collect();
            assert_eq!(names, ["Chloé Lefèvre"], "{engine:?}: « {typed} »");
        }

        // The room is full: admitting needs staff's decision.
        let reg = waiting.to_string();
        let (status, body) = call(
            &server,
            &staff,
            "/api/admit_waiting",
            &[("event_id", &event), ("registration_id", &reg)],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body.to_string().contains("surnombre"), "{body}");
        let (status, body) = call(
            &server,
            &staff,
            "/api/admit_waiting",
            &[
                ("event_id", &event),
                ("registration_id", &reg),
                ("over_capacity", "oui"),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (state, attendance, over): (String, Option<String>, i64) = sqlx::query_as(
            "SELECT status, attendance, over_capacity FROM registrations WHERE id = $1",
        )
        .bind(waiting)
        .fetch_one(&server.pool)
        .await
        .expect("row");
        assert_eq!(
            (state.as_str(), attendance.as_deref(), over),
            ("confirmed", Some("present"), 1)
        );
        let (capacity, confirmed): (i64, i64) =
            sqlx::query_as("SELECT capacity, confirmed FROM events WHERE id = $1")
                .bind(event.parse::<i64>().expect("id"))
                .fetch_one(&server.pool)
                .await
                .expect("event");
        assert_eq!((capacity, confirmed), (2, 2), "{engine:?}");
        // Twice is refused, nothing counted twice.
        let (status, _) = call(
            &server,
            &staff,
            "/api/admit_waiting",
            &[
                ("event_id", &event),
                ("registration_id", &reg),
                ("over_capacity", "oui"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);

        // Without JavaScript, a tap comes back to the person's row.
        let res = staff
            .post(server.url("/api/mark_attendance"))
            .header(reqwest::header::ACCEPT, "text/html")
            .form(&[
                ("event_id", event.as_str()),
                ("registration_id", &first.to_string()),
                ("attendance", "present"),
            ])
            .send()
            .await
            .expect("post");
        assert!(res.status().is_redirection(), "{}", res.status());
        let to = res.headers()[reqwest::header::LOCATION]
            .to_str()
            .expect("location")
            .to_owned();
        assert!(to.ends_with(&format!("/pointage#p-{first}")), "{to}");
    }
}
