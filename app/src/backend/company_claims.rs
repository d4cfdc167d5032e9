//! Claiming a company's space: the owner of a company the platform's team
//! created (no account yet) signs up with its SIRET. Instead of a dead end,
//! the sign-up records a claim and tells the team; staff, who met the
//! owner, open the account (the address is confirmed through an e-mail
//! worded for an owner the team knows) or refuse the claim.

use super::clock;
use super::db::{now, Pool, Tx};
use super::mail::{account_templates, outbox};
use super::repo::users;
use super::state::AppState;
use crate::error::AppError;
use crate::model::claim::ClaimLine;
use crate::model::{CurrentUser, Role};

/// The company of that SIRET on the platform, when it has no active
/// account: its space can be claimed.
pub async fn claimable(pool: &Pool, platform_id: i64, siret: &str) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT c.id FROM companies c WHERE c.platform_id = $1 AND c.siret = $2 \
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.company_id = c.id AND u.deactivated_at IS NULL)",
    )
    .bind(platform_id)
    .bind(siret)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Records a claim and tells the platform's team, in the caller's
/// transaction (a pending claim from the same address is replaced).
pub async fn request(
    tx: &mut Tx,
    state: &AppState,
    company_id: i64,
    full_name: &str,
    email: &str,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM company_claims WHERE company_id = $1 AND email = $2 AND status = 'pending'",
    )
    .bind(company_id)
    .bind(email)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO company_claims (company_id, full_name, email, password_hash, created_at, status) \
         VALUES ($1, $2, $3, $4, $5, 'pending')",
    )
    .bind(company_id)
    .bind(full_name)
    .bind(email)
    .bind(password_hash)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    let (company, platform_id): (String, i64) =
        sqlx::query_as("SELECT name, platform_id FROM companies WHERE id = $1")
            .bind(company_id)
            .fetch_one(&mut **tx)
            .await?;
    let staff: Vec<(String,)> = sqlx::query_as(
        "SELECT email FROM users WHERE role = 'staff' AND platform_id = $1 AND deactivated_at IS NULL ORDER BY id",
    )
    .bind(platform_id)
    .fetch_all(&mut **tx)
    .await?;
    let mail = account_templates::claim_for_staff(
        &company,
        full_name,
        &state.link(&format!("/equipe/entreprises/{company_id}")),
    );
    for (address,) in staff {
        outbox::enqueue(
            tx,
            &outbox::NewMail {
                platform_id: Some(platform_id),
                to: &address,
                subject: &mail.subject,
                body: &mail.body,
            },
        )
        .await?;
    }
    Ok(())
}

/// The company's platform, when the user is its staff.
async fn staff_company(pool: &Pool, user: &CurrentUser, company_id: i64) -> Result<(), AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT platform_id FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_optional(pool)
        .await?;
    let (platform,) = row.ok_or(AppError::NotFound)?;
    if !matches!(user.role, Role::Staff | Role::Admin) || !user.is_staff_of(platform) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// The pending claims of a company, for its platform's staff.
pub async fn pending(
    state: &AppState,
    user: &CurrentUser,
    company_id: i64,
) -> Result<Vec<ClaimLine>, AppError> {
    staff_company(&state.pool, user, company_id).await?;
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, full_name, email, created_at FROM company_claims \
         WHERE company_id = $1 AND status = 'pending' ORDER BY id",
    )
    .bind(company_id)
    .fetch_all(&state.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, full_name, email, at)| ClaimLine {
            id,
            full_name,
            email,
            requested_on: clock::date_time(at),
        })
        .collect())
}

/// Staff decide a claim: approving opens the account (to be confirmed by
/// the e-mailed link), refusing tells the person to contact the team; the
/// password hash goes either way. Returns the company's id.
pub async fn decide(
    state: &AppState,
    user: &CurrentUser,
    claim_id: i64,
    approve: bool,
) -> Result<i64, AppError> {
    let row: Option<(i64, String, String, String)> = sqlx::query_as(
        "SELECT company_id, full_name, email, password_hash FROM company_claims \
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(claim_id)
    .fetch_optional(&state.pool)
    .await?;
    let (company_id, full_name, email, hash) = row.ok_or(AppError::NotFound)?;
    staff_company(&state.pool, user, company_id).await?;
    let (company, platform_id): (String, i64) =
        sqlx::query_as("SELECT name, platform_id FROM companies WHERE id = $1")
            .bind(company_id)
            .fetch_one(&state.pool)
            .await?;
    let mut tx = super::db::begin(&state.pool).await?;
    let done = sqlx::query(
        "UPDATE company_claims SET status = $1, decided_at = $2, decided_by = $3, password_hash = '' \
         WHERE id = $4 AND status = 'pending'",
    )
    .bind(if approve { "approved" } else { "refused" })
    .bind(now())
    .bind(user.id)
    .bind(claim_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    let mail = if approve {
        if users::email_taken(&state.pool, &email).await? {
            return Err(AppError::Refused(
                "Cette adresse a déjà un compte sur le portail : invitez plutôt la personne depuis l'espace de l'entreprise."
                    .into(),
            ));
        }
        let token = super::account_life::create_unconfirmed_company_user(
            &mut tx, company_id, &email, &full_name, &hash,
        )
        .await?;
        account_templates::claim_approved(
            &company,
            &full_name,
            &state.link(&format!("/inscription/confirmer/{token}")),
        )
    } else {
        account_templates::claim_refused(&company)
    };
    outbox::enqueue(
        &mut tx,
        &outbox::NewMail {
            platform_id: Some(platform_id),
            to: &email,
            subject: &mail.subject,
            body: &mail.body,
        },
    )
    .await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(company_id)
}
