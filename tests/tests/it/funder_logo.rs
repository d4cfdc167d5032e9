//! The Région's logo on both databases: an admin sets the file (PNG or
//! JPEG only); it then shows in every page's footer, in every e-mail (HTML
//! version, the text one kept) and on the first sheet of the workbooks;
//! until then, and once removed, the name stands alone.

use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, page, signed_in, STAFF};

async fn upload(
    client: &reqwest::Client,
    server: &TestServer,
    bytes: Vec<u8>,
    name: &str,
) -> StatusCode {
    let form = reqwest::multipart::Form::new().part(
        "logo",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    client
        .post(server.url("/api/upload_funder_logo"))
        .multipart(form)
        .send()
        .await
        .expect("upload")
        .status()
}

#[tokio::test]
async fn the_regions_logo_goes_on_every_medium_once_set() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let anonymous = server.client();
        let (_, home) = page(&server, &anonymous, "/").await;
        assert!(
            home.contains("Avec le soutien de la Région Hauts-de-France"),
            "{engine:?}"
        );
        assert!(
            !home.contains("/logo-financeur?v="),
            "{engine:?}: no logo yet"
        );

        let logo = app::backend::qr::png("Région Hauts-de-France").expect("a png");
        let staff = signed_in(&server, STAFF).await;
        assert_eq!(
            upload(&staff, &server, logo.clone(), "logo.png").await,
            StatusCode::FORBIDDEN
        );
        let admin = signed_in(&server, "admin@demo.prochemploi.fr").await;
        let svg =
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
        assert_eq!(
            upload(&admin, &server, svg, "logo.svg").await.as_u16(),
            422,
            "{engine:?}"
        );
        let huge = [logo.clone(), vec![0; 600 * 1024]].concat();
        assert_eq!(
            upload(&admin, &server, huge, "logo.png").await.as_u16(),
            422,
            "{engine:?}"
        );
        let status = upload(&admin, &server, logo.clone(), "logo.png").await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{engine:?}: {status}"
        );

        // The footer of every page, and the file itself.
        let (_, home) = page(&server, &anonymous, "/").await;
        let start = home
            .find("/logo-financeur?v=")
            .expect("the footer shows the logo");
        assert!(
            home.contains("alt=\"Région Hauts-de-France\""),
            "{engine:?}"
        );
        let src: String = home[start..].chars().take_while(|c| *c != '"').collect();
        let res = anonymous.get(server.url(&src)).send().await.expect("logo");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/png");
        assert_eq!(
            res.bytes().await.expect("bytes").to_vec(),
            logo,
            "{engine:?}"
        );

        // Every e-mail: an HTML version carries it, the text stays.
        let sink = server.sink.as_ref().expect("sink");
        // Her access link only: a demo e-mail to her queued before the
        // logo may still be on its way.
        let to_chloe = |m: &tests::smtp_sink::Received| {
            m.to.iter()
                .any(|t| t.contains("chloe.dubois@demo.prochemploi.fr"))
                && m.text().contains("/mes-donnees/acces/")
        };
        let before = sink.messages().iter().filter(|m| to_chloe(m)).count();
        let (status, body) = call(
            &server,
            &anonymous,
            "/api/request_my_data",
            &[("email", "chloe.dubois@demo.prochemploi.fr")],
        )
        .await;
        assert!(status.is_success() || status.is_redirection(), "{body}");
        sink.wait_for(|_| sink.messages().iter().filter(|m| to_chloe(m)).count() > before)
            .await
            .expect("the link was mailed");
        let mail = sink
            .messages()
            .into_iter()
            .rev()
            .find(|m| to_chloe(m))
            .expect("the link was mailed");
        assert!(mail.data.contains("text/plain"), "{engine:?}");
        assert!(mail.data.contains("text/html"), "{engine:?}");
        assert!(
            mail.data.contains("Content-ID: <logo-region>"),
            "{engine:?}"
        );

        // The first sheet of a workbook.
        let xlsx = staff
            .get(server.url("/equipe/indicateurs.xlsx"))
            .send()
            .await
            .expect("workbook")
            .bytes()
            .await
            .expect("bytes");
        assert!(
            xlsx.windows(b"xl/media/image1.png".len())
                .any(|w| w == b"xl/media/image1.png"),
            "{engine:?}: the workbook holds the logo"
        );

        // Removed: the name stands alone again.
        let (status, body) = call(&server, &admin, "/api/remove_funder_logo", &[]).await;
        assert!(status.is_success(), "{engine:?}: {body}");
        let (_, home) = page(&server, &anonymous, "/").await;
        assert!(!home.contains("/logo-financeur?v="), "{engine:?}");
        let res = anonymous
            .get(server.url("/logo-financeur"))
            .send()
            .await
            .expect("logo");
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
}

/// The delivery worker's copy of the logo follows the database: set,
/// replaced (a new version, new bytes), removed.
#[tokio::test]
async fn the_delivery_workers_copy_follows_every_change() {
    use app::backend::funder::{self, LogoCopy};
    for engine in engines() {
        let state = crate::direct::demo_state(engine).await;
        let admin = crate::direct::person(&state, "admin@demo.prochemploi.fr").await;
        let mut copy = LogoCopy::default();
        assert!(copy.current(&state.pool).await.expect("read").is_none());
        let first = funder::set(&state, "image/png", b"first", admin.id)
            .await
            .expect("set");
        let seen = copy.current(&state.pool).await.expect("read");
        assert_eq!(
            seen.map(|l| (l.version, l.bytes.clone())),
            Some((first, b"first".to_vec()))
        );
        let second = funder::set(&state, "image/jpeg", b"second", admin.id)
            .await
            .expect("replace");
        assert!(second > first, "{engine:?}: a new version");
        let seen = copy.current(&state.pool).await.expect("read");
        assert_eq!(
            seen.map(|l| (l.content_type.clone(), l.bytes.clone())),
            Some(("image/jpeg".to_owned(), b"second".to_vec()))
        );
        funder::remove(&state).await.expect("remove");
        assert!(copy.current(&state.pool).await.expect("read").is_none());
    }
}
