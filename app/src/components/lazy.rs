//! Islands that hydrate only once the person reaches them (pointer, focus,
//! touch): their WebAssembly is not fetched by a visit that never uses
//! them. The loader (`frontend/client.js`) replays a click that comes first.

use leptos::prelude::*;

/// Makes the islands inside lazy.
#[component]
pub fn Lazy(children: Children) -> impl IntoView {
    view! { <div class="lazy" data-pe-lazy="">{children()}</div> }
}
