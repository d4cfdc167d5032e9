//! What the platform team does with offers: moderation and sharing.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::ShareCandidate;
use crate::model::{MailLogLine, OfferSummary, StaffOfferView};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::mail::{outbox, templates},
    crate::backend::repo::offers::{self, Actor, TransitionError},
    crate::backend::repo::{feedback, offer_expiry, platforms},
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

/// The offers of the caller's platform (all platforms for admins), those
/// waiting for moderation first; narrowed by status, commune and age.
#[server(endpoint = "platform_offers")]
pub async fn platform_offers(
    status: Option<String>,
    commune: Option<String>,
    age: Option<String>,
) -> Result<Vec<OfferSummary>, AppError> {
    super::run(async move {
        let user = staff().await?;
        let filter = offers::OfferFilter {
            status: status.as_deref().and_then(OfferStatus::from_code),
            commune,
            older_than_days: age.and_then(|a| a.parse().ok()).filter(|d: &i64| *d > 0),
        };
        let state = auth::state()?;
        let scope = if user.role == Role::Admin {
            None
        } else {
            user.platform_id
        };
        Ok(offers::for_platform(&state.pool, scope, &filter).await?)
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
        let shareable = share_candidates(&state.pool, owner.platform_id, &offer, &shares).await?;
        let history = offers::history(&state.pool, id).await?;
        let feedback = feedback::for_offer(&state.pool, id, None).await?;
        let similar = offers::similar(&state.pool, id).await?;
        Ok(StaffOfferView {
            similar,
            offer,
            shares,
            shareable,
            history,
            feedback,
        })
    })
    .await
}

/// The platform's organisations the offer is not shared with yet, those
/// suggested (by kind and contract) first.
#[cfg(feature = "ssr")]
async fn share_candidates(
    pool: &crate::backend::db::Pool,
    platform_id: i64,
    offer: &crate::model::OfferDetail,
    shares: &[crate::model::ShareLine],
) -> Result<Vec<ShareCandidate>, AppError> {
    let mut candidates: Vec<ShareCandidate> = platforms::partner_orgs(pool, platform_id)
        .await?
        .into_iter()
        .filter(|o| !shares.iter().any(|s| s.org_id == o.id))
        .map(|org| ShareCandidate {
            suggested_because: crate::model::share_suggestion(org.kind, offer.summary.contract)
                .map(str::to_owned),
            org,
        })
        .collect();
    candidates.sort_by_key(|c| c.suggested_because.is_none());
    Ok(candidates)
}

/// Changes the status of an offer of the caller's platform and, in the same
/// transaction, queues the e-mail that tells the company.
#[cfg(feature = "ssr")]
async fn change_status(
    id: i64,
    to: OfferStatus,
    reason: Option<String>,
    mail: fn(&str, &str, &str) -> templates::Mail,
) -> Result<(), AppError> {
    let user = staff().await?;
    let (owner, offer) = owned_offer(&user, id).await?;
    let state = auth::state()?;
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    match offers::transition_in(&mut tx, id, to, Actor::Person(user.id), reason.as_deref()).await? {
        Ok(_) => {}
        Err(TransitionError::NotFound) => return Err(AppError::NotFound),
        Err(TransitionError::NotAllowed(from)) => {
            return Err(AppError::Refused(format!(
                "Cette offre est « {} » : elle ne peut pas passer à « {} ».",
                from.label(),
                to.label()
            )))
        }
    }
    if to == OfferStatus::Published {
        offer_expiry::publish_until(&mut tx, id, state.settings.offer_lifetime_days).await?;
    }
    let link = if to == OfferStatus::ChangesRequested {
        state.link(&format!("/entreprise/offres/{id}/modifier"))
    } else {
        state.link("/entreprise")
    };
    let m = mail(
        &offer.summary.title,
        reason.as_deref().unwrap_or_default(),
        &link,
    );
    outbox::enqueue_to_company(&mut tx, owner.platform_id, owner.company_id, &m).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// A staff message to the company: at least a few words.
#[cfg(feature = "ssr")]
fn message_for_company(field: &str, text: &str, missing: &str) -> Result<String, AppError> {
    let text = text.trim().to_owned();
    if text.chars().count() < 5 {
        return Err(AppError::field(field, missing, &text));
    }
    if text.chars().count() > 2000 {
        return Err(AppError::field(
            field,
            "Le message ne doit pas dépasser 2 000 caractères.",
            &text,
        ));
    }
    Ok(text)
}

/// Approves a submitted offer.
#[server(endpoint = "approve_offer")]
pub async fn approve_offer(id: i64) -> Result<(), AppError> {
    super::run(change_status(
        id,
        OfferStatus::Published,
        None,
        |title, _, link| templates::offer_published(title, link),
    ))
    .await
}

/// Refuses a submitted offer with a reason the company reads.
#[server(endpoint = "reject_offer")]
pub async fn reject_offer(id: i64, reason: String) -> Result<(), AppError> {
    super::run(async move {
        let reason = message_for_company(
            "reason",
            &reason,
            "Expliquez à l'entreprise pourquoi l'offre est refusée.",
        )?;
        change_status(
            id,
            OfferStatus::Rejected,
            Some(reason),
            templates::offer_rejected,
        )
        .await
    })
    .await
}

/// Sends the offer back to the company with a message saying what to change.
#[server(endpoint = "request_changes")]
pub async fn request_changes(id: i64, message: String) -> Result<(), AppError> {
    super::run(async move {
        let message = message_for_company(
            "message",
            &message,
            "Dites à l'entreprise ce qu'elle doit modifier.",
        )?;
        change_status(
            id,
            OfferStatus::ChangesRequested,
            Some(message),
            templates::offer_changes_requested,
        )
        .await
    })
    .await
}

/// The mail log of the caller's platform (every platform for admins).
#[server(endpoint = "mail_log")]
pub async fn mail_log() -> Result<Vec<MailLogLine>, AppError> {
    super::run(async {
        let user = staff().await?;
        let state = auth::state()?;
        let scope = if user.role == Role::Admin {
            None
        } else {
            user.platform_id
        };
        let log = outbox::log(&state.pool, scope, 200).await?;
        use crate::backend::privacy::audit::{noted, Action};
        let platform = scope.map_or_else(|| "toutes".to_owned(), |p| p.to_string());
        noted(&user, Action::MailLog, "platform", platform).await?;
        Ok(log)
    })
    .await
}

/// Shares a published offer with every organisation suggested for it, in
/// one transaction.
#[server(endpoint = "share_with_suggested")]
pub async fn share_with_suggested(id: i64) -> Result<(), AppError> {
    super::run(async move {
        let user = staff().await?;
        let (owner, offer) = shareable_offer(&user, id).await?;
        let state = auth::state()?;
        let shares = offers::shares(&state.pool, id).await?;
        let suggested = share_candidates(&state.pool, owner.platform_id, &offer, &shares).await?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        for c in suggested.iter().filter(|c| c.suggested_because.is_some()) {
            offers::share_in(&mut tx, id, c.org.id, user.id).await?;
        }
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// The offer, when staff may share it: published, with the company's
/// consent.
#[cfg(feature = "ssr")]
async fn shareable_offer(
    user: &CurrentUser,
    id: i64,
) -> Result<(offers::Owner, crate::model::OfferDetail), AppError> {
    let (owner, offer) = owned_offer(user, id).await?;
    if !offer.summary.status.is_visible_to_partners() {
        return Err(AppError::Refused(
            "Validez l'offre avant de la partager avec des partenaires.".into(),
        ));
    }
    if !offer.terms.share_with_partners {
        return Err(AppError::Refused(
            "L'entreprise n'a pas accepté que cette offre soit partagée avec les partenaires."
                .into(),
        ));
    }
    Ok((owner, offer))
}

/// Shares a published offer with a partner organisation of its platform.
#[server(endpoint = "share_offer")]
pub async fn share_offer(id: i64, org_id: i64) -> Result<(), AppError> {
    super::run(async move {
        let user = staff().await?;
        let (owner, _) = shareable_offer(&user, id).await?;
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

/// An offer of the caller's platform as the edit form starts, with what the
/// form offers (the platform's communes, the company's sector's jobs).
#[server(endpoint = "staff_offer_for_edit")]
pub async fn staff_offer_for_edit(
    id: i64,
) -> Result<(crate::model::OfferEdit, super::company::OfferFormData), AppError> {
    super::run(async move {
        let user = staff().await?;
        let (owner, _) = owned_offer(&user, id).await?;
        let state = auth::state()?;
        let (_, edit) = offers::edit_values(&state.pool, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let communes =
            crate::backend::repo::reference::platform_communes(&state.pool, owner.platform_id)
                .await?;
        let sector_jobs = super::company::company_division(owner.company_id)
            .await?
            .map(|d| crate::backend::rome::sector_jobs(&d))
            .unwrap_or_default();
        Ok((
            edit,
            super::company::OfferFormData {
                communes,
                sector_jobs,
            },
        ))
    })
    .await
}

/// Staff correct an offer of their platform (whatever its status); the
/// change is recorded in its history.
#[server(endpoint = "staff_update_offer")]
pub async fn staff_update_offer(
    id: String,
    #[server(flatten)] form: crate::model::validate::OfferForm,
) -> Result<(), AppError> {
    super::run(async move {
        let user = staff().await?;
        let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
        let (owner, _) = owned_offer(&user, id).await?;
        let (offer, commune) = super::company::check_offer(owner, &form).await?;
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        offers::update_content(
            &mut tx,
            id,
            user.id,
            &offer,
            &commune.insee,
            "Offre modifiée par l'équipe de la plateforme",
        )
        .await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/equipe/offres/{id}?modifiee=1"));
        Ok(())
    })
    .await
}
