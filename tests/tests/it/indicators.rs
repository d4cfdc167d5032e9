//! The Annexe B indicators computed from a known set of records, on both
//! databases, with the edge cases: a company first contacted the year
//! before, an offer shared twice with France Travail, a refused offer, a
//! cancelled registration, a cancelled event, a CFM whose role ended.

use app::backend::clock;
use app::backend::db::{now, Pool};
use app::backend::indicators::{self, Scope};
use app::backend::repo::{activity, users};
use app::model::activity::{
    CheckedContact, CheckedIntervention, CheckedTradeLeader, ContactChannel, InterventionKind,
};
use app::model::indicators::Dashboard;
use tests::{engines, fresh_pool};

use crate::repo::{submitted_offer, world, World};

fn noon(day: &str) -> i64 {
    clock::from_paris(day, "12:00").expect("date")
}

async fn company(pool: &Pool, platform: i64, name: &str, siret: &str, band: Option<&str>) -> i64 {
    let mut tx = pool.begin().await.expect("begin");
    let id = users::create_company(
        &mut tx,
        &users::NewCompany {
            platform_id: platform,
            siret,
            name,
            naf_division: Some("25"),
            headcount_band: band,
            commune_insee: Some("62119"),
        },
    )
    .await
    .expect("company");
    tx.commit().await.expect("commit");
    id
}

async fn contact(
    pool: &Pool,
    platform: i64,
    company_id: i64,
    channel: ContactChannel,
    day: &str,
    staff: i64,
) {
    let c = CheckedContact {
        company_id,
        channel,
        date: day.into(),
        subject: "Point sur les besoins".into(),
        follow_up: None,
    };
    assert!(activity::add_contact(pool, platform, &c, staff)
        .await
        .expect("db"));
}

/// An offer of a company, created on a day, with a status and a place of
/// publication.
async fn offer(
    pool: &Pool,
    w: &World,
    company_id: i64,
    positions: i64,
    elsewhere: &str,
    day: &str,
    status: &str,
) -> i64 {
    let id = submitted_offer(pool, w).await;
    sqlx::query("UPDATE offers SET company_id = $1, positions = $2, published_elsewhere = $3, created_at = $4, status = $5 WHERE id = $6")
        .bind(company_id)
        .bind(positions)
        .bind(elsewhere)
        .bind(noon(day))
        .bind(status)
        .bind(id)
        .execute(pool)
        .await
        .expect("offer");
    id
}

async fn run(pool: &Pool, sql: &str, values: &[i64], texts: &[&str]) {
    let mut q = sqlx::query(sql);
    for v in values {
        q = q.bind(*v);
    }
    for t in texts {
        q = q.bind(*t);
    }
    q.execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn one(pool: &Pool, sql: &str, values: &[i64], texts: &[&str]) -> i64 {
    let mut q = sqlx::query_as::<_, (i64,)>(sql);
    for v in values {
        q = q.bind(*v);
    }
    for t in texts {
        q = q.bind(*t);
    }
    q.fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .0
}

async fn event(pool: &Pool, w: &World, kind: &str, day: &str, status: &str) -> i64 {
    one(
        pool,
        "INSERT INTO events (platform_id, kind, title, description, starts_at, ends_at, commune_insee, address, capacity, \
         registration_deadline, status, created_by, created_at, updated_at) \
         VALUES ($1, $6, $7, '', $2, $3, '62119', 'Salle', 20, $2, $8, $4, $5, $5) RETURNING id",
        &[w.platform, noon(day), noon(day) + 3600, w.staff, now()],
        &[kind, &format!("{kind} du {day}"), status],
    )
    .await
}

async fn registration(
    pool: &Pool,
    event_id: i64,
    n: i64,
    status: &str,
    attendance: &str,
    priorities: &str,
) -> i64 {
    one(
        pool,
        "INSERT INTO registrations (event_id, full_name, email, situation, referrer, priorities, status, token_hash, created_at, attendance) \
         VALUES ($1, 'Personne', $3, 'demandeur', 'autre', $4, $5, $6, $2, $7) RETURNING id",
        &[event_id, now()],
        &[&format!("p{event_id}-{n}@x.fr"), priorities, status, &format!("h{event_id}-{n}"), attendance],
    )
    .await
}

async fn build(pool: &Pool) -> (World, i64) {
    let w = world(pool).await;
    let (p, staff) = (w.platform, w.staff);
    let a = w.company;
    let b = company(pool, p, "Chaudronnerie B", "55210055400013", Some("21")).await;
    let c = company(pool, p, "Atelier C", "44306184100047", None).await;
    let d = company(
        pool,
        w.other_platform,
        "Lens D",
        "38347481400100",
        Some("03"),
    )
    .await;

    // Axis 1: contacts.
    use ContactChannel::{Email, Phone, Visit};
    contact(pool, p, a, Visit, "2025-11-10", staff).await;
    contact(pool, p, a, Phone, "2026-02-03", staff).await;
    contact(pool, p, a, Visit, "2026-03-05", staff).await;
    contact(pool, p, a, Visit, "2026-03-20", staff).await;
    contact(pool, p, b, Email, "2026-01-15", staff).await;
    contact(pool, p, b, Visit, "2026-04-02", staff).await;
    contact(pool, p, c, Phone, "2026-05-05", staff).await;
    contact(pool, w.other_platform, d, Visit, "2026-02-01", staff).await;
    for (kind, day) in [
        (InterventionKind::Club, "2026-06-10"),
        (InterventionKind::EconomicActor, "2026-06-11"),
        (InterventionKind::Club, "2025-12-01"),
    ] {
        let i = CheckedIntervention {
            kind,
            counterpart: "Club des entrepreneurs".into(),
            date: day.into(),
            subject: "Présentation".into(),
        };
        activity::add_intervention(pool, p, &i, staff)
            .await
            .expect("intervention");
    }

    // Axis 2: offers.
    let o1 = offer(pool, &w, a, 3, "nowhere", "2026-02-10", "published").await;
    let _o2 = offer(pool, &w, b, 2, "france_travail", "2026-03-01", "submitted").await;
    let _o3 = offer(pool, &w, a, 5, "nowhere", "2025-12-01", "published").await;
    let _o4 = offer(pool, &w, c, 4, "other_board", "2026-04-01", "rejected").await;
    let _o5 = offer(pool, &w, c, 1, "nowhere", "2026-07-01", "cancelled").await;
    let ft2 = one(
        pool,
        "INSERT INTO partner_orgs (platform_id, kind, name, created_at) VALUES ($1, 'france_travail', 'FT Bruay', $2) RETURNING id",
        &[p, now()],
        &[],
    )
    .await;
    for org in [w.ft, ft2, w.ml] {
        run(pool, "INSERT INTO offer_shares (offer_id, partner_org_id, shared_at, shared_by) VALUES ($1, $2, $3, $4)", &[o1, org, now(), staff], &[]).await;
    }

    // Support requests: employer brand for B (two actions this year, one
    // last year), HR for A.
    let support = "INSERT INTO support_requests (platform_id, company_id, kind, description, contact_preference, status, created_by, created_at, updated_at) \
                   VALUES ($1, $2, $5, 'Besoin', 'telephone', 'actions', $3, $4, $4) RETURNING id";
    let brand = one(
        pool,
        support,
        &[p, b, staff, noon("2026-01-20")],
        &["marque_employeur"],
    )
    .await;
    one(pool, support, &[p, a, staff, noon("2026-05-01")], &["rh"]).await;
    for day in ["2026-02-01", "2026-02-15", "2025-12-20"] {
        run(pool, "INSERT INTO support_actions (request_id, kind, done_on, author_id, created_at) VALUES ($1, 'atelier', $4, $2, $3)", &[brand, staff, now()], &[day]).await;
    }

    // Applications on O1: two received this year, one the year before but
    // proposed this year; one proposed twice.
    let app =
        "INSERT INTO applications (offer_id, platform_id, full_name, email, status, created_at, updated_at) \
               VALUES ($1, (SELECT platform_id FROM offers WHERE id = $1), 'Candidat', 'c@x.fr', 'received', $2, $2) \
               RETURNING id";
    let hist = "INSERT INTO application_history (application_id, at, actor_id, status) VALUES ($1, $2, $3, $4)";
    let app1 = one(pool, app, &[o1, noon("2026-03-01")], &[]).await;
    let app2 = one(pool, app, &[o1, noon("2026-03-03")], &[]).await;
    let app3 = one(pool, app, &[o1, noon("2025-12-30")], &[]).await;
    for (id, day, status) in [
        (app1, "2026-03-02", "proposed"),
        (app1, "2026-03-05", "interview"),
        (app1, "2026-03-10", "hired"),
        (app2, "2026-03-04", "proposed"),
        (app2, "2026-03-06", "proposed"),
        (app2, "2026-03-08", "not_hired"),
        (app3, "2026-01-02", "proposed"),
    ] {
        run(pool, hist, &[id, noon(day), staff], &[status]).await;
    }

    // Axis 3 and 4: events.
    let e1 = event(pool, &w, "job_dating", "2026-04-15", "published").await;
    let r1 = registration(pool, e1, 1, "confirmed", "present", "jeune").await;
    let r2 = registration(pool, e1, 2, "confirmed", "present", "").await;
    registration(pool, e1, 3, "confirmed", "absent", "rqth").await;
    registration(pool, e1, 4, "cancelled", "present", "senior").await;
    let r5 = registration(pool, e1, 5, "confirmed", "present", "").await;
    let e2 = event(pool, &w, "forum", "2026-09-10", "cancelled").await;
    registration(pool, e2, 1, "confirmed", "present", "").await;
    event(pool, &w, "club", "2026-06-20", "published").await;
    let e4 = event(pool, &w, "chefs_de_file", "2026-10-05", "published").await;
    let e5 = event(pool, &w, "visite", "2026-11-02", "published").await;
    let r6 = registration(pool, e5, 1, "confirmed", "present", "").await;
    let ec = "INSERT INTO event_companies (event_id, company_id, role, attendees, registered_by, created_at, present) VALUES ($1, $2, 'recruiter', 1, $3, $4, $5)";
    for (event_id, company_id, present) in [
        (e1, a, None),
        (e1, b, Some(0)),
        (e1, c, Some(1)),
        (e4, a, Some(1)),
        (e4, b, None),
    ] {
        let mut q = sqlx::query(ec)
            .bind(event_id)
            .bind(company_id)
            .bind(staff)
            .bind(now());
        q = q.bind(present);
        q.execute(pool).await.expect("event company");
    }
    let meeting = "INSERT INTO meetings (event_id, registration_id, company_id, outcome, noted_by, created_at, updated_at) VALUES ($1, $2, $3, $5, $4, $4, $4)";
    for (event_id, reg, company_id, outcome) in [
        (e1, r1, a, "hire"),
        (e1, r2, c, "nothing"),
        (e1, r5, a, "training"),
        (e5, r6, b, "immersion"),
    ] {
        let mut q = sqlx::query(meeting)
            .bind(event_id)
            .bind(reg)
            .bind(company_id)
            .bind(staff);
        q = q.bind(outcome);
        q.execute(pool).await.expect("meeting");
    }

    // The CFM register.
    for (company_id, trade, filiere, since) in [
        (a, "Menuisier", "Bois", "2025-06-01"),
        (b, "Soudeur", "Métallurgie", "2026-03-01"),
        (c, "Ébéniste", "bois", "2027-01-05"),
    ] {
        let t = CheckedTradeLeader {
            company_id,
            trade: trade.into(),
            filiere: filiere.into(),
            since: since.into(),
        };
        assert!(activity::add_trade_leader(pool, p, &t, staff)
            .await
            .expect("cfm"));
    }
    // A company leading two trades is one CFM.
    let second = CheckedTradeLeader {
        company_id: a,
        trade: "Agenceur".into(),
        filiere: "Bois".into(),
        since: "2025-09-01".into(),
    };
    assert!(activity::add_trade_leader(pool, p, &second, staff)
        .await
        .expect("cfm"));
    let ended = CheckedTradeLeader {
        company_id: c,
        trade: "Charpentier".into(),
        filiere: "BOIS".into(),
        since: "2024-01-01".into(),
    };
    activity::add_trade_leader(pool, p, &ended, staff)
        .await
        .expect("cfm");
    run(
        pool,
        "UPDATE trade_leaders SET until = $1 WHERE trade = 'Charpentier'",
        &[noon("2025-12-01")],
        &[],
    )
    .await;
    run(
        pool,
        "UPDATE trade_leaders SET until = $1 WHERE trade = 'Soudeur'",
        &[noon("2026-05-01")],
        &[],
    )
    .await;

    // An objective.
    run(
        pool,
        "INSERT INTO indicator_objectives (platform_id, year, indicator, target, updated_by, updated_at) VALUES ($1, 2026, 'positions', 12, $2, $3)",
        &[p, staff, now()],
        &[],
    )
    .await;
    (w, d)
}

fn year(platform: Option<i64>) -> Scope {
    Scope {
        platform,
        from: clock::from_paris("2026-01-01", "00:00").expect("from"),
        to: clock::from_paris("2027-01-01", "00:00").expect("to"),
    }
}

fn shown(d: &Dashboard, key: &str) -> String {
    d.figures
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.shown())
        .unwrap_or_else(|| panic!("{key}"))
}

#[tokio::test]
async fn every_indicator_has_its_exact_value() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let (w, _) = build(&pool).await;
        let platforms = vec![(w.platform, "Béthune-Bruay".to_owned())];
        let d = indicators::dashboard(
            &pool,
            &year(Some(w.platform)),
            2026,
            "annee=2026".into(),
            &platforms,
        )
        .await
        .expect("dashboard");
        let expected = [
            ("contacts", "5"),
            ("visited", "2"),
            ("visited_tpe", "50 %"),
            ("club_interventions", "2"),
            ("new_companies", "2"),
            ("brand_actions", "2"),
            ("brand_companies", "1"),
            ("positions", "6"),
            ("positions_tpe", "60 %"),
            ("new_offer_companies", "2"),
            ("hidden_market", "66,7 %"),
            ("supported", "3"),
            ("supported_tpe", "50 %"),
            ("ft_share", "33,3 %"),
            ("applications", "2"),
            ("proposed", "3"),
            ("interviews", "1"),
            ("hired", "1"),
            ("circuits", "1"),
            ("present", "3"),
            ("priority_present", "33,3 %"),
            ("companies_present", "2"),
            ("meetings", "3"),
            ("solutions", "3"),
            ("trade_leaders", "2"),
            ("filieres", "2"),
            ("cfm_events", "1"),
            ("cfm_companies", "2"),
            ("economic_actors", "1"),
        ];
        assert_eq!(expected.len(), d.figures.len());
        for (key, value) in expected {
            assert_eq!(shown(&d, key), value, "{engine:?} {key}");
        }
        let positions = d
            .figures
            .iter()
            .find(|f| f.key == "positions")
            .expect("positions");
        assert_eq!(
            (positions.objective, positions.progress()),
            (Some(12), Some(50.0))
        );
        let contacts = d
            .figures
            .iter()
            .find(|f| f.key == "contacts")
            .expect("contacts");
        assert_eq!(contacts.months.len(), 12);
        assert_eq!(
            contacts.months[2],
            ("2026-03".to_owned(), 2.0),
            "{engine:?}"
        );

        // The drill-down lists exactly the records counted.
        let drill =
            indicators::drill_down(&pool, &year(Some(w.platform)), "contacts", String::new())
                .await
                .expect("db")
                .expect("known");
        assert_eq!(drill.rows.len(), 5);
        assert_eq!(drill.rows[0][0], "03/02/2026");
        assert_eq!(
            drill.links[0].as_deref(),
            Some(&format!("/equipe/entreprises/{}", w.company)[..]),
            "{engine:?}: each contact opens its company"
        );
        assert!(drill.links.iter().all(|l| l
            .as_deref()
            .is_some_and(|l| l.starts_with("/equipe/entreprises/"))));
        let ft = indicators::drill_down(&pool, &year(Some(w.platform)), "ft_share", String::new())
            .await
            .expect("db")
            .expect("known");
        assert_eq!(
            ft.rows.iter().filter(|r| r[6] == "oui").count(),
            1,
            "{engine:?}: shared twice counts once"
        );

        // A month, and every platform (the Région).
        let march = Scope {
            platform: Some(w.platform),
            from: clock::from_paris("2026-03-01", "00:00").expect("from"),
            to: clock::from_paris("2026-04-01", "00:00").expect("to"),
        };
        let m = indicators::dashboard(&pool, &march, 2026, String::new(), &platforms)
            .await
            .expect("march");
        assert_eq!(
            (
                shown(&m, "contacts"),
                shown(&m, "applications"),
                shown(&m, "hired")
            ),
            ("2".into(), "2".into(), "1".into())
        );
        let all = vec![
            (w.platform, "Béthune-Bruay".to_owned()),
            (w.other_platform, "Lens-Liévin".to_owned()),
        ];
        let region = indicators::dashboard(&pool, &year(None), 2026, String::new(), &all)
            .await
            .expect("region");
        assert_eq!(
            (
                shown(&region, "contacts"),
                shown(&region, "visited"),
                shown(&region, "new_companies")
            ),
            ("6".into(), "3".into(), "3".into())
        );
        assert_eq!(region.by_platform.len(), 2);
        assert_eq!(region.by_platform[1].2[0], "1", "Lens-Liévin's one visit");

        // The workbook carries the values.
        let xlsx = indicators::workbook(&d, None).expect("xlsx");
        assert_eq!(&xlsx[..2], b"PK");
        assert!(
            indicators::csv_of(&d)
                .contains("Nombre de postes détectés par la plateforme;12;6;50 %"),
            "{}",
            indicators::csv_of(&d)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn monthly_reports_are_caught_up_and_sent_once() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        run(
            &pool,
            "UPDATE platforms SET created_at = $1",
            &[noon("2026-08-15")],
            &[],
        )
        .await;
        contact(
            &pool,
            w.platform,
            w.company,
            ContactChannel::Visit,
            "2026-09-14",
            w.staff,
        )
        .await;
        run(
            &pool,
            "INSERT INTO report_recipients (platform_id, email, label, created_at) VALUES ($1, 'porteuse@exemple.fr', 'Structure porteuse', $2)",
            &[w.platform, now()],
            &[],
        )
        .await;
        // Two instances run at once, on 2 November: August to October are
        // built once each, November is not over.
        let at = noon("2026-11-02");
        let (a, b) = tokio::join!(
            indicators::run_monthly_reports(&pool, at, "https://portail.test", 10),
            indicators::run_monthly_reports(&pool, at, "https://portail.test", 10),
        );
        let built = a.expect("run a") + b.expect("run b");
        assert!(built >= 3, "{engine:?}: {built}");
        let months: Vec<(String, i64)> =
            sqlx::query_as("SELECT month, platform_id FROM monthly_reports ORDER BY month")
                .fetch_all(&pool)
                .await
                .expect("reports");
        let bethune: Vec<&str> = months
            .iter()
            .filter(|(_, p)| *p == w.platform)
            .map(|(m, _)| m.as_str())
            .collect();
        assert_eq!(bethune, vec!["2026-08", "2026-09", "2026-10"], "{engine:?}");
        let sent = one(
            &pool,
            "SELECT COUNT(*) FROM outbox WHERE to_address = 'porteuse@exemple.fr' AND attachment_name LIKE 'bilan-bb-2026-%.xlsx'",
            &[],
            &[],
        )
        .await;
        assert_eq!(
            sent, 3,
            "{engine:?}: one e-mail per month, each with its workbook"
        );
        let (summary,): (String,) = sqlx::query_as(
            "SELECT summary FROM monthly_reports WHERE platform_id = $1 AND month = '2026-09'",
        )
        .bind(w.platform)
        .fetch_one(&pool)
        .await
        .expect("september");
        assert!(summary.contains("septembre 2026"), "{summary}");
        assert!(
            summary.contains("- Nombre d'entreprises visitées par la plateforme : 1"),
            "{summary}"
        );
        // A later run sends nothing more; December's run adds November.
        assert_eq!(
            indicators::run_monthly_reports(&pool, at + 3600, "", 10)
                .await
                .expect("again"),
            0
        );
        assert!(
            indicators::run_monthly_reports(&pool, noon("2026-12-01"), "", 10)
                .await
                .expect("december")
                >= 1
        );
        let sent = one(
            &pool,
            "SELECT COUNT(*) FROM outbox WHERE to_address = 'porteuse@exemple.fr'",
            &[],
            &[],
        )
        .await;
        assert_eq!(sent, 4, "{engine:?}");
    }
}

#[tokio::test]
async fn a_region_reader_is_created_by_command_and_reads_every_platform() {
    use app::backend::accounts::{self, Membership};
    use app::backend::indicators::{resolve, PeriodQuery};
    use app::backend::repo::sessions;

    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let w = world(&pool).await;
        let id = accounts::create_account(
            &pool,
            Membership::Region,
            "direction.emploi@region.fr",
            "Claire Durand",
            "une phrase de passe solide",
        )
        .await
        .expect("the region role is allowed by the schema");
        let (role,): (String,) = sqlx::query_as("SELECT role FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("role");
        assert_eq!(role, "region", "{engine:?}");
        // Any other role is still refused by the schema.
        let bad = sqlx::query("UPDATE users SET role = 'superuser' WHERE id = $1")
            .bind(id)
            .execute(&pool)
            .await;
        assert!(bad.is_err(), "{engine:?}: the role check still holds");
        let token = sessions::create(&pool, id, 3600).await.expect("session");
        let user = sessions::user_for_token(&pool, &token)
            .await
            .expect("db")
            .expect("user");
        let r = resolve(&pool, &user, &PeriodQuery::default(), now())
            .await
            .expect("db")
            .expect("allowed");
        assert_eq!(
            (r.scope.platform, r.platforms.len()),
            (None, 2),
            "{engine:?}"
        );
        let one = PeriodQuery {
            plateforme: Some(w.other_platform.to_string()),
            ..PeriodQuery::default()
        };
        let r = resolve(&pool, &user, &one, now())
            .await
            .expect("db")
            .expect("allowed");
        assert_eq!(r.scope.platform, Some(w.other_platform));
    }
}

/// An event starting at `at` (any instant), with a person checked in and a
/// company present, met, hired.
async fn event_at(pool: &Pool, w: &World, at: i64) {
    let e = one(
        pool,
        "INSERT INTO events (platform_id, kind, title, description, starts_at, ends_at, commune_insee, address, capacity, \
         registration_deadline, status, created_by, created_at, updated_at) \
         VALUES ($1, 'job_dating', 'Job dating', '', $2, $3, '62119', 'Salle', 20, $2, 'published', $4, $5, $5) RETURNING id",
        &[w.platform, at, at + 3600, w.staff, now()],
        &[],
    )
    .await;
    let r = registration(pool, e, 1, "confirmed", "present", "").await;
    run(
        pool,
        "INSERT INTO event_companies (event_id, company_id, role, attendees, registered_by, created_at, present) VALUES ($1, $2, 'recruiter', 1, $3, $4, 1)",
        &[e, w.company, w.staff, now()],
        &[],
    )
    .await;
    run(
        pool,
        "INSERT INTO meetings (event_id, registration_id, company_id, outcome, noted_by, created_at, updated_at) VALUES ($1, $2, $3, 'hire', $4, $5, $5)",
        &[e, r, w.company, w.staff, now()],
        &[],
    )
    .await;
}

#[tokio::test]
async fn events_count_once_held_and_early_check_ins_count_for_nothing() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let (w, _) = build(&pool).await;
        let platforms = vec![(w.platform, "Béthune-Bruay".to_owned())];
        let wide = Scope {
            platform: Some(w.platform),
            from: clock::from_paris("2026-01-01", "00:00").expect("from"),
            to: now() + 400 * 86_400,
        };
        let figures = |d: &Dashboard| {
            [
                "circuits",
                "present",
                "companies_present",
                "meetings",
                "solutions",
            ]
            .map(|k| shown(d, k))
        };
        let before = indicators::dashboard(&pool, &wide, 2026, String::new(), &platforms)
            .await
            .expect("dashboard");
        // Next week's job dating, with people somehow marked present ahead.
        event_at(&pool, &w, now() + 7 * 86_400).await;
        let future = indicators::dashboard(&pool, &wide, 2026, String::new(), &platforms)
            .await
            .expect("dashboard");
        assert_eq!(
            figures(&before),
            figures(&future),
            "{engine:?}: a future event counted"
        );
        // Today's, started an hour ago: it counts.
        event_at(&pool, &w, now() - 3600).await;
        let today = indicators::dashboard(&pool, &wide, 2026, String::new(), &platforms)
            .await
            .expect("dashboard");
        let n = |d: &Dashboard, k: &str| shown(d, k).parse::<i64>().expect("count");
        for key in [
            "circuits",
            "present",
            "companies_present",
            "meetings",
            "solutions",
        ] {
            assert_eq!(n(&today, key), n(&before, key) + 1, "{engine:?} {key}");
        }
    }
}

/// The dashboards count most records in the database, by platform and
/// month; the drill-downs read them one by one. Both must say the same,
/// for every indicator, every month, every platform and across platforms,
/// over a year and over a period cut mid-month.
#[tokio::test]
async fn dashboard_figures_match_their_drill_downs() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        let (w, _) = build(&pool).await;
        let mut platforms = vec![(w.platform, "Béthune-Bruay".to_owned())];
        for k in 0..2 {
            let id = tests::indicator_data::load(&pool, k, 150 + 50 * k, 900, "2026")
                .await
                .expect("records at scale");
            platforms.push((id, format!("Banc d'essai {k}")));
        }
        let cut = Scope {
            platform: None,
            from: clock::from_paris("2026-02-15", "13:00").expect("from"),
            to: clock::from_paris("2026-10-27", "00:00").expect("to"),
        };
        let mut scopes = vec![year(None), cut];
        scopes.extend(platforms.iter().map(|(p, _)| year(Some(*p))));
        for scope in scopes {
            let d = indicators::dashboard(&pool, &scope, 2026, String::new(), &platforms)
                .await
                .expect("dashboard");
            let mut counted = 0;
            for f in &d.figures {
                let detail = indicators::drill_down(&pool, &scope, &f.key, String::new())
                    .await
                    .expect("drill-down")
                    .expect("known indicator");
                let g = &detail.figure;
                assert_eq!(
                    (f.numerator, f.denominator, &f.months),
                    (g.numerator, g.denominator, &g.months),
                    "{engine:?} {scope:?} {}",
                    f.key
                );
                counted += usize::from(f.numerator > 0);
            }
            // Across platforms, each platform's column is its own figure.
            assert_eq!(d.by_platform.len(), scope.platform.map_or(3, |_| 0));
            for (id, _, values) in &d.by_platform {
                let own = indicators::dashboard(
                    &pool,
                    &Scope {
                        platform: Some(*id),
                        ..scope
                    },
                    2026,
                    String::new(),
                    &platforms,
                )
                .await
                .expect("dashboard");
                let shown: Vec<String> = own.figures.iter().map(|f| f.shown()).collect();
                assert_eq!(values, &shown, "{engine:?} {scope:?} platform {id}");
            }
            assert!(
                counted >= 20,
                "{engine:?} {scope:?}: only {counted} indicators counted anything"
            );
        }
    }
}
