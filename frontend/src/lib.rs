//! The browser half: hydrates the HTML the server rendered.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the loader script that `<HydrationScripts/>` puts in the page.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A form refused without JavaScript: the server wrote its error in the
    // page, for the page's actions to show.
    let flash = app::flash::from_document();
    leptos::mount::hydrate_body(move || {
        if let Some(flash) = &flash {
            flash.provide();
        }
        leptos::view! { <app::App/> }
    });
    // Lets the browser tests (and CSS) know the page is interactive.
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-hydrated", "");
    }
}
