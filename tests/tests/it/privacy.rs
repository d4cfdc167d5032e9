//! The GDPR annex on both databases: "Mes données" from the request to the
//! erasure over HTTP, the retention run with a moved clock, the registers
//! and their deadlines, the append-only audit trail, encryption at rest,
//! backup and restore. No past indicator value may change.

use app::backend::clock;
use app::backend::db::{now, Pool};
use app::backend::indicators::{self, Scope};
use app::backend::privacy::retention::{self, Durations};
use app::backend::repo::events;
use app::model::event::PriorityPublic;
use reqwest::StatusCode;
use serde_json::Value;
use tests::{engines, TestServer};

use crate::applications::{apply, form, PDF};
use crate::http::{call, signed_in, LENS_STAFF, STAFF};

const CANDIDATE: &str = "awa@exemple.fr";

/// Every indicator of every platform over 2026 and 2027, as text.
async fn all_figures(pool: &Pool) -> String {
    let platforms: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM platforms ORDER BY id")
            .fetch_all(pool)
            .await
            .expect("platforms");
    let scope = Scope {
        platform: None,
        from: clock::from_paris("2026-01-01", "00:00").expect("from"),
        to: clock::from_paris("2029-01-01", "00:00").expect("to"),
    };
    let d = indicators::dashboard(pool, &scope, 2026, String::new(), &platforms)
        .await
        .expect("dashboard");
    let mut text = indicators::csv_of(&d);
    for (id, _) in &platforms {
        let scope = Scope {
            platform: Some(*id),
            ..scope
        };
        let d = indicators::dashboard(pool, &scope, 2026, String::new(), &platforms)
            .await
            .expect("dashboard");
        text.push_str(&indicators::csv_of(&d));
    }
    text
}

/// A next event of the demo, with a registration of the candidate (phone,
/// priority boxes, checked in) and an application with a CV.
async fn candidate_data(server: &TestServer) -> (i64, i64) {
    let (status, body) = apply(server, form("2", true, PDF)).await;
    assert!(status.is_success() || status.is_redirection(), "{body}");
    let (event,): (i64,) =
        sqlx::query_as("SELECT MIN(id) FROM events WHERE status = 'published' AND starts_at > $1")
            .bind(now())
            .fetch_one(&server.pool)
            .await
            .expect("event");
    let mut r = crate::events::person(1);
    r.email = CANDIDATE.into();
    r.full_name = "Awa Diallo".into();
    r.phone = "07 11 22 33 44".into();
    r.priorities = vec![PriorityPublic::Rqth, PriorityPublic::Young];
    let registered = crate::events::register_via(&server.pool, event, &r, None)
        .await
        .expect("registered");
    assert!(
        events::mark_attendance(&server.pool, event, registered.id, "present")
            .await
            .expect("attendance")
    );
    (event, registered.id)
}

fn link_token(mail: &str) -> String {
    let start = mail.find("/mes-donnees/acces/").expect("a rights link") + 19;
    mail[start..start + 64].to_owned()
}

#[tokio::test]
async fn a_person_sees_downloads_and_erases_their_data_and_no_figure_moves() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let (_, registration) = candidate_data(&server).await;

        // Encrypted at rest: phones, priority boxes, the CV file.
        let (phone, priorities): (String, String) =
            sqlx::query_as("SELECT phone, priorities FROM registrations WHERE id = $1")
                .bind(registration)
                .fetch_one(&server.pool)
                .await
                .expect("row");
        assert!(
            phone.starts_with("enc1:") && !phone.contains("07 11"),
            "{phone}"
        );
        assert!(priorities.starts_with("enc1:") && !priorities.contains("rqth"));
        let (app_phone, cv): (String, String) =
            sqlx::query_as("SELECT phone, cv_file FROM applications WHERE email = $1")
                .bind(CANDIDATE)
                .fetch_one(&server.pool)
                .await
                .expect("application");
        assert!(app_phone.starts_with("enc1:"));
        let cv_path = std::env::temp_dir()
            .join("prochemploi-tests")
            .join("uploads")
            .join("cv")
            .join(&cv);
        let stored = std::fs::read(&cv_path).expect("cv file");
        assert!(stored.starts_with(b"PEENC1") && !stored.starts_with(b"%PDF"));

        let before = all_figures(&server.pool).await;

        // The same answer for an unknown address, and no e-mail.
        let person = server.client();
        let (s1, _) = call(
            &server,
            &person,
            "/api/request_my_data",
            &[("email", "inconnu@exemple.fr")],
        )
        .await;
        let (unknown,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = 'inconnu@exemple.fr'")
                .fetch_one(&server.pool)
                .await
                .expect("count");
        assert_eq!(unknown, 0, "{engine:?}");
        let (s2, _) = call(
            &server,
            &person,
            "/api/request_my_data",
            &[("email", "AWA@exemple.fr ")],
        )
        .await;
        assert_eq!(s1, s2);
        let (s3, e) = call(
            &server,
            &person,
            "/api/request_my_data",
            &[("email", "pas-une-adresse")],
        )
        .await;
        assert_eq!(s3, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        let token = link_token(&server.mail_text(Some(CANDIDATE)).await);

        // Nothing without the link; the link works once.
        let (status, _) = call(&server, &person, "/api/my_data", &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, body) =
            call(&server, &person, "/api/open_my_data", &[("token", &token)]).await;
        assert!(status.is_success(), "{status} {body}");
        let (status, _) = call(
            &server,
            &server.client(),
            "/api/open_my_data",
            &[("token", &token)],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let (status, data) = call(&server, &person, "/api/my_data", &[]).await;
        assert!(status.is_success(), "{data}");
        assert_eq!(data["email"], CANDIDATE);
        let reg = &data["registrations"][0];
        assert_eq!(reg["phone"], "07 11 22 33 44");
        assert_eq!(reg["attendance"], "Présent");
        let boxes = reg["priorities"].to_string();
        assert!(
            boxes.contains("RQTH") && boxes.contains("moins de 26 ans"),
            "{boxes}"
        );
        let consents = reg["consents"].to_string();
        assert!(
            consents.contains("2026-06-inscrit")
                && consents.contains("J'accepte que ces informations"),
            "{consents}"
        );
        let application = &data["applications"][0];
        assert_eq!(application["phone"], "06 12 34 56 78");
        assert_eq!(application["has_cv"], true);
        assert!(application["consents"]
            .to_string()
            .contains("transmise à l'employeur"));
        assert!(!data["emails"].as_array().expect("mails").is_empty());

        // The JSON download: same data, never cached.
        let res = person
            .get(server.url("/mes-donnees/mes-donnees.json"))
            .send()
            .await
            .expect("download");
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()[reqwest::header::CONTENT_DISPOSITION]
            .to_str()
            .expect("header")
            .contains("mes-donnees.json"));
        let json: Value = res.json().await.expect("json");
        assert_eq!(json, data);
        let res = server
            .client()
            .get(server.url("/mes-donnees/mes-donnees.json"))
            .send()
            .await
            .expect("download");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

        // Erasure needs the confirmation, then removes everything personal.
        let (status, e) = call(&server, &person, "/api/erase_my_data", &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert!(e.to_string().contains("Cochez la case"));
        let (status, body) = call(
            &server,
            &person,
            "/api/erase_my_data",
            &[("confirm", "oui")],
        )
        .await;
        assert!(status.is_success(), "{status} {body}");
        assert!(!cv_path.exists(), "the CV file is deleted");
        let left: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT full_name, email, phone FROM registrations WHERE id = $1 \
             UNION ALL SELECT full_name, email, phone FROM applications WHERE cv_file IS NULL AND anonymised_at IS NOT NULL",
        )
        .bind(registration)
        .fetch_all(&server.pool)
        .await
        .expect("rows");
        assert_eq!(left.len(), 2, "{engine:?}");
        for (name, email, phone) in &left {
            assert_eq!(name, "Personne effacée");
            assert!(email.ends_with("@invalid") && phone.is_empty());
        }
        let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = $1")
            .bind(CANDIDATE)
            .fetch_one(&server.pool)
            .await
            .expect("mails");
        assert_eq!(mails, 0);
        let (answers,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM registration_answers WHERE registration_id = $1")
                .bind(registration)
                .fetch_one(&server.pool)
                .await
                .expect("answers");
        assert_eq!(answers, 0);
        assert_eq!(
            before,
            all_figures(&server.pool).await,
            "{engine:?}: figures moved"
        );

        // The session ended; the register and the audit trail have it.
        let (status, _) = call(&server, &person, "/api/my_data", &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let kinds: Vec<(String, i64)> = sqlx::query_as(
            "SELECT kind, self_service FROM data_requests WHERE requester = $1 ORDER BY id",
        )
        .bind(CANDIDATE)
        .fetch_all(&server.pool)
        .await
        .expect("register");
        assert!(
            kinds.contains(&("access".into(), 1)) && kinds.contains(&("erasure".into(), 1)),
            "{kinds:?}"
        );
        let (audited,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('rights_access', 'rights_export', 'rights_erasure')",
        )
        .fetch_one(&server.pool)
        .await
        .expect("audit");
        assert_eq!(audited, 3);
    }
}

#[tokio::test]
async fn retention_after_two_years_deletes_the_cv_anonymises_and_keeps_every_figure() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let (_, registration) = candidate_data(&server).await;
        let (cv,): (String,) = sqlx::query_as("SELECT cv_file FROM applications WHERE email = $1")
            .bind(CANDIDATE)
            .fetch_one(&server.pool)
            .await
            .expect("cv");
        let uploads = std::env::temp_dir()
            .join("prochemploi-tests")
            .join("uploads");
        assert!(uploads.join("cv").join(&cv).exists());
        let before = all_figures(&server.pool).await;

        // A year later: nothing of the candidate is due yet.
        let year = now() + 365 * 86_400;
        let run = retention::run(&server.pool, &uploads, year, Durations::default())
            .await
            .expect("run")
            .expect("claimed");
        assert_eq!((run.applications, run.registrations), (0, 0), "{engine:?}");
        // The same day is never run twice (another instance claimed it).
        assert!(
            retention::run(&server.pool, &uploads, year + 60, Durations::default())
                .await
                .expect("run")
                .is_none()
        );

        let later = now() + 3 * 365 * 86_400;
        let run = retention::run(&server.pool, &uploads, later, Durations::default())
            .await
            .expect("run")
            .expect("claimed");
        assert!(
            run.applications >= 1 && run.cv_files >= 1 && run.registrations >= 1,
            "{run:?}"
        );
        assert!(
            !uploads.join("cv").join(&cv).exists(),
            "the CV file is deleted"
        );
        let (name, email, phone, anonymised): (String, String, String, Option<i64>) =
            sqlx::query_as(
                "SELECT full_name, email, phone, anonymised_at FROM registrations WHERE id = $1",
            )
            .bind(registration)
            .fetch_one(&server.pool)
            .await
            .expect("row");
        assert_eq!(name, "Personne effacée");
        assert!(email.ends_with("@invalid") && phone.is_empty() && anonymised.is_some());
        let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM applications WHERE email = $1")
            .bind(CANDIDATE)
            .fetch_one(&server.pool)
            .await
            .expect("left");
        assert_eq!(left, 0);
        assert_eq!(
            before,
            all_figures(&server.pool).await,
            "{engine:?}: figures moved"
        );

        // Each item once: the next day's run finds nothing more to do.
        let again = retention::run(&server.pool, &uploads, later + 86_400, Durations::default())
            .await
            .expect("run")
            .expect("claimed");
        assert_eq!(
            (again.applications, again.registrations, again.cv_files),
            (0, 0, 0)
        );
        let (logged,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM retention_runs WHERE finished_at IS NOT NULL AND summary <> ''",
        )
        .fetch_one(&server.pool)
        .await
        .expect("runs");
        assert!(logged >= 3);
    }
}

#[tokio::test]
async fn staff_keep_the_registers_with_their_deadlines() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let staff = signed_in(&server, STAFF).await;
        // Refused input keeps what was typed.
        let (status, e) = call(
            &server,
            &staff,
            "/api/log_data_request",
            &[
                ("received", "31/02/2026"),
                ("received_time", ""),
                ("requester", "Marie Curie"),
                ("kind", ""),
                ("details", ""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            e.to_string().contains("Marie Curie") && e.to_string().contains("Choisissez le type"),
            "{e}"
        );
        // Received four days ago: overdue; and one today.
        let old = clock::iso_date(now() - 4 * 86_400);
        for (day, who) in [
            (old.as_str(), "Marie Curie"),
            (clock::iso_date(now()).as_str(), "Jean Moulin"),
        ] {
            let (status, body) = call(
                &server,
                &staff,
                "/api/log_data_request",
                &[
                    ("received", day),
                    ("received_time", "09:00"),
                    ("requester", who),
                    ("kind", "erasure"),
                    ("details", "Par courrier"),
                ],
            )
            .await;
            assert!(status.is_success(), "{body}");
        }
        let (status, body) = call(
            &server,
            &staff,
            "/api/log_breach",
            &[
                ("detected", &old),
                ("detected_time", "10:00"),
                ("nature", "Ordinateur portable volé"),
                ("people", "40 candidats"),
                ("data_concerned", "Noms, téléphones"),
                ("measures", "Mots de passe changés"),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (_, registers) = call(&server, &staff, "/api/gdpr_registers", &[]).await;
        let requests = registers["requests"].as_array().expect("requests");
        let marie = requests
            .iter()
            .find(|r| r["requester"] == "Marie Curie")
            .expect("Marie");
        let jean = requests
            .iter()
            .find(|r| r["requester"] == "Jean Moulin")
            .expect("Jean");
        assert_eq!(marie["overdue"], true, "{marie}");
        assert_eq!(jean["overdue"], false);
        assert!(
            jean["deadline"]
                .as_str()
                .expect("deadline")
                .contains("à 09h00"),
            "{jean}"
        );
        assert_eq!(registers["breaches"][0]["overdue"], true);
        let (_, alerts) = call(&server, &staff, "/api/gdpr_alerts", &[]).await;
        assert_eq!(alerts["requests_overdue"], 1, "{alerts}");
        assert_eq!(alerts["breaches_overdue"], 1);

        // Another platform's staff see none of it, and cannot mark it.
        let lens = signed_in(&server, LENS_STAFF).await;
        let (_, theirs) = call(&server, &lens, "/api/gdpr_registers", &[]).await;
        assert!(!theirs.to_string().contains("Marie Curie"));
        let id = marie["id"].to_string();
        let (status, _) = call(
            &server,
            &lens,
            "/api/register_step",
            &[("id", &id), ("step", "transmise")],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = call(
            &server,
            &staff,
            "/api/register_step",
            &[("id", &id), ("step", "transmise")],
        )
        .await;
        assert!(status.is_success());
        let (_, alerts) = call(&server, &staff, "/api/gdpr_alerts", &[]).await;
        assert_eq!(alerts["requests_overdue"], 0, "{alerts}");

        // Exports.
        let csv = staff
            .get(server.url("/equipe/registres/demandes.csv"))
            .send()
            .await
            .expect("csv")
            .text()
            .await
            .expect("text");
        assert!(
            csv.contains("Marie Curie") && csv.contains("Effacement"),
            "{csv}"
        );
        let xlsx = staff
            .get(server.url("/equipe/registres/violations.xlsx"))
            .send()
            .await
            .expect("xlsx");
        assert_eq!(xlsx.status(), StatusCode::OK);
        assert!(xlsx.bytes().await.expect("bytes").starts_with(b"PK"));
    }
}

#[tokio::test]
async fn the_audit_trail_records_reads_and_cannot_be_changed() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        candidate_data(&server).await;
        let (application,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM applications")
            .fetch_one(&server.pool)
            .await
            .expect("application");
        let staff = signed_in(&server, STAFF).await;
        let res = staff
            .get(server.url(&format!("/candidatures/{application}/cv")))
            .send()
            .await
            .expect("cv");
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.bytes().await.expect("bytes").starts_with(b"%PDF"),
            "decrypted on the way out"
        );
        call(&server, &staff, "/api/mail_log", &[]).await;
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT actor, action, object_id FROM audit_log ORDER BY id")
                .fetch_all(&server.pool)
                .await
                .expect("audit");
        assert!(
            rows.iter().any(|(actor, action, id)| actor.contains(STAFF)
                && action == "cv_download"
                && *id == application.to_string()),
            "{rows:?}"
        );
        assert!(rows.iter().any(|(_, action, _)| action == "mail_log"));
        // Append-only, whatever the SQL.
        assert!(
            sqlx::query("UPDATE audit_log SET actor = 'personne'")
                .execute(&server.pool)
                .await
                .is_err(),
            "{engine:?}"
        );
        assert!(sqlx::query("DELETE FROM audit_log")
            .execute(&server.pool)
            .await
            .is_err());
        // Admins read and export it; staff do not.
        let admin = signed_in(&server, "admin@demo.prochemploi.fr").await;
        let (status, lines) = call(&server, &admin, "/api/audit_trail", &[]).await;
        assert!(status.is_success());
        assert!(lines.to_string().contains("Téléchargement d'un CV"));
        let (status, _) = call(&server, &staff, "/api/audit_trail", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let csv = admin
            .get(server.url("/admin/journal.csv"))
            .send()
            .await
            .expect("csv")
            .text()
            .await
            .expect("text");
        assert!(csv.contains("Téléchargement d'un CV"), "{csv}");
    }
}

#[tokio::test]
async fn a_company_user_exports_the_company_and_closes_their_account() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let company = signed_in(&server, crate::http::COMPANY).await;
        let res = company
            .get(server.url("/entreprise/donnees.json"))
            .send()
            .await
            .expect("export");
        assert_eq!(res.status(), StatusCode::OK);
        let data: Value = res.json().await.expect("json");
        assert_eq!(
            data["entreprise"]["nom"], "Menuiserie de l'Artois",
            "{data}"
        );
        assert!(data["utilisateurs"]
            .to_string()
            .contains(crate::http::COMPANY));
        assert!(!data["offres"].as_array().expect("offers").is_empty());
        let staff = signed_in(&server, STAFF).await;
        let res = staff
            .get(server.url("/entreprise/donnees.json"))
            .send()
            .await
            .expect("export");
        assert_eq!(res.status(), StatusCode::FORBIDDEN);

        // Closing needs the password and the confirmation.
        let (status, e) = call(
            &server,
            &company,
            "/api/close_my_account",
            &[("close_password", "pas le bon")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            e.to_string().contains("confirm_close") && e.to_string().contains("close_password"),
            "{e}"
        );
        let (offers_before,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM offers o JOIN companies c ON c.id = o.company_id WHERE c.name = 'Menuiserie de l''Artois'",
        )
        .fetch_one(&server.pool)
        .await
        .expect("offers");
        let (status, body) = call(
            &server,
            &company,
            "/api/close_my_account",
            &[
                ("close_password", crate::http::PASSWORD),
                ("confirm_close", "oui"),
            ],
        )
        .await;
        assert!(status.is_success(), "{status} {body}");
        let (status, _) = call(&server, &company, "/api/my_offers", &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the session ended");
        let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE email = $1")
            .bind(crate::http::COMPANY)
            .fetch_one(&server.pool)
            .await
            .expect("users");
        assert_eq!(left, 0, "the address is erased");
        let (offers_after,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM offers o JOIN companies c ON c.id = o.company_id WHERE c.name = 'Menuiserie de l''Artois'",
        )
        .fetch_one(&server.pool)
        .await
        .expect("offers");
        assert_eq!(
            offers_before, offers_after,
            "the company's records stay with the platform"
        );
        let (audited,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'account_change'")
                .fetch_one(&server.pool)
                .await
                .expect("audit");
        assert_eq!(audited, 1);
    }
}
