//! The yearly cycle's documents: a platform's annual or intermediate
//! report (PDF, the one kept when locked), the Région's summary across
//! platforms, and a meeting's minutes.

use std::collections::HashMap;

use app::backend::cycle::{self, annual, governance};
use app::backend::db::now;
use app::backend::state::AppState;
use app::error::AppError;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::exports::{internal, refuse, signed_in};
use crate::indicator_exports::file;

const PDF: &str = "application/pdf";

fn refused(e: AppError) -> Response {
    match e {
        AppError::Forbidden => refuse(
            StatusCode::FORBIDDEN,
            "Ce document est réservé à l'équipe de la plateforme et à la Région.",
        ),
        AppError::NotFound => refuse(StatusCode::NOT_FOUND, "Ce document est introuvable."),
        other => internal(other),
    }
}

/// The file, or the refusal in French.
fn answer(result: Result<(String, Vec<u8>), AppError>) -> Response {
    match result {
        Ok((name, bytes)) => file(bytes, PDF, &name),
        Err(e) => refused(e),
    }
}

/// `/equipe/bilan-annuel.pdf?annee=&periode=&plateforme=`.
pub async fn report_pdf(
    state: AppState,
    headers: HeaderMap,
    q: HashMap<String, String>,
) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let result = async {
        let year = cycle::year_or_current(q.get("annee").map(String::as_str), now())?;
        let period = annual::period_of(q.get("periode").map(String::as_str))?;
        annual::pdf(
            &state.pool,
            &user,
            q.get("plateforme").map(String::as_str),
            year,
            period,
        )
        .await
    }
    .await;
    answer(result)
}

/// `/region/synthese.pdf?annee=`.
pub async fn regional_pdf(
    state: AppState,
    headers: HeaderMap,
    q: HashMap<String, String>,
) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let result = async {
        let year = cycle::year_or_current(q.get("annee").map(String::as_str), now())?;
        annual::regional_pdf(&state.pool, &user, year).await
    }
    .await;
    answer(result)
}

/// `/equipe/gouvernance/{id}/compte-rendu.pdf`.
pub async fn minutes_pdf(state: AppState, headers: HeaderMap, id: String) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let Ok(id) = id.parse::<i64>() else {
        return refused(AppError::NotFound);
    };
    answer(governance::minutes_pdf(&state.pool, &user, id).await)
}
