//! What partner organisations see: the offers shared with them, and their
//! feedback on each.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{PartnerOfferLine, PartnerOfferView};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::repo::{feedback, offers},
    crate::error::FormErrors,
    crate::model::{ContractType, CurrentUser, OfferSummary, Role},
};

/// The signed-in partner user and their organisation.
#[cfg(feature = "ssr")]
async fn partner() -> Result<(CurrentUser, i64), AppError> {
    let user = auth::require(&[Role::Partner]).await?;
    let org = user.partner_org_id.ok_or(AppError::Forbidden)?;
    Ok((user, org))
}

/// Whether an offer matches the dashboard's filters.
#[cfg(feature = "ssr")]
fn matches(offer: &OfferSummary, contract: Option<ContractType>, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    contract.is_none_or(|c| offer.contract == c)
        && (q.is_empty()
            || offer.title.to_lowercase().contains(&q)
            || offer.commune_name.to_lowercase().contains(&q)
            || offer.company_name.to_lowercase().contains(&q))
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
        let (user, org) = partner().await?;
        let state = auth::state()?;
        let previous = feedback::visit(&state.pool, user.id).await?;
        let contract = contract.as_deref().and_then(ContractType::from_code);
        let q = q.unwrap_or_default();
        Ok(offers::shared_with(&state.pool, org)
            .await?
            .into_iter()
            .filter(|(o, _)| matches(o, contract, &q))
            .map(|(offer, shared_at)| PartnerOfferLine {
                offer,
                shared_on: crate::backend::clock::date(shared_at),
                is_new: previous.is_none_or(|p| shared_at > p),
            })
            .collect())
    })
    .await
}

/// One offer shared with the caller's organisation; any other offer is
/// refused, whatever its id.
#[server(endpoint = "partner_offer")]
pub async fn partner_offer(id: i64) -> Result<PartnerOfferView, AppError> {
    super::run(async move {
        let (_, org) = partner().await?;
        let state = auth::state()?;
        let offer = offers::open_as_partner(&state.pool, id, org)
            .await?
            .ok_or(AppError::Forbidden)?;
        let feedback = feedback::for_offer(&state.pool, id, Some(org)).await?;
        Ok(PartnerOfferView { offer, feedback })
    })
    .await
}

/// The partner's feedback: candidates positioned and a comment.
#[server(endpoint = "give_feedback")]
pub async fn give_feedback(id: i64, candidates: String, comment: String) -> Result<(), AppError> {
    super::run(async move {
        let (user, org) = partner().await?;
        let mut errors = FormErrors::new()
            .keep("candidates", &candidates)
            .keep("comment", &comment);
        let count = match candidates.trim().parse::<i64>() {
            Ok(n) if (0..=100).contains(&n) => n,
            _ => {
                errors.add(
                    "candidates",
                    "Indiquez un nombre de candidats entre 0 et 100.",
                );
                0
            }
        };
        let comment = comment.trim();
        if comment.chars().count() > 2000 {
            errors.add(
                "comment",
                "Le commentaire ne doit pas dépasser 2 000 caractères.",
            );
        }
        if count == 0 && comment.is_empty() {
            errors.add(
                "comment",
                "Indiquez des candidats positionnés ou un commentaire pour l'équipe.",
            );
        }
        errors.into_result()?;
        let state = auth::state()?;
        if !feedback::add(&state.pool, id, org, user.id, count, comment).await? {
            return Err(AppError::Forbidden);
        }
        Ok(())
    })
    .await
}
