//! Job alerts, for anyone (no account): save a search, confirm it through
//! the e-mailed link, unsubscribe in one click.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::job_alert::AlertForm;

#[cfg(feature = "ssr")]
use crate::backend::{auth, job_alerts};

/// Saves an alert and e-mails its confirmation link.
#[server(endpoint = "subscribe_alert")]
pub async fn subscribe_alert(#[server(flatten)] form: AlertForm) -> Result<(), AppError> {
    super::run(async move {
        job_alerts::subscribe(&auth::state()?, &form).await?;
        leptos_axum::redirect("/alertes?envoyee=1");
        Ok(())
    })
    .await
}

/// Confirms an alert (the token of the e-mailed link).
#[server(endpoint = "confirm_alert")]
pub async fn confirm_alert(token: String) -> Result<(), AppError> {
    super::run(async move {
        job_alerts::confirm(&auth::state()?, &token).await?;
        leptos_axum::redirect("/alertes?confirmee=1");
        Ok(())
    })
    .await
}

/// Deletes an alert (the token of the link in its e-mails).
#[server(endpoint = "unsubscribe_alert")]
pub async fn unsubscribe_alert(token: String) -> Result<(), AppError> {
    super::run(async move {
        job_alerts::unsubscribe(&auth::state()?, &token).await?;
        leptos_axum::redirect("/alertes?desinscrit=1");
        Ok(())
    })
    .await
}
