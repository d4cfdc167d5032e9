//! The action programme of a platform's year: actions per axis with the
//! indicators they serve, their status through the year, and what carries
//! them out (events, interventions, support cases).

use super::{platform_name, read_platform, write_platform};
use crate::backend::clock;
use crate::backend::db::{now, Pool};
use crate::backend::indicators::month_name;
use crate::error::{AppError, FormErrors};
use crate::model::cycle::{
    ActionStatus, LinkKind, Linkable, Programme, ProgrammeAction, ProgrammeForm,
};
use crate::model::indicators::{definition, DEFINITIONS};
use crate::model::CurrentUser;

type ActionRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// The programme of a year, with the objectives entered for it and what
/// its actions may be linked to.
pub async fn programme(
    pool: &Pool,
    user: &CurrentUser,
    asked_platform: Option<&str>,
    year: i32,
) -> Result<Programme, AppError> {
    let platform = read_platform(user, asked_platform)?;
    let name = platform_name(pool, platform).await?;
    let rows: Vec<ActionRow> = sqlx::query_as(
        "SELECT id, axis, title, description, indicators, starts_on, ends_on, owner, status \
         FROM programme_actions WHERE platform_id = $1 AND year = $2 ORDER BY axis, starts_on, id",
    )
    .bind(platform)
    .bind(i64::from(year))
    .fetch_all(pool)
    .await?;
    let mut actions = Vec::with_capacity(rows.len());
    for (id, axis, title, description, indicators, starts, ends, owner, status) in rows {
        actions.push(ProgrammeAction {
            id,
            axis: u8::try_from(axis).unwrap_or(1),
            title,
            description,
            indicators: indicators
                .split_whitespace()
                .filter_map(definition)
                .map(|d| (d.key.to_owned(), d.label.to_owned()))
                .collect(),
            period: if starts == ends {
                month_name(&starts)
            } else {
                format!("{} – {}", month_name(&starts), month_name(&ends))
            },
            owner,
            status: ActionStatus::from_code(&status).unwrap_or(ActionStatus::Planned),
            links: links_of(pool, id).await?,
        });
    }
    let objectives: Vec<(String, i64)> = sqlx::query_as(
        "SELECT indicator, target FROM indicator_objectives WHERE platform_id = $1 AND year = $2",
    )
    .bind(platform)
    .bind(i64::from(year))
    .fetch_all(pool)
    .await?;
    let objectives = DEFINITIONS
        .iter()
        .map(|d| {
            let target = objectives
                .iter()
                .find(|(k, _)| k == d.key)
                .map(|(_, t)| {
                    if d.unit == crate::model::indicators::Unit::Rate {
                        format!("{t} %")
                    } else {
                        t.to_string()
                    }
                })
                .unwrap_or_default();
            (d.key.to_owned(), d.axis, d.label.to_owned(), target)
        })
        .collect();
    let linkables = if user.is_staff_of(platform) {
        linkables(pool, platform, year).await?
    } else {
        Vec::new()
    };
    Ok(Programme {
        year,
        platform: name,
        actions,
        objectives,
        linkables,
        editable: user.role == crate::model::Role::Staff,
    })
}

/// What carries an action out: (kind, what, link).
async fn links_of(pool: &Pool, id: i64) -> sqlx::Result<Vec<(String, String, Option<String>)>> {
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT l.kind, l.ref_id, COALESCE(e.title, i.counterpart || ' – ' || i.subject, c.name, '') \
         FROM programme_links l \
         LEFT JOIN events e ON l.kind = 'event' AND e.id = l.ref_id \
         LEFT JOIN interventions i ON l.kind = 'intervention' AND i.id = l.ref_id \
         LEFT JOIN support_requests s ON l.kind = 'support' AND s.id = l.ref_id \
         LEFT JOIN companies c ON c.id = s.company_id \
         WHERE l.action_id = $1 ORDER BY l.kind, l.ref_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, ref_id, what)| {
            let kind = LinkKind::from_code(&kind)?;
            let link = match kind {
                LinkKind::Event => Some(format!("/evenements/{ref_id}")),
                LinkKind::Support => Some(format!("/equipe/accompagnements/{ref_id}")),
                LinkKind::Intervention => None,
            };
            Some((kind.label().to_owned(), what, link))
        })
        .collect())
}

/// The platform's events, interventions and support cases of the year.
async fn linkables(pool: &Pool, platform: i64, year: i32) -> Result<Vec<Linkable>, AppError> {
    let scope = super::year_scope(Some(platform), year, 1, 12).ok_or(AppError::NotFound)?;
    let mut out = Vec::new();
    let events: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, title, starts_at FROM events WHERE platform_id = $1 AND starts_at >= $2 \
         AND starts_at < $3 ORDER BY starts_at",
    )
    .bind(platform)
    .bind(scope.from)
    .bind(scope.to)
    .fetch_all(pool)
    .await?;
    out.extend(events.into_iter().map(|(id, title, at)| {
        (
            format!("event:{id}"),
            format!("Événement : {title} ({})", clock::date(at)),
        )
    }));
    let interventions: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, counterpart, subject, happened_at FROM interventions WHERE platform_id = $1 \
         AND happened_at >= $2 AND happened_at < $3 ORDER BY happened_at",
    )
    .bind(platform)
    .bind(scope.from)
    .bind(scope.to)
    .fetch_all(pool)
    .await?;
    out.extend(interventions.into_iter().map(|(id, who, subject, at)| {
        (
            format!("intervention:{id}"),
            format!("Intervention : {who} – {subject} ({})", clock::date(at)),
        )
    }));
    let cases: Vec<(i64, String)> = sqlx::query_as(
        "SELECT s.id, c.name FROM support_requests s JOIN companies c ON c.id = s.company_id \
         WHERE s.platform_id = $1 AND s.created_at < $3 AND (s.closed_at IS NULL OR s.closed_at >= $2) \
         ORDER BY s.id",
    )
    .bind(platform)
    .bind(scope.from)
    .bind(scope.to)
    .fetch_all(pool)
    .await?;
    out.extend(cases.into_iter().map(|(id, company)| {
        (
            format!("support:{id}"),
            format!("Accompagnement n° {id} : {company}"),
        )
    }));
    Ok(out)
}

/// Staff add an action to their platform's programme.
pub async fn add_action(
    pool: &Pool,
    user: &CurrentUser,
    form: &ProgrammeForm,
) -> Result<i64, AppError> {
    let platform = write_platform(user)?;
    let a = form.check().map_err(AppError::Invalid)?;
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO programme_actions (platform_id, year, axis, title, description, indicators, \
         starts_on, ends_on, owner, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(platform)
    .bind(i64::from(a.year))
    .bind(i64::from(a.axis))
    .bind(&a.title)
    .bind(&a.description)
    .bind(a.indicators.join(" "))
    .bind(&a.starts_on)
    .bind(&a.ends_on)
    .bind(&a.owner)
    .bind(ActionStatus::Planned.code())
    .bind(user.id)
    .bind(at)
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// The action (of the person's platform) and its year.
async fn own_action(pool: &Pool, user: &CurrentUser, id: &str) -> Result<(i64, i32), AppError> {
    let platform = write_platform(user)?;
    let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT platform_id, year FROM programme_actions WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    match row {
        Some((p, year)) if p == platform => Ok((id, i32::try_from(year).unwrap_or(0))),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::NotFound),
    }
}

/// Staff move an action to another status; returns its year.
pub async fn set_status(
    pool: &Pool,
    user: &CurrentUser,
    id: &str,
    status: &str,
) -> Result<i32, AppError> {
    let (id, year) = own_action(pool, user, id).await?;
    let Some(status) = ActionStatus::from_code(status.trim()) else {
        return Err(AppError::field(
            &format!("status-{id}"),
            "Choisissez un état.",
            status,
        ));
    };
    sqlx::query("UPDATE programme_actions SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.code())
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(year)
}

/// Staff link an action to an event, intervention or support case of
/// their platform (`kind:id`, as the form's list gives it); returns its
/// year.
pub async fn link(
    pool: &Pool,
    user: &CurrentUser,
    id: &str,
    target: &str,
) -> Result<i32, AppError> {
    let (id, year) = own_action(pool, user, id).await?;
    let platform = write_platform(user)?;
    let field = format!("target-{id}");
    let refused = || {
        AppError::Invalid(
            FormErrors::new()
                .with(
                    &field,
                    "Choisissez un événement, une intervention ou un accompagnement de la liste.",
                )
                .keep(&field, target),
        )
    };
    let (kind, ref_id) = target.trim().split_once(':').ok_or_else(refused)?;
    let kind = LinkKind::from_code(kind).ok_or_else(refused)?;
    let ref_id = ref_id.parse::<i64>().map_err(|_| refused())?;
    let table = match kind {
        LinkKind::Event => "events",
        LinkKind::Intervention => "interventions",
        LinkKind::Support => "support_requests",
    };
    let owner: Option<(i64,)> =
        sqlx::query_as(&format!("SELECT platform_id FROM {table} WHERE id = $1"))
            .bind(ref_id)
            .fetch_optional(pool)
            .await?;
    if owner.map(|(p,)| p) != Some(platform) {
        return Err(refused());
    }
    sqlx::query(
        "INSERT INTO programme_links (action_id, kind, ref_id) VALUES ($1, $2, $3) \
         ON CONFLICT (action_id, kind, ref_id) DO NOTHING",
    )
    .bind(id)
    .bind(kind.code())
    .bind(ref_id)
    .execute(pool)
    .await?;
    sqlx::query("UPDATE programme_actions SET updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(year)
}
