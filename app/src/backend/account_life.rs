//! The life of an account after its creation: confirming the address,
//! forgetting and resetting the password, changing it, and an admin
//! deactivating or reactivating an account. Each answer is the same whether
//! an address is known or not; each change that matters ends the sessions
//! it must.

use std::net::IpAddr;

use super::client::throttle_key;
use super::db::now;
use super::mail::{account_templates, outbox};
use super::password;
use super::password_policy;
use super::repo::account_tokens::{self, Purpose};
use super::repo::{sessions, users};
use super::state::AppState;
use super::throttle::{self, Limit};
use crate::error::{AppError, FormErrors};
use crate::model::validate::{check_new_password, normalise_email};
use crate::model::{CurrentUser, Role};

/// How long a reset link works.
pub const RESET_SECS: i64 = 3600;
/// How long a sign-up's confirmation link works.
pub const CONFIRM_SECS: i64 = 48 * 3600;

/// Creates a company account whose address is still to be confirmed, in the
/// caller's transaction; returns the token of its confirmation link (the
/// sign-up's and the approved claim's).
pub async fn create_unconfirmed_company_user(
    tx: &mut super::db::Tx,
    company_id: i64,
    email: &str,
    full_name: &str,
    password_hash: &str,
) -> sqlx::Result<String> {
    let user_id = users::create(
        tx,
        &users::NewUser {
            email,
            full_name,
            password_hash,
            role: Role::Company,
            platform_id: None,
            company_id: Some(company_id),
            partner_org_id: None,
        },
    )
    .await?;
    users::require_confirmation(tx, user_id).await?;
    account_tokens::create(tx, user_id, Purpose::Confirm, CONFIRM_SECS).await
}

/// Reset requests: 5 an hour from one client address, 3 an hour for one
/// e-mail address (beyond, nothing more is sent, and the answer is the same).
const RESET_PER_ADDRESS: Limit = Limit {
    max: 5,
    window_secs: 3600,
};
const RESET_PER_EMAIL: Limit = Limit {
    max: 3,
    window_secs: 3600,
};

/// "Mot de passe oublié": e-mails a reset link if the address has an active
/// account; the caller answers the same either way.
pub async fn request_reset(state: &AppState, ip: IpAddr, email: &str) -> Result<(), AppError> {
    let email = normalise_email(email);
    if let Err(wait) = throttle::hit(
        &state.pool,
        &format!("reset:address:{}", throttle_key(ip)),
        RESET_PER_ADDRESS,
    )
    .await?
    {
        return Err(AppError::TooMany(wait));
    }
    if throttle::hit(
        &state.pool,
        &throttle::email_key("reset", &email),
        RESET_PER_EMAIL,
    )
    .await?
    .is_err()
    {
        return Ok(());
    }
    let Some((user_id, _)) = users::credentials(&state.pool, &email).await? else {
        return Ok(());
    };
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    let token = account_tokens::create(&mut tx, user_id, Purpose::Reset, RESET_SECS).await?;
    let mail = account_templates::password_reset(&state.link(&format!("/mot-de-passe/{token}")));
    outbox::enqueue(
        &mut tx,
        &outbox::NewMail {
            platform_id: None,
            to: &email,
            subject: &mail.subject,
            body: &mail.body,
        },
    )
    .await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Whether a reset link still works (for its page).
pub async fn reset_link_is_live(state: &AppState, token: &str) -> Result<bool, AppError> {
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    let live = account_tokens::peek(&mut tx, token, Purpose::Reset)
        .await?
        .is_some();
    tx.commit().await?;
    Ok(live)
}

/// Checks a new password (length, confirmation, strength against the
/// account's own details); field errors under `password`.
pub fn check_password(password: &str, confirm: &str, account: &[&str]) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    check_new_password(password, confirm, &mut errors);
    if errors.is_empty() {
        if let Some(hint) = password_policy::weakness(password, account) {
            errors.add("password", hint);
        }
    }
    errors.into_result()
}

/// Sets a new password from a reset link (once); the account's address is
/// thereby confirmed, every session ends and the sign-in failures are
/// forgotten. Returns the account's id.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    new_password: &str,
    confirm: &str,
) -> Result<i64, AppError> {
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    let user_id = account_tokens::peek(&mut tx, token, Purpose::Reset)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    let user = users::current_user(&state.pool, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_password(new_password, confirm, &[&user.email, &user.full_name])?;
    let hash = password::hash(new_password.to_owned()).await?;
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    let used = account_tokens::consume(&mut tx, token, Purpose::Reset)
        .await?
        .ok_or(AppError::NotFound)?;
    users::set_password(&mut tx, used, &hash).await?;
    users::confirm(&mut tx, used).await?;
    tx.commit().await?;
    sessions::revoke_all(&state.pool, used, None).await?;
    throttle::clear(&state.pool, &super::sign_in::account_key(&user.email)).await?;
    Ok(used)
}

/// A signed-in user changes their password (the current one checked);
/// their other sessions end, and they are told by e-mail.
pub async fn change_password(
    state: &AppState,
    user: &CurrentUser,
    this_session: Option<&str>,
    current: &str,
    new_password: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let stored = users::credentials(&state.pool, &user.email)
        .await?
        .map(|(_, h)| h);
    if !password::verify(current.to_owned(), stored).await? {
        throttle::fail(
            &state.pool,
            &super::sign_in::account_key(&user.email),
            super::sign_in::ACCOUNT_RULE,
        )
        .await?;
        let mut e = FormErrors::new();
        e.add(
            "current_password",
            "Le mot de passe actuel n'est pas le bon.",
        );
        return Err(AppError::Invalid(e));
    }
    check_password(new_password, confirm, &[&user.email, &user.full_name])?;
    let hash = password::hash(new_password.to_owned()).await?;
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    users::set_password(&mut tx, user.id, &hash).await?;
    tx.commit().await?;
    sessions::revoke_all(&state.pool, user.id, this_session).await?;
    let mail = account_templates::password_changed(&state.link("/mot-de-passe-oublie"));
    Ok(outbox::send_alone(state, None, &user.email, &mail).await?)
}

/// Confirms a sign-up's address from its link (once); the account's id.
pub async fn confirm_address(state: &AppState, token: &str) -> Result<i64, AppError> {
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    let user_id = account_tokens::consume(&mut tx, token, Purpose::Confirm)
        .await?
        .ok_or(AppError::NotFound)?;
    users::confirm(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// An admin deactivates (sessions end at once) or reactivates an account.
pub async fn set_active(
    state: &AppState,
    admin: &CurrentUser,
    user_id: i64,
    active: bool,
) -> Result<(), AppError> {
    if admin.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    if user_id == admin.id && !active {
        return Err(AppError::Refused(
            "Vous ne pouvez pas désactiver votre propre compte.".into(),
        ));
    }
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    let found = users::set_deactivated(&mut tx, user_id, (!active).then(now)).await?;
    tx.commit().await?;
    if !found {
        return Err(AppError::NotFound);
    }
    if !active {
        sessions::revoke_all(&state.pool, user_id, None).await?;
    }
    Ok(())
}

/// An admin resets an account's second factor (lost phone and recovery
/// codes): its next sign-in enrols again, and its sessions end at once.
pub async fn reset_second_factor(
    state: &AppState,
    admin: &CurrentUser,
    user_id: i64,
) -> Result<(), AppError> {
    if admin.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    let found = super::repo::two_factor::forget(&mut tx, user_id).await?;
    tx.commit().await?;
    if !found {
        return Err(AppError::NotFound);
    }
    sessions::revoke_all(&state.pool, user_id, None).await?;
    Ok(())
}
