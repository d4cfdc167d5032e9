//! Door codes over HTTP on both databases: the registration e-mail carries
//! the code and its QR code (a PNG), the registration page shows both, and
//! staff check people in by typing the code (forgiving case and dashes) or
//! by opening the QR code's link; only from the event's day.

use app::backend::db::now;
use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::events_http::{mail_link, registration, staff_event};
use crate::http::{call, page, signed_in, STAFF};

/// The code printed in the newest e-mail to `to` (`K7P-3QX`).
async fn mailed_code(server: &TestServer, to: &str) -> String {
    let body = server.mail_text(Some(to)).await;
    let start = body.find("Votre code d'entrée : ").expect("the code line")
        + "Votre code d'entrée : ".len();
    body[start..start + 7].to_owned()
}

#[tokio::test]
async fn staff_check_people_in_with_their_door_code() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let id = staff_event(&server, "Forum des codes", now() + 10 * 86_400, 1).await;
        let event = id.to_string();
        let client = server.client();
        for (name, email) in [
            ("Chloé Dubois", "chloe@exemple.fr"),
            ("Karim Haddad", "karim@exemple.fr"),
        ] {
            let (status, body) = call(
                &server,
                &client,
                "/api/register_for_event",
                &registration(&event, name, email),
            )
            .await;
            assert!(status.is_success(), "{engine:?}: {body}");
        }

        // The e-mail: the code, and its QR code attached as a PNG image.
        let code = mailed_code(&server, "chloe@exemple.fr").await;
        assert_eq!(code.len(), 7, "{code}");
        assert_eq!(&code[3..4], "-");
        let raw = server
            .sink
            .as_ref()
            .expect("sink")
            .messages()
            .into_iter()
            .rev()
            .find(|m| m.to.iter().any(|t| t.contains("chloe@exemple.fr")))
            .expect("delivered")
            .data;
        assert!(
            raw.contains("Content-Type: image/png"),
            "{engine:?}: the QR code is attached"
        );
        assert!(raw.contains("code-entree.png"));
        let waiting_code = mailed_code(&server, "karim@exemple.fr").await;
        assert_ne!(code, waiting_code);

        // The registration page shows the same code under its QR code.
        let token = mail_link(&server, "chloe@exemple.fr").await;
        let (_, html) = page(
            &server,
            &client,
            &format!("/evenements/inscription/{token}"),
        )
        .await;
        assert!(html.contains("Votre code d'entrée"), "{engine:?}");
        assert!(html.contains(&code), "{engine:?}: the page shows {code}");
        assert!(
            html.contains("<svg aria-hidden=\"true\""),
            "{engine:?}: and its QR code"
        );

        // Before the event's day, a code checks nobody in.
        let staff = signed_in(&server, STAFF).await;
        let (status, _) = call(
            &server,
            &staff,
            "/api/check_in_by_code",
            &[("event_id", &event), ("code", &code)],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{engine:?}");
        sqlx::query("UPDATE events SET starts_at = $1, ends_at = $2 WHERE id = $3")
            .bind(now() - 600)
            .bind(now() + 3600)
            .bind(id)
            .execute(&server.pool)
            .await
            .expect("today");

        // A wrong code is refused next to the field, the typed value kept.
        for (typed, says) in [
            ("K7P-3Q", "6 caractères"),
            ("ZZZ-ZZZ", "Aucune inscription"),
        ] {
            let (status, body) = call(
                &server,
                &staff,
                "/api/check_in_by_code",
                &[("event_id", &event), ("code", typed)],
            )
            .await;
            assert_eq!(status.as_u16(), 422, "{engine:?}: {body}");
            assert!(
                body["Invalid"]["fields"]["code"]
                    .as_str()
                    .is_some_and(|m| m.contains(says)),
                "{engine:?}: {body}"
            );
            assert_eq!(body["Invalid"]["values"]["code"], typed);
        }

        // Typed in lower case without its dash: Chloé is present, and the
        // check-in list shows her alone.
        let typed = code.replace('-', "").to_lowercase();
        let (status, body) = call(
            &server,
            &staff,
            "/api/check_in_by_code",
            &[("event_id", &event), ("code", &typed)],
        )
        .await;
        assert!(status.is_success(), "{engine:?}: {body}");
        let (_, list) = call(&server, &staff, "/api/event_check_in", &[("id", &event)]).await;
        let people = list["participants"].as_array().expect("participants");
        assert_eq!(people.len(), 1, "{engine:?}: {list}");
        assert_eq!(people[0]["full_name"], "Chloé Dubois");
        assert_eq!(people[0]["attendance"], "Present");
        assert_eq!(list["present"], 1);

        // Karim waits: his code shows him with the button to admit him, and
        // checks nobody in.
        let (status, body) = call(
            &server,
            &staff,
            "/api/check_in_by_code",
            &[("event_id", &event), ("code", &waiting_code)],
        )
        .await;
        assert!(status.is_success(), "{engine:?}: {body}");
        let (_, list) = call(&server, &staff, "/api/event_check_in", &[("id", &event)]).await;
        assert_eq!(list["participants"][0]["full_name"], "Karim Haddad");
        assert_eq!(list["participants"][0]["status"], "Waiting");
        assert_eq!(
            list["present"], 1,
            "{engine:?}: a waiting person is not checked in"
        );

        // The QR code's link opens the check-in with the code filled in.
        let qr_path = format!(
            "/equipe/evenements/{id}/pointage?code={}",
            code.replace('-', "")
        );
        let (_, html) = page(&server, &staff, &qr_path).await;
        assert!(
            html.contains(&format!("value=\"{}\"", code.replace('-', ""))),
            "{engine:?}"
        );
        assert!(html.contains("Pointer avec le code"));

        // Another platform's staff cannot use the codes.
        let lens = signed_in(&server, crate::http::LENS_STAFF).await;
        let (status, _) = call(
            &server,
            &lens,
            "/api/check_in_by_code",
            &[("event_id", &event), ("code", &code)],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{engine:?}");
    }
}
