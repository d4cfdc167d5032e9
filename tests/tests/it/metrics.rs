//! Prometheus metrics on their own address, on both databases: requests by
//! declared route (never the path as typed), server functions by name, the
//! pool, the outbox and the background jobs.

use std::time::Duration;

use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{signed_in, STAFF};

/// The value of the series whose line starts with `series ` (0 if absent).
fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

async fn scrape(server: &TestServer) -> String {
    let addr = server.metrics.address().expect("metrics listening");
    let res = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .expect("metrics");
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.expect("text")
}

#[tokio::test]
async fn metrics_count_requests_pool_outbox_and_jobs() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        for _ in 0..3 {
            let res = client
                .get(server.url("/offres?q=menuisier"))
                .send()
                .await
                .expect("offres");
            assert_eq!(res.status(), StatusCode::OK);
            assert!(res.headers().contains_key("x-request-id"));
        }
        let res = client
            .get(server.url("/metrics"))
            .send()
            .await
            .expect("portal /metrics");
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "{engine:?}: metrics are not on the public address"
        );
        let _staff = signed_in(&server, STAFF).await;

        // An e-mail given up and one waiting for an hour.
        let now = app::backend::db::now();
        for (status, created, next) in [("failed", now, now), ("pending", now - 3600, now + 86_400)]
        {
            sqlx::query(
                "INSERT INTO outbox (to_address, subject, body, status, next_attempt_at, created_at) \
                 VALUES ('x@example.org', 'Test', 'Test', $1, $2, $3)",
            )
            .bind(status)
            .bind(next)
            .bind(created)
            .execute(&server.pool)
            .await
            .expect("outbox row");
        }

        let mut text = scrape(&server).await;
        for _ in 0..100 {
            if value(&text, "prochemploi_job_runs_total{job=\"retention\"}") >= 1.0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            text = scrape(&server).await;
        }
        let offers =
            "prochemploi_http_requests_total{method=\"GET\",route=\"/offres\",status=\"200\"}";
        assert_eq!(value(&text, offers), 3.0, "{engine:?}\n{text}");
        assert_eq!(
            value(
                &text,
                "prochemploi_http_request_duration_seconds_count{method=\"GET\",route=\"/offres\"}"
            ),
            3.0
        );
        assert!(!text.contains("menuisier"), "no query in the labels");
        assert!(
            text.lines().any(|l| l
                .starts_with("prochemploi_http_requests_total{method=\"POST\",route=\"/api/")
                && !l.contains("fn_name")),
            "server functions by name: {text}"
        );
        assert!(value(&text, "prochemploi_db_pool_max_connections") >= 1.0);
        assert!(value(&text, "prochemploi_db_pool_connections{state=\"idle\"}") >= 1.0);
        assert_eq!(
            value(&text, "prochemploi_outbox_messages{state=\"failed\"}"),
            1.0
        );
        assert!(value(&text, "prochemploi_outbox_messages{state=\"pending\"}") >= 1.0);
        assert!(value(&text, "prochemploi_outbox_oldest_pending_age_seconds") >= 3600.0);
        for job in [
            "offer_expiry",
            "monthly_reports",
            "retention",
            "housekeeping",
        ] {
            let runs = format!("prochemploi_job_runs_total{{job=\"{job}\"}}");
            assert!(value(&text, &runs) >= 1.0, "{engine:?}: {job}\n{text}");
        }
        assert!(text.ends_with("# EOF\n"), "OpenMetrics text");
    }
}
