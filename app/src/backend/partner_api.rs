//! The partner API as a service: the organisation's manager creates and
//! revokes tokens; a call presents a token (`Authorization: Bearer …`), is
//! held to the token's rate, recorded, and then reads the offers shared
//! with the organisation (changed since a date) or posts a positioning with
//! the same rules as the adviser's form. The HTTP handlers only adapt it;
//! see `docs/api-partenaires.md` and `docs/api-partenaires.openapi.json`.

use serde::Deserialize;

use super::france_travail::{self, Export};
use super::repo::api_tokens::{self, Caller};
use super::repo::users;
use super::state::AppState;
use crate::error::{AppError, FormErrors};
use crate::model::api_token::{ApiTokensView, TOKEN_NAME_MAX};
use crate::model::positioning::PositioningForm;
use crate::model::CurrentUser;

/// What every token starts with (tells it apart in logs and scanners).
pub const TOKEN_PREFIX: &str = "pe_";

/// Why a call is refused, with the French message the JSON carries.
#[derive(Debug, PartialEq)]
pub enum ApiError {
    /// No token, an unknown one, or a revoked one.
    Unauthorized,
    /// A read-only token that tried to write.
    ReadOnly,
    /// An offer not shared with the organisation.
    NotFound,
    /// Too many calls: wait this many seconds.
    TooMany(i64),
    /// A query or a body that cannot be read.
    BadRequest(String),
    /// A positioning refused field by field.
    Invalid(FormErrors),
    /// Refused as a whole (a closed offer, say).
    Refused(String),
    Internal,
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "partner API");
        ApiError::Internal
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid(errors) => ApiError::Invalid(errors),
            AppError::Forbidden | AppError::NotFound => ApiError::NotFound,
            AppError::Refused(m) => ApiError::Refused(m),
            _ => ApiError::Internal,
        }
    }
}

/// The partner organisation a manager manages.
async fn managed_org(state: &AppState, user: &CurrentUser) -> Result<i64, AppError> {
    let org = super::partner_space::organisation(user)?;
    if !api_tokens::is_manager(&state.pool, user.id).await? {
        return Err(AppError::Forbidden);
    }
    Ok(org)
}

/// The API page: the organisation's tokens for its manager (with a token
/// just created shown once), an explanation for other advisers.
pub async fn tokens_view(state: &AppState, user: &CurrentUser) -> Result<ApiTokensView, AppError> {
    let org = super::partner_space::organisation(user)?;
    if !api_tokens::is_manager(&state.pool, user.id).await? {
        return Ok(ApiTokensView {
            manager: false,
            tokens: Vec::new(),
            revealed: None,
        });
    }
    Ok(ApiTokensView {
        manager: true,
        tokens: api_tokens::for_org(&state.pool, org).await?,
        revealed: api_tokens::reveal_once(&state.pool, user.id).await?,
    })
}

/// The manager creates a token: a name (to tell tokens apart) and its
/// scope, `lecture` or `ecriture`.
pub async fn create_token(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
    scope: &str,
) -> Result<(), AppError> {
    let org = managed_org(state, user).await?;
    let mut errors = FormErrors::new().keep("name", name).keep("scope", scope);
    let name = name.trim();
    if name.is_empty() || name.chars().count() > TOKEN_NAME_MAX {
        errors.add(
            "name",
            "Donnez un nom au jeton (80 caractères au plus), par exemple celui du logiciel qui l'utilise.",
        );
    }
    let can_write = match scope.trim() {
        "lecture" => false,
        "ecriture" => true,
        _ => {
            errors.add("scope", "Choisissez les droits du jeton.");
            false
        }
    };
    errors.into_result()?;
    let secret = format!("{TOKEN_PREFIX}{}", super::token::random_hex(24));
    api_tokens::create(&state.pool, org, name, can_write, user.id, &secret).await?;
    Ok(())
}

/// The manager revokes one of the organisation's tokens: it is refused at
/// once.
pub async fn revoke_token(state: &AppState, user: &CurrentUser, id: i64) -> Result<(), AppError> {
    let org = managed_org(state, user).await?;
    if !api_tokens::revoke(&state.pool, org, id, user.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The token an `Authorization` header presents, if it is live.
pub async fn authenticate(state: &AppState, header: Option<&str>) -> Result<Caller, ApiError> {
    let token = header
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| t.starts_with(TOKEN_PREFIX) && t.len() <= 100)
        .ok_or(ApiError::Unauthorized)?;
    api_tokens::by_secret(&state.pool, token)
        .await?
        .ok_or(ApiError::Unauthorized)
}

/// Holds a token to its calls per minute (counted over every instance, in
/// the database); the call itself is then recorded by the caller.
pub async fn check_rate(state: &AppState, caller: &Caller) -> Result<(), ApiError> {
    let now = super::db::now();
    let recent = api_tokens::calls_since(&state.pool, caller.token_id, now - 60).await?;
    if recent >= state.settings.api_calls_per_minute {
        return Err(ApiError::TooMany(60));
    }
    Ok(())
}

/// Reads an RFC 3339 instant or a `YYYY-MM-DD` date (midnight, Paris).
fn parse_since(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Some(t.as_second());
    }
    crate::model::is_iso_date(text)
        .then(|| super::clock::from_paris(text, "00:00"))
        .flatten()
}

/// The offers shared with the organisation, live or closed, changed or
/// shared since `since` (all of them without it).
pub async fn offers(
    state: &AppState,
    caller: &Caller,
    since: Option<&str>,
) -> Result<Export, ApiError> {
    let since = match since.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(parse_since(text).ok_or_else(|| {
            ApiError::BadRequest(
                "modifiees_depuis : une date (2026-12-01) ou un instant RFC 3339 (2026-12-01T08:00:00Z)."
                    .into(),
            )
        })?),
    };
    Ok(france_travail::for_partner(&state.pool, caller.org_id, since).await?)
}

/// A positioning as the API receives it (JSON).
#[derive(Debug, Default, Deserialize)]
pub struct PositioningBody {
    /// The idempotency key: the same key sent again records nothing more.
    #[serde(default)]
    pub cle: String,
    #[serde(default)]
    pub nom: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub telephone: String,
    #[serde(default)]
    pub note: String,
    /// The candidate agreed to be introduced to the company.
    #[serde(default)]
    pub consentement: bool,
}

/// Posts a positioning on an offer shared with the organisation, in the
/// name of the token's creator; returns its id.
pub async fn post_positioning(
    state: &AppState,
    caller: &Caller,
    offer_id: i64,
    body: &PositioningBody,
) -> Result<i64, ApiError> {
    if !caller.can_write {
        return Err(ApiError::ReadOnly);
    }
    let adviser = users::current_user(&state.pool, caller.created_by)
        .await?
        .filter(|u| u.partner_org_id == Some(caller.org_id))
        .ok_or(ApiError::Unauthorized)?;
    let key = body.cle.trim();
    if !(16..=64).contains(&key.len()) {
        return Err(ApiError::Invalid(FormErrors::new().with(
            "cle",
            "Donnez une clé d'idempotence de 16 à 64 caractères (lettres, chiffres, tirets), unique par positionnement.",
        )));
    }
    let form = PositioningForm {
        full_name: body.nom.clone(),
        email: body.email.clone(),
        phone: body.telephone.clone(),
        note: body.note.clone(),
        consent: if body.consentement {
            crate::model::CHECKED.to_owned()
        } else {
            String::new()
        },
    };
    Ok(super::partner_space::position(state, &adviser, offer_id, key, &form).await?)
}
