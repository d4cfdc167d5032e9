//! Defence in depth against cross-site request forgery: besides the
//! `SameSite=Lax` session cookie, a state-changing request that a browser
//! says comes from another site is refused. The browser's `Sec-Fetch-Site`
//! is trusted first; otherwise `Origin` must be the portal's public URL (as
//! configured, so that it works behind a reverse proxy that rewrites
//! `Host`) or the very host the request was sent to.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// `scheme://host[:port]` of a URL, without path or trailing slash.
pub fn origin_of(url: &str) -> String {
    let url = url.trim();
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
            format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                authority.to_ascii_lowercase()
            )
        }
        None => url.trim_end_matches('/').to_ascii_lowercase(),
    }
}

/// Whether a POST with these headers may go on.
fn allowed(
    public_origin: &str,
    fetch_site: Option<&str>,
    origin: Option<&str>,
    host: Option<&str>,
) -> bool {
    match fetch_site {
        Some("same-origin") | Some("none") => return true,
        Some(_) => return false,
        None => {}
    }
    match origin {
        None => true,
        Some("null") => false,
        Some(origin) => {
            let origin = origin_of(origin);
            origin == public_origin
                || host.is_some_and(|h| {
                    origin
                        .split_once("://")
                        .is_some_and(|(_, authority)| authority == h.to_ascii_lowercase())
                })
        }
    }
}

/// Refuses cross-site POSTs; `public_origin` comes from [`origin_of`].
pub async fn check(public_origin: std::sync::Arc<str>, request: Request, next: Next) -> Response {
    if request.method() == Method::POST {
        let headers = request.headers();
        let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if !allowed(
            &public_origin,
            get("sec-fetch-site"),
            get(header::ORIGIN.as_str()),
            get(header::HOST.as_str()),
        ) {
            return (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Requête refusée : elle ne vient pas du portail Proch'Emploi.",
            )
                .into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLIC: &str = "https://portail.prochemploi.fr";

    #[test]
    fn origins() {
        assert_eq!(origin_of("https://Portail.prochemploi.fr/x?y"), PUBLIC);
        assert!(allowed(PUBLIC, None, None, Some("127.0.0.1:3000")));
        assert!(allowed(
            PUBLIC,
            None,
            Some("http://127.0.0.1:3000"),
            Some("127.0.0.1:3000")
        ));
        // Behind a proxy that rewrites Host: the public URL is what counts.
        assert!(allowed(PUBLIC, None, Some(PUBLIC), Some("10.0.0.5:3000")));
        assert!(!allowed(
            PUBLIC,
            None,
            Some("https://evil.example"),
            Some("portail.prochemploi.fr")
        ));
        assert!(!allowed(
            PUBLIC,
            None,
            Some("null"),
            Some("portail.prochemploi.fr")
        ));
        assert!(allowed(PUBLIC, Some("same-origin"), Some(PUBLIC), None));
        assert!(!allowed(
            PUBLIC,
            Some("cross-site"),
            Some(PUBLIC),
            Some("portail.prochemploi.fr")
        ));
        assert!(!allowed(PUBLIC, Some("same-site"), None, None));
    }
}
