//! Bounds on what a request may bring: body size by kind (413), a
//! multipart body must name its boundary (400), and the client address is
//! resolved once (from the trusted proxy header when one is configured).

use std::net::SocketAddr;

use app::backend::client::{self, ClientIp};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::StatusCode;

/// The largest body of a multipart form (a 2 MB CV and its fields).
pub const MULTIPART_MAX_BYTES: usize = 3 * 1024 * 1024;
/// The largest body of any other request (the longest form is far below).
pub const FORM_MAX_BYTES: usize = 256 * 1024;

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// Refuses oversized bodies and multipart bodies without boundary; limits
/// the body while it is read when its length was not announced.
pub async fn bound_body(request: Request, next: Next) -> Response {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let multipart = content_type.starts_with("multipart/");
    if multipart && !content_type.contains("boundary=") {
        return plain(
            StatusCode::BAD_REQUEST,
            "Formulaire illisible : rechargez la page puis réessayez.",
        );
    }
    let limit = if multipart {
        MULTIPART_MAX_BYTES
    } else {
        FORM_MAX_BYTES
    };
    let announced = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > limit) {
        return plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Envoi trop volumineux : le CV ne doit pas dépasser 2 Mo et les textes doivent rester raisonnables.",
        );
    }
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(request).await
}

/// Puts the client's address in the request: the connection's peer, or,
/// when `trusted_header` is set (behind a reverse proxy), that header's.
pub async fn resolve_client(
    trusted_header: Option<std::sync::Arc<str>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let from_proxy = trusted_header.as_deref().and_then(|name| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(client::from_proxy_header)
    });
    if let Some(ip) = from_proxy.or(peer) {
        request.extensions_mut().insert(ClientIp(ip));
    }
    next.run(request).await
}
