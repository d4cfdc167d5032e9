//! The link e-mailed before an offer expires: it lets the company extend or
//! close the offer without signing in. The link works once and for a
//! limited time; an unknown, used or expired link opens nothing.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{ClosingForm, OfferStatus};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::db::Tx,
    crate::backend::repo::offer_expiry,
    crate::backend::repo::offer_links::{self, LinkState},
    crate::backend::repo::offers::{self, Actor},
};

/// What the link page shows of the offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkedOffer {
    pub title: String,
    pub company_name: String,
    pub status: OfferStatus,
    pub expires_on: Option<String>,
    /// Days an extension adds.
    pub extension_days: i64,
}

#[cfg(feature = "ssr")]
fn link_refusal(state: LinkState) -> AppError {
    AppError::Refused(
        match state {
            LinkState::Used => "Ce lien a déjà servi : il ne fonctionne qu'une fois. Connectez-vous à votre espace pour gérer l'offre.",
            LinkState::Expired => "Ce lien a expiré. Connectez-vous à votre espace pour gérer l'offre.",
            _ => "Ce lien n'est pas valable. Vérifiez qu'il est complet, ou connectez-vous à votre espace.",
        }
        .into(),
    )
}

/// The offer a link opens (without using the link).
#[server(endpoint = "offer_by_link")]
pub async fn offer_by_link(token: String) -> Result<LinkedOffer, AppError> {
    super::run(async move {
        let state = auth::state()?;
        let offer_id = match offer_links::state(&state.pool, &token).await? {
            LinkState::Valid(id) => id,
            other => return Err(link_refusal(other)),
        };
        let (_, offer) = offers::detail(&state.pool, offer_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(LinkedOffer {
            title: offer.summary.title,
            company_name: offer.summary.company_name,
            status: offer.summary.status,
            expires_on: offer.expires_on,
            extension_days: state.settings.offer_lifetime_days,
        })
    })
    .await
}

/// Uses the link in the caller's transaction: the offer and its author (who
/// the history names), or the refusal.
#[cfg(feature = "ssr")]
async fn use_link(tx: &mut Tx, token: &str) -> Result<(i64, Actor), AppError> {
    let Some(offer_id) = offer_links::consume(tx, token).await? else {
        let state = auth::state()?;
        return Err(link_refusal(offer_links::state(&state.pool, token).await?));
    };
    let (author,): (i64,) = sqlx::query_as("SELECT created_by FROM offers WHERE id = $1")
        .bind(offer_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok((offer_id, Actor::Person(author)))
}

/// Extends the offer by the configured period.
#[server(endpoint = "extend_by_link")]
pub async fn extend_by_link(token: String) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let (offer_id, actor) = use_link(&mut tx, &token).await?;
        let until = offer_expiry::extend(
            &mut tx,
            offer_id,
            actor,
            state.settings.offer_lifetime_days,
            "par le lien reçu par e-mail",
        )
        .await?
        .map_err(super::company::lifecycle_refusal)?;
        tx.commit().await?;
        leptos_axum::redirect(&format!(
            "/offre/merci?prolongee={}",
            until.replace('/', "-")
        ));
        Ok(())
    })
    .await
}

/// Closes the offer as filled or cancelled.
#[server(endpoint = "close_by_link")]
pub async fn close_by_link(
    token: String,
    #[server(flatten)] form: ClosingForm,
) -> Result<(), AppError> {
    super::run(async move {
        let closing = form.check().map_err(AppError::Invalid)?;
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let (offer_id, actor) = use_link(&mut tx, &token).await?;
        offer_expiry::close(
            &mut tx,
            offer_id,
            actor,
            &closing,
            "par le lien reçu par e-mail",
        )
        .await?
        .map_err(super::company::lifecycle_refusal)?;
        tx.commit().await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect("/offre/merci?cloturee=1");
        Ok(())
    })
    .await
}
