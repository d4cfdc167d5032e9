//! Events already held, on both databases: staff list them with their
//! figures, and record at the door a company that came without
//! registering (one without an account), which the indicators count.

use app::backend::db::now;
use app::backend::indicators::{measure, Scope};
use app::backend::repo::users::{create_company, NewCompany};
use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, signed_in, LENS_STAFF, STAFF};

async fn company(server: &TestServer, platform: i64, name: &str, siret: &str) -> i64 {
    let mut tx = server.pool.begin().await.expect("begin");
    let id = create_company(
        &mut tx,
        &NewCompany {
            platform_id: platform,
            siret,
            name,
            naf_division: None,
            headcount_band: None,
            commune_insee: None,
        },
    )
    .await
    .expect("company");
    tx.commit().await.expect("commit");
    id
}

#[tokio::test]
async fn held_events_show_their_figures_and_take_companies_without_account() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let id =
            crate::events_http::staff_event(&server, "Forum d'hier", now() + 10 * 86_400, 5).await;
        let mut r = crate::events::person(1);
        r.full_name = "Chloé Dubois".into();
        let reg = crate::events::register_via(&server.pool, id, &r, None)
            .await
            .expect("registered")
            .id;
        // Held two days ago.
        sqlx::query("UPDATE events SET starts_at = $1, ends_at = $2 WHERE id = $3")
            .bind(now() - 2 * 86_400)
            .bind(now() - 2 * 86_400 + 3 * 3600)
            .bind(id)
            .execute(&server.pool)
            .await
            .expect("past");
        let (platform,): (i64,) = sqlx::query_as("SELECT platform_id FROM events WHERE id = $1")
            .bind(id)
            .fetch_one(&server.pool)
            .await
            .expect("platform");
        let (lens,): (i64,) = sqlx::query_as("SELECT platform_id FROM users WHERE email = $1")
            .bind(LENS_STAFF)
            .fetch_one(&server.pool)
            .await
            .expect("lens");
        let bakery = company(
            &server,
            platform,
            "Boulangerie sans compte",
            "99999999900011",
        )
        .await;
        let elsewhere = company(&server, lens, "Garage de Lens", "99999999900029").await;

        let staff = signed_in(&server, STAFF).await;
        let event = id.to_string();
        let (status, body) = call(
            &server,
            &staff,
            "/api/mark_attendance",
            &[
                ("event_id", &event),
                ("registration_id", &reg.to_string()),
                ("attendance", "present"),
            ],
        )
        .await;
        assert!(
            status.is_success(),
            "{engine:?}: staff correct afterwards: {body}"
        );

        // Another platform's company, or none chosen: refused by the field.
        for chosen in [elsewhere.to_string(), String::new()] {
            let (status, body) = call(
                &server,
                &staff,
                "/api/add_company_at_door",
                &[("event_id", &event), ("door_company_id", &chosen)],
            )
            .await;
            assert_eq!(status.as_u16(), 422, "{engine:?}: {body}");
            assert!(
                body["Invalid"]["fields"]["door_company_id"].is_string(),
                "{body}"
            );
        }
        let (status, body) = call(
            &server,
            &staff,
            "/api/add_company_at_door",
            &[
                ("event_id", &event),
                ("door_company_id", &bakery.to_string()),
                ("recruiter", "oui"),
            ],
        )
        .await;
        assert!(status.is_success(), "{engine:?}: {body}");
        // Twice is still one company.
        call(
            &server,
            &staff,
            "/api/add_company_at_door",
            &[
                ("event_id", &event),
                ("door_company_id", &bakery.to_string()),
            ],
        )
        .await;

        let (_, check_in) = call(&server, &staff, "/api/event_check_in", &[("id", &event)]).await;
        assert_eq!(
            check_in["registered_companies"][0][1],
            "Boulangerie sans compte"
        );
        assert_eq!(check_in["registered_companies"][0][2], true);

        let (_, events) = call(&server, &staff, "/api/staff_events", &[]).await;
        assert!(
            events["events"]
                .as_array()
                .expect("upcoming")
                .iter()
                .all(|e| e["id"] != id),
            "{engine:?}: a held event is not among those to come"
        );
        let past = events["past"]
            .as_array()
            .expect("past")
            .iter()
            .find(|e| e["summary"]["id"] == id)
            .expect("the held event is listed")
            .clone();
        assert_eq!(past["registered"], 1, "{engine:?}: {past}");
        assert_eq!(past["present"], 1);
        assert_eq!(past["absent"], 0);
        assert_eq!(past["companies_present"], 1);

        let m = measure(
            &server.pool,
            &Scope {
                platform: Some(platform),
                from: now() - 30 * 86_400,
                to: now() + 86_400,
            },
        )
        .await
        .expect("measure");
        let companies = m.get("companies_present").map_or(0, Vec::len);
        assert_eq!(companies, 1, "{engine:?}: the indicators count the company");

        // Another platform's staff cannot record companies at this event.
        let lens_staff = signed_in(&server, LENS_STAFF).await;
        let (status, _) = call(
            &server,
            &lens_staff,
            "/api/add_company_at_door",
            &[
                ("event_id", &event),
                ("door_company_id", &elsewhere.to_string()),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
