//! Benchmark of the public offer search: loads N published public offers
//! (default 100,000) into a fresh database of each engine (SQLite always,
//! PostgreSQL when TEST_POSTGRES_URL is set), then times typical searches
//! and prints the median and worst time of each. The searches go around
//! the portal's search cache: this is what a search nobody made in the
//! last moments costs. The databases are removed once measured (kept,
//! and their address printed, when BENCH_KEEP_DATABASE is set).
//!
//! `cargo run --release -p tests --bin bench_search [N]`

use std::time::{Duration, Instant};

use anyhow::Context;
use app::backend::db::Pool;
use app::backend::repo::public_offers;
use app::model::PublicQuery;
use tests::{discard_database, engines, fresh_pool_at, Engine};

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
        let (pool, url) = fresh_pool_at(engine).await?;
        let t = Instant::now();
        tests::bench_data::load_public_offers(&pool, n).await?;
        // Opened again, as the server opens a database it starts on: each
        // connection reads the planner's statistics when it opens (on
        // SQLite, those opened before the load would keep none until the
        // pool replaces them, within 30 minutes).
        pool.close().await;
        let pool = app::backend::db::connect(&url).await?;
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
        time(&pool, "métier rare H2207", &query("", "H2207", "", "", "")).await?;
        time(&pool, "commune rare Arras", &query("", "", "Arras", "", "")).await?;
        time(
            &pool,
            "commune sans offre Amiens",
            &query("", "", "Amiens", "", ""),
        )
        .await?;
        time(
            &pool,
            "métier sans offre « ébéniste » + Lens",
            &query("", "ébéniste", "Lens", "", ""),
        )
        .await?;
        time(
            &pool,
            "« cariste » + Bruay + intérim",
            &query("cariste", "", "Bruay-la-Buissière", "interim", ""),
        )
        .await?;
        // Hundreds of megabytes a run: removed once measured, unless
        // BENCH_KEEP_DATABASE is set (to study a plan on the very data).
        if std::env::var_os("BENCH_KEEP_DATABASE").is_some() {
            println!("  base gardée : {url}");
        } else {
            discard_database(pool, &url).await?;
        }
    }
    Ok(())
}
