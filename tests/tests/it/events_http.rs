//! Events over HTTP on both databases: staff publish an event (checked
//! input), anyone registers without an account (checked input), gets the
//! e-mail with the link, the event fills, the next person waits and is
//! promoted (and e-mailed) when someone cancels; the page carries its
//! schema.org Event and the .ics file is served.

use app::api::checkin::{
    AddMeeting, EventCheckIn, MarkAttendance, RegisterWalkIn, SetMeetingOutcome,
};
use app::api::events::{
    CancelRegistration, CreateEvent, RegisterCompanyForEvent, RegisterForEvent,
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, page, signed_in, COMPANY, STAFF};

pub(crate) async fn mail_link(server: &TestServer, to: &str) -> String {
    let body = server.mail_text(Some(to)).await;
    let start =
        body.find("/evenements/inscription/").expect("link") + "/evenements/inscription/".len();
    body[start..start + 64].to_owned()
}

/// An event of the Béthune platform created by its staff, starting at
/// `start` (registrations close an hour before).
pub(crate) async fn staff_event(
    server: &TestServer,
    title: &str,
    start: i64,
    capacity: i64,
) -> i64 {
    let (platform, staff): (i64, i64) = sqlx::query_as(
        "SELECT p.id, u.id FROM platforms p JOIN users u ON u.platform_id = p.id WHERE u.email = $1",
    )
    .bind(STAFF)
    .fetch_one(&server.pool)
    .await
    .expect("staff");
    let mut tx = server.pool.begin().await.expect("begin");
    let id = app::backend::repo::events::create(
        &mut tx,
        &app::backend::repo::events::NewEvent {
            platform_id: platform,
            kind: app::model::event::EventKind::Forum,
            title,
            description: "Un événement de test.",
            starts_at: start,
            ends_at: start + 3 * 3600,
            commune_insee: "62119",
            address: "Salle des fêtes",
            capacity,
            company_capacity: 5,
            registration_deadline: start - 3600,
            questions: &[],
            offer_ids: &[],
        },
        staff,
    )
    .await
    .expect("event");
    tx.commit().await.expect("commit");
    id
}

pub(crate) fn registration<'a>(
    event_id: &'a str,
    name: &'a str,
    email: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("event_id", event_id),
        ("full_name", name),
        ("email", email),
        ("situation", "demandeur"),
        ("referrer", "france_travail"),
        ("answer_1", "Oui"),
        ("consent", "oui"),
    ]
}

#[tokio::test]
async fn register_fill_wait_cancel_and_promote() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let staff = signed_in(&server, STAFF).await;
        let mut form = vec![
            ("kind", "job_dating"),
            ("title", "Job dating du BTP"),
            ("description", "Dix entreprises du bâtiment recrutent."),
            ("date", "2020-01-01"),
            ("start_time", "09:00"),
            ("end_time", "12:00"),
            ("commune", "Lens"),
            ("address", "Salle Carpentier"),
            ("capacity", "2"),
            ("question_1", "Avez-vous le permis B ?"),
            ("company_capacity", "-1"),
            ("offer_1", "2"),
            ("offer_2", "1"),
        ];
        let (status, body) = call(&server, &staff, CreateEvent::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(
            body["Invalid"]["fields"]["company_capacity"].is_string(),
            "{body}"
        );
        form[10] = ("company_capacity", "3");
        let (status, body) = call(&server, &staff, CreateEvent::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["commune"].is_string(), "{body}");
        form[6] = ("commune", "Béthune (62400)");
        let (status, body) = call(&server, &staff, CreateEvent::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["date"]
            .as_str()
            .is_some_and(|m| m.contains("futur")));
        form[3] = ("date", "2099-03-16");
        // Companies cannot create events.
        let company = signed_in(&server, COMPANY).await;
        let (status, _) = call(&server, &company, CreateEvent::PATH, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = call(&server, &staff, CreateEvent::PATH, &form).await;
        assert!(status.is_success(), "{body}");
        let (id,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM events")
            .fetch_one(&server.pool)
            .await
            .expect("event");
        let id = id.to_string();

        let anyone = server.client();
        let (status, html) = page(&server, &anyone, &format!("/evenements/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#""@type":"Event""#), "{engine:?}");
        assert!(html.contains("2 places restantes"));
        assert!(
            html.contains("Apprenti menuisier (H/F)"),
            "the published offer is presented"
        );
        assert!(
            !html.contains("Menuisier poseur"),
            "an offer still in moderation is not"
        );
        assert!(html.contains("Avez-vous le permis B ?"));
        let res = anyone
            .get(server.url(&format!("/evenements/{id}/agenda.ics")))
            .send()
            .await
            .expect("ics");
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/calendar"));
        let ics = res.text().await.expect("body");
        assert!(ics.contains("DTSTART:20990316T080000Z"), "{ics}");

        // Bad input: no consent, no answer.
        let mut bad = registration(&id, "Awa Diallo", "awa@exemple.fr");
        bad.retain(|(k, _)| *k != "consent" && *k != "answer_1");
        let (status, body) = call(&server, &anyone, RegisterForEvent::PATH, &bad).await;
        assert_eq!(status.as_u16(), 422);
        assert!(body["Invalid"]["fields"]["consent"].is_string());
        assert!(body["Invalid"]["fields"]["answer_1"].is_string());
        assert_eq!(body["Invalid"]["values"]["full_name"], "Awa Diallo");

        for (name, email) in [
            ("Awa Diallo", "awa@exemple.fr"),
            ("Bruno Petit", "bruno@exemple.fr"),
            ("Chloé Martin", "chloe@exemple.fr"),
        ] {
            let (status, body) = call(
                &server,
                &anyone,
                RegisterForEvent::PATH,
                &registration(&id, name, email),
            )
            .await;
            assert!(status.is_success(), "{name}: {body}");
        }
        let (status, body) = call(
            &server,
            &anyone,
            RegisterForEvent::PATH,
            &registration(&id, "Awa", "AWA@exemple.fr"),
        )
        .await;
        // One registration per address, and the same answer as a new one:
        // the address gets its link again (the old one stops working).
        assert!(status.is_success(), "{body}");
        let (registrations,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE email = 'awa@exemple.fr'")
                .fetch_one(&server.pool)
                .await
                .expect("count");
        assert_eq!(registrations, 1, "{engine:?}");

        let awa = mail_link(&server, "awa@exemple.fr").await;
        let chloe = mail_link(&server, "chloe@exemple.fr").await;
        let (_, html) = page(
            &server,
            &anyone,
            &format!("/evenements/inscription/{chloe}"),
        )
        .await;
        assert!(html.contains("position 1 sur la liste d"), "{engine:?}");
        let (_, html) = page(&server, &anyone, &format!("/evenements/{id}")).await;
        assert!(html.contains("Complet : liste d"));

        // Awa cancels (after confirming): Chloé gets the seat and an e-mail,
        // with a fresh link of her own.
        let (status, body) = call(
            &server,
            &anyone,
            CancelRegistration::PATH,
            &[("token", &awa)],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            body.to_string().contains("confirmer l'annulation"),
            "{body}"
        );
        let (status, body) = call(
            &server,
            &anyone,
            CancelRegistration::PATH,
            &[("token", &awa), ("confirm", "oui")],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (status, _) = call(
            &server,
            &anyone,
            CancelRegistration::PATH,
            &[("token", &awa), ("confirm", "oui")],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "a cancellation happens once");
        let promoted = mail_link(&server, "chloe@exemple.fr").await;
        assert_ne!(promoted, chloe, "the promotion e-mail carries a new link");
        let (_, html) = page(
            &server,
            &anyone,
            &format!("/evenements/inscription/{promoted}"),
        )
        .await;
        assert!(html.contains("Inscription confirmée"), "{engine:?}");
        let (subject,): (String,) = sqlx::query_as(
            "SELECT subject FROM outbox WHERE to_address = 'chloe@exemple.fr' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&server.pool)
        .await
        .expect("promotion mail");
        assert!(subject.contains("Une place s'est libérée"), "{subject}");
        let (status, _) = page(&server, &anyone, "/evenements/inscription/inconnu").await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Check-in: staff of the platform only; confirmed people only.
        let lens = signed_in(&server, crate::http::LENS_STAFF).await;
        let (status, _) = call(&server, &lens, EventCheckIn::PATH, &[("id", &id)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // The name searched is kept in a cookie, never in an address.
        let (status, _) = call(
            &server,
            &staff,
            "/api/search_participants",
            &[("event_id", &id), ("q", "chlo")],
        )
        .await;
        assert!(status.is_success() || status.is_redirection());
        let (_, list) = call(&server, &staff, EventCheckIn::PATH, &[("id", &id)]).await;
        assert_eq!(list["search"], "chlo");
        assert_eq!(
            list["participants"][0]["answers"][0], "Avez-vous le permis B ? : Oui",
            "{list}"
        );
        assert_eq!(
            list["participants"].as_array().map(Vec::len),
            Some(1),
            "{list}"
        );
        let reg = list["participants"][0]["id"]
            .as_i64()
            .expect("id")
            .to_string();
        // Nobody is checked in before the event's day.
        assert!(
            list["opens_on"]
                .as_str()
                .is_some_and(|d| d.ends_with("2099")),
            "{list}"
        );
        let early = [
            ("event_id", id.as_str()),
            ("registration_id", reg.as_str()),
            ("attendance", "present"),
        ];
        let (status, body) = call(&server, &staff, MarkAttendance::PATH, &early).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(
            body.to_string()
                .contains("Le pointage ouvre le jour de l'événement"),
            "{body}"
        );
        // The day comes.
        let (planned_start, planned_end): (i64, i64) =
            sqlx::query_as("SELECT starts_at, ends_at FROM events WHERE id = $1")
                .bind(id.parse::<i64>().expect("id"))
                .fetch_one(&server.pool)
                .await
                .expect("dates");
        sqlx::query("UPDATE events SET starts_at = $1, ends_at = $2 WHERE id = $3")
            .bind(app::backend::db::now() - 600)
            .bind(app::backend::db::now() + 3 * 3600)
            .bind(id.parse::<i64>().expect("id"))
            .execute(&server.pool)
            .await
            .expect("the event's day");
        let (_, list) = call(&server, &staff, EventCheckIn::PATH, &[("id", &id)]).await;
        assert!(list["opens_on"].is_null(), "{list}");
        let (status, body) = call(
            &server,
            &staff,
            MarkAttendance::PATH,
            &[
                ("event_id", &id),
                ("registration_id", &reg),
                ("attendance", "present"),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let walk_in = [
            ("event_id", id.as_str()),
            ("full_name", "Dina Roux"),
            ("email", "dina@exemple.fr"),
            ("phone", ""),
            ("situation", "salarie"),
        ];
        let (status, body) = call(&server, &staff, RegisterWalkIn::PATH, &walk_in).await;
        assert!(status.is_success(), "{body}");
        let (_, list) = call(&server, &staff, EventCheckIn::PATH, &[("id", &id)]).await;
        assert_eq!(list["present"], 2, "{engine:?}: {list}");
        assert_eq!(list["event"]["confirmed"], 3);

        // A meeting with the demo company, then what came of it.
        let company_id = list["companies"][0][0]
            .as_i64()
            .expect("company")
            .to_string();
        let (status, body) = call(
            &server,
            &staff,
            AddMeeting::PATH,
            &[
                ("event_id", &id),
                ("registration_id", &reg),
                ("company_id", &company_id),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (status, _) = call(
            &server,
            &staff,
            AddMeeting::PATH,
            &[
                ("event_id", &id),
                ("registration_id", &reg),
                ("company_id", &company_id),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "once per pair");
        let (_, list) = call(&server, &staff, EventCheckIn::PATH, &[("id", &id)]).await;
        let meeting = list["meetings"][0]["id"]
            .as_i64()
            .expect("meeting")
            .to_string();
        let (status, body) = call(
            &server,
            &staff,
            SetMeetingOutcome::PATH,
            &[
                ("event_id", &id),
                ("meeting_id", &meeting),
                ("outcome", "interview"),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (_, list) = call(&server, &staff, EventCheckIn::PATH, &[("id", &id)]).await;
        assert_eq!(list["meetings"][0]["outcome"], "Interview");

        // Participant exports: staff of the platform only.
        let csv = staff
            .get(server.url(&format!("/equipe/evenements/{id}/participants.csv")))
            .send()
            .await
            .expect("csv");
        assert_eq!(csv.status(), StatusCode::OK);
        let text = csv.text().await.expect("body");
        assert!(
            text.contains("Chloé Martin")
                && text.contains("Présent")
                && text.contains("Réponses aux questions")
                && text.contains("Avez-vous le permis B ? : Oui"),
            "{text}"
        );
        let xlsx = staff
            .get(server.url(&format!("/equipe/evenements/{id}/participants.xlsx")))
            .send()
            .await
            .expect("xlsx");
        assert_eq!(xlsx.status(), StatusCode::OK);
        let book = crate::workbook::Workbook::read(&xlsx.bytes().await.expect("bytes"));
        let chloe = book
            .sheet(0)
            .iter()
            .find(|r| r.iter().any(|c| c.contains("Chloé Martin")))
            .expect("Chloé's row in the workbook");
        assert!(
            chloe.iter().any(|c| c == "Présent")
                && chloe
                    .iter()
                    .any(|c| c.contains("Avez-vous le permis B ? : Oui")),
            "the same as the CSV: {chloe:?}"
        );
        // Back to the planned date: companies register ahead of the event.
        sqlx::query("UPDATE events SET starts_at = $1, ends_at = $2 WHERE id = $3")
            .bind(planned_start)
            .bind(planned_end)
            .bind(id.parse::<i64>().expect("id"))
            .execute(&server.pool)
            .await
            .expect("planned date");
        // The demo company comes to recruit, bringing its published offer.
        let (status, body) = call(
            &server,
            &company,
            RegisterCompanyForEvent::PATH,
            &[("event_id", &id), ("role", "recruiter"), ("attendees", "0")],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["attendees"].is_string());
        let (status, body) = call(
            &server,
            &company,
            RegisterCompanyForEvent::PATH,
            &[
                ("event_id", &id),
                ("role", "recruiter"),
                ("attendees", "2"),
                ("offer_2", "oui"),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let (status, _) = call(
            &server,
            &company,
            RegisterCompanyForEvent::PATH,
            &[
                ("event_id", &id),
                ("role", "participant"),
                ("attendees", "1"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "once per company");
        let (_, html) = page(&server, &anyone, &format!("/evenements/{id}")).await;
        assert!(
            html.contains("Menuiserie") && html.contains("recrute"),
            "{engine:?}"
        );
        assert!(
            html.contains("Apprenti menuisier (H/F)"),
            "the offer brought is listed"
        );
        let (status, _) = call(
            &server,
            &staff,
            RegisterCompanyForEvent::PATH,
            &[("event_id", &id), ("role", "recruiter"), ("attendees", "1")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let denied = lens
            .get(server.url(&format!("/equipe/evenements/{id}/participants.csv")))
            .send()
            .await
            .expect("csv");
        assert_eq!(denied.status(), StatusCode::FORBIDDEN, "{engine:?}");
    }
}

#[tokio::test]
async fn the_reminder_carries_a_working_cancel_link() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let id = staff_event(
            &server,
            "Forum de demain",
            app::backend::db::now() + 86_400,
            5,
        )
        .await;
        let mut r = crate::events::person(3);
        r.email = "rappel@exemple.fr".into();
        crate::events::register_via(&server.pool, id, &r, None)
            .await
            .expect("registered");
        app::backend::mail::event_reminders::run(
            &server.pool,
            app::backend::db::now(),
            &format!("http://{}", server.addr),
        )
        .await
        .expect("reminders");
        // The portal's own round may have sent it first: once either way.
        let (reminders,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM outbox WHERE to_address = $1 AND subject LIKE 'Rappel%'",
        )
        .bind("rappel@exemple.fr")
        .fetch_one(&server.pool)
        .await
        .expect("outbox");
        assert_eq!(reminders, 1, "{engine:?}");
        let text = server.mail_text(Some("rappel@exemple.fr")).await;
        assert!(text.contains("Nous vous attendons"), "{text}");
        let link = mail_link(&server, "rappel@exemple.fr").await;
        let (status, html) = page(
            &server,
            &server.client(),
            &format!("/evenements/inscription/{link}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{engine:?}");
        assert!(html.contains("Annuler mon inscription"));
    }
}

#[tokio::test]
async fn a_lost_registration_link_is_sent_again() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let (event,): (i64,) =
            sqlx::query_as("SELECT id FROM events WHERE title = 'Job dating des métiers du bois'")
                .fetch_one(&server.pool)
                .await
                .expect("demo event");
        let event = event.to_string();
        let anyone = server.client();
        let (unknown, _) = call(
            &server,
            &anyone,
            "/api/resend_registration_link",
            &[
                ("event_id", &event),
                ("resend_email", "personne@exemple.fr"),
            ],
        )
        .await;
        let (known, body) = call(
            &server,
            &anyone,
            "/api/resend_registration_link",
            &[
                ("event_id", &event),
                ("resend_email", "Awa.Diallo@demo.prochemploi.fr"),
            ],
        )
        .await;
        assert_eq!(unknown, known, "{engine:?}: the same answer ({body})");
        let (none,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = 'personne@exemple.fr'")
                .fetch_one(&server.pool)
                .await
                .expect("count");
        assert_eq!(none, 0);
        let link = mail_link(&server, "awa.diallo@demo.prochemploi.fr").await;
        let (status, html) =
            page(&server, &anyone, &format!("/evenements/inscription/{link}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Inscription confirmée"), "{html}");
        let (status, e) = call(
            &server,
            &anyone,
            "/api/resend_registration_link",
            &[("event_id", &event), ("resend_email", "pas une adresse")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    }
}

#[tokio::test]
async fn staff_move_then_cancel_an_event_and_everyone_is_told() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let start = app::backend::clock::from_paris("2099-05-04", "09:00").expect("date");
        let id = staff_event(&server, "Forum du printemps", start, 2).await;
        let people = ["un@exemple.fr", "deux@exemple.fr", "trois@exemple.fr"];
        for (i, email) in people.iter().enumerate() {
            let mut r = crate::events::person(i + 10);
            r.email = (*email).into();
            crate::events::register_via(&server.pool, id, &r, None)
                .await
                .expect("registered");
        }
        let staff = signed_in(&server, STAFF).await;
        let id_text = id.to_string();
        let (_, edit) = call(&server, &staff, "/api/event_for_edit", &[("id", &id_text)]).await;
        assert_eq!(edit["registrants"], 3, "{edit}");
        assert_eq!(edit["form"]["start_time"], "09:00");
        let lens = signed_in(&server, crate::http::LENS_STAFF).await;
        let (status, _) = call(&server, &lens, "/api/event_for_edit", &[("id", &id_text)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let form = |capacity: &'static str, date: &'static str, address: &'static str| {
            vec![
                ("id", id_text.clone()),
                ("kind", "forum".to_owned()),
                ("title", "Forum du printemps".to_owned()),
                ("description", "Un événement de test.".to_owned()),
                ("date", date.to_owned()),
                ("start_time", "14:00".to_owned()),
                ("end_time", "17:00".to_owned()),
                ("commune", "Béthune".to_owned()),
                ("address", address.to_owned()),
                ("capacity", capacity.to_owned()),
                ("company_capacity", "5".to_owned()),
                ("deadline", "".to_owned()),
            ]
        };
        let too_small = form("1", "2099-05-11", "Salle Marmottan");
        let pairs: Vec<(&str, &str)> = too_small.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, e) = call(&server, &staff, "/api/update_event", &pairs).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert!(
            e["Invalid"]["fields"]["capacity"]
                .as_str()
                .is_some_and(|m| m.contains("Au moins 2")),
            "{e}"
        );
        assert_eq!(
            e["Invalid"]["values"]["address"], "Salle Marmottan",
            "what was typed is kept"
        );

        let moved = form("3", "2099-05-11", "Salle Marmottan");
        let pairs: Vec<(&str, &str)> = moved.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = call(&server, &staff, "/api/update_event", &pairs).await;
        assert!(status.is_success(), "{engine:?}: {body}");
        for email in people {
            let text = server.mail_text(Some(email)).await;
            assert!(
                text.contains("Nouvelle date") && text.contains("Salle Marmottan"),
                "{text}"
            );
        }
        let link = mail_link(&server, "trois@exemple.fr").await;
        let (status, _) = page(
            &server,
            &server.client(),
            &format!("/evenements/inscription/{link}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "the new link works");

        // Cancelling needs a reason and a confirmation.
        let (status, e) = call(
            &server,
            &staff,
            "/api/cancel_event",
            &[("id", &id_text), ("cancel_reason", "")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            e["Invalid"]["fields"]["cancel_reason"].is_string()
                && e["Invalid"]["fields"]["confirm_cancel"].is_string(),
            "{e}"
        );
        let (status, body) = call(
            &server,
            &staff,
            "/api/cancel_event",
            &[
                ("id", &id_text),
                ("cancel_reason", "Salle indisponible"),
                ("confirm_cancel", "oui"),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        for email in people {
            let text = server.mail_text(Some(email)).await;
            assert!(
                text.contains("est annulé") && text.contains("Salle indisponible"),
                "{text}"
            );
        }
        let (status, _) = page(&server, &server.client(), &format!("/evenements/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, edit) = call(&server, &staff, "/api/event_for_edit", &[("id", &id_text)]).await;
        assert_eq!(edit["editable"], false);
        let (status, _) = call(&server, &staff, "/api/update_event", &pairs).await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "a cancelled event stays cancelled"
        );
    }
}

#[tokio::test]
async fn a_companies_only_event_takes_companies_not_candidates() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let staff = signed_in(&server, STAFF).await;
        let form = [
            ("kind", "club"),
            ("title", "Petit-déjeuner des dirigeants"),
            ("description", "Entre dirigeants du Béthunois."),
            ("date", "2099-04-02"),
            ("start_time", "08:00"),
            ("end_time", "10:00"),
            ("commune", "Béthune"),
            ("address", "Hôtel de ville"),
            ("capacity", "0"),
            ("company_capacity", "12"),
        ];
        let (status, body) = call(&server, &staff, CreateEvent::PATH, &form).await;
        assert!(status.is_success(), "{engine:?}: {body}");
        let (id,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM events")
            .fetch_one(&server.pool)
            .await
            .expect("event");
        let id = id.to_string();
        let anyone = server.client();
        let (_, html) = page(&server, &anyone, &format!("/evenements/{id}")).await;
        assert!(html.contains("Réservé aux entreprises"), "{html}");
        assert!(!html.contains("M'inscrire"), "no candidate form");
        let (status, body) = call(
            &server,
            &anyone,
            RegisterForEvent::PATH,
            &registration(&id, "Awa Diallo", "awa@exemple.fr"),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(
            body.to_string().contains("réservé aux entreprises"),
            "{body}"
        );
        let company = signed_in(&server, COMPANY).await;
        let (status, body) = call(
            &server,
            &company,
            RegisterCompanyForEvent::PATH,
            &[
                ("event_id", &id),
                ("role", "participant"),
                ("attendees", "2"),
            ],
        )
        .await;
        assert!(status.is_success(), "{body}");
        // Neither candidates nor companies: refused, the form kept.
        let mut nobody = form;
        nobody[9] = ("company_capacity", "0");
        let (status, e) = call(&server, &staff, CreateEvent::PATH, &nobody).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e["Invalid"]["fields"]["capacity"].is_string(), "{e}");
    }
}
