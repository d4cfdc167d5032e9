//! File downloads that are not pages: the partner's CSV export.

use app::backend::repo::{offers, sessions};
use app::backend::{clock, csv, state::AppState};
use app::model::Role;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

fn refuse(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// `/partenaire/offres.csv`: the offers shared with the caller's
/// organisation (UTF-8 with BOM, `;`, formulas neutralised).
pub async fn partner_offers_csv(state: AppState, headers: HeaderMap) -> Response {
    let Some(token) = app::backend::auth::session_token_in(&headers) else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "Connectez-vous pour exporter les offres.",
        );
    };
    let user = match sessions::user_for_token(&state.pool, &token).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "Votre session a expiré : reconnectez-vous.",
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "export: session lookup failed");
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Une erreur est survenue. Réessayez dans un instant.",
            );
        }
    };
    let (Role::Partner, Some(org)) = (user.role, user.partner_org_id) else {
        return refuse(
            StatusCode::FORBIDDEN,
            "Cet export est réservé aux partenaires.",
        );
    };
    let lines = match offers::shared_with(&state.pool, org).await {
        Ok(lines) => lines,
        Err(e) => {
            tracing::error!(error = %e, "export: query failed");
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Une erreur est survenue. Réessayez dans un instant.",
            );
        }
    };
    let rows: Vec<Vec<String>> = lines
        .into_iter()
        .map(|(o, shared_at)| {
            vec![
                o.id.to_string(),
                o.title,
                o.company_name,
                o.contract.label().to_owned(),
                o.positions.to_string(),
                o.commune_name,
                if o.hidden_market { "oui" } else { "non" }.to_owned(),
                o.submitted_on,
                clock::date(shared_at),
            ]
        })
        .collect();
    let body = csv::document(
        &[
            "Numéro",
            "Intitulé",
            "Entreprise",
            "Contrat",
            "Postes",
            "Commune",
            "Offre cachée",
            "Déposée le",
            "Partagée le",
        ],
        &rows,
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"offres-partagees.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
