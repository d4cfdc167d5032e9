//! Benchmark of sign-in under a burst: starts the portal in this process
//! (SQLite, demo data), times one sign-in alone (median of 10), then sends
//! 32 sign-ins at once and prints how much the process's peak memory grew
//! (Argon2id takes 19 MiB per hash: the hashing limit keeps a burst from
//! taking the server's memory) and how long the burst took. Loopback only.
//!
//! `cargo run --release -p tests --bin bench_signin`

use std::time::{Duration, Instant};

use tests::{Engine, TestServer};

const PASSWORD: &str = "demo-prochemploi";
const ACCOUNTS: &[&str] = &[
    "admin@demo.prochemploi.fr",
    "equipe.bethune@demo.prochemploi.fr",
    "equipe.lens@demo.prochemploi.fr",
    "conseiller.ft@demo.prochemploi.fr",
    "conseiller.ml@demo.prochemploi.fr",
    "conseiller.cap@demo.prochemploi.fr",
    "contact@menuiserie-artois.demo.fr",
    "region@demo.prochemploi.fr",
];

/// The process's peak resident memory (VmHWM), in KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

async fn sign_in(base: String, email: &'static str) -> anyhow::Result<Duration> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let started = Instant::now();
    let res = client
        .post(format!("{base}/api/login"))
        .form(&[("email", email), ("password", PASSWORD), ("next", "")])
        .send()
        .await?;
    anyhow::ensure!(
        res.status().is_success() || res.status().is_redirection(),
        "sign-in of {email} answered {}",
        res.status()
    );
    Ok(started.elapsed())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let server = TestServer::start(Engine::Sqlite).await?;
    let base = server.url("");
    // Warm up: the first hash, the first page.
    sign_in(base.clone(), ACCOUNTS[0]).await?;
    let mut alone = Vec::new();
    for i in 0..10 {
        alone.push(sign_in(base.clone(), ACCOUNTS[i % ACCOUNTS.len()]).await?);
    }
    alone.sort();
    let before = peak_kib();
    let started = Instant::now();
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..32 {
        burst.spawn(sign_in(base.clone(), ACCOUNTS[i % ACCOUNTS.len()]));
    }
    let mut failed = 0;
    while let Some(done) = burst.join_next().await {
        if !matches!(done, Ok(Ok(_))) {
            failed += 1;
        }
    }
    let took = started.elapsed();
    let after = peak_kib();
    println!(
        "one sign-in alone, median of 10: {} ms",
        alone[5].as_millis()
    );
    println!(
        "32 sign-ins at once: {} ms in all, {failed} failed; peak memory grew by {} MiB ({} -> {} MiB)",
        took.as_millis(),
        after.saturating_sub(before) / 1024,
        before / 1024,
        after / 1024
    );
    Ok(())
}
