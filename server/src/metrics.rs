//! Prometheus metrics, served at `/metrics` on their own address
//! (`PROCHEMPLOI_METRICS_ADDR`), never on the portal's: requests by route
//! and status with latency histograms, the database pool, the e-mail
//! outbox, the background jobs. Labels are routes as declared
//! (`/offres/{id}`), never paths as typed, so nobody's data ends up in a
//! label and the number of series stays bounded.

use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use app::backend::db::{self, Pool};

use axum::routing::get;
use http::{header, HeaderValue, Method, StatusCode};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    job: &'static str,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 2 ms to about 8 s.
    Histogram::new(exponential_buckets(0.002, 2.0, 13))
}

/// The portal's metrics (one set per running portal).
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    pool_connections: Family<StateLabels, Gauge>,
    pool_max: Gauge,
    outbox_messages: Family<StateLabels, Gauge>,
    outbox_oldest: Gauge<f64, AtomicU64>,
    job_runs: Family<JobLabels, Counter>,
    job_failures: Family<JobLabels, Counter>,
    listening: OnceLock<SocketAddr>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Metrics {
    /// A new set, every series at zero.
    pub fn new() -> Arc<Metrics> {
        let mut registry = Registry::with_prefix("prochemploi");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by method, route and status",
            requests.clone(),
        );
        let latency: LatencyFamily = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request (until its headers), by method and route",
            latency.clone(),
        );
        let pool_connections = Family::<StateLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database connections open, by state (idle, in_use)",
            pool_connections.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "Most connections the pool may open",
            pool_max.clone(),
        );
        let outbox_messages = Family::<StateLabels, Gauge>::default();
        registry.register(
            "outbox_messages",
            "E-mails in the outbox not delivered, by state (pending, failed)",
            outbox_messages.clone(),
        );
        let outbox_oldest = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest e-mail waiting for delivery (0 when none waits)",
            outbox_oldest.clone(),
        );
        let job_runs = Family::<JobLabels, Counter>::default();
        registry.register(
            "job_runs",
            "Runs of the background jobs, by job",
            job_runs.clone(),
        );
        let job_failures = Family::<JobLabels, Counter>::default();
        registry.register(
            "job_failures",
            "Failed runs of the background jobs, by job",
            job_failures.clone(),
        );
        Arc::new(Metrics {
            registry,
            requests,
            latency,
            pool_connections,
            pool_max,
            outbox_messages,
            outbox_oldest,
            job_runs,
            job_failures,
            listening: OnceLock::new(),
        })
    }

    /// Counts an answered request.
    pub fn observe(&self, method: &Method, route: &str, status: StatusCode, took: Duration) {
        let method = method.as_str().to_owned();
        self.requests
            .get_or_create(&RequestLabels {
                method: method.clone(),
                route: route.to_owned(),
                status: status.as_u16(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                method,
                route: route.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    /// Counts a run of a background job, failed when `result` is an error
    /// (logged); gives the result's value back.
    pub fn job<T, E: std::fmt::Display>(
        &self,
        job: &'static str,
        result: Result<T, E>,
    ) -> Option<T> {
        let labels = JobLabels { job };
        self.job_runs.get_or_create(&labels).inc();
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.job_failures.get_or_create(&labels).inc();
                tracing::error!(job, error = %e, "background job failed");
                None
            }
        }
    }

    /// Where `/metrics` is served, once listening.
    pub fn address(&self) -> Option<SocketAddr> {
        self.listening.get().copied()
    }

    /// The metrics in Prometheus's text format, the pool and outbox read now.
    pub async fn render(&self, pool: &Pool) -> String {
        let idle = i64::try_from(pool.num_idle()).unwrap_or(i64::MAX);
        let open = i64::from(pool.size());
        self.pool_connections
            .get_or_create(&StateLabels { state: "idle" })
            .set(idle);
        self.pool_connections
            .get_or_create(&StateLabels { state: "in_use" })
            .set((open - idle).max(0));
        self.pool_max
            .set(i64::from(pool.options().get_max_connections()));
        match outbox_state(pool).await {
            Ok(state) => {
                for (name, count) in [("pending", state.pending), ("failed", state.failed)] {
                    self.outbox_messages
                        .get_or_create(&StateLabels { state: name })
                        .set(count);
                }
                let age = state.oldest_pending.map_or(0, |at| (db::now() - at).max(0));
                self.outbox_oldest.set(age as f64);
            }
            Err(e) => tracing::warn!(error = %e, "metrics: the outbox could not be read"),
        }
        let mut text = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::error!(error = %e, "metrics could not be encoded");
        }
        text
    }
}

struct OutboxState {
    pending: i64,
    failed: i64,
    oldest_pending: Option<i64>,
}

async fn outbox_state(pool: &Pool) -> sqlx::Result<OutboxState> {
    let rows: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT status, COUNT(*), MIN(created_at) FROM outbox \
         WHERE status IN ('pending', 'failed') GROUP BY status",
    )
    .fetch_all(pool)
    .await?;
    let mut state = OutboxState {
        pending: 0,
        failed: 0,
        oldest_pending: None,
    };
    for (status, count, oldest) in rows {
        if status == "pending" {
            state.pending = count;
            state.oldest_pending = oldest;
        } else {
            state.failed = count;
        }
    }
    Ok(state)
}

/// Serves `/metrics` on `addr` until `stop` turns true.
pub fn spawn_listener(
    addr: SocketAddr,
    metrics: Arc<Metrics>,
    pool: Pool,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    use anyhow::Context;
    let listener = std::net::TcpListener::bind(addr)
        .with_context(|| format!("could not listen on {addr} (PROCHEMPLOI_METRICS_ADDR)"))?;
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let bound = listener.local_addr()?;
    let _ = metrics.listening.set(bound);
    tracing::info!(address = %bound, "metrics served at /metrics");
    let router = axum::Router::new().route(
        "/metrics",
        get(move || {
            let metrics = metrics.clone();
            let pool = pool.clone();
            async move {
                (
                    [(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static(
                            "application/openmetrics-text; version=1.0.0; charset=utf-8",
                        ),
                    )],
                    metrics.render(&pool).await,
                )
            }
        }),
    );
    Ok(tokio::spawn(async move {
        let stopped = async move {
            while !*stop.borrow() {
                if stop.changed().await.is_err() {
                    break;
                }
            }
        };
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(stopped)
            .await
        {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    }))
}

#[cfg(test)]
impl Metrics {
    /// The registry, for tests that read the series directly.
    pub(crate) fn registry_for_tests(&self) -> &Registry {
        &self.registry
    }
}
