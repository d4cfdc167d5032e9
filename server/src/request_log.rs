//! Every request gets an id, sent back in `X-Request-Id` and carried by
//! every log line written while it is served (the `request` span), and one
//! access line (`target: access`: method, route as declared, status, time;
//! never the path or query as typed, which may hold what people searched
//! for). Behind a trusted proxy, the proxy's `X-Request-Id` is kept so that
//! its log and ours tell the same story.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use tracing::Instrument;

use crate::metrics::Metrics;

/// The header that carries the id.
pub const REQUEST_ID: &str = "x-request-id";

/// The request's id, for handlers that want it.
#[derive(Clone, Debug)]
pub struct RequestId(pub Arc<str>);

/// An id the proxy sent, if it looks like one (letters, digits, `-`, `_`,
/// `.`, at most 64 characters).
fn from_proxy(request: &Request) -> Option<Arc<str>> {
    let value = request.headers().get(REQUEST_ID)?.to_str().ok()?.trim();
    let fine = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    fine.then(|| Arc::from(value))
}

/// The label for a request's route: the route as declared (Leptos declares
/// each server function by its own path), `fallback` for static files and
/// pages not found — never the path as typed.
fn route_of(request: &Request) -> String {
    request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("fallback", axum::extract::MatchedPath::as_str)
        .to_owned()
}

/// 16 random hexadecimal characters.
fn new_id() -> Arc<str> {
    Arc::from(app::backend::token::random_hex(8))
}

/// The middleware: id, span, metrics, access line.
pub async fn trace(
    trust_proxy: bool,
    metrics: Arc<Metrics>,
    mut request: Request,
    next: Next,
) -> Response {
    let id = trust_proxy
        .then(|| from_proxy(&request))
        .flatten()
        .unwrap_or_else(new_id);
    let route = route_of(&request);
    let method = request.method().clone();
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    request.extensions_mut().insert(RequestId(id.clone()));
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let took = started.elapsed();
    let status = response.status();
    metrics.observe(&method, &route, status, took);
    span.in_scope(|| {
        tracing::info!(
            target: "access",
            status = status.as_u16(),
            ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
            "answered"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// The process's log subscriber: readable text (coloured only for a
/// terminal: a file or journal gets plain lines), or one JSON object per
/// line with the request span's fields (`PROCHEMPLOI_LOG_FORMAT=json`).
pub fn subscriber<W>(
    json: bool,
    colour: bool,
    writer: W,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour && !json)
        .with_writer(writer);
    if json {
        Box::new(
            builder
                .json()
                .with_current_span(true)
                .with_span_list(false)
                .finish(),
        )
    } else {
        Box::new(builder.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use std::sync::Mutex;
    use tower::ServiceExt;

    /// A writer into a shared buffer.
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if let Ok(mut b) = self.0.lock() {
                b.extend_from_slice(bytes);
            }
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'w> tracing_subscriber::fmt::MakeWriter<'w> for Buffer {
        type Writer = Buffer;
        fn make_writer(&'w self) -> Buffer {
            self.clone()
        }
    }

    async fn call(router: axum::Router, id: Option<&str>) -> Response {
        let mut request = Request::builder().uri("/offres/7?q=secret");
        if let Some(id) = id {
            request = request.header(REQUEST_ID, id);
        }
        router
            .oneshot(request.body(Body::empty()).expect("request"))
            .await
            .expect("answer")
    }

    fn lines(buffer: &Buffer) -> Vec<serde_json::Value> {
        let bytes = buffer.0.lock().expect("buffer").clone();
        String::from_utf8(bytes)
            .expect("utf-8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
            .collect()
    }

    fn router(trust_proxy: bool, metrics: Arc<Metrics>) -> axum::Router {
        axum::Router::new()
            .route(
                "/offres/{id}",
                get(|| async {
                    tracing::warn!("inside the handler");
                    "ok"
                }),
            )
            .layer(axum::middleware::from_fn(move |req, next| {
                trace(trust_proxy, metrics.clone(), req, next)
            }))
    }

    #[test]
    fn text_logs_are_coloured_only_for_a_terminal() {
        for (colour, escapes) in [(false, false), (true, true)] {
            let buffer = Buffer::default();
            tracing::subscriber::with_default(subscriber(false, colour, buffer.clone()), || {
                tracing::warn!("a warning");
            });
            let text = String::from_utf8(buffer.0.lock().expect("buffer").clone()).expect("utf-8");
            assert!(text.contains("WARN"), "{text}");
            assert_eq!(text.contains('\u{1b}'), escapes, "{text}");
        }
    }

    #[test]
    fn request_ids_json_logs_and_counts() {
        let buffer = Buffer::default();
        let metrics = Metrics::new();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let response =
            tracing::subscriber::with_default(subscriber(true, false, buffer.clone()), || {
                runtime.block_on(call(router(false, metrics.clone()), Some("from-outside")))
            });
        let id = response
            .headers()
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .expect("an X-Request-Id")
            .to_owned();
        assert_eq!(id.len(), 16, "a new id: the client's is not trusted");
        let lines = lines(&buffer);
        let inside = lines
            .iter()
            .find(|l| l["fields"]["message"] == "inside the handler")
            .expect("the handler's line");
        assert_eq!(inside["span"]["id"], id.as_str());
        assert_eq!(inside["span"]["route"], "/offres/{id}");
        let access = lines
            .iter()
            .find(|l| l["target"] == "access")
            .expect("the access line");
        assert_eq!(access["fields"]["status"], 200);
        assert_eq!(access["span"]["id"], id.as_str());
        let all = lines.iter().map(|l| l.to_string()).collect::<String>();
        assert!(!all.contains("secret") && !all.contains("/offres/7"));

        // Behind a trusted proxy, its id is kept if it looks like one. (One
        // test: tracing caches per call site whether anyone listens, so a
        // parallel test without a subscriber would silence this one.)
        let kept = runtime.block_on(call(router(true, metrics.clone()), Some("nginx-42")));
        assert_eq!(kept.headers()[REQUEST_ID], "nginx-42");
        let odd = runtime.block_on(call(router(true, metrics.clone()), Some("a b\"c")));
        assert_ne!(odd.headers()[REQUEST_ID], "a b\"c");
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, metrics.registry_for_tests())
            .expect("encoded");
        assert!(
            text.contains(
                "prochemploi_http_requests_total{method=\"GET\",route=\"/offres/{id}\",status=\"200\"} 3"
            ),
            "{text}"
        );
        assert!(text.contains("prochemploi_http_request_duration_seconds_count{method=\"GET\",route=\"/offres/{id}\"} 3"));
    }
}
