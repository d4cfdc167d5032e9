//! Repository tests, each run on SQLite and on PostgreSQL.

use app::backend::db::Pool;
use app::backend::repo::offers::{self, Owner, TransitionError};
use app::backend::repo::{platforms, reference, sessions, users};
use app::model::validate::CheckedOffer;
use app::model::{ContractType, OfferStatus, OfferTerms, PartnerKind, PublishedElsewhere, Role};
use tests::{engines, fresh_pool};

fn new_company(platform_id: i64, name: &str) -> users::NewCompany<'_> {
    users::NewCompany {
        platform_id,
        siret: "73282932000074",
        name,
        naf_division: Some("16"),
        headcount_band: Some("03"),
        commune_insee: Some("62119"),
    }
}

pub(crate) struct World {
    pub(crate) platform: i64,
    pub(crate) other_platform: i64,
    pub(crate) company: i64,
    pub(crate) company_user: i64,
    pub(crate) staff: i64,
    pub(crate) ft: i64,
    pub(crate) ml: i64,
}

pub(crate) async fn world(pool: &Pool) -> World {
    let mut tx = pool.begin().await.expect("begin");
    let platform = platforms::create(&mut tx, "bb", "Béthune-Bruay", &["200072460"])
        .await
        .expect("platform");
    let other_platform = platforms::create(&mut tx, "ll", "Lens-Liévin", &["246200364"])
        .await
        .expect("platform");
    let ft =
        platforms::create_partner_org(&mut tx, platform, PartnerKind::FranceTravail, "FT Béthune")
            .await
            .expect("org");
    let ml =
        platforms::create_partner_org(&mut tx, platform, PartnerKind::MissionLocale, "ML Artois")
            .await
            .expect("org");
    let company = users::create_company(&mut tx, &new_company(platform, "Menuiserie"))
        .await
        .expect("company");
    let new_user = |email, role, platform_id, company_id| users::NewUser {
        email,
        full_name: "Test",
        password_hash: "x",
        role,
        platform_id,
        company_id,
        partner_org_id: None,
    };
    let company_user = users::create(
        &mut tx,
        &new_user("c@x.fr", Role::Company, None, Some(company)),
    )
    .await
    .expect("user");
    let staff = users::create(
        &mut tx,
        &new_user("s@x.fr", Role::Staff, Some(platform), None),
    )
    .await
    .expect("user");
    tx.commit().await.expect("commit");
    World {
        platform,
        other_platform,
        company,
        company_user,
        staff,
        ft,
        ml,
    }
}

pub(crate) fn offer() -> CheckedOffer {
    CheckedOffer {
        title: "Soudeur".into(),
        contract: ContractType::Cdi,
        positions: 3,
        description: "Soudure TIG sur inox, atelier.".into(),
        published_elsewhere: PublishedElsewhere::Nowhere,
        rome_code: "H2913".into(),
        terms: OfferTerms::default(),
    }
}

pub(crate) async fn submitted_offer(pool: &Pool, w: &World) -> i64 {
    let mut tx = pool.begin().await.expect("begin");
    let owner = Owner {
        platform_id: w.platform,
        company_id: w.company,
    };
    let id = offers::create(&mut tx, owner, w.company_user, &offer(), "62119")
        .await
        .expect("create");
    tx.commit().await.expect("commit");
    id
}

#[tokio::test]
async fn territory_communes_and_resolution() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let communes = reference::platform_communes(&pool, w.platform)
            .await
            .expect("communes");
        assert_eq!(
            communes.len(),
            100,
            "{engine:?}: CA Béthune-Bruay has 100 communes"
        );
        let by_label = reference::resolve_commune(&pool, w.platform, "Béthune (62400)")
            .await
            .expect("q");
        assert_eq!(by_label.map(|c| c.insee).as_deref(), Some("62119"));
        let by_name = reference::resolve_commune(&pool, w.platform, "béthune")
            .await
            .expect("q");
        assert_eq!(by_name.map(|c| c.insee).as_deref(), Some("62119"));
        // Lens is not on this platform's territory.
        assert!(reference::resolve_commune(&pool, w.platform, "Lens")
            .await
            .expect("q")
            .is_none());
        assert!(reference::resolve_commune(&pool, w.other_platform, "Lens")
            .await
            .expect("q")
            .is_some());
        // Loading twice changes nothing.
        reference::load(&pool).await.expect("reload");
    }
}

#[tokio::test]
async fn offer_lifecycle_with_history() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let id = submitted_offer(&pool, &w).await;
        let queue = offers::for_platform(&pool, Some(w.platform), &Default::default())
            .await
            .expect("queue");
        assert_eq!(queue.len(), 1);
        assert_eq!(queue[0].status, OfferStatus::Submitted);
        assert!(queue[0].hidden_market);
        assert_eq!(queue[0].positions, 3);
        assert!(
            offers::for_platform(&pool, Some(w.other_platform), &Default::default())
                .await
                .expect("q")
                .is_empty()
        );
        let filter = |status, commune: &str, days| offers::OfferFilter {
            status,
            commune: Some(commune.to_owned()),
            older_than_days: days,
        };
        let count = |f: offers::OfferFilter| {
            let pool = pool.clone();
            async move {
                offers::for_platform(&pool, Some(w.platform), &f)
                    .await
                    .expect("q")
                    .len()
            }
        };
        assert_eq!(
            count(filter(Some(OfferStatus::Submitted), "béth", None)).await,
            1,
            "{engine:?}"
        );
        assert_eq!(
            count(filter(Some(OfferStatus::Published), "", None)).await,
            0
        );
        assert_eq!(count(filter(None, "bruay", None)).await, 0);
        assert_eq!(count(filter(None, "", Some(2))).await, 0, "submitted today");

        let res = offers::transition(
            &pool,
            id,
            OfferStatus::Rejected,
            w.staff,
            Some("Offre incomplète"),
        )
        .await
        .expect("db");
        assert_eq!(res, Ok(()));
        // A rejected offer cannot be published afterwards.
        let again = offers::transition(&pool, id, OfferStatus::Published, w.staff, None)
            .await
            .expect("db");
        assert_eq!(
            again,
            Err(TransitionError::NotAllowed(OfferStatus::Rejected))
        );
        let mine = offers::for_company(&pool, w.company).await.expect("mine");
        assert_eq!(mine[0].status, OfferStatus::Rejected);
        assert_eq!(mine[0].status_reason.as_deref(), Some("Offre incomplète"));
        let history = offers::history(&pool, id).await.expect("history");
        assert_eq!(history.len(), 2, "{engine:?}");
        assert_eq!(history[1].to_status, OfferStatus::Rejected);
        assert_eq!(history[1].reason.as_deref(), Some("Offre incomplète"));
        assert_eq!(
            offers::transition(&pool, 9999, OfferStatus::Published, w.staff, None)
                .await
                .expect("db"),
            Err(TransitionError::NotFound)
        );
    }
}

#[tokio::test]
async fn likely_duplicates_are_the_same_company_commune_and_contract() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let first = submitted_offer(&pool, &w).await;
        assert!(offers::similar(&pool, first).await.expect("q").is_empty());
        let second = submitted_offer(&pool, &w).await;
        let found = offers::similar(&pool, first).await.expect("q");
        assert_eq!(
            found.iter().map(|o| o.id).collect::<Vec<_>>(),
            [second],
            "{engine:?}"
        );
        // A refused offer is no longer a duplicate.
        offers::transition(
            &pool,
            second,
            OfferStatus::Rejected,
            w.staff,
            Some("Doublon"),
        )
        .await
        .expect("db")
        .expect("ok");
        assert!(offers::similar(&pool, first).await.expect("q").is_empty());
    }
}

#[tokio::test]
async fn sharing_ledger_is_per_organisation() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let id = submitted_offer(&pool, &w).await;
        offers::transition(&pool, id, OfferStatus::Published, w.staff, None)
            .await
            .expect("db")
            .expect("ok");
        assert!(offers::share(&pool, id, w.ft, w.staff)
            .await
            .expect("share"));
        // Sharing twice keeps the first record.
        assert!(!offers::share(&pool, id, w.ft, w.staff)
            .await
            .expect("share"));
        assert_eq!(
            offers::shared_with(&pool, w.ft, None)
                .await
                .expect("ft")
                .len(),
            1
        );
        assert!(offers::shared_with(&pool, w.ml, None)
            .await
            .expect("ml")
            .is_empty());
        assert!(
            offers::open_as_partner(&pool, id, w.ml, None)
                .await
                .expect("ml")
                .is_none(),
            "{engine:?}"
        );
        let ledger = offers::shares(&pool, id).await.expect("ledger");
        assert_eq!(ledger.len(), 1);
        assert!(ledger[0].first_opened_on.is_none());
        let opened = offers::open_as_partner(&pool, id, w.ft, None)
            .await
            .expect("ft");
        assert_eq!(opened.map(|o| o.summary.id), Some(id));
        let ledger = offers::shares(&pool, id).await.expect("ledger");
        assert!(ledger[0].first_opened_on.is_some());
        // A cancelled offer stays readable to the partner, with its status,
        // and waits for the organisation's next digest.
        offers::transition(
            &pool,
            id,
            OfferStatus::Cancelled,
            w.staff,
            Some("Pourvue autrement"),
        )
        .await
        .expect("db")
        .expect("ok");
        let lines = offers::shared_with(&pool, w.ft, None).await.expect("ft");
        assert_eq!(lines.len(), 1, "{engine:?}");
        assert_eq!(lines[0].0.status, OfferStatus::Cancelled);
        let reopened = offers::open_as_partner(&pool, id, w.ft, None)
            .await
            .expect("ft");
        assert_eq!(
            reopened.map(|o| o.summary.status),
            Some(OfferStatus::Cancelled)
        );
        let (pending,): (i64,) = sqlx::query_as(
            "SELECT closure_pending FROM offer_shares WHERE offer_id = $1 AND partner_org_id = $2",
        )
        .bind(id)
        .bind(w.ft)
        .fetch_one(&pool)
        .await
        .expect("share");
        assert_eq!(pending, 1, "{engine:?}");
    }
}

#[tokio::test]
async fn sessions_expire_and_end() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let token = sessions::create(&pool, w.staff, 3600)
            .await
            .expect("session");
        let user = sessions::user_for_token(&pool, &token)
            .await
            .expect("q")
            .expect("live");
        assert_eq!(user.role, Role::Staff);
        assert_eq!(user.platform_id, Some(w.platform));
        assert_eq!(user.platform_name.as_deref(), Some("Béthune-Bruay"));
        assert!(sessions::user_for_token(&pool, "forged")
            .await
            .expect("q")
            .is_none());
        sessions::delete(&pool, &token).await.expect("delete");
        assert!(sessions::user_for_token(&pool, &token)
            .await
            .expect("q")
            .is_none());
        let expired = sessions::create(&pool, w.staff, -1).await.expect("session");
        assert!(
            sessions::user_for_token(&pool, &expired)
                .await
                .expect("q")
                .is_none(),
            "{engine:?}"
        );
    }
}

#[tokio::test]
async fn unique_email_and_siret() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        assert!(users::email_taken(&pool, "c@x.fr").await.expect("q"));
        assert!(users::siret_taken(&pool, w.platform, "73282932000074")
            .await
            .expect("q"));
        assert!(
            !users::siret_taken(&pool, w.other_platform, "73282932000074")
                .await
                .expect("q")
        );
        let mut tx = pool.begin().await.expect("begin");
        let dup = users::create_company(&mut tx, &new_company(w.platform, "Copie")).await;
        match dup {
            Err(sqlx::Error::Database(e)) => assert!(e.is_unique_violation(), "{engine:?}"),
            other => panic!("expected a unique violation, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn outbox_is_transactional_leased_and_retried() {
    use app::backend::mail::outbox::{self, NewMail};
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let mail = |to| NewMail {
            platform_id: None,
            to,
            subject: "Objet",
            body: "Corps",
        };
        let mut tx = pool.begin().await.expect("begin");
        outbox::enqueue(&mut tx, &mail("rolled@back.fr"))
            .await
            .expect("enqueue");
        tx.rollback().await.expect("rollback");
        let mut tx = pool.begin().await.expect("begin");
        outbox::enqueue(&mut tx, &mail("a@x.fr"))
            .await
            .expect("enqueue");
        outbox::enqueue(&mut tx, &mail("b@x.fr"))
            .await
            .expect("enqueue");
        tx.commit().await.expect("commit");

        let claimed = outbox::claim(&pool, 10).await.expect("claim");
        let to: Vec<_> = claimed.iter().map(|m| m.to_address.as_str()).collect();
        assert_eq!(to, ["a@x.fr", "b@x.fr"], "{engine:?}: only committed mail");
        // Leased: a second worker gets nothing.
        assert!(outbox::claim(&pool, 10).await.expect("claim").is_empty());
        outbox::mark_done(&pool, claimed[0].id, "sent")
            .await
            .expect("done");
        outbox::mark_failed(&pool, claimed[1].id, claimed[1].attempts, "refused")
            .await
            .expect("failed");
        // The failed one waits for its back-off.
        assert!(outbox::claim(&pool, 10).await.expect("claim").is_empty());
        let log = outbox::log(&pool, None, 10).await.expect("log");
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].status, "pending");
        assert_eq!(log[0].attempts, 1);
        assert_eq!(log[1].status, "sent");
        // After the last attempt it is given up.
        outbox::mark_failed(&pool, claimed[1].id, outbox::MAX_ATTEMPTS - 1, "refused")
            .await
            .expect("failed");
        assert_eq!(
            outbox::log(&pool, None, 10).await.expect("log")[0].status,
            "failed"
        );
    }
}

#[tokio::test]
async fn first_admin_by_command_and_weak_passwords_refused() {
    use app::backend::accounts::create_admin;
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        assert!(!users::admin_exists(&pool).await.expect("q"));
        let weak = create_admin(&pool, "admin@region.fr", "Admin", "court").await;
        assert!(weak.is_err_and(|e| e.to_string().contains("12 caractères")));
        let bad_email =
            create_admin(&pool, "pas-une-adresse", "Admin", "une phrase de passe").await;
        assert!(bad_email.is_err());
        create_admin(
            &pool,
            "Admin@Region.fr",
            "Admin Région",
            "une phrase de passe",
        )
        .await
        .expect("admin");
        assert!(users::admin_exists(&pool).await.expect("q"), "{engine:?}");
        let again = create_admin(&pool, "admin@region.fr", "Admin", "une phrase de passe").await;
        assert!(again.is_err(), "the e-mail is taken");
        let (id, hash) = users::credentials(&pool, "admin@region.fr")
            .await
            .expect("q")
            .expect("stored lower-case");
        assert!(hash.starts_with("$argon2id$"));
        let admin = users::current_user(&pool, id)
            .await
            .expect("q")
            .expect("user");
        assert_eq!(admin.role, Role::Admin);
        assert_eq!(admin.platform_id, None);
    }
}

#[tokio::test]
async fn a_failed_migration_stops_with_a_clear_message() {
    let url = tests::fresh_database_url(tests::Engine::Sqlite)
        .await
        .expect("url");
    // A table already there makes the first migration fail.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("raw pool");
    sqlx::query("CREATE TABLE epcis (code TEXT)")
        .execute(&pool)
        .await
        .expect("create");
    pool.close().await;
    let err = app::backend::db::connect(&url)
        .await
        .expect_err("migration must fail");
    assert!(
        format!("{err:#}").contains("database migration failed"),
        "{err:#}"
    );
}

#[tokio::test]
async fn deployment_set_up_by_the_operator() {
    use app::backend::accounts::{create_account, create_partner_org, create_platform, Membership};
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        assert!(create_platform(&pool, "Mauvais Slug", "X", &["200072460"])
            .await
            .is_err());
        assert!(
            create_platform(&pool, "artois", "Artois", &["999999999"])
                .await
                .is_err(),
            "unknown EPCI"
        );
        let id = create_platform(&pool, "artois", "Proch'Emploi Artois", &["200072460"])
            .await
            .expect("platform");
        assert_eq!(
            reference::platform_communes(&pool, id)
                .await
                .expect("q")
                .len(),
            100
        );
        assert!(
            create_partner_org(&pool, "artois", "banque", "X")
                .await
                .is_err(),
            "unknown kind"
        );
        assert!(
            create_partner_org(&pool, "nulle-part", "france_travail", "X")
                .await
                .is_err()
        );
        let org = create_partner_org(&pool, "artois", "france_travail", "France Travail Artois")
            .await
            .expect("org");
        let pw = "une phrase de passe";
        let staff = create_account(
            &pool,
            Membership::Staff {
                platform_slug: "artois",
            },
            "s@artois.fr",
            "Sam Staff",
            pw,
        )
        .await
        .expect("staff");
        let staff = users::current_user(&pool, staff)
            .await
            .expect("q")
            .expect("user");
        assert_eq!(
            (staff.role, staff.platform_id),
            (Role::Staff, Some(id)),
            "{engine:?}"
        );
        let partner = create_account(
            &pool,
            Membership::Partner { org_id: org },
            "p@ft.fr",
            "Pat Partner",
            pw,
        )
        .await
        .expect("partner");
        let partner = users::current_user(&pool, partner)
            .await
            .expect("q")
            .expect("user");
        assert_eq!(partner.partner_org_id, Some(org));
        assert_eq!(
            partner.platform_id,
            Some(id),
            "a partner belongs to its organisation's platform"
        );
        assert!(create_account(
            &pool,
            Membership::Partner { org_id: 999 },
            "q@ft.fr",
            "Q",
            pw
        )
        .await
        .is_err());
        assert!(create_account(
            &pool,
            Membership::Staff {
                platform_slug: "nulle-part"
            },
            "t@x.fr",
            "Tom",
            pw
        )
        .await
        .is_err());
    }
}

#[tokio::test]
async fn partners_get_one_digest_a_day() {
    use app::backend::mail::{digest, outbox};
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let mut tx = pool.begin().await.expect("begin");
        let ft_user = |email| users::NewUser {
            email,
            full_name: "Conseiller",
            password_hash: "x",
            role: Role::Partner,
            platform_id: None,
            company_id: None,
            partner_org_id: Some(w.ft),
        };
        users::create(&mut tx, &ft_user("a@ft.fr"))
            .await
            .expect("user");
        users::create(&mut tx, &ft_user("b@ft.fr"))
            .await
            .expect("user");
        tx.commit().await.expect("commit");
        let first = submitted_offer(&pool, &w).await;
        let second = submitted_offer(&pool, &w).await;
        for id in [first, second] {
            offers::transition(&pool, id, OfferStatus::Published, w.staff, None)
                .await
                .expect("db")
                .expect("ok");
            offers::share(&pool, id, w.ft, w.staff)
                .await
                .expect("share");
        }
        // One e-mail per France Travail user, listing both offers.
        assert_eq!(
            digest::run(&pool, "2026-11-30", "http://portail")
                .await
                .expect("digest"),
            2,
            "{engine:?}"
        );
        let mails = outbox::log(&pool, None, 10).await.expect("log");
        assert_eq!(mails.len(), 2);
        assert_eq!(
            mails[0].subject,
            "2 nouvelles offres partagées avec votre structure"
        );
        assert!(mails[0]
            .body
            .contains(&format!("http://portail/partenaire/offres/{first}")));
        assert!(mails[0]
            .body
            .contains(&format!("http://portail/partenaire/offres/{second}")));
        // Nothing twice the same day, nothing when nothing is new.
        assert_eq!(
            digest::run(&pool, "2026-11-30", "http://portail")
                .await
                .expect("digest"),
            0
        );
        assert_eq!(
            digest::run(&pool, "2026-12-01", "http://portail")
                .await
                .expect("digest"),
            0
        );
        // A day without news sends nothing; the next share goes out that
        // day, and a later one waits for the next day.
        for (day, expected) in [("2026-12-01", 2), ("2026-12-01", 0), ("2026-12-02", 2)] {
            let id = submitted_offer(&pool, &w).await;
            offers::transition(&pool, id, OfferStatus::Published, w.staff, None)
                .await
                .expect("db")
                .expect("ok");
            offers::share(&pool, id, w.ft, w.staff)
                .await
                .expect("share");
            let queued = digest::run(&pool, day, "http://portail")
                .await
                .expect("digest");
            assert_eq!(
                queued, expected,
                "{engine:?} {day}: one digest a day at most"
            );
        }
        // The last digest carries the offer held back the day before too.
        let mails = outbox::log(&pool, None, 10).await.expect("log");
        assert_eq!(
            mails[0].subject,
            "2 nouvelles offres partagées avec votre structure"
        );
    }
}
