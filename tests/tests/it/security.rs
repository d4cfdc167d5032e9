//! Security over HTTP on both databases: text from users never escapes the
//! page's `<title>` or JSON-LD, security headers, screened-out candidates
//! stay hidden from employers, no live link readable in the outbox or mail
//! log, throttled sign-in, bounded and well-formed input, redirects kept
//! on the portal, refused forms never put personal data in the address.

use app::api::account::Login;
use app::api::applications::{CompanyApplications, MoveApplication, PlatformApplications};
use leptos::server_fn::ServerFn;
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, REFERER, SET_COOKIE};
use reqwest::StatusCode;
use tests::{engines, Engine, TestServer};

use crate::http::{call, page, signed_in, COMPANY, PASSWORD, STAFF};

#[tokio::test]
async fn user_text_never_escapes_the_title_nor_the_json_ld() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let evil = "</title><script>alert(1)</script> & <!-- </script>";
        sqlx::query("UPDATE offers SET title = $1, description = $1 WHERE id = 2")
            .bind(evil)
            .execute(&server.pool)
            .await
            .expect("update");
        let client = server.client();
        let res = client
            .get(server.url("/offres/2"))
            .send()
            .await
            .expect("get");
        let csp = res
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let status = res.status();
        let html = res.text().await.expect("body");
        assert!(!html.contains("<script>alert(1)</script>"), "{engine:?}");
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or_default();
        assert!(
            title.starts_with("&lt;/title&gt;&lt;script&gt;alert(1)"),
            "{engine:?}: {status}: {title}"
        );
        // The page's own inline scripts carry the nonce the policy names.
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .expect("a nonce in the policy");
        assert!(html.contains(&format!("nonce=\"{nonce}\"")));
        assert!(csp.contains("object-src 'none'") && csp.contains("frame-ancestors 'none'"));
        let json = html
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .and_then(|r| r.split("</script>").next())
            .expect("JSON-LD");
        let parsed: serde_json::Value = serde_json::from_str(json).expect("JSON-LD parses");
        assert_eq!(parsed["title"], evil);
    }
}

#[tokio::test]
async fn pages_carry_security_headers_and_are_not_cached() {
    let server = TestServer::start(Engine::Sqlite).await.expect("server");
    let client = signed_in(&server, STAFF).await;
    let res = client.get(server.url("/equipe")).send().await.expect("get");
    let h = res.headers();
    assert_eq!(
        h.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    assert!(h.get("permissions-policy").is_some());
    assert!(h.get("content-security-policy").is_some());
    assert!(
        h.get("strict-transport-security").is_none(),
        "plain HTTP here"
    );
    let res = client
        .get(server.url("/evenements/inscription/inconnu"))
        .send()
        .await
        .expect("get");
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n";

async fn apply(server: &TestServer, email: &str) -> StatusCode {
    let form = reqwest::multipart::Form::new()
        .text("offer_id", "2")
        .text("full_name", "Awa Diallo")
        .text("email", email.to_owned())
        .text("message", "Disponible tout de suite.")
        .text("consent", "oui")
        .part(
            "cv",
            reqwest::multipart::Part::bytes(PDF)
                .file_name("cv.pdf")
                .mime_str("application/pdf")
                .expect("mime"),
        );
    server
        .client()
        .post(server.url("/api/apply_to_offer"))
        .multipart(form)
        .send()
        .await
        .expect("apply")
        .status()
}

#[tokio::test]
async fn a_candidate_screened_out_before_proposal_stays_hidden_from_the_employer() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        assert!(apply(&server, "awa@exemple.fr").await.is_success());
        let staff = signed_in(&server, STAFF).await;
        let (_, all) = call(&server, &staff, PlatformApplications::PATH, &[]).await;
        let id = all[0]["id"].as_i64().expect("id").to_string();
        let (status, body) = call(
            &server,
            &staff,
            MoveApplication::PATH,
            &[
                ("id", &id),
                ("to", "not_hired"),
                ("reason", "Profil sans rapport, note interne"),
                ("reason_category", "profil"),
            ],
        )
        .await;
        assert!(status.is_success(), "{engine:?} {status} {body}");
        let company = signed_in(&server, COMPANY).await;
        let (_, mine) = call(&server, &company, CompanyApplications::PATH, &[]).await;
        assert_eq!(mine.as_array().map(Vec::len), Some(0), "{engine:?}: {mine}");
        let cv = company
            .get(server.url(&format!("/candidatures/{id}/cv")))
            .send()
            .await
            .expect("cv");
        assert_eq!(cv.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn no_live_link_is_readable_in_the_outbox_or_the_mail_log() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let company = signed_in(&server, COMPANY).await;
        let (status, body) = call(
            &server,
            &company,
            "/api/invite_colleague",
            &[("email", "collegue@menuiserie.fr")],
        )
        .await;
        assert!(status.is_success() || status.is_redirection(), "{body}");
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT body, sealed_secrets FROM outbox WHERE to_address = 'collegue@menuiserie.fr'",
        )
        .fetch_all(&server.pool)
        .await
        .expect("outbox");
        assert_eq!(rows.len(), 1);
        let hex64 = |t: &str| {
            t.as_bytes()
                .windows(64)
                .any(|w| w.iter().all(|b| b.is_ascii_hexdigit()))
        };
        assert!(!hex64(&rows[0].0), "no token in the stored body");
        assert!(rows[0].0.contains("/invitation/[[lien:0]]"));
        let staff = signed_in(&server, STAFF).await;
        let (_, log) = page(&server, &staff, "/equipe/courriels").await;
        assert!(log.contains("lien personnel masqué"), "{engine:?}");
        assert!(!hex64(&log), "no token in the mail log");
    }
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_and_the_owner_is_told() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        for _ in 0..5 {
            let (status, _) = call(
                &server,
                &client,
                Login::PATH,
                &[
                    ("email", COMPANY),
                    ("password", "mauvais mot de passe"),
                    ("next", ""),
                ],
            )
            .await;
            assert_eq!(status.as_u16(), 422);
        }
        let res = client
            .post(server.url(Login::PATH))
            .form(&[("email", COMPANY), ("password", PASSWORD), ("next", "")])
            .send()
            .await
            .expect("login");
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{engine:?}");
        let retry: i64 = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After");
        assert!(retry > 0 && retry <= 60);
        let (told,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM outbox WHERE to_address = $1 AND subject LIKE 'Connexions bloquées%'",
        )
        .bind(COMPANY)
        .fetch_one(&server.pool)
        .await
        .expect("count");
        assert_eq!(told, 1);
        // Another account from another client is not affected.
        signed_in(&server, STAFF).await;
    }
}

#[tokio::test]
async fn redirects_after_sign_in_stay_on_the_portal_and_bad_input_never_drops_the_connection() {
    let server = TestServer::start(Engine::Sqlite).await.expect("server");
    for next in [
        "/\t/evil.example",
        "//evil.example",
        "/\n/evil",
        "https://evil.example",
    ] {
        let res = server
            .client()
            .post(server.url(Login::PATH))
            .header(ACCEPT, "text/html")
            .form(&[("email", COMPANY), ("password", PASSWORD), ("next", next)])
            .send()
            .await
            .expect("login");
        assert!(res.status().is_redirection(), "{next:?}: {}", res.status());
        let location = res
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(location, "/entreprise", "{next:?}");
    }
    // A multipart body without boundary: 400, not a dropped connection.
    let res = server
        .client()
        .post(server.url("/api/apply_to_offer"))
        .header(CONTENT_TYPE, "multipart/form-data")
        .body("x")
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // A 10 MB text field: 413 before it is read.
    let big = "a".repeat(10 * 1024 * 1024);
    let res = server
        .client()
        .post(server.url("/api/register_for_event"))
        .form(&[("event_id", "1"), ("full_name", big.as_str())])
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn public_forms_are_rate_limited_per_email() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        for _ in 0..5 {
            assert!(apply(&server, "flood@exemple.fr").await.is_success());
        }
        assert_eq!(
            apply(&server, "flood@exemple.fr").await,
            StatusCode::TOO_MANY_REQUESTS,
            "{engine:?}"
        );
        assert!(apply(&server, "autre@exemple.fr").await.is_success());
        let (files,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM applications WHERE email = 'flood@exemple.fr'")
                .fetch_one(&server.pool)
                .await
                .expect("count");
        assert_eq!(files, 5);
    }
}

#[tokio::test]
async fn a_form_refused_without_javascript_keeps_personal_data_out_of_the_address() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        let referer = server.url("/connexion");
        let res = client
            .post(server.url(Login::PATH))
            .header(ACCEPT, "text/html")
            .header(REFERER, &referer)
            .form(&[
                ("email", "louise.martin@exemple.fr"),
                ("password", "faux"),
                ("next", ""),
            ])
            .send()
            .await
            .expect("login");
        assert!(res.status().is_redirection());
        let location = res
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert_eq!(
            location, referer,
            "{engine:?}: nothing added to the address"
        );
        assert!(res
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .any(|c| c.to_str().is_ok_and(|c| c.starts_with("pe_flash="))));
        let html_page = |path: &'static str| {
            let client = client.clone();
            let url = server.url(path);
            async move {
                client
                    .get(url)
                    .header(ACCEPT, "text/html")
                    .send()
                    .await
                    .expect("page")
                    .text()
                    .await
                    .expect("body")
            }
        };
        let html = html_page("/connexion").await;
        assert!(
            html.contains("Adresse e-mail ou mot de passe incorrect."),
            "{engine:?}"
        );
        assert!(
            html.contains("louise.martin@exemple.fr"),
            "the typed address comes back"
        );
        let again = html_page("/connexion").await;
        assert!(
            !again.contains("Adresse e-mail ou mot de passe incorrect."),
            "shown once"
        );
        let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM form_flashes")
            .fetch_one(&server.pool)
            .await
            .expect("count");
        assert_eq!(left, 0);
    }
}

#[tokio::test]
async fn the_platform_side_signs_in_with_a_second_factor() {
    use crate::http::{demo_code, second_factor};
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        let (status, _) = call(
            &server,
            &client,
            Login::PATH,
            &[
                ("email", STAFF),
                ("password", PASSWORD),
                ("next", "/equipe/courriels"),
            ],
        )
        .await;
        assert!(status.is_success() || status.is_redirection());
        // The password alone opens nothing.
        assert_eq!(
            page(&server, &client, "/equipe").await.0,
            StatusCode::UNAUTHORIZED
        );
        let (status, body) = call(
            &server,
            &client,
            "/api/verify_second_factor",
            &[("code", "000000")],
        )
        .await;
        if demo_code(0) != "000000" && demo_code(-1) != "000000" && demo_code(1) != "000000" {
            assert_eq!(status.as_u16(), 422, "{engine:?}: {body}");
            assert!(body["Invalid"]["fields"]["code"]
                .as_str()
                .is_some_and(|m| m.contains("essai")));
        }
        assert!(second_factor(&server, &client).await, "{engine:?}");
        assert_eq!(page(&server, &client, "/equipe").await.0, StatusCode::OK);

        // An account without a secret enrols at its first sign-in.
        app::backend::accounts::create_account(
            &server.pool,
            app::backend::accounts::Membership::Staff {
                platform_slug: "bethune-bruay",
            },
            "nouvelle@equipe.fr",
            "Nina Nouvelle",
            "girafe bleue sous la pluie",
        )
        .await
        .expect("staff");
        let fresh = server.client();
        let (status, _) = call(
            &server,
            &fresh,
            Login::PATH,
            &[
                ("email", "nouvelle@equipe.fr"),
                ("password", "girafe bleue sous la pluie"),
                ("next", ""),
            ],
        )
        .await;
        assert!(status.is_success() || status.is_redirection());
        let (_, step) = call(&server, &fresh, "/api/second_factor_prompt", &[]).await;
        let secret = step["Enrol"]["secret"]
            .as_str()
            .expect("a new secret")
            .to_owned();
        let codes = step["Enrol"]["codes"]
            .as_array()
            .expect("recovery codes")
            .clone();
        assert_eq!(codes.len(), 10);
        let bytes = app::backend::totp::from_base32(&secret).expect("base32");
        let now_step = app::backend::db::now() / 30;
        let code = app::backend::totp::code_at(&bytes, now_step).expect("code");
        let (status, body) = call(
            &server,
            &fresh,
            "/api/verify_second_factor",
            &[("code", code.as_str())],
        )
        .await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{engine:?}: {body}"
        );
        assert_eq!(page(&server, &fresh, "/equipe").await.0, StatusCode::OK);
        // A recovery code replaces a code once.
        let again = server.client();
        call(
            &server,
            &again,
            Login::PATH,
            &[
                ("email", "nouvelle@equipe.fr"),
                ("password", "girafe bleue sous la pluie"),
                ("next", ""),
            ],
        )
        .await;
        let (_, step) = call(&server, &again, "/api/second_factor_prompt", &[]).await;
        assert_eq!(step, serde_json::json!("Code"), "enrolled now");
        let recovery = codes[0].as_str().expect("code").to_lowercase();
        let (status, _) = call(
            &server,
            &again,
            "/api/verify_second_factor",
            &[("code", recovery.as_str())],
        )
        .await;
        assert!(status.is_success() || status.is_redirection());
        let third = server.client();
        call(
            &server,
            &third,
            Login::PATH,
            &[
                ("email", "nouvelle@equipe.fr"),
                ("password", "girafe bleue sous la pluie"),
                ("next", ""),
            ],
        )
        .await;
        let (status, _) = call(
            &server,
            &third,
            "/api/verify_second_factor",
            &[("code", recovery.as_str())],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "a recovery code serves once");
        // Phone and codes lost: an admin resets the second factor, the
        // account's sessions end, and its next sign-in enrols again.
        let admin = signed_in(&server, "admin@demo.prochemploi.fr").await;
        let (nina,): (i64,) =
            sqlx::query_as("SELECT id FROM users WHERE email = 'nouvelle@equipe.fr'")
                .fetch_one(&server.pool)
                .await
                .expect("id");
        let nina = nina.to_string();
        let (status, body) = call(
            &server,
            &client,
            "/api/reset_second_factor",
            &[("user_id", nina.as_str())],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "staff cannot: {body}");
        let (status, body) = call(
            &server,
            &admin,
            "/api/reset_second_factor",
            &[("user_id", nina.as_str())],
        )
        .await;
        assert!(status.is_success() || status.is_redirection(), "{body}");
        assert_eq!(
            page(&server, &fresh, "/equipe").await.0,
            StatusCode::UNAUTHORIZED
        );
        let fourth = server.client();
        call(
            &server,
            &fourth,
            Login::PATH,
            &[
                ("email", "nouvelle@equipe.fr"),
                ("password", "girafe bleue sous la pluie"),
                ("next", ""),
            ],
        )
        .await;
        let (_, step) = call(&server, &fourth, "/api/second_factor_prompt", &[]).await;
        assert!(
            step["Enrol"]["secret"].is_string(),
            "{engine:?}: enrols again: {step}"
        );
    }
}
