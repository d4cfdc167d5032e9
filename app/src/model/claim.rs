//! A request to open a company's space, made by its owner at sign-up when
//! the platform's team had created the company.

use serde::{Deserialize, Serialize};

/// A pending claim, as staff see it on the company's file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimLine {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub requested_on: String,
}
