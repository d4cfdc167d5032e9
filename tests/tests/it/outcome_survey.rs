//! The outcome survey on both databases: asked once when an offer closes,
//! bad answers refused next to their fields with what was typed kept, one
//! answer per link, the hires owed to the platform counted in the
//! indicator beyond the applications already hired; and through HTTP, JS
//! off, the e-mailed link answered as a company would.

use app::backend::indicators::{self, Scope};
use app::backend::repo::{offer_expiry, offers::Actor};
use app::backend::{db, moderation, outcome_survey};
use app::error::AppError;
use app::model::outcome_survey::SurveyForm;
use app::model::OfferClosing;
use tests::{engines, Engine, TestServer};

use crate::direct::{demo_state, person};
use crate::http::{COMPANY, FT, STAFF};

/// The survey's token in the newest e-mail to the company about `title`.
async fn survey_token(pool: &db::Pool, title: &str) -> String {
    let (body, sealed): (String, Option<String>) = sqlx::query_as(
        "SELECT body, sealed_secrets FROM outbox WHERE to_address = $1 AND subject LIKE $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(COMPANY)
    .bind(format!("Votre offre « {title} » : avez-vous recruté%"))
    .fetch_one(pool)
    .await
    .expect("the survey e-mail");
    let body = app::backend::mail::link_secrets::put_back(&body, sealed.as_deref()).expect("body");
    let prefix = "/offre/enquete/";
    let start = body.find(prefix).expect("the link") + prefix.len();
    body[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

/// A published offer of the demo company, shared with France Travail, then
/// filled; its id and title.
async fn filled_offer(state: &app::backend::state::AppState) -> (i64, String) {
    let pool = &state.pool;
    let staff = person(state, STAFF).await;
    let company = person(state, COMPANY).await;
    let ft = person(state, FT).await;
    let (offer_id, title): (i64, String) = sqlx::query_as(
        "SELECT id, title FROM offers WHERE company_id = $1 AND status = 'submitted' ORDER BY id LIMIT 1",
    )
    .bind(company.company_id.expect("company"))
    .fetch_one(pool)
    .await
    .expect("a waiting offer");
    moderation::approve(state, &staff, offer_id)
        .await
        .expect("approved");
    moderation::share(state, &staff, offer_id, ft.partner_org_id.expect("org"))
        .await
        .expect("shared");
    let mut tx = db::begin(pool).await.expect("tx");
    offer_expiry::close(
        &mut tx,
        offer_id,
        Actor::Person(company.id),
        &OfferClosing::Filled {
            hires: 2,
            via_platform: true,
        },
        "espace",
    )
    .await
    .expect("close")
    .expect("closed");
    tx.commit().await.expect("commit");
    (offer_id, title)
}

fn hired_declared(items: &[indicators::Item], offer_id: i64) -> i64 {
    let row = format!("offre n° {offer_id}");
    items
        .iter()
        .filter(|i| i.row.iter().any(|c| c == &row))
        .map(|i| i.num)
        .sum()
}

#[tokio::test]
async fn a_closed_offer_asks_once_and_the_answer_feeds_the_hires() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let pool = &state.pool;
        let ft = person(&state, FT).await;
        let ft_org = ft.partner_org_id.expect("org");
        let (offer_id, title) = filled_offer(&state).await;

        // Asked once, whatever the number of runs (or instances).
        let at = db::now();
        assert!(
            outcome_survey::ask_due(pool, at, "https://emploi.example.fr")
                .await
                .expect("asked")
                >= 1
        );
        assert_eq!(
            outcome_survey::ask_due(pool, at, "https://emploi.example.fr")
                .await
                .expect("again"),
            0,
            "{engine:?}: asked twice"
        );
        let token = survey_token(pool, &title).await;
        assert_eq!(token.len(), 64, "{engine:?}");
        let view = outcome_survey::open(pool, &token).await.expect("open");
        assert!(!view.answered);
        assert_eq!(view.title, title);
        assert!(view.partners.iter().any(|(id, _)| *id == ft_org));

        // Bad input: each field named, what was typed kept, nothing saved.
        let bad = SurveyForm {
            hired: "oui".into(),
            hires: "deux".into(),
            comment: "Merci".into(),
            ..SurveyForm::default()
        };
        let Err(AppError::Invalid(errors)) = outcome_survey::answer(pool, &token, &bad).await
        else {
            panic!("{engine:?}: refused");
        };
        assert!(errors.fields.contains_key("hires") && errors.fields.contains_key("channel"));
        assert_eq!(errors.values.get("hires").map(String::as_str), Some("deux"));
        assert!(
            !outcome_survey::open(pool, &token)
                .await
                .expect("open")
                .answered
        );

        // Two hires through France Travail: counted in « mises à l'emploi ».
        let scope = Scope {
            platform: None,
            from: at - 86_400,
            to: at + 86_400,
        };
        let before = indicators::measure_one(pool, &scope, "hired")
            .await
            .expect("hired");
        assert_eq!(hired_declared(&before, offer_id), 0);
        let good = SurveyForm {
            hired: "oui".into(),
            hires: "2".into(),
            channel: "partenaire".into(),
            partner_org: ft_org.to_string(),
            comment: "Deux menuisiers recrutés".into(),
        };
        outcome_survey::answer(pool, &token, &good)
            .await
            .expect("answered");
        let after = indicators::measure_one(pool, &scope, "hired")
            .await
            .expect("hired");
        assert_eq!(hired_declared(&after, offer_id), 2, "{engine:?}");
        assert!(after
            .iter()
            .any(|i| i.row.iter().any(|c| c.contains("déclaré par l'entreprise"))));
        let result = outcome_survey::result_of(pool, offer_id)
            .await
            .expect("result")
            .expect("answered");
        assert_eq!(result.hires, 2);
        assert!(result.partner.is_some_and(|p| p.contains("France Travail")));

        // One answer per link; the page then thanks.
        let twice = outcome_survey::answer(pool, &token, &good).await;
        assert!(matches!(twice, Err(AppError::Refused(_))), "{twice:?}");
        assert!(
            outcome_survey::open(pool, &token)
                .await
                .expect("open")
                .answered
        );
        assert!(matches!(
            outcome_survey::open(pool, &"0".repeat(64)).await,
            Err(AppError::Refused(_))
        ));

        // A hire through another way is not owed to the platform.
        sqlx::query("UPDATE offer_surveys SET channel = 'autre' WHERE offer_id = $1")
            .bind(offer_id)
            .execute(pool)
            .await
            .expect("channel");
        let other = indicators::measure_one(pool, &scope, "hired")
            .await
            .expect("hired");
        assert_eq!(hired_declared(&other, offer_id), 0, "{engine:?}");
    }
}

#[tokio::test]
async fn a_company_answers_the_e_mailed_survey_without_javascript() {
    let server = TestServer::start(Engine::Sqlite).await.expect("server");
    let pool = &server.pool;
    // A published offer of the demo company, cancelled.
    let (offer_id, title): (i64, String) = sqlx::query_as(
        "SELECT o.id, o.title FROM offers o JOIN users u ON u.company_id = o.company_id \
         WHERE u.email = $1 AND o.status = 'published' ORDER BY o.id LIMIT 1",
    )
    .bind(COMPANY)
    .fetch_one(pool)
    .await
    .expect("a published offer");
    let mut tx = db::begin(pool).await.expect("tx");
    offer_expiry::close(
        &mut tx,
        offer_id,
        Actor::Automatic,
        &OfferClosing::Cancelled {
            reason: "Besoin reporté".into(),
        },
        "espace",
    )
    .await
    .expect("close")
    .expect("closed");
    tx.commit().await.expect("commit");
    outcome_survey::ask_due(pool, db::now(), &server.url(""))
        .await
        .expect("asked");
    let token = survey_token(pool, &title).await;
    let client = server.client();
    let page = client
        .get(server.url(&format!("/offre/enquete/{token}")))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("avez-vous recruté ?"), "{html}");
    assert!(html.contains(r#"<legend>Avez-vous recruté pour ce poste ?"#));

    // A refused answer comes back to the form with its message (the
    // browser is sent back to the page, the errors in a one-time flash).
    let survey_url = server.url(&format!("/offre/enquete/{token}"));
    let post = |fields: Vec<(&'static str, String)>| {
        client
            .post(server.url("/api/answer_outcome_survey"))
            .header(reqwest::header::ACCEPT, "text/html")
            .header(reqwest::header::REFERER, &survey_url)
            .form(&fields)
            .send()
    };
    let refused = post(vec![
        ("token", token.clone()),
        ("hired", "oui".into()),
        ("hires", String::new()),
    ])
    .await
    .expect("post");
    assert!(refused.status().is_redirection());
    let html = client
        .get(&survey_url)
        .header(reqwest::header::ACCEPT, "text/html")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("Indiquez le nombre de personnes recrutées"),
        "{html}"
    );

    let done = post(vec![("token", token.clone()), ("hired", "non".into())])
        .await
        .expect("post");
    let location = done
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(location, "/offre/enquete-merci");
    let (hires,): (Option<i64>,) =
        sqlx::query_as("SELECT hires FROM offer_surveys WHERE offer_id = $1")
            .bind(offer_id)
            .fetch_one(pool)
            .await
            .expect("survey");
    assert_eq!(hires, Some(0));
}
