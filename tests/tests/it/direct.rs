//! For tests that call the backend services directly, without a server: a
//! portal's state on a fresh demo database, and the demo people as the
//! portal knows them once signed in.

use app::backend::repo::sessions;
use app::backend::state::AppState;
use app::model::CurrentUser;
use tests::{fresh_database_url, Engine};

/// A portal's state on a fresh demo database.
pub(crate) async fn demo_state(engine: Engine) -> AppState {
    let config = server::Config {
        database_url: fresh_database_url(engine).await.expect("database"),
        demo: true,
        public_url: "https://emploi.example.fr".into(),
        ..server::Config::default()
    };
    let pool = server::prepare_database(&config).await.expect("demo data");
    server::app_state(&config, pool)
}

/// The demo account with this e-mail, signed in.
pub(crate) async fn person(state: &AppState, email: &str) -> CurrentUser {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&state.pool)
        .await
        .expect("demo user");
    let token = sessions::create(&state.pool, id, 3600)
        .await
        .expect("session");
    sessions::user_for_token(&state.pool, &token)
        .await
        .expect("user")
        .expect("signed in")
}

/// The offers waiting for moderation in the staff member's queue.
pub(crate) async fn waiting_offers(
    state: &AppState,
    staff: &CurrentUser,
) -> Vec<app::model::OfferSummary> {
    let filter = app::backend::moderation::QueueFilter {
        status: Some("submitted".into()),
        ..Default::default()
    };
    app::backend::moderation::queue(state, staff, filter)
        .await
        .expect("queue")
}
