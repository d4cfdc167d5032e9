//! Benchmark of sign-in under a burst: starts the portal in this process
//! (SQLite, demo data), sends 32 sign-ins at once and prints how much the
//! process's peak memory grew (Argon2id takes 19 MiB per hash: two hashing
//! threads with memory of their own keep a burst from taking the server's
//! memory) and how long the burst took, then times one sign-in alone
//! (median of 10). Loopback only.
//!
//! `cargo run --release -p tests --bin bench_signin` (`-- hashes N` times
//! only N password checks at once, default 4, without the server).

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

async fn sign_in(
    client: reqwest::Client,
    base: String,
    email: &'static str,
) -> anyhow::Result<Duration> {
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
    if std::env::args().nth(1).as_deref() == Some("hashes") {
        let stored = app::backend::password::hash("x".into()).await?;
        let before = peak_kib();
        let mut checks = tokio::task::JoinSet::new();
        let n: usize = std::env::args()
            .nth(2)
            .and_then(|v| v.parse().ok())
            .unwrap_or(4);
        for _ in 0..n {
            let stored = stored.clone();
            checks.spawn(
                async move { app::backend::password::verify("y".into(), Some(stored)).await },
            );
        }
        while checks.join_next().await.is_some() {}
        println!(
            "{n} password checks at once: peak memory grew by {} MiB",
            peak_kib().saturating_sub(before) / 1024
        );
        return Ok(());
    }
    let server = TestServer::start(Engine::Sqlite).await?;
    let base = server.url("");
    // One client (one connection pool) for every request: the memory
    // measured is the server's, not 32 clients'.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let started_kib = peak_kib();
    let started = Instant::now();
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..32 {
        burst.spawn(sign_in(
            client.clone(),
            base.clone(),
            ACCOUNTS[i % ACCOUNTS.len()],
        ));
    }
    let mut failed = 0;
    while let Some(done) = burst.join_next().await {
        if !matches!(done, Ok(Ok(_))) {
            failed += 1;
        }
    }
    let took = started.elapsed();
    let after_kib = peak_kib();
    let mut alone = Vec::new();
    for i in 0..10 {
        alone.push(sign_in(client.clone(), base.clone(), ACCOUNTS[i % ACCOUNTS.len()]).await?);
    }
    alone.sort();
    println!(
        "32 sign-ins at once on the started server: {} ms in all, {failed} failed; \
         peak memory grew by {} MiB ({} -> {} MiB)",
        took.as_millis(),
        after_kib.saturating_sub(started_kib) / 1024,
        started_kib / 1024,
        after_kib / 1024
    );
    println!(
        "then one sign-in alone, median of 10: {} ms",
        alone[5].as_millis()
    );
    Ok(())
}
