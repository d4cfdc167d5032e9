//! What the platform team does with offers: moderation and sharing.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{OfferSummary, StaffOfferView};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::repo::offers::{self, TransitionError},
    crate::backend::repo::platforms,
    crate::model::{CurrentUser, OfferStatus, Role},
};

#[cfg(feature = "ssr")]
async fn staff() -> Result<CurrentUser, AppError> {
    auth::require(&[Role::Staff, Role::Admin]).await
}

/// The offer, when the caller is staff of its platform.
#[cfg(feature = "ssr")]
async fn owned_offer(
    user: &CurrentUser,
    id: i64,
) -> Result<(offers::Owner, crate::model::OfferDetail), AppError> {
    let state = auth::state()?;
    let (owner, detail) = offers::detail(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !user.is_staff_of(owner.platform_id) {
        return Err(AppError::Forbidden);
    }
    Ok((owner, detail))
}

/// Every offer of the caller's platform (all platforms for admins), those
/// waiting for moderation first.
#[server(endpoint = "platform_offers")]
pub async fn platform_offers() -> Result<Vec<OfferSummary>, AppError> {
    super::run(async {
        let user = staff().await?;
        let state = auth::state()?;
        let scope = if user.role == Role::Admin {
            None
        } else {
            user.platform_id
        };
        Ok(offers::for_platform(&state.pool, scope).await?)
    })
    .await
}

/// An offer with its sharing ledger and history, for staff.
#[server(endpoint = "staff_offer")]
pub async fn staff_offer(id: i64) -> Result<StaffOfferView, AppError> {
    super::run(async move {
        let user = staff().await?;
        let (owner, offer) = owned_offer(&user, id).await?;
        let state = auth::state()?;
        let shares = offers::shares(&state.pool, id).await?;
        let shareable = platforms::partner_orgs(&state.pool, owner.platform_id)
            .await?
            .into_iter()
            .filter(|o| !shares.iter().any(|s| s.org_id == o.id))
            .collect();
        let history = offers::history(&state.pool, id).await?;
        Ok(StaffOfferView {
            offer,
            shares,
            shareable,
            history,
        })
    })
    .await
}

#[cfg(feature = "ssr")]
async fn change_status(id: i64, to: OfferStatus, reason: Option<String>) -> Result<(), AppError> {
    let user = staff().await?;
    owned_offer(&user, id).await?;
    let state = auth::state()?;
    match offers::transition(&state.pool, id, to, user.id, reason.as_deref()).await? {
        Ok(()) => Ok(()),
        Err(TransitionError::NotFound) => Err(AppError::NotFound),
        Err(TransitionError::NotAllowed(from)) => Err(AppError::Refused(format!(
            "Cette offre est « {} » : elle ne peut pas passer à « {} ».",
            from.label(),
            to.label()
        ))),
    }
}

/// Approves a submitted offer.
#[server(endpoint = "approve_offer")]
pub async fn approve_offer(id: i64) -> Result<(), AppError> {
    super::run(change_status(id, OfferStatus::Published, None)).await
}

/// Refuses a submitted offer with a reason the company reads.
#[server(endpoint = "reject_offer")]
pub async fn reject_offer(id: i64, reason: String) -> Result<(), AppError> {
    super::run(async move {
        let reason = reason.trim().to_owned();
        if reason.chars().count() < 5 {
            return Err(AppError::field(
                "reason",
                "Expliquez à l'entreprise pourquoi l'offre est refusée.",
                &reason,
            ));
        }
        change_status(id, OfferStatus::Rejected, Some(reason)).await
    })
    .await
}

/// Shares a published offer with a partner organisation of its platform.
#[server(endpoint = "share_offer")]
pub async fn share_offer(id: i64, org_id: i64) -> Result<(), AppError> {
    super::run(async move {
        let user = staff().await?;
        let (owner, offer) = owned_offer(&user, id).await?;
        if !offer.summary.status.is_visible_to_partners() {
            return Err(AppError::Refused(
                "Validez l'offre avant de la partager avec des partenaires.".into(),
            ));
        }
        let state = auth::state()?;
        let orgs = platforms::partner_orgs(&state.pool, owner.platform_id).await?;
        if !orgs.iter().any(|o| o.id == org_id) {
            return Err(AppError::Refused(
                "Ce partenaire n'est pas rattaché à la plateforme de l'offre.".into(),
            ));
        }
        offers::share(&state.pool, id, org_id, user.id).await?;
        Ok(())
    })
    .await
}
