//! `cargo xtask bench [N]`: builds the release portal, then on a fresh
//! SQLite database and a fresh PostgreSQL one (demo data plus N public
//! offers, 100,000 by default) measures the public pages and the static
//! files against nginx serving the very same bytes, and the first visit of
//! the public pages in headless Chromium (bytes on the wire, time until
//! hydrated, CPU slowed 4x, beside nginx serving the same bytes), on each
//! engine; then new searches (around the caches) and the Région's
//! all-platform dashboard and workbook at the region's scale (23
//! platforms × a year: 230,000 offers, 1,150,000 registrations) on both
//! engines. It prints figures; it never fails on a slow machine (a
//! benchmark is not a test).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build::{self, TempDir};
use crate::postgres::Postgres;
use crate::sh::{self, Result};
use crate::{proxy, setup};

/// The portal, stopped on drop.
struct Portal(std::process::Child);

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The public pages whose first visit is measured in Chromium.
const FIRST_VISITS: &str = "/ /offres /evenements /connexion /alertes";

/// Measures one engine's portal.
fn bench_engine(
    server: &PathBuf,
    tool: &Path,
    nginx: &Path,
    engine: &str,
    database_url: &str,
    n: usize,
    chromium: &Path,
) -> Result<()> {
    let dir = TempDir::new("bench")?;
    let (child, url, _) = build::start_portal(
        server,
        &[
            ("DATABASE_URL", database_url.to_owned()),
            ("PROCHEMPLOI_ADDR", "127.0.0.1:0".to_owned()),
            ("PROCHEMPLOI_JOBS_EVERY_SECS", "3600".to_owned()),
            ("PROCHEMPLOI_OFFER_DAYS", "60".to_owned()),
            // The burst comes from 1,000 addresses, given by this header.
            (
                "PROCHEMPLOI_TRUSTED_PROXY_HEADER",
                "X-Forwarded-For".to_owned(),
            ),
            (
                "PROCHEMPLOI_KEY_FILE",
                dir.0.join("secret.key").display().to_string(),
            ),
            (
                "PROCHEMPLOI_UPLOADS_DIR",
                dir.0.join("uploads").display().to_string(),
            ),
        ],
    )?;
    let _portal = Portal(child);
    sh::run(
        Command::new(tool)
            .args([url.as_str(), database_url, engine, &n.to_string()])
            .env("PROCHEMPLOI_NGINX", nginx),
    )?;
    println!("\n{engine} — première visite dans Chromium (cache vide, processeur ralenti 4x) :");
    sh::run(
        Command::new("node")
            .current_dir(sh::root().join("tests").join("browser"))
            .arg("bench_client.mjs")
            .env("BASE_URL", &url)
            .env("PAGES", FIRST_VISITS)
            .env("CHROMIUM", chromium)
            .env("NGINX_BIN", nginx)
            .env("SITE_ROOT", build::site_dir()),
    )?;
    Ok(())
}

/// `cargo xtask bench [N]`.
pub fn run(args: &[String]) -> Result<()> {
    let n: usize = match args.first() {
        Some(a) => a.parse().map_err(|_| format!("N must be a number: {a}"))?,
        None => 100_000,
    };
    let server = build::build_all()?;
    sh::run(sh::cargo().args([
        "build",
        "--release",
        "-p",
        "tests",
        "--bin",
        "bench_http",
        "--bin",
        "bench_indicators",
        "--bin",
        "bench_search",
    ]))?;
    let tool = sh::target_dir().join("release").join("bench_http");
    let nginx = proxy::nginx()?;
    let chromium = setup::chromium()?;
    setup::browser_test_modules()?;
    let sqlite_dir = TempDir::new("bench-sqlite")?;
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        sqlite_dir.0.join("bench.db").display()
    );
    bench_engine(&server, &tool, &nginx, "SQLite", &sqlite, n, &chromium)?;
    let pg = Postgres::start()?;
    pg.sql("postgres", "CREATE DATABASE bench")?;
    bench_engine(
        &server,
        &tool,
        &nginx,
        "PostgreSQL",
        &pg.database_url("bench"),
        n,
        &chromium,
    )?;
    // What a search nobody made in the last moments costs (the pages
    // above come from the caches after their first request).
    println!("\nRecherches nouvelles (sans cache), {n} offres publiques :");
    sh::run(
        Command::new(sh::target_dir().join("release").join("bench_search"))
            .arg(n.to_string())
            .env("TEST_POSTGRES_URL", pg.database_url("postgres")),
    )?;
    // The Région's dashboard: 23 platforms of 10,000 offers and 50,000
    // registrations each, on SQLite then PostgreSQL.
    println!("\nTableau de bord de la Région, 23 plateformes :");
    sh::run(
        Command::new(sh::target_dir().join("release").join("bench_indicators"))
            .args(["10000", "50000", "23"])
            .env("TEST_POSTGRES_URL", pg.database_url("postgres")),
    )?;
    Ok(())
}
