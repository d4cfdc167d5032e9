//! The company space: its offers, and submitting a new one.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Commune, OfferEdit, OfferSummary};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::repo::{offers, reference},
    crate::error::FormErrors,
    crate::model::validate::{CheckedOffer, OfferForm},
    crate::model::{CurrentUser, OfferStatus, Role},
};

/// The company and platform of a company user.
#[cfg(feature = "ssr")]
fn company_of(user: &CurrentUser) -> Result<offers::Owner, AppError> {
    match (user.company_id, user.platform_id) {
        (Some(company_id), Some(platform_id)) => Ok(offers::Owner {
            platform_id,
            company_id,
        }),
        _ => Err(AppError::Forbidden),
    }
}

/// The offers of the signed-in user's company.
#[server(endpoint = "my_offers")]
pub async fn my_offers() -> Result<Vec<OfferSummary>, AppError> {
    super::run(async {
        let user = auth::require(&[Role::Company]).await?;
        let owner = company_of(&user)?;
        let state = auth::state()?;
        Ok(offers::for_company(&state.pool, owner.company_id).await?)
    })
    .await
}

/// The communes of the company's platform, for the offer form.
#[server(endpoint = "my_communes")]
pub async fn my_communes() -> Result<Vec<Commune>, AppError> {
    super::run(async {
        let user = auth::require(&[Role::Company]).await?;
        let owner = company_of(&user)?;
        let state = auth::state()?;
        Ok(reference::platform_communes(&state.pool, owner.platform_id).await?)
    })
    .await
}

/// Checks an offer form and finds its commune on the platform's territory.
#[cfg(feature = "ssr")]
async fn check_offer(
    owner: offers::Owner,
    form: &OfferForm,
) -> Result<(CheckedOffer, Commune), AppError> {
    let state = auth::state()?;
    let mut errors = FormErrors::new();
    let checked = form.check(&mut errors);
    let commune = if form.commune.trim().is_empty() {
        None
    } else {
        let found =
            reference::resolve_commune(&state.pool, owner.platform_id, &form.commune).await?;
        if found.is_none() {
            errors.add(
                "commune",
                "Cette commune n'est pas sur le territoire de votre plateforme : choisissez-la dans la liste proposée.",
            );
        }
        found
    };
    match (checked, commune, errors.is_empty()) {
        (Some(offer), Some(commune), true) => Ok((offer, commune)),
        _ => Err(AppError::Invalid(form.keep_values(errors))),
    }
}

/// Submits an offer to the platform team.
#[server(endpoint = "submit_offer")]
pub async fn submit_offer(
    title: String,
    contract: String,
    positions: String,
    commune: String,
    description: String,
    published_elsewhere: String,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let owner = company_of(&user)?;
        let form = OfferForm {
            title,
            contract,
            positions,
            commune,
            description,
            published_elsewhere,
        };
        let (offer, commune) = check_offer(owner, &form).await?;
        let state = auth::state()?;
        let mut tx = state.pool.begin().await?;
        let id = offers::create(&mut tx, owner, user.id, &offer, &commune.insee).await?;
        tx.commit().await?;
        tracing::info!(offer_id = id, "offer submitted");
        leptos_axum::redirect("/entreprise?envoyee=1");
        Ok(())
    })
    .await
}

/// The company's own offer, while it may still edit it.
#[cfg(feature = "ssr")]
async fn own_editable_offer(
    user: &CurrentUser,
    id: i64,
) -> Result<(offers::Owner, OfferEdit), AppError> {
    let owner = company_of(user)?;
    let state = auth::state()?;
    let (offer_owner, edit) = offers::edit_values(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if offer_owner != owner {
        return Err(AppError::Forbidden);
    }
    if !edit.status.editable_by_company() {
        return Err(AppError::Refused(format!(
            "Cette offre est « {} » : elle ne peut plus être modifiée.",
            edit.status.label()
        )));
    }
    Ok((owner, edit))
}

/// An offer of the caller's company, as its edit form starts.
#[server(endpoint = "offer_for_edit")]
pub async fn offer_for_edit(id: i64) -> Result<OfferEdit, AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        Ok(own_editable_offer(&user, id).await?.1)
    })
    .await
}

/// Saves the company's changes; an offer sent back for changes goes back to
/// the moderation queue.
#[server(endpoint = "update_offer")]
pub async fn update_offer(
    id: i64,
    title: String,
    contract: String,
    positions: String,
    commune: String,
    description: String,
    published_elsewhere: String,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let (owner, current) = own_editable_offer(&user, id).await?;
        let form = OfferForm {
            title,
            contract,
            positions,
            commune,
            description,
            published_elsewhere,
        };
        let (offer, commune) = check_offer(owner, &form).await?;
        let state = auth::state()?;
        let mut tx = state.pool.begin().await?;
        offers::update_content(&mut tx, id, user.id, &offer, &commune.insee).await?;
        if current.status == OfferStatus::ChangesRequested {
            offers::transition_in(&mut tx, id, OfferStatus::Submitted, user.id, None)
                .await?
                .map_err(|_| {
                    AppError::Refused(
                        "Cette offre vient de changer d'état : rechargez la page.".into(),
                    )
                })?;
        }
        tx.commit().await?;
        leptos_axum::redirect("/entreprise?modifiee=1");
        Ok(())
    })
    .await
}
