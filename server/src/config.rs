//! Configuration from the environment, with defaults that run the portal on
//! a fresh machine with nothing set.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;

/// Where and how the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// `PROCHEMPLOI_ADDR`, default 127.0.0.1:3000.
    pub addr: SocketAddr,
    /// `DATABASE_URL`, default an SQLite file under ./data/.
    pub database_url: String,
    /// `PROCHEMPLOI_SITE_ROOT`: the built client and static files.
    pub site_root: PathBuf,
    /// `PROCHEMPLOI_DEMO=1`: load and print the demo data.
    pub demo: bool,
    /// `PROCHEMPLOI_PUBLIC_URL`: how people reach the portal; `https://`
    /// makes cookies `Secure`.
    pub public_url: String,
    /// `PROCHEMPLOI_SESSION_HOURS`, default 12.
    pub session_hours: i64,
    /// `PROCHEMPLOI_OFFER_DAYS`, default 60: how long a published offer
    /// stays online before it expires (an extension adds as much).
    pub offer_days: i64,
    /// `PROCHEMPLOI_JOBS_EVERY_SECS`, default 600: how often the background
    /// jobs (partner digest, offer reminders and expiry) look for work.
    pub jobs_every_secs: u64,
    /// `PROCHEMPLOI_APPLICATION_DAYS`, default 14: how long a candidate
    /// proposed to a company waits for its answer (reminder halfway, closed
    /// at the end).
    pub application_days: i64,
    /// `PROCHEMPLOI_DELAY_MARGIN`, default 10: how many percent an
    /// indicator may stay under its objective prorated to the date before
    /// it is flagged late.
    pub delay_margin: u32,
    /// `PROCHEMPLOI_API_CALLS_PER_MINUTE`, default 120: how many calls one
    /// token of the partner API may make in a minute.
    pub api_calls_per_minute: i64,
    /// `PROCHEMPLOI_UPLOADS_DIR`, default `data/uploads`: where CVs are
    /// kept (never served as static files).
    pub uploads_dir: PathBuf,
    /// `SMTP_URL` (e.g. `smtp://user:password@host:587?tls=required`);
    /// without it, e-mails stay in the mail log.
    pub smtp_url: Option<String>,
    /// `PROCHEMPLOI_MAIL_FROM`.
    pub mail_from: String,
    /// `PROCHEMPLOI_TRUSTED_PROXY_HEADER` (e.g. `X-Forwarded-For`): behind
    /// a reverse proxy, the header that carries the client's address. Unset,
    /// the connection's address is the client's and such headers are ignored.
    pub trusted_proxy_header: Option<String>,
    /// `PROCHEMPLOI_REQUEST_TIMEOUT_SECS`, default 30: a request still
    /// running after this answers 408.
    pub request_timeout_secs: u64,
    /// `PROCHEMPLOI_HEADER_TIMEOUT_SECS`, default 10: a client must send its
    /// request's headers within this, or the connection is closed.
    pub header_timeout_secs: u64,
    /// `PROCHEMPLOI_MAX_CONCURRENT_REQUESTS`, default 256: requests served
    /// at once; more wait their turn.
    pub max_concurrent_requests: usize,
    /// `PROCHEMPLOI_PAGE_CACHE_MS`, default 1000 (0 turns it off): how long
    /// a public page, as anonymous visitors get it, is served again without
    /// rendering (see `page_cache`).
    pub page_cache_ms: u64,
    /// `PROCHEMPLOI_LISTEN_BACKLOG`, default 4096: connections the system
    /// queues before they are accepted (a burst of registrations).
    pub listen_backlog: u32,
    /// `PROCHEMPLOI_MAIL_BODY_DAYS`, default 30: the body of a sent e-mail is
    /// erased from the mail log after this many days (subject and recipient
    /// stay).
    pub mail_body_days: i64,
    /// Where the server's key comes from: `PROCHEMPLOI_SECRET_KEY` (64 hex
    /// characters, the same on every instance), else the key file
    /// `PROCHEMPLOI_KEY_FILE` (default `data/secret.key`, created on first
    /// start). `None`: a random key for this process (tests).
    pub secret_key: Option<KeySource>,
    /// `PROCHEMPLOI_RETENTION_APPLICATION_DAYS`, `..._REGISTRATION_DAYS`,
    /// `..._MAIL_DAYS` (default 730 each): how long candidates' data are
    /// kept after the last contact before the retention run anonymises them.
    pub retention: app::backend::privacy::retention::Durations,
    /// Who publishes the portal (legal notice, privacy page).
    pub legal: app::model::legal::LegalInfo,
    /// `PROCHEMPLOI_METRICS_ADDR` (e.g. `127.0.0.1:9464`): where Prometheus
    /// metrics are served at `/metrics`, apart from the portal (keep it off
    /// the public network). Unset, no metrics listener.
    pub metrics_addr: Option<SocketAddr>,
    /// `PROCHEMPLOI_LOG_FORMAT=json`: one JSON object per log line (for a
    /// log collector); otherwise readable text.
    pub json_logs: bool,
}

/// Where the server's key comes from.
#[derive(Clone, Debug)]
pub enum KeySource {
    /// 64 hex characters from the environment.
    Hex(String),
    /// A key file, created when missing.
    File(PathBuf),
}

impl Default for Config {
    /// The defaults of [`Config::from_env`] with nothing set.
    fn default() -> Self {
        let addr = SocketAddr::from(([127, 0, 0, 1], 3000));
        Config {
            addr,
            database_url: DEFAULT_DATABASE_URL.to_owned(),
            site_root: PathBuf::from("target/site"),
            demo: false,
            public_url: format!("http://{addr}"),
            session_hours: 12,
            offer_days: 60,
            jobs_every_secs: 600,
            application_days: 14,
            delay_margin: 10,
            api_calls_per_minute: 120,
            uploads_dir: PathBuf::from("data/uploads"),
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
            trusted_proxy_header: None,
            request_timeout_secs: 30,
            header_timeout_secs: 10,
            max_concurrent_requests: 256,
            // Off for the tests' servers, whose tests change the database
            // behind the portal's back; tested on its own.
            page_cache_ms: 0,
            listen_backlog: 4096,
            mail_body_days: 30,
            secret_key: None,
            retention: Default::default(),
            legal: app::model::legal::LegalInfo::demo(),
            metrics_addr: None,
            json_logs: false,
        }
    }
}

/// A positive number from the environment within `range`, or `default`.
fn number<T>(name: &str, range: std::ops::RangeInclusive<T>, default: T) -> anyhow::Result<T>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    match var(name) {
        Some(v) => v
            .trim()
            .parse::<T>()
            .ok()
            .filter(|n| range.contains(n))
            .with_context(|| {
                format!(
                    "{name} must be a number between {} and {}",
                    range.start(),
                    range.end()
                )
            }),
        None => Ok(default),
    }
}

/// The sender of the portal's e-mails.
pub const DEFAULT_MAIL_FROM: &str = "Proch'Emploi <ne-pas-repondre@prochemploi.fr>";

/// The default embedded database.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/prochemploi.db?mode=rwc";

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    /// Reads the environment.
    pub fn from_env() -> anyhow::Result<Config> {
        // LEPTOS_*: what `cargo leptos watch` sets when it runs the server.
        let addr = var("PROCHEMPLOI_ADDR")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".to_owned())
            .parse()
            .context("PROCHEMPLOI_ADDR must look like 127.0.0.1:3000")?;
        let session_hours = match var("PROCHEMPLOI_SESSION_HOURS") {
            Some(h) => h
                .parse()
                .context("PROCHEMPLOI_SESSION_HOURS must be a number of hours")?,
            None => 12,
        };
        let offer_days = match var("PROCHEMPLOI_OFFER_DAYS") {
            Some(d) => d
                .parse()
                .ok()
                .filter(|d| (1..=365).contains(d))
                .context("PROCHEMPLOI_OFFER_DAYS must be a number of days between 1 and 365")?,
            None => 60,
        };
        let jobs_every_secs = match var("PROCHEMPLOI_JOBS_EVERY_SECS") {
            Some(s) => s
                .parse()
                .ok()
                .filter(|s| (1..=86_400).contains(s))
                .context("PROCHEMPLOI_JOBS_EVERY_SECS must be a number of seconds")?,
            None => 600,
        };
        let application_days = match var("PROCHEMPLOI_APPLICATION_DAYS") {
            Some(d) => d.parse().ok().filter(|d| (2..=120).contains(d)).context(
                "PROCHEMPLOI_APPLICATION_DAYS must be a number of days between 2 and 120",
            )?,
            None => 14,
        };
        let delay_margin = match var("PROCHEMPLOI_DELAY_MARGIN") {
            Some(m) => m
                .parse()
                .ok()
                .filter(|m| *m <= 100)
                .context("PROCHEMPLOI_DELAY_MARGIN must be a percentage between 0 and 100")?,
            None => 10,
        };
        Ok(Config {
            addr,
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            site_root: var("PROCHEMPLOI_SITE_ROOT")
                .or_else(|| var("LEPTOS_SITE_ROOT"))
                .map_or_else(|| PathBuf::from("target/site"), PathBuf::from),
            demo: var("PROCHEMPLOI_DEMO").is_some_and(|v| v == "1" || v == "true"),
            public_url: var("PROCHEMPLOI_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")),
            session_hours,
            offer_days,
            jobs_every_secs,
            application_days,
            delay_margin,
            api_calls_per_minute: number("PROCHEMPLOI_API_CALLS_PER_MINUTE", 1..=100_000, 120)?,
            uploads_dir: var("PROCHEMPLOI_UPLOADS_DIR")
                .map_or_else(|| PathBuf::from("data/uploads"), PathBuf::from),
            smtp_url: var("SMTP_URL"),
            mail_from: var("PROCHEMPLOI_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned()),
            trusted_proxy_header: var("PROCHEMPLOI_TRUSTED_PROXY_HEADER"),
            request_timeout_secs: number("PROCHEMPLOI_REQUEST_TIMEOUT_SECS", 1..=3600, 30)?,
            header_timeout_secs: number("PROCHEMPLOI_HEADER_TIMEOUT_SECS", 1..=300, 10)?,
            max_concurrent_requests: number(
                "PROCHEMPLOI_MAX_CONCURRENT_REQUESTS",
                1..=100_000,
                256,
            )?,
            page_cache_ms: number("PROCHEMPLOI_PAGE_CACHE_MS", 0..=60_000, 1000)?,
            listen_backlog: number("PROCHEMPLOI_LISTEN_BACKLOG", 16..=65_535, 4096)?,
            mail_body_days: number("PROCHEMPLOI_MAIL_BODY_DAYS", 1..=3650, 30)?,
            secret_key: Some(match var("PROCHEMPLOI_SECRET_KEY") {
                Some(hex) => KeySource::Hex(hex),
                None => KeySource::File(
                    var("PROCHEMPLOI_KEY_FILE")
                        .map_or_else(|| PathBuf::from("data/secret.key"), PathBuf::from),
                ),
            }),
            retention: app::backend::privacy::retention::Durations {
                applications_days: number(
                    "PROCHEMPLOI_RETENTION_APPLICATION_DAYS",
                    30..=3650,
                    730,
                )?,
                registrations_days: number(
                    "PROCHEMPLOI_RETENTION_REGISTRATION_DAYS",
                    30..=3650,
                    730,
                )?,
                mail_address_days: number("PROCHEMPLOI_RETENTION_MAIL_DAYS", 30..=3650, 730)?,
            },
            legal: legal_from_env(&var),
            metrics_addr: var("PROCHEMPLOI_METRICS_ADDR")
                .map(|a| a.trim().parse())
                .transpose()
                .context("PROCHEMPLOI_METRICS_ADDR must look like 127.0.0.1:9464")?,
            json_logs: match var("PROCHEMPLOI_LOG_FORMAT").as_deref().map(str::trim) {
                None | Some("text") => false,
                Some("json") => true,
                Some(_) => anyhow::bail!("PROCHEMPLOI_LOG_FORMAT must be text or json"),
            },
        })
    }
}

/// The publisher's details from the environment; demo values for what is
/// not set.
fn legal_from_env(var: &impl Fn(&str) -> Option<String>) -> app::model::legal::LegalInfo {
    let demo = app::model::legal::LegalInfo::demo();
    app::model::legal::LegalInfo {
        publisher: var("PROCHEMPLOI_PUBLISHER").unwrap_or(demo.publisher),
        publisher_address: var("PROCHEMPLOI_PUBLISHER_ADDRESS").unwrap_or(demo.publisher_address),
        director: var("PROCHEMPLOI_PUBLICATION_DIRECTOR").unwrap_or(demo.director),
        host: var("PROCHEMPLOI_HOST").unwrap_or(demo.host),
        dpo_contact: var("PROCHEMPLOI_DPO_CONTACT").unwrap_or(demo.dpo_contact),
        accessibility_contact: var("PROCHEMPLOI_ACCESSIBILITY_CONTACT")
            .unwrap_or(demo.accessibility_contact),
        ..demo
    }
}
