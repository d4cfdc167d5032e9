//! HR-support and employer-brand requests: the company asks and follows
//! its requests; staff of its platform handle each as a case. Every change
//! of step is e-mailed to the company in the same transaction.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::support::{CaseActionForm, SupportCase, SupportForm, SupportLine};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::mail::{outbox, templates},
    crate::backend::repo::offers::Owner,
    crate::backend::repo::support,
    crate::model::support::{CaseOutcome, CaseStatus},
    crate::model::{CurrentUser, Role},
};

#[cfg(feature = "ssr")]
fn company_owner(user: &CurrentUser) -> Result<Owner, AppError> {
    match (user.company_id, user.platform_id) {
        (Some(company_id), Some(platform_id)) => Ok(Owner {
            platform_id,
            company_id,
        }),
        _ => Err(AppError::Forbidden),
    }
}

/// The company asks for support.
#[server(endpoint = "request_support")]
pub async fn request_support(#[server(flatten)] form: SupportForm) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let owner = company_owner(&user)?;
        let checked = form.check().map_err(AppError::Invalid)?;
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        support::create(&mut tx, owner, user.id, &checked).await?;
        tx.commit().await?;
        leptos_axum::redirect("/entreprise/accompagnement?demande=envoyee");
        Ok(())
    })
    .await
}

/// The company's requests and where each stands.
#[server(endpoint = "my_support_requests")]
pub async fn my_support_requests() -> Result<Vec<SupportCase>, AppError> {
    super::run(async {
        let user = auth::require(&[Role::Company]).await?;
        let owner = company_owner(&user)?;
        let state = auth::state()?;
        let mut cases = Vec::new();
        for line in support::for_company(&state.pool, owner.company_id).await? {
            if let Some((_, mut case)) = support::case(&state.pool, line.id).await? {
                // Staff notes stay internal; the company sees steps and actions.
                for s in &mut case.steps {
                    s.note = None;
                }
                for a in &mut case.actions {
                    a.note.clear();
                }
                cases.push(case);
            }
        }
        Ok(cases)
    })
    .await
}

#[cfg(feature = "ssr")]
async fn staff() -> Result<CurrentUser, AppError> {
    auth::require(&[Role::Staff, Role::Admin]).await
}

/// The requests of the staff member's platform (all for admins).
#[server(endpoint = "platform_support_requests")]
pub async fn platform_support_requests(
    status: Option<String>,
    commune: Option<String>,
    age: Option<String>,
) -> Result<Vec<SupportLine>, AppError> {
    super::run(async move {
        let user = staff().await?;
        let scope = if user.role == Role::Admin {
            None
        } else {
            user.platform_id
        };
        let state = auth::state()?;
        let filter = support::SupportFilter {
            status: status.as_deref().and_then(CaseStatus::from_code),
            commune,
            older_than_days: age.and_then(|a| a.parse().ok()).filter(|d: &i64| *d > 0),
        };
        Ok(support::for_platform(&state.pool, scope, &filter).await?)
    })
    .await
}

/// A case of the caller's platform.
#[cfg(feature = "ssr")]
async fn own_case(user: &CurrentUser, id: &str) -> Result<(Owner, SupportCase), AppError> {
    let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
    let state = auth::state()?;
    let (owner, case) = support::case(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !user.is_staff_of(owner.platform_id) {
        return Err(AppError::Forbidden);
    }
    Ok((owner, case))
}

/// A case, for staff.
#[server(endpoint = "open_support_case")]
pub async fn open_support_case(id: String) -> Result<SupportCase, AppError> {
    super::run(async move {
        let user = staff().await?;
        Ok(own_case(&user, &id).await?.1)
    })
    .await
}

/// A staff note of at most 2,000 characters.
#[cfg(feature = "ssr")]
fn checked_note(field: &str, note: &str) -> Result<Option<String>, AppError> {
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(AppError::field(
            field,
            "Le commentaire ne doit pas dépasser 2 000 caractères.",
            note,
        ));
    }
    Ok(Some(note.to_owned()).filter(|n| !n.is_empty()))
}

/// Moves the case to `to` and tells the company, in one transaction.
#[cfg(feature = "ssr")]
async fn move_case(
    user: &CurrentUser,
    owner: Owner,
    case: &SupportCase,
    to: CaseStatus,
    outcome: Option<CaseOutcome>,
    note: Option<String>,
) -> Result<(), AppError> {
    let state = auth::state()?;
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    let moved = support::move_to(
        &mut tx,
        case.line.id,
        user.id,
        case.line.status,
        to,
        outcome,
        note.as_deref(),
    )
    .await?;
    if !moved {
        return Err(AppError::Refused(
            "Cette demande vient de changer d'étape : rechargez la page.".into(),
        ));
    }
    let mail = templates::support_step(
        case.line.kind.label(),
        to.label(),
        outcome.map(CaseOutcome::label),
        &state.link("/entreprise/accompagnement"),
    );
    outbox::enqueue_to_company(&mut tx, owner.platform_id, owner.company_id, &mail).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Moves a case to its next step.
#[server(endpoint = "advance_case")]
pub async fn advance_case(id: String, step_note: String) -> Result<(), AppError> {
    super::run(async move {
        let user = staff().await?;
        let (owner, case) = own_case(&user, &id).await?;
        let note = checked_note("step_note", &step_note)?;
        let Some(next) = case.line.status.next() else {
            return Err(AppError::Refused(
                "Cette demande est à sa dernière étape : clôturez-la avec son résultat.".into(),
            ));
        };
        move_case(&user, owner, &case, next, None, note).await
    })
    .await
}

/// Closes a case with its outcome.
#[server(endpoint = "close_case")]
pub async fn close_case(id: String, outcome: String, closing_note: String) -> Result<(), AppError> {
    super::run(async move {
        let user = staff().await?;
        let (owner, case) = own_case(&user, &id).await?;
        let Some(outcome) = CaseOutcome::from_code(outcome.trim()) else {
            return Err(AppError::field(
                "outcome",
                "Choisissez le résultat de l'accompagnement.",
                &outcome,
            ));
        };
        let note = checked_note("closing_note", &closing_note)?;
        if !case.line.status.is_open() {
            return Err(AppError::Refused("Cette demande est déjà clôturée.".into()));
        }
        move_case(&user, owner, &case, CaseStatus::Closed, Some(outcome), note).await
    })
    .await
}

/// Records an action carried out for a case.
#[server(endpoint = "add_case_action")]
pub async fn add_case_action(
    id: String,
    #[server(flatten)] form: CaseActionForm,
) -> Result<(), AppError> {
    super::run(async move {
        let user = staff().await?;
        let (_, case) = own_case(&user, &id).await?;
        let (kind, done_on, note) = form.check().map_err(AppError::Invalid)?;
        if !case.line.status.is_open() {
            return Err(AppError::Refused("Cette demande est déjà clôturée.".into()));
        }
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        support::add_action(&mut tx, case.line.id, user.id, kind, &done_on, &note).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}
