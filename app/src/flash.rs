//! The error of a form sent without JavaScript, shown by the page the
//! browser comes back to. The server keeps it (see `backend::repo::flashes`)
//! and writes it into the page's `<head>` as JSON; the page renders its
//! errors and typed values from it.

use leptos::prelude::*;
use leptos::server::ServerActionError;
use serde::{Deserialize, Serialize};

/// The id of the `<script>` element that carries the error.
pub const ELEMENT_ID: &str = "pe-flash";

/// A server function's error: its path and its encoded error, as Leptos's
/// `ServerAction`s read them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub path: String,
    pub err: String,
}

impl Flash {
    /// Makes the error visible to the page's `ServerAction`s.
    pub fn provide(&self) {
        provide_context(ServerActionError::new(&self.path, &self.err));
    }
}

/// In `<head>`: the error the server took for this page, if any.
#[component]
pub fn FlashData() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let flash =
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Flash>().cloned());
    #[cfg(not(feature = "ssr"))]
    let flash: Option<Flash> = None;
    flash.and_then(|f| {
        let json = serde_json::to_value(&f).ok()?;
        let text = crate::model::html_safe::script_json(&json);
        Some(view! { <script type="application/json" id=ELEMENT_ID inner_html=text></script> })
    })
}
