//! The applications' funnel as a service: who may move an application to
//! which step, what a refusal needs, and who is told. Staff move every
//! application of their platform; the company, those proposed to it (signed
//! in or through its e-mailed link); a partner adviser, the candidates its
//! organisation positioned. A candidate who applied is told of a refusal; a
//! positioned candidate's adviser is told of every step instead.

use super::mail::{outbox, templates};
use super::repo::{applications, offers, positionings, users};
use super::state::AppState;
use crate::error::{AppError, FormErrors};
use crate::model::application::{ApplicationStatus, RefusalReason};
use crate::model::positioning::stage_label;
use crate::model::{CurrentUser, Role};

/// Who moves an application.
#[derive(Clone, Copy)]
pub enum Mover<'a> {
    /// A signed-in person.
    Person(&'a CurrentUser),
    /// The company through its e-mailed answer link.
    CompanyLink,
}

/// Whether the user may move the application to `to`: staff of the
/// platform for every step; the company, for its offers, once proposed; the
/// adviser's organisation, for the candidates it positioned.
fn may_move(
    user: &CurrentUser,
    owner: &offers::Owner,
    positioned_by_org: Option<i64>,
    from: ApplicationStatus,
    to: ApplicationStatus,
) -> bool {
    match user.role {
        Role::Staff | Role::Admin => user.is_staff_of(owner.platform_id),
        Role::Company => {
            user.company_id == Some(owner.company_id)
                && from.visible_to_company()
                && to != ApplicationStatus::Proposed
        }
        Role::Partner => {
            positioned_by_org.is_some()
                && user.partner_org_id == positioned_by_org
                && to != ApplicationStatus::Proposed
        }
        Role::Region => false,
    }
}

/// Whether the application may go from `from` to `to`; a refusal needs its
/// category (what the candidate is told), the words added stay optional.
/// Returns the words to record (none when empty) and the category.
pub fn checked_move(
    from: ApplicationStatus,
    to: ApplicationStatus,
    reason: &str,
    category: Option<&str>,
) -> Result<(Option<String>, Option<RefusalReason>), AppError> {
    if !from.can_become(to) {
        return Err(AppError::Refused(format!(
            "Cette candidature est « {} » : elle ne peut pas passer à « {} ».",
            from.label(),
            to.label()
        )));
    }
    let reason = reason.trim();
    let refusal = if to == ApplicationStatus::NotHired {
        let chosen = category
            .map(str::trim)
            .and_then(RefusalReason::from_code)
            .filter(|r| RefusalReason::CHOSEN.contains(r));
        if chosen.is_none() {
            return Err(AppError::Invalid(
                FormErrors::new()
                    .with(
                        "reason_category",
                        "Choisissez la raison principale : c'est elle que la personne lira.",
                    )
                    .keep("reason", reason),
            ));
        }
        chosen
    } else {
        None
    };
    Ok((Some(reason.to_owned()).filter(|r| !r.is_empty()), refusal))
}

/// Moves an application along the funnel, in one transaction with the
/// e-mails it causes (the caller audits the change): proposing tells the candidate and the company (with
/// an answer link); a refusal tells the candidate its category; any step of
/// a positioned candidate tells the adviser (unless the adviser made it).
pub async fn move_application(
    state: &AppState,
    mover: Mover<'_>,
    id: i64,
    to: ApplicationStatus,
    reason: &str,
    category: Option<&str>,
) -> Result<(), AppError> {
    let (owner, from, _, email, name, title) = applications::find(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let positioning = positionings::positioner(&state.pool, id).await?;
    let actor = match mover {
        Mover::Person(user) => {
            let proposed = applications::was_proposed(&state.pool, id).await?;
            let org = positioning.as_ref().map(|(p, _)| p.org_id);
            if !may_move(user, &owner, org, from, to) || (user.role == Role::Company && !proposed) {
                let hidden = match user.role {
                    Role::Company => !(proposed && from.visible_to_company()),
                    Role::Partner => org.is_none() || user.partner_org_id != org,
                    _ => false,
                };
                return Err(if hidden {
                    AppError::NotFound
                } else {
                    AppError::Forbidden
                });
            }
            user.id
        }
        Mover::CompanyLink => {
            if to == ApplicationStatus::Proposed {
                return Err(AppError::NotFound);
            }
            applications::offer_author(&state.pool, id).await?
        }
    };
    let (reason, refusal) = checked_move(from, to, reason, category)?;
    let mut tx = super::db::begin(&state.pool).await?;
    if !applications::move_to(&mut tx, id, from, to, actor, reason.as_deref(), refusal).await? {
        return Err(AppError::Refused(
            "Cette candidature vient de changer : rechargez la page.".into(),
        ));
    }
    let mut mails = Vec::new();
    match &positioning {
        Some((p, offer_id)) => {
            if p.adviser_id != actor {
                let stage = match refusal {
                    Some(r) => format!("{} ({})", stage_label(to, true), r.label()),
                    None => stage_label(to, true).to_owned(),
                };
                let link = state.link(&format!("/partenaire/offres/{offer_id}"));
                let mail = templates::positioning_update(&title, &name, &stage, &link);
                mails.push((users::email_of(&mut tx, p.adviser_id).await?, mail));
            }
        }
        None => {
            if let Some(refusal) = refusal {
                let mail = templates::application_not_retained(&title, refusal.for_candidate());
                mails.push((email.clone(), mail));
            }
            if to == ApplicationStatus::Proposed {
                mails.push((email.clone(), templates::application_proposed(&title)));
            }
        }
    }
    if to == ApplicationStatus::Proposed {
        for address in users::company_emails(&mut tx, owner.company_id).await? {
            let token = applications::create_link(&mut tx, id).await?;
            mails.push((
                address,
                templates::application_for_company(
                    &title,
                    &name,
                    &state.link("/entreprise/candidatures"),
                    &state.link(&format!("/candidatures/reponse/{token}")),
                ),
            ));
        }
    }
    for (address, mail) in &mails {
        outbox::enqueue(
            &mut tx,
            &outbox::NewMail {
                platform_id: Some(owner.platform_id),
                to: address,
                subject: &mail.subject,
                body: &mail.body,
            },
        )
        .await?;
    }
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}
