//! A company's own data: the export its users download (the company, its
//! users, offers, support requests and event registrations) and the
//! closing of one's own account. The company's records belong to the
//! platform's work: when the last user leaves, they stay with the platform.

use serde_json::{json, Value};

use super::audit::{self, Action, Actor, Entry};
use crate::backend::clock::date_time;
use crate::backend::db::{begin, now, Pool};
use crate::backend::password;
use crate::backend::repo::{sessions, users};
use crate::backend::secrets::open_field;
use crate::backend::state::AppState;
use crate::error::{AppError, FormErrors};
use crate::model::{CurrentUser, CHECKED};

type CompanyRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);
type OfferRow = (i64, String, String, i64, String, String, String, i64, i64);
type SupportRow = (i64, String, String, String, String, String, i64);

/// Everything the portal holds about a company, as JSON.
pub async fn export(pool: &Pool, company_id: i64) -> sqlx::Result<Value> {
    let company: Option<CompanyRow> = sqlx::query_as(
        "SELECT name, siret, naf_division, headcount_band, commune_insee, created_at \
         FROM companies WHERE id = $1",
    )
    .bind(company_id)
    .fetch_optional(pool)
    .await?;
    let Some((name, siret, naf, band, commune, created)) = company else {
        return Ok(Value::Null);
    };
    let people: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT full_name, email, created_at, deactivated_at FROM users WHERE company_id = $1 ORDER BY id",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    let offers: Vec<OfferRow> = sqlx::query_as(
        "SELECT id, title, contract_type, positions, commune_insee, description, status, \
         created_at, updated_at FROM offers WHERE company_id = $1 ORDER BY id",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    let support: Vec<SupportRow> = sqlx::query_as(
        "SELECT id, kind, description, contact_preference, phone, status, created_at \
         FROM support_requests WHERE company_id = $1 ORDER BY id",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    let events: Vec<(String, i64, String, i64)> = sqlx::query_as(
        "SELECT e.title, e.starts_at, ec.role, ec.attendees FROM event_companies ec \
         JOIN events e ON e.id = ec.event_id WHERE ec.company_id = $1 ORDER BY e.starts_at",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    Ok(json!({
        "entreprise": {
            "nom": name, "siret": siret, "division_naf": naf, "tranche_effectif": band,
            "commune_insee": commune, "creee_le": date_time(created),
        },
        "utilisateurs": people.into_iter().map(|(n, e, c, d)| json!({
            "nom": n, "email": e, "cree_le": date_time(c), "ferme_le": d.map(date_time),
        })).collect::<Vec<_>>(),
        "offres": offers.into_iter().map(|(id, title, contract, positions, commune, description, status, c, u)| json!({
            "numero": id, "intitule": title, "contrat": contract, "postes": positions,
            "commune_insee": commune, "description": description, "statut": status,
            "deposee_le": date_time(c), "modifiee_le": date_time(u),
        })).collect::<Vec<_>>(),
        "demandes_accompagnement": support.into_iter().map(|(id, kind, description, contact, phone, status, c)| json!({
            "numero": id, "type": kind, "description": description, "contact_prefere": contact,
            "telephone": open_field(&phone), "statut": status, "deposee_le": date_time(c),
        })).collect::<Vec<_>>(),
        "evenements": events.into_iter().map(|(title, at, role, attendees)| json!({
            "evenement": title, "date": date_time(at), "role": role, "personnes": attendees,
        })).collect::<Vec<_>>(),
    }))
}

/// Closes a company account in the caller's transaction: name and address
/// blanked, password unusable, deactivated, pending links gone (the
/// caller ends its sessions after the commit).
pub async fn close_account_in(
    tx: &mut crate::backend::db::Tx,
    user_id: i64,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET full_name = 'Compte fermé', email = $1, password_hash = '!', \
         deactivated_at = $2 WHERE id = $3",
    )
    .bind(format!("compte-ferme-{user_id}@invalid"))
    .bind(at)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM account_tokens WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A company user closes their own account (password and confirmation
/// checked): name and address are blanked, sessions end. Returns whether
/// they were the company's last active user.
pub async fn close_own_account(
    state: &AppState,
    user: &CurrentUser,
    current_password: &str,
    confirm: Option<&str>,
) -> Result<bool, AppError> {
    let mut errors = FormErrors::new();
    if confirm.map(str::trim) != Some(CHECKED) {
        errors.add(
            "confirm_close",
            "Cochez la case pour confirmer la fermeture du compte.",
        );
    }
    let stored = users::credentials(&state.pool, &user.email)
        .await?
        .map(|(_, h)| h);
    if !password::verify(current_password.to_owned(), stored).await? {
        errors.add("close_password", "Le mot de passe n'est pas le bon.");
    }
    errors.into_result()?;
    let company = user.company_id.ok_or(AppError::Forbidden)?;
    let mut tx = begin(&state.pool).await?;
    close_account_in(&mut tx, user.id, now()).await?;
    let (left,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM users WHERE company_id = $1 AND deactivated_at IS NULL",
    )
    .bind(company)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Entry {
            actor: Actor::User(user),
            action: Action::AccountChange,
            object_kind: "account",
            object_id: user.id.to_string(),
            client: crate::backend::client::client_ip().to_string(),
        },
    )
    .await?;
    tx.commit().await?;
    sessions::revoke_all(&state.pool, user.id, None).await?;
    Ok(left == 0)
}
