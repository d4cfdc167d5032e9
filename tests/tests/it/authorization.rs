//! The authorization matrix, run against every role: anonymous, two
//! companies, staff of two platforms, each partner kind, the Région and an
//! admin. Every server function registered must have its row in
//! `app::backend::access` (the test fails otherwise), and each role gets
//! 401/403 exactly where its row says; the plain routes (downloads) are
//! checked the same way, with the platform scope of staff.

use app::backend::access::{server_fn_access, Access};
use app::model::Role;
use reqwest::StatusCode;
use tests::{Engine, TestServer};

use crate::http::{call, signed_in, COMPANY, FT, LENS_STAFF, ML, STAFF};

struct Who {
    name: &'static str,
    role: Option<Role>,
    client: reqwest::Client,
}

async fn everyone(server: &TestServer) -> Vec<Who> {
    let other_company = crate::offer_life_http::other_company(server).await;
    vec![
        Who {
            name: "anonyme",
            role: None,
            client: server.client(),
        },
        Who {
            name: "entreprise A",
            role: Some(Role::Company),
            client: signed_in(server, COMPANY).await,
        },
        Who {
            name: "entreprise B",
            role: Some(Role::Company),
            client: other_company,
        },
        Who {
            name: "équipe Béthune",
            role: Some(Role::Staff),
            client: signed_in(server, STAFF).await,
        },
        Who {
            name: "équipe Lens",
            role: Some(Role::Staff),
            client: signed_in(server, LENS_STAFF).await,
        },
        Who {
            name: "France Travail",
            role: Some(Role::Partner),
            client: signed_in(server, FT).await,
        },
        Who {
            name: "Mission locale",
            role: Some(Role::Partner),
            client: signed_in(server, ML).await,
        },
        Who {
            name: "Cap emploi",
            role: Some(Role::Partner),
            client: signed_in(server, "conseiller.cap@demo.prochemploi.fr").await,
        },
        Who {
            name: "Région",
            role: Some(Role::Region),
            client: signed_in(server, "region@demo.prochemploi.fr").await,
        },
        Who {
            name: "admin",
            role: Some(Role::Admin),
            client: signed_in(server, "admin@demo.prochemploi.fr").await,
        },
    ]
}

fn allowed(access: Access, role: Option<Role>) -> bool {
    match access {
        Access::Anyone => true,
        Access::SignedIn => role.is_some(),
        Access::Roles(roles) => role.is_some_and(|r| roles.contains(&r)),
    }
}

#[tokio::test]
async fn every_server_function_has_its_row_and_every_role_gets_what_it_says() {
    let server = TestServer::start(Engine::Sqlite).await.expect("server");
    let who = everyone(&server).await;
    let mut endpoints: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/"))
        .collect();
    endpoints.sort_unstable();
    // Signing out last: it ends the session of the client that calls it.
    endpoints.retain(|e| *e != "logout");
    endpoints.push("logout");
    let missing: Vec<&&str> = endpoints
        .iter()
        .filter(|e| server_fn_access(e).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "server functions without a row in the authorization matrix: {missing:?}"
    );
    assert!(endpoints.len() >= 90, "{} functions only", endpoints.len());
    for endpoint in &endpoints {
        let Some(access) = server_fn_access(endpoint) else {
            continue;
        };
        for w in &who {
            let (status, body) = call(&server, &w.client, &format!("/api/{endpoint}"), &[]).await;
            let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
            assert_eq!(
                refused,
                !allowed(access, w.role),
                "{endpoint} as {}: {status} {body}",
                w.name
            );
        }
    }
}

#[tokio::test]
async fn downloads_answer_each_role_and_scope() {
    let server = TestServer::start(Engine::Sqlite).await.expect("server");
    // An application with a CV to the Béthune-Bruay platform's offer 2.
    let form = reqwest::multipart::Form::new()
        .text("offer_id", "2")
        .text("full_name", "Awa Diallo")
        .text("email", "awa@exemple.fr")
        .text("consent", "oui")
        .part(
            "cv",
            reqwest::multipart::Part::bytes(
                &b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"[..],
            )
            .file_name("cv.pdf")
            .mime_str("application/pdf")
            .expect("mime"),
        );
    let res = server
        .client()
        .post(server.url("/api/apply_to_offer"))
        .multipart(form)
        .send()
        .await
        .expect("apply");
    assert!(res.status().is_success() || res.status().is_redirection());
    let (application,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM applications")
        .fetch_one(&server.pool)
        .await
        .expect("application");
    let (event,): (i64,) = sqlx::query_as(
        "SELECT MIN(e.id) FROM events e JOIN platforms p ON p.id = e.platform_id WHERE p.slug = 'bethune-bruay'",
    )
    .fetch_one(&server.pool)
    .await
    .expect("event");
    let (meeting,): (i64,) = sqlx::query_as(
        "INSERT INTO governance_meetings (platform_id, kind, held_on, year, organisations, agenda, minutes, \
         minutes_pdf, created_by, created_at, updated_at) SELECT p.id, 'copresidence', '2026-03-12', 2026, \
         'Région', 'Bilan', '', $1, (SELECT MIN(id) FROM users), 0, 0 FROM platforms p \
         WHERE p.slug = 'bethune-bruay' RETURNING id",
    )
    .bind(b"%PDF-1.4 minutes".to_vec())
    .fetch_one(&server.pool)
    .await
    .expect("meeting");
    let who = everyone(&server).await;
    // (route, names of those who get in; everyone else gets 401 or 403)
    let team = ["équipe Béthune", "admin"];
    let routes: Vec<(String, Vec<&str>)> = vec![
        (
            "/partenaire/offres.csv".into(),
            vec!["France Travail", "Mission locale", "Cap emploi"],
        ),
        (
            format!("/evenements/{event}/agenda.ics"),
            who.iter().map(|w| w.name).collect(),
        ),
        (
            format!("/equipe/evenements/{event}/participants.csv"),
            team.to_vec(),
        ),
        (
            format!("/equipe/evenements/{event}/participants.xlsx"),
            team.to_vec(),
        ),
        (format!("/candidatures/{application}/cv"), team.to_vec()),
        (
            "/equipe/indicateurs.csv".into(),
            vec!["équipe Béthune", "équipe Lens", "admin", "Région"],
        ),
        (
            "/equipe/indicateurs.xlsx".into(),
            vec!["équipe Béthune", "équipe Lens", "admin", "Région"],
        ),
        (
            "/equipe/bilans/2026-01/bilan.xlsx".into(),
            vec!["équipe Béthune", "équipe Lens", "admin", "Région"],
        ),
        (
            "/equipe/bilans/2026-01/bilan.xlsx?plateforme=1".into(),
            vec!["équipe Béthune", "équipe Lens", "admin", "Région"],
        ),
        (
            "/equipe/export/france-travail.json".into(),
            vec!["équipe Béthune", "équipe Lens", "admin"],
        ),
        (
            "/equipe/export/france-travail.csv".into(),
            vec!["équipe Béthune", "équipe Lens", "admin"],
        ),
        (
            "/equipe/registres/demandes.csv".into(),
            vec!["équipe Béthune", "équipe Lens", "admin"],
        ),
        (
            "/equipe/registres/demandes.xlsx".into(),
            vec!["équipe Béthune", "équipe Lens", "admin"],
        ),
        (
            "/equipe/registres/violations.csv".into(),
            vec!["équipe Béthune", "équipe Lens", "admin"],
        ),
        (
            "/equipe/registres/violations.xlsx".into(),
            vec!["équipe Béthune", "équipe Lens", "admin"],
        ),
        ("/admin/journal.csv".into(), vec!["admin"]),
        // The yearly cycle: each platform's staff their own report, the
        // Région and admins any; the regional summary for the Région.
        (
            "/equipe/bilan-annuel.pdf?annee=2026&plateforme=1".into(),
            vec!["équipe Béthune", "équipe Lens", "admin", "Région"],
        ),
        (
            "/region/synthese.pdf?annee=2026".into(),
            vec!["admin", "Région"],
        ),
        (
            format!("/equipe/gouvernance/{meeting}/compte-rendu.pdf"),
            vec!["équipe Béthune", "admin", "Région"],
        ),
        (
            "/entreprise/donnees.json".into(),
            vec!["entreprise A", "entreprise B"],
        ),
        // Only with the rights session opened by an e-mailed link.
        ("/mes-donnees/mes-donnees.json".into(), vec![]),
        // The partner API answers tokens only, never a session.
        ("/api-partenaires/v1/offres".into(), vec![]),
        // Its description is public.
        (
            "/api-partenaires/v1/openapi.json".into(),
            who.iter().map(|w| w.name).collect(),
        ),
    ];
    for (route, gets_in) in &routes {
        for w in &who {
            let status = w
                .client
                .get(server.url(route))
                .send()
                .await
                .expect("download")
                .status();
            let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
            assert_eq!(
                refused,
                !gets_in.contains(&w.name),
                "{route} as {}: {status}",
                w.name
            );
        }
    }
}
