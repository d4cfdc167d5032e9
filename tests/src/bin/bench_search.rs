//! Benchmark of the public offer search: loads N published public offers
//! (default 100,000) into a fresh database of each engine (SQLite always,
//! PostgreSQL when TEST_POSTGRES_URL is set), then times typical searches
//! and prints the median and worst time of each.
//!
//! `cargo run --release -p tests --bin bench_search [N]`

use std::time::{Duration, Instant};

use anyhow::Context;
use app::backend::db::{now, Pool};
use app::backend::repo::{platforms, public_offers, users};
use app::model::text::words;
use app::model::{PublicQuery, Role};
use tests::{engines, fresh_pool, Engine};

const TITLES: &[(&str, &str)] = &[
    ("Soudeur TIG", "H2913"),
    ("Cariste CACES 3", "N1101"),
    ("Menuisier poseur", "H2206"),
    ("Agent d'entretien", "K2204"),
    ("Aide à domicile", "K1304"),
    ("Préparateur de commandes", "N1103"),
    ("Boulanger", "D1102"),
    ("Maçon", "F1703"),
    ("Comptable", "M1203"),
    ("Conducteur de bus", "N4103"),
];
const COMMUNES: &[&str] = &["62119", "62178", "62193", "62498", "62510"];
const CONTRACTS: &[&str] = &["cdi", "cdd", "interim", "alternance", "saisonnier", "stage"];
const FILLER: &str = "Poste en atelier ou sur chantier selon profil, horaires de journée, \
    équipe accueillante, formation interne assurée, mutuelle et tickets restaurant.";

async fn load(pool: &Pool, n: usize) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    let platform = platforms::create(&mut tx, "bench", "Banc d'essai", &["200072460"]).await?;
    let company = users::create_company(
        &mut tx,
        &users::NewCompany {
            platform_id: platform,
            siret: "73282932000074",
            name: "Entreprise du banc",
            naf_division: Some("25"),
            headcount_band: Some("03"),
            commune_insee: Some("62119"),
        },
    )
    .await?;
    let user = users::create(
        &mut tx,
        &users::NewUser {
            email: "banc@x.fr",
            full_name: "Banc",
            password_hash: "x",
            role: Role::Company,
            platform_id: None,
            company_id: Some(company),
            partner_org_id: None,
        },
    )
    .await?;
    let start = now() - n as i64;
    for chunk in (0..n).collect::<Vec<_>>().chunks(200) {
        let mut offers = String::from(
            "INSERT INTO offers (platform_id, company_id, title, contract_type, positions, commune_insee, \
             description, published_elsewhere, status, created_by, created_at, updated_at, rome_code, \
             publish_consent, published_at, expires_at) VALUES ",
        );
        let mut terms = Vec::new();
        for (k, i) in chunk.iter().enumerate() {
            let (title, rome) = TITLES[i % TITLES.len()];
            let title = format!("{title} {}", i % 997);
            let commune = COMMUNES[i % COMMUNES.len()];
            let contract = CONTRACTS[i % CONTRACTS.len()];
            let at = start + *i as i64;
            if k > 0 {
                offers.push(',');
            }
            offers.push_str(&format!(
                "({platform}, {company}, '{}', '{contract}', 1, '{commune}', '{}', 'nowhere', 'published', \
                 {user}, {at}, {at}, '{rome}', 1, {at}, {})",
                title.replace('\'', "''"),
                FILLER.replace('\'', "''"),
                at + 60 * 86_400
            ));
            terms.push(words(&format!("{title} {FILLER} Entreprise du banc")));
        }
        sqlx::query(&offers).execute(&mut *tx).await?;
        let (last,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM offers")
            .fetch_one(&mut *tx)
            .await?;
        let first = last - chunk.len() as i64 + 1;
        let mut values = Vec::new();
        for (k, ws) in terms.iter().enumerate() {
            for w in ws {
                values.push(format!(
                    "('{}', {})",
                    w.replace('\'', "''"),
                    first + k as i64
                ));
            }
        }
        for part in values.chunks(1000) {
            sqlx::query(&format!(
                "INSERT INTO offer_words (term, offer_id) VALUES {}",
                part.join(",")
            ))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    // Fresh statistics, as a live database has them.
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}

fn query(q: &str, rome: &str, commune: &str, contract: &str, page: &str) -> PublicQuery {
    PublicQuery {
        q: q.into(),
        rome: rome.into(),
        commune: commune.into(),
        contract: contract.into(),
        epci: String::new(),
        page: page.into(),
    }
}

async fn time(pool: &Pool, label: &str, q: &PublicQuery) -> anyhow::Result<()> {
    let mut times: Vec<Duration> = Vec::new();
    let mut total = 0;
    for _ in 0..15 {
        let t = Instant::now();
        let found = public_offers::search(pool, q).await?;
        times.push(t.elapsed());
        total = found.total;
    }
    times.sort();
    println!(
        "  {label:<42} {total:>7} offres   médiane {:>7.2} ms   pire {:>7.2} ms",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = match std::env::args().nth(1) {
        Some(a) => a.parse().context("N must be a number of offers")?,
        None => 100_000,
    };
    for engine in engines() {
        let pool = fresh_pool(engine).await?;
        let t = Instant::now();
        load(&pool, n).await?;
        let name = match engine {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        };
        println!(
            "{name} : {n} offres publiques chargées en {:.1} s",
            t.elapsed().as_secs_f64()
        );
        time(&pool, "tout, première page", &query("", "", "", "", "")).await?;
        time(&pool, "tout, page 200", &query("", "", "", "", "200")).await?;
        time(
            &pool,
            "mot fréquent « poste »",
            &query("poste", "", "", "", ""),
        )
        .await?;
        time(&pool, "préfixe « soud »", &query("soud", "", "", "", "")).await?;
        time(
            &pool,
            "deux mots « agent entretien »",
            &query("agent entretien", "", "", "", ""),
        )
        .await?;
        time(&pool, "métier H2206", &query("", "H2206", "", "", "")).await?;
        time(
            &pool,
            "commune Béthune + CDI",
            &query("", "", "Béthune (62400)", "cdi", ""),
        )
        .await?;
        time(
            &pool,
            "« cariste » + Bruay + intérim",
            &query("cariste", "", "Bruay-la-Buissière", "interim", ""),
        )
        .await?;
    }
    Ok(())
}
