//! Repositories: plain async functions over the pool or a transaction.

pub mod offers;
pub mod platforms;
pub mod reference;
pub mod sessions;
pub mod users;
