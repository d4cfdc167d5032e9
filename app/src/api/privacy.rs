//! "Mes données": a person's rights without an account (thin adapters
//! over `backend::privacy::rights`).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::privacy::SubjectData;

#[cfg(feature = "ssr")]
use crate::backend::{auth, client, privacy::rights};

/// The rights session of this browser, if any.
#[cfg(feature = "ssr")]
fn rights_session() -> Option<String> {
    auth::cookie(rights::COOKIE).filter(|t| t.len() == 64)
}

/// Asks for a link to one's data; the same answer whether the address is
/// known or not.
#[server(endpoint = "request_my_data")]
pub async fn request_my_data(email: String) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let checked = crate::model::validate::normalise_email(&email);
        if let Err(m) = crate::model::validate::check_email(&checked) {
            return Err(AppError::field("email", m, &email));
        }
        rights::request_link(&state, client::client_ip(), &checked).await?;
        leptos_axum::redirect("/mes-donnees?envoye=1");
        Ok(())
    })
    .await
}

/// Whether an e-mailed link still works.
#[server(endpoint = "my_data_link_state")]
pub async fn my_data_link_state(token: String) -> Result<bool, AppError> {
    super::run(async move {
        let state = auth::state()?;
        Ok(rights::link_is_live(&state.pool, &token).await?)
    })
    .await
}

/// Uses the e-mailed link: opens a rights session of 30 minutes.
#[server(endpoint = "open_my_data")]
pub async fn open_my_data(token: String) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let session = rights::open_link(&state, &token, client::client_ip()).await?;
        auth::send_cookie(rights::COOKIE, &session, rights::SESSION_SECS, &state);
        leptos_axum::redirect("/mes-donnees/consulter");
        Ok(())
    })
    .await
}

/// Everything held about the rights session's address.
#[server(endpoint = "my_data")]
pub async fn my_data() -> Result<SubjectData, AppError> {
    super::run(async move {
        let state = auth::state()?;
        let session = rights_session().ok_or(AppError::NotFound)?;
        rights::data(&state.pool, &session, None).await
    })
    .await
}

/// Erases everything held about the rights session's address, once the
/// person ticked the confirmation.
#[server(endpoint = "erase_my_data")]
pub async fn erase_my_data(confirm: Option<String>) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let session = rights_session().ok_or(AppError::NotFound)?;
        if confirm.as_deref().map(str::trim) != Some(crate::model::CHECKED) {
            return Err(AppError::field(
                "confirm",
                "Cochez la case pour confirmer l'effacement définitif.",
                "",
            ));
        }
        rights::erase(&state, &session, client::client_ip()).await?;
        auth::send_cookie(rights::COOKIE, "", 0, &state);
        leptos_axum::redirect("/mes-donnees/effacees");
        Ok(())
    })
    .await
}

/// Ends the rights session.
#[server(endpoint = "leave_my_data")]
pub async fn leave_my_data() -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        if let Some(session) = rights_session() {
            rights::end_session(&state.pool, &session).await?;
        }
        auth::send_cookie(rights::COOKIE, "", 0, &state);
        leptos_axum::redirect("/mes-donnees?termine=1");
        Ok(())
    })
    .await
}
