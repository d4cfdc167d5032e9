//! Downloads of the GDPR annex: a person's own data (JSON, from the rights
//! session), the registers (CSV, XLSX) and the audit trail (CSV, admins).

use std::net::IpAddr;

use app::backend::privacy::audit::{self, Action};
use app::backend::privacy::{registers, rights};
use app::backend::{csv, state::AppState, xlsx_table};
use app::model::{CurrentUser, Role};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::exports::{download, internal, refuse, signed_in};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `/mes-donnees/mes-donnees.json`: everything held about the address of
/// the rights session.
pub async fn my_data_json(state: AppState, headers: HeaderMap, ip: IpAddr) -> Response {
    let session = app::backend::auth::cookie_in(&headers, rights::COOKIE);
    let Some(session) = session.filter(|s| s.len() == 64) else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "Ouvrez d'abord le lien personnel reçu par e-mail (page « Mes données »).",
        );
    };
    match rights::data(&state.pool, &session, Some(ip)).await {
        Ok(data) => match serde_json::to_string_pretty(&data) {
            Ok(body) => download(
                body,
                "application/json; charset=utf-8",
                "attachment; filename=\"mes-donnees.json\"",
            ),
            Err(e) => internal(e),
        },
        Err(app::error::AppError::NotFound) => refuse(
            StatusCode::UNAUTHORIZED,
            "Votre consultation a pris fin : demandez un nouveau lien (page « Mes données »).",
        ),
        Err(e) => internal(e),
    }
}

/// The staff member or admin of a register download, and their scope.
async fn team(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(CurrentUser, Option<i64>), Response> {
    let user = signed_in(state, headers).await?;
    match (user.role, user.platform_id) {
        (Role::Admin, _) => Ok((user, None)),
        (Role::Staff, Some(platform)) => Ok((user, Some(platform))),
        _ => Err(refuse(
            StatusCode::FORBIDDEN,
            "Les registres sont réservés à l'équipe de la plateforme.",
        )),
    }
}

/// Which register, and in which format.
#[derive(Clone, Copy, Debug)]
pub enum RegisterFile {
    Requests,
    Breaches,
}

/// `/equipe/registres/demandes.csv` (or `.xlsx`), `/equipe/registres/violations.csv`
/// (or `.xlsx`).
pub async fn register_file(
    state: AppState,
    headers: HeaderMap,
    which: RegisterFile,
    as_xlsx: bool,
) -> Response {
    let (_, scope) = match team(&state, &headers).await {
        Ok(t) => t,
        Err(response) => return response,
    };
    let (name, title, header, rows) = match which {
        RegisterFile::Requests => match registers::requests(&state.pool, scope).await {
            Ok(lines) => {
                let (header, rows) = registers::request_table(&lines);
                (
                    "demandes",
                    "Registre des demandes des personnes",
                    header,
                    rows,
                )
            }
            Err(e) => return internal(e),
        },
        RegisterFile::Breaches => match registers::breaches(&state.pool, scope).await {
            Ok(lines) => {
                let (header, rows) = registers::breach_table(&lines);
                (
                    "violations",
                    "Registre des violations de données",
                    header,
                    rows,
                )
            }
            Err(e) => return internal(e),
        },
    };
    let disposition = match (name, as_xlsx) {
        ("demandes", false) => "attachment; filename=\"registre-demandes.csv\"",
        ("demandes", true) => "attachment; filename=\"registre-demandes.xlsx\"",
        (_, false) => "attachment; filename=\"registre-violations.csv\"",
        (_, true) => "attachment; filename=\"registre-violations.xlsx\"",
    };
    if !as_xlsx {
        return download(
            csv::document(&header, &rows),
            "text/csv; charset=utf-8",
            disposition,
        );
    }
    let logo = match app::backend::funder::logo(&state.pool).await {
        Ok(logo) => logo,
        Err(e) => return internal(e),
    };
    match xlsx_table::document("Registre", title, &header, &rows, logo.as_ref()) {
        Ok(bytes) => download(bytes, XLSX, disposition),
        Err(e) => internal(e),
    }
}

/// `/admin/journal.csv`: the audit trail (admins), itself audited.
pub async fn audit_csv(state: AppState, headers: HeaderMap, ip: IpAddr) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    if user.role != Role::Admin {
        return refuse(
            StatusCode::FORBIDDEN,
            "Le journal d'audit est réservé aux administrateurs.",
        );
    }
    let lines = match audit::latest(&state.pool, i64::MAX).await {
        Ok(lines) => lines,
        Err(e) => return internal(e),
    };
    audit::read_by(&state.pool, &user, Action::AuditExport, "audit_log", "", ip).await;
    let rows: Vec<Vec<String>> = lines
        .into_iter()
        .map(|l| vec![l.at, l.actor, l.action, l.object, l.client])
        .collect();
    download(
        csv::document(&["Date", "Qui", "Action", "Objet", "Adresse"], &rows),
        "text/csv; charset=utf-8",
        "attachment; filename=\"journal-audit.csv\"",
    )
}

/// `/entreprise/donnees.json`: the company's own data, for its users.
pub async fn company_json(state: AppState, headers: HeaderMap, ip: IpAddr) -> Response {
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let (Role::Company, Some(company)) = (user.role, user.company_id) else {
        return refuse(
            StatusCode::FORBIDDEN,
            "Cet export est réservé aux utilisateurs de l'entreprise.",
        );
    };
    let data = match app::backend::privacy::company_data::export(&state.pool, company).await {
        Ok(data) => data,
        Err(e) => return internal(e),
    };
    audit::read_by(
        &state.pool,
        &user,
        Action::CompanyExport,
        "company",
        company,
        ip,
    )
    .await;
    match serde_json::to_string_pretty(&data) {
        Ok(body) => download(
            body,
            "application/json; charset=utf-8",
            "attachment; filename=\"donnees-entreprise.json\"",
        ),
        Err(e) => internal(e),
    }
}
