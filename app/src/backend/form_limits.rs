//! Rate limits on the forms that anyone can send and that e-mail the
//! address given (applications, event registrations, invitations): per
//! client address and per e-mail address, shared by every instance.

use super::client::{client_ip, throttle_key};
use super::state::AppState;
use super::throttle::{self, Limit};
use crate::error::AppError;

/// From one client address: 30 of a kind an hour (a whole job-dating desk
/// may register people from one office).
const PER_ADDRESS: Limit = Limit {
    max: 30,
    window_secs: 3600,
};

/// To one e-mail address: 5 of a kind an hour.
const PER_EMAIL: Limit = Limit {
    max: 5,
    window_secs: 3600,
};

/// Counts one submission of the form `kind` to `email` from the current
/// client; [`AppError::TooMany`] past either limit.
pub async fn count(state: &AppState, kind: &str, email: &str) -> Result<(), AppError> {
    let address = format!("{kind}:address:{}", throttle_key(client_ip()));
    if let Err(wait) = throttle::hit(&state.pool, &address, PER_ADDRESS).await? {
        return Err(AppError::TooMany(wait));
    }
    let email = crate::model::validate::normalise_email(email);
    if let Err(wait) =
        throttle::hit(&state.pool, &throttle::email_key(kind, &email), PER_EMAIL).await?
    {
        return Err(AppError::TooMany(wait));
    }
    Ok(())
}
