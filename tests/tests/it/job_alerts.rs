//! Job alerts on both databases: refused input kept; nothing sent before
//! the address is confirmed; then the new matching public offers (a commune
//! and its whole intercommunality, words, contract), once per period; the
//! unsubscribe link deletes the alert; unconfirmed alerts go after a week.

use app::backend::repo::offers::{self, Owner};
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

/// « menuisier » in Bruay-la-Buissière's whole intercommunality, daily.
fn menuisier_alert(to: &str) -> AlertForm {
    AlertForm {
        q: "menuisier".into(),
        commune: "Bruay-la-Buissière".into(),
        epci: CHECKED.into(),
        frequency: "quotidienne".into(),
        email: to.into(),
        consent: CHECKED.into(),
        ..AlertForm::default()
    }
}

/// Follows the unsubscribe link of the newest e-mail to `to`.
async fn unsubscribe(state: &app::backend::state::AppState, to: &str) {
    let leave = link_token(state, to, "/alertes/desinscription/").await;
    job_alerts::unsubscribe(state, &leave)
        .await
        .expect("unsubscribed");
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
        let form = menuisier_alert(to);
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
        // Published at once: the same second as the confirmation counts.
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
        unsubscribe(&state, to).await;
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

/// Publishes a copy of the demo's waiting offer titled `title` (matching
/// « menuisier » in Béthune), then stamps it as published at `at`.
async fn published_offer(
    state: &app::backend::state::AppState,
    company: &app::model::CurrentUser,
    title: &str,
    at: i64,
) -> i64 {
    let pool = &state.pool;
    let mut offer = crate::repo::offer();
    offer.title = title.into();
    offer.rome_code = "H2206".into();
    offer.terms.publish_publicly = true;
    let owner = Owner {
        platform_id: company.platform_id.expect("platform"),
        company_id: company.company_id.expect("company"),
    };
    let mut tx = pool.begin().await.expect("begin");
    let id = offers::create(&mut tx, owner, company.id, &offer, "62119")
        .await
        .expect("create");
    tx.commit().await.expect("commit");
    let staff = person(state, STAFF).await;
    moderation::approve(state, &staff, id)
        .await
        .expect("published");
    stamp(pool, id, at).await;
    id
}

async fn stamp(pool: &app::backend::db::Pool, offer_id: i64, at: i64) {
    sqlx::query("UPDATE offers SET published_at = $1 WHERE id = $2")
        .bind(at)
        .bind(offer_id)
        .execute(pool)
        .await
        .expect("stamp");
}

/// The job-alert e-mails to `to`, oldest first.
async fn alert_mails(pool: &app::backend::db::Pool, to: &str) -> Vec<String> {
    mails_to(pool, to)
        .await
        .into_iter()
        .filter(|(subject, _)| subject.contains("pour votre alerte emploi"))
        .map(|(_, body)| body)
        .collect()
}

/// An offer published in the second its alert was confirmed, and one
/// stamped before a run began but made public after it, are e-mailed; an
/// offer public before the confirmation, or already e-mailed, never is,
/// though each e-mail looks back before the previous one.
#[tokio::test]
async fn offers_published_at_the_edges_of_a_run_are_sent_once() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let pool = &state.pool;
        let company = person(&state, COMPANY).await;
        let to = "bord.alerte@exemple.fr";
        let base = "https://emploi.example.fr";
        let form = menuisier_alert(to);
        job_alerts::subscribe(&state, &form).await.expect("saved");
        let confirm = link_token(&state, to, "/alertes/confirmer/").await;
        job_alerts::confirm(&state, &confirm)
            .await
            .expect("confirmed");
        let (confirmed,): (i64,) =
            sqlx::query_as("SELECT confirmed_at FROM job_alerts WHERE email = $1")
                .bind(to)
                .fetch_one(pool)
                .await
                .expect("confirmed at");
        // Not due before the first run below (each publication starts a
        // run of its own, at the real time).
        let run1 = confirmed + 7200;
        sqlx::query("UPDATE job_alerts SET last_sent_at = $1 WHERE email = $2")
            .bind(run1 - 86_400 + 600)
            .bind(to)
            .execute(pool)
            .await
            .expect("not due yet");
        // Published in the very second of the confirmation, after it.
        let first = published_offer(&state, &company, "Menuisier atelier (H/F)", confirmed).await;

        assert_eq!(
            job_alerts::run(pool, run1, base).await.expect("run"),
            1,
            "{engine:?}"
        );
        let mails = alert_mails(pool, to).await;
        assert_eq!(mails.len(), 1, "{engine:?}");
        assert!(
            mails[0].contains(&format!("/offres/{first}")),
            "{engine:?}: {}",
            mails[0]
        );
        // Public before the confirmation: seen, not new.
        assert!(
            !mails[0].contains("Apprenti menuisier"),
            "{engine:?}: {}",
            mails[0]
        );

        // Stamped 5 s before the first run began, committed after it.
        let late = published_offer(&state, &company, "Menuisier tardif (H/F)", run1 - 5).await;
        let run2 = run1 + 86_400;
        // Published before the second run, 5 s before it began.
        let last = published_offer(&state, &company, "Menuisier récent (H/F)", run2 - 5).await;
        assert_eq!(
            job_alerts::run(pool, run2, base).await.expect("run"),
            1,
            "{engine:?}"
        );
        let mails = alert_mails(pool, to).await;
        assert_eq!(mails.len(), 2, "{engine:?}");
        for id in [late, last] {
            assert!(
                mails[1].contains(&format!("/offres/{id}")),
                "{engine:?}: {}",
                mails[1]
            );
        }
        assert!(
            !mails[1].contains(&format!("/offres/{first}")),
            "{engine:?}: {}",
            mails[1]
        );

        // The third run looks back before the second: the recent offer is
        // in its window, and was e-mailed already.
        assert_eq!(
            job_alerts::run(pool, run2 + 86_400, base)
                .await
                .expect("run"),
            0,
            "{engine:?}: sent once"
        );

        // Unsubscribing takes what the alert was sent with it.
        unsubscribe(&state, to).await;
        let (kept,): (i64,) =
            sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM job_alert_offers")
                .fetch_one(pool)
                .await
                .expect("sent");
        assert_eq!(kept, 0, "{engine:?}");
    }
}
