//! What the platform team does with offers: moderation and sharing.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{MailLogPage, OfferSummary, StaffOfferView};

#[cfg(feature = "ssr")]
use {
    crate::backend::mail::outbox,
    crate::backend::moderation::{self, QueueFilter},
    crate::backend::{auth, repo::offers},
    crate::model::{CurrentUser, Role},
    crate::model::{MAIL_LOG_PAGE, MAIL_STATUSES},
};

#[cfg(feature = "ssr")]
async fn staff() -> Result<CurrentUser, AppError> {
    auth::require(&[Role::Staff, Role::Admin]).await
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
        let filter = QueueFilter {
            status,
            commune,
            age,
        };
        moderation::queue(&auth::state()?, &staff().await?, filter).await
    })
    .await
}

/// An offer with its sharing ledger and history, for staff.
#[server(endpoint = "staff_offer")]
pub async fn staff_offer(id: i64) -> Result<StaffOfferView, AppError> {
    super::run(async move { moderation::offer_view(&auth::state()?, &staff().await?, id).await })
        .await
}

/// Approves a submitted offer.
#[server(endpoint = "approve_offer")]
pub async fn approve_offer(id: i64) -> Result<(), AppError> {
    super::run(async move { moderation::approve(&auth::state()?, &staff().await?, id).await }).await
}

/// Refuses a submitted offer with a reason the company reads, once the
/// refusal is confirmed (`confirm=oui`; the first click asks).
#[server(endpoint = "reject_offer")]
pub async fn reject_offer(
    id: i64,
    reason: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    super::run(async move {
        let confirmed = confirm.as_deref() == Some(crate::model::CHECKED);
        moderation::reject(&auth::state()?, &staff().await?, id, &reason, confirmed).await
    })
    .await
}

/// Sends the offer back to the company with a message saying what to change.
#[server(endpoint = "request_changes")]
pub async fn request_changes(id: i64, message: String) -> Result<(), AppError> {
    super::run(async move {
        moderation::request_changes(&auth::state()?, &staff().await?, id, &message).await
    })
    .await
}

/// The cookie that keeps the mail log's search (an address typed there
/// never goes in a URL or a log).
#[cfg(feature = "ssr")]
const MAIL_SEARCH_COOKIE: &str = "mail_search";

/// The search kept for the mail log: (words, status).
#[cfg(feature = "ssr")]
fn mail_search() -> (String, String) {
    auth::cookie(MAIL_SEARCH_COOKIE)
        .and_then(|h| hex::decode(h).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            s.split_once('\u{1f}')
                .map(|(q, st)| (q.to_owned(), st.to_owned()))
        })
        .unwrap_or_default()
}

/// A page of the mail log of the caller's platform (every platform for
/// admins), searched by recipient or subject and status.
#[server(endpoint = "mail_log")]
pub async fn mail_log(page: Option<String>) -> Result<MailLogPage, AppError> {
    super::run(async move {
        let user = staff().await?;
        let state = auth::state()?;
        let scope = if user.role == Role::Admin {
            None
        } else {
            user.platform_id
        };
        let (query, status) = mail_search();
        let page = page
            .and_then(|p| p.trim().parse::<i64>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        let offset = (page - 1) * MAIL_LOG_PAGE;
        let (lines, total) =
            outbox::search(&state.pool, scope, &query, &status, offset, MAIL_LOG_PAGE).await?;
        use crate::backend::privacy::audit::{noted, Action};
        let platform = scope.map_or_else(|| "toutes".to_owned(), |p| p.to_string());
        noted(&user, Action::MailLog, "platform", platform).await?;
        Ok(MailLogPage {
            lines,
            page,
            pages: ((total + MAIL_LOG_PAGE - 1) / MAIL_LOG_PAGE).max(1),
            total,
            query,
            status,
        })
    })
    .await
}

/// Searches the mail log (kept for an hour); empty fields show it all.
#[server(endpoint = "search_mail_log")]
pub async fn search_mail_log(recherche: String, statut: String) -> Result<(), AppError> {
    super::run(async move {
        staff().await?;
        let state = auth::state()?;
        let words: String = recherche.trim().chars().take(200).collect();
        let status = MAIL_STATUSES
            .iter()
            .find(|(code, _)| *code == statut.trim())
            .map_or("", |(code, _)| *code);
        if words.is_empty() && status.is_empty() {
            auth::send_cookie(MAIL_SEARCH_COOKIE, "", 0, &state);
        } else {
            let kept = hex::encode(format!("{words}\u{1f}{status}"));
            auth::send_cookie(MAIL_SEARCH_COOKIE, &kept, 3600, &state);
        }
        leptos_axum::redirect("/equipe/courriels");
        Ok(())
    })
    .await
}

/// Shares a published offer with every organisation suggested for it, in
/// one transaction.
#[server(endpoint = "share_with_suggested")]
pub async fn share_with_suggested(id: i64) -> Result<(), AppError> {
    super::run(async move {
        moderation::share_with_suggested(&auth::state()?, &staff().await?, id).await?;
        Ok(())
    })
    .await
}

/// Shares a published offer with a partner organisation of its platform.
#[server(endpoint = "share_offer")]
pub async fn share_offer(id: i64, org_id: i64) -> Result<(), AppError> {
    super::run(async move { moderation::share(&auth::state()?, &staff().await?, id, org_id).await })
        .await
}

/// An offer of the caller's platform as the edit form starts, with what the
/// form offers (the platform's communes, the company's sector's jobs).
#[server(endpoint = "staff_offer_for_edit")]
pub async fn staff_offer_for_edit(
    id: i64,
) -> Result<(crate::model::OfferEdit, super::company::OfferFormData), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let (owner, _) = moderation::owned_offer(&state.pool, &staff().await?, id).await?;
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
        let state = auth::state()?;
        let (owner, _) = moderation::owned_offer(&state.pool, &user, id).await?;
        let (offer, commune) = super::company::check_offer(owner, &form).await?;
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
