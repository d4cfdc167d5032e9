//! The browser half: the interactive parts of the server-rendered pages
//! (Leptos islands). The loader (`frontend/client.js`) fetches this module
//! only on pages that hold an island, calls [`hydrate`], then hydrates each
//! `<leptos-island>` through the functions the `#[island]`s export.

use wasm_bindgen::prelude::wasm_bindgen;

// The islands live in the `app` crate; this keeps its exports linked.
use app as _;

/// Called once by the loader, before the islands hydrate.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
