//! The GDPR registers (requests and breaches) for staff and admins, and
//! the audit trail for admins: thin adapters over `backend::privacy`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::privacy::{AuditLine, BreachForm, DataRequestForm, RegisterAlerts, Registers};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::privacy::audit::{self, Action, Actor, Entry},
    crate::backend::privacy::registers::{self, Step},
    crate::model::{CurrentUser, Role},
};

/// The signed-in staff member or admin and their scope (their platform;
/// every platform for admins).
#[cfg(feature = "ssr")]
async fn team() -> Result<(CurrentUser, Option<i64>), AppError> {
    let user = auth::require(&[Role::Staff, Role::Admin]).await?;
    let scope = match user.role {
        Role::Admin => None,
        _ => Some(user.platform_id.ok_or(AppError::Forbidden)?),
    };
    Ok((user, scope))
}

/// Records a change of a register in the audit trail.
#[cfg(feature = "ssr")]
async fn audit_change(user: &CurrentUser, kind: &str, id: i64) -> Result<(), AppError> {
    let state = auth::state()?;
    audit::record(
        &state.pool,
        Entry {
            actor: Actor::User(user),
            action: Action::RegisterChange,
            object_kind: kind,
            object_id: id.to_string(),
            client: crate::backend::client::client_ip().to_string(),
        },
    )
    .await?;
    Ok(())
}

/// Both registers of the scope.
#[server(endpoint = "gdpr_registers")]
pub async fn gdpr_registers() -> Result<Registers, AppError> {
    super::run(async move {
        let (_, scope) = team().await?;
        let state = auth::state()?;
        Ok(Registers {
            requests: registers::requests(&state.pool, scope).await?,
            breaches: registers::breaches(&state.pool, scope).await?,
        })
    })
    .await
}

/// What the staff home warns about.
#[server(endpoint = "gdpr_alerts")]
pub async fn gdpr_alerts() -> Result<RegisterAlerts, AppError> {
    super::run(async move {
        let (_, scope) = team().await?;
        let state = auth::state()?;
        Ok(registers::alerts(&state.pool, scope).await?)
    })
    .await
}

/// Logs a data-subject request received by staff.
#[server(endpoint = "log_data_request")]
pub async fn log_data_request(#[server(flatten)] form: DataRequestForm) -> Result<(), AppError> {
    super::run(async move {
        let (user, scope) = team().await?;
        let state = auth::state()?;
        let checked = form.check().map_err(AppError::Invalid)?;
        let Some(id) = registers::add_request(&state.pool, scope, &checked, user.id).await? else {
            return Err(AppError::Invalid(form.keep(
                crate::error::FormErrors::new().with("received", "Cette date n'existe pas."),
            )));
        };
        audit_change(&user, "data_request", id).await?;
        leptos_axum::redirect("/equipe/registres?enregistre=demande");
        Ok(())
    })
    .await
}

/// Logs a personal-data breach.
#[server(endpoint = "log_breach")]
pub async fn log_breach(#[server(flatten)] form: BreachForm) -> Result<(), AppError> {
    super::run(async move {
        let (user, scope) = team().await?;
        let state = auth::state()?;
        let checked = form.check().map_err(AppError::Invalid)?;
        let Some(id) = registers::add_breach(&state.pool, scope, &checked, user.id).await? else {
            return Err(AppError::Invalid(form.keep(
                crate::error::FormErrors::new().with("detected", "Cette date n'existe pas."),
            )));
        };
        audit_change(&user, "breach", id).await?;
        leptos_axum::redirect("/equipe/registres?enregistre=violation#violations");
        Ok(())
    })
    .await
}

/// Records a step on a register line: `transmise`, `close` (requests) or
/// `notifiee` (breaches).
#[server(endpoint = "register_step")]
pub async fn register_step(id: String, step: String) -> Result<(), AppError> {
    super::run(async move {
        let (user, scope) = team().await?;
        let state = auth::state()?;
        let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
        let (step, kind, anchor) = match step.as_str() {
            "transmise" => (Step::Forwarded, "data_request", "demandes"),
            "close" => (Step::Closed, "data_request", "demandes"),
            "notifiee" => (Step::Notified, "breach", "violations"),
            _ => return Err(AppError::NotFound),
        };
        if !registers::record_step(&state.pool, scope, id, step).await? {
            return Err(AppError::NotFound);
        }
        audit_change(&user, kind, id).await?;
        leptos_axum::redirect(&format!("/equipe/registres#{anchor}"));
        Ok(())
    })
    .await
}

/// The latest 500 entries of the audit trail (admins).
#[server(endpoint = "audit_trail")]
pub async fn audit_trail() -> Result<Vec<AuditLine>, AppError> {
    super::run(async move {
        auth::require(&[Role::Admin]).await?;
        let state = auth::state()?;
        Ok(audit::latest(&state.pool, 500).await?)
    })
    .await
}
