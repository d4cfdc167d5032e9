//! What partner organisations do with the offers shared with them, as a
//! service: the state, the person acting and the input in, the rules here
//! (only their organisation's shares, which offers are new to them, what a
//! feedback must hold). Server functions only adapt it to the request;
//! tests call it directly on both databases.

use super::repo::{feedback, offers};
use super::state::AppState;
use crate::error::{AppError, FormErrors};
use crate::model::{
    ContractType, CurrentUser, OfferSummary, PartnerOfferLine, PartnerOfferView, Role,
};

/// The organisation of a partner user.
fn organisation(user: &CurrentUser) -> Result<i64, AppError> {
    match (user.role, user.partner_org_id) {
        (Role::Partner, Some(org)) => Ok(org),
        _ => Err(AppError::Forbidden),
    }
}

/// Whether an offer matches the dashboard's filters.
fn matches(offer: &OfferSummary, contract: Option<ContractType>, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    contract.is_none_or(|c| offer.contract == c)
        && (q.is_empty()
            || offer.title.to_lowercase().contains(&q)
            || offer.commune_name.to_lowercase().contains(&q)
            || offer.company_name.to_lowercase().contains(&q))
}

/// The published offers shared with the user's organisation, filtered by
/// contract (code) and by words (title, commune, company); those shared
/// since the user's previous visit are marked new (this visit is recorded).
pub async fn shared_offers(
    state: &AppState,
    user: &CurrentUser,
    contract: Option<&str>,
    q: &str,
) -> Result<Vec<PartnerOfferLine>, AppError> {
    let org = organisation(user)?;
    let previous = feedback::visit(&state.pool, user.id).await?;
    let contract = contract.and_then(ContractType::from_code);
    Ok(offers::shared_with(&state.pool, org)
        .await?
        .into_iter()
        .filter(|(o, _)| matches(o, contract, q))
        .map(|(offer, shared_at)| PartnerOfferLine {
            offer,
            shared_on: super::clock::date(shared_at),
            is_new: previous.is_none_or(|p| shared_at > p),
        })
        .collect())
}

/// One offer shared with the user's organisation (its opening recorded in
/// the ledger); any other offer is refused, whatever its id.
pub async fn open_offer(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<PartnerOfferView, AppError> {
    let org = organisation(user)?;
    let offer = offers::open_as_partner(&state.pool, id, org)
        .await?
        .ok_or(AppError::Forbidden)?;
    let feedback = feedback::for_offer(&state.pool, id, Some(org)).await?;
    Ok(PartnerOfferView { offer, feedback })
}

/// The partner's feedback on a shared offer: candidates positioned (0 to
/// 100) and a comment, at least one of them.
pub async fn give_feedback(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    candidates: &str,
    comment: &str,
) -> Result<(), AppError> {
    let org = organisation(user)?;
    let mut errors = FormErrors::new()
        .keep("candidates", candidates)
        .keep("comment", comment);
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
    if !feedback::add(&state.pool, id, org, user.id, count, comment).await? {
        return Err(AppError::Forbidden);
    }
    Ok(())
}
