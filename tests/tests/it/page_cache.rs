//! The public pages' short cache: anonymous visitors get the same page
//! again within its delay; a visitor with the portal's cookies never gets a
//! cached page; any change sent to the instance empties it.

use reqwest::StatusCode;
use tests::{engines, TestServer};

async fn body(client: &reqwest::Client, url: &str, cookie: Option<&str>) -> String {
    let mut request = client.get(url).header("accept", "text/html");
    if let Some(c) = cookie {
        request = request.header("cookie", c);
    }
    let res = request.send().await.expect("GET");
    assert_eq!(res.status(), StatusCode::OK, "{url}");
    res.text().await.expect("body")
}

#[tokio::test]
async fn anonymous_visitors_share_a_page_until_a_change() {
    for engine in engines() {
        // A long delay, so that only a change empties the cache here.
        let server = TestServer::start_with(engine, None, |c| c.page_cache_ms = 60_000)
            .await
            .expect("server");
        let (event,): (i64,) =
            sqlx::query_as("SELECT MIN(id) FROM events WHERE status = 'published'")
                .fetch_one(&server.pool)
                .await
                .expect("an event");
        let url = server.url(&format!("/evenements/{event}"));
        let client = reqwest::Client::new();
        let first = body(&client, &url, None).await;
        assert!(!first.contains("Titre changé en base"), "{engine:?}");

        // Changed behind the portal's back: the cached page is served.
        sqlx::query("UPDATE events SET title = 'Titre changé en base' WHERE id = $1")
            .bind(event)
            .execute(&server.pool)
            .await
            .expect("update");
        assert_eq!(
            body(&client, &url, None).await,
            first,
            "{engine:?}: served from the cache"
        );
        // A cookie of the portal (a session, a flash) bypasses it; others do not.
        assert!(body(&client, &url, Some("pe_session=inconnue"))
            .await
            .contains("Titre changé en base"));
        assert_eq!(body(&client, &url, Some("theme=sombre")).await, first);

        // Any change sent to the instance (here a refused sign-in) empties it.
        let res = client
            .post(server.url("/api/login"))
            .form(&[
                ("email", "personne@exemple.fr"),
                ("password", "x"),
                ("next", ""),
            ])
            .send()
            .await
            .expect("POST");
        assert!(
            res.status().is_client_error()
                || res.status().is_redirection()
                || res.status().is_success()
        );
        assert!(
            body(&client, &url, None)
                .await
                .contains("Titre changé en base"),
            "{engine:?}: emptied by the POST"
        );
        // Pages of signed-in people and private pages are never kept.
        let login = body(&client, &server.url("/connexion"), None).await;
        assert!(login.contains("Se connecter"));
    }
}
