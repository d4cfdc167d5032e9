//! The benchmark's burst: N candidates connect at the same instant to
//! register for one event, each on a connection of its own and from an
//! address of its own (the portal trusts `X-Forwarded-For` in the
//! benchmark), for fewer seats than people. Counts who got an answer,
//! times the answers, and reads the database for oversell.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use app::backend::db::{now, Pool};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Barrier;

/// What the burst gave.
#[derive(Debug)]
pub struct Burst {
    pub people: usize,
    /// Answered with a status line (any).
    pub answered: usize,
    /// Registered (a seat or the waiting list: the redirect to the event).
    pub registered: usize,
    /// Connections refused, reset or left without an answer.
    pub lost: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub capacity: i64,
    /// Confirmed registrations (rows) and the event's own counter.
    pub confirmed_rows: i64,
    pub confirmed_counter: i64,
}

impl Burst {
    /// Whether more people hold a seat than the event has.
    pub fn oversold(&self) -> bool {
        self.confirmed_rows > self.capacity || self.confirmed_counter != self.confirmed_rows
    }
}

/// One registration, sent as a browser without JavaScript sends it: its
/// status, and whether the portal took it (the redirect to the event page
/// saying so; a refusal goes back to the form).
async fn register(addr: &str, host: &str, event: i64, i: usize) -> anyhow::Result<(u16, bool)> {
    let body = format!(
        "event_id={event}&full_name=Candidat+{i}&email=rafale{i}%40exemple.fr&phone=&situation=demandeur\
         &referrer=france_travail&priority_jeune=&priority_senior=&priority_rqth=&priority_qpv=\
         &priority_licenciement_eco=&priority_sortant_formation=&priority_rsa=&priority_consent=\
         &answer_1=Oui&answer_2=Oui&answer_3=Oui&consent=oui"
    );
    let request = format!(
        "POST /api/register_for_event HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nAccept: text/html\r\n\
         Referer: http://{host}/evenements/{event}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         X-Forwarded-For: 10.{}.{}.{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        (i >> 16) & 255,
        (i >> 8) & 255,
        i & 255,
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no status line")?;
    let taken = text.lines().take_while(|l| !l.trim().is_empty()).any(|l| {
        l.to_ascii_lowercase().starts_with("location:") && l.contains("inscription=envoyee")
    });
    Ok((status, taken))
}

/// Opens `seats` seats more on `event` (registrations open), then sends
/// `people` registrations at once.
pub async fn run(
    pool: &Pool,
    base: &str,
    event: i64,
    people: usize,
    seats: i64,
) -> anyhow::Result<Burst> {
    let week = 7 * 86_400;
    let at = now() + 14 * 86_400;
    sqlx::query(
        "UPDATE events SET capacity = confirmed + reserved + $1, registration_deadline = $2, \
         starts_at = $3, ends_at = $4, status = 'published' WHERE id = $5",
    )
    .bind(seats)
    .bind(now() + week)
    .bind(at)
    .bind(at + 3600)
    .bind(event)
    .execute(pool)
    .await?;
    let host = base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let barrier = Arc::new(Barrier::new(people));
    let tasks: Vec<_> = (0..people)
        .map(|i| {
            let (barrier, host) = (barrier.clone(), host.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let t = Instant::now();
                let status =
                    tokio::time::timeout(Duration::from_secs(60), register(&host, &host, event, i))
                        .await;
                (status, t.elapsed())
            })
        })
        .collect();
    let (mut answered, mut registered, mut lost) = (0, 0, 0);
    let mut times = Vec::new();
    for task in tasks {
        let (status, took) = task.await?;
        match status {
            Ok(Ok((_, taken))) => {
                answered += 1;
                times.push(took);
                if taken {
                    registered += 1;
                }
            }
            _ => lost += 1,
        }
    }
    times.sort();
    let at_q = |q: f64| {
        times
            .get(((times.len().max(1) - 1) as f64 * q) as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let (capacity, confirmed_counter): (i64, i64) =
        sqlx::query_as("SELECT capacity, confirmed FROM events WHERE id = $1")
            .bind(event)
            .fetch_one(pool)
            .await?;
    let (confirmed_rows,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed'",
    )
    .bind(event)
    .fetch_one(pool)
    .await?;
    Ok(Burst {
        people,
        answered,
        registered,
        lost,
        p50_ms: at_q(0.5),
        p99_ms: at_q(0.99),
        max_ms: at_q(1.0),
        capacity,
        confirmed_rows,
        confirmed_counter,
    })
}
