//! The end of an offer's life and its public side, on both databases:
//! reminders before expiry (once each, even run twice), expiry, e-mailed
//! links (unforgeable, single use, expiring), and the public search.

use app::backend::db::{now, Pool};
use app::backend::mail::expiry;
use app::backend::repo::offer_links::{self, LinkState};
use app::backend::repo::offers::{self, Actor, Owner};
use app::backend::repo::{offer_expiry, public_offers};
use app::model::{ContractType, OfferClosing, OfferStatus, PublicQuery};
use tests::{engines, fresh_pool};

use crate::repo::{offer, submitted_offer, world, World};

async fn publish(pool: &Pool, w: &World, id: i64, days: i64) {
    let mut tx = pool.begin().await.expect("begin");
    offers::transition_in(
        &mut tx,
        id,
        OfferStatus::Published,
        Actor::Person(w.staff),
        None,
    )
    .await
    .expect("db")
    .expect("published");
    offer_expiry::publish_until(&mut tx, id, days)
        .await
        .expect("expiry");
    tx.commit().await.expect("commit");
}

async fn outbox_count(pool: &Pool) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox")
        .fetch_one(pool)
        .await
        .expect("count");
    n
}

async fn expires_at(pool: &Pool, id: i64) -> i64 {
    let (at,): (i64,) = sqlx::query_as("SELECT expires_at FROM offers WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .expect("expires_at");
    at
}

#[tokio::test]
async fn reminders_go_once_then_the_offer_expires() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let id = submitted_offer(&pool, &w).await;
        publish(&pool, &w, id, 30).await;
        let end = expires_at(&pool, id).await;
        assert!(end > now() + 29 * 86_400, "{engine:?}");

        // Nothing due 10 days before.
        assert_eq!(
            expiry::run(&pool, end - 10 * 86_400, "http://x")
                .await
                .expect("run"),
            (0, 0)
        );
        // 6 days before: the 7-day reminder, once even if run twice.
        assert_eq!(
            expiry::run(&pool, end - 6 * 86_400, "http://x")
                .await
                .expect("run"),
            (1, 0)
        );
        assert_eq!(
            expiry::run(&pool, end - 6 * 86_400, "http://x")
                .await
                .expect("run"),
            (0, 0)
        );
        let (body,): (String,) = sqlx::query_as("SELECT body FROM outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .expect("mail");
        assert!(body.contains("http://x/offre/lien/"), "{body}");
        // 12 hours before: the 1-day reminder.
        assert_eq!(
            expiry::run(&pool, end - 43_200, "http://x")
                .await
                .expect("run"),
            (1, 0)
        );
        assert_eq!(outbox_count(&pool).await, 2, "{engine:?}");
        // Past the date: expired, by the server, recorded in the history.
        assert_eq!(
            expiry::run(&pool, end + 1, "http://x").await.expect("run"),
            (0, 1)
        );
        let mine = offers::for_company(&pool, w.company).await.expect("mine");
        assert_eq!(mine[0].status, OfferStatus::Expired);
        let history = offers::history(&pool, id).await.expect("history");
        let last = history.last().expect("line");
        assert_eq!(last.to_status, OfferStatus::Expired);
        assert!(last.actor.contains("automatique"), "{}", last.actor);

        // Extending an expired offer publishes it again, from now.
        let mut tx = pool.begin().await.expect("begin");
        let until = offer_expiry::extend(&mut tx, id, Actor::Person(w.company_user), 30, "test")
            .await
            .expect("db")
            .expect("extended");
        tx.commit().await.expect("commit");
        assert!(!until.is_empty());
        assert!(expires_at(&pool, id).await > now() + 29 * 86_400);
        let mine = offers::for_company(&pool, w.company).await.expect("mine");
        assert_eq!(mine[0].status, OfferStatus::Published, "{engine:?}");
        // The reminders start again for the new date.
        let end = expires_at(&pool, id).await;
        assert_eq!(
            expiry::run(&pool, end - 6 * 86_400, "http://x")
                .await
                .expect("run"),
            (1, 0)
        );

        // Closing as filled records the hires.
        let mut tx = pool.begin().await.expect("begin");
        offer_expiry::close(
            &mut tx,
            id,
            Actor::Person(w.company_user),
            &OfferClosing::Filled {
                hires: 2,
                via_platform: true,
            },
            "test",
        )
        .await
        .expect("db")
        .expect("closed");
        tx.commit().await.expect("commit");
        let (_, detail) = offers::detail(&pool, id).await.expect("db").expect("offer");
        assert_eq!(detail.summary.status, OfferStatus::Filled);
        assert_eq!(
            (detail.hires, detail.filled_via_platform),
            (Some(2), Some(true))
        );
        // A filled offer cannot be extended.
        let mut tx = pool.begin().await.expect("begin");
        let refused = offer_expiry::extend(&mut tx, id, Actor::Person(w.company_user), 30, "t")
            .await
            .expect("db");
        assert!(refused.is_err(), "{engine:?}");
    }
}

#[tokio::test]
async fn links_cannot_be_forged_reused_or_used_late() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let id = submitted_offer(&pool, &w).await;
        let mut tx = pool.begin().await.expect("begin");
        let token = offer_links::create(&mut tx, id).await.expect("link");
        let late = offer_links::create(&mut tx, id).await.expect("link");
        tx.commit().await.expect("commit");

        assert_eq!(
            offer_links::state(&pool, &token).await.expect("db"),
            LinkState::Valid(id)
        );
        // One character changed: the link no longer opens anything.
        let last = if token.ends_with('0') { '1' } else { '0' };
        let forged = format!("{}{last}", &token[..token.len() - 1]);
        assert_eq!(
            offer_links::state(&pool, &forged).await.expect("db"),
            LinkState::Unknown
        );
        let mut tx = pool.begin().await.expect("begin");
        assert_eq!(
            offer_links::consume(&mut tx, &forged).await.expect("db"),
            None
        );
        assert_eq!(
            offer_links::consume(&mut tx, &token).await.expect("db"),
            Some(id)
        );
        assert_eq!(
            offer_links::consume(&mut tx, &token).await.expect("db"),
            None,
            "single use"
        );
        tx.commit().await.expect("commit");
        assert_eq!(
            offer_links::state(&pool, &token).await.expect("db"),
            LinkState::Used
        );

        sqlx::query("UPDATE offer_links SET expires_at = $1 WHERE token_hash = $2")
            .bind(now() - 1)
            .bind(app::backend::token::hash(&late))
            .execute(&pool)
            .await
            .expect("age the link");
        assert_eq!(
            offer_links::state(&pool, &late).await.expect("db"),
            LinkState::Expired
        );
        let mut tx = pool.begin().await.expect("begin");
        assert_eq!(
            offer_links::consume(&mut tx, &late).await.expect("db"),
            None,
            "{engine:?}"
        );
    }
}

async fn create_offer(
    pool: &Pool,
    w: &World,
    title: &str,
    public: bool,
    contract: ContractType,
) -> i64 {
    let mut o = offer();
    o.title = title.into();
    o.contract = contract;
    o.terms.publish_publicly = public;
    let mut tx = pool.begin().await.expect("begin");
    let owner = Owner {
        platform_id: w.platform,
        company_id: w.company,
    };
    let id = offers::create(&mut tx, owner, w.company_user, &o, "62119")
        .await
        .expect("create");
    tx.commit().await.expect("commit");
    id
}

fn query(q: &str) -> PublicQuery {
    PublicQuery {
        q: q.into(),
        ..PublicQuery::default()
    }
}

#[tokio::test]
async fn public_search_shows_only_published_offers_the_company_agreed_to_publish() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let public = create_offer(&pool, &w, "Soudeur TIG confirmé", true, ContractType::Cdi).await;
        let private = create_offer(&pool, &w, "Soudeur MIG", false, ContractType::Cdi).await;
        let waiting =
            create_offer(&pool, &w, "Soudeuse débutante", true, ContractType::Interim).await;
        publish(&pool, &w, public, 60).await;
        publish(&pool, &w, private, 60).await;
        let _ = waiting;

        let ids =
            |r: app::model::PublicOffers| r.offers.iter().map(|l| l.offer.id).collect::<Vec<_>>();
        // Prefixes, accents and case do not matter.
        let found = public_offers::search(&pool, &query("SOUD"))
            .await
            .expect("search");
        assert_eq!(ids(found.clone()), vec![public], "{engine:?}");
        assert_eq!(found.total, 1);
        assert_eq!(
            ids(public_offers::search(&pool, &query("confirme tig"))
                .await
                .expect("s")),
            vec![public]
        );
        assert!(ids(public_offers::search(&pool, &query("tig plombier"))
            .await
            .expect("s"))
        .is_empty());
        // Filters: job, commune, contract.
        let by_job = PublicQuery {
            rome: "Soudeur / Soudeuse (H2913)".into(),
            ..PublicQuery::default()
        };
        assert_eq!(
            ids(public_offers::search(&pool, &by_job).await.expect("s")),
            vec![public]
        );
        let elsewhere = PublicQuery {
            commune: "Lens".into(),
            ..PublicQuery::default()
        };
        assert!(ids(public_offers::search(&pool, &elsewhere).await.expect("s")).is_empty());
        let here = PublicQuery {
            commune: "Béthune (62400)".into(),
            ..PublicQuery::default()
        };
        assert_eq!(
            ids(public_offers::search(&pool, &here).await.expect("s")),
            vec![public]
        );
        // Forgiving: the job's titles (« soudeuse »), the job field in
        // words, a commune's first letters in any case.
        assert_eq!(
            ids(public_offers::search(&pool, &query("soudeuse"))
                .await
                .expect("s")),
            vec![public],
            "{engine:?}: a title of the job"
        );
        for (rome, commune) in [
            ("soudeur", ""),
            ("", "BÉTH"),
            ("", "bethune"),
            ("soud", "Béthune"),
        ] {
            let forgiving = PublicQuery {
                rome: rome.into(),
                commune: commune.into(),
                ..PublicQuery::default()
            };
            assert_eq!(
                ids(public_offers::search(&pool, &forgiving).await.expect("s")),
                vec![public],
                "{engine:?}: {rome} {commune}"
            );
        }
        // No offer for the job exactly: its neighbours (same ROME family),
        // and the page says so; from the job field or from the words.
        assert!(
            !public_offers::search(&pool, &query("soudeur"))
                .await
                .expect("s")
                .related
        );
        let neighbour = PublicQuery {
            rome: "chaudronnier".into(),
            ..PublicQuery::default()
        };
        for q in [neighbour, query("chaudronnier")] {
            let found = public_offers::search(&pool, &q).await.expect("s");
            assert!(found.related, "{engine:?}: {q:?}");
            assert_eq!(ids(found), vec![public], "{engine:?}: {q:?}");
        }
        // A commune's whole intercommunality (Beuvry and Béthune share one).
        let beuvry = |epci: &str| PublicQuery {
            commune: "Beuvry".into(),
            epci: epci.into(),
            ..PublicQuery::default()
        };
        assert!(ids(public_offers::search(&pool, &beuvry("")).await.expect("s")).is_empty());
        assert_eq!(
            ids(public_offers::search(&pool, &beuvry("oui"))
                .await
                .expect("s")),
            vec![public],
            "{engine:?}: the whole intercommunality"
        );
        let nowhere = PublicQuery {
            rome: "astronaute".into(),
            ..PublicQuery::default()
        };
        assert!(ids(public_offers::search(&pool, &nowhere).await.expect("s")).is_empty());
        let cdd = PublicQuery {
            contract: "cdd".into(),
            ..PublicQuery::default()
        };
        assert!(ids(public_offers::search(&pool, &cdd).await.expect("s")).is_empty());
        assert!(public_offers::public_offer(&pool, private)
            .await
            .expect("db")
            .is_none());
        assert!(public_offers::public_offer(&pool, public)
            .await
            .expect("db")
            .is_some());

        // Once cancelled, the offer leaves the public side.
        offers::transition(
            &pool,
            public,
            OfferStatus::Cancelled,
            w.company_user,
            Some("Plus de besoin"),
        )
        .await
        .expect("db")
        .expect("cancelled");
        assert_eq!(
            public_offers::search(&pool, &query("soudeur"))
                .await
                .expect("s")
                .total,
            0
        );
        assert!(
            public_offers::public_offer(&pool, public)
                .await
                .expect("db")
                .is_none(),
            "{engine:?}"
        );
    }
}

#[tokio::test]
async fn cached_searches_follow_every_change_on_every_instance() {
    use crate::direct::{demo_state, person};
    use crate::http::STAFF;
    for engine in engines() {
        let state = demo_state(engine).await;
        // A second instance on the same database, with its own cache.
        let other = app::backend::state::AppState {
            search_cache: std::sync::Arc::default(),
            ..state.clone()
        };
        let pool = &state.pool;
        let q = query("menuisier");
        let before = other.search_cache.search(pool, &q).await.expect("s");
        assert_eq!(
            state.search_cache.search(pool, &q).await.expect("s"),
            before,
            "{engine:?}"
        );
        let (waiting,): (i64,) = sqlx::query_as(
            "SELECT id FROM offers WHERE title = 'Menuisier poseur (H/F)' AND status = 'submitted'",
        )
        .fetch_one(pool)
        .await
        .expect("the demo's waiting offer");
        let staff = person(&state, STAFF).await;
        app::backend::moderation::approve(&state, &staff, waiting)
            .await
            .expect("approved");
        // Both instances see it at once: the change moved the counter.
        for cache in [&state.search_cache, &other.search_cache] {
            let after = cache.search(pool, &q).await.expect("s");
            assert_eq!(after.total, before.total + 1, "{engine:?}");
            assert!(
                after.offers.iter().any(|l| l.offer.id == waiting),
                "{engine:?}: the new offer is listed"
            );
        }
    }
}
