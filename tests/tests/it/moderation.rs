//! The moderation service called directly (no server, no request), on both
//! databases: who may moderate, which transitions are allowed, what the
//! company is told, and what may be shared with whom.

use app::backend::moderation::{self, QueueFilter};
use app::backend::state::AppState;
use app::error::AppError;
use app::model::OfferStatus;
use tests::engines;

use crate::direct::{demo_state, person, waiting_offers};
use crate::http::{COMPANY, LENS_STAFF, STAFF};

async fn status(state: &AppState, id: i64) -> String {
    let (status,): (String,) = sqlx::query_as("SELECT status FROM offers WHERE id = $1")
        .bind(id)
        .fetch_one(&state.pool)
        .await
        .expect("offer");
    status
}

#[tokio::test]
async fn moderation_rules_without_a_server() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let staff = person(&state, STAFF).await;
        let lens = person(&state, LENS_STAFF).await;
        let company = person(&state, COMPANY).await;

        let waiting = waiting_offers(&state, &staff).await;
        let offer = waiting.first().expect("a demo offer waits").id;
        // The queue: the longest waiting first, each with its age and its
        // likely duplicates.
        assert!(
            waiting.windows(2).all(|w| w[0].id < w[1].id),
            "{engine:?}: oldest first"
        );
        for o in &waiting {
            assert!(o.waiting_days.is_some_and(|d| d >= 0), "{engine:?}");
            let similar = app::backend::repo::offers::similar(&state.pool, o.id)
                .await
                .expect("similar");
            assert_eq!(o.duplicates, similar.len(), "{engine:?}");
        }
        assert!(waiting.iter().all(|o| o.status == OfferStatus::Submitted));
        assert!(
            moderation::queue(&state, &company, QueueFilter::default())
                .await
                .is_err_and(|e| matches!(e, AppError::Forbidden)),
            "{engine:?}: companies do not moderate"
        );

        // Another platform's staff may neither read nor decide.
        assert!(matches!(
            moderation::offer_view(&state, &lens, offer).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            moderation::approve(&state, &lens, offer).await,
            Err(AppError::Forbidden)
        ));

        // A refusal needs a reason the company can read; nothing changes
        // without it.
        let short = moderation::reject(&state, &staff, offer, " non ", true).await;
        let Err(AppError::Invalid(errors)) = short else {
            panic!("{engine:?}: a two-letter reason is refused: {short:?}");
        };
        assert!(errors.fields.contains_key("reason"));
        assert_eq!(status(&state, offer).await, "submitted");
        // Unconfirmed, a good reason is kept and the confirmation asked.
        let unconfirmed =
            moderation::reject(&state, &staff, offer, "Poste hors territoire", false).await;
        let Err(AppError::Invalid(errors)) = unconfirmed else {
            panic!("{engine:?}: the refusal is confirmed first: {unconfirmed:?}");
        };
        assert!(errors.fields.contains_key("confirm"));
        assert_eq!(
            errors.values.get("reason").map(String::as_str),
            Some("Poste hors territoire")
        );
        assert_eq!(status(&state, offer).await, "submitted");

        // Sharing waits for the validation.
        assert!(matches!(
            moderation::share_with_suggested(&state, &staff, offer).await,
            Err(AppError::Refused(_))
        ));

        let before: (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM outbox")
            .fetch_one(&state.pool)
            .await
            .expect("outbox");
        moderation::approve(&state, &staff, offer)
            .await
            .expect("approved");
        assert_eq!(status(&state, offer).await, "published");
        let (expires,): (Option<i64>,) =
            sqlx::query_as("SELECT expires_at FROM offers WHERE id = $1")
                .bind(offer)
                .fetch_one(&state.pool)
                .await
                .expect("offer");
        assert!(expires.is_some_and(|at| at > app::backend::db::now()));
        let (after, subject): (i64, String) = sqlx::query_as(
            "SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM outbox), \
             (SELECT subject FROM outbox ORDER BY id DESC LIMIT 1)",
        )
        .fetch_one(&state.pool)
        .await
        .expect("outbox");
        assert_eq!(after, before.0 + 1, "{engine:?}: the company is told once");
        assert!(
            subject.contains("validée") || subject.contains("en ligne"),
            "{subject}"
        );

        // Twice is refused, in French, and changes nothing.
        let again = moderation::approve(&state, &staff, offer).await;
        assert!(
            matches!(&again, Err(AppError::Refused(m)) if m.contains("ne peut pas passer")),
            "{again:?}"
        );

        // Shared with the suggested partners; never with another platform's.
        let view = moderation::offer_view(&state, &staff, offer)
            .await
            .expect("view");
        let suggested = view
            .shareable
            .iter()
            .filter(|c| c.suggested_because.is_some())
            .count();
        let shared = moderation::share_with_suggested(&state, &staff, offer)
            .await
            .expect("shared");
        assert_eq!(shared, suggested);
        let view = moderation::offer_view(&state, &staff, offer)
            .await
            .expect("view");
        assert_eq!(view.shares.len(), suggested);
        let (elsewhere,): (i64,) = sqlx::query_as(
            "SELECT o.id FROM partner_orgs o WHERE o.platform_id <> \
             (SELECT platform_id FROM offers WHERE id = $1) ORDER BY o.id LIMIT 1",
        )
        .bind(offer)
        .fetch_one(&state.pool)
        .await
        .expect("another platform's partner");
        assert!(matches!(
            moderation::share(&state, &staff, offer, elsewhere).await,
            Err(AppError::Refused(_))
        ));
    }
}
