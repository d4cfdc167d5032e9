//! What the server gives every page render and server function.

use std::sync::Arc;

use tokio::sync::Notify;

use super::db::Pool;

/// Settings the pages and server functions need.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Add `Secure` to cookies (the portal is served over HTTPS).
    pub cookie_secure: bool,
    /// How long a session lasts, in seconds.
    pub session_lifetime_secs: i64,
    /// Demo mode: demo accounts exist and are shown on the sign-in page.
    pub demo: bool,
    /// How people reach the portal, for links in e-mails (no trailing slash).
    pub public_url: String,
    /// How long a published offer stays online, in days.
    pub offer_lifetime_days: i64,
    /// Days a proposed application may wait for the company's answer
    /// (reminder halfway, closed at the end).
    pub application_days: i64,
    /// Percent an indicator may stay under its prorated objective before
    /// it is flagged late.
    pub delay_margin: u32,
    /// Calls one partner API token may make in a minute.
    pub api_calls_per_minute: i64,
    /// Where uploaded files (CVs) are kept, outside the web root.
    pub uploads_dir: std::path::PathBuf,
    /// Days the text of a sent e-mail stays in the mail log.
    pub mail_body_days: i64,
    /// How long candidates' data are kept (the retention runs).
    pub retention: super::privacy::retention::Durations,
    /// What the legal pages state (with the durations above).
    pub legal: crate::model::legal::LegalInfo,
}

/// The shared state, provided as Leptos context.
#[derive(Clone, Debug)]
pub struct AppState {
    pub pool: Pool,
    pub settings: Arc<Settings>,
    /// Wakes the e-mail worker after a commit that queued mail.
    pub mail_wake: Arc<Notify>,
    /// The funder's logo version, as the footers show it.
    pub funder_logo: Arc<super::funder::VersionCache>,
    /// The public search's results until an offer changes.
    pub search_cache: Arc<super::search_cache::SearchCache>,
}

impl AppState {
    /// An absolute link to a path of the portal.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.settings.public_url.trim_end_matches('/'))
    }
}
