//! The convention's yearly cycle as services: the action programme, the
//! governance register, delays on the indicators, the annual report (and
//! its PDF) and the Région's requests. Each takes the state or the pool,
//! the person acting and the input; server functions only adapt them.

pub mod annual;
pub mod delays;
pub mod governance;
pub mod pdf;
pub mod programme;
pub mod region_requests;

use super::clock;
use super::indicators::Scope;
use crate::error::AppError;
use crate::model::{CurrentUser, Role};

/// The platform a person reads: staff their own; the Région and admins
/// the one asked for (required).
pub fn read_platform(user: &CurrentUser, asked: Option<&str>) -> Result<i64, AppError> {
    match user.role {
        Role::Staff => user.platform_id.ok_or(AppError::Forbidden),
        Role::Region | Role::Admin => asked
            .and_then(|p| p.trim().parse::<i64>().ok())
            .ok_or(AppError::NotFound),
        Role::Company | Role::Partner => Err(AppError::Forbidden),
    }
}

/// The platform a person writes for: only its staff.
pub fn write_platform(user: &CurrentUser) -> Result<i64, AppError> {
    match user.role {
        Role::Staff => user.platform_id.ok_or(AppError::Forbidden),
        _ => Err(AppError::Forbidden),
    }
}

/// The year asked for, or the current Paris year.
pub fn year_or_current(asked: Option<&str>, now: i64) -> Result<i32, AppError> {
    match asked.map(str::trim).filter(|a| !a.is_empty()) {
        None => Ok(current_year(now)),
        Some(a) => crate::model::cycle::check_year(a).ok_or(AppError::NotFound),
    }
}

/// The Paris year of an instant.
pub fn current_year(now: i64) -> i32 {
    clock::iso_date(now)[..4].parse().unwrap_or(2026)
}

/// The months of `[first, last]` of a year as a scope (`last` included).
pub fn year_scope(platform: Option<i64>, year: i32, first: u32, last: u32) -> Option<Scope> {
    let from = clock::month_start(&format!("{year}-{first:02}"))?;
    let end = if last >= 12 {
        format!("{}-01", year + 1)
    } else {
        format!("{year}-{:02}", last + 1)
    };
    let to = clock::month_start(&end)?;
    Some(Scope { platform, from, to })
}

/// The platform's name.
pub async fn platform_name(pool: &super::db::Pool, id: i64) -> Result<String, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM platforms WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(|(n,)| n).ok_or(AppError::NotFound)
}
