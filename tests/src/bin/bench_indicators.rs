//! Benchmark of the indicators dashboard: loads a year of a platform's
//! records (default 10,000 offers and 50,000 event registrations, with
//! companies, contacts, shares, applications and meetings) into a fresh
//! database of each engine (SQLite always, PostgreSQL when
//! TEST_POSTGRES_URL is set), then times the whole dashboard for the year,
//! a drill-down and the workbook, and prints the median and worst times.
//!
//! With PLATFORMS > 1, as many platforms are loaded, and the Région's
//! all-platform dashboard and workbook are timed too (23 platforms: the
//! region's scale).
//!
//! `cargo run --release -p tests --bin bench_indicators [OFFERS] [REGISTRATIONS] [PLATFORMS]`

use std::time::{Duration, Instant};

use anyhow::Context;
use app::backend::clock;
use app::backend::db::{now, Pool};
use app::backend::indicators::{self, Scope};
use app::backend::repo::{platforms, users};
use app::model::{PartnerKind, Role};
use tests::{engines, fresh_pool, Engine};

const BANDS: &[&str] = &["00", "01", "02", "03", "11", "12", "21", "22"];
const ELSEWHERE: &[&str] = &["nowhere", "nowhere", "france_travail", "other_board"];

/// Runs `INSERT … VALUES` with the rows, 200 at a time.
async fn insert(pool: &Pool, head: &str, rows: impl Iterator<Item = String>) -> anyhow::Result<()> {
    let rows: Vec<String> = rows.collect();
    let mut tx = pool.begin().await?;
    for chunk in rows.chunks(200) {
        sqlx::query(&format!("{head} VALUES {}", chunk.join(",")))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The id the next row of `table` gets (the loader is the only writer, so
/// the rows of one batch take consecutive ids).
async fn next_id(pool: &Pool, table: &str) -> anyhow::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(&format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"))
        .fetch_one(pool)
        .await?;
    Ok(id)
}

/// Loads the year of platform number `k` (0, 1, …).
async fn load(
    pool: &Pool,
    k: usize,
    offers: usize,
    registrations: usize,
    year: &str,
) -> anyhow::Result<i64> {
    let from = clock::from_paris(&format!("{year}-01-01"), "00:00").context("date")?;
    let span = 364 * 86_400;
    // One real EPCI for the first platform (the others need none here).
    let epcis: &[&str] = if k == 0 { &["200072460"] } else { &[] };
    let mut tx = pool.begin().await?;
    let platform = platforms::create(
        &mut tx,
        &format!("bench{k}"),
        &format!("Banc d'essai {k}"),
        epcis,
    )
    .await?;
    let ft = platforms::create_partner_org(
        &mut tx,
        platform,
        PartnerKind::FranceTravail,
        &format!("FT Banc {k}"),
    )
    .await?;
    let email = format!("banc{k}@x.fr");
    let staff = users::create(
        &mut tx,
        &users::NewUser {
            email: &email,
            full_name: "Banc",
            password_hash: "x",
            role: Role::Staff,
            platform_id: Some(platform),
            company_id: None,
            partner_org_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    let companies = 500;
    let first_company = next_id(pool, "companies").await?;
    insert(
        pool,
        "INSERT INTO companies (platform_id, siret, name, headcount_band, created_at)",
        (0..companies).map(|i| {
            format!(
                "({platform}, '{:014}', 'Entreprise {i}', '{}', {from})",
                10_000_000_000_000u64 + (k * companies + i) as u64,
                BANDS[i % BANDS.len()]
            )
        }),
    )
    .await?;
    let at = |i: usize, n: usize| from + (i as i64 * span) / n.max(1) as i64;
    let company = |i: usize| first_company + (i % companies) as i64;
    insert(
        pool,
        "INSERT INTO company_contacts (platform_id, company_id, channel, happened_at, subject, author_id, created_at)",
        (0..5_000).map(|i| format!("({platform}, {}, '{}', {}, 'Contact', {staff}, {from})", company(i * 7), ["phone", "visit", "email"][i % 3], at(i, 5_000))),
    )
    .await?;
    let first_offer = next_id(pool, "offers").await?;
    insert(
        pool,
        "INSERT INTO offers (platform_id, company_id, title, contract_type, positions, commune_insee, description, \
         published_elsewhere, status, created_by, created_at, updated_at)",
        (0..offers).map(|i| {
            format!(
                "({platform}, {}, 'Offre {i}', 'cdi', {}, '62119', 'Description', '{}', '{}', {staff}, {}, {})",
                company(i),
                1 + i % 3,
                ELSEWHERE[i % ELSEWHERE.len()],
                ["published", "filled", "expired", "rejected"][i % 4],
                at(i, offers),
                at(i, offers)
            )
        }),
    )
    .await?;
    insert(
        pool,
        "INSERT INTO offer_shares (offer_id, partner_org_id, shared_at, shared_by)",
        (0..offers).step_by(2).map(|i| {
            format!(
                "({}, {ft}, {}, {staff})",
                first_offer + i as i64,
                at(i, offers)
            )
        }),
    )
    .await?;
    let applications = offers / 2;
    let first_app = next_id(pool, "applications").await?;
    insert(
        pool,
        "INSERT INTO applications (offer_id, full_name, email, status, created_at, updated_at)",
        (0..applications).map(|i| {
            format!(
                "({}, 'Candidat', 'c{i}@x.fr', 'received', {}, {})",
                first_offer + i as i64,
                at(i, applications),
                at(i, applications)
            )
        }),
    )
    .await?;
    insert(
        pool,
        "INSERT INTO application_history (application_id, at, actor_id, status)",
        (0..applications).map(|i| {
            format!(
                "({}, {}, {staff}, '{}')",
                first_app + i as i64,
                at(i, applications) + 3600,
                ["proposed", "interview", "hired"][i % 3]
            )
        }),
    )
    .await?;
    let events = (registrations / 250).max(1);
    let first_event = next_id(pool, "events").await?;
    insert(
        pool,
        "INSERT INTO events (platform_id, kind, title, description, starts_at, ends_at, commune_insee, address, capacity, \
         confirmed, registration_deadline, created_by, created_at, updated_at)",
        (0..events).map(|i| {
            let t = at(i, events);
            format!("({platform}, '{}', 'Événement {i}', '', {t}, {}, '62119', 'Salle', 300, 250, {t}, {staff}, {from}, {from})", ["job_dating", "forum", "chefs_de_file"][i % 3], t + 3600)
        }),
    )
    .await?;
    let first_reg = next_id(pool, "registrations").await?;
    insert(
        pool,
        "INSERT INTO registrations (event_id, full_name, email, situation, referrer, priorities, status, token_hash, created_at, confirmed_at, attendance)",
        (0..registrations).map(|i| {
            format!(
                "({}, 'Personne', 'p{i}@x.fr', 'demandeur', 'autre', '{}', 'confirmed', 'h{k}-{i}', {from}, {from}, '{}')",
                first_event + (i % events) as i64,
                if i % 3 == 0 { "jeune" } else { "" },
                if i % 10 < 7 { "present" } else { "absent" }
            )
        }),
    )
    .await?;
    insert(
        pool,
        "INSERT INTO event_companies (event_id, company_id, role, attendees, registered_by, created_at)",
        (0..events * 10).map(|i| format!("({}, {}, 'recruiter', 1, {staff}, {from})", first_event + (i % events) as i64, company(i / events))),
    )
    .await?;
    insert(
        pool,
        "INSERT INTO meetings (event_id, registration_id, company_id, outcome, noted_by, created_at, updated_at)",
        (0..registrations / 10).map(|i| {
            let reg = i * 10;
            format!(
                "({}, {}, {}, '{}', {staff}, {from}, {from})",
                first_event + (reg % events) as i64,
                first_reg + reg as i64,
                company(i),
                ["hire", "interview", "training", "nothing"][i % 4]
            )
        }),
    )
    .await?;
    Ok(platform)
}

async fn time<F, Fut>(label: &str, run: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    time_n(label, 7, run).await
}

/// Times `runs` runs; prints the median and the worst.
async fn time_n<F, Fut>(label: &str, runs: usize, mut run: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        run().await?;
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "  {label:<44} médiane {:>7.1} ms   pire {:>7.1} ms",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let offers: usize = args
        .next()
        .map_or(Ok(10_000), |a| a.parse())
        .context("OFFERS must be a number")?;
    let registrations: usize = args
        .next()
        .map_or(Ok(50_000), |a| a.parse())
        .context("REGISTRATIONS must be a number")?;
    let platform_count: usize = args
        .next()
        .map_or(Ok(1), |a| a.parse())
        .context("PLATFORMS must be a number")?;
    let year = clock::iso_date(now())[..4].to_owned();
    for engine in engines() {
        let pool = fresh_pool(engine).await?;
        let t = Instant::now();
        let mut all = Vec::new();
        for k in 0..platform_count {
            all.push((
                load(&pool, k, offers, registrations, &year).await?,
                format!("Banc d'essai {k}"),
            ));
        }
        let platform = all[0].0;
        let name = match engine {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        };
        println!(
            "{name} : {platform_count} plateforme(s) × ({offers} offres, {registrations} inscriptions) sur l'année {year}, chargées en {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let scope = Scope {
            platform: Some(platform),
            from: clock::from_paris(&format!("{year}-01-01"), "00:00").context("date")?,
            to: clock::from_paris(&format!("{}-01-01", year.parse::<i32>()? + 1), "00:00")
                .context("date")?,
        };
        let platforms = vec![(platform, "Banc d'essai".to_owned())];
        let d = indicators::dashboard(&pool, &scope, 2026, String::new(), &platforms).await?;
        let figure = |key: &str| {
            d.figures
                .iter()
                .find(|f| f.key == key)
                .map(|f| f.shown())
                .unwrap_or_default()
        };
        println!(
            "  (postes détectés {}, demandeurs présents {}, part des publics cibles {})",
            figure("positions"),
            figure("present"),
            figure("priority_present")
        );
        time("tableau de bord de l'année (29 indicateurs)", || async {
            indicators::dashboard(&pool, &scope, 2026, String::new(), &platforms).await?;
            Ok(())
        })
        .await?;
        time("détail « demandeurs présents »", || async {
            indicators::drill_down(&pool, &scope, "present", String::new()).await?;
            Ok(())
        })
        .await?;
        time("tableau de bord + classeur XLSX", || async {
            let d = indicators::dashboard(&pool, &scope, 2026, String::new(), &platforms).await?;
            indicators::workbook(&d, None)?;
            Ok(())
        })
        .await?;
        time("tableau de bord de l'année, à nouveau", || async {
            indicators::dashboard(&pool, &scope, 2026, String::new(), &platforms).await?;
            Ok(())
        })
        .await?;
        if platform_count > 1 {
            // The Région's view: every platform together.
            let region = Scope {
                platform: None,
                ..scope
            };
            time_n(
                &format!("Région : les {platform_count} plateformes"),
                3,
                || async {
                    indicators::dashboard(&pool, &region, 2026, String::new(), &all).await?;
                    Ok(())
                },
            )
            .await?;
            time_n("Région : tableau de bord + classeur XLSX", 3, || async {
                let d = indicators::dashboard(&pool, &region, 2026, String::new(), &all).await?;
                indicators::workbook(&d, None)?;
                Ok(())
            })
            .await?;
        }
    }
    Ok(())
}
