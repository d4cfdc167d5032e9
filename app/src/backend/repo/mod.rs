//! Repositories: plain async functions over the pool or a transaction.

pub mod feedback;
pub mod invitations;
pub mod offers;
pub mod platforms;
pub mod reference;
pub mod sessions;
pub mod users;
