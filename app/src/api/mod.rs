//! Server functions: thin wrappers that authorise, validate, call a
//! repository and map errors. They work from `ActionForm`s with or without
//! JavaScript.

pub mod account;
pub mod account_life;
pub mod activity;
pub mod applications;
pub mod checkin;
pub mod companies;
pub mod company;
pub mod cycle;
pub mod door_codes;
pub mod door_companies;
pub mod event_changes;
pub mod events;
pub mod funder;
pub mod indicators;
pub mod invitation;
pub mod job_alerts;
pub mod offer_link;
pub mod outcome_survey;
pub mod partner;
pub mod privacy;
pub mod public;
pub mod registers;
pub mod reports;
pub mod reservations;
pub mod staff;
pub mod support;
pub mod two_factor;

/// Runs the body of a server function and gives its error the right HTTP
/// status.
#[cfg(feature = "ssr")]
pub(crate) async fn run<T>(
    body: impl std::future::Future<Output = Result<T, crate::error::AppError>>,
) -> Result<T, crate::error::AppError> {
    body.await.map_err(crate::backend::auth::report)
}
