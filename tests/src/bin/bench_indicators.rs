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
use app::backend::db::now;
use app::backend::indicators::{self, Scope};
use tests::indicator_data::load;
use tests::{discard_database, engines, fresh_pool_at, Engine};

async fn time<F, Fut>(label: &str, run: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    time_n(label, 7, run).await.map(|_| ())
}

/// The target of issue 15 for the Région's dashboard (median).
const REGION_TARGET: Duration = Duration::from_secs(1);

/// Whether the Région's figure meets its target.
fn region_verdict(median: Duration) {
    println!(
        "    objectif (< {} s) : {}",
        REGION_TARGET.as_secs(),
        if median < REGION_TARGET {
            "atteint"
        } else {
            "NON ATTEINT"
        }
    );
}

/// Times `runs` runs; prints the median and the worst, and returns the
/// median.
async fn time_n<F, Fut>(label: &str, runs: usize, mut run: F) -> anyhow::Result<Duration>
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
    Ok(times[times.len() / 2])
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
        let (pool, url) = fresh_pool_at(engine).await?;
        let t = Instant::now();
        let mut all = Vec::new();
        for k in 0..platform_count {
            all.push((
                load(&pool, k, offers, registrations, &year).await?,
                format!("Banc d'essai {k}"),
            ));
        }
        if engine == Engine::Postgres {
            // What autovacuum does within a minute of such a load (the
            // visibility map lets index-only scans skip the table).
            sqlx::query("VACUUM ANALYZE").execute(&pool).await?;
        }
        // Opened again, as the server opens a database it starts on (its
        // connections read the planner's statistics when they open).
        pool.close().await;
        let pool = app::backend::db::connect(&url).await?;
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
            // Where the time goes: each kind of records read alone.
            for key in [
                "contacts",
                "circuits",
                "positions",
                "applications",
                "present",
                "trade_leaders",
            ] {
                time_n(&format!("Région : relevés de « {key} »"), 1, || async {
                    indicators::measure_one(&pool, &region, key).await?;
                    Ok(())
                })
                .await?;
            }
            let dashboard = time_n(
                &format!("Région : les {platform_count} plateformes"),
                3,
                || async {
                    indicators::dashboard(&pool, &region, 2026, String::new(), &all).await?;
                    Ok(())
                },
            )
            .await?;
            region_verdict(dashboard);
            let workbook = time_n("Région : tableau de bord + classeur XLSX", 3, || async {
                let d = indicators::dashboard(&pool, &region, 2026, String::new(), &all).await?;
                indicators::workbook(&d, None)?;
                Ok(())
            })
            .await?;
            region_verdict(workbook);
        }
        // Hundreds of megabytes a run: removed once measured.
        discard_database(pool, &url).await?;
    }
    Ok(())
}
