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

/// Past reports, newest first, and the recipients.
#[server(endpoint = "monthly_reports")]
pub async fn monthly_reports() -> Result<ReportsPage, AppError> {
    super::run(async move {
        let (_, platform) = staff_platform().await?;
        let state = auth::state()?;
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
        Ok(ReportsPage {
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
pub async fn monthly_report(month: String) -> Result<ReportView, AppError> {
    super::run(async move {
        let (_, platform) = staff_platform().await?;
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
