//! A company staff met on a visit: created by staff (checked input, only on
//! their platform), then claimed by its owner through the invitation link.

use app::api::companies::{AddCompany, InviteOwner, PlatformCompanies};
use app::api::invitation::AcceptInvitation;
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, signed_in, COMPANY, LENS_STAFF, STAFF};

async fn latest_invitation(server: &TestServer, to: &str) -> String {
    let body = server.mail_text(Some(to)).await;
    let start = body.find("/invitation/").expect("link") + "/invitation/".len();
    body[start..start + 64].to_owned()
}

#[tokio::test]
async fn staff_create_a_company_its_owner_claims() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let staff = signed_in(&server, STAFF).await;
        let mut form = vec![
            ("company_name", "Garage du Rivage"),
            ("siret", "12345678901234"),
            ("naf_division", "45"),
            ("headcount_band", "02"),
            ("commune", "Lens"),
            ("owner_email", "pas-une-adresse"),
        ];
        let (status, body) = call(&server, &staff, AddCompany::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        for field in ["siret", "commune", "owner_email"] {
            assert!(
                body["Invalid"]["fields"][field].is_string(),
                "{field}: {body}"
            );
        }
        assert_eq!(
            body["Invalid"]["values"]["company_name"],
            "Garage du Rivage"
        );
        form[1] = ("siret", "443 061 841 00047");
        form[4] = ("commune", "Béthune (62400)");
        form[5] = ("owner_email", "patron@garage-rivage.fr");
        // Companies cannot create companies.
        let company = signed_in(&server, COMPANY).await;
        let (status, _) = call(&server, &company, AddCompany::PATH, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = call(&server, &staff, AddCompany::PATH, &form).await;
        assert!(status.is_success(), "{body}");
        let (status, body) = call(&server, &staff, AddCompany::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "same SIRET twice: {body}");

        let (_, data) = call(&server, &staff, PlatformCompanies::PATH, &[]).await;
        let garage = data["companies"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["name"] == "Garage du Rivage"))
            .cloned()
            .expect("listed");
        assert_eq!(garage["users"], 0, "{engine:?}");
        let id = garage["id"].as_i64().expect("id").to_string();
        // Staff of another platform neither see nor invite for it.
        let lens = signed_in(&server, LENS_STAFF).await;
        let (_, theirs) = call(&server, &lens, PlatformCompanies::PATH, &[]).await;
        assert!(!theirs.to_string().contains("Garage du Rivage"));
        let (status, _) = call(
            &server,
            &lens,
            InviteOwner::PATH,
            &[("company_id", &id), ("email", "x@y.fr")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The owner follows the link and the company is theirs.
        let token = latest_invitation(&server, "patron@garage-rivage.fr").await;
        let owner = server.client();
        let (status, body) = call(
            &server,
            &owner,
            AcceptInvitation::PATH,
            &[
                ("token", &token),
                ("full_name", "Paul Rivage"),
                ("password", "une phrase de passe solide"),
                ("password_confirm", "une phrase de passe solide"),
            ],
        )
        .await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{status} {body}"
        );
        let (_, data) = call(&server, &staff, PlatformCompanies::PATH, &[]).await;
        let garage = data["companies"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["name"] == "Garage du Rivage"))
            .cloned()
            .expect("listed");
        assert_eq!(garage["users"], 1, "claimed, {engine:?}");
    }
}
