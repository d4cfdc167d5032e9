//! Requests from the Région about a company (its free phone line, a
//! company settling with regional aid, a company in difficulty, a regional
//! event): each becomes a support case of the platform with its deadline,
//! and the Région follows its state.

use crate::backend::clock;
use crate::backend::db::{begin, now, Pool};
use crate::backend::mail::{outbox, templates};
use crate::backend::repo::{sealed, users};
use crate::error::{AppError, FormErrors};
use crate::model::cycle::{RegionReason, RegionRequestForm, RegionRequestLine};
use crate::model::support::{CaseOutcome, CaseStatus};
use crate::model::{french_date, CurrentUser, Role};

fn require_region(user: &CurrentUser) -> Result<(), AppError> {
    if matches!(user.role, Role::Region | Role::Admin) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The Région sends a platform a request: the company is found by its
/// SIRET on the platform (or recorded there), and the case opens with its
/// first step, and the platform's staff are told by e-mail, all at once.
/// Returns the case's id.
pub async fn send(
    pool: &Pool,
    user: &CurrentUser,
    form: &RegionRequestForm,
    today: &str,
    link_base: &str,
) -> Result<i64, AppError> {
    require_region(user)?;
    let r = form.check(today).map_err(AppError::Invalid)?;
    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM platforms WHERE id = $1")
        .bind(r.platform_id)
        .fetch_optional(pool)
        .await?;
    if exists.is_none() {
        return Err(AppError::Invalid(form.keep(
            FormErrors::new().with("platform", "Choisissez la plateforme."),
        )));
    }
    let mut tx = begin(pool).await?;
    let company: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM companies WHERE platform_id = $1 AND siret = $2")
            .bind(r.platform_id)
            .bind(r.siret.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let company_id = match company {
        Some((id,)) => id,
        None => {
            users::create_company(
                &mut tx,
                &users::NewCompany {
                    platform_id: r.platform_id,
                    siret: r.siret.as_str(),
                    name: &r.company_name,
                    naf_division: None,
                    headcount_band: None,
                    commune_insee: None,
                },
            )
            .await?
        }
    };
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO support_requests (platform_id, company_id, kind, need, description, \
         contact_preference, phone, status, created_by, created_at, updated_at, region_reason, \
         region_contact, due_on) VALUES ($1, $2, 'rh', NULL, $3, 'telephone', '', $4, $5, $6, $6, $7, $8, $9) \
         RETURNING id",
    )
    .bind(r.platform_id)
    .bind(company_id)
    .bind(&r.description)
    .bind(CaseStatus::New.code())
    .bind(user.id)
    .bind(at)
    .bind(r.reason.code())
    .bind(sealed(&r.contact)?)
    .bind(&r.due_on)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO support_steps (request_id, at, actor_id, from_status, to_status, note) \
         VALUES ($1, $2, $3, NULL, $4, $5)",
    )
    .bind(id)
    .bind(at)
    .bind(user.id)
    .bind(CaseStatus::New.code())
    .bind(format!("Demande de la Région : {}", r.reason.label()))
    .execute(&mut *tx)
    .await?;
    let staff: Vec<(String,)> = sqlx::query_as(
        "SELECT email FROM users WHERE role = 'staff' AND platform_id = $1 \
         AND deactivated_at IS NULL ORDER BY id",
    )
    .bind(r.platform_id)
    .fetch_all(&mut *tx)
    .await?;
    let mail = templates::region_request(
        r.reason.label(),
        &r.company_name,
        &french_date(&r.due_on),
        &format!("{link_base}/equipe/accompagnements/{id}"),
    );
    for (to,) in &staff {
        outbox::enqueue(
            &mut tx,
            &outbox::NewMail {
                platform_id: Some(r.platform_id),
                to,
                subject: &mail.subject,
                body: &mail.body,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

type Row = (
    i64,
    String,
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
);

/// The Région's requests and where each stands.
pub async fn list(
    pool: &Pool,
    user: &CurrentUser,
    today: &str,
) -> Result<Vec<RegionRequestLine>, AppError> {
    require_region(user)?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, p.name, c.name, s.region_reason, s.created_at, s.due_on, s.status, s.outcome \
         FROM support_requests s JOIN platforms p ON p.id = s.platform_id \
         JOIN companies c ON c.id = s.company_id \
         WHERE s.region_reason IS NOT NULL ORDER BY s.id DESC",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, platform, company, reason, at, due_on, status, outcome)| {
                let status = CaseStatus::from_code(&status).unwrap_or(CaseStatus::New);
                RegionRequestLine {
                    id,
                    platform,
                    company,
                    reason: RegionReason::from_code(&reason)
                        .map_or(reason.clone(), |r| r.label().to_owned()),
                    sent_on: clock::date(at),
                    late: status.is_open() && due_on.as_str() < today,
                    due_on: french_date(&due_on),
                    status: status.label().to_owned(),
                    closed: !status.is_open(),
                    outcome: outcome
                        .as_deref()
                        .and_then(CaseOutcome::from_code)
                        .map(|o| o.label().to_owned()),
                }
            },
        )
        .collect())
}
