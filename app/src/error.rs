//! One error type for every server function, serialisable across the wire.
//!
//! Foreign errors (database, hashing...) never travel to the browser: the
//! server logs the cause and sends [`AppError::Internal`], whose text is a
//! plain French sentence.

use std::collections::BTreeMap;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What a form sends back when its input is refused: a French message per
/// field, and the values typed (never passwords) so that the form can be
/// filled again when the page was reloaded without JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    /// Field name to French error message.
    pub fields: BTreeMap<String, String>,
    /// Field name to the value the person typed.
    pub values: BTreeMap<String, String>,
}

impl FormErrors {
    /// An empty set of errors, to be filled with [`FormErrors::add`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error on a field (the first error of a field wins).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.fields
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    /// Whether no field was refused.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The same errors with one more refused field.
    pub fn with(mut self, field: &str, message: &str) -> Self {
        self.add(field, message);
        self
    }

    /// Keeps what was typed in a field so the form can show it again.
    /// (At most 20,000 characters: nothing longer is ever accepted.)
    pub fn keep(mut self, field: &str, value: &str) -> Self {
        let value: String = value.chars().take(20_000).collect();
        self.values.insert(field.to_owned(), value);
        self
    }

    /// `Ok(())` when nothing was refused, else the errors as an [`AppError`].
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

/// Every failure a server function can report to the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Nobody is signed in, or the session expired.
    #[error("Veuillez vous connecter pour accéder à cette page.")]
    Unauthenticated,
    /// Signed in, but this role or platform may not do this.
    #[error("Vous n'avez pas accès à cette page ou à cette action.")]
    Forbidden,
    /// The record does not exist (or is not visible to the caller).
    #[error("Cette page ou cette fiche est introuvable.")]
    NotFound,
    /// Input refused, with a message per field.
    #[error("Le formulaire contient des erreurs : corrigez les champs signalés.")]
    Invalid(FormErrors),
    /// A rule of the domain refused the action (message in French).
    #[error("{0}")]
    Refused(String),
    /// Too many attempts or submissions: try again after this many seconds.
    #[error("{}", too_many(*.0))]
    TooMany(i64),
    /// Something failed on the server; details are only in the server log.
    #[error("Une erreur est survenue de notre côté. Réessayez dans un instant.")]
    Internal,
    /// The call did not reach the server or its answer was unreadable.
    #[error("Le serveur n'a pas pu être joint. Vérifiez votre connexion puis réessayez.")]
    Transport,
}

impl AppError {
    /// The HTTP status that goes with the error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Refused(_) => 409,
            AppError::TooMany(_) => 429,
            AppError::Internal | AppError::Transport => 500,
        }
    }

    /// A single-field validation error, keeping what was typed.
    pub fn field(field: &str, message: &str, value: &str) -> Self {
        let mut errors = FormErrors::new().keep(field, value);
        errors.add(field, message);
        AppError::Invalid(errors)
    }

    /// The field errors, when this is a validation error.
    pub fn form_errors(&self) -> Option<&FormErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

/// The French sentence of [`AppError::TooMany`].
fn too_many(retry_after_secs: i64) -> String {
    let wait = if retry_after_secs <= 60 {
        "une minute".to_owned()
    } else {
        format!("{} minutes", (retry_after_secs + 59) / 60)
    };
    format!("Trop de tentatives en peu de temps : par sécurité, réessayez dans {wait}.")
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::Refused(
                "Le formulaire envoyé est incomplet. Rechargez la page puis réessayez.".into(),
            ),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Transport
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        tracing::error!(error = format!("{err:#}"), "internal error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_error_of_a_field_wins() {
        let mut e = FormErrors::new();
        e.add("titre", "premier");
        e.add("titre", "second");
        assert_eq!(e.fields.get("titre").map(String::as_str), Some("premier"));
        assert!(e.into_result().is_err());
    }

    #[test]
    fn too_many_says_how_long_to_wait() {
        assert_eq!(AppError::TooMany(30).status(), 429);
        assert!(AppError::TooMany(30).to_string().contains("une minute"));
        assert!(AppError::TooMany(600).to_string().contains("10 minutes"));
    }

    #[test]
    fn no_errors_is_ok() {
        assert!(FormErrors::new().keep("titre", "x").into_result().is_ok());
    }

    #[test]
    fn errors_round_trip_as_json() {
        let e = AppError::field("siret", "SIRET invalide", "123");
        let json = serde_json::to_string(&e).expect("serialise");
        let back: AppError = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, e);
        assert_eq!(back.status(), 422);
    }
}
