//! The mail log searched and paged: on both databases through the
//! repository, and over HTTP, where the search rides in a cookie (an
//! address typed there never goes in the URL).

use app::api::staff::{MailLog, SearchMailLog};
use app::backend::db::begin;
use app::backend::mail::outbox::{self, NewMail};
use leptos::server_fn::ServerFn;
use tests::{engines, Engine, TestServer};

use crate::direct::demo_state;
use crate::http::{call, page, signed_in, STAFF};

async fn queue(pool: &app::backend::db::Pool, platform: i64, to: &str, subject: &str) {
    let mut tx = begin(pool).await.expect("tx");
    outbox::enqueue(
        &mut tx,
        &NewMail {
            platform_id: Some(platform),
            to,
            subject,
            body: "Bonjour",
        },
    )
    .await
    .expect("queued");
    tx.commit().await.expect("commit");
}

#[tokio::test]
async fn the_mail_log_is_searched_by_recipient_subject_and_status_and_paged() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let pool = &state.pool;
        let platform: (i64,) = sqlx::query_as("SELECT MIN(id) FROM platforms")
            .fetch_one(pool)
            .await
            .expect("platform");
        let p = platform.0;
        for i in 0..5 {
            queue(
                pool,
                p,
                &format!("awa.{i}@exemple.fr"),
                &format!("Relance n° {i}"),
            )
            .await;
        }
        queue(pool, p, "taux@exemple.fr", "Remise de 100% sur_rien").await;

        let (found, total) = outbox::search(pool, Some(p), "AWA.", "", 0, 2)
            .await
            .expect("search");
        assert_eq!(total, 5, "{engine:?}: case does not matter");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].to, "awa.4@exemple.fr", "{engine:?}: newest first");
        let (rest, _) = outbox::search(pool, Some(p), "awa.", "", 4, 2)
            .await
            .expect("page 3");
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].to, "awa.0@exemple.fr");
        let (by_subject, n) = outbox::search(pool, Some(p), "relance n° 3", "", 0, 50)
            .await
            .expect("subject");
        assert_eq!((n, by_subject[0].to.as_str()), (1, "awa.3@exemple.fr"));
        // `%` and `_` are letters here, not wildcards.
        let (_, n) = outbox::search(pool, Some(p), "100%", "", 0, 50)
            .await
            .expect("percent");
        assert_eq!(n, 1, "{engine:?}");
        let (_, n) = outbox::search(pool, Some(p), "s_r", "", 0, 50)
            .await
            .expect("underscore");
        assert_eq!(n, 0, "{engine:?}");
        let (_, pending) = outbox::search(pool, Some(p), "awa.", "pending", 0, 50)
            .await
            .expect("status");
        let (_, sent) = outbox::search(pool, Some(p), "awa.", "sent", 0, 50)
            .await
            .expect("status");
        assert_eq!(pending + sent, 5, "{engine:?}: each is in one state");
        // Another platform's messages are not in this platform's log.
        let (_, other) = outbox::search(pool, Some(p + 1000), "awa.", "", 0, 50)
            .await
            .expect("other");
        assert_eq!(other, 0);
    }
}

#[tokio::test]
async fn the_search_rides_in_a_cookie_not_in_the_address() {
    let server = TestServer::start(Engine::Sqlite).await.expect("server");
    let staff = signed_in(&server, STAFF).await;
    let (status, _) = call(
        &server,
        &staff,
        SearchMailLog::PATH,
        &[
            ("recherche", "personne.introuvable@exemple.fr"),
            ("statut", ""),
        ],
    )
    .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let (status, html) = page(&server, &staff, "/equipe/courriels").await;
    assert!(status.is_success());
    assert!(html.contains("Aucun courriel."), "the search applies");
    assert!(
        html.contains("value=\"personne.introuvable@exemple.fr\""),
        "the search is shown"
    );
    let (_, body) = call(&server, &staff, MailLog::PATH, &[]).await;
    assert_eq!(body["total"], 0);
    // Cleared: the whole log again.
    call(
        &server,
        &staff,
        SearchMailLog::PATH,
        &[("recherche", ""), ("statut", "")],
    )
    .await;
    let (_, body) = call(&server, &staff, MailLog::PATH, &[]).await;
    assert!(body["total"].as_i64().is_some_and(|t| t > 0), "{body}");
}
