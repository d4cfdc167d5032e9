//! `/equipe/indicateurs.xlsx` and `.csv`: the indicators of a period in the
//! layout of Annexe B, for staff (their platform) and the Région.

use app::backend::db::now;
use app::backend::indicators::{self, AccessError, PeriodQuery};
use app::backend::state::AppState;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::exports::{internal, refuse, signed_in};

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file download that is never cached.
pub fn file(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub async fn indicators_file(
    state: AppState,
    headers: HeaderMap,
    q: PeriodQuery,
    as_xlsx: bool,
) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let resolved = match indicators::resolve(&state.pool, &user, &q, now()).await {
        Ok(Ok(r)) => r,
        Ok(Err(AccessError::Forbidden)) => {
            return refuse(
                StatusCode::FORBIDDEN,
                "Les indicateurs sont réservés à l'équipe de la plateforme et à la Région.",
            )
        }
        Ok(Err(AccessError::Invalid(_, message))) => {
            return refuse(StatusCode::BAD_REQUEST, message)
        }
        Err(e) => return internal(e),
    };
    // The workbook gets a sheet per platform; the CSV stays one table.
    let (scope, year, query, platforms) = (
        &resolved.scope,
        resolved.year,
        resolved.query,
        &resolved.platforms,
    );
    let d = if as_xlsx {
        indicators::dashboard_by_platform(&state.pool, scope, year, query, platforms).await
    } else {
        indicators::dashboard(&state.pool, scope, year, query, platforms).await
    };
    let d = match d {
        Ok(d) => d,
        Err(e) => return internal(e),
    };
    let name = format!("indicateurs-{}-{}", d.from, d.to);
    if as_xlsx {
        let logo = match app::backend::funder::logo(&state.pool).await {
            Ok(logo) => logo,
            Err(e) => return internal(e),
        };
        match indicators::workbook(&d, logo.as_ref()) {
            Ok(bytes) => file(bytes, XLSX, &format!("{name}.xlsx")),
            Err(e) => internal(e),
        }
    } else {
        file(
            indicators::csv_of(&d).into_bytes(),
            "text/csv; charset=utf-8",
            &format!("{name}.csv"),
        )
    }
}

/// `/equipe/bilans/{month}/bilan.xlsx`: the workbook of a past monthly
/// report, as it was sent.
pub async fn report_file(
    state: AppState,
    headers: HeaderMap,
    month: String,
    platform: Option<String>,
) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let platform = match app::backend::indicators::reports_platform(&user, platform.as_deref()) {
        Ok(Some(platform)) => platform,
        Ok(None) => return refuse(StatusCode::NOT_FOUND, "Choisissez une plateforme."),
        Err(_) => {
            return refuse(
                StatusCode::FORBIDDEN,
                "Les bilans sont réservés à l'équipe de la plateforme et à la Région.",
            )
        }
    };
    let row: Result<Option<(Vec<u8>,)>, _> = sqlx::query_as(
        "SELECT workbook FROM monthly_reports WHERE platform_id = $1 AND month = $2",
    )
    .bind(platform)
    .bind(&month)
    .fetch_optional(&state.pool)
    .await;
    match row {
        Ok(Some((bytes,))) => file(bytes, XLSX, &format!("bilan-{month}.xlsx")),
        Ok(None) => refuse(StatusCode::NOT_FOUND, "Ce bilan n'existe pas."),
        Err(e) => internal(e),
    }
}
