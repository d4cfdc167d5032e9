//! HR-support requests followed to closure, over HTTP on both databases:
//! checked input, staff of the platform only, every step e-mailed to the
//! company, internal notes kept from the company.

use app::api::support::{
    AddCaseAction, AdvanceCase, CloseCase, MySupportRequests, OpenSupportCase,
    PlatformSupportRequests, RequestSupport,
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, page, signed_in, COMPANY, LENS_STAFF, STAFF};

#[tokio::test]
async fn hr_request_followed_to_closure() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let company = signed_in(&server, COMPANY).await;

        // Bad input: no need for an HR request, phone contact without number.
        let bad = [
            ("kind", "rh"),
            (
                "description",
                "Nous cherchons deux poseurs et personne ne répond.",
            ),
            ("contact", "telephone"),
        ];
        let (status, body) = call(&server, &company, RequestSupport::PATH, &bad).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["need"].is_string());
        assert!(body["Invalid"]["fields"]["phone"].is_string());
        assert_eq!(body["Invalid"]["values"]["description"], bad[1].1);

        let good = [
            ("kind", "rh"),
            ("need", "recrutement"),
            (
                "description",
                "Nous cherchons deux poseurs et personne ne répond.",
            ),
            ("contact", "telephone"),
            ("phone", "03 21 00 00 00"),
        ];
        let (status, body) = call(&server, &company, RequestSupport::PATH, &good).await;
        assert!(status.is_success(), "{body}");
        let (_, mine) = call(&server, &company, MySupportRequests::PATH, &[]).await;
        assert_eq!(mine[0]["line"]["status"], "New", "{engine:?}");
        let id = mine[0]["line"]["id"].as_i64().expect("id").to_string();

        // Only staff of the company's platform handle it.
        let (status, _) = call(&server, &company, OpenSupportCase::PATH, &[("id", &id)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let lens = signed_in(&server, LENS_STAFF).await;
        let (status, _) = call(&server, &lens, OpenSupportCase::PATH, &[("id", &id)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, theirs) = call(&server, &lens, PlatformSupportRequests::PATH, &[]).await;
        assert_eq!(theirs.as_array().map(Vec::len), Some(0), "{engine:?}");
        let (status, _) = call(
            &server,
            &lens,
            AdvanceCase::PATH,
            &[("id", &id), ("step_note", "")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let staff = signed_in(&server, STAFF).await;
        let (_, queue) = call(
            &server,
            &staff,
            PlatformSupportRequests::PATH,
            &[("status", "new")],
        )
        .await;
        assert_eq!(
            queue[0]["id"].as_i64().map(|i| i.to_string()),
            Some(id.clone())
        );
        for note in [
            "Appel le 2 : besoin confirmé",
            "Diagnostic fait",
            "Plan validé",
            "Actions lancées",
        ] {
            let (status, body) = call(
                &server,
                &staff,
                AdvanceCase::PATH,
                &[("id", &id), ("step_note", note)],
            )
            .await;
            assert!(status.is_success(), "{body}");
        }
        // Follow-up is the last step before closing.
        let (status, _) = call(
            &server,
            &staff,
            AdvanceCase::PATH,
            &[("id", &id), ("step_note", "")],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let bad_action = [
            ("id", id.as_str()),
            ("kind", "fiche_poste"),
            ("done_on", "31/02/2027"),
            ("note", ""),
        ];
        let (status, body) = call(&server, &staff, AddCaseAction::PATH, &bad_action).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["done_on"].is_string());
        let action = [
            ("id", id.as_str()),
            ("kind", "fiche_poste"),
            ("done_on", "2027-01-12"),
            ("note", "Note interne"),
        ];
        let (status, body) = call(&server, &staff, AddCaseAction::PATH, &action).await;
        assert!(status.is_success(), "{body}");
        let (status, body) = call(
            &server,
            &staff,
            CloseCase::PATH,
            &[("id", &id), ("outcome", ""), ("closing_note", "")],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{body}");
        let (status, body) = call(
            &server,
            &staff,
            CloseCase::PATH,
            &[
                ("id", &id),
                ("outcome", "satisfait"),
                ("closing_note", "Deux recrutés"),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (status, _) = call(&server, &staff, AddCaseAction::PATH, &action).await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "closed cases take no more actions"
        );

        // The company sees where it stands, without the internal notes.
        let (_, mine) = call(&server, &company, MySupportRequests::PATH, &[]).await;
        assert_eq!(mine[0]["line"]["status"], "Closed");
        assert_eq!(mine[0]["line"]["outcome"], "Met");
        assert_eq!(mine[0]["actions"][0]["kind"], "JobDescription");
        assert_eq!(mine[0]["actions"][0]["done_on"], "12/01/2027");
        assert!(!mine.to_string().contains("Note interne"));
        assert!(!mine.to_string().contains("Diagnostic fait"));
        let (_, html) = page(&server, &company, "/entreprise/accompagnement").await;
        assert!(html.contains("Besoin satisfait"), "{engine:?}");
        // Every step reached the company's mailbox (outbox).
        let (mails,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM outbox WHERE to_address = $1 AND subject LIKE '%Accompagnement RH%'",
        )
        .bind(COMPANY)
        .fetch_one(&server.pool)
        .await
        .expect("count");
        assert_eq!(mails, 5, "4 steps and the closing, {engine:?}");
    }
}
