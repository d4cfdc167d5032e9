//! Named positioning by partner advisers, called as services on both
//! databases: checked input kept when refused, one positioning per form
//! key, the company told and its sight recorded, each step through the
//! funnel told to the adviser, the ledger, the company's view of the reach
//! and the indicators fed; a closed offer stays readable and its advisers
//! are told at once and in the digest. The France Travail export carries
//! every field, checked one by one.

use app::backend::funnel::{self, Mover};
use app::backend::indicators::{self, Scope};
use app::backend::mail::{application_follow_up, digest};
use app::backend::repo::{applications, offer_expiry, offers::Actor, positionings};
use app::backend::{db, france_travail, moderation, partner_space, rome};
use app::error::AppError;
use app::model::application::ApplicationStatus;
use app::model::positioning::PositioningForm;
use app::model::{OfferClosing, OfferStatus, PartnerKind, CHECKED};
use tests::engines;

use crate::direct::{demo_state, person};
use crate::http::{COMPANY, FT, ML, STAFF};

fn candidate() -> PositioningForm {
    PositioningForm {
        full_name: "Jeanne Martin".into(),
        email: "jeanne.martin@exemple.fr".into(),
        phone: "06 12 34 56 78".into(),
        note: "CAP menuiserie, disponible tout de suite".into(),
        consent: CHECKED.into(),
    }
}

async fn mails(pool: &app::backend::db::Pool, to: &str, subject: &str) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT body FROM outbox WHERE to_address = $1 AND subject LIKE $2 ORDER BY id",
    )
    .bind(to)
    .bind(format!("{subject}%"))
    .fetch_all(pool)
    .await
    .expect("outbox");
    rows.into_iter().map(|(b,)| b).collect()
}

#[tokio::test]
async fn an_adviser_positions_a_named_candidate_through_to_the_hire() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let pool = &state.pool;
        let staff = person(&state, STAFF).await;
        let ft = person(&state, FT).await;
        let ml = person(&state, ML).await;
        let company = person(&state, COMPANY).await;
        let ft_org = ft.partner_org_id.expect("France Travail's organisation");

        // A waiting offer of the demo company, validated and shared.
        let (offer_id, title): (i64, String) = sqlx::query_as(
            "SELECT id, title FROM offers WHERE company_id = $1 AND status = 'submitted' ORDER BY id LIMIT 1",
        )
        .bind(company.company_id.expect("company"))
        .fetch_one(pool)
        .await
        .expect("a waiting offer of the demo company");
        moderation::approve(&state, &staff, offer_id)
            .await
            .expect("approved");
        moderation::share(&state, &staff, offer_id, ft_org)
            .await
            .expect("shared");
        let view = partner_space::open_offer(&state, &ft, offer_id)
            .await
            .expect("opened");
        let key = view.form_key.clone();
        assert!(key.len() >= 16, "{engine:?}: a one-time key");

        // Bad input: every error at once, what was typed kept, nothing saved.
        let bad = PositioningForm {
            full_name: "Jeanne Martin".into(),
            email: String::new(),
            phone: String::new(),
            note: "Une note".into(),
            consent: String::new(),
        };
        let refused = partner_space::position(&state, &ft, offer_id, &key, &bad).await;
        let Err(AppError::Invalid(errors)) = refused else {
            panic!("{engine:?}: refused: {refused:?}");
        };
        assert!(errors.fields.contains_key("email"));
        assert!(errors.fields.contains_key("consent"));
        assert_eq!(
            errors.values.get("full_name").map(String::as_str),
            Some("Jeanne Martin")
        );
        assert!(positionings::for_offer(pool, offer_id, ft_org)
            .await
            .expect("list")
            .is_empty());

        // The same form sent twice records one positioning.
        let first = partner_space::position(&state, &ft, offer_id, &key, &candidate())
            .await
            .expect("positioned");
        let again = partner_space::position(&state, &ft, offer_id, &key, &candidate())
            .await
            .expect("the same");
        assert_eq!(first, again, "{engine:?}: idempotent");
        assert_eq!(
            tests::applications_off_their_platform(pool)
                .await
                .expect("platforms"),
            0,
            "{engine:?}: the positioning counts on its offer's platform"
        );
        let lines = positionings::for_offer(pool, offer_id, ft_org)
            .await
            .expect("list");
        assert_eq!(lines.len(), 1, "{engine:?}");
        assert_eq!(lines[0].candidate, "Jeanne Martin");
        assert_eq!(lines[0].phone, "06 12 34 56 78");
        assert_eq!(lines[0].stage(), "Envoyé à l'entreprise");
        // The same person with another form: refused, next to the name.
        let twice =
            partner_space::position(&state, &ft, offer_id, "0123456789abcdef0123", &candidate())
                .await;
        assert!(
            matches!(&twice, Err(AppError::Invalid(e)) if e.fields.contains_key("full_name")),
            "{engine:?}: {twice:?}"
        );
        // Another organisation, not sent the offer, cannot.
        assert!(matches!(
            partner_space::position(&state, &ml, offer_id, "fedcba9876543210fedc", &candidate())
                .await,
            Err(AppError::Forbidden)
        ));
        // The consent to be introduced is recorded with the positioning.
        let (consents,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM consents WHERE subject_kind = 'application' \
             AND subject_id = $1 AND purpose = 'introduction'",
        )
        .bind(first)
        .fetch_one(pool)
        .await
        .expect("consents");
        assert_eq!(consents, 1);

        // The company is told, with its answer link, and sees who sent it.
        assert_eq!(
            mails(pool, COMPANY, "Un candidat présenté").await.len(),
            1,
            "{engine:?}"
        );
        // A second candidate, reachable by phone only.
        let phone_only = PositioningForm {
            full_name: "Paul Durand".into(),
            email: String::new(),
            phone: "07 11 22 33 44".into(),
            note: String::new(),
            consent: CHECKED.into(),
        };
        partner_space::position(&state, &ft, offer_id, "bbbbbbbbbbbbbbbbbbbb", &phone_only)
            .await
            .expect("phone only");
        let company_id = company.company_id.expect("company");
        let seen_by_company = applications::for_company(pool, company_id)
            .await
            .expect("list");
        let line = seen_by_company
            .iter()
            .find(|a| a.id == first)
            .expect("the positioned candidate");
        assert!(line
            .partner
            .as_deref()
            .is_some_and(|p| p.contains("France Travail")));
        positionings::mark_seen(pool, company_id, None)
            .await
            .expect("seen");
        let lines = positionings::for_offer(pool, offer_id, ft_org)
            .await
            .expect("list");
        assert_eq!(lines[0].stage(), "Vu par l'entreprise");

        // The company plans an interview: the adviser is told.
        funnel::move_application(
            &state,
            Mover::Person(&company),
            first,
            ApplicationStatus::Interview,
            "",
            None,
        )
        .await
        .expect("interview");
        let told = mails(pool, FT, "Suite de votre positionnement").await;
        assert_eq!(told.len(), 1, "{engine:?}");
        assert!(told[0].contains("Entretien"), "{}", told[0]);
        // Another organisation's adviser cannot move it.
        assert!(matches!(
            funnel::move_application(
                &state,
                Mover::Person(&ml),
                first,
                ApplicationStatus::Hired,
                "",
                None
            )
            .await,
            Err(AppError::NotFound)
        ));
        // The adviser records the hire (not told of their own step).
        funnel::move_application(
            &state,
            Mover::Person(&ft),
            first,
            ApplicationStatus::Hired,
            "",
            None,
        )
        .await
        .expect("hired");
        assert_eq!(
            mails(pool, FT, "Suite de votre positionnement").await.len(),
            1
        );
        // The phone-only candidate left unanswered is closed after the
        // delay: the adviser is told, no e-mail goes to an empty address.
        application_follow_up::run(
            pool,
            db::now() + 15 * 86_400,
            14,
            "https://emploi.example.fr",
        )
        .await
        .expect("follow-up");
        let told = mails(pool, FT, "Suite de votre positionnement").await;
        assert_eq!(told.len(), 2, "{engine:?}");
        assert!(told[1].contains("Paul Durand") && told[1].contains("sans réponse"));
        let (empty,): (i64,) =
            sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE to_address = ''")
                .fetch_one(pool)
                .await
                .expect("outbox");
        assert_eq!(empty, 0);

        // The ledger: shared → opened → positioned → hired.
        let staff_view = moderation::offer_view(&state, &staff, offer_id)
            .await
            .expect("staff view");
        let share = staff_view
            .shares
            .iter()
            .find(|s| s.org_id == ft_org)
            .expect("the share");
        assert!(share.first_opened_on.is_some());
        assert_eq!((share.candidates, share.hired), (2, 1), "{engine:?}");
        // The company's view: by kind of partner.
        let reach = positionings::reach(pool, offer_id).await.expect("reach");
        let ft_reach = reach
            .iter()
            .find(|r| r.kind == PartnerKind::FranceTravail)
            .expect("France Travail");
        assert_eq!(
            (
                ft_reach.received,
                ft_reach.opened,
                ft_reach.positioned,
                ft_reach.hired
            ),
            (1, 1, 2, 1)
        );
        // The indicators: proposed to the employer and hired.
        let now = db::now();
        let scope = Scope {
            platform: staff.platform_id,
            from: now - 86_400,
            to: now + 86_400,
        };
        for key in ["applications", "proposed", "hired"] {
            let items = indicators::measure_one(pool, &scope, key)
                .await
                .expect("measure");
            assert!(
                items.iter().any(|i| i.row.contains(&format!("n° {first}"))
                    && i.row.iter().any(|c| c.contains("positionné par"))),
                "{engine:?}: {key}"
            );
        }

        // The company closes the offer: the adviser is told at once; the
        // offer stays readable, no one can be positioned any more, and the
        // organisation's digest lists it.
        let mut tx = db::begin(pool).await.expect("tx");
        offer_expiry::close(
            &mut tx,
            offer_id,
            Actor::Person(company.id),
            &OfferClosing::Filled {
                hires: 1,
                via_platform: true,
            },
            "test",
        )
        .await
        .expect("db")
        .expect("closed");
        tx.commit().await.expect("commit");
        let closed = mails(pool, FT, "Offre clôturée").await;
        assert_eq!(closed.len(), 1, "{engine:?}");
        assert!(closed[0].contains(&title) && closed[0].contains("pourvue"));
        let still = partner_space::open_offer(&state, &ft, offer_id)
            .await
            .expect("readable");
        assert_eq!(still.offer.summary.status, OfferStatus::Filled);
        assert_eq!(still.positionings[0].stage(), "Recruté");
        let late = partner_space::position(
            &state,
            &ft,
            offer_id,
            "aaaaaaaaaaaaaaaaaaaa",
            &PositioningForm {
                full_name: "Paul Durand".into(),
                email: "paul@exemple.fr".into(),
                ..candidate()
            },
        )
        .await;
        assert!(matches!(late, Err(AppError::Refused(_))), "{late:?}");
        digest::run(pool, "2099-01-01", "https://emploi.example.fr")
            .await
            .expect("digest");
        let (body,): (String,) = sqlx::query_as(
            "SELECT body FROM outbox WHERE to_address = $1 AND body LIKE '%sont clôturées%' ORDER BY id DESC LIMIT 1",
        )
        .bind(FT)
        .fetch_one(pool)
        .await
        .expect("the digest lists the closed offer");
        assert!(body.contains(&title) && body.contains("Pourvue"), "{body}");
        let (pending,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM offer_shares WHERE closure_pending = 1",
        )
        .fetch_one(pool)
        .await
        .expect("pending");
        assert_eq!(pending, 0, "{engine:?}: told once");
    }
}

#[tokio::test]
async fn the_france_travail_export_carries_every_field_of_the_offer() {
    for engine in engines() {
        let state = demo_state(engine).await;
        let pool = &state.pool;
        let staff = person(&state, STAFF).await;
        let ft = person(&state, FT).await;
        let company = person(&state, COMPANY).await;
        let (offer_id,): (i64,) = sqlx::query_as(
            "SELECT id FROM offers WHERE company_id = $1 AND status = 'submitted' ORDER BY id LIMIT 1",
        )
        .bind(company.company_id.expect("company"))
        .fetch_one(pool)
        .await
        .expect("a waiting offer");
        let job = rome::job("H2206").expect("a ROME job of the list");
        sqlx::query(
            "UPDATE offers SET rome_code = 'H2206', contract_type = 'cdd', contract_months = 6, \
             working_time = 'part_time', weekly_hours = 28, salary_min = 1900, salary_max = 2200, \
             positions = 2, start_date = '2027-01-04', licences = 'Permis B', published_elsewhere = 'nowhere' \
             WHERE id = $1",
        )
        .bind(offer_id)
        .execute(pool)
        .await
        .expect("terms");
        sqlx::query("UPDATE companies SET naf_division = '16' WHERE id = $1")
            .bind(company.company_id)
            .execute(pool)
            .await
            .expect("naf");
        moderation::approve(&state, &staff, offer_id)
            .await
            .expect("approved");
        moderation::share(&state, &staff, offer_id, ft.partner_org_id.expect("org"))
            .await
            .expect("shared");
        let (insee, postal, commune, siret, expires_at): (String, String, String, String, i64) =
            sqlx::query_as(
                "SELECT o.commune_insee, cm.postal_code, cm.name, c.siret, o.expires_at FROM offers o \
                 JOIN communes cm ON cm.insee = o.commune_insee JOIN companies c ON c.id = o.company_id \
                 WHERE o.id = $1",
            )
            .bind(offer_id)
            .fetch_one(pool)
            .await
            .expect("offer");

        let export = france_travail::build(pool, staff.platform_id)
            .await
            .expect("export");
        let o = export
            .offers
            .iter()
            .find(|o| o.id == offer_id)
            .expect("the shared offer");
        assert_eq!(o.rome_code.as_deref(), Some("H2206"), "{engine:?}");
        assert_eq!(o.rome_label.as_deref(), Some(job.label.as_str()));
        assert_eq!((o.contract, o.contract_label), ("cdd", "CDD"));
        assert_eq!(o.contract_months, Some(6));
        assert_eq!(
            (o.working_time, o.working_time_label),
            ("part_time", "Temps partiel")
        );
        assert_eq!(o.weekly_hours, Some(28));
        assert_eq!((o.salary_min, o.salary_max), (Some(1900), Some(2200)));
        assert_eq!(o.positions, 2);
        assert_eq!(o.start_date.as_deref(), Some("2027-01-04"));
        let expected_expiry = jiff::Timestamp::from_second(expires_at)
            .expect("ts")
            .to_string();
        assert_eq!(o.expires_at.as_deref(), Some(expected_expiry.as_str()));
        assert_eq!(o.licences, "Permis B");
        assert_eq!(
            (
                o.commune_insee.as_str(),
                o.postal_code.as_str(),
                o.commune.as_str()
            ),
            (insee.as_str(), postal.as_str(), commune.as_str())
        );
        assert_eq!(o.company_siret, siret);
        assert_eq!(o.company_naf_division.as_deref(), Some("16"));
        assert_eq!((o.published_elsewhere, o.hidden_market), ("nowhere", true));
        assert!(o.published_at.is_some());
        assert_eq!(o.platform_contact.email, STAFF);
        assert_eq!(o.platform_contact.name, staff.full_name);
        assert!(o
            .shares
            .iter()
            .all(|s| s.organisation.contains("France Travail")));

        let csv = france_travail::to_csv(&export);
        let header = csv
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .expect("header");
        assert_eq!(header.split(';').count(), france_travail::CSV_COLUMNS.len());
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{offer_id};")))
            .expect("the offer's line");
        for value in [
            "H2206",
            "cdd",
            "6",
            "part_time",
            "28",
            "1900",
            "2200",
            "2027-01-04",
            &postal,
            "16",
            STAFF,
        ] {
            assert!(line.contains(value), "{value} in {line}");
        }
    }
}
