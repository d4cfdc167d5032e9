//! The people of a company's space: each sees the others, and removes the
//! access of one who left (the account is closed: name and address
//! blanked, sessions ended at once; what they did stays, unnamed).

use super::clock;
use super::db::{begin, now};
use super::privacy::audit::{self, Action, Actor, Entry};
use super::privacy::company_data::close_account_in;
use super::repo::sessions;
use super::state::AppState;
use crate::error::{AppError, FormErrors};
use crate::model::colleague::ColleagueLine;
use crate::model::{CurrentUser, Role, CHECKED};

fn company_of(user: &CurrentUser) -> Result<i64, AppError> {
    match (user.role, user.company_id) {
        (Role::Company, Some(c)) => Ok(c),
        _ => Err(AppError::Forbidden),
    }
}

/// The company's active accounts, oldest first.
pub async fn colleagues(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<ColleagueLine>, AppError> {
    let company = company_of(user)?;
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, full_name, email, created_at FROM users \
         WHERE company_id = $1 AND deactivated_at IS NULL ORDER BY id",
    )
    .bind(company)
    .fetch_all(&state.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, full_name, email, created_at)| ColleagueLine {
            id,
            full_name,
            email,
            since: clock::date(created_at),
            me: id == user.id,
        })
        .collect())
}

/// Removes a colleague's access (confirmed by ticking a box): only another
/// active account of the same company.
pub async fn remove_colleague(
    state: &AppState,
    user: &CurrentUser,
    colleague_id: i64,
    confirm: Option<&str>,
) -> Result<(), AppError> {
    let company = company_of(user)?;
    if colleague_id == user.id {
        return Err(AppError::Refused(
            "Pour fermer votre propre accès, passez par « Mes données » (fermeture du compte)."
                .into(),
        ));
    }
    let field = format!("confirm_{colleague_id}");
    if confirm.map(str::trim) != Some(CHECKED) {
        return Err(AppError::Invalid(FormErrors::new().with(
            &field,
            "Cochez la case pour confirmer le retrait de cet accès.",
        )));
    }
    let mut tx = begin(&state.pool).await?;
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM users WHERE id = $1 AND company_id = $2 AND deactivated_at IS NULL",
    )
    .bind(colleague_id)
    .bind(company)
    .fetch_optional(&mut *tx)
    .await?;
    if found.is_none() {
        return Err(AppError::NotFound);
    }
    close_account_in(&mut tx, colleague_id, now()).await?;
    audit::record(
        &mut *tx,
        Entry {
            actor: Actor::User(user),
            action: Action::AccountChange,
            object_kind: "account",
            object_id: colleague_id.to_string(),
            client: super::client::client_ip().to_string(),
        },
    )
    .await?;
    tx.commit().await?;
    sessions::revoke_all(&state.pool, colleague_id, None).await?;
    Ok(())
}
