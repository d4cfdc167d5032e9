//! Reusable pieces of the pages.

pub mod closing_fields;
pub mod company_fields;
pub mod door_scanner;
pub mod draft;
pub mod errors;
pub mod form;
pub mod layout;
pub mod lazy;
pub mod offer_body;
pub mod offer_card;
pub mod registration_fields;
pub mod rome_field;
pub mod suggest_field;
pub mod trend_chart;
pub mod year_form;
