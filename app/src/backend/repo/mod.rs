//! Repositories: plain async functions over the pool or a transaction.

pub mod account_tokens;
pub mod activity;
pub mod api_tokens;
pub mod applications;
pub mod door_codes;
pub mod event_reservations;
pub mod events;
pub mod feedback;
pub mod flashes;
pub mod invitations;
pub mod offer_expiry;
pub mod offer_links;
pub mod offers;
pub mod past_events;
pub mod platforms;
pub mod positionings;
pub mod public_offers;
pub mod reference;
pub mod sessions;
pub mod shares;
pub mod support;
pub mod two_factor;
pub mod users;

/// A sensitive field sealed for storage (see `secrets::seal_field`), as a
/// database error when sealing fails.
pub(crate) fn sealed(plain: &str) -> sqlx::Result<String> {
    crate::backend::secrets::seal_field(plain).map_err(|e| sqlx::Error::Encode(e.into()))
}
