//! The server as a library: builds the router around a database, so that
//! the binary and the tests start it the same way.

mod access;
mod calendar;
pub mod config;
mod cycle_exports;
mod exports;
mod flash;
pub mod headers;
mod indicator_exports;
mod lean_html;
mod limits;
pub mod maintenance;
pub mod metrics;
mod origin;
mod page_cache;
mod partner_api;
mod privacy_exports;
pub mod request_log;
mod serve;
pub mod shutdown;
mod static_files;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use app::backend::client::ClientIp;
use app::backend::clock;
use app::backend::db::{self, Pool};
use app::backend::indicators::PeriodQuery;
use app::backend::mail::delivery::{self, Mailer};
use app::backend::mail::{application_follow_up, digest, event_reminders, expiry};
use app::backend::state::{AppState, Settings};
use app::backend::{accounts, demo, repo};
use app::{shell, App};
use axum::body::Body;
use axum::extract::Request;
use axum::extract::{Path, Query};
use axum::routing::{get, post};
use axum::Extension;
use axum::Router;
use http::{header, HeaderValue};
use leptos::prelude::*;
use leptos_axum::{
    generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes,
};
use tokio::sync::Notify;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use config::Config;
pub use metrics::Metrics;

/// Opens the database, runs the migrations, loads the reference data, and
/// in demo mode the demo data.
pub async fn prepare_database(config: &Config) -> anyhow::Result<Pool> {
    install_secret_key(config)?;
    let pool = db::connect(&config.database_url).await?;
    repo::reference::load(&pool)
        .await
        .context("loading the communes and EPCIs")?;
    if config.demo && demo::seed(&pool).await.context("loading the demo data")? {
        tracing::info!("demo data loaded");
    }
    bootstrap_admin(&pool).await?;
    let indexed = repo::public_offers::reindex_missing(&pool)
        .await
        .context("indexing the public offers for the search")?;
    if indexed > 0 {
        tracing::info!(offers = indexed, "public offers indexed for the search");
    }
    Ok(pool)
}

/// Installs the server's key (see [`config::KeySource`]).
fn install_secret_key(config: &Config) -> anyhow::Result<()> {
    app::backend::secrets::install(secret_key(config)?);
    Ok(())
}

/// The server's key from the configuration (see [`config::KeySource`]):
/// outside demo mode it must exist.
pub fn secret_key(config: &Config) -> anyhow::Result<app::backend::secrets::SecretKey> {
    use app::backend::secrets::SecretKey;
    Ok(match &config.secret_key {
        Some(config::KeySource::Hex(hex)) => {
            SecretKey::from_hex(hex).context("PROCHEMPLOI_SECRET_KEY")?
        }
        Some(config::KeySource::File(path)) if config.demo => SecretKey::from_file(path)?,
        Some(config::KeySource::File(path)) => SecretKey::read_file(path).with_context(|| {
            format!(
                "no key: outside demo mode the portal needs its encryption key. Set \
                 PROCHEMPLOI_SECRET_KEY (64 hex characters), or create the key file {} with \
                 `prochemploi gen-key > {}` (see README, « Clé de chiffrement »)",
                path.display(),
                path.display()
            )
        })?,
        None => SecretKey::random(),
    })
}

/// Creates the first admin from PROCHEMPLOI_ADMIN_EMAIL and
/// PROCHEMPLOI_ADMIN_PASSWORD when no admin exists yet.
async fn bootstrap_admin(pool: &Pool) -> anyhow::Result<()> {
    let (Ok(email), Ok(password)) = (
        std::env::var("PROCHEMPLOI_ADMIN_EMAIL"),
        std::env::var("PROCHEMPLOI_ADMIN_PASSWORD"),
    ) else {
        return Ok(());
    };
    if repo::users::admin_exists(pool).await? {
        return Ok(());
    }
    let name =
        std::env::var("PROCHEMPLOI_ADMIN_NAME").unwrap_or_else(|_| "Administration".to_owned());
    accounts::create_admin(pool, &email, &name, &password)
        .await
        .context("creating the first admin from PROCHEMPLOI_ADMIN_EMAIL")?;
    tracing::info!("first admin account created from the environment");
    Ok(())
}

/// The Leptos options: the client is `/pkg/frontend.<hash>.js` and
/// `.wasm` under the site root (`frontend.js`, `frontend_bg.wasm` when the
/// build wrote no hash file).
pub fn leptos_options(config: &Config) -> LeptosOptions {
    // Under `cargo leptos watch`, the live-reload port it listens on.
    let reload_port = std::env::var("LEPTOS_RELOAD_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3001);
    // The build names the client's files after their content and lists
    // them in `hash.txt` beside the binary (see the README, Building the
    // client); without it (tests, `cargo leptos`), the plain names.
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("hash.txt")))
        .is_some_and(|f| f.exists());
    LeptosOptions::builder()
        .output_name("frontend")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .reload_port(reload_port)
        .hash_files(hashed)
        .build()
}

/// The state shared by pages and server functions.
pub fn app_state(config: &Config, pool: Pool) -> AppState {
    AppState {
        pool,
        settings: Arc::new(Settings {
            cookie_secure: config.public_url.starts_with("https://"),
            session_lifetime_secs: config.session_hours * 3600,
            demo: config.demo,
            public_url: config.public_url.clone(),
            offer_lifetime_days: config.offer_days,
            uploads_dir: config.uploads_dir.clone(),
            application_days: config.application_days,
            delay_margin: config.delay_margin,
            api_calls_per_minute: config.api_calls_per_minute,
            mail_body_days: config.mail_body_days,
            retention: config.retention,
            legal: app::model::legal::LegalInfo {
                application_days: config.retention.applications_days,
                registration_days: config.retention.registrations_days,
                mail_address_days: config.retention.mail_address_days,
                mail_body_days: config.mail_body_days,
                ..config.legal.clone()
            },
        }),
        mail_wake: Arc::new(Notify::new()),
        funder_logo: Arc::default(),
        search_cache: Arc::default(),
    }
}

/// From this Paris hour on, the day's partner digest is sent.
const DIGEST_HOUR: u8 = 7;

/// Sends the partners' digest once a day (checked every ten minutes and at
/// start, so a day missed while the server was down is caught up).
fn spawn_daily_digest(
    state: &AppState,
    metrics: Arc<Metrics>,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let pool = state.pool.clone();
    let wake = state.mail_wake.clone();
    let base = state.settings.public_url.trim_end_matches('/').to_owned();
    tokio::spawn(async move {
        loop {
            let (day, hour) = clock::paris_day_and_hour(db::now());
            if hour >= DIGEST_HOUR
                && metrics.job("partner_digest", digest::run(&pool, &day, &base).await) > Some(0)
            {
                wake.notify_one();
            }
            if shutdown::pause(&mut stop, every).await {
                break;
            }
        }
    })
}

/// Sends offer expiry reminders, expires offers past their date, reminds
/// candidates of their events, and builds the monthly reports of the months
/// ended (checked every ten minutes and at start, so missed work is caught
/// up).
fn spawn_offer_expiry(
    state: &AppState,
    metrics: Arc<Metrics>,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let pool = state.pool.clone();
    let wake = state.mail_wake.clone();
    let base = state.settings.public_url.trim_end_matches('/').to_owned();
    let application_days = state.settings.application_days;
    let mail_body_days = state.settings.mail_body_days;
    let uploads = state.settings.uploads_dir.clone();
    let durations = state.settings.retention;
    let margin = state.settings.delay_margin;
    tokio::spawn(async move {
        loop {
            // Each job that queued e-mail wakes the delivery worker.
            let mut queued = false;
            let expired = metrics.job("offer_expiry", expiry::run_now(&pool, &base).await);
            queued |= expired.is_some_and(|(mails, _)| mails > 0);
            let follow_up =
                application_follow_up::run(&pool, db::now(), application_days, &base).await;
            queued |= metrics.job("application_follow_up", follow_up) > Some(0);
            let reminders = event_reminders::run(&pool, db::now(), &base).await;
            queued |= metrics.job("event_reminders", reminders) > Some(0);
            let surveys = app::backend::outcome_survey::ask_due(&pool, db::now(), &base).await;
            queued |= metrics.job("outcome_surveys", surveys) > Some(0);
            let alerts = app::backend::job_alerts::run(&pool, db::now(), &base).await;
            queued |= metrics.job("job_alerts", alerts) > Some(0);
            let reports =
                app::backend::indicators::run_monthly_reports(&pool, db::now(), &base, margin)
                    .await;
            queued |= metrics.job("monthly_reports", reports) > Some(0);
            if queued {
                wake.notify_one();
            }
            metrics.job("housekeeping", housekeeping(&pool, mail_body_days).await);
            let retention =
                app::backend::privacy::retention::run(&pool, &uploads, db::now(), durations);
            metrics.job("retention", retention.await);
            if shutdown::pause(&mut stop, every).await {
                break;
            }
        }
    })
}

/// Erases what must not outlive its use (old e-mail texts, refused forms
/// nobody came back for, throttling counters long over) and keeps the
/// planner's statistics current.
async fn housekeeping(pool: &Pool, mail_body_days: i64) -> sqlx::Result<()> {
    app::backend::mail::outbox::erase_old_bodies(pool, mail_body_days).await?;
    repo::flashes::purge(pool).await?;
    app::backend::throttle::purge(pool, 86_400).await?;
    db::refresh_statistics(pool).await?;
    Ok(())
}

/// `/readyz`: 200 when the database answers with every migration applied,
/// 503 otherwise (the reason in the log, not in the answer).
async fn readiness(state: AppState) -> (http::StatusCode, &'static str) {
    match db::ready(&state.pool).await {
        Ok(()) => (http::StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = format!("{e:#}"), "not ready");
            (http::StatusCode::SERVICE_UNAVAILABLE, "not ready")
        }
    }
}

/// Starts the background work: e-mail delivery, the partners' digest and
/// the expiry of offers.
pub fn spawn_background(
    config: &Config,
    state: &AppState,
    metrics: &Arc<Metrics>,
) -> anyhow::Result<shutdown::Workers> {
    let every = Duration::from_secs(config.jobs_every_secs);
    let (mut workers, stop) = shutdown::Workers::new();
    if let Some(addr) = config.metrics_addr {
        workers.add(metrics::spawn_listener(
            addr,
            metrics.clone(),
            state.pool.clone(),
            stop.clone(),
        )?);
    }
    workers.add(spawn_daily_digest(
        state,
        metrics.clone(),
        every,
        stop.clone(),
    ));
    workers.add(spawn_offer_expiry(
        state,
        metrics.clone(),
        every,
        stop.clone(),
    ));
    let mailer = Mailer::new(config.smtp_url.as_deref(), &config.mail_from)?;
    if matches!(mailer, Mailer::LogOnly) {
        tracing::info!("SMTP_URL not set: e-mails are kept in the mail log (/equipe/courriels)");
    }
    workers.add(delivery::spawn_worker(
        state.pool.clone(),
        Arc::new(mailer),
        state.mail_wake.clone(),
        Duration::from_secs(30),
        stop,
    ));
    Ok(workers)
}

/// The app's routes, listed once per process. Listing them renders the app
/// with resource loading switched off for the whole process (Leptos's
/// `SuppressResourceLoad`, leptos#4773): a page that another server of the
/// same process (the tests start many) was rendering at that moment would
/// wait forever for its data, and answer 408 after the request timeout.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole router: pages, server functions, static files, 404.
pub fn router(config: &Config, state: AppState, metrics: &Arc<Metrics>) -> Router {
    let options = leptos_options(config);
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            page_policy();
        }
    };
    let fn_context = context.clone();
    let export_state = state.clone();
    let fallback_context = context.clone();
    let pages = Router::new()
        .route(
            "/api/{*fn_name}",
            post(move |req: Request<Body>| handle_server_fns_with_context(fn_context.clone(), req)),
        )
        .merge(partner_api::routes(state.clone()))
        .route(
            "/partenaire/offres.csv",
            get(move |headers: http::HeaderMap| {
                exports::partner_offers_csv(export_state.clone(), headers)
            }),
        )
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", {
            let state = state.clone();
            get(move || readiness(state.clone()))
        })
        .route(app::model::funder::LOGO_PATH, {
            let state = state.clone();
            get(move || exports::funder_logo(state.clone()))
        })
        .route("/evenements/{id}/agenda.ics", {
            let state = state.clone();
            get(move |id| calendar::event_ics(state.clone(), id))
        })
        .route("/equipe/evenements/{id}/participants.csv", {
            let state = state.clone();
            get(
                move |Extension(ip): Extension<ClientIp>,
                      headers: http::HeaderMap,
                      Path(id): Path<String>| {
                    exports::event_participants(state.clone(), headers, ip.0, id, false)
                },
            )
        })
        .route("/equipe/evenements/{id}/participants.xlsx", {
            let state = state.clone();
            get(
                move |Extension(ip): Extension<ClientIp>,
                      headers: http::HeaderMap,
                      Path(id): Path<String>| {
                    exports::event_participants(state.clone(), headers, ip.0, id, true)
                },
            )
        })
        .route("/candidatures/{id}/cv", {
            let state = state.clone();
            get(
                move |Extension(ip): Extension<ClientIp>,
                      headers: http::HeaderMap,
                      Path(id): Path<String>| {
                    exports::application_cv(state.clone(), headers, ip.0, id)
                },
            )
        })
        .route("/equipe/indicateurs.xlsx", {
            let state = state.clone();
            get(
                move |headers: http::HeaderMap, Query(q): Query<PeriodQuery>| {
                    indicator_exports::indicators_file(state.clone(), headers, q, true)
                },
            )
        })
        .route("/equipe/bilans/{month}/bilan.xlsx", {
            let state = state.clone();
            get(
                move |headers: http::HeaderMap,
                      Path(month): Path<String>,
                      Query(mut q): Query<std::collections::HashMap<String, String>>| {
                    // `?plateforme=N`: the Région and admins read any platform's.
                    let platform = q.remove("plateforme");
                    indicator_exports::report_file(state.clone(), headers, month, platform)
                },
            )
        })
        .route("/equipe/bilan-annuel.pdf", {
            let state = state.clone();
            get(
                move |headers: http::HeaderMap,
                      Query(q): Query<std::collections::HashMap<String, String>>| {
                    cycle_exports::report_pdf(state.clone(), headers, q)
                },
            )
        })
        .route("/region/synthese.pdf", {
            let state = state.clone();
            get(
                move |headers: http::HeaderMap,
                      Query(q): Query<std::collections::HashMap<String, String>>| {
                    cycle_exports::regional_pdf(state.clone(), headers, q)
                },
            )
        })
        .route("/equipe/gouvernance/{id}/compte-rendu.pdf", {
            let state = state.clone();
            get(move |headers: http::HeaderMap, Path(id): Path<String>| {
                cycle_exports::minutes_pdf(state.clone(), headers, id)
            })
        })
        .route("/equipe/indicateurs.csv", {
            let state = state.clone();
            get(
                move |headers: http::HeaderMap, Query(q): Query<PeriodQuery>| {
                    indicator_exports::indicators_file(state.clone(), headers, q, false)
                },
            )
        })
        .route("/equipe/export/france-travail.json", {
            let state = state.clone();
            get(
                move |Extension(ip): Extension<ClientIp>, headers: http::HeaderMap| {
                    exports::france_travail_export(state.clone(), headers, ip.0, false)
                },
            )
        })
        .route("/equipe/export/france-travail.csv", {
            let state = state.clone();
            get(
                move |Extension(ip): Extension<ClientIp>, headers: http::HeaderMap| {
                    exports::france_travail_export(state.clone(), headers, ip.0, true)
                },
            )
        })
        .route("/mes-donnees/mes-donnees.json", {
            let state = state.clone();
            get(
                move |Extension(ip): Extension<ClientIp>, headers: http::HeaderMap| {
                    privacy_exports::my_data_json(state.clone(), headers, ip.0)
                },
            )
        })
        .route("/entreprise/donnees.json", {
            let state = state.clone();
            get(
                move |Extension(ip): Extension<ClientIp>, headers: http::HeaderMap| {
                    privacy_exports::company_json(state.clone(), headers, ip.0)
                },
            )
        })
        .route("/admin/journal.csv", {
            let state = state.clone();
            get(
                move |Extension(ip): Extension<ClientIp>, headers: http::HeaderMap| {
                    privacy_exports::audit_csv(state.clone(), headers, ip.0)
                },
            )
        })
        .route("/equipe/registres/{file}", {
            let state = state.clone();
            get(move |headers: http::HeaderMap, Path(file): Path<String>| {
                let state = state.clone();
                async move {
                    use privacy_exports::RegisterFile;
                    let (which, xlsx) = match file.as_str() {
                        "demandes.csv" => (RegisterFile::Requests, false),
                        "demandes.xlsx" => (RegisterFile::Requests, true),
                        "violations.csv" => (RegisterFile::Breaches, false),
                        "violations.xlsx" => (RegisterFile::Breaches, true),
                        _ => {
                            return exports::refuse(
                                http::StatusCode::NOT_FOUND,
                                "Ce registre n'existe pas.",
                            )
                        }
                    };
                    privacy_exports::register_file(state, headers, which, xlsx).await
                }
            })
        })
        .leptos_routes_with_context(&options, routes, context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            fallback_context,
            shell,
        ))
        .layer(axum::middleware::from_fn(lean_html::trim))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        // Leptos also routes each server function by its own path: the
        // matrix applies to every `/api/` request, whatever route serves it.
        .layer(axum::middleware::from_fn({
            let pool = state.pool.clone();
            move |req, next| access::server_fns(pool.clone(), req, next)
        }))
        .layer(axum::middleware::from_fn({
            let pool = state.pool.clone();
            let secure = config.public_url.starts_with("https://");
            move |req, next| flash::round_trip(pool.clone(), secure, req, next)
        }))
        .layer(axum::middleware::from_fn({
            let origin: Arc<str> = origin::origin_of(&config.public_url).into();
            move |req, next| origin::check(origin.clone(), req, next)
        }))
        .layer(axum::middleware::from_fn({
            let https = config.public_url.starts_with("https://");
            move |req, next| headers::add(https, req, next)
        }))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn({
            let cache = page_cache::PageCache::new(Duration::from_millis(config.page_cache_ms));
            move |req, next| page_cache::serve(cache.clone(), req, next)
        }))
        .layer(axum::middleware::from_fn(limits::bound_body))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_secs),
        ))
        .layer(axum::middleware::from_fn({
            let header: Option<Arc<str>> = config.trusted_proxy_header.as_deref().map(Arc::from);
            move |req, next| limits::resolve_client(header.clone(), req, next)
        }))
        .layer(CatchPanicLayer::custom(panic_answer))
        .layer(axum::middleware::from_fn({
            let trust_proxy = config.trusted_proxy_header.is_some();
            let metrics = metrics.clone();
            move |req, next| request_log::trace(trust_proxy, metrics.clone(), req, next)
        }))
        .layer(GlobalConcurrencyLimitLayer::new(
            config.max_concurrent_requests,
        ))
        .with_state(options);
    static_files::in_front_of(&config.site_root, pages)
}

/// While a page renders: its Content-Security-Policy with the nonce that
/// Leptos puts on the page's inline scripts.
fn page_policy() {
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) =
            HeaderValue::from_str(&headers::content_security_policy(Some(&nonce.to_string())))
        {
            response.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// A panic answers 500 with a French sentence; the connection stays up.
fn panic_answer(_: Box<dyn std::any::Any + Send + 'static>) -> http::Response<Body> {
    tracing::error!("a request handler panicked");
    server_error()
}

/// The answer when the server fails in a way the person can do nothing
/// about (a panic, a page's body that could not be read).
pub(crate) fn server_error() -> http::Response<Body> {
    let mut response = http::Response::new(Body::from(
        "Une erreur est survenue de notre côté. Réessayez dans un instant.",
    ));
    *response.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A listening socket with room for `backlog` connections waiting to be
/// accepted (a burst of 1,000 candidates is queued, not reset).
pub fn listen(
    addr: std::net::SocketAddr,
    backlog: u32,
) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(backlog)
}

/// Serves the portal on a bound listener until the process is stopped.
pub async fn serve(
    config: &Config,
    listener: tokio::net::TcpListener,
    router: Router,
) -> anyhow::Result<()> {
    serve_until(config, listener, router, shutdown::signal()).await
}

/// Serves until `stop` resolves, then lets the requests in progress finish
/// (10 s at most).
pub async fn serve_until(
    config: &Config,
    listener: tokio::net::TcpListener,
    router: Router,
    stop: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    serve::serve_with(
        listener,
        router,
        Duration::from_secs(config.header_timeout_secs),
        stop,
    )
    .await
}
