//! HTTP tests against a live server on a random port with a fresh database
//! (demo data), on SQLite and PostgreSQL: pages, statuses, sign-in, and the
//! core loop with its authorization rules, through the server functions as
//! a browser (or an attacker) calls them.

use app::api::account::{Login, SignupCompany};
use app::api::company::{MyOffers, SubmitOffer};
use app::api::partner::PartnerOffer;
use app::api::staff::{ApproveOffer, PlatformOffers, RejectOffer, ShareOffer};
use app::api::two_factor::VerifySecondFactor;
use leptos::server_fn::ServerFn;
use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::StatusCode;
use serde_json::Value;
use tests::{engines, Engine, TestServer, TEST_LOADER, TEST_STYLE};

pub(crate) const PASSWORD: &str = "demo-prochemploi";
pub(crate) const COMPANY: &str = "contact@menuiserie-artois.demo.fr";
pub(crate) const STAFF: &str = "equipe.bethune@demo.prochemploi.fr";
pub(crate) const LENS_STAFF: &str = "equipe.lens@demo.prochemploi.fr";
pub(crate) const FT: &str = "conseiller.ft@demo.prochemploi.fr";
pub(crate) const ML: &str = "conseiller.ml@demo.prochemploi.fr";

/// Calls a server function as the hydrated client does (form-encoded body,
/// JSON answer).
pub(crate) async fn call(
    server: &TestServer,
    client: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    let res = client
        .post(server.url(path))
        .form(form)
        .send()
        .await
        .expect("request");
    let status = res.status();
    let text = res.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

pub(crate) async fn signed_in(server: &TestServer, email: &str) -> reqwest::Client {
    let client = server.client();
    // A code serves once per account: when the previous, current and next
    // steps are used, the next 30-second step is awaited.
    for _ in 0..3 {
        let (status, body) = call(
            server,
            &client,
            Login::PATH,
            &[("email", email), ("password", PASSWORD), ("next", "")],
        )
        .await;
        assert!(
            status.is_success() || status.is_redirection(),
            "login {email}: {status} {body}"
        );
        if !email.ends_with("@demo.prochemploi.fr") || second_factor(server, &client).await {
            return client;
        }
        tokio::time::sleep(std::time::Duration::from_secs(31)).await;
    }
    panic!("no authenticator code was accepted for {email}");
}

/// The demo's authenticator code at a step offset from now.
pub(crate) fn demo_code(offset: i64) -> String {
    let secret =
        app::backend::totp::from_base32(app::backend::demo::DEMO_TOTP_SECRET).expect("demo secret");
    let step = app::backend::db::now().div_euclid(app::backend::totp::STEP_SECS) + offset;
    app::backend::totp::code_at(&secret, step).expect("code")
}

/// Types the demo account's authenticator code (previous, current, then
/// next step); whether one was accepted.
pub(crate) async fn second_factor(server: &TestServer, client: &reqwest::Client) -> bool {
    for offset in [-1, 0, 1] {
        let code = demo_code(offset);
        let (status, _) = call(
            server,
            client,
            VerifySecondFactor::PATH,
            &[("code", code.as_str())],
        )
        .await;
        if status.is_success() || status.is_redirection() {
            return true;
        }
    }
    false
}

pub(crate) async fn page(
    server: &TestServer,
    client: &reqwest::Client,
    path: &str,
) -> (StatusCode, String) {
    let url = if path.starts_with("http") {
        path.to_owned()
    } else {
        server.url(path)
    };
    let res = client
        .get(url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    (res.status(), res.text().await.expect("body"))
}

#[tokio::test]
async fn pages_render_in_french_with_the_right_status() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        let (status, html) = page(&server, &client, "/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<html lang=\"fr\""), "{engine:?}");
        assert!(html.contains("<title>Accueil – Proch'Emploi</title>"));
        assert!(html.contains("Avec le soutien de la Région Hauts-de-France"));
        assert!(
            html.contains(r#"data-wasm="/pkg/frontend_bg.wasm""#),
            "the client's loader present, naming the islands' client"
        );
        // An anonymous visitor's page carries the style sheet and the
        // loader (no two more files to wait for), under the page's nonce.
        let nonce = html
            .split(r#"<style nonce=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("an inline style sheet with its nonce");
        assert!(html.contains(&format!(r#"<style nonce="{nonce}">{TEST_STYLE}</style>"#)));
        assert!(
            html.contains(&format!(">{TEST_LOADER}</script>")),
            "the loader inline"
        );
        assert!(!html.contains(r#"src="/pkg/client.js""#) && !html.contains("rel=\"stylesheet\""));
        let res = client.get(server.url("/")).send().await.expect("GET /");
        let policy = res.headers()["content-security-policy"]
            .to_str()
            .expect("policy")
            .to_owned();
        let nonce = policy
            .split("style-src 'self' 'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("the style sheet's nonce in the policy")
            .to_owned();
        let html = res.text().await.expect("body");
        assert!(
            html.contains(&format!(r#"<style nonce="{nonce}">"#)),
            "{policy}"
        );
        // A signed-in person goes from page to page: links to the files
        // their browser keeps.
        let staff = signed_in(&server, STAFF).await;
        let (status, html) = page(&server, &staff, "/equipe").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains(r#"<link rel="stylesheet" href="/pkg/frontend.css">"#)
                && html.contains(r#"src="/pkg/client.js""#)
                && !html.contains(TEST_STYLE)
                && !html.contains(TEST_LOADER),
            "signed in: the files linked"
        );
        assert!(
            !html.contains("modulepreload"),
            "a page without islands does not fetch the WebAssembly"
        );
        for path in [
            "/mentions-legales",
            "/donnees-personnelles",
            "/accessibilite",
            "/connexion",
            "/inscription",
        ] {
            assert_eq!(
                page(&server, &client, path).await.0,
                StatusCode::OK,
                "{path}"
            );
        }
        let (status, html) = page(&server, &client, "/nulle-part").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("Page introuvable"));
        let (status, html) = page(&server, &client, "/equipe").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(html.contains("Connexion requise"));
        assert!(html.contains("/connexion?next=/equipe"));
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let server = TestServer::start(Engine::Sqlite).await.expect("server");
    let res = server
        .client()
        .post(server.url(Login::PATH))
        .header("origin", "https://evil.example")
        .form(&[("email", STAFF), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = server
        .client()
        .post(server.url(Login::PATH))
        .header("origin", format!("http://{}", server.addr))
        .form(&[("email", STAFF), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert!(res.status().is_success());
}

#[tokio::test]
async fn wrong_password_is_refused_without_saying_which_part() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        for (email, password) in [(STAFF, "mauvais mot de passe"), ("inconnu@x.fr", PASSWORD)] {
            let (status, body) = call(
                &server,
                &client,
                Login::PATH,
                &[("email", email), ("password", password)],
            )
            .await;
            assert_eq!(status.as_u16(), 422, "{engine:?}");
            assert_eq!(
                body["Invalid"]["fields"]["password"],
                "Adresse e-mail ou mot de passe incorrect."
            );
        }
        let (status, _) = page(&server, &client, "/equipe").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

/// Sends a request as `frontend/client.js` does for a form shown in place.
fn in_place(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request
        .header(ACCEPT, "text/html")
        .header(app::client_files::IN_PLACE_HEADER, "1")
}

/// Sends, from `/connexion`, a sign-in with a wrong password; returns
/// where the portal sends the browser back (with the error kept).
async fn refused_sign_in(server: &TestServer, request: reqwest::RequestBuilder) -> String {
    let res = request
        .header(REFERER, server.url("/connexion"))
        .form(&[
            ("email", "jeanne@exemple.fr"),
            ("password", "faux mot de passe"),
            ("next", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FOUND);
    res.headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_owned()
}

#[tokio::test]
async fn answers_shown_in_place_leave_the_inline_head_out() {
    for engine in engines() {
        // The public pages kept a minute: each form of a page is kept apart.
        let server = TestServer::start_with(engine, None, |c| c.page_cache_ms = 60_000)
            .await
            .expect("server");
        let client = server.client();
        let inline = |html: &str| html.contains(TEST_STYLE) && html.contains(TEST_LOADER);
        for path in ["/", "/offres", "/connexion"] {
            let html = in_place(client.get(server.url(path)))
                .send()
                .await
                .expect("GET")
                .text()
                .await
                .expect("body");
            assert!(
                !inline(&html) && html.contains(r#"rel="stylesheet""#),
                "{engine:?} {path}: shown in place, the head links its files"
            );
            let (_, html) = page(&server, &client, path).await;
            assert!(inline(&html), "{engine:?} {path}: a visit, the head inline");
        }
        // A sign-in refused in place: the page with its error, lighter.
        let location =
            refused_sign_in(&server, in_place(client.post(server.url(Login::PATH)))).await;
        let html = in_place(client.get(&location))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("body");
        assert!(html.contains("Adresse e-mail ou mot de passe incorrect."));
        assert!(
            !inline(&html),
            "{engine:?}: the error page without the inline head"
        );
    }
}

#[tokio::test]
async fn pages_end_without_empty_hydration_data() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        for path in [
            "/",
            "/offres",
            "/evenements",
            "/connexion",
            "/alertes",
            "/nulle-part",
        ] {
            let (_, html) = page(&server, &client, path).await;
            assert!(
                html.ends_with("</html>") && !html.contains("__INCOMPLETE_CHUNKS"),
                "{engine:?} {path}: the page ends with </html>, its empty hydration data left out"
            );
        }
    }
}

#[tokio::test]
async fn plain_form_post_redirects_back_with_errors_and_typed_values() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        let location = refused_sign_in(
            &server,
            client
                .post(server.url(Login::PATH))
                .header(ACCEPT, "text/html"),
        )
        .await;
        assert!(!location.contains("__err"), "the error stays server-side");
        let html = client
            .get(&location)
            .header(ACCEPT, "text/html")
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("body");
        assert!(
            html.contains("Adresse e-mail ou mot de passe incorrect."),
            "{html}"
        );
        assert!(
            html.contains("value=\"jeanne@exemple.fr\""),
            "typed e-mail kept"
        );

        // A good sign-in without JavaScript redirects to the role's home.
        let res = client
            .post(server.url(Login::PATH))
            .header(ACCEPT, "text/html")
            .header(REFERER, server.url("/connexion"))
            .form(&[("email", COMPANY), ("password", PASSWORD), ("next", "")])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::FOUND);
        assert_eq!(
            res.headers().get(LOCATION).and_then(|v| v.to_str().ok()),
            Some("/entreprise")
        );
        let cookie = res
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert_eq!(
            page(&server, &client, "/entreprise").await.0,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn company_signup_finds_the_platform_from_the_commune() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        let mut form = vec![
            ("company_name", "Garage du Centre"),
            ("siret", "443 061 841 00047"),
            ("naf_division", "45"),
            ("headcount_band", "03"),
            ("commune", "Amiens"),
            ("platform_id", ""),
            ("full_name", "Nadia Test"),
            ("email", "nadia@garage-centre.fr"),
            ("password", "une phrase de passe"),
            ("password_confirm", "une phrase de passe"),
        ];
        // No platform covers Amiens: said next to the commune.
        let (status, body) = call(&server, &client, SignupCompany::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{engine:?}");
        assert!(
            body["Invalid"]["fields"]["commune"]
                .as_str()
                .is_some_and(|m| m.contains("Aucune plateforme")),
            "{body}"
        );
        form[4] = ("commune", "Lens");
        let (status, body) = call(&server, &client, SignupCompany::PATH, &form).await;
        assert!(status.is_success(), "{engine:?}: {status} {body}");
        let (slug,): (String,) = sqlx::query_as(
            "SELECT p.slug FROM companies c JOIN platforms p ON p.id = c.platform_id WHERE c.name = 'Garage du Centre'",
        )
        .fetch_one(&server.pool)
        .await
        .expect("company");
        assert_eq!(slug, "lens-lievin", "{engine:?}");
    }
}

#[tokio::test]
async fn company_signup_checks_siret_and_signs_in() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let client = server.client();
        let mut form = vec![
            ("company_name", "Boulangerie Test"),
            ("siret", "12345678901234"),
            ("naf_division", "10"),
            ("headcount_band", "03"),
            ("commune", "Lens"),
            ("platform_id", "1"),
            ("full_name", "Louis Test"),
            ("email", "louis@boulangerie.fr"),
            ("password", "une phrase de passe"),
            ("password_confirm", "une phrase de passe"),
        ];
        let (status, body) = call(&server, &client, SignupCompany::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{engine:?}");
        assert!(body["Invalid"]["fields"]["siret"]
            .as_str()
            .is_some_and(|m| m.contains("SIRET")));
        assert_eq!(body["Invalid"]["values"]["siret"], "12345678901234");
        assert!(
            body["Invalid"]["values"].get("password").is_none(),
            "passwords never echoed"
        );
        // Every error in one round: the commune outside the platform is
        // reported with the SIRET, not after it is fixed.
        assert!(
            body["Invalid"]["fields"]["commune"]
                .as_str()
                .is_some_and(|m| m.contains("territoire")),
            "{engine:?}: {body}"
        );
        form[1] = ("siret", "443 061 841 00047");
        // Lens is not on the Béthune-Bruay platform's territory.
        let (status, body) = call(&server, &client, SignupCompany::PATH, &form).await;
        assert_eq!(status.as_u16(), 422);
        assert!(body["Invalid"]["fields"]["commune"]
            .as_str()
            .is_some_and(|m| m.contains("territoire")));
        form[4] = ("commune", "Béthune (62400)");
        let (status, body) = call(&server, &client, SignupCompany::PATH, &form).await;
        assert!(status.is_success(), "{status} {body}");
        // The account works once its address is confirmed.
        let (status, body) = call(
            &server,
            &client,
            Login::PATH,
            &[
                ("email", "louis@boulangerie.fr"),
                ("password", "une phrase de passe"),
                ("next", ""),
            ],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(
            body.to_string().contains("Confirmez d'abord votre adresse"),
            "{body}"
        );
        let token = confirm_signup(&server, &client, "louis@boulangerie.fr").await;
        let (status, _) = call(
            &server,
            &server.client(),
            "/api/confirm_address",
            &[("token", token.as_str())],
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a confirmation link serves once"
        );
        let (band, naf, commune): (String, String, String) = sqlx::query_as(
            "SELECT headcount_band, naf_division, commune_insee FROM companies WHERE siret = '44306184100047'",
        )
        .fetch_one(&server.pool)
        .await
        .expect("company");
        assert_eq!(
            (band.as_str(), naf.as_str(), commune.as_str()),
            ("03", "10", "62119")
        );
        let (status, html) = page(&server, &client, "/entreprise").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Vous n'avez pas encore déposé d'offre."));
        // A known address gets the same answer (its owner is e-mailed).
        let other = server.client();
        let mut again = form.clone();
        again[1] = ("siret", "512 345 679 00009");
        let (status, body) = call(&server, &other, SignupCompany::PATH, &again).await;
        assert!(
            status.is_success(),
            "same answer for a known address: {status} {body}"
        );
        let told = server.mail_text(Some("louis@boulangerie.fr")).await;
        assert!(told.contains("qui en a déjà un"), "{told}");
        // The same SIRET cannot sign up twice on the platform.
        form[7] = ("email", "autre@boulangerie.fr");
        let (status, body) = call(&server, &other, SignupCompany::PATH, &form).await;
        assert_eq!(status.as_u16(), 422);
        assert!(body["Invalid"]["fields"]["siret"].is_string());
    }
}

/// Follows the confirmation link e-mailed to a new company account, with
/// `client`, which is then signed in; returns the link's token.
pub(crate) async fn confirm_signup(
    server: &TestServer,
    client: &reqwest::Client,
    email: &str,
) -> String {
    let mail = server.mail_text(Some(email)).await;
    let start = mail
        .find("/inscription/confirmer/")
        .expect("confirmation link")
        + "/inscription/confirmer/".len();
    let token = mail[start..start + 64].to_owned();
    let (status, body) = call(
        server,
        client,
        "/api/confirm_address",
        &[("token", token.as_str())],
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    token
}

/// Submits an offer as the company and returns its id (newest offer).
pub(crate) async fn submit_offer(
    server: &TestServer,
    company: &reqwest::Client,
    title: &str,
    commune: &str,
) -> String {
    let (status, body) = call(
        server,
        company,
        SubmitOffer::PATH,
        &offer_form(title, commune),
    )
    .await;
    assert!(status.is_success(), "{status} {body}");
    let (_, mine) = call(server, company, MyOffers::PATH, &[]).await;
    assert_eq!(mine[0]["title"], title);
    mine[0]["id"].as_i64().expect("id").to_string()
}

pub(crate) fn offer_form<'a>(title: &'a str, commune: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("title", title),
        ("rome", "Cariste (N1101)"),
        ("contract", "cdd"),
        ("contract_months", "6"),
        ("positions", "2"),
        ("working_time", "full_time"),
        ("share_consent", "oui"),
        ("publish_consent", "oui"),
        ("commune", commune),
        (
            "description",
            "Préparation de commandes en entrepôt, horaires d'équipe.",
        ),
        ("published_elsewhere", "nowhere"),
    ]
}

#[tokio::test]
async fn core_loop_with_authorization() {
    for engine in engines() {
        core_loop(engine).await;
    }
}

async fn core_loop(engine: Engine) {
    let server = TestServer::start(engine).await.expect("server");
    let company = signed_in(&server, COMPANY).await;

    // Bad input: empty title, commune outside the territory.
    let (status, body) = call(
        &server,
        &company,
        SubmitOffer::PATH,
        &offer_form("", "Lens"),
    )
    .await;
    assert_eq!(status.as_u16(), 422);
    assert_eq!(
        body["Invalid"]["fields"]["title"],
        "Indiquez l'intitulé du poste."
    );
    assert!(body["Invalid"]["fields"]["commune"]
        .as_str()
        .is_some_and(|m| m.contains("territoire")));
    assert_eq!(body["Invalid"]["values"]["commune"], "Lens");

    let (status, body) = call(
        &server,
        &company,
        SubmitOffer::PATH,
        &offer_form("Préparateur de commandes", "Béthune (62400)"),
    )
    .await;
    assert!(status.is_success(), "{status} {body}");
    let (_, mine) = call(&server, &company, MyOffers::PATH, &[]).await;
    let offer = mine
        .as_array()
        .and_then(|a| a.iter().find(|o| o["title"] == "Préparateur de commandes"))
        .cloned()
        .expect("my offer");
    assert_eq!(offer["status"], "Submitted");
    let id = offer["id"].as_i64().expect("id").to_string();

    // Companies cannot moderate; staff of another platform cannot either.
    let (status, _) = call(&server, &company, ApproveOffer::PATH, &[("id", &id)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let lens = signed_in(&server, LENS_STAFF).await;
    let (status, _) = call(&server, &lens, ApproveOffer::PATH, &[("id", &id)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{engine:?}");
    let (_, lens_list) = call(&server, &lens, PlatformOffers::PATH, &[]).await;
    assert!(lens_list.as_array().is_some_and(|a| a
        .iter()
        .all(|o| o["id"].as_i64().map(|v| v.to_string()) != Some(id.clone()))));

    // Staff see it in the queue, cannot share before approving, approve, share with France Travail.
    let staff = signed_in(&server, STAFF).await;
    let (_, queue) = call(&server, &staff, PlatformOffers::PATH, &[]).await;
    // The longest waiting first: the offer just submitted is the last of
    // those waiting, with its age.
    let waiting: Vec<&Value> = queue
        .as_array()
        .expect("queue")
        .iter()
        .filter(|o| o["status"] == "Submitted")
        .collect();
    let newest = waiting.last().expect("offers wait");
    assert_eq!(newest["title"], "Préparateur de commandes", "{engine:?}");
    assert_eq!(newest["waiting_days"], 0);
    let ft_org = ft_org_id(&server).await.to_string();
    let (status, body) = call(
        &server,
        &staff,
        ShareOffer::PATH,
        &[("id", &id), ("org_id", &ft_org)],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = call(&server, &staff, ApproveOffer::PATH, &[("id", &id)]).await;
    assert!(status.is_success(), "{body}");
    let (status, _) = call(
        &server,
        &staff,
        RejectOffer::PATH,
        &[
            ("id", &id),
            ("reason", "trop tard pour refuser"),
            ("confirm", "oui"),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a published offer cannot be rejected"
    );
    let (status, body) = call(
        &server,
        &staff,
        ShareOffer::PATH,
        &[("id", &id), ("org_id", &ft_org)],
    )
    .await;
    assert!(status.is_success(), "{body}");

    // France Travail sees it; the Mission locale does not, by page or by function.
    let ft = signed_in(&server, FT).await;
    let (status, html) = page(&server, &ft, "/partenaire").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Préparateur de commandes"));
    let (status, html) = page(&server, &ft, &format!("/partenaire/offres/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Préparation de commandes en entrepôt"));
    let ml = signed_in(&server, ML).await;
    let (_, html) = page(&server, &ml, "/partenaire").await;
    assert!(!html.contains("Préparateur de commandes"));
    let (status, html) = page(&server, &ml, &format!("/partenaire/offres/{id}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!html.contains("Préparation de commandes en entrepôt"));
    let (status, body) = call(&server, &ml, PartnerOffer::PATH, &[("id", &id)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body, Value::String("Forbidden".into()));

    // The ledger shows France Travail opened it; the company sees it published.
    let (_, html) = page(&server, &staff, &format!("/equipe/offres/{id}")).await;
    assert!(html.contains("Registre des partages"));
    assert!(
        !html.contains("Pas encore ouverte"),
        "France Travail opened the offer"
    );
    let (_, mine) = call(&server, &company, MyOffers::PATH, &[]).await;
    let offer = mine
        .as_array()
        .and_then(|a| a.iter().find(|o| o["title"] == "Préparateur de commandes"))
        .cloned()
        .expect("my offer");
    assert_eq!(offer["status"], "Published");
}

pub(crate) async fn ft_org_id(server: &TestServer) -> i64 {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM partner_orgs WHERE name = 'France Travail Béthune'")
            .fetch_one(&server.pool)
            .await
            .expect("org");
    id
}

#[tokio::test]
async fn rejection_reason_reaches_the_company() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let company = signed_in(&server, COMPANY).await;
        let id = submit_offer(&server, &company, "Vendeur", "Bruay-la-Buissière").await;
        let staff = signed_in(&server, STAFF).await;
        let (status, body) = call(
            &server,
            &staff,
            RejectOffer::PATH,
            &[("id", &id), ("reason", "")],
        )
        .await;
        assert_eq!(status.as_u16(), 422);
        assert!(body["Invalid"]["fields"]["reason"].is_string());
        // A refusal is confirmed: the first click asks, keeping the reason.
        let (status, body) = call(
            &server,
            &staff,
            RejectOffer::PATH,
            &[("id", &id), ("reason", "Salaire non indiqué")],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["confirm"].is_string());
        assert_eq!(body["Invalid"]["values"]["reason"], "Salaire non indiqué");
        let (_, html) = page(&server, &company, "/entreprise").await;
        assert!(
            !html.contains("Refusée"),
            "{engine:?}: not refused unconfirmed"
        );
        let (status, _) = call(
            &server,
            &staff,
            RejectOffer::PATH,
            &[
                ("id", &id),
                ("reason", "Salaire non indiqué"),
                ("confirm", "oui"),
            ],
        )
        .await;
        assert!(status.is_success());
        let (_, html) = page(&server, &company, "/entreprise").await;
        assert!(html.contains("Refusée"), "{engine:?}");
        assert!(html.contains("Salaire non indiqué"));
    }
}

#[tokio::test]
async fn changes_requested_then_edited_then_approved_with_real_mail() {
    use app::api::company::{OfferForEdit, UpdateOffer};
    use app::api::staff::RequestChanges;
    use tests::smtp_sink::SmtpSink;

    for engine in engines() {
        let sink = SmtpSink::start().await.expect("sink");
        let server = TestServer::start_with_smtp(engine, Some(sink.url()))
            .await
            .expect("server");
        let company = signed_in(&server, COMPANY).await;
        let id = submit_offer(&server, &company, "Cariste", "Béthune").await;

        let staff = signed_in(&server, STAFF).await;
        let (status, body) = call(
            &server,
            &staff,
            RequestChanges::PATH,
            &[("id", &id), ("message", "")],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{body}");
        let (status, body) = call(
            &server,
            &staff,
            RequestChanges::PATH,
            &[("id", &id), ("message", "Précisez le CACES demandé.")],
        )
        .await;
        assert!(status.is_success(), "{body}");

        // The company receives the request by e-mail, through SMTP.
        let mail = sink
            .wait_for(|m| {
                m.to.iter().any(|t| t == COMPANY) && m.text().contains("vous demande de modifier")
            })
            .await
            .unwrap_or_else(|| panic!("{engine:?}: no e-mail, got {:?}", sink.messages()));
        assert!(
            mail.text().contains("Précisez le CACES demandé."),
            "{}",
            mail.data
        );
        assert!(
            mail.text()
                .contains(&format!("/entreprise/offres/{id}/modifier")),
            "edit link"
        );
        assert!(mail.from.contains("ne-pas-repondre@prochemploi.fr"));

        // Another company cannot open the edit form; the owner can, filled in.
        let (_, edit) = call(&server, &company, OfferForEdit::PATH, &[("id", &id)]).await;
        assert_eq!(edit["status"], "ChangesRequested");
        assert_eq!(edit["form"]["commune"], "Béthune (62400)");
        assert_eq!(edit["form"]["rome"], "Cariste (N1101)");
        let mut form = offer_form("Cariste CACES 3", "Béthune (62400)");
        form.push(("id", &id));
        let (status, _) = call(&server, &staff, UpdateOffer::PATH, &form).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "staff cannot edit as the company"
        );
        let (status, body) = call(&server, &company, UpdateOffer::PATH, &form).await;
        assert!(status.is_success(), "{body}");
        let (_, mine) = call(&server, &company, MyOffers::PATH, &[]).await;
        assert_eq!(mine[0]["status"], "Submitted");
        assert_eq!(mine[0]["title"], "Cariste CACES 3");

        let (status, _) = call(&server, &staff, ApproveOffer::PATH, &[("id", &id)]).await;
        assert!(status.is_success());
        sink.wait_for(|m| m.text().contains("a été validée"))
            .await
            .expect("approval e-mail");
        // Once published, the company can no longer edit it.
        let (status, _) = call(&server, &company, UpdateOffer::PATH, &form).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (_, html) = page(&server, &staff, &format!("/equipe/offres/{id}")).await;
        assert!(
            html.contains("Offre modifiée par l&#x27;entreprise")
                || html.contains("Offre modifiée par l'entreprise"),
            "history shows the edit"
        );
    }
}

#[tokio::test]
async fn without_smtp_mail_stays_in_the_log() {
    for engine in engines() {
        let server = TestServer::start_with_smtp(engine, None)
            .await
            .expect("server");
        let company = signed_in(&server, COMPANY).await;
        let (_, mine) = call(&server, &company, MyOffers::PATH, &[]).await;
        let waiting = mine
            .as_array()
            .and_then(|a| a.iter().find(|o| o["status"] == "Submitted"))
            .and_then(|o| o["id"].as_i64())
            .expect("demo offer awaiting moderation")
            .to_string();
        let staff = signed_in(&server, STAFF).await;
        let (status, _) = call(
            &server,
            &staff,
            RejectOffer::PATH,
            &[
                ("id", &waiting),
                ("reason", "Poste déjà pourvu"),
                ("confirm", "oui"),
            ],
        )
        .await;
        assert!(status.is_success());
        let mut logged = false;
        for _ in 0..100 {
            let (_, html) = page(&server, &staff, "/equipe/courriels").await;
            if html.contains("Consigné (SMTP non configuré)") && html.contains("Poste déjà pourvu")
            {
                logged = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(
            logged,
            "{engine:?}: the rejection e-mail is in the mail log"
        );
        // Partners and companies cannot read the mail log.
        assert_eq!(
            page(&server, &company, "/equipe/courriels").await.0,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn partner_dashboard_feedback_and_csv_export() {
    use app::api::partner::{GiveFeedback, PartnerOffers};

    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        // A hostile title becomes a published offer shared with France Travail.
        let company = signed_in(&server, COMPANY).await;
        let (status, _) = call(
            &server,
            &company,
            SubmitOffer::PATH,
            &offer_form("=HYPERLINK(\"http://x\")", "Béthune"),
        )
        .await;
        assert!(status.is_success());
        let (_, mine) = call(&server, &company, MyOffers::PATH, &[]).await;
        let hostile = mine[0]["id"].as_i64().expect("id").to_string();
        let staff = signed_in(&server, STAFF).await;
        let ft_org = ft_org_id(&server).await.to_string();
        assert!(
            call(&server, &staff, ApproveOffer::PATH, &[("id", &hostile)])
                .await
                .0
                .is_success()
        );
        assert!(call(
            &server,
            &staff,
            ShareOffer::PATH,
            &[("id", &hostile), ("org_id", &ft_org)]
        )
        .await
        .0
        .is_success());

        let ft = signed_in(&server, FT).await;
        let (_, first) = call(&server, &ft, PartnerOffers::PATH, &[]).await;
        let lines = first.as_array().expect("lines");
        assert_eq!(lines.len(), 2, "{engine:?}: the demo offer and the new one");
        assert!(
            lines.iter().all(|l| l["is_new"] == true),
            "first visit: all new"
        );
        // Still new on a reload: only opening an offer ends « Nouveau ».
        let (_, second) = call(&server, &ft, PartnerOffers::PATH, &[]).await;
        assert!(
            second
                .as_array()
                .expect("lines")
                .iter()
                .all(|l| l["is_new"] == true),
            "still new until opened"
        );
        let (_, filtered) = call(
            &server,
            &ft,
            PartnerOffers::PATH,
            &[("contract", "alternance")],
        )
        .await;
        assert_eq!(filtered.as_array().map(Vec::len), Some(1));
        assert_eq!(filtered[0]["offer"]["title"], "Apprenti menuisier (H/F)");
        let (_, searched) = call(&server, &ft, PartnerOffers::PATH, &[("q", "hyperlink")]).await;
        assert_eq!(searched.as_array().map(Vec::len), Some(1));

        // Feedback: refused when empty, recorded, summed in the staff ledger.
        let demo_id = filtered[0]["offer"]["id"].as_i64().expect("id").to_string();
        let (status, _) = call(
            &server,
            &ft,
            GiveFeedback::PATH,
            &[("id", &demo_id), ("comment", "  ")],
        )
        .await;
        assert_eq!(status.as_u16(), 422);
        let (status, body) = call(
            &server,
            &ft,
            GiveFeedback::PATH,
            &[("id", &demo_id), ("comment", "Profils CAP")],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let ml = signed_in(&server, ML).await;
        let (status, _) = call(
            &server,
            &ml,
            GiveFeedback::PATH,
            &[("id", &demo_id), ("comment", "x")],
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "not shared with the Mission locale"
        );
        let (_, html) = page(&server, &staff, &format!("/equipe/offres/{demo_id}")).await;
        assert!(html.contains("Profils CAP"));

        // CSV export: BOM, `;`, formulas neutralised, only this organisation's offers.
        let res = ft
            .get(server.url("/partenaire/offres.csv"))
            .send()
            .await
            .expect("csv");
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/csv"));
        let bytes = res.bytes().await.expect("body");
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
        let text = String::from_utf8(bytes.to_vec()).expect("utf-8");
        assert!(text.contains("Numéro;Intitulé;Statut;Entreprise"));
        assert!(text.contains("Apprenti menuisier (H/F)"));
        assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
        let ml_csv = ml
            .get(server.url("/partenaire/offres.csv"))
            .send()
            .await
            .expect("csv")
            .text()
            .await
            .expect("body");
        assert!(!ml_csv.contains("Apprenti menuisier"));
        assert_eq!(
            company
                .get(server.url("/partenaire/offres.csv"))
                .send()
                .await
                .expect("csv")
                .status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            server
                .client()
                .get(server.url("/partenaire/offres.csv"))
                .send()
                .await
                .expect("csv")
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
}

/// The token of the invitation link e-mailed to `to`.
async fn invitation_token(sink: &tests::smtp_sink::SmtpSink, to: &str) -> String {
    let mail = sink
        .wait_for(|m| m.to.iter().any(|t| t == to))
        .await
        .unwrap_or_else(|| panic!("no invitation e-mail to {to}"));
    let text = mail.text();
    let start = text.find("/invitation/").expect("link in the e-mail") + "/invitation/".len();
    let token: String = text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 64, "{text}");
    token
}

#[tokio::test]
async fn colleague_invitation_is_single_use_and_expires() {
    use app::api::invitation::{AcceptInvitation, InviteColleague};
    use tests::smtp_sink::SmtpSink;

    for engine in engines() {
        let sink = SmtpSink::start().await.expect("sink");
        let server = TestServer::start_with_smtp(engine, Some(sink.url()))
            .await
            .expect("server");
        let company = signed_in(&server, COMPANY).await;
        let (status, _) = call(
            &server,
            &company,
            InviteColleague::PATH,
            &[("email", "pas-une-adresse")],
        )
        .await;
        assert_eq!(status.as_u16(), 422);
        let (status, _) = call(
            &server,
            &company,
            InviteColleague::PATH,
            &[("email", STAFF)],
        )
        .await;
        // The same answer as for a new address; its owner is told instead,
        // and no invitation exists.
        assert!(
            status.is_success(),
            "an address with an account is not revealed"
        );
        let (told,): (String,) = sqlx::query_as(
            "SELECT body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(STAFF)
        .fetch_one(&server.pool)
        .await
        .expect("the owner is told");
        assert!(told.contains("a déjà un compte"), "{told}");
        let (invitations,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM invitations WHERE email = $1")
                .bind(STAFF)
                .fetch_one(&server.pool)
                .await
                .expect("count");
        assert_eq!(invitations, 0);
        let staff = signed_in(&server, STAFF).await;
        let (status, _) = call(
            &server,
            &staff,
            InviteColleague::PATH,
            &[("email", "x@y.fr")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only company users invite");
        let (status, body) = call(
            &server,
            &company,
            InviteColleague::PATH,
            &[("email", "Paul.Artois@Exemple.fr")],
        )
        .await;
        assert!(status.is_success(), "{body}");

        let token = invitation_token(&sink, "paul.artois@exemple.fr").await;

        // A forged link opens nothing.
        let (status, html) = page(
            &server,
            &server.client(),
            &format!("/invitation/{}", "0".repeat(64)),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{engine:?}");
        assert!(
            html.contains("Lien d&#x27;invitation non valable")
                || html.contains("Lien d'invitation non valable")
        );
        let (status, html) = page(&server, &server.client(), &format!("/invitation/{token}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Menuiserie de l"));

        let newcomer = server.client();
        let (status, _) = call(
            &server,
            &newcomer,
            AcceptInvitation::PATH,
            &[
                ("token", &token),
                ("full_name", "Paul Artois"),
                ("password", "court"),
                ("password_confirm", "court"),
            ],
        )
        .await;
        assert_eq!(status.as_u16(), 422);
        let form = [
            ("token", token.as_str()),
            ("full_name", "Paul Artois"),
            ("password", "une phrase de passe"),
            ("password_confirm", "une phrase de passe"),
        ];
        let (status, body) = call(&server, &newcomer, AcceptInvitation::PATH, &form).await;
        assert!(status.is_success(), "{body}");
        // The colleague is in the company: same offers.
        let (_, theirs) = call(&server, &newcomer, MyOffers::PATH, &[]).await;
        let (_, mine) = call(&server, &company, MyOffers::PATH, &[]).await;
        assert_eq!(theirs, mine);
        assert!(!mine.as_array().expect("offers").is_empty());
        // Used once: refused the second time.
        let (status, _) = call(&server, &server.client(), AcceptInvitation::PATH, &form).await;
        assert_eq!(status, StatusCode::CONFLICT);

        // An expired link is refused too.
        let (status, _) = call(
            &server,
            &company,
            InviteColleague::PATH,
            &[("email", "tard@exemple.fr")],
        )
        .await;
        assert!(status.is_success());
        sqlx::query("UPDATE invitations SET expires_at = 0 WHERE email = 'tard@exemple.fr'")
            .execute(&server.pool)
            .await
            .expect("expire");
        let late = invitation_token(&sink, "tard@exemple.fr").await;
        assert_eq!(
            page(&server, &server.client(), &format!("/invitation/{late}"))
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        let late_form = [
            ("token", late.as_str()),
            ("full_name", "Tard"),
            ("password", "une phrase de passe"),
            ("password_confirm", "une phrase de passe"),
        ];
        assert_eq!(
            call(
                &server,
                &server.client(),
                AcceptInvitation::PATH,
                &late_form
            )
            .await
            .0,
            StatusCode::CONFLICT
        );
    }
}

#[tokio::test]
async fn france_travail_export_lists_offers_shared_with_france_travail() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let staff = signed_in(&server, STAFF).await;
        let res = staff
            .get(server.url("/equipe/export/france-travail.json"))
            .send()
            .await
            .expect("json");
        assert_eq!(res.status(), StatusCode::OK);
        let export: Value = res.json().await.expect("json body");
        assert_eq!(export["format"], "prochemploi-offres-france-travail");
        assert_eq!(export["version"], 1);
        let offers = export["offers"].as_array().expect("offers");
        assert_eq!(
            offers.len(),
            1,
            "{engine:?}: the demo offer shared with France Travail"
        );
        assert_eq!(offers[0]["title"], "Apprenti menuisier (H/F)");
        assert_eq!(offers[0]["commune_insee"], "62178");
        assert_eq!(offers[0]["hidden_market"], false);
        assert_eq!(
            offers[0]["shares"][0]["organisation"],
            "France Travail Béthune"
        );
        assert!(offers[0]["shares"][0]["first_opened_at"].is_null());

        let csv = staff
            .get(server.url("/equipe/export/france-travail.csv"))
            .send()
            .await
            .expect("csv")
            .text()
            .await
            .expect("body");
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("id;plateforme;intitule;code_rome;libelle_rome;contrat"));
        assert!(csv.contains("Apprenti menuisier (H/F);H2206;"));
        assert!(csv.contains(";alternance;24;full_time;"));

        // Another platform's staff see none of it; partners may not export.
        let lens = signed_in(&server, LENS_STAFF).await;
        let other: Value = lens
            .get(server.url("/equipe/export/france-travail.json"))
            .send()
            .await
            .expect("json")
            .json()
            .await
            .expect("body");
        assert_eq!(other["offers"].as_array().map(Vec::len), Some(0));
        let ft = signed_in(&server, FT).await;
        let res = ft
            .get(server.url("/equipe/export/france-travail.json"))
            .send()
            .await
            .expect("json");
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn staff_page_flags_likely_duplicates() {
    let server = TestServer::start(Engine::Sqlite).await.expect("server");
    let company = signed_in(&server, COMPANY).await;
    let first = submit_offer(&server, &company, "Poseur", "Béthune").await;
    let staff = signed_in(&server, STAFF).await;
    let (_, html) = page(&server, &staff, &format!("/equipe/offres/{first}")).await;
    assert!(!html.contains("Doublons possibles"));
    let second = submit_offer(&server, &company, "Poseur (bis)", "Béthune").await;
    let (_, html) = page(&server, &staff, &format!("/equipe/offres/{first}")).await;
    assert!(html.contains("Doublons possibles"));
    assert!(html.contains(&format!("/equipe/offres/{second}")));
}
