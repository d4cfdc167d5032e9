//! What partner organisations see: the offers shared with them.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{OfferDetail, OfferSummary};

#[cfg(feature = "ssr")]
use {crate::backend::auth, crate::backend::repo::offers, crate::model::Role};

#[cfg(feature = "ssr")]
async fn my_org() -> Result<i64, AppError> {
    let user = auth::require(&[Role::Partner]).await?;
    user.partner_org_id.ok_or(AppError::Forbidden)
}

/// The published offers shared with the caller's organisation.
#[server(endpoint = "partner_offers")]
pub async fn partner_offers() -> Result<Vec<OfferSummary>, AppError> {
    super::run(async {
        let org = my_org().await?;
        let state = auth::state()?;
        Ok(offers::shared_with(&state.pool, org).await?)
    })
    .await
}

/// One offer shared with the caller's organisation; any other offer is
/// refused, whatever its id.
#[server(endpoint = "partner_offer")]
pub async fn partner_offer(id: i64) -> Result<OfferDetail, AppError> {
    super::run(async move {
        let org = my_org().await?;
        let state = auth::state()?;
        offers::open_as_partner(&state.pool, id, org)
            .await?
            .ok_or(AppError::Forbidden)
    })
    .await
}
