//! The authorization matrix applied to every server function before it
//! reads its arguments (see `app::backend::access`): unknown functions and
//! roles outside a function's row are refused.

use app::backend::access::{check, server_fn_access};
use app::backend::auth::{session_token_in, SessionUser};
use app::backend::db::Pool;
use app::backend::repo::sessions;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::StatusCode;

/// Refuses a server-function call the matrix does not allow.
pub async fn server_fns(pool: Pool, mut request: Request, next: Next) -> Response {
    let Some(endpoint) = request.uri().path().strip_prefix("/api/") else {
        return next.run(request).await;
    };
    let access = server_fn_access(endpoint);
    let needs_user = !matches!(access, Some(app::backend::access::Access::Anyone) | None);
    let role = match (needs_user, session_token_in(request.headers())) {
        (true, Some(token)) => match sessions::user_for_token(&pool, &token).await {
            Ok(user) => {
                let role = user.as_ref().map(|u| u.role);
                // The function reads this user instead of the session again.
                request.extensions_mut().insert(SessionUser(user));
                role
            }
            Err(e) => {
                tracing::error!(error = %e, "reading a session failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
        _ => None,
    };
    match check(access, role) {
        Ok(()) => next.run(request).await,
        Err(code) => {
            let (status, body) = if code == 401 {
                (StatusCode::UNAUTHORIZED, "\"Unauthenticated\"")
            } else {
                (StatusCode::FORBIDDEN, "\"Forbidden\"")
            };
            (status, [(CONTENT_TYPE, "application/json")], body).into_response()
        }
    }
}
