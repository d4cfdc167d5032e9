//! The outcome survey's link (no sign-in): read what it asks, answer once.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::outcome_survey::{SurveyForm, SurveyView};

#[cfg(feature = "ssr")]
use crate::backend::{auth, outcome_survey};

/// The offer a survey link is about (reading does not use the link).
#[server(endpoint = "outcome_survey")]
pub async fn outcome_survey(token: String) -> Result<SurveyView, AppError> {
    super::run(async move { outcome_survey::open(&auth::state()?.pool, &token).await }).await
}

/// Records the company's answer.
#[server(endpoint = "answer_outcome_survey")]
pub async fn answer_outcome_survey(
    token: String,
    #[server(flatten)] form: SurveyForm,
) -> Result<(), AppError> {
    super::run(async move {
        outcome_survey::answer(&auth::state()?.pool, &token, &form).await?;
        leptos_axum::redirect("/offre/enquete-merci");
        Ok(())
    })
    .await
}
