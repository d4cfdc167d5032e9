//! A short-lived cache of the public pages as anonymous visitors get them
//! (`/`, the offers and their search, the events, each offer and event):
//! a burst of visitors costs one rendering per page and per
//! `PROCHEMPLOI_PAGE_CACHE_MS` (default 1,000 ms; 0 turns it off).
//!
//! Only `GET`s without any of the portal's cookies (no session, no flash,
//! no rights request) are served from it, and only `200` answers that set
//! no cookie are kept. Any other request that may change something (every
//! non-`GET` one) empties this instance's cache, so a person never sees
//! the page from before their own change; another instance's changes show
//! within the delay. Each entry keeps its whole answer, headers included
//! (the nonce of its policy with it): a cached page is the same bytes for
//! everyone during its second.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Pages larger than this are not kept.
const MAX_BODY: usize = 2 * 1024 * 1024;
/// Entries kept at most (beyond, the cache starts again empty).
const MAX_ENTRIES: usize = 10_000;

#[derive(Clone)]
struct Entry {
    at: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// The cache of one instance.
pub struct PageCache {
    ttl: Duration,
    entries: Mutex<HashMap<Key, Entry>>,
}

impl PageCache {
    pub fn new(ttl: Duration) -> Arc<Self> {
        Arc::new(Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        })
    }

    fn get(&self, key: &Key) -> Option<Entry> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|e| e.at.elapsed() < self.ttl)
            .cloned()
    }

    fn put(&self, key: Key, entry: Entry) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, entry);
        }
    }

    fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

/// Whether `path` is a public page that reads the same for every
/// anonymous visitor.
pub fn public_page(path: &str) -> bool {
    let numbered = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    };
    matches!(path, "/" | "/offres" | "/evenements")
        || numbered("/offres/")
        || numbered("/evenements/")
}

/// Whether the request carries one of the portal's cookies.
fn has_portal_cookie(headers: &HeaderMap) -> bool {
    headers.get_all(header::COOKIE).iter().any(|v| {
        v.to_str()
            .is_ok_and(|text| text.split(';').any(|c| c.trim_start().starts_with("pe_")))
    })
}

/// What an answer depends on: the path and query, the encodings the
/// browser takes, and whether the page is shown in place (without the
/// inline head, see `app::client_files::IN_PLACE_HEADER`).
type Key = (String, String, bool);

/// The cache key of a request it may serve.
fn key(request: &Request) -> Option<Key> {
    if request.method() != Method::GET
        || !public_page(request.uri().path())
        || has_portal_cookie(request.headers())
    {
        return None;
    }
    let target = request.uri().path_and_query()?.as_str().to_owned();
    let encoding = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let in_place = request
        .headers()
        .contains_key(app::client_files::IN_PLACE_HEADER);
    Some((target, encoding, in_place))
}

fn answer(entry: Entry) -> Response {
    let mut response = Response::new(Body::from(entry.body));
    *response.status_mut() = entry.status;
    *response.headers_mut() = entry.headers;
    response
}

/// The middleware (see the module's text).
pub async fn serve(cache: Arc<PageCache>, request: Request, next: Next) -> Response {
    if cache.ttl.is_zero() {
        return next.run(request).await;
    }
    let Some(key) = key(&request) else {
        if !matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS
        ) {
            // Cleared before and after: a page rendered meanwhile from the
            // state before the change is not kept.
            cache.clear();
            let response = next.run(request).await;
            cache.clear();
            return response;
        }
        return next.run(request).await;
    };
    if let Some(hit) = cache.get(&key) {
        return answer(hit);
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            let entry = Entry {
                at: Instant::now(),
                status: parts.status,
                headers: parts.headers,
                body: bytes,
            };
            cache.put(key, entry.clone());
            answer(entry)
        }
        Err(_) => crate::server_error(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_public_pages() {
        for p in ["/", "/offres", "/evenements", "/offres/12", "/evenements/3"] {
            assert!(public_page(p), "{p}");
        }
        for p in [
            "/offres/12/x",
            "/offres/",
            "/evenements/3/agenda.ics",
            "/equipe",
            "/connexion",
            "/mes-donnees",
            "/alertes",
        ] {
            assert!(!public_page(p), "{p}");
        }
    }

    #[test]
    fn the_portal_cookies_bypass_it() {
        let mut h = HeaderMap::new();
        assert!(!has_portal_cookie(&h));
        h.insert(header::COOKIE, "theme=sombre".parse().expect("header"));
        assert!(!has_portal_cookie(&h));
        h.insert(
            header::COOKIE,
            "theme=sombre; pe_session=abc".parse().expect("header"),
        );
        assert!(has_portal_cookie(&h));
    }
}
