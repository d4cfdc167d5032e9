//! The partner API's tokens as the organisation's manager sees them.

use serde::{Deserialize, Serialize};

/// One token of the organisation (never its secret, but its first
/// characters).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenLine {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub can_write: bool,
    pub created_on: String,
    pub created_by: String,
    pub last_used_on: Option<String>,
    /// Calls made with it in the last 30 days.
    pub calls: i64,
    pub revoked_on: Option<String>,
}

/// The API page of a partner organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiTokensView {
    /// Whether the reader manages the organisation's tokens.
    pub manager: bool,
    pub tokens: Vec<ApiTokenLine>,
    /// A token just created, shown once to its creator: (name, secret).
    pub revealed: Option<(String, String)>,
}

/// Largest name of a token.
pub const TOKEN_NAME_MAX: usize = 80;
