//! Delays on the indicators: the year-to-date value of each indicator with
//! an objective against that objective prorated to the date (the
//! convention asks the platform to warn the Région of any significant
//! delay). Staff acknowledge a delay with a comment the Région reads.

use super::{read_platform, write_platform, year_scope};
use crate::backend::clock;
use crate::backend::db::{now, Pool};
use crate::backend::indicators::{dashboard, dashboard_by_platform, Scope};
use crate::error::{AppError, FormErrors};
use crate::model::cycle::{is_late, DelayAlert};
use crate::model::indicators::{definition, Figure};
use crate::model::CurrentUser;

type Ack = (i64, String, String, String, i64);

/// The acknowledgements of a year (every platform's when `platform` is
/// `None`).
async fn acknowledgements(pool: &Pool, platform: Option<i64>, year: i32) -> sqlx::Result<Vec<Ack>> {
    sqlx::query_as(
        "SELECT a.platform_id, a.indicator, a.comment, u.full_name, a.acknowledged_at FROM delay_acknowledgements a \
         JOIN users u ON u.id = a.acknowledged_by WHERE a.year = $1 AND ($2 IS NULL OR a.platform_id = $2)",
    )
    .bind(i64::from(year))
    .bind(platform)
    .fetch_all(pool)
    .await
}

/// The figures behind their prorated objective, with their comments.
fn flag(
    figures: &[Figure],
    platform: i64,
    acks: &[Ack],
    elapsed: f64,
    margin: u32,
) -> Vec<DelayAlert> {
    figures
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
                    .find(|(p, k, ..)| *p == platform && *k == f.key)
                    .map(|(_, _, c, who, at)| (c.clone(), who.clone(), clock::date(*at))),
            })
        })
        .collect()
}

/// The year-to-date scope at `at` and the share of the year gone, or
/// `None` before the year begins.
fn to_date(platform: Option<i64>, year: i32, at: i64) -> Result<Option<(Scope, f64)>, AppError> {
    let whole = year_scope(platform, year, 1, 12).ok_or(AppError::NotFound)?;
    if at <= whole.from {
        return Ok(None);
    }
    let to = at.min(whole.to);
    let elapsed = (to - whole.from) as f64 / (whole.to - whole.from) as f64;
    Ok(Some((Scope { to, ..whole }, elapsed)))
}

/// The late indicators of a platform's year at `at`, `margin` percent
/// allowed under the prorated objective.
pub async fn alerts(
    pool: &Pool,
    platform: i64,
    year: i32,
    at: i64,
    margin: u32,
) -> Result<Vec<DelayAlert>, AppError> {
    let Some((scope, elapsed)) = to_date(Some(platform), year, at)? else {
        return Ok(Vec::new());
    };
    let d = dashboard(pool, &scope, year, String::new(), &[]).await?;
    let acks = acknowledgements(pool, Some(platform), year).await?;
    Ok(flag(&d.figures, platform, &acks, elapsed, margin))
}

/// Every platform's late indicators (one pass over the records), each
/// label naming its platform.
pub async fn every_platform(
    pool: &Pool,
    year: i32,
    at: i64,
    margin: u32,
) -> Result<Vec<DelayAlert>, AppError> {
    let Some((scope, elapsed)) = to_date(None, year, at)? else {
        return Ok(Vec::new());
    };
    let platforms: Vec<(i64, String)> = crate::backend::repo::platforms::list(pool)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let d = dashboard_by_platform(pool, &scope, year, String::new(), &platforms).await?;
    let acks = acknowledgements(pool, None, year).await?;
    let per_platform: Vec<(i64, String, Vec<Figure>)> = if d.platform_figures.is_empty() {
        // One platform: the totals are its figures, with its objectives.
        match platforms.first() {
            Some((id, name)) => {
                let own = dashboard(
                    pool,
                    &Scope {
                        platform: Some(*id),
                        ..scope
                    },
                    year,
                    String::new(),
                    &[],
                )
                .await?;
                vec![(*id, name.clone(), own.figures)]
            }
            None => Vec::new(),
        }
    } else {
        platforms
            .iter()
            .zip(d.platform_figures)
            .map(|((id, name), (_, figures))| (*id, name.clone(), figures))
            .collect()
    };
    Ok(per_platform
        .into_iter()
        .flat_map(|(id, name, figures)| {
            flag(&figures, id, &acks, elapsed, margin)
                .into_iter()
                .map(move |mut a| {
                    a.label = format!("{name} – {}", a.label);
                    a
                })
        })
        .collect())
}

/// The alerts a person may read: staff their platform's; the Région and
/// admins the platform asked for, or every platform's (each label then
/// names its platform).
pub async fn alerts_for(
    pool: &Pool,
    user: &CurrentUser,
    asked_platform: Option<&str>,
    year: i32,
    margin: u32,
) -> Result<Vec<DelayAlert>, AppError> {
    let at = now();
    match read_platform(user, asked_platform) {
        Ok(platform) => alerts(pool, platform, year, at, margin).await,
        Err(AppError::NotFound) if asked_platform.is_none() => {
            every_platform(pool, year, at, margin).await
        }
        Err(e) => Err(e),
    }
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
