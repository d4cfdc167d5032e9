//! The partner API on both databases: the organisation's manager creates
//! and revokes tokens (shown once, stored hashed); over HTTP a token pulls
//! the offers shared with its organisation (incrementally), a read-write
//! token posts a positioning (idempotent), a read-only one cannot, a
//! revoked one is refused, every call is recorded and held to the rate.

use app::backend::partner_api;
use app::backend::repo::api_tokens;
use app::error::AppError;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tests::{engines, TestServer};

use crate::direct::{demo_state, person};
use crate::http::{FT, ML};

#[tokio::test]
async fn the_manager_creates_sees_once_and_revokes_tokens() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let ft = person(&state, FT).await;
        let ml = person(&state, ML).await;
        let view = partner_api::tokens_view(&state, &ft).await.expect("view");
        assert!(
            view.manager,
            "{engine:?}: the organisation's first account manages"
        );
        let bad = partner_api::create_token(&state, &ft, "  ", "admin").await;
        let Err(AppError::Invalid(errors)) = bad else {
            panic!("{engine:?}: {bad:?}");
        };
        assert!(errors.fields.contains_key("name") && errors.fields.contains_key("scope"));
        partner_api::create_token(&state, &ft, "Logiciel de l'agence", "lecture")
            .await
            .expect("created");
        let view = partner_api::tokens_view(&state, &ft).await.expect("view");
        let (name, secret) = view.revealed.expect("shown once");
        assert_eq!(name, "Logiciel de l'agence");
        assert!(secret.starts_with(partner_api::TOKEN_PREFIX));
        assert_eq!(view.tokens.len(), 1);
        assert!(!view.tokens[0].can_write);
        assert!(secret.starts_with(view.tokens[0].prefix.as_str()));
        // Never again, and never stored in clear.
        let again = partner_api::tokens_view(&state, &ft).await.expect("view");
        assert!(again.revealed.is_none(), "{engine:?}");
        let (stored,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM api_tokens WHERE token_hash = $1 OR pending_secret = $1",
        )
        .bind(&secret)
        .fetch_one(&state.pool)
        .await
        .expect("tokens");
        assert_eq!(stored, 0);
        // Another organisation cannot revoke it; its manager can.
        let id = again.tokens[0].id;
        assert!(matches!(
            partner_api::revoke_token(&state, &ml, id).await,
            Err(AppError::NotFound)
        ));
        partner_api::revoke_token(&state, &ft, id)
            .await
            .expect("revoked");
        let view = partner_api::tokens_view(&state, &ft).await.expect("view");
        assert!(view.tokens[0].revoked_on.is_some());
    }
}

async fn token(server: &TestServer, email: &str, write: bool) -> (i64, String) {
    let (user, org): (i64, i64) =
        sqlx::query_as("SELECT id, partner_org_id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&server.pool)
            .await
            .expect("adviser");
    let secret = format!(
        "{}{}",
        partner_api::TOKEN_PREFIX,
        app::backend::token::random_hex(24)
    );
    let id = api_tokens::create(&server.pool, org, "Test", write, user, &secret)
        .await
        .expect("token");
    (id, secret)
}

#[tokio::test]
async fn a_token_pulls_shared_offers_and_posts_positionings() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let http = reqwest::Client::new();
        let (read_id, read) = token(&server, FT, false).await;
        let (write_id, write) = token(&server, FT, true).await;
        let offers = server.url("/api-partenaires/v1/offres");

        let anonymous = http.get(&offers).send().await.expect("get");
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        let res = http
            .get(&offers)
            .bearer_auth(&read)
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), StatusCode::OK, "{engine:?}");
        let body: Value = res.json().await.expect("json");
        let list = body["offers"].as_array().expect("offers");
        let offer = list
            .iter()
            .find(|o| o["title"] == "Apprenti menuisier (H/F)")
            .expect("the offer shared with France Travail Béthune");
        assert_eq!(offer["status"], "published");
        assert_eq!(offer["rome_code"], "H2206");
        assert_eq!(offer["contract_months"], 24);
        let offer_id = offer["id"].as_i64().expect("id");
        // Incremental: nothing changed after the answer was made.
        let since = body["generated_at"]
            .as_str()
            .expect("generated_at")
            .to_owned();
        let later: Value = http
            .get(&offers)
            .query(&[("modifiees_depuis", "2099-12-31")])
            .bearer_auth(&read)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        assert_eq!(later["offers"].as_array().map(Vec::len), Some(0), "{later}");
        let bad = http
            .get(&offers)
            .query(&[("modifiees_depuis", "hier")])
            .bearer_auth(&read)
            .send()
            .await
            .expect("get");
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        // The Mission locale's token does not see France Travail's offer.
        let (_, ml) = token(&server, ML, false).await;
        let theirs: Value = http
            .get(&offers)
            .bearer_auth(&ml)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        assert!(theirs["offers"]
            .as_array()
            .expect("offers")
            .iter()
            .all(|o| o["id"] != offer_id));

        // Positionings: read-only refused, bad input field by field, then
        // one positioning however often the same key is sent.
        let post = server.url(&format!(
            "/api-partenaires/v1/offres/{offer_id}/positionnements"
        ));
        let candidate = json!({
            "cle": "agil-2026-000123",
            "nom": "Karim Haddad",
            "email": "karim.haddad@exemple.fr",
            "note": "Bac pro, cherche une alternance",
            "consentement": true
        });
        let res = http
            .post(&post)
            .bearer_auth(&read)
            .json(&candidate)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = http
            .post(&post)
            .bearer_auth(&write)
            .json(&json!({"cle": "agil-2026-000124", "nom": "K"}))
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused: Value = res.json().await.expect("json");
        assert!(refused["champs"]["consent"].is_string(), "{refused}");
        let mut ids = Vec::new();
        for _ in 0..2 {
            let res = http
                .post(&post)
                .bearer_auth(&write)
                .json(&candidate)
                .send()
                .await
                .expect("post");
            assert_eq!(res.status(), StatusCode::CREATED, "{engine:?}");
            let created: Value = res.json().await.expect("json");
            ids.push(created["id"].as_i64().expect("id"));
        }
        assert_eq!(ids[0], ids[1], "{engine:?}: idempotent");
        let (count,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM applications WHERE offer_id = $1 AND partner_org_id IS NOT NULL",
        )
        .bind(offer_id)
        .fetch_one(&server.pool)
        .await
        .expect("count");
        assert_eq!(count, 1);
        // Now the offer changed since the first pull: it comes back.
        let changed: Value = http
            .get(&offers)
            .query(&[("modifiees_depuis", since.as_str())])
            .bearer_auth(&read)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        assert!(changed["offers"].is_array());

        // A revoked token is refused at once.
        let (org,): (i64,) = sqlx::query_as("SELECT partner_org_id FROM users WHERE email = $1")
            .bind(FT)
            .fetch_one(&server.pool)
            .await
            .expect("org");
        assert!(api_tokens::revoke(&server.pool, org, write_id, 1)
            .await
            .expect("revoke"));
        let res = http
            .post(&post)
            .bearer_auth(&write)
            .json(&candidate)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

        // Every call is recorded, without its query string.
        let calls: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT method, path, status FROM api_calls WHERE token_id = $1 ORDER BY id",
        )
        .bind(read_id)
        .fetch_all(&server.pool)
        .await
        .expect("calls");
        assert_eq!(calls.len(), 5, "{engine:?}: {calls:?}");
        assert!(calls.iter().all(|(_, path, _)| !path.contains('?')));
        assert!(calls.contains(&("GET".into(), "/api-partenaires/v1/offres".into(), 400)));

        // Past its rate, a token waits.
        let now = app::backend::db::now();
        for _ in 0..120 {
            sqlx::query(
                "INSERT INTO api_calls (token_id, at, method, path, status) VALUES ($1, $2, 'GET', '/x', 200)",
            )
            .bind(read_id)
            .bind(now)
            .execute(&server.pool)
            .await
            .expect("call");
        }
        let res = http
            .get(&offers)
            .bearer_auth(&read)
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{engine:?}");
        assert!(res.headers().get("retry-after").is_some());

        let spec: Value = http
            .get(server.url("/api-partenaires/v1/openapi.json"))
            .send()
            .await
            .expect("openapi")
            .json()
            .await
            .expect("json");
        assert_eq!(spec["openapi"], "3.1.0");
        assert!(
            spec["paths"]["/api-partenaires/v1/offres/{id}/positionnements"]["post"].is_object()
        );
    }
}
