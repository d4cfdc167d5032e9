//! What operators rely on, on both databases: `/healthz` (the process
//! answers), `/readyz` (the database answers with every migration), and a
//! clean stop — no new connection, the request in progress finishes, the
//! workers end their round.

use std::time::Duration;

use reqwest::StatusCode;
use tests::{engines, Engine, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn health_readiness_and_a_clean_stop() {
    for engine in engines() {
        let mut server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        let res = client
            .get(server.url("/healthz"))
            .send()
            .await
            .expect("healthz");
        assert_eq!(res.status(), StatusCode::OK, "{engine:?}");
        let res = client
            .get(server.url("/readyz"))
            .send()
            .await
            .expect("readyz");
        assert_eq!(res.status(), StatusCode::OK, "{engine:?}");

        // A database behind this build's migrations is not ready.
        let (latest,): (i64,) = sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&server.pool)
            .await
            .expect("migrations");
        sqlx::query("UPDATE _sqlx_migrations SET version = -version WHERE version = $1")
            .bind(latest)
            .execute(&server.pool)
            .await
            .expect("hide one");
        let res = client
            .get(server.url("/readyz"))
            .send()
            .await
            .expect("readyz");
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{engine:?}");
        assert_eq!(
            client
                .get(server.url("/healthz"))
                .send()
                .await
                .expect("healthz")
                .status(),
            StatusCode::OK,
            "{engine:?}: the process itself is alive"
        );
        sqlx::query("UPDATE _sqlx_migrations SET version = -version WHERE version = $1")
            .bind(-latest)
            .execute(&server.pool)
            .await
            .expect("put back");

        // A request in progress: its headers sent, half its body.
        let mut slow = tokio::net::TcpStream::connect(server.addr)
            .await
            .expect("connect");
        let body = "email=personne%40exemple.fr&password=x&next=";
        let head = format!(
            "POST /api/login HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            server.addr,
            body.len()
        );
        slow.write_all(head.as_bytes()).await.expect("head");
        slow.write_all(&body.as_bytes()[..10]).await.expect("half");
        tokio::time::sleep(Duration::from_millis(200)).await;

        let addr = server.addr;
        let stopping = tokio::spawn(async move { server.stop().await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "{engine:?}: no new connection once stopping"
        );
        assert!(
            !stopping.is_finished(),
            "{engine:?}: the request in progress holds the stop"
        );
        slow.write_all(&body.as_bytes()[10..]).await.expect("rest");
        let mut answer = String::new();
        slow.read_to_string(&mut answer).await.expect("answer");
        assert!(
            answer.starts_with("HTTP/1.1 "),
            "{engine:?}: the request got its answer: {answer}"
        );
        let (served, workers) = tokio::time::timeout(Duration::from_secs(40), stopping)
            .await
            .expect("stopped in time")
            .expect("task");
        served.expect("served cleanly");
        assert!(workers, "{engine:?}: the workers stopped after their round");
    }
}

/// Pages keep answering while another server of the same process builds its
/// router (the tests run many in one process). Listing the app's routes
/// switches resource loading off for the whole process (leptos#4773): done
/// again for each router, a page being rendered meanwhile would wait for its
/// data until the request timeout.
#[tokio::test]
async fn pages_answer_while_another_router_is_built() {
    let server = TestServer::start_with(Engine::Sqlite, None, |c| {
        c.page_cache_ms = 0;
        c.request_timeout_secs = 5;
    })
    .await
    .expect("server");
    let config = server::Config {
        site_root: tests::test_site_root().expect("site"),
        ..server::Config::default()
    };
    let state = server::app_state(&config, server.pool.clone());
    let metrics = server::Metrics::new();
    let building = tokio::task::spawn_blocking(move || {
        for _ in 0..100 {
            drop(server::router(&config, state.clone(), &metrics));
        }
    });
    let client = server.client();
    let mut pages = 0;
    while !building.is_finished() || pages < 20 {
        let res = client
            .get(server.url("/offres"))
            .send()
            .await
            .expect("GET /offres");
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "page {pages}: its data never came while a router was built"
        );
        pages += 1;
    }
    building.await.expect("routers built");
}
