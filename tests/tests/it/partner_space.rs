//! The partners' service called directly (no server, no request), on both
//! databases: an organisation sees and opens only what was shared with it,
//! « nouveau » for each adviser until that adviser opens the offer, filters
//! forgive case, and a feedback must hold a comment.

use app::backend::{moderation, partner_space};
use app::error::AppError;
use tests::engines;

use crate::direct::{demo_state, person, waiting_offers};
use crate::http::{FT, ML, STAFF};

#[tokio::test]
async fn partners_see_open_and_answer_only_what_was_shared_with_them() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let staff = person(&state, STAFF).await;
        let ft = person(&state, FT).await;
        let ml = person(&state, ML).await;

        // Staff validate a waiting offer and share it with France Travail.
        let waiting = waiting_offers(&state, &staff).await;
        let offer = waiting.first().expect("a waiting demo offer").clone();
        moderation::approve(&state, &staff, offer.id)
            .await
            .expect("approved");
        let ft_org = ft.partner_org_id.expect("France Travail's organisation");
        moderation::share(&state, &staff, offer.id, ft_org)
            .await
            .expect("shared");

        let lines = partner_space::shared_offers(&state, &ft, None, "")
            .await
            .expect("dashboard");
        let line = lines
            .iter()
            .find(|l| l.offer.id == offer.id)
            .expect("the offer shared with France Travail");
        assert!(line.is_new, "{engine:?}: new until this adviser opens it");
        let again = partner_space::shared_offers(&state, &ft, None, "")
            .await
            .expect("dashboard");
        assert!(
            again.iter().any(|l| l.offer.id == offer.id && l.is_new),
            "{engine:?}: still new after a mere reload or a filter"
        );

        // Words forgive case; another contract filters it out.
        let word = offer.company_name.to_uppercase();
        let found = partner_space::shared_offers(&state, &ft, None, &word)
            .await
            .expect("search");
        assert!(found.iter().any(|l| l.offer.id == offer.id), "{word}");
        let other = if offer.contract.code() == "cdi" {
            "cdd"
        } else {
            "cdi"
        };
        let filtered = partner_space::shared_offers(&state, &ft, Some(other), "")
            .await
            .expect("filter");
        assert!(filtered.iter().all(|l| l.offer.id != offer.id));

        // The Mission locale neither lists nor opens it; staff are not partners.
        let ml_lines = partner_space::shared_offers(&state, &ml, None, "")
            .await
            .expect("dashboard");
        assert!(ml_lines.iter().all(|l| l.offer.id != offer.id));
        assert!(matches!(
            partner_space::open_offer(&state, &ml, offer.id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            partner_space::shared_offers(&state, &staff, None, "").await,
            Err(AppError::Forbidden)
        ));

        // Opening it is recorded in the ledger staff read.
        partner_space::open_offer(&state, &ft, offer.id)
            .await
            .expect("opened");
        let view = moderation::offer_view(&state, &staff, offer.id)
            .await
            .expect("staff view");
        let share = view
            .shares
            .iter()
            .find(|s| s.org_id == ft_org)
            .expect("the share");
        assert!(
            share.first_opened_on.is_some(),
            "{engine:?}: opening recorded"
        );

        let after = partner_space::shared_offers(&state, &ft, None, "")
            .await
            .expect("dashboard");
        assert!(
            after.iter().all(|l| l.offer.id != offer.id || !l.is_new),
            "{engine:?}: no longer new once opened"
        );

        // Feedback: bad input keeps what was typed and saves nothing.
        let long = "x".repeat(2001);
        let bad = partner_space::give_feedback(&state, &ft, offer.id, &long).await;
        let Err(AppError::Invalid(errors)) = bad else {
            panic!("{engine:?}: refused: {bad:?}");
        };
        assert!(errors.fields.contains_key("comment"));
        assert_eq!(errors.values.get("comment"), Some(&long));
        assert!(matches!(
            partner_space::give_feedback(&state, &ft, offer.id, "  ").await,
            Err(AppError::Invalid(_))
        ));
        partner_space::give_feedback(&state, &ft, offer.id, "Trois profils en vue")
            .await
            .expect("feedback");
        let view = partner_space::open_offer(&state, &ft, offer.id)
            .await
            .expect("view");
        assert_eq!(view.feedback.len(), 1);
        assert_eq!(view.feedback[0].comment, "Trois profils en vue");
        // Not on an offer that was not shared with the organisation.
        assert!(matches!(
            partner_space::give_feedback(&state, &ml, offer.id, "Un mot").await,
            Err(AppError::Forbidden)
        ));
    }
}
