//! Job alerts on both databases: refused input kept; nothing sent before
//! the address is confirmed; then the new matching public offers (a commune
//! and its whole intercommunality, words, contract), once per period; the
//! unsubscribe link deletes the alert; unconfirmed alerts go after a week.

use app::backend::{job_alerts, moderation};
use app::error::AppError;
use app::model::job_alert::AlertForm;
use app::model::CHECKED;
use tests::engines;

use crate::direct::{demo_state, person};
use crate::http::{COMPANY, STAFF};

async fn mails_to(pool: &app::backend::db::Pool, to: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT subject, body FROM outbox WHERE to_address = $1 ORDER BY id")
        .bind(to)
        .fetch_all(pool)
        .await
        .expect("outbox")
}

/// The random token of the link `prefix…` in the newest e-mail to `to`
/// (the outbox seals links: the clear text comes from the mail's secrets).
async fn link_token(state: &app::backend::state::AppState, to: &str, prefix: &str) -> String {
    let (body, sealed): (String, Option<String>) = sqlx::query_as(
        "SELECT body, sealed_secrets FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(to)
    .fetch_one(&state.pool)
    .await
    .expect("mail");
    let body = app::backend::mail::link_secrets::put_back(&body, sealed.as_deref()).expect("body");
    let start = body.find(prefix).expect("the link") + prefix.len();
    body[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

#[tokio::test]
async fn a_confirmed_alert_sends_the_new_matching_offers_once() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let pool = &state.pool;
        let staff = person(&state, STAFF).await;
        let company = person(&state, COMPANY).await;
        let to = "awa.alerte@exemple.fr";

        // Bad input: every error at once, what was typed kept.
        let bad = AlertForm {
            commune: "Nullepart".into(),
            email: to.into(),
            ..AlertForm::default()
        };
        let Err(AppError::Invalid(errors)) = job_alerts::subscribe(&state, &bad).await else {
            panic!("{engine:?}: refused");
        };
        for field in ["commune", "frequency", "consent"] {
            assert!(errors.fields.contains_key(field), "{field}");
        }
        assert_eq!(errors.values.get("email").map(String::as_str), Some(to));

        // Menuisier in Bruay-la-Buissière's whole intercommunality (the
        // demo's waiting offer is in another commune of it).
        let form = AlertForm {
            q: "menuisier".into(),
            commune: "Bruay-la-Buissière".into(),
            epci: CHECKED.into(),
            frequency: "quotidienne".into(),
            email: to.into(),
            consent: CHECKED.into(),
            ..AlertForm::default()
        };
        job_alerts::subscribe(&state, &form).await.expect("saved");
        let mails = mails_to(pool, to).await;
        assert_eq!(mails.len(), 1, "{engine:?}");
        assert_eq!(mails[0].0, "Confirmez votre alerte emploi");
        let confirm = link_token(&state, to, "/alertes/confirmer/").await;
        assert_eq!(confirm.len(), 64);

        // Not confirmed: a matching offer published sends nothing.
        let (offer_id,): (i64,) = sqlx::query_as(
            "SELECT id FROM offers WHERE company_id = $1 AND status = 'submitted' AND title LIKE 'Menuisier%'",
        )
        .bind(company.company_id)
        .fetch_one(pool)
        .await
        .expect("the waiting offer");
        let now = app::backend::db::now();
        assert_eq!(
            job_alerts::run(pool, now, "https://emploi.example.fr")
                .await
                .expect("run"),
            0
        );

        job_alerts::confirm(&state, &confirm)
            .await
            .expect("confirmed");
        assert!(matches!(
            job_alerts::confirm(&state, &confirm).await,
            Err(AppError::Refused(_))
        ));
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        moderation::approve(&state, &staff, offer_id)
            .await
            .expect("published");
        // The publication itself runs the alerts in the background; the
        // periodic run finds nothing more to send.
        let mut body = String::new();
        for _ in 0..50 {
            if let Some((subject, b)) = mails_to(pool, to)
                .await
                .into_iter()
                .find(|(s, _)| s.contains("pour votre alerte emploi"))
            {
                assert_eq!(subject, "1 nouvelle offre pour votre alerte emploi");
                body = b;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            body.contains("Menuisier poseur (H/F)"),
            "{engine:?}: {body}"
        );
        assert!(body.contains(&format!("/offres/{offer_id}")));
        assert_eq!(
            job_alerts::run(pool, app::backend::db::now(), "https://emploi.example.fr")
                .await
                .expect("run"),
            0,
            "{engine:?}: sent once"
        );

        // One click unsubscribes: the alert and the address are gone.
        let leave = link_token(&state, to, "/alertes/desinscription/").await;
        job_alerts::unsubscribe(&state, &leave)
            .await
            .expect("unsubscribed");
        let (left,): (i64,) =
            sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM job_alerts WHERE email = $1")
                .bind(to)
                .fetch_one(pool)
                .await
                .expect("alerts");
        assert_eq!(left, 0, "{engine:?}");

        // An unconfirmed alert is deleted after a week.
        job_alerts::subscribe(
            &state,
            &AlertForm {
                email: "oubli@exemple.fr".into(),
                ..form.clone()
            },
        )
        .await
        .expect("saved");
        job_alerts::run(
            pool,
            app::backend::db::now() + 8 * 86_400,
            "https://emploi.example.fr",
        )
        .await
        .expect("run");
        let (unconfirmed,): (i64,) =
            sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM job_alerts")
                .fetch_one(pool)
                .await
                .expect("alerts");
        assert_eq!(unconfirmed, 0, "{engine:?}");
    }
}
