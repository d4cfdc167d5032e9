//! What partner organisations see: the offers shared with them, and their
//! feedback on each.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{PartnerOfferLine, PartnerOfferView};

#[cfg(feature = "ssr")]
use {
    crate::backend::{auth, partner_space},
    crate::model::{CurrentUser, Role},
};

#[cfg(feature = "ssr")]
async fn partner() -> Result<CurrentUser, AppError> {
    auth::require(&[Role::Partner]).await
}

/// The published offers shared with the caller's organisation, filtered by
/// contract and by words (title, commune, company); those shared since the
/// caller's previous visit are marked new.
#[server(endpoint = "partner_offers")]
pub async fn partner_offers(
    contract: Option<String>,
    q: Option<String>,
) -> Result<Vec<PartnerOfferLine>, AppError> {
    super::run(async move {
        let q = q.unwrap_or_default();
        partner_space::shared_offers(&auth::state()?, &partner().await?, contract.as_deref(), &q)
            .await
    })
    .await
}

/// One offer shared with the caller's organisation; any other offer is
/// refused, whatever its id.
#[server(endpoint = "partner_offer")]
pub async fn partner_offer(id: i64) -> Result<PartnerOfferView, AppError> {
    super::run(
        async move { partner_space::open_offer(&auth::state()?, &partner().await?, id).await },
    )
    .await
}

/// The partner's comment to the platform's team.
#[server(endpoint = "give_feedback")]
pub async fn give_feedback(id: i64, comment: String) -> Result<(), AppError> {
    super::run(async move {
        let (state, user) = (auth::state()?, partner().await?);
        partner_space::give_feedback(&state, &user, id, &comment).await
    })
    .await
}

/// An adviser positions a named candidate on a shared offer (the form's
/// one-time key makes a double submission count once).
#[server(endpoint = "position_candidate")]
pub async fn position_candidate(
    id: i64,
    form_key: String,
    full_name: String,
    email: String,
    phone: String,
    note: String,
    consent: Option<String>,
) -> Result<(), AppError> {
    super::run(async move {
        let (state, user) = (auth::state()?, partner().await?);
        let form = crate::model::positioning::PositioningForm {
            full_name,
            email,
            phone,
            note,
            consent: consent.unwrap_or_default(),
        };
        partner_space::position(&state, &user, id, &form_key, &form).await?;
        leptos_axum::redirect(&format!("/partenaire/offres/{id}?positionne=1"));
        Ok(())
    })
    .await
}

/// The partner API page: the organisation's tokens for its manager (a
/// token just created shown once).
#[server(endpoint = "api_tokens")]
pub async fn api_tokens() -> Result<crate::model::api_token::ApiTokensView, AppError> {
    super::run(async move {
        let (state, user) = (auth::state()?, partner().await?);
        crate::backend::partner_api::tokens_view(&state, &user).await
    })
    .await
}

/// The manager creates a token (name, `lecture` or `ecriture`).
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(name: String, scope: Option<String>) -> Result<(), AppError> {
    super::run(async move {
        let (state, user) = (auth::state()?, partner().await?);
        let scope = scope.unwrap_or_default();
        crate::backend::partner_api::create_token(&state, &user, &name, &scope).await?;
        leptos_axum::redirect("/partenaire/api?cree=1");
        Ok(())
    })
    .await
}

/// The manager revokes a token.
#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    super::run(async move {
        let (state, user) = (auth::state()?, partner().await?);
        crate::backend::partner_api::revoke_token(&state, &user, id).await?;
        leptos_axum::redirect("/partenaire/api?revoque=1");
        Ok(())
    })
    .await
}
