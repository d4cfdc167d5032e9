//! Accounts and companies.

use crate::backend::db::{now, Pool, Tx};
use crate::model::{CurrentUser, Role};

/// An account to create; the password is already hashed.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub full_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub platform_id: Option<i64>,
    pub company_id: Option<i64>,
    pub partner_org_id: Option<i64>,
}

/// Creates an account (the first account of a partner organisation is its
/// manager). A taken e-mail is a unique violation the caller maps.
pub async fn create(tx: &mut Tx, u: &NewUser<'_>) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (email, full_name, password_hash, role, platform_id, company_id, partner_org_id, \
         created_at, confirmed_at, partner_manager) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, \
         CASE WHEN $7 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users WHERE partner_org_id = $7) THEN 1 ELSE 0 END) \
         RETURNING id",
    )
    .bind(u.email)
    .bind(u.full_name)
    .bind(u.password_hash)
    .bind(u.role.code())
    .bind(u.platform_id)
    .bind(u.company_id)
    .bind(u.partner_org_id)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// A sign-up's account works only once its address is confirmed.
pub async fn require_confirmation(tx: &mut Tx, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET confirmed_at = NULL WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records that the account's address is confirmed.
pub async fn confirm(tx: &mut Tx, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET confirmed_at = COALESCE(confirmed_at, $1) WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replaces an account's password hash.
pub async fn set_password(tx: &mut Tx, id: i64, hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deactivates an account (`Some(time)`) or reactivates it (`None`);
/// `false` when there is no such account.
pub async fn set_deactivated(tx: &mut Tx, id: i64, at: Option<i64>) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE users SET deactivated_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    full_name: String,
    role: String,
    place: Option<String>,
    deactivated_at: Option<i64>,
}

/// Every account, for the admin's list: where it belongs (platform,
/// company or organisation) and whether it is active.
pub async fn list_all(pool: &Pool) -> sqlx::Result<Vec<crate::model::AccountLine>> {
    let rows: Vec<AccountRow> = sqlx::query_as(
        "SELECT u.id, u.email, u.full_name, u.role, COALESCE(c.name, o.name, p.name) AS place, u.deactivated_at \
         FROM users u LEFT JOIN companies c ON c.id = u.company_id \
         LEFT JOIN partner_orgs o ON o.id = u.partner_org_id LEFT JOIN platforms p ON p.id = u.platform_id \
         ORDER BY u.role, u.email",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::model::AccountLine {
            id: r.id,
            email: r.email,
            full_name: r.full_name,
            role: Role::from_code(&r.role).map_or(r.role.clone(), |role| role.label().to_owned()),
            place: r.place.unwrap_or_default(),
            active: r.deactivated_at.is_none(),
        })
        .collect())
}

/// Whether an account uses this e-mail already.
pub async fn email_taken(pool: &Pool, email: &str) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?;
    Ok(row.is_some())
}

/// Whether any admin account exists.
pub async fn admin_exists(pool: &Pool) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE role = 'admin' LIMIT 1")
        .fetch_optional(pool)
        .await?;
    Ok(row.is_some())
}

/// The id and password hash of the account with this e-mail.
/// (Deactivated accounts have none.)
pub async fn credentials(pool: &Pool, email: &str) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as(
        "SELECT id, password_hash FROM users WHERE email = $1 AND deactivated_at IS NULL",
    )
    .bind(email)
    .fetch_optional(pool)
    .await
}

/// Whether the account's address was confirmed (accounts created by
/// staff or by invitation are; a company's sign-up is once its link is
/// followed).
pub async fn is_confirmed(pool: &Pool, id: i64) -> sqlx::Result<bool> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT confirmed_at FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(at,)| at).is_some())
}

/// A company to create.
pub struct NewCompany<'a> {
    pub platform_id: i64,
    pub siret: &'a str,
    pub name: &'a str,
    pub naf_division: Option<&'a str>,
    pub headcount_band: Option<&'a str>,
    pub commune_insee: Option<&'a str>,
}

/// Creates a company on a platform.
pub async fn create_company(tx: &mut Tx, c: &NewCompany<'_>) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO companies (platform_id, siret, name, naf_division, headcount_band, commune_insee, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(c.platform_id)
    .bind(c.siret)
    .bind(c.name)
    .bind(c.naf_division)
    .bind(c.headcount_band)
    .bind(c.commune_insee)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Whether a company with this SIRET is already registered on the platform.
pub async fn siret_taken(pool: &Pool, platform_id: i64, siret: &str) -> sqlx::Result<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM companies WHERE platform_id = $1 AND siret = $2")
            .bind(platform_id)
            .bind(siret)
            .fetch_optional(pool)
            .await?;
    Ok(row.is_some())
}

/// An account row joined with its platform, company and organisation.
#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    full_name: String,
    role: String,
    platform_id: Option<i64>,
    platform_name: Option<String>,
    company_id: Option<i64>,
    company_name: Option<String>,
    partner_org_id: Option<i64>,
    partner_org_name: Option<String>,
}

/// The columns and joins that make a [`CurrentUser`]; `u` is the users table.
pub(crate) const CURRENT_USER_SELECT: &str = "SELECT u.id, u.email, u.full_name, u.role, \
    COALESCE(u.platform_id, c.platform_id, o.platform_id) AS platform_id, p.name AS platform_name, \
    u.company_id, c.name AS company_name, u.partner_org_id, o.name AS partner_org_name \
    FROM users u \
    LEFT JOIN companies c ON c.id = u.company_id \
    LEFT JOIN partner_orgs o ON o.id = u.partner_org_id \
    LEFT JOIN platforms p ON p.id = COALESCE(u.platform_id, c.platform_id, o.platform_id)";

/// Turns a joined row into a [`CurrentUser`] (`None` for an unknown role).
pub(crate) fn current_user_from_row(r: UserRow) -> Option<CurrentUser> {
    Some(CurrentUser {
        id: r.id,
        email: r.email,
        full_name: r.full_name,
        role: Role::from_code(&r.role)?,
        platform_id: r.platform_id,
        platform_name: r.platform_name,
        company_id: r.company_id,
        company_name: r.company_name,
        partner_org_id: r.partner_org_id,
        partner_org_name: r.partner_org_name,
    })
}

/// The signed-in view of an account.
pub async fn current_user(pool: &Pool, id: i64) -> sqlx::Result<Option<CurrentUser>> {
    let row: Option<UserRow> = sqlx::query_as(&format!("{CURRENT_USER_SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.and_then(current_user_from_row))
}

/// A user's e-mail address.
pub async fn email_of(tx: &mut Tx, user_id: i64) -> sqlx::Result<String> {
    let (email,): (String,) = sqlx::query_as("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(email)
}

/// The e-mail addresses of a company's accounts.
pub async fn company_emails(tx: &mut Tx, company_id: i64) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT email FROM users WHERE company_id = $1 ORDER BY id")
            .bind(company_id)
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows.into_iter().map(|(e,)| e).collect())
}

#[derive(sqlx::FromRow)]
struct CompanyRow {
    id: i64,
    name: String,
    siret: String,
    commune_name: Option<String>,
    headcount_band: Option<String>,
    created_at: i64,
    users: i64,
    offers: i64,
    requests: i64,
}

/// The companies of a platform, by name, with their accounts, offers and
/// support requests counted.
/// The companies of a platform to choose from: (id, name), by name.
pub async fn company_names(pool: &Pool, platform_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM companies WHERE platform_id = $1 ORDER BY name, id")
        .bind(platform_id)
        .fetch_all(pool)
        .await
}

/// One company of a platform: (name, SIRET, headcount band).
pub async fn company_of_platform(
    pool: &Pool,
    platform_id: i64,
    company_id: i64,
) -> sqlx::Result<Option<(String, String, Option<String>)>> {
    sqlx::query_as(
        "SELECT name, siret, headcount_band FROM companies WHERE id = $1 AND platform_id = $2",
    )
    .bind(company_id)
    .bind(platform_id)
    .fetch_optional(pool)
    .await
}

pub async fn companies_of_platform(
    pool: &Pool,
    platform_id: i64,
) -> sqlx::Result<Vec<crate::model::CompanyLine>> {
    let rows: Vec<CompanyRow> = sqlx::query_as(
        "SELECT c.id, c.name, c.siret, cm.name AS commune_name, c.headcount_band, c.created_at, \
         (SELECT COUNT(*) FROM users u WHERE u.company_id = c.id) AS users, \
         (SELECT COUNT(*) FROM offers o WHERE o.company_id = c.id) AS offers, \
         (SELECT COUNT(*) FROM support_requests r WHERE r.company_id = c.id) AS requests \
         FROM companies c LEFT JOIN communes cm ON cm.insee = c.commune_insee \
         WHERE c.platform_id = $1 ORDER BY c.name, c.id",
    )
    .bind(platform_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::model::CompanyLine {
            id: r.id,
            name: r.name,
            siret: r.siret,
            commune_name: r.commune_name,
            headcount_band: r.headcount_band,
            created_on: crate::backend::clock::date(r.created_at),
            users: r.users,
            offers: r.offers,
            requests: r.requests,
        })
        .collect())
}

/// The platform and name of a company.
pub async fn company_platform(pool: &Pool, company_id: i64) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("SELECT platform_id, name FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_optional(pool)
        .await
}
