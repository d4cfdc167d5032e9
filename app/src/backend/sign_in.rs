//! Signing in, throttled: failures are counted per account and per client
//! address; past a few, sign-ins of that account (or from that address) are
//! refused for a growing time without even checking the password, and the
//! account's owner is told by e-mail.

use std::net::IpAddr;

use super::client::throttle_key;
use super::mail::{account_templates, outbox};
use super::password;
use super::repo::users;
use super::state::AppState;
use super::throttle::{self, LockOut};
use crate::error::AppError;

/// An account: 5 failures in 15 minutes, then 1 minute, 2, 4... up to 1 h.
pub const ACCOUNT_RULE: LockOut = LockOut {
    free_failures: 5,
    window_secs: 15 * 60,
    first_lock_secs: 60,
    max_lock_secs: 3600,
};

/// A client address (many accounts tried from one place): 20 failures in
/// 15 minutes, then the same growing lock-out.
pub const ADDRESS_RULE: LockOut = LockOut {
    free_failures: 20,
    window_secs: 15 * 60,
    first_lock_secs: 60,
    max_lock_secs: 3600,
};

/// Why a sign-in was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Wrong address or password (the same answer for both).
    Wrong,
    /// The account's address is not confirmed yet.
    Unconfirmed,
    /// Too many failures: retry after this many seconds.
    Locked(i64),
}

/// The counter of an account's sign-in failures.
pub fn account_key(email: &str) -> String {
    throttle::email_key("login", email)
}

fn address_key(ip: IpAddr) -> String {
    format!("login:address:{}", throttle_key(ip))
}

/// Checks an e-mail (normalised) and password from a client; the user's id
/// when they match.
pub async fn check(
    state: &AppState,
    ip: IpAddr,
    email: &str,
    password_typed: String,
) -> Result<Result<i64, Refusal>, AppError> {
    let pool = &state.pool;
    for key in [account_key(email), address_key(ip)] {
        if let Some(left) = throttle::locked_for(pool, &key).await? {
            return Ok(Err(Refusal::Locked(left)));
        }
    }
    let creds = users::credentials(pool, email).await?;
    let (id, stored) = match creds {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    let ok = password::verify(password_typed, stored).await?;
    let Some(id) = id.filter(|_| ok) else {
        let (_, lock) = throttle::fail(pool, &account_key(email), ACCOUNT_RULE).await?;
        throttle::fail(pool, &address_key(ip), ADDRESS_RULE).await?;
        if lock > 0 && id.is_some() {
            tell_owner(state, email, lock).await?;
        }
        return Ok(Err(Refusal::Wrong));
    };
    if !users::is_confirmed(pool, id).await? {
        return Ok(Err(Refusal::Unconfirmed));
    }
    throttle::clear(pool, &account_key(email)).await?;
    Ok(Ok(id))
}

/// E-mails the account's owner that sign-ins are blocked for a while.
async fn tell_owner(state: &AppState, email: &str, lock_secs: i64) -> Result<(), AppError> {
    let mail =
        account_templates::locked_out((lock_secs + 59) / 60, &state.link("/mot-de-passe-oublie"));
    outbox::send_alone(state, None, email, &mail).await?;
    Ok(())
}
