//! Applications over HTTP on both databases: a candidate applies with a CV
//! (checked: PDF only, no active content), staff propose the candidate (the
//! company sees nothing before), the company records the interview and the
//! hire; other companies never see it.

use app::api::applications::{
    AnswerByLink, CompanyApplications, MoveApplication, PlatformApplications,
};
use app::backend::mail::application_follow_up;
use leptos::server_fn::ServerFn;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, signed_in, COMPANY, LENS_STAFF, STAFF};

pub(crate) const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n";

pub(crate) fn form(offer: &str, consent: bool, cv: &'static [u8]) -> Form {
    let mut f = Form::new()
        .text("offer_id", offer.to_owned())
        .text("full_name", "Awa Diallo")
        .text("email", "awa@exemple.fr")
        .text("phone", "06 12 34 56 78")
        .text(
            "message",
            "Menuisière depuis cinq ans, disponible tout de suite.",
        );
    if consent {
        f = f.text("consent", "oui");
    }
    f.part(
        "cv",
        Part::bytes(cv)
            .file_name("cv.pdf")
            .mime_str("application/pdf")
            .expect("mime"),
    )
}

pub(crate) async fn apply(server: &TestServer, f: Form) -> (StatusCode, serde_json::Value) {
    let res = server
        .client()
        .post(server.url("/api/apply_to_offer"))
        .multipart(f)
        .send()
        .await
        .expect("apply");
    let status = res.status();
    let text = res.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

#[tokio::test]
async fn an_application_from_received_to_hired() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        // The demo's published offer (public, 2).
        let (status, body) = apply(&server, form("2", false, b"GIF89a not a pdf")).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["consent"].is_string());
        assert!(body["Invalid"]["fields"]["cv"]
            .as_str()
            .is_some_and(|m| m.contains("PDF")));
        assert_eq!(body["Invalid"]["values"]["full_name"], "Awa Diallo");
        let (status, body) = apply(&server, form("1", true, PDF)).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "offer not public yet: {body}"
        );
        let (status, body) = apply(&server, form("2", true, PDF)).await;
        assert!(status.is_success(), "{status} {body}");
        assert_eq!(
            tests::applications_off_their_platform(&server.pool)
                .await
                .expect("platforms"),
            0,
            "{engine:?}: the application counts on its offer's platform"
        );

        let company = signed_in(&server, COMPANY).await;
        let (_, mine) = call(&server, &company, CompanyApplications::PATH, &[]).await;
        assert_eq!(mine.as_array().map(Vec::len), Some(0), "not proposed yet");
        let staff = signed_in(&server, STAFF).await;
        let (_, all) = call(&server, &staff, PlatformApplications::PATH, &[]).await;
        let id = all[0]["id"].as_i64().expect("id").to_string();
        assert_eq!(all[0]["status"], "Received");
        let cv_url = server.url(&format!("/candidatures/{id}/cv"));
        assert_eq!(
            company.get(&cv_url).send().await.expect("cv").status(),
            StatusCode::FORBIDDEN
        );
        let lens = signed_in(&server, LENS_STAFF).await;
        let (status, _) = call(
            &server,
            &lens,
            MoveApplication::PATH,
            &[("id", &id), ("to", "proposed"), ("reason", "")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // The company cannot propose to itself nor act before the proposal.
        let (status, _) = call(
            &server,
            &company,
            MoveApplication::PATH,
            &[("id", &id), ("to", "interview"), ("reason", "")],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let (status, body) = call(
            &server,
            &staff,
            MoveApplication::PATH,
            &[("id", &id), ("to", "proposed"), ("reason", "")],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (_, mine) = call(&server, &company, CompanyApplications::PATH, &[]).await;
        assert_eq!(mine[0]["full_name"], "Awa Diallo", "{engine:?}");
        let cv = company.get(&cv_url).send().await.expect("cv");
        assert_eq!(cv.status(), StatusCode::OK);
        assert_eq!(cv.bytes().await.expect("bytes").as_ref(), PDF);
        let (mails,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = 'awa@exemple.fr'")
                .fetch_one(&server.pool)
                .await
                .expect("count");
        assert_eq!(mails, 2, "received, then proposed");

        // The company answers "interview" from the link in its e-mail, unsigned.
        let body = server.mail_text(Some(COMPANY)).await;
        let start = body.find("/candidatures/reponse/").expect("answer link")
            + "/candidatures/reponse/".len();
        let token = body[start..start + 64].to_owned();
        let anonymous = server.client();
        let (status, _) = call(
            &server,
            &anonymous,
            AnswerByLink::PATH,
            &[
                ("token", &"0".repeat(64)),
                ("to", "interview"),
                ("reason", ""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "a forged link opens nothing");
        let (status, _) = call(
            &server,
            &anonymous,
            AnswerByLink::PATH,
            &[("token", &token), ("to", "not_hired"), ("reason", "")],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "a refusal needs its reason");
        let (status, body) = call(
            &server,
            &anonymous,
            AnswerByLink::PATH,
            &[("token", &token), ("to", "interview"), ("reason", "")],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (_, html) = crate::http::page(
            &server,
            &anonymous,
            &format!("/candidatures/reponse/{token}"),
        )
        .await;
        assert!(html.contains("Entretien"), "{engine:?}");
        let (status, body) = call(
            &server,
            &company,
            MoveApplication::PATH,
            &[("id", &id), ("to", "hired"), ("reason", "")],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (status, _) = call(
            &server,
            &company,
            MoveApplication::PATH,
            &[("id", &id), ("to", "not_hired"), ("reason", "Oups")],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "hired is final");
        let (_, all) = call(&server, &staff, PlatformApplications::PATH, &[]).await;
        assert_eq!(all[0]["status"], "Hired", "{engine:?}");
        let (steps,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM application_history WHERE application_id = $1")
                .bind(id.parse::<i64>().expect("id"))
                .fetch_one(&server.pool)
                .await
                .expect("history");
        assert_eq!(steps, 4, "received, proposed, interview, hired");
    }
}

#[tokio::test]
async fn unanswered_applications_are_recalled_then_closed() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let (status, body) = apply(&server, form("2", true, PDF)).await;
        assert!(status.is_success(), "{body}");
        let staff = signed_in(&server, STAFF).await;
        let (_, all) = call(&server, &staff, PlatformApplications::PATH, &[]).await;
        let id = all[0]["id"].as_i64().expect("id").to_string();
        let (status, _) = call(
            &server,
            &staff,
            MoveApplication::PATH,
            &[("id", &id), ("to", "proposed"), ("reason", "")],
        )
        .await;
        assert!(status.is_success());
        let now = app::backend::db::now();
        let base = "http://x";
        // Nothing yet; halfway: one reminder to the company, once.
        assert_eq!(
            application_follow_up::run(&server.pool, now + 86_400, 14, base)
                .await
                .expect("run"),
            0
        );
        assert_eq!(
            application_follow_up::run(&server.pool, now + 8 * 86_400, 14, base)
                .await
                .expect("run"),
            1,
            "{engine:?}"
        );
        assert_eq!(
            application_follow_up::run(&server.pool, now + 9 * 86_400, 14, base)
                .await
                .expect("run"),
            0
        );
        // At the end of the delay: closed, the candidate told.
        assert_eq!(
            application_follow_up::run(&server.pool, now + 15 * 86_400, 14, base)
                .await
                .expect("run"),
            1
        );
        let (_, all) = call(&server, &staff, PlatformApplications::PATH, &[]).await;
        assert_eq!(all[0]["status"], "NotHired", "{engine:?}");
        assert!(all[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("Sans réponse")));
        assert_eq!(all[0]["refusal"], "NoAnswer", "{engine:?}");
    }
}

#[tokio::test]
async fn a_candidate_not_retained_is_told_without_the_staffs_words() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let (status, body) = apply(&server, form("2", true, PDF)).await;
        assert!(status.is_success() || status.is_redirection(), "{body}");
        let staff = signed_in(&server, STAFF).await;
        let (_, all) = call(&server, &staff, PlatformApplications::PATH, &[]).await;
        let id = all[0]["id"].as_i64().expect("id").to_string();
        // Without its category, a refusal is sent back (the words kept).
        let (status, body) = call(
            &server,
            &staff,
            MoveApplication::PATH,
            &[
                ("id", &id),
                ("to", "not_hired"),
                ("reason", "Profil trop junior selon Marc"),
                ("reason_category", ""),
            ],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{engine:?}: {body}");
        assert!(
            body["Invalid"]["fields"]["reason_category"].is_string(),
            "{body}"
        );
        assert_eq!(
            body["Invalid"]["values"]["reason"],
            "Profil trop junior selon Marc"
        );
        // The portal's own category (no answer in time) cannot be chosen.
        let (status, _) = call(
            &server,
            &staff,
            MoveApplication::PATH,
            &[
                ("id", &id),
                ("to", "not_hired"),
                ("reason", ""),
                ("reason_category", "sans_reponse"),
            ],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{engine:?}");
        let (status, body) = call(
            &server,
            &staff,
            MoveApplication::PATH,
            &[
                ("id", &id),
                ("to", "not_hired"),
                ("reason", "Profil trop junior selon Marc"),
                ("reason_category", "experience"),
            ],
        )
        .await;
        assert!(status.is_success(), "{engine:?}: {body}");
        let text = server.mail_text(Some("awa@exemple.fr")).await;
        assert!(text.contains("n'a pas été retenue"), "{text}");
        assert!(
            text.contains("l'expérience ou la qualification demandée"),
            "{engine:?}: the candidate reads the category: {text}"
        );
        assert!(!text.contains("junior") && !text.contains("Marc"), "{text}");
        let (_, all) = call(&server, &staff, PlatformApplications::PATH, &[]).await;
        assert_eq!(all[0]["refusal"], "Experience", "{engine:?}");
        assert_eq!(all[0]["reason"], "Profil trop junior selon Marc");
    }
}
