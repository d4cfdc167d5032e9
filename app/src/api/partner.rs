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

/// The partner's feedback: candidates positioned and a comment.
#[server(endpoint = "give_feedback")]
pub async fn give_feedback(id: i64, candidates: String, comment: String) -> Result<(), AppError> {
    super::run(async move {
        let (state, user) = (auth::state()?, partner().await?);
        partner_space::give_feedback(&state, &user, id, &candidates, &comment).await
    })
    .await
}
