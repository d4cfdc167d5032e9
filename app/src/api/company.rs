//! The company space: its offers, and submitting a new one.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Commune, OfferSummary};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::repo::{offers, reference},
    crate::error::FormErrors,
    crate::model::validate::OfferForm,
    crate::model::{CurrentUser, Role},
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
        let state = auth::state()?;
        let form = OfferForm {
            title,
            contract,
            positions,
            commune,
            description,
            published_elsewhere,
        };
        let mut errors = FormErrors::new();
        let checked = form.check(&mut errors);
        let commune = if form.commune.trim().is_empty() {
            None
        } else {
            let found = reference::resolve_commune(&state.pool, owner.platform_id, &form.commune).await?;
            if found.is_none() {
                errors.add(
                    "commune",
                    "Cette commune n'est pas sur le territoire de votre plateforme : choisissez-la dans la liste proposée.",
                );
            }
            found
        };
        let (Some(offer), Some(commune), true) = (checked, commune, errors.is_empty()) else {
            return Err(AppError::Invalid(form.keep_values(errors)));
        };
        let mut tx = state.pool.begin().await?;
        let id = offers::create(&mut tx, owner, user.id, &offer, &commune.insee).await?;
        tx.commit().await?;
        tracing::info!(offer_id = id, "offer submitted");
        leptos_axum::redirect("/entreprise?envoyee=1");
        Ok(())
    })
    .await
}
