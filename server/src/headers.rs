//! Security headers on every answer: the Content-Security-Policy (pages get
//! one with their own nonce, set while rendering), Strict-Transport-Security
//! over HTTPS, Permissions-Policy, and `Cache-Control: no-store` on
//! everything that is not a static file, so that signed-in pages and pages
//! reached by a personal link never stay in a browser's or proxy's cache.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, STRICT_TRANSPORT_SECURITY,
};
use http::HeaderValue;

/// The policy, with the nonce of the page's inline scripts and style sheet
/// when there are.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!(
            "script-src 'self' 'nonce-{n}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{n}'"
        ),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_owned(),
    };
    // `cargo leptos watch` (LEPTOS_WATCH set): its live-reload socket.
    let watch = if *WATCH {
        "; connect-src 'self' ws: wss:"
    } else {
        ""
    };
    format!(
        "default-src 'self'; {scripts}; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'{watch}"
    )
}

static WATCH: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("LEPTOS_WATCH").is_some());

/// The camera is the portal's own (the check-in's QR scanner, on pages
/// reached by navigation inside the app); the browser still asks the user.
const PERMISSIONS_POLICY: &str =
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

/// Whether an answer is a static file (style, script, image, font), which
/// may be cached.
fn is_static(response: &Response) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            [
                "text/css",
                "text/javascript",
                "application/javascript",
                "application/wasm",
                "image/",
                "font/",
            ]
            .iter()
            .any(|s| ct.starts_with(s))
        })
}

/// Adds the headers; `https` says whether the portal's public URL is HTTPS.
pub async fn add(https: bool, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_static = is_static(&response);
    let headers = response.headers_mut();
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&content_security_policy(None)) {
            headers.insert(CONTENT_SECURITY_POLICY, v);
        }
    }
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if !is_static && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_nonce() {
        let p = content_security_policy(Some("abc"));
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(p.contains("style-src 'self' 'nonce-abc'"));
        assert!(p.contains("object-src 'none'") && p.contains("frame-ancestors 'none'"));
        assert!(!content_security_policy(None).contains("nonce"));
    }
}
