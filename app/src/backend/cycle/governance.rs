//! The governance register: co-presidency meetings and review meetings
//! with the Région, with their organisations, agenda, minutes (text or an
//! attached PDF) and decisions followed up. The staff home warns while a
//! year plans fewer meetings than the convention asks.

use super::write_platform;
use crate::backend::clock;
use crate::backend::db::{begin, now, Pool};
use crate::error::AppError;
use crate::model::cycle::{
    meeting_warnings, Decision, Governance, Meeting, MeetingForm, MeetingKind,
};
use crate::model::{french_date, CurrentUser, Role};

/// Largest minutes PDF accepted.
pub const MINUTES_MAX_BYTES: usize = 5 * 1024 * 1024;

type DecisionRow = (i64, String, String, Option<String>, Option<i64>);
type MeetingRow = (i64, String, String, String, String, String, String, i64);

/// The register of a year: the platform's for its staff, every platform's
/// for the Région and admins (or the one asked for).
pub async fn register(
    pool: &Pool,
    user: &CurrentUser,
    asked_platform: Option<&str>,
    year: i32,
    today: &str,
) -> Result<Governance, AppError> {
    let platform = match user.role {
        Role::Staff => Some(user.platform_id.ok_or(AppError::Forbidden)?),
        Role::Region | Role::Admin => asked_platform.and_then(|p| p.trim().parse::<i64>().ok()),
        Role::Company | Role::Partner => return Err(AppError::Forbidden),
    };
    let rows: Vec<MeetingRow> = sqlx::query_as(
        "SELECT m.id, m.kind, m.held_on, p.name, m.organisations, m.agenda, m.minutes, \
         CASE WHEN m.minutes_pdf IS NULL THEN 0 ELSE 1 END FROM governance_meetings m JOIN platforms p ON p.id = m.platform_id \
         WHERE m.year = $1 AND ($2 IS NULL OR m.platform_id = $2) ORDER BY p.name, m.held_on, m.id",
    )
    .bind(i64::from(year))
    .bind(platform)
    .fetch_all(pool)
    .await?;
    let mut meetings = Vec::with_capacity(rows.len());
    for (id, kind, held_on, platform_name, organisations, agenda, minutes, has_pdf) in rows {
        let decisions: Vec<DecisionRow> = sqlx::query_as(
            "SELECT id, decision, owner, due_on, done_at FROM governance_decisions \
             WHERE meeting_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        meetings.push(Meeting {
            id,
            kind: MeetingKind::from_code(&kind).unwrap_or(MeetingKind::CoPresidency),
            planned: held_on.as_str() > today,
            held_on: french_date(&held_on),
            platform: platform_name,
            organisations,
            agenda,
            minutes,
            has_pdf: has_pdf == 1,
            decisions: decisions
                .into_iter()
                .map(|(id, decision, owner, due_on, done_at)| Decision {
                    id,
                    decision,
                    owner,
                    due_on: due_on.as_deref().map(french_date),
                    done_on: done_at.map(clock::date),
                })
                .collect(),
        });
    }
    let warnings = match platform {
        Some(p) => warnings(pool, p, year).await?,
        None => Vec::new(),
    };
    Ok(Governance {
        year,
        meetings,
        editable: user.role == Role::Staff,
        warnings,
    })
}

/// What the year still lacks (planned and held meetings both count).
pub async fn warnings(pool: &Pool, platform: i64, year: i32) -> sqlx::Result<Vec<String>> {
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, CAST(COUNT(*) AS BIGINT) FROM governance_meetings \
         WHERE platform_id = $1 AND year = $2 GROUP BY kind",
    )
    .bind(platform)
    .bind(i64::from(year))
    .fetch_all(pool)
    .await?;
    let count = |k: &[&str]| -> usize {
        counts
            .iter()
            .filter(|(kind, _)| k.contains(&kind.as_str()))
            .map(|(_, n)| usize::try_from(*n).unwrap_or(0))
            .sum()
    };
    Ok(meeting_warnings(
        count(&["copresidence"]),
        count(&["bilan_intermediaire", "bilan_final"]),
        year,
    ))
}

/// Staff record a meeting with its decisions, in one transaction;
/// returns its id and year.
pub async fn record(
    pool: &Pool,
    user: &CurrentUser,
    form: &MeetingForm,
) -> Result<(i64, i32), AppError> {
    let platform = write_platform(user)?;
    let m = form.check().map_err(AppError::Invalid)?;
    let at = now();
    let mut tx = begin(pool).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO governance_meetings (platform_id, kind, held_on, year, organisations, agenda, \
         minutes, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(platform)
    .bind(m.kind.code())
    .bind(&m.held_on)
    .bind(i64::from(m.year))
    .bind(&m.organisations)
    .bind(&m.agenda)
    .bind(&m.minutes)
    .bind(user.id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    for d in &m.decisions {
        sqlx::query(
            "INSERT INTO governance_decisions (meeting_id, decision, owner, due_on, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(&d.decision)
        .bind(&d.owner)
        .bind(&d.due_on)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok((id, m.year))
}

/// Staff attach (or replace) the minutes of a meeting of their platform
/// as a PDF; returns the meeting's year. A file that is not a PDF, or
/// too large, is refused with a French message.
pub async fn attach_minutes(
    pool: &Pool,
    user: &CurrentUser,
    id: &str,
    pdf: &[u8],
) -> Result<i32, AppError> {
    let platform = write_platform(user)?;
    let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT platform_id, year FROM governance_meetings WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    let Some((p, year)) = row else {
        return Err(AppError::NotFound);
    };
    if p != platform {
        return Err(AppError::Forbidden);
    }
    if pdf.is_empty() {
        return Err(AppError::Refused(
            "Choisissez le fichier PDF du compte rendu.".into(),
        ));
    }
    if !pdf.starts_with(b"%PDF-") {
        return Err(AppError::Refused(
            "Le compte rendu joint doit être un fichier PDF.".into(),
        ));
    }
    if pdf.len() > MINUTES_MAX_BYTES {
        return Err(AppError::Refused("Le compte rendu dépasse 5 Mo.".into()));
    }
    sqlx::query("UPDATE governance_meetings SET minutes_pdf = $1, updated_at = $2 WHERE id = $3")
        .bind(pdf.to_vec())
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(i32::try_from(year).unwrap_or(0))
}

/// Staff mark a decision of their platform done; returns the meeting's
/// year.
pub async fn decision_done(pool: &Pool, user: &CurrentUser, id: &str) -> Result<i32, AppError> {
    let platform = write_platform(user)?;
    let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT m.platform_id, m.year FROM governance_decisions d \
         JOIN governance_meetings m ON m.id = d.meeting_id WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some((p, year)) = row else {
        return Err(AppError::NotFound);
    };
    if p != platform {
        return Err(AppError::Forbidden);
    }
    sqlx::query("UPDATE governance_decisions SET done_at = $1 WHERE id = $2 AND done_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(i32::try_from(year).unwrap_or(0))
}

/// The minutes PDF of a meeting the person may read: (file name, bytes).
pub async fn minutes_pdf(
    pool: &Pool,
    user: &CurrentUser,
    id: i64,
) -> Result<(String, Vec<u8>), AppError> {
    let row: Option<(i64, String, Option<Vec<u8>>)> = sqlx::query_as(
        "SELECT platform_id, held_on, minutes_pdf FROM governance_meetings WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some((platform, held_on, Some(pdf))) = row else {
        return Err(AppError::NotFound);
    };
    let may = match user.role {
        Role::Region | Role::Admin => true,
        Role::Staff => user.platform_id == Some(platform),
        _ => false,
    };
    if !may {
        return Err(AppError::Forbidden);
    }
    Ok((format!("compte-rendu-{held_on}.pdf"), pdf))
}
