//! The partner API over HTTP (JSON), a thin adapter of
//! [`app::backend::partner_api`]: the token is read, held to its rate, the
//! call answered and recorded (method, path without query, status).
//!
//! - `GET  /api-partenaires/v1/offres[?modifiees_depuis=…]`
//! - `POST /api-partenaires/v1/offres/{id}/positionnements`
//! - `GET  /api-partenaires/v1/openapi.json`

use app::backend::partner_api::{self, ApiError, PositioningBody};
use app::backend::repo::api_tokens;
use app::backend::state::AppState;
use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

/// The OpenAPI description, served as is.
const OPENAPI: &str = include_str!("../../docs/api-partenaires.openapi.json");

fn answer(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn refused(e: ApiError) -> Response {
    match e {
        ApiError::Unauthorized => {
            let mut r = answer(
                StatusCode::UNAUTHORIZED,
                json!({"erreur": "Jeton absent, inconnu ou révoqué."}),
            );
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"api-partenaires\""),
            );
            r
        }
        ApiError::ReadOnly => answer(
            StatusCode::FORBIDDEN,
            json!({"erreur": "Ce jeton est en lecture seule."}),
        ),
        ApiError::NotFound => answer(
            StatusCode::NOT_FOUND,
            json!({"erreur": "Aucune offre partagée avec votre structure sous ce numéro."}),
        ),
        ApiError::TooMany(secs) => {
            let mut r = answer(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"erreur": "Trop d'appels avec ce jeton : réessayez dans une minute."}),
            );
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
        ApiError::BadRequest(m) => answer(StatusCode::BAD_REQUEST, json!({"erreur": m})),
        ApiError::Invalid(errors) => answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"erreur": "Le positionnement est refusé.", "champs": errors.fields}),
        ),
        ApiError::Refused(m) => answer(StatusCode::CONFLICT, json!({"erreur": m})),
        ApiError::Internal => answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"erreur": "Une erreur est survenue. Réessayez dans un instant."}),
        ),
    }
}

/// Authenticates, holds to the rate, runs `work`, records the call.
async fn call<F, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    method: &str,
    path: &str,
    work: F,
) -> Response
where
    F: FnOnce(api_tokens::Caller) -> Fut,
    Fut: std::future::Future<Output = Result<(StatusCode, serde_json::Value), ApiError>>,
{
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let caller = match partner_api::authenticate(state, authorization).await {
        Ok(caller) => caller,
        Err(e) => return refused(e),
    };
    let response = match partner_api::check_rate(state, &caller).await {
        Err(e) => refused(e),
        Ok(()) => match work(caller.clone()).await {
            Ok((status, body)) => answer(status, body),
            Err(e) => refused(e),
        },
    };
    if let Err(e) = api_tokens::record_call(
        &state.pool,
        caller.token_id,
        method,
        path,
        response.status().as_u16(),
    )
    .await
    {
        tracing::error!(error = %e, "API call not recorded");
    }
    response
}

/// The API's routes.
pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    let offers_state = state.clone();
    Router::new()
        .route(
            "/api-partenaires/v1/offres",
            get(
                move |headers: HeaderMap, Query(q): Query<HashMap<String, String>>| {
                    let state = offers_state.clone();
                    async move {
                        call(&state, &headers, "GET", "/api-partenaires/v1/offres", |caller| {
                            let state = state.clone();
                            async move {
                                let export = partner_api::offers(
                                    &state,
                                    &caller,
                                    q.get("modifiees_depuis").map(String::as_str),
                                )
                                .await?;
                                let body =
                                    serde_json::to_value(&export).map_err(|_| ApiError::Internal)?;
                                Ok((StatusCode::OK, body))
                            }
                        })
                        .await
                    }
                },
            ),
        )
        .route(
            "/api-partenaires/v1/offres/{id}/positionnements",
            post(
                move |headers: HeaderMap, Path(id): Path<String>, body: axum::body::Bytes| {
                    let state = state.clone();
                    async move {
                        let path = "/api-partenaires/v1/offres/{id}/positionnements";
                        call(&state, &headers, "POST", path, |caller| {
                            let state = state.clone();
                            async move {
                                let id = id.trim().parse::<i64>().map_err(|_| ApiError::NotFound)?;
                                let body: PositioningBody = serde_json::from_slice(&body)
                                    .map_err(|_| {
                                        ApiError::BadRequest(
                                            "Le corps doit être un objet JSON (voir la documentation)."
                                                .into(),
                                        )
                                    })?;
                                let created =
                                    partner_api::post_positioning(&state, &caller, id, &body)
                                        .await?;
                                Ok((StatusCode::CREATED, json!({"id": created, "etat": "envoye"})))
                            }
                        })
                        .await
                    }
                },
            ),
        )
        .route(
            "/api-partenaires/v1/openapi.json",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                    OPENAPI,
                )
            }),
        )
}
