//! The Région reads every platform's monthly reports (and downloads their
//! workbooks); staff read only their own platform's, companies none.

use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, signed_in, COMPANY, LENS_STAFF};

#[tokio::test]
async fn the_region_reads_any_platforms_monthly_reports() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        // The demo platform's past months are built at start.
        let mut month = None;
        for _ in 0..100 {
            let row: Option<(String, i64)> = sqlx::query_as(
                "SELECT r.month, r.platform_id FROM monthly_reports r JOIN platforms p ON p.id = r.platform_id \
                 WHERE p.slug = 'bethune-bruay' ORDER BY r.month DESC LIMIT 1",
            )
            .fetch_optional(&server.pool)
            .await
            .expect("reports");
            if row.is_some() {
                month = row;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let (month, platform) = month.expect("a demo monthly report");
        let platform = platform.to_string();
        let region = signed_in(&server, "region@demo.prochemploi.fr").await;

        let (status, page) = call(&server, &region, "/api/monthly_reports", &[]).await;
        assert!(status.is_success(), "{page}");
        assert!(
            page["platforms"].as_array().is_some_and(|p| p.len() >= 2),
            "{page}"
        );
        assert_eq!(page["reports"].as_array().map(Vec::len), Some(0));
        let (_, page) = call(
            &server,
            &region,
            "/api/monthly_reports",
            &[("platform", &platform)],
        )
        .await;
        assert_eq!(page["manage"], false);
        assert_eq!(
            page["recipients"].as_array().map(Vec::len),
            Some(0),
            "recipients are staff's"
        );
        assert!(
            page["reports"].to_string().contains(&month),
            "{engine:?}: {page}"
        );
        let (status, report) = call(
            &server,
            &region,
            "/api/monthly_report",
            &[("month", &month), ("platform", &platform)],
        )
        .await;
        assert!(status.is_success(), "{report}");
        assert!(report["summary"].as_str().is_some_and(|s| !s.is_empty()));
        assert_eq!(report["platform_query"], format!("?plateforme={platform}"));
        let res = region
            .get(server.url(&format!(
                "/equipe/bilans/{month}/bilan.xlsx?plateforme={platform}"
            )))
            .send()
            .await
            .expect("xlsx");
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.bytes().await.expect("bytes").starts_with(b"PK"));
        // The Région cannot change who receives them.
        let (status, _) = call(
            &server,
            &region,
            "/api/add_report_recipient",
            &[("email", "x@exemple.fr"), ("label", "Région")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Staff of another platform read their own, whatever they ask.
        let lens = signed_in(&server, LENS_STAFF).await;
        let (_, theirs) = call(
            &server,
            &lens,
            "/api/monthly_reports",
            &[("platform", &platform)],
        )
        .await;
        assert_eq!(theirs["manage"], true);
        assert_ne!(theirs["platform"].to_string(), platform, "{theirs}");
        let company = signed_in(&server, COMPANY).await;
        let (status, _) = call(&server, &company, "/api/monthly_reports", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
