//! Defence in depth against cross-site request forgery: besides the
//! `SameSite=Lax` session cookie, a state-changing request whose `Origin`
//! names another site is refused.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether the `Origin` header (if any) is this very host.
fn same_origin(origin: Option<&str>, host: Option<&str>) -> bool {
    match (origin, host) {
        (None, _) => true,
        (Some("null"), _) => false,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host),
        (Some(_), None) => false,
    }
}

/// Refuses cross-site POSTs.
pub async fn check(request: Request, next: Next) -> Response {
    if request.method() == Method::POST {
        let headers = request.headers();
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        if !same_origin(origin, host) {
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
    use super::same_origin;

    #[test]
    fn origins() {
        assert!(same_origin(None, Some("127.0.0.1:3000")));
        assert!(same_origin(
            Some("http://127.0.0.1:3000"),
            Some("127.0.0.1:3000")
        ));
        assert!(same_origin(
            Some("https://portail.prochemploi.fr"),
            Some("portail.prochemploi.fr")
        ));
        assert!(!same_origin(
            Some("https://evil.example"),
            Some("portail.prochemploi.fr")
        ));
        assert!(!same_origin(Some("null"), Some("portail.prochemploi.fr")));
    }
}
