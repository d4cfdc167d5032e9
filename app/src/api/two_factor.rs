//! Server functions of the second step of a sign-in: what it asks (a code,
//! or the enrolment), and the check of the code typed.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SecondFactorStep;

#[cfg(feature = "ssr")]
use crate::backend::{auth, repo::users, two_factor};

/// The cookie that holds a sign-in waiting for its second factor.
pub const MFA_COOKIE: &str = "pe_mfa";

#[cfg(feature = "ssr")]
fn challenge_token() -> Result<String, AppError> {
    auth::cookie(MFA_COOKIE).ok_or_else(|| {
        AppError::Refused(
            "Cette connexion a expiré : saisissez à nouveau votre adresse et votre mot de passe."
                .into(),
        )
    })
}

/// What the second step asks.
#[server(endpoint = "second_factor_prompt")]
pub async fn second_factor_prompt() -> Result<SecondFactorStep, AppError> {
    super::run(async {
        let state = auth::state()?;
        let token = challenge_token()?;
        let mut email = String::new();
        if let Some(c) = crate::backend::repo::two_factor::challenge(&state.pool, &token).await? {
            if let Some(u) = users::current_user(&state.pool, c.user_id).await? {
                email = u.email;
            }
        }
        two_factor::step(&state, &token, move |_| email.clone()).await
    })
    .await
}

/// Checks the code; opens the session and goes on.
#[server(endpoint = "verify_second_factor")]
pub async fn verify_second_factor(code: String) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let token = challenge_token()?;
        let (user_id, next) = two_factor::verify(&state, &token, &code).await?;
        auth::send_cookie(MFA_COOKIE, "", 0, &state);
        let user = super::account::open_session(user_id).await?;
        let to = next.unwrap_or_else(|| user.home_path().to_owned());
        leptos_axum::redirect(&to);
        Ok(())
    })
    .await
}
