//! The no-JavaScript error round trip, kept server-side. Leptos sends a
//! refused form back to the page with the error (typed values included)
//! base64-encoded in the address; here that redirect is rewritten: the
//! error goes into the database behind a random id, the id into a
//! short-lived cookie, and the address stays clean. The page's next render
//! takes the error (once) and shows it.

use app::backend::db::Pool;
use app::backend::repo::flashes;
use app::flash::Flash;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header::{ACCEPT, COOKIE, LOCATION, SET_COOKIE};
use http::{HeaderValue, Method};

const COOKIE_NAME: &str = "pe_flash";

/// The cookie's value in a request, if any.
fn cookie(request: &Request) -> Option<String> {
    request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == COOKIE_NAME && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

/// Splits a redirect target into the target without `__path` / `__err`
/// and the error they carried.
fn split_location(location: &str) -> Option<(String, Flash)> {
    let (base, query) = location.split_once('?')?;
    let (query, fragment) = match query.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (query, None),
    };
    let mut path = None;
    let mut err = None;
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("__path", v)) => path = Some(decode(v)),
            Some(("__err", v)) => err = Some(decode(v)),
            _ if !pair.is_empty() => kept.push(pair),
            _ => {}
        }
    }
    let flash = Flash {
        path: path?,
        err: err?,
    };
    let mut target = base.to_owned();
    if !kept.is_empty() {
        target.push('?');
        target.push_str(&kept.join("&"));
    }
    if let Some(f) = fragment {
        target.push('#');
        target.push_str(f);
    }
    Some((target, flash))
}

/// Percent-decoding of a query value (`+` is a space).
fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                i += 1;
            }
            (None, b) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn flash_cookie(value: &str, max_age: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// Takes the error for a page, and keeps the error of a refused form.
pub async fn round_trip(pool: Pool, secure: bool, mut request: Request, next: Next) -> Response {
    let wants_page = request.method() == Method::GET
        && request
            .headers()
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
    let mut taken = false;
    if wants_page {
        if let Some(id) = cookie(&request) {
            taken = true;
            match flashes::take(&pool, &id).await {
                Ok(Some((path, err))) => {
                    request.extensions_mut().insert(Flash { path, err });
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "reading a form error failed"),
            }
        }
    }
    let is_post = request.method() == Method::POST;
    let mut response = next.run(request).await;
    if taken {
        if let Some(v) = flash_cookie("", 0, secure) {
            response.headers_mut().append(SET_COOKIE, v);
        }
    }
    if is_post && response.status().is_redirection() {
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(split_location);
        if let Some((target, flash)) = location {
            match flashes::put(&pool, &flash.path, &flash.err).await {
                Ok(id) => {
                    if let (Ok(loc), Some(c)) = (
                        HeaderValue::from_str(&target),
                        flash_cookie(&id, flashes::FLASH_SECS, secure),
                    ) {
                        response.headers_mut().insert(LOCATION, loc);
                        response.headers_mut().append(SET_COOKIE, c);
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "keeping a form error failed");
                    if let Ok(loc) = HeaderValue::from_str(&target) {
                        response.headers_mut().insert(LOCATION, loc);
                    }
                }
            }
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_leaves_the_address() {
        let (target, flash) = split_location(
            "http://127.0.0.1:3000/evenements/3?x=1&__path=%2Fapi%2Fregister&__err=eyJh%3D#form",
        )
        .expect("split");
        assert_eq!(target, "http://127.0.0.1:3000/evenements/3?x=1#form");
        assert_eq!(flash.path, "/api/register");
        assert_eq!(flash.err, "eyJh=");
        assert!(split_location("/offres?page=2").is_none());
    }
}
