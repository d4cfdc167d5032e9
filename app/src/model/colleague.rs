//! The people of a company's space, as they see each other.

use serde::{Deserialize, Serialize};

/// One active account of the company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColleagueLine {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub since: String,
    /// The reader's own account.
    pub me: bool,
}
