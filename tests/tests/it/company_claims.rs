//! No dead end for the owner of a company the platform's team created: on
//! both databases over HTTP, signing up with its SIRET sends a claim to the
//! team (not an error), staff open the access, and the owner gets an e-mail
//! worded for someone the team met; a company that already has people says
//! how to be invited.

use app::api::account::SignupCompany;
use app::api::companies::DecideClaim;
use leptos::server_fn::ServerFn;
use tests::{engines, TestServer};

use crate::http::{call, signed_in, STAFF};

#[tokio::test]
async fn the_owner_of_a_company_created_by_staff_claims_its_space() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let pool = &server.pool;
        sqlx::query(
            "INSERT INTO companies (platform_id, siret, name, created_at) \
             SELECT id, '50214681900011', 'Scierie du Béthunois', 0 FROM platforms WHERE slug = 'bethune-bruay'",
        )
        .execute(pool)
        .await
        .expect("a company met by staff");
        let client = server.client();
        let mut form = vec![
            ("company_name", "Scierie du Béthunois"),
            ("siret", "502 146 819 00011"),
            ("naf_division", "16"),
            ("headcount_band", "03"),
            ("commune", "Béthune (62400)"),
            ("platform_id", ""),
            ("full_name", "Hélène Scieur"),
            ("email", "helene@scierie.fr"),
            ("password", "une phrase de passe"),
            ("password_confirm", "une phrase de passe"),
        ];
        let (status, body) = call(&server, &client, SignupCompany::PATH, &form).await;
        assert!(status.is_success(), "{engine:?}: {status} {body}");
        let (pending,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM company_claims WHERE email = 'helene@scierie.fr' AND status = 'pending'",
        )
        .fetch_one(pool)
        .await
        .expect("claims");
        assert_eq!(pending, 1, "{engine:?}");
        let (told,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE to_address = $1 AND subject LIKE 'Demande d''accès%'",
        )
        .bind(STAFF)
        .fetch_one(pool)
        .await
        .expect("outbox");
        assert_eq!(told, 1, "{engine:?}: the team is told");

        // Staff open the access: the account exists, to be confirmed.
        let (claim,): (i64,) =
            sqlx::query_as("SELECT id FROM company_claims WHERE status = 'pending'")
                .fetch_one(pool)
                .await
                .expect("claim");
        let staff = signed_in(&server, STAFF).await;
        let id = claim.to_string();
        let (status, body) = call(
            &server,
            &staff,
            DecideClaim::PATH,
            &[("id", id.as_str()), ("decision", "ouvrir")],
        )
        .await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{status} {body}"
        );
        let (role, confirmed): (String, Option<i64>) = sqlx::query_as(
            "SELECT u.role, u.confirmed_at FROM users u JOIN companies c ON c.id = u.company_id \
             WHERE u.email = 'helene@scierie.fr' AND c.siret = '50214681900011'",
        )
        .fetch_one(pool)
        .await
        .expect("the owner's account");
        assert_eq!((role.as_str(), confirmed), ("company", None));
        let (body,): (String,) = sqlx::query_as(
            "SELECT body FROM outbox WHERE to_address = 'helene@scierie.fr' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .expect("mail");
        assert!(
            body.contains("que vous avez") && body.contains("rencontrée"),
            "{body}"
        );
        assert!(!body.contains("ignorez"));
        let (hash,): (String,) =
            sqlx::query_as("SELECT password_hash FROM company_claims WHERE id = $1")
                .bind(claim)
                .fetch_one(pool)
                .await
                .expect("claim");
        assert!(
            hash.is_empty(),
            "the password hash does not outlive the decision"
        );

        // Now the company has someone: a new sign-up is told how to join.
        form[7] = ("email", "autre@scierie.fr");
        let (status, body) = call(&server, &client, SignupCompany::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{engine:?}");
        assert!(
            body["Invalid"]["fields"]["siret"]
                .as_str()
                .is_some_and(|m| m.contains("Inviter un collègue")),
            "{body}"
        );
    }
}
