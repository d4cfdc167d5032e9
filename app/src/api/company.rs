//! The company space: its offers, and submitting a new one.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::validate::OfferForm;
use crate::model::{ClosingForm, Commune, OfferEdit, OfferSummary, RomeJob};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::repo::offers::Actor,
    crate::backend::repo::{offer_expiry, offers, reference},
    crate::backend::rome,
    crate::error::FormErrors,
    crate::model::validate::CheckedOffer,
    crate::model::{CurrentUser, OfferStatus, Role},
};

/// What the offer form offers to choose from: the communes of the
/// platform and the jobs of the company's sector.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OfferFormData {
    pub communes: Vec<Commune>,
    pub sector_jobs: Vec<RomeJob>,
}

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

/// The NAF division of a company, if known.
#[cfg(feature = "ssr")]
pub(crate) async fn company_division(company_id: i64) -> Result<Option<String>, AppError> {
    let state = auth::state()?;
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT naf_division FROM companies WHERE id = $1")
            .bind(company_id)
            .fetch_optional(&state.pool)
            .await?;
    Ok(row.and_then(|(d,)| d))
}

/// The communes of the company's platform and the jobs of its sector, for
/// the offer form.
#[server(endpoint = "offer_form_choices")]
pub async fn offer_form_choices() -> Result<OfferFormData, AppError> {
    super::run(async {
        let user = auth::require(&[Role::Company]).await?;
        let owner = company_of(&user)?;
        let state = auth::state()?;
        let communes = reference::platform_communes(&state.pool, owner.platform_id).await?;
        let sector_jobs = company_division(owner.company_id)
            .await?
            .map(|d| rome::sector_jobs(&d))
            .unwrap_or_default();
        Ok(OfferFormData {
            communes,
            sector_jobs,
        })
    })
    .await
}

/// The ROME jobs matching what is typed (the company's sector first), for
/// the job autocomplete.
#[server(endpoint = "rome_search")]
pub async fn rome_search(q: String) -> Result<Vec<RomeJob>, AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company, Role::Staff, Role::Admin]).await?;
        let division = match user.company_id {
            Some(id) => company_division(id).await?,
            None => None,
        };
        Ok(rome::suggest(&q, division.as_deref(), 30))
    })
    .await
}

/// Checks an offer form and finds its commune on the platform's territory.
#[cfg(feature = "ssr")]
pub(crate) async fn check_offer(
    owner: offers::Owner,
    form: &OfferForm,
) -> Result<(CheckedOffer, Commune), AppError> {
    let state = auth::state()?;
    let mut errors = FormErrors::new();
    let checked = form.check(&mut errors);
    let job = if form.rome.trim().is_empty() {
        None
    } else {
        let found = rome::resolve(&form.rome);
        if found.is_none() {
            errors.add(
                "rome",
                "Ce métier n'est pas dans la liste ROME : tapez quelques lettres puis choisissez-le dans la liste proposée.",
            );
        }
        found
    };
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
    match (checked, job, commune, errors.is_empty()) {
        (Some(mut offer), Some(job), Some(commune), true) => {
            offer.rome_code = job.code;
            Ok((offer, commune))
        }
        _ => Err(AppError::Invalid(form.keep_values(errors))),
    }
}

/// Submits an offer to the platform team.
#[server(endpoint = "submit_offer")]
pub async fn submit_offer(#[server(flatten)] form: OfferForm) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let owner = company_of(&user)?;
        let (offer, commune) = check_offer(owner, &form).await?;
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
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
pub async fn update_offer(id: String, #[server(flatten)] form: OfferForm) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
        let (owner, current) = own_editable_offer(&user, id).await?;
        let (offer, commune) = check_offer(owner, &form).await?;
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        offers::update_content(
            &mut tx,
            id,
            user.id,
            &offer,
            &commune.insee,
            "Offre modifiée par l'entreprise",
        )
        .await?;
        if current.status == OfferStatus::ChangesRequested {
            offers::transition_in(
                &mut tx,
                id,
                OfferStatus::Submitted,
                Actor::Person(user.id),
                None,
            )
            .await?
            .map_err(|_| {
                AppError::Refused("Cette offre vient de changer d'état : rechargez la page.".into())
            })?;
        }
        tx.commit().await?;
        leptos_axum::redirect("/entreprise?modifiee=1");
        Ok(())
    })
    .await
}

/// The company's own offer, published or expired (what it may extend or
/// close).
#[cfg(feature = "ssr")]
async fn own_live_offer(user: &CurrentUser, id: &str) -> Result<i64, AppError> {
    let owner = company_of(user)?;
    let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
    let state = auth::state()?;
    let (offer_owner, _) = offers::detail(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if offer_owner != owner {
        return Err(AppError::Forbidden);
    }
    Ok(id)
}

/// The French refusal of a lifecycle step the offer's status forbids.
#[cfg(feature = "ssr")]
pub(crate) fn lifecycle_refusal(e: offers::TransitionError) -> AppError {
    match e {
        offers::TransitionError::NotFound => AppError::NotFound,
        offers::TransitionError::NotAllowed(from) => AppError::Refused(format!(
            "Cette offre est « {} » : ce n'est plus possible.",
            from.label()
        )),
    }
}

/// Closes one of the company's offers: filled (hires, through the platform
/// or not) or cancelled (reason).
#[server(endpoint = "close_offer")]
pub async fn close_offer(id: String, #[server(flatten)] form: ClosingForm) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let id = own_live_offer(&user, &id).await?;
        let closing = form.check().map_err(AppError::Invalid)?;
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        offer_expiry::close(
            &mut tx,
            id,
            Actor::Person(user.id),
            &closing,
            "depuis l'espace entreprise",
        )
        .await?
        .map_err(lifecycle_refusal)?;
        tx.commit().await?;
        // Advisers who positioned candidates are told at once.
        state.mail_wake.notify_one();
        leptos_axum::redirect("/entreprise?cloturee=1");
        Ok(())
    })
    .await
}

/// Extends one of the company's published (or expired) offers.
#[server(endpoint = "extend_offer")]
pub async fn extend_offer(id: String) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let id = own_live_offer(&user, &id).await?;
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        offer_expiry::extend(
            &mut tx,
            id,
            Actor::Person(user.id),
            state.settings.offer_lifetime_days,
            "depuis l'espace entreprise",
        )
        .await?
        .map_err(lifecycle_refusal)?;
        tx.commit().await?;
        leptos_axum::redirect("/entreprise?prolongee=1");
        Ok(())
    })
    .await
}

/// One of the company's offers, with its history and where it went among
/// partners (by kind of organisation, no adviser named).
#[server(endpoint = "my_offer")]
pub async fn my_offer(
    id: i64,
) -> Result<
    (
        crate::model::OfferDetail,
        Vec<crate::model::HistoryLine>,
        Vec<crate::model::positioning::ReachLine>,
    ),
    AppError,
> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let owner = company_of(&user)?;
        let state = auth::state()?;
        let (offer_owner, detail) = offers::detail(&state.pool, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if offer_owner != owner {
            return Err(AppError::Forbidden);
        }
        let history = offers::history(&state.pool, id).await?;
        let reach = crate::backend::repo::positionings::reach(&state.pool, id).await?;
        Ok((detail, history, reach))
    })
    .await
}
