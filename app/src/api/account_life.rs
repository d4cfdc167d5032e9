//! Server functions of an account's life: forgotten password, reset link,
//! password change, address confirmation, admins' list of accounts with
//! deactivation. Thin adapters over `backend::account_life`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::AccountLine;

#[cfg(feature = "ssr")]
use {
    crate::backend::repo::users,
    crate::backend::{account_life, auth, client},
    crate::model::Role,
};

/// "Mot de passe oublié": the same answer whether the address is known.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let checked = crate::model::validate::normalise_email(&email);
        if let Err(m) = crate::model::validate::check_email(&checked) {
            return Err(AppError::field("email", m, &email));
        }
        account_life::request_reset(&state, client::client_ip(), &checked).await?;
        leptos_axum::redirect("/mot-de-passe-oublie?envoye=1");
        Ok(())
    })
    .await
}

/// Whether a reset link still works.
#[server(endpoint = "reset_link_state")]
pub async fn reset_link_state(token: String) -> Result<bool, AppError> {
    super::run(async move {
        let state = auth::state()?;
        account_life::reset_link_is_live(&state, &token).await
    })
    .await
}

/// Sets a new password from a reset link, then goes to the sign-in page.
#[server(endpoint = "reset_password")]
pub async fn reset_password(
    token: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        account_life::reset_password(&state, &token, &password, &password_confirm).await?;
        leptos_axum::redirect("/connexion?mot-de-passe=change");
        Ok(())
    })
    .await
}

/// A signed-in user changes their password.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(Role::ALL).await?;
        let state = auth::state()?;
        let this = auth::session_token();
        account_life::change_password(
            &state,
            &user,
            this.as_deref(),
            &current_password,
            &password,
            &password_confirm,
        )
        .await?;
        leptos_axum::redirect("/compte?change=1");
        Ok(())
    })
    .await
}

/// Confirms a sign-up's address, then signs in.
#[server(endpoint = "confirm_address")]
pub async fn confirm_address(token: String) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let user_id = account_life::confirm_address(&state, &token).await?;
        let user = super::account::open_session(user_id).await?;
        leptos_axum::redirect(user.home_path());
        Ok(())
    })
    .await
}

/// The account id a form sends.
#[cfg(feature = "ssr")]
fn account_id(text: &str) -> Result<i64, AppError> {
    text.trim().parse::<i64>().map_err(|_| AppError::NotFound)
}

/// Every account (admin).
#[server(endpoint = "admin_accounts")]
pub async fn admin_accounts() -> Result<Vec<AccountLine>, AppError> {
    super::run(async {
        auth::require(&[Role::Admin]).await?;
        let state = auth::state()?;
        Ok(users::list_all(&state.pool).await?)
    })
    .await
}

/// An admin deactivates or reactivates an account.
#[server(endpoint = "set_account_active")]
pub async fn set_account_active(user_id: String, active: String) -> Result<(), AppError> {
    super::run(async move {
        let admin = auth::require(&[Role::Admin]).await?;
        let state = auth::state()?;
        let id = account_id(&user_id)?;
        account_life::set_active(&state, &admin, id, active == "1").await?;
        use crate::backend::privacy::audit::{noted, Action};
        noted(&admin, Action::AccountChange, "account", id).await?;
        leptos_axum::redirect("/admin/comptes");
        Ok(())
    })
    .await
}

/// An admin resets an account's second factor (lost phone): its next
/// sign-in enrols again; its sessions end.
#[server(endpoint = "reset_second_factor")]
pub async fn reset_second_factor(user_id: String) -> Result<(), AppError> {
    super::run(async move {
        let admin = auth::require(&[Role::Admin]).await?;
        let state = auth::state()?;
        let id = account_id(&user_id)?;
        account_life::reset_second_factor(&state, &admin, id).await?;
        leptos_axum::redirect("/admin/comptes?double-authentification=reinitialisee");
        Ok(())
    })
    .await
}

/// A company user closes their own account (password and confirmation);
/// the company's records stay with the platform.
#[server(endpoint = "close_my_account")]
pub async fn close_my_account(
    close_password: String,
    confirm_close: Option<String>,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let state = auth::state()?;
        let last = crate::backend::privacy::company_data::close_own_account(
            &state,
            &user,
            &close_password,
            confirm_close.as_deref(),
        )
        .await?;
        auth::clear_session_cookie(&state);
        leptos_axum::redirect(if last {
            "/compte/ferme?derniere=1"
        } else {
            "/compte/ferme"
        });
        Ok(())
    })
    .await
}
