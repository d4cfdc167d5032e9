//! What partner organisations do with the offers shared with them, as a
//! service: the state, the person acting and the input in, the rules here
//! (only their organisation's shares, which offers are new to each adviser,
//! what a feedback and a positioning must hold). Server functions and the
//! partner API only adapt it; tests call it directly on both databases.

use super::mail::{outbox, templates};
use super::repo::{applications, feedback, offers, positionings, users};
use super::state::AppState;
use crate::error::{AppError, FormErrors};
use crate::model::positioning::PositioningForm;
use crate::model::{
    ContractType, CurrentUser, OfferStatus, OfferSummary, PartnerOfferLine, PartnerOfferView, Role,
};

/// The organisation of a partner user.
pub fn organisation(user: &CurrentUser) -> Result<i64, AppError> {
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

/// The offers shared with the user's organisation, live ones first then
/// the closed ones (with their final status), filtered by contract (code)
/// and by words (title, commune, company); those this adviser has not
/// opened yet are marked new.
pub async fn shared_offers(
    state: &AppState,
    user: &CurrentUser,
    contract: Option<&str>,
    q: &str,
) -> Result<Vec<PartnerOfferLine>, AppError> {
    let org = organisation(user)?;
    let contract = contract.and_then(ContractType::from_code);
    Ok(offers::shared_with(&state.pool, org, Some(user.id))
        .await?
        .into_iter()
        .filter(|(o, _, _)| matches(o, contract, q))
        .map(|(offer, shared_at, opened)| PartnerOfferLine {
            is_new: !opened && offer.status == OfferStatus::Published,
            offer,
            shared_on: super::clock::date(shared_at),
        })
        .collect())
}

/// One offer shared with the user's organisation, live or closed (its
/// opening recorded in the ledger and for the adviser), with the
/// organisation's feedback and positioned candidates; any other offer is
/// refused, whatever its id.
pub async fn open_offer(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<PartnerOfferView, AppError> {
    let org = organisation(user)?;
    let offer = offers::open_as_partner(&state.pool, id, org, Some(user.id))
        .await?
        .ok_or(AppError::Forbidden)?;
    let feedback = feedback::for_offer(&state.pool, id, Some(org)).await?;
    let positionings = positionings::for_offer(&state.pool, id, org).await?;
    Ok(PartnerOfferView {
        offer,
        feedback,
        positionings,
        form_key: super::token::random_hex(16),
    })
}

/// The partner's comment to the platform's team on a shared, live offer.
pub async fn give_feedback(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    comment: &str,
) -> Result<(), AppError> {
    let org = organisation(user)?;
    let mut errors = FormErrors::new().keep("comment", comment);
    let comment = comment.trim();
    if comment.chars().count() > 2000 {
        errors.add(
            "comment",
            "Le commentaire ne doit pas dépasser 2 000 caractères.",
        );
    }
    if comment.is_empty() {
        errors.add("comment", "Écrivez votre commentaire pour l'équipe.");
    }
    errors.into_result()?;
    if !feedback::add(&state.pool, id, org, user.id, comment).await? {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// Whether a form key has the shape the portal gives (so that a key typed
/// by hand cannot collide with another's on purpose).
fn valid_key(key: &str) -> bool {
    (16..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// An adviser positions a named candidate on a live offer shared with the
/// organisation: an application proposed to the employer at once, the
/// candidate's consent to be introduced recorded, and the company told by
/// e-mail with its answer link, all in one transaction. The same form key
/// sent twice (a double click, a resent form) records one positioning; the
/// same person positioned twice on the offer is refused. Returns the
/// positioning's id.
pub async fn position(
    state: &AppState,
    user: &CurrentUser,
    offer_id: i64,
    key: &str,
    form: &PositioningForm,
) -> Result<i64, AppError> {
    let org = organisation(user)?;
    let mut errors = form.keep_values(FormErrors::new());
    let checked = form.check(&mut errors);
    let key = key.trim();
    if !valid_key(key) {
        return Err(AppError::Refused(
            "Ce formulaire a expiré : rechargez la page puis envoyez-le de nouveau.".into(),
        ));
    }
    let Some(checked) = checked else {
        return Err(AppError::Invalid(errors));
    };
    let mut tx = super::db::begin(&state.pool).await?;
    if let Some(id) = positionings::by_key(&mut tx, key).await? {
        return Ok(id);
    }
    let offer: Option<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT o.status, o.title, o.platform_id, o.company_id FROM offers o \
         JOIN offer_shares s ON s.offer_id = o.id WHERE o.id = $1 AND s.partner_org_id = $2",
    )
    .bind(offer_id)
    .bind(org)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((status, title, platform_id, company_id)) = offer else {
        return Err(AppError::Forbidden);
    };
    if status != OfferStatus::Published.code() {
        return Err(AppError::Refused(
            "Cette offre n'est plus ouverte : vous ne pouvez plus y positionner de candidat."
                .into(),
        ));
    }
    if positionings::already_positioned(&mut tx, offer_id, &checked).await? {
        return Err(AppError::Invalid(errors.with(
            "full_name",
            "Cette personne est déjà positionnée sur cette offre.",
        )));
    }
    let by = positionings::Positioner {
        org_id: org,
        adviser_id: user.id,
    };
    let id = match positionings::create(&mut tx, offer_id, &by, key, &checked).await {
        Ok(id) => id,
        // The same key recorded meanwhile by a concurrent request.
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            drop(tx);
            let mut again = super::db::begin(&state.pool).await?;
            return positionings::by_key(&mut again, key)
                .await?
                .ok_or(AppError::Internal);
        }
        Err(e) => return Err(e.into()),
    };
    for address in users::company_emails(&mut tx, company_id).await? {
        let token = applications::create_link(&mut tx, id).await?;
        let mail = templates::positioning_for_company(
            &title,
            &checked.full_name,
            &state.link("/entreprise/candidatures"),
            &state.link(&format!("/candidatures/reponse/{token}")),
        );
        outbox::enqueue(
            &mut tx,
            &outbox::NewMail {
                platform_id: Some(platform_id),
                to: &address,
                subject: &mail.subject,
                body: &mail.body,
            },
        )
        .await?;
    }
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(id)
}
