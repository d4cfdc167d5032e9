//! Over HTTP, on both databases: the expiry reminder's link extends an offer
//! without signing in (once), the company closes an offer from its space,
//! public offer pages carry their JobPosting, and the company's consents
//! are obeyed.

use app::api::account::SignupCompany;
use app::api::company::{CloseOffer, ExtendOffer, MyOffer, MyOffers, OfferForEdit};
use app::api::offer_link::{CloseByLink, ExtendByLink};
use app::api::staff::{ApproveOffer, ShareOffer, ShareWithSuggested, StaffUpdateOffer};
use app::api::support::{MySupportRequests, RequestSupport};
use app::backend::mail::expiry;
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, ft_org_id, offer_form, page, signed_in, COMPANY, STAFF};
use app::api::company::SubmitOffer;

/// Submits an offer with the given consents, approves it, returns its id.
async fn published_offer(server: &TestServer, title: &str, share: bool, publish: bool) -> String {
    let company = signed_in(server, COMPANY).await;
    let staff = signed_in(server, STAFF).await;
    let form: Vec<(&str, &str)> = offer_form(title, "Béthune (62400)")
        .into_iter()
        .filter(|(k, _)| (share || *k != "share_consent") && (publish || *k != "publish_consent"))
        .collect();
    let (status, body) = call(server, &company, SubmitOffer::PATH, &form).await;
    assert!(status.is_success(), "{body}");
    let (_, mine) = call(server, &company, MyOffers::PATH, &[]).await;
    let id = mine[0]["id"].as_i64().expect("id").to_string();
    let (status, _) = call(server, &staff, ApproveOffer::PATH, &[("id", &id)]).await;
    assert!(status.is_success());
    id
}

/// The link of the reminder about the offer titled `title`, once delivered
/// (other e-mails, about demo offers or from the jobs, may come after it).
async fn latest_link(server: &TestServer, title: &str) -> String {
    let sink = server.sink.as_ref().expect("sink");
    let reminder = |m: &tests::smtp_sink::Received| {
        let text = m.text();
        text.contains("/offre/lien/") && text.contains(title)
    };
    let mut found = None;
    for _ in 0..600 {
        found = sink.messages().into_iter().rev().find(|m| reminder(m));
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let body = found.expect("the reminder was delivered").text();
    let start = body.find("/offre/lien/").expect("link in mail") + "/offre/lien/".len();
    body[start..start + 64].to_owned()
}

#[tokio::test]
async fn reminder_link_extends_the_offer_once_without_signing_in() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let id = published_offer(&server, "Cariste de nuit", true, true).await;
        let (end,): (i64,) = sqlx::query_as("SELECT expires_at FROM offers WHERE id = $1")
            .bind(id.parse::<i64>().expect("id"))
            .fetch_one(&server.pool)
            .await
            .expect("expiry");
        let (queued, _) = expiry::run(&server.pool, end - 6 * 86_400, "http://x")
            .await
            .expect("run");
        assert!(queued >= 1, "{engine:?}");
        let token = latest_link(&server, "Cariste de nuit").await;

        // Anyone holding the link (no session) sees the offer and extends it.
        let anonymous = server.client();
        let (status, html) = page(&server, &anonymous, &format!("/offre/lien/{token}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Cariste de nuit"), "{engine:?}");
        let (status, body) = call(
            &server,
            &anonymous,
            ExtendByLink::PATH,
            &[("token", &token)],
        )
        .await;
        assert!(status.is_success(), "{status} {body}");
        let (later,): (i64,) = sqlx::query_as("SELECT expires_at FROM offers WHERE id = $1")
            .bind(id.parse::<i64>().expect("id"))
            .fetch_one(&server.pool)
            .await
            .expect("expiry");
        assert_eq!(
            later,
            end + 60 * 86_400,
            "extended by the configured 60 days"
        );

        // Used once: refused afterwards, for extending as for closing.
        let (status, body) = call(
            &server,
            &anonymous,
            ExtendByLink::PATH,
            &[("token", &token)],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body["Refused"]
            .as_str()
            .is_some_and(|m| m.contains("déjà servi")));
        let closing = [
            ("token", token.as_str()),
            ("outcome", "cancelled"),
            ("reason", "Plus de besoin"),
        ];
        let (status, _) = call(&server, &anonymous, CloseByLink::PATH, &closing).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) = page(&server, &anonymous, &format!("/offre/lien/{token}")).await;
        assert_eq!(status, StatusCode::GONE);
        // A forged link opens nothing.
        let forged = "0".repeat(64);
        let (status, html) = page(&server, &anonymous, &format!("/offre/lien/{forged}")).await;
        assert_eq!(status, StatusCode::GONE);
        assert!(!html.contains("Cariste de nuit"));
    }
}

#[tokio::test]
async fn company_closes_its_offer_with_checked_input() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let id = published_offer(&server, "Préparateur", true, false).await;
        let company = signed_in(&server, COMPANY).await;
        let (status, body) = call(
            &server,
            &company,
            CloseOffer::PATH,
            &[("id", &id), ("outcome", "filled"), ("hires", "zéro")],
        )
        .await;
        assert_eq!(status.as_u16(), 422);
        assert!(body["Invalid"]["fields"]["hires"].is_string());
        assert!(body["Invalid"]["fields"]["via_platform"].is_string());
        assert_eq!(body["Invalid"]["values"]["hires"], "zéro");
        // Staff cannot close as the company.
        let staff = signed_in(&server, STAFF).await;
        let good = [
            ("id", id.as_str()),
            ("outcome", "filled"),
            ("hires", "2"),
            ("via_platform", "oui"),
        ];
        let (status, _) = call(&server, &staff, CloseOffer::PATH, &good).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = call(&server, &company, CloseOffer::PATH, &good).await;
        assert!(status.is_success(), "{body}");
        let (_, mine) = call(&server, &company, MyOffers::PATH, &[]).await;
        assert_eq!(mine[0]["status"], "Filled", "{engine:?}");
        let (_, html) = page(&server, &company, &format!("/entreprise/offres/{id}")).await;
        assert!(html.contains("grâce à la plateforme"), "{engine:?}");
    }
}

#[tokio::test]
async fn public_pages_and_consents() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let public = published_offer(&server, "Magasinier cariste", true, true).await;
        let private = published_offer(&server, "Magasinier discret", false, false).await;
        let anonymous = server.client();

        let (status, html) = page(&server, &anonymous, "/offres?q=magasinier").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Magasinier cariste"), "{engine:?}");
        assert!(!html.contains("Magasinier discret"));
        let (status, html) = page(&server, &anonymous, &format!("/offres/{public}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("application/ld+json"));
        assert!(html.contains(r#""@type":"JobPosting""#), "{html}");
        assert!(html.contains(r#""occupationalCategory":"N1101""#));
        assert!(!html.contains("SIRET"), "no SIRET on public pages");
        let (status, _) = page(&server, &anonymous, &format!("/offres/{private}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The company did not agree to partner sharing: staff cannot share.
        let staff = signed_in(&server, STAFF).await;
        let ft = ft_org_id(&server).await.to_string();
        let (status, body) = call(
            &server,
            &staff,
            ShareOffer::PATH,
            &[("id", &private), ("org_id", &ft)],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        let (status, _) = call(
            &server,
            &staff,
            ShareOffer::PATH,
            &[("id", &public), ("org_id", &ft)],
        )
        .await;
        assert!(status.is_success(), "{engine:?}");

        // The suggested partners (kind and contract: a CDD goes to the
        // Mission locale too) get it in one go; the private one stays refused.
        let (status, _) = call(
            &server,
            &staff,
            ShareWithSuggested::PATH,
            &[("id", &private)],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, body) = call(
            &server,
            &staff,
            ShareWithSuggested::PATH,
            &[("id", &public)],
        )
        .await;
        assert!(status.is_success(), "{body}");
        let kinds: Vec<(String,)> = sqlx::query_as(
            "SELECT o.kind FROM offer_shares s JOIN partner_orgs o ON o.id = s.partner_org_id \
             WHERE s.offer_id = $1 ORDER BY o.kind",
        )
        .bind(public.parse::<i64>().expect("id"))
        .fetch_all(&server.pool)
        .await
        .expect("shares");
        let kinds: Vec<&str> = kinds.iter().map(|(k,)| k.as_str()).collect();
        assert!(
            kinds.contains(&"france_travail") && kinds.contains(&"mission_locale"),
            "{kinds:?}"
        );
    }
}

/// Signs up a second company on the Béthune-Bruay platform and returns its
/// signed-in client.
pub(crate) async fn other_company(server: &TestServer) -> reqwest::Client {
    let client = server.client();
    let form = [
        ("company_name", "Boulangerie Voisine"),
        ("siret", "443 061 841 00047"),
        ("naf_division", "10"),
        ("headcount_band", "03"),
        ("commune", "Béthune (62400)"),
        ("platform_id", "1"),
        ("full_name", "Louis Voisin"),
        ("email", "louis@voisine.fr"),
        ("password", "une phrase de passe"),
        ("password_confirm", "une phrase de passe"),
    ];
    let (status, body) = call(server, &client, SignupCompany::PATH, &form).await;
    assert!(status.is_success(), "{status} {body}");
    crate::http::confirm_signup(server, &client, "louis@voisine.fr").await;
    client
}

#[tokio::test]
async fn a_company_never_reaches_another_companys_offers_or_requests() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let id = published_offer(&server, "Poseur de fenêtres", true, true).await;
        let owner = signed_in(&server, COMPANY).await;
        let (status, _) = call(
            &server,
            &owner,
            RequestSupport::PATH,
            &[
                ("kind", "marque_employeur"),
                (
                    "description",
                    "Nous voulons mieux présenter l'entreprise aux candidats.",
                ),
                ("contact", "email"),
            ],
        )
        .await;
        assert!(status.is_success());
        let other = other_company(&server).await;
        for (path, form) in [
            (MyOffer::PATH, vec![("id", id.as_str())]),
            (OfferForEdit::PATH, vec![("id", id.as_str())]),
            (ExtendOffer::PATH, vec![("id", id.as_str())]),
            (
                CloseOffer::PATH,
                vec![
                    ("id", id.as_str()),
                    ("outcome", "cancelled"),
                    ("reason", "Piraté"),
                ],
            ),
        ] {
            let (status, body) = call(&server, &other, path, &form).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
        }
        let (_, mine) = call(&server, &other, MyOffers::PATH, &[]).await;
        assert_eq!(mine.as_array().map(Vec::len), Some(0), "{engine:?}");
        let (_, requests) = call(&server, &other, MySupportRequests::PATH, &[]).await;
        assert_eq!(requests.as_array().map(Vec::len), Some(0));
        let (status, _) = page(&server, &other, &format!("/entreprise/offres/{id}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // The owner's offer is untouched.
        let (_, theirs) = call(&server, &owner, MyOffers::PATH, &[]).await;
        assert_eq!(theirs[0]["status"], "Published", "{engine:?}");
    }
}

#[tokio::test]
async fn staff_correct_an_offer_and_the_history_says_so() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let id = published_offer(&server, "Cariste", true, true).await;
        let staff = signed_in(&server, STAFF).await;
        let mut form = offer_form("", "Béthune (62400)");
        form.push(("id", &id));
        let (status, body) = call(&server, &staff, StaffUpdateOffer::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["title"].is_string());
        let mut form = offer_form("Cariste CACES R489 (H/F)", "Béthune (62400)");
        form.push(("id", &id));
        let lens = signed_in(&server, crate::http::LENS_STAFF).await;
        let (status, _) = call(&server, &lens, StaffUpdateOffer::PATH, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let company = signed_in(&server, COMPANY).await;
        let (status, _) = call(&server, &company, StaffUpdateOffer::PATH, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = call(&server, &staff, StaffUpdateOffer::PATH, &form).await;
        assert!(status.is_success(), "{body}");
        let (_, html) = page(&server, &staff, &format!("/equipe/offres/{id}")).await;
        assert!(html.contains("Cariste CACES R489 (H/F)"), "{engine:?}");
        assert!(html.contains("Offre modifiée par l"), "history line");
        let (status, _) = page(&server, &staff, &format!("/equipe/offres/{id}/modifier")).await;
        assert_eq!(status, StatusCode::OK);
    }
}
