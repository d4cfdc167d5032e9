//! The monthly reports of the platform: past reports, readable in the
//! portal, and who receives them by e-mail.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::indicators::{ReportView, ReportsPage};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::clock,
    crate::backend::db::now,
    crate::backend::indicators::month_name,
    crate::error::FormErrors,
    crate::model::validate::{check_email, normalise_email},
    crate::model::Role,
};

#[cfg(feature = "ssr")]
async fn staff_platform() -> Result<(i64, i64), AppError> {
    let user = auth::require(&[Role::Staff]).await?;
    Ok((user.id, user.platform_id.ok_or(AppError::Forbidden)?))
}

/// The reader and the platform whose reports they read (see
/// `reports_platform`).
#[cfg(feature = "ssr")]
async fn reader(
    platform: Option<String>,
) -> Result<(crate::model::CurrentUser, Option<i64>), AppError> {
    let user = auth::require(&[Role::Staff, Role::Region, Role::Admin]).await?;
    let platform = crate::backend::indicators::reports_platform(&user, platform.as_deref())?;
    Ok((user, platform))
}

/// Past reports, newest first, and the recipients (staff); for the Région
/// and admins, the platforms to choose from and the chosen one's reports.
#[server(endpoint = "monthly_reports")]
pub async fn monthly_reports(platform: Option<String>) -> Result<ReportsPage, AppError> {
    super::run(async move {
        let (user, platform) = reader(platform).await?;
        let state = auth::state()?;
        let manage = user.role == Role::Staff;
        let platforms: Vec<(i64, String)> = if manage {
            Vec::new()
        } else {
            sqlx::query_as("SELECT id, name FROM platforms ORDER BY name")
                .fetch_all(&state.pool)
                .await?
        };
        let Some(platform) = platform else {
            return Ok(ReportsPage {
                reports: Vec::new(),
                recipients: Vec::new(),
                platforms,
                platform: None,
                manage,
            });
        };
        if !manage && !platforms.iter().any(|(id, _)| *id == platform) {
            return Err(AppError::NotFound);
        }
        let reports: Vec<(String, i64)> = sqlx::query_as(
            "SELECT month, built_at FROM monthly_reports WHERE platform_id = $1 ORDER BY month DESC",
        )
        .bind(platform)
        .fetch_all(&state.pool)
        .await?;
        let recipients = sqlx::query_as(
            "SELECT email, label FROM report_recipients WHERE platform_id = $1 ORDER BY label, email",
        )
        .bind(platform)
        .fetch_all(&state.pool)
        .await?;
        let recipients = if manage { recipients } else { Vec::new() };
        Ok(ReportsPage {
            platforms,
            platform: Some(platform),
            manage,
            reports: reports
                .into_iter()
                .map(|(m, at)| (m.clone(), month_name(&m), clock::date(at)))
                .collect(),
            recipients,
        })
    })
    .await
}

/// One past report.
#[server(endpoint = "monthly_report")]
pub async fn monthly_report(
    month: String,
    platform: Option<String>,
) -> Result<ReportView, AppError> {
    super::run(async move {
        let (user, platform) = reader(platform).await?;
        let platform = platform.ok_or(AppError::NotFound)?;
        let state = auth::state()?;
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT summary FROM monthly_reports WHERE platform_id = $1 AND month = $2",
        )
        .bind(platform)
        .bind(&month)
        .fetch_optional(&state.pool)
        .await?;
        let (summary,) = row.ok_or(AppError::NotFound)?;
        Ok(ReportView {
            platform_query: if user.role == Role::Staff {
                String::new()
            } else {
                format!("?plateforme={platform}")
            },
            title: format!("Bilan de l'activité – {}", month_name(&month)),
            month,
            summary,
        })
    })
    .await
}

/// Adds a recipient of the monthly report.
#[server(endpoint = "add_report_recipient")]
pub async fn add_report_recipient(email: String, label: String) -> Result<(), AppError> {
    super::run(async move {
        let (_, platform) = staff_platform().await?;
        let state = auth::state()?;
        let address = normalise_email(&email);
        let mut e = FormErrors::new();
        if let Err(message) = check_email(&address) {
            e.add("email", message);
        }
        let role = label.trim();
        if role.chars().count() < 2 || role.chars().count() > 100 {
            e.add("label", "Indiquez le rôle du destinataire (structure porteuse, responsable, coprésidence…).");
        }
        if !e.is_empty() {
            return Err(AppError::Invalid(e.keep("email", &email).keep("label", &label)));
        }
        sqlx::query(
            "INSERT INTO report_recipients (platform_id, email, label, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (platform_id, email) DO UPDATE SET label = excluded.label",
        )
        .bind(platform)
        .bind(&address)
        .bind(role)
        .bind(now())
        .execute(&state.pool)
        .await?;
        leptos_axum::redirect("/equipe/bilans");
        Ok(())
    })
    .await
}

/// Removes a recipient.
#[server(endpoint = "remove_report_recipient")]
pub async fn remove_report_recipient(email: String) -> Result<(), AppError> {
    super::run(async move {
        let (_, platform) = staff_platform().await?;
        let state = auth::state()?;
        sqlx::query("DELETE FROM report_recipients WHERE platform_id = $1 AND email = $2")
            .bind(platform)
            .bind(&email)
            .execute(&state.pool)
            .await?;
        leptos_axum::redirect("/equipe/bilans");
        Ok(())
    })
    .await
}
