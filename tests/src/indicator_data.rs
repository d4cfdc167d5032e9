//! A year of a platform's records at scale, written straight into the
//! database (companies, contacts, offers shared with France Travail,
//! applications and their steps, events with registrations, companies and
//! meetings): for the indicators' benchmark, and for the test that checks
//! the dashboards' counts against the drill-downs' records.

use anyhow::Context;
use app::backend::clock;
use app::backend::db::Pool;
use app::backend::repo::{platforms, users};
use app::model::{PartnerKind, Role};

const BANDS: &[&str] = &["00", "01", "02", "03", "11", "12", "21", "22"];
const ELSEWHERE: &[&str] = &["nowhere", "nowhere", "france_travail", "other_board"];

/// Runs `INSERT … VALUES` with the rows, 200 at a time.
pub async fn insert(
    pool: &Pool,
    head: &str,
    rows: impl Iterator<Item = String>,
) -> anyhow::Result<()> {
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
pub async fn next_id(pool: &Pool, table: &str) -> anyhow::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(&format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"))
        .fetch_one(pool)
        .await?;
    Ok(id)
}

/// Loads the year of platform number `k` (0, 1, …).
pub async fn load(
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
        "INSERT INTO applications (offer_id, platform_id, full_name, email, status, created_at, updated_at)",
        (0..applications).map(|i| {
            format!(
                "({}, {platform}, 'Candidat', 'c{i}@x.fr', 'received', {}, {})",
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
                "({}, 'Personne', 'p{i}@x.fr', 'demandeur', 'autre', '{}', 'confirmed', 'banc-{platform}-{i}', {from}, {from}, '{}')",
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
