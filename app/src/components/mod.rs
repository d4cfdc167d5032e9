//! Reusable pieces of the pages.

pub mod draft;
pub mod errors;
pub mod form;
pub mod layout;
pub mod offer_card;
