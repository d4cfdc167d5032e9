//! The people of a company's space, on both databases: each lists the
//! others; removing a colleague needs the box ticked, closes the account
//! (name and address blanked, sessions ended) and stays within the company.

use app::backend::company_team;
use app::backend::repo::{sessions, users};
use app::error::AppError;
use app::model::{Role, CHECKED};
use tests::engines;

use crate::direct::{demo_state, person};
use crate::http::COMPANY;

#[tokio::test]
async fn a_company_lists_and_removes_a_colleague() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let owner = person(&state, COMPANY).await;
        let mut tx = app::backend::db::begin(&state.pool).await.expect("tx");
        let leaver = users::create(
            &mut tx,
            &users::NewUser {
                email: "partant@menuiserie-artois.fr",
                full_name: "Marc Partant",
                password_hash: "!",
                role: Role::Company,
                platform_id: None,
                company_id: owner.company_id,
                partner_org_id: None,
            },
        )
        .await
        .expect("colleague");
        tx.commit().await.expect("commit");
        let token = sessions::create(&state.pool, leaver, 3600)
            .await
            .expect("session");

        let people = company_team::colleagues(&state, &owner)
            .await
            .expect("list");
        assert_eq!(people.len(), 2, "{engine:?}");
        assert!(people.iter().any(|p| p.me && p.id == owner.id));
        assert!(people.iter().any(|p| p.full_name == "Marc Partant"));

        // Not oneself; not without the box ticked.
        assert!(matches!(
            company_team::remove_colleague(&state, &owner, owner.id, Some(CHECKED)).await,
            Err(AppError::Refused(_))
        ));
        let unticked = company_team::remove_colleague(&state, &owner, leaver, None).await;
        assert!(
            matches!(&unticked, Err(AppError::Invalid(e)) if e.fields.contains_key(&format!("confirm_{leaver}"))),
            "{unticked:?}"
        );
        company_team::remove_colleague(&state, &owner, leaver, Some(CHECKED))
            .await
            .expect("removed");
        let people = company_team::colleagues(&state, &owner)
            .await
            .expect("list");
        assert_eq!(people.len(), 1, "{engine:?}");
        assert!(
            sessions::user_for_token(&state.pool, &token)
                .await
                .expect("session")
                .is_none(),
            "{engine:?}: signed out at once"
        );
        let (name, email): (String, String) =
            sqlx::query_as("SELECT full_name, email FROM users WHERE id = $1")
                .bind(leaver)
                .fetch_one(&state.pool)
                .await
                .expect("account");
        assert_eq!(name, "Compte fermé");
        assert!(!email.contains("partant"));
        // Gone: a second removal finds nothing.
        assert!(matches!(
            company_team::remove_colleague(&state, &owner, leaver, Some(CHECKED)).await,
            Err(AppError::NotFound)
        ));
    }
}
