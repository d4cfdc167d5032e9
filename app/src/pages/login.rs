//! Sign-in page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::account::{safe_next, Login};
use crate::components::form::{action_errors, FormAlert, TextField};
use crate::components::lazy::Lazy;

/// A button that shows or hides the password (the field of id `target`):
/// a lazy island, shown once the client runs (it needs JavaScript).
#[component]
pub fn PasswordToggle(target: &'static str) -> impl IntoView {
    view! { <Lazy><PasswordToggleIsland target=target.to_owned()/></Lazy> }
}

#[island]
fn PasswordToggleIsland(target: String) -> impl IntoView {
    let target = StoredValue::new(target);
    let shown = RwSignal::new(false);
    let toggle = move |_| {
        shown.update(|s| *s = !*s);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(input) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&target.read_value()))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = input.set_attribute(
                    "type",
                    if shown.get_untracked() {
                        "text"
                    } else {
                        "password"
                    },
                );
            }
        }
        let _ = target;
    };
    view! {
        <button type="button" class="link-button password-toggle needs-js" aria-pressed=move || shown.get().to_string() on:click=toggle>
            {move || if shown.get() { "Masquer le mot de passe" } else { "Afficher le mot de passe" }}
        </button>
    }
}

/// Signing in with e-mail and password.
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || safe_next(query.read().get("next").as_deref()).unwrap_or_default();
    let login = ServerAction::<Login>::new();
    let errors = action_errors(login.value());
    view! {
        <Title text="Se connecter"/>
        <section class="narrow" aria-labelledby="login-title">
            <h1 id="login-title">"Se connecter"</h1>
            <Show when=move || query.read().get("mot-de-passe").is_some()>
                <div class="alert alert-success" role="status">
                    <p>"Votre nouveau mot de passe est enregistré : connectez-vous avec lui."</p>
                </div>
            </Show>
            <ActionForm action=login attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <input type="hidden" name="next" value=next/>
                <TextField name="email" label="Adresse e-mail" kind="email" autocomplete="email" required=true errors/>
                <TextField name="password" label="Mot de passe" kind="password" autocomplete="current-password" required=true errors/>
                <PasswordToggle target="password"/>
                <button type="submit" class="button" disabled=move || login.pending().get()>"Se connecter"</button>
            </ActionForm>
            <p><a href="/mot-de-passe-oublie">"Mot de passe oublié ?"</a></p>
            <p>"Votre entreprise n'a pas encore de compte ? "<a href="/inscription">"Inscrire mon entreprise"</a></p>
        </section>
    }
}
