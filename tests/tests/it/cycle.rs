//! The yearly cycle's services called directly on both databases: the
//! action programme, the governance register, delay alerts, the annual
//! report locked and read back from its PDF, and the Région's requests.

use std::collections::BTreeMap;

use app::backend::cycle::{annual, delays, governance, programme, region_requests};
use app::backend::db::now;
use app::backend::indicators::{self, Scope};
use app::backend::repo::support;
use app::error::AppError;
use app::model::cycle::{MeetingForm, ProgrammeForm, RegionRequestForm, ReportPeriod};
use app::model::support::{CaseOutcome, CaseStatus};
use tests::engines;

use crate::direct::{demo_state, person};
use crate::http::{LENS_STAFF, STAFF};

const REGION: &str = "region@demo.prochemploi.fr";

fn this_year() -> i32 {
    app::backend::cycle::current_year(now())
}

async fn platform_of(pool: &app::backend::db::Pool, email: &str) -> i64 {
    let (p,): (i64,) = sqlx::query_as("SELECT platform_id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .expect("platform");
    p
}

async fn an_event(pool: &app::backend::db::Pool, platform: i64) -> (i64, i32) {
    let (id, at): (i64, i64) = sqlx::query_as(
        "SELECT id, starts_at FROM events WHERE platform_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(platform)
    .fetch_one(pool)
    .await
    .expect("a demo event");
    (id, app::backend::cycle::current_year(at))
}

#[tokio::test]
async fn programme_governance_and_delays_follow_the_convention() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let pool = &state.pool;
        let staff = person(&state, STAFF).await;
        let lens = person(&state, LENS_STAFF).await;
        let region = person(&state, REGION).await;
        let platform = platform_of(pool, STAFF).await;
        let (event, year) = an_event(pool, platform).await;
        let y = year.to_string();

        // An action is checked field by field, what was typed kept.
        let bad = ProgrammeForm {
            year: y.clone(),
            axis: "3".into(),
            title: "Job dating de la logistique".into(),
            owner: String::new(),
            starts_on: format!("{year}-09"),
            ends_on: format!("{year}-03"),
            ..Default::default()
        };
        let Err(AppError::Invalid(errors)) = programme::add_action(pool, &staff, &bad).await else {
            panic!("{engine:?}: an incomplete action is refused");
        };
        for field in ["owner", "ends_on", "indicators"] {
            assert!(errors.fields.contains_key(field), "{engine:?}: {field}");
        }
        assert_eq!(
            errors.values.get("title").map(String::as_str),
            Some("Job dating de la logistique")
        );
        let good = ProgrammeForm {
            owner: "Julie Martin".into(),
            starts_on: format!("{year}-03"),
            ends_on: format!("{year}-09"),
            indicators: BTreeMap::from([
                ("circuits".to_owned(), "oui".to_owned()),
                ("present".to_owned(), "oui".to_owned()),
            ]),
            ..bad
        };
        assert!(matches!(
            programme::add_action(pool, &region, &good).await,
            Err(AppError::Forbidden)
        ));
        let action = programme::add_action(pool, &staff, &good)
            .await
            .expect("action");
        let id = action.to_string();
        programme::set_status(pool, &staff, &id, "en_cours")
            .await
            .expect("status");
        programme::link(pool, &staff, &id, &format!("event:{event}"))
            .await
            .expect("link");
        // Another platform's event, or another platform's staff: refused.
        let elsewhere: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM events WHERE platform_id <> $1 LIMIT 1")
                .bind(platform)
                .fetch_optional(pool)
                .await
                .expect("events");
        for other in [elsewhere.map_or(999_999, |(e,)| e), 999_999] {
            assert!(matches!(
                programme::link(pool, &staff, &id, &format!("event:{other}")).await,
                Err(AppError::Invalid(_))
            ));
        }
        assert!(matches!(
            programme::set_status(pool, &lens, &id, "realisee").await,
            Err(AppError::Forbidden)
        ));

        let p = programme::programme(pool, &region, Some(&platform.to_string()), year)
            .await
            .expect("the Région reads");
        let a = p
            .actions
            .iter()
            .find(|a| a.id == action)
            .expect("the action");
        assert_eq!(a.status.code(), "en_cours");
        assert_eq!(a.indicators.len(), 2);
        assert_eq!(a.links.len(), 1, "{engine:?}: linked to its event");
        assert!(!p.editable, "{engine:?}: the Région only reads");
        assert!(programme::programme(pool, &lens, None, year)
            .await
            .expect("own")
            .actions
            .is_empty());

        // Governance: a meeting with its decisions; the year still lacks
        // meetings until three co-presidencies and two reviews.
        let meeting = MeetingForm {
            kind: "copresidence".into(),
            held_on: format!("12/03/{year}"),
            organisations: "Région Hauts-de-France, CCI Artois".into(),
            agenda: "Programme de l'année".into(),
            minutes: "Le comité valide le programme.".into(),
            decisions: format!(
                "Relancer les chefs de file ; Julie ; 30/04/{year}\nOuvrir un club RH"
            ),
        };
        let (m, my) = governance::record(pool, &staff, &meeting)
            .await
            .expect("meeting");
        assert_eq!(my, year);
        let g = governance::register(pool, &staff, None, year, &format!("{year}-12-31"))
            .await
            .expect("register");
        let recorded = g.meetings.iter().find(|x| x.id == m).expect("listed");
        assert_eq!(recorded.decisions.len(), 2);
        assert_eq!(g.warnings.len(), 2, "{engine:?}: {:?}", g.warnings);
        for (kind, day) in [
            ("copresidence", "06"),
            ("copresidence", "10"),
            ("bilan_intermediaire", "07"),
            ("bilan_final", "12"),
        ] {
            let f = MeetingForm {
                kind: kind.into(),
                held_on: format!("15/{day}/{year}"),
                decisions: String::new(),
                ..meeting.clone()
            };
            governance::record(pool, &staff, &f).await.expect("meeting");
        }
        assert!(governance::warnings(pool, platform, year)
            .await
            .expect("warnings")
            .is_empty());
        assert!(matches!(
            governance::attach_minutes(pool, &staff, &m.to_string(), b"not a pdf").await,
            Err(AppError::Refused(_))
        ));
        assert!(matches!(
            governance::attach_minutes(pool, &lens, &m.to_string(), b"%PDF-1.4 x").await,
            Err(AppError::Forbidden)
        ));
        governance::attach_minutes(pool, &staff, &m.to_string(), b"%PDF-1.4 minutes")
            .await
            .expect("pdf");
        let (_, bytes) = governance::minutes_pdf(pool, &region, m)
            .await
            .expect("the Région reads");
        assert_eq!(bytes, b"%PDF-1.4 minutes");
        assert!(matches!(
            governance::minutes_pdf(pool, &lens, m).await,
            Err(AppError::Forbidden)
        ));
        let all = governance::register(pool, &region, None, year, &format!("{year}-12-31"))
            .await
            .expect("every platform");
        assert!(all.meetings.len() >= 5 && !all.editable);
        let decision = recorded.decisions[0].id.to_string();
        governance::decision_done(pool, &staff, &decision)
            .await
            .expect("done");

        // Delays: an objective far above the year-to-date value is flagged;
        // staff acknowledge it with a comment.
        sqlx::query(
            "INSERT INTO indicator_objectives (platform_id, year, indicator, target, updated_by, updated_at) \
             VALUES ($1, $2, 'contacts', 100000, $3, $4)",
        )
        .bind(platform)
        .bind(i64::from(year))
        .bind(staff.id)
        .bind(now())
        .execute(pool)
        .await
        .expect("objective");
        let mid_year =
            app::backend::clock::from_paris(&format!("{year}-07-01"), "12:00").expect("date");
        let late = delays::alerts(pool, platform, year, mid_year, 10)
            .await
            .expect("alerts");
        let contacts = late
            .iter()
            .find(|a| a.key == "contacts")
            .expect("contacts late");
        assert!(
            contacts
                .expected
                .parse::<i64>()
                .is_ok_and(|e| (49_000..=51_000).contains(&e)),
            "{contacts:?}"
        );
        assert!(delays::alerts(pool, platform, year, mid_year, 100)
            .await
            .expect("alerts")
            .is_empty());
        assert!(matches!(
            delays::acknowledge(pool, &staff, &y, "contacts", "  ").await,
            Err(AppError::Invalid(_))
        ));
        assert!(matches!(
            delays::acknowledge(pool, &region, &y, "contacts", "x").await,
            Err(AppError::Forbidden)
        ));
        delays::acknowledge(pool, &staff, &y, "contacts", "Poste vacant au printemps.")
            .await
            .expect("ack");
        let late = delays::alerts(pool, platform, year, mid_year, 10)
            .await
            .expect("alerts");
        let ack = late
            .iter()
            .find(|a| a.key == "contacts")
            .and_then(|a| a.acknowledged.clone());
        assert_eq!(
            ack.map(|(c, ..)| c).as_deref(),
            Some("Poste vacant au printemps.")
        );
        // The Région's view across platforms, in one pass: the same alert,
        // named by its platform, with the comment.
        let every = delays::every_platform(pool, year, mid_year, 10)
            .await
            .expect("every platform");
        let name = app::backend::cycle::platform_name(pool, platform)
            .await
            .expect("name");
        let mine = every
            .iter()
            .find(|a| a.key == "contacts" && a.label.starts_with(&name))
            .expect("listed for the Région");
        assert!(mine.acknowledged.is_some(), "{engine:?}");
        assert_eq!(
            every.iter().filter(|a| a.key == "contacts").count(),
            1,
            "{engine:?}: only this platform has that objective"
        );
    }
}

fn narrative(year: i32, lock: bool, confirmed: bool) -> annual::Submission {
    let mut fields = BTreeMap::new();
    for axis in 1..=4 {
        fields.insert(
            format!("axe{axis}_faits"),
            format!("Axe {axis} : le club des entreprises du Béthunois s'est réuni."),
        );
        fields.insert(
            format!("axe{axis}_perspectives"),
            "Ouvrir un second club œnologique.".to_owned(),
        );
    }
    annual::Submission {
        year: year.to_string(),
        period: "annuel".into(),
        fields,
        lock,
        confirmed,
    }
}

#[tokio::test]
async fn the_annual_report_is_locked_sent_and_read_back_from_its_pdf() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let pool = &state.pool;
        let staff = person(&state, STAFF).await;
        let lens = person(&state, LENS_STAFF).await;
        let region = person(&state, REGION).await;
        let platform = platform_of(pool, STAFF).await;
        let year = this_year();

        let draft = narrative(year, false, false);
        annual::save(pool, &staff, &draft, "https://emploi.example.fr")
            .await
            .expect("draft");
        let r = annual::report(pool, &staff, None, year, ReportPeriod::Annual)
            .await
            .expect("report");
        assert!(r.editable && r.locked_at.is_none());
        assert!(r
            .fields
            .iter()
            .any(|(f, _, _, t)| f == "axe2_faits" && t.contains("Béthunois")));

        // Locking needs the confirmation and each axis's highlights.
        let Err(AppError::Invalid(e)) =
            annual::save(pool, &staff, &narrative(year, true, false), "").await
        else {
            panic!("{engine:?}: unconfirmed lock refused");
        };
        assert!(e.fields.contains_key("confirmation"));
        assert!(
            e.values
                .get("axe1_faits")
                .is_some_and(|v| v.contains("Béthunois")),
            "{engine:?}: the text is kept"
        );
        let mut missing = narrative(year, true, true);
        missing.fields.insert("axe3_faits".into(), " ".into());
        let Err(AppError::Invalid(e)) = annual::save(pool, &staff, &missing, "").await else {
            panic!("{engine:?}: an empty axis is refused");
        };
        assert!(e.fields.contains_key("axe3_faits"));
        assert!(
            matches!(
                annual::save(pool, &lens, &narrative(year, true, true), "")
                    .await
                    .map(|_| ()),
                Ok(())
            ),
            "{engine:?}: Lens locks its own"
        );

        // The Région's logo goes in the report (its image object).
        let logo = app::backend::qr::png("Région Hauts-de-France").expect("a png");
        app::backend::funder::set(&state, "image/png", &logo, staff.id)
            .await
            .expect("logo");
        let (_, _, saved) = annual::save(
            pool,
            &staff,
            &narrative(year, true, true),
            "https://emploi.example.fr",
        )
        .await
        .expect("lock");
        assert_eq!(saved, annual::Saved::Locked);
        assert!(
            matches!(
                annual::save(pool, &staff, &narrative(year, false, false), "").await,
                Err(AppError::Invalid(_))
            ),
            "{engine:?}: a locked report no longer changes"
        );
        let (mails,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE platform_id = $1 AND attachment_name LIKE 'bilan-annuel-%.pdf'",
        )
        .bind(platform)
        .fetch_one(pool)
        .await
        .expect("outbox");
        let (recipients,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM report_recipients WHERE platform_id = $1",
        )
        .bind(platform)
        .fetch_one(pool)
        .await
        .expect("recipients");
        assert_eq!(mails, recipients, "{engine:?}: sent to each recipient once");

        // The Région downloads the very PDF kept at the lock, and reads it.
        let (name, pdf) = annual::pdf(
            pool,
            &region,
            Some(&platform.to_string()),
            year,
            ReportPeriod::Annual,
        )
        .await
        .expect("pdf");
        assert!(name.starts_with(&format!("bilan-annuel-{year}-")) && name.ends_with(".pdf"));
        let (_, again) = annual::pdf(pool, &staff, None, year, ReportPeriod::Annual)
            .await
            .expect("pdf");
        assert_eq!(pdf, again, "{engine:?}: the kept version");
        assert!(
            pdf.windows(b"/Subtype /Image".len())
                .any(|w| w == b"/Subtype /Image"),
            "{engine:?}: the logo is in the PDF"
        );
        let text = pdf_extract::extract_text_from_mem(&pdf).expect("readable PDF");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            "Bilan annuel",
            "Partie qualitative",
            "le club des entreprises du Béthunois s'est réuni",
            "Ouvrir un second club œnologique",
            "Nombre de contacts entreprises (Tel + Visites)",
            "Avec le soutien de la Région Hauts-de-France",
            "Version définitive",
        ] {
            assert!(
                flat.contains(expected),
                "{engine:?}: « {expected} » missing from:\n{flat}"
            );
        }
        // The figures are the dashboard's for the year.
        let scope = app::backend::cycle::year_scope(Some(platform), year, 1, 12).expect("scope");
        let d = indicators::dashboard(pool, &Scope { ..scope }, year, String::new(), &[])
            .await
            .expect("dashboard");
        let contacts = d
            .figures
            .iter()
            .find(|f| f.key == "contacts")
            .expect("contacts");
        assert!(
            flat.contains(&format!(
                "Nombre de contacts entreprises (Tel + Visites) {}",
                contacts.shown()
            )),
            "{engine:?}: contacts {} not in the PDF",
            contacts.shown()
        );

        let lines = annual::list(pool, &region, year).await.expect("list");
        assert!(lines.iter().any(|l| l.platform_id == platform
            && l.period == ReportPeriod::Annual
            && l.locked_at.is_some()));
        assert!(matches!(
            annual::regional_pdf(pool, &staff, year).await,
            Err(AppError::Forbidden)
        ));
        let (_, summary) = annual::regional_pdf(pool, &region, year)
            .await
            .expect("summary");
        let summary = pdf_extract::extract_text_from_mem(&summary).expect("readable");
        assert!(summary.contains("Total régional"), "{engine:?}");
        assert!(summary.contains(&r.platform), "{engine:?}: each platform");

        // The intermediate report is apart, and still a working version.
        let (_, work) = annual::pdf(pool, &staff, None, year, ReportPeriod::Intermediate)
            .await
            .expect("pdf");
        let work = pdf_extract::extract_text_from_mem(&work).expect("readable");
        assert!(work.contains("Version de travail"), "{engine:?}");
        assert!(
            work.contains(&format!("au 30/06/{year}")),
            "{engine:?}: January to June"
        );
    }
}

#[tokio::test]
async fn the_regions_requests_become_cases_it_follows_to_closure() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let pool = &state.pool;
        let staff = person(&state, STAFF).await;
        let region = person(&state, REGION).await;
        let platform = platform_of(pool, STAFF).await;
        let today = app::backend::clock::iso_date(now());
        let year = this_year();

        let bad = RegionRequestForm {
            platform: platform.to_string(),
            reason: "difficulte".into(),
            company_name: "Fonderie du Pas-de-Calais".into(),
            siret: "123".into(),
            contact: "M. Durand, 03 21 00 00 00".into(),
            description: "Plan de sauvegarde : reclassement de 12 salariés.".into(),
            due_on: "01/01/2020".into(),
        };
        let Err(AppError::Invalid(e)) =
            region_requests::send(pool, &region, &bad, &today, "").await
        else {
            panic!("{engine:?}: a bad request is refused");
        };
        assert!(e.fields.contains_key("siret") && e.fields.contains_key("due_on"));
        assert_eq!(
            e.values.get("company_name").map(String::as_str),
            Some("Fonderie du Pas-de-Calais")
        );
        let good = RegionRequestForm {
            siret: "73282932000074".into(),
            due_on: format!("31/12/{}", year + 1),
            ..bad
        };
        assert!(matches!(
            region_requests::send(pool, &staff, &good, &today, "").await,
            Err(AppError::Forbidden)
        ));
        let id = region_requests::send(pool, &region, &good, &today, "https://emploi.example.fr")
            .await
            .expect("sent");
        // The platform's staff are told, with the case's address.
        let (told,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE to_address = $1 AND subject LIKE 'Demande de la Région%'",
        )
        .bind(STAFF)
        .fetch_one(pool)
        .await
        .expect("outbox");
        assert_eq!(told, 1, "{engine:?}: staff told once");

        // The SIRET is a company the platform knows: no second record.
        let (same,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM companies WHERE siret = $1 AND platform_id = $2",
        )
        .bind("73282932000074")
        .bind(platform)
        .fetch_one(pool)
        .await
        .expect("companies");
        assert_eq!(same, 1, "{engine:?}");
        let (owner, case) = support::case(pool, id)
            .await
            .expect("case")
            .expect("exists");
        assert_eq!(owner.platform_id, platform);
        assert_eq!(case.line.status, CaseStatus::New);
        let (sealed,): (String,) =
            sqlx::query_as("SELECT region_contact FROM support_requests WHERE id = $1")
                .bind(id)
                .fetch_one(pool)
                .await
                .expect("contact");
        assert!(
            !sealed.contains("Durand"),
            "{engine:?}: the contact is sealed"
        );

        let listed = region_requests::list(pool, &region, &today)
            .await
            .expect("list");
        let line = listed.iter().find(|l| l.id == id).expect("listed");
        assert_eq!(line.status, "Demande reçue");
        assert!(!line.closed && !line.late);

        let mut tx = app::backend::db::begin(pool).await.expect("tx");
        assert!(support::move_to(
            &mut tx,
            id,
            staff.id,
            CaseStatus::New,
            CaseStatus::Closed,
            Some(CaseOutcome::ALL[0]),
            Some("Reclassements trouvés")
        )
        .await
        .expect("close"));
        tx.commit().await.expect("commit");
        let listed = region_requests::list(pool, &region, &today)
            .await
            .expect("list");
        let line = listed.iter().find(|l| l.id == id).expect("listed");
        assert!(
            line.closed && line.outcome.is_some(),
            "{engine:?}: {line:?}"
        );

        // Counted among the companies supported, shown apart.
        let scope = app::backend::cycle::year_scope(Some(platform), year, 1, 12).expect("scope");
        let drill = indicators::drill_down(pool, &scope, "supported", String::new())
            .await
            .expect("drill")
            .expect("known");
        assert!(
            drill
                .rows
                .iter()
                .any(|r| r.iter().any(|c| c.ends_with("(demande de la Région)"))),
            "{engine:?}: {:?}",
            drill.rows
        );
    }
}
