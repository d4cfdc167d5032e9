//! E-mail: a transactional outbox (written in the same transaction as the
//! change that causes the message) and a worker that delivers it through
//! SMTP with retries, or keeps it in the mail log when no SMTP is set.

pub mod account_templates;
pub mod application_follow_up;
pub mod delivery;
pub mod digest;
pub mod door_ticket;
pub mod event_reminders;
pub mod expiry;
pub mod html;
pub mod link_secrets;
pub mod outbox;
pub mod partner_closures;
pub mod templates;
