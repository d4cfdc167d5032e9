//! Delays on the indicators: the year-to-date value of each indicator with
//! an objective against that objective prorated to the date (the
//! convention asks the platform to warn the Région of any significant
//! delay). Staff acknowledge a delay with a comment the Région reads.

use super::{read_platform, write_platform, year_scope};
use crate::backend::clock;
use crate::backend::db::{now, Pool};
use crate::backend::indicators::dashboard;
use crate::error::{AppError, FormErrors};
use crate::model::cycle::{is_late, DelayAlert};
use crate::model::indicators::definition;
use crate::model::CurrentUser;

/// The late indicators of a platform's year at `at`, `margin` percent
/// allowed under the prorated objective.
pub async fn alerts(
    pool: &Pool,
    platform: i64,
    year: i32,
    at: i64,
    margin: u32,
) -> Result<Vec<DelayAlert>, AppError> {
    let whole = year_scope(Some(platform), year, 1, 12).ok_or(AppError::NotFound)?;
    if at <= whole.from {
        return Ok(Vec::new());
    }
    let to = at.min(whole.to);
    let elapsed = (to - whole.from) as f64 / (whole.to - whole.from) as f64;
    let scope = crate::backend::indicators::Scope { to, ..whole };
    let d = dashboard(pool, &scope, year, String::new(), &[]).await?;
    let acks: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT a.indicator, a.comment, u.full_name, a.acknowledged_at FROM delay_acknowledgements a \
         JOIN users u ON u.id = a.acknowledged_by WHERE a.platform_id = $1 AND a.year = $2",
    )
    .bind(platform)
    .bind(i64::from(year))
    .fetch_all(pool)
    .await?;
    Ok(d.figures
        .iter()
        .filter_map(|f| {
            let objective = f.objective?;
            let expected = is_late(f.value(), objective, f.rate, elapsed, margin)?;
            let shown = |v: f64| {
                if f.rate {
                    format!("{} %", v.round() as i64)
                } else {
                    format!("{}", v.round() as i64)
                }
            };
            Some(DelayAlert {
                key: f.key.clone(),
                label: f.label.clone(),
                value: f.shown(),
                expected: shown(expected),
                objective: shown(objective as f64),
                acknowledged: acks
                    .iter()
                    .find(|(k, ..)| *k == f.key)
                    .map(|(_, c, who, at)| (c.clone(), who.clone(), clock::date(*at))),
            })
        })
        .collect())
}

/// The alerts a person may read (staff their platform's, the Région any).
pub async fn alerts_for(
    pool: &Pool,
    user: &CurrentUser,
    asked_platform: Option<&str>,
    year: i32,
    margin: u32,
) -> Result<Vec<DelayAlert>, AppError> {
    let platform = read_platform(user, asked_platform)?;
    alerts(pool, platform, year, now(), margin).await
}

/// Staff acknowledge a delay with a comment (a later one replaces it).
pub async fn acknowledge(
    pool: &Pool,
    user: &CurrentUser,
    year: &str,
    indicator: &str,
    comment: &str,
) -> Result<i32, AppError> {
    let platform = write_platform(user)?;
    let def = definition(indicator.trim()).ok_or(AppError::NotFound)?;
    let year = crate::model::cycle::check_year(year).ok_or(AppError::NotFound)?;
    let field = format!("comment-{}", def.key);
    let comment = comment.trim();
    let message = if comment.is_empty() {
        Some("Expliquez le retard et ce que la plateforme fait pour le rattraper.")
    } else if comment.chars().count() > 2000 {
        Some("2 000 caractères au plus.")
    } else {
        None
    };
    if let Some(m) = message {
        return Err(AppError::Invalid(
            FormErrors::new().with(&field, m).keep(&field, comment),
        ));
    }
    sqlx::query(
        "INSERT INTO delay_acknowledgements (platform_id, year, indicator, comment, acknowledged_by, acknowledged_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (platform_id, year, indicator) \
         DO UPDATE SET comment = excluded.comment, acknowledged_by = excluded.acknowledged_by, \
         acknowledged_at = excluded.acknowledged_at",
    )
    .bind(platform)
    .bind(i64::from(year))
    .bind(def.key)
    .bind(comment)
    .bind(user.id)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(year)
}
