//! File downloads that are not pages: the partner's CSV export and the
//! France Travail export of the platform team.

use app::backend::repo::{applications, events, offers, sessions};
use app::backend::{clock, csv, france_travail, participants, state::AppState};
use app::model::{CurrentUser, Role};
use std::net::IpAddr;

use app::backend::privacy::audit::{self, Action};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub(crate) fn refuse(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

pub(crate) fn internal(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "export failed");
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Une erreur est survenue. Réessayez dans un instant.",
    )
}

/// The signed-in user of a download request.
pub(crate) async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<CurrentUser, Response> {
    let Some(token) = app::backend::auth::session_token_in(headers) else {
        return Err(refuse(
            StatusCode::UNAUTHORIZED,
            "Connectez-vous pour exporter les offres.",
        ));
    };
    match sessions::user_for_token(&state.pool, &token).await {
        Ok(Some(user)) => Ok(user),
        Ok(None) => Err(refuse(
            StatusCode::UNAUTHORIZED,
            "Votre session a expiré : reconnectez-vous.",
        )),
        Err(e) => Err(internal(e)),
    }
}

pub(crate) fn download(
    body: impl IntoResponse,
    content_type: &'static str,
    disposition: &'static str,
) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static(disposition),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `/partenaire/offres.csv`: the offers shared with the caller's
/// organisation (UTF-8 with BOM, `;`, formulas neutralised).
pub async fn partner_offers_csv(state: AppState, headers: HeaderMap) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let (Role::Partner, Some(org)) = (user.role, user.partner_org_id) else {
        return refuse(
            StatusCode::FORBIDDEN,
            "Cet export est réservé aux partenaires.",
        );
    };
    let lines = match offers::shared_with(&state.pool, org, None).await {
        Ok(lines) => lines,
        Err(e) => return internal(e),
    };
    let rows: Vec<Vec<String>> = lines
        .into_iter()
        .map(|(o, shared_at, _)| {
            vec![
                o.id.to_string(),
                o.title,
                o.status.label().to_owned(),
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
            "Statut",
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
    download(
        body,
        "text/csv; charset=utf-8",
        "attachment; filename=\"offres-partagees.csv\"",
    )
}

/// `/equipe/export/france-travail.json` or `.csv`: the offers shared with
/// France Travail (format documented in docs/export-france-travail.md).
pub async fn france_travail_export(
    state: AppState,
    headers: HeaderMap,
    ip: IpAddr,
    as_csv: bool,
) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let scope = match user.role {
        Role::Admin => None,
        Role::Staff => user.platform_id,
        _ => {
            return refuse(
                StatusCode::FORBIDDEN,
                "Cet export est réservé à l'équipe de la plateforme.",
            )
        }
    };
    audit::read_by(
        &state.pool,
        &user,
        Action::FranceTravailExport,
        "platform",
        scope.map_or_else(|| "toutes".to_owned(), |p| p.to_string()),
        ip,
    )
    .await;
    let export = match france_travail::build(&state.pool, scope).await {
        Ok(export) => export,
        Err(e) => return internal(e),
    };
    if as_csv {
        return download(
            france_travail::to_csv(&export),
            "text/csv; charset=utf-8",
            "attachment; filename=\"offres-france-travail.csv\"",
        );
    }
    match serde_json::to_string_pretty(&export) {
        Ok(json) => download(
            json,
            "application/json",
            "attachment; filename=\"offres-france-travail.json\"",
        ),
        Err(e) => internal(e),
    }
}

/// `/equipe/evenements/{id}/participants.csv` or `.xlsx`: the registrations
/// of an event, for staff of its platform.
pub async fn event_participants(
    state: AppState,
    headers: HeaderMap,
    ip: IpAddr,
    id: String,
    as_xlsx: bool,
) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let Ok(id) = id.parse::<i64>() else {
        return refuse(StatusCode::NOT_FOUND, "Cet événement n'existe pas.");
    };
    let row = match events::find(&state.pool, id).await {
        Ok(Some(row)) => row,
        Ok(None) => return refuse(StatusCode::NOT_FOUND, "Cet événement n'existe pas."),
        Err(e) => return internal(e),
    };
    if !matches!(user.role, Role::Staff | Role::Admin) || !user.is_staff_of(row.platform_id) {
        return refuse(
            StatusCode::FORBIDDEN,
            "Cet export est réservé à l'équipe de la plateforme de l'événement.",
        );
    }
    let rows = match events::export_rows(&state.pool, id).await {
        Ok(rows) => rows,
        Err(e) => return internal(e),
    };
    audit::read_by(
        &state.pool,
        &user,
        Action::ParticipantsExport,
        "event",
        id,
        ip,
    )
    .await;
    if !as_xlsx {
        return download(
            participants::to_csv(&rows),
            "text/csv; charset=utf-8",
            "attachment; filename=\"participants.csv\"",
        );
    }
    let title = format!("{} — {}", row.summary().title, row.summary().when);
    let logo = match app::backend::funder::logo(&state.pool).await {
        Ok(logo) => logo,
        Err(e) => return internal(e),
    };
    match participants::to_xlsx(&title, &rows, logo.as_ref()) {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            let h = response.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"participants.xlsx\""),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => internal(e),
    }
}

/// `/candidatures/{id}/cv`: a candidate's CV, for staff of the offer's
/// platform and, once the candidate is proposed, for the company.
pub async fn application_cv(
    state: AppState,
    headers: HeaderMap,
    ip: IpAddr,
    id: String,
) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let not_found = || refuse(StatusCode::NOT_FOUND, "Ce CV n'existe pas.");
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let (owner, status, file) = match applications::find(&state.pool, id).await {
        Ok(Some((owner, status, Some(file), ..))) => (owner, status, file),
        Ok(_) => return not_found(),
        Err(e) => return internal(e),
    };
    let allowed = match user.role {
        Role::Staff | Role::Admin => user.is_staff_of(owner.platform_id),
        Role::Company => {
            user.company_id == Some(owner.company_id)
                && status.visible_to_company()
                && matches!(applications::was_proposed(&state.pool, id).await, Ok(true))
        }
        Role::Partner | Role::Region => false,
    };
    if !allowed {
        return refuse(StatusCode::FORBIDDEN, "Ce CV ne vous est pas destiné.");
    }
    // Stored names are ours (hex + .pdf): no path can be smuggled in.
    if !file.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
        return not_found();
    }
    let read = tokio::fs::read(state.settings.uploads_dir.join("cv").join(&file))
        .await
        .map_err(anyhow::Error::from)
        .and_then(|stored| app::backend::secrets::open_file(&stored));
    match read {
        Ok(bytes) => {
            audit::read_by(
                &state.pool,
                &user,
                Action::CvDownload,
                "application",
                id,
                ip,
            )
            .await;
            let mut response = bytes.into_response();
            let h = response.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"cv.pdf\""),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => internal(e),
    }
}

/// `/logo-financeur`: the Région's logo set by an admin (public: it is in
/// every page's footer); 404 until one is set. Its address carries its
/// version, so it may be cached a day.
pub async fn funder_logo(state: AppState) -> Response {
    match app::backend::funder::logo(&state.pool).await {
        Ok(Some(logo)) => {
            let mut response = logo.bytes.into_response();
            let h = response.headers_mut();
            if let Ok(kind) = HeaderValue::from_str(&logo.content_type) {
                h.insert(header::CONTENT_TYPE, kind);
            }
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            );
            h.insert(
                header::HeaderName::from_static("x-content-type-options"),
                HeaderValue::from_static("nosniff"),
            );
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => internal(e),
    }
}
