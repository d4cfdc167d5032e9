//! The platform team's work on offers — moderation and sharing — as a
//! service: the state, the person acting and the input in, the rules
//! applied here (who may, which status may follow which, what the company
//! is told, what partners may receive). Server functions only adapt it to
//! the request; tests call it directly on both databases.

use super::db::Pool;
use super::mail::{outbox, templates};
use super::repo::offers::{self, Actor, TransitionError};
use super::repo::{feedback, offer_expiry, platforms};
use super::state::AppState;
use crate::error::{AppError, FormErrors};
use crate::model::{
    CurrentUser, OfferDetail, OfferStatus, OfferSummary, Role, ShareCandidate, ShareLine,
    StaffOfferView,
};

/// What the moderation queue is narrowed by.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    pub status: Option<String>,
    pub commune: Option<String>,
    /// Submitted more than this many days ago.
    pub age: Option<String>,
}

/// Staff of a platform, or an admin.
fn require_staff(user: &CurrentUser) -> Result<(), AppError> {
    if matches!(user.role, Role::Staff | Role::Admin) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The offer, when `user` is staff of its platform.
pub async fn owned_offer(
    pool: &Pool,
    user: &CurrentUser,
    id: i64,
) -> Result<(offers::Owner, OfferDetail), AppError> {
    require_staff(user)?;
    let (owner, detail) = offers::detail(pool, id).await?.ok_or(AppError::NotFound)?;
    if !user.is_staff_of(owner.platform_id) {
        return Err(AppError::Forbidden);
    }
    Ok((owner, detail))
}

/// The offers of the user's platform (all platforms for admins), those
/// waiting for moderation first.
pub async fn queue(
    state: &AppState,
    user: &CurrentUser,
    filter: QueueFilter,
) -> Result<Vec<OfferSummary>, AppError> {
    require_staff(user)?;
    let filter = offers::OfferFilter {
        status: filter.status.as_deref().and_then(OfferStatus::from_code),
        commune: filter.commune,
        older_than_days: filter
            .age
            .and_then(|a| a.trim().parse().ok())
            .filter(|d: &i64| *d > 0),
    };
    // Admins read every platform; staff only theirs (one without a
    // platform reads nothing rather than everything).
    let scope = match user.role {
        Role::Admin => None,
        _ => Some(user.platform_id.ok_or(AppError::Forbidden)?),
    };
    Ok(offers::for_platform(&state.pool, scope, &filter).await?)
}

/// An offer with its sharing ledger, history and feedback.
pub async fn offer_view(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<StaffOfferView, AppError> {
    let pool = &state.pool;
    let (owner, offer) = owned_offer(pool, user, id).await?;
    let shares = offers::shares(pool, id).await?;
    let shareable = share_candidates(pool, owner.platform_id, &offer, &shares).await?;
    Ok(StaffOfferView {
        history: offers::history(pool, id).await?,
        feedback: feedback::for_offer(pool, id, None).await?,
        similar: offers::similar(pool, id).await?,
        survey: crate::backend::outcome_survey::result_of(pool, id).await?,
        offer,
        shares,
        shareable,
    })
}

/// The platform's organisations the offer is not shared with yet, those
/// suggested (by kind and contract) first.
async fn share_candidates(
    pool: &Pool,
    platform_id: i64,
    offer: &OfferDetail,
    shares: &[ShareLine],
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

/// Changes the status of an offer of the user's platform and, in the same
/// transaction, queues the e-mail that tells the company.
async fn change_status(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    to: OfferStatus,
    reason: Option<String>,
    mail: fn(&str, &str, &str) -> templates::Mail,
) -> Result<(), AppError> {
    let (owner, offer) = owned_offer(&state.pool, user, id).await?;
    let mut tx = super::db::begin(&state.pool).await?;
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

/// Publishes a submitted offer (online for the configured lifetime).
/// The job alerts a newly published offer may match are sent in the
/// background (each at most once per its period).
pub async fn approve(state: &AppState, user: &CurrentUser, id: i64) -> Result<(), AppError> {
    change_status(
        state,
        user,
        id,
        OfferStatus::Published,
        None,
        |title, _, link| templates::offer_published(title, link),
    )
    .await?;
    let (pool, base, wake) = (state.pool.clone(), state.link(""), state.mail_wake.clone());
    tokio::spawn(async move {
        match super::job_alerts::run(&pool, super::db::now(), &base).await {
            Ok(n) if n > 0 => wake.notify_one(),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "job alerts"),
        }
    });
    Ok(())
}

/// Refuses a submitted offer with a reason the company reads.
pub async fn reject(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    reason: &str,
    confirmed: bool,
) -> Result<(), AppError> {
    let reason = message_for_company(
        "reason",
        reason,
        "Expliquez à l'entreprise pourquoi l'offre est refusée.",
    )?;
    if !confirmed {
        // The staff member's rights are checked before asking.
        owned_offer(&state.pool, user, id).await?;
        return Err(AppError::Invalid(
            FormErrors::new()
                .with(
                    "confirm",
                    "Confirmez le refus : l'offre sera refusée et l'entreprise recevra ce motif par e-mail.",
                )
                .keep("reason", &reason),
        ));
    }
    change_status(
        state,
        user,
        id,
        OfferStatus::Rejected,
        Some(reason),
        templates::offer_rejected,
    )
    .await
}

/// Sends the offer back to the company with what to change.
pub async fn request_changes(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    message: &str,
) -> Result<(), AppError> {
    let message = message_for_company(
        "message",
        message,
        "Dites à l'entreprise ce qu'elle doit modifier.",
    )?;
    change_status(
        state,
        user,
        id,
        OfferStatus::ChangesRequested,
        Some(message),
        templates::offer_changes_requested,
    )
    .await
}

/// The offer, when staff may share it: published, with the company's
/// consent.
async fn shareable_offer(
    pool: &Pool,
    user: &CurrentUser,
    id: i64,
) -> Result<(offers::Owner, OfferDetail), AppError> {
    let (owner, offer) = owned_offer(pool, user, id).await?;
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

/// Shares a published offer with every organisation suggested for it, in
/// one transaction; returns how many received it.
pub async fn share_with_suggested(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<usize, AppError> {
    let pool = &state.pool;
    let (owner, offer) = shareable_offer(pool, user, id).await?;
    let shares = offers::shares(pool, id).await?;
    let suggested = share_candidates(pool, owner.platform_id, &offer, &shares).await?;
    let mut tx = super::db::begin(pool).await?;
    let mut count = 0;
    for c in suggested.iter().filter(|c| c.suggested_because.is_some()) {
        offers::share_in(&mut tx, id, c.org.id, user.id).await?;
        count += 1;
    }
    tx.commit().await?;
    Ok(count)
}

/// Shares a published offer with a partner organisation of its platform.
pub async fn share(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    org_id: i64,
) -> Result<(), AppError> {
    let (owner, _) = shareable_offer(&state.pool, user, id).await?;
    let orgs = platforms::partner_orgs(&state.pool, owner.platform_id).await?;
    if !orgs.iter().any(|o| o.id == org_id) {
        return Err(AppError::Refused(
            "Ce partenaire n'est pas rattaché à la plateforme de l'offre.".into(),
        ));
    }
    offers::share(&state.pool, id, org_id, user.id).await?;
    Ok(())
}
