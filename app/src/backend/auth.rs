//! Who is calling: the session cookie, the signed-in user, and the checks
//! every server function runs before it acts.

use http::header::{ACCEPT, COOKIE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderValue, Method, StatusCode};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::repo::sessions;
use super::state::AppState;
use crate::error::AppError;
use crate::model::{CurrentUser, Role};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "pe_session";

/// The state the server provided, or an internal error.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The session token sent by the browser, if any.
pub fn session_token() -> Option<String> {
    use_context::<Parts>().and_then(|p| cookie_value(&p.headers, SESSION_COOKIE))
}

/// The session token in a request's headers (for plain axum handlers).
pub fn session_token_in(headers: &http::HeaderMap) -> Option<String> {
    cookie_value(headers, SESSION_COOKIE)
}

/// The session's user as the server read it before a server function
/// (put in the request's extensions, which clients cannot set).
#[derive(Clone, Debug)]
pub struct SessionUser(pub Option<CurrentUser>);

/// The signed-in user, if the session is live.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    // The authorization matrix already read the session of this call.
    if let Some(SessionUser(user)) =
        use_context::<Parts>().and_then(|p| p.extensions.get::<SessionUser>().cloned())
    {
        return Ok(user);
    }
    let Some(token) = session_token() else {
        return Ok(None);
    };
    let state = state()?;
    Ok(sessions::user_for_token(&state.pool, &token).await?)
}

/// The signed-in user, who must have one of `roles`.
pub async fn require(roles: &[Role]) -> Result<CurrentUser, AppError> {
    let user = current_user().await?.ok_or(AppError::Unauthenticated)?;
    if roles.contains(&user.role) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

fn set_cookie(value: String) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&value),
    ) {
        res.append_header(SET_COOKIE, v);
    }
}

/// A cookie of a request's headers (for plain axum handlers).
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    cookie_value(headers, name)
}

/// A cookie of the current request.
pub fn cookie(name: &str) -> Option<String> {
    use_context::<Parts>().and_then(|p| cookie_value(&p.headers, name))
}

/// Sends a cookie (HttpOnly, SameSite=Lax, Secure over HTTPS); a
/// `max_age` of 0 removes it.
pub fn send_cookie(name: &str, value: &str, max_age: i64, state: &AppState) {
    let secure = if state.settings.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    set_cookie(format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ));
}

/// Sends the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS.
pub fn send_session_cookie(token: &str, state: &AppState) {
    let secure = if state.settings.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    set_cookie(format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        state.settings.session_lifetime_secs
    ));
}

/// Tells the browser to forget the session cookie.
pub fn clear_session_cookie(state: &AppState) {
    let secure = if state.settings.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    set_cookie(format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ));
}

/// Whether this request is a plain HTML form post (JavaScript off): the
/// browser then follows a redirect rather than reading JSON.
pub fn is_plain_form_post() -> bool {
    use_context::<Parts>().is_some_and(|p| {
        p.method == Method::POST
            && p.headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// Sets the HTTP status that goes with an error, for pages and for server
/// functions called by script; a plain form post keeps its redirect.
pub fn report(err: AppError) -> AppError {
    if !is_plain_form_post() {
        if let (Some(res), Ok(code)) = (
            use_context::<ResponseOptions>(),
            StatusCode::from_u16(err.status()),
        ) {
            res.set_status(code);
        }
    }
    if let (AppError::TooMany(secs), Some(res)) = (&err, use_context::<ResponseOptions>()) {
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            res.insert_header(http::header::RETRY_AFTER, v);
        }
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_right_cookie() {
        let req = http::Request::builder()
            .header(COOKIE, "a=1; pe_session=abc; b=2")
            .body(())
            .expect("request");
        let (parts, _) = req.into_parts();
        assert_eq!(
            cookie_value(&parts.headers, SESSION_COOKIE).as_deref(),
            Some("abc")
        );
        assert_eq!(cookie_value(&parts.headers, "c"), None);
    }
}
