//! `/admin/logo-financeur`: the Région's logo, shown in every page's
//! footer, every e-mail and the first sheet of every workbook.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::funder::{funder_logo_version, RemoveFunderLogo, UploadFunderLogo};
use crate::components::form::{action_errors, FormAlert};
use crate::model::funder::{logo_src, FUNDER_NAME};
use crate::pages::{loaded, loading};

#[component]
pub fn FunderLogoPage() -> impl IntoView {
    let remove = ServerAction::<RemoveFunderLogo>::new();
    let version = Resource::new(move || remove.version().get(), |_| funder_logo_version());
    // A multipart form has no action: its refusal comes back with the page.
    let refused: Option<crate::error::AppError> =
        use_context::<leptos::server::ServerActionError>()
            .filter(|e| e.path() == <UploadFunderLogo as leptos::server_fn::ServerFn>::PATH)
            .map(|e| {
                leptos::server_fn::error::ServerFnUrlError::<crate::error::AppError>::decode_err(
                    e.err(),
                )
            });
    let errors: crate::components::form::ErrorsSignal = Signal::derive(move || refused.clone());
    let remove_errors = action_errors(remove.value());
    let logo_error = move || {
        errors
            .get()
            .and_then(|e| e.form_errors().and_then(|f| f.fields.get("logo").cloned()))
    };
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    let upload_path = <UploadFunderLogo as leptos::server_fn::ServerFn>::PATH;
    view! {
        <Title text="Logo de la Région"/>
        <section class="narrow" aria-labelledby="logo-title">
            <h1 id="logo-title">"Logo de la Région"</h1>
            <p>"La convention demande le logo de la Région sur tous les supports : il figure en pied de chaque page, dans chaque e-mail et sur la première feuille de chaque classeur. Tant qu'aucun fichier n'est enregistré, le nom « "{FUNDER_NAME}" » figure seul."</p>
            {move || saved().then(|| view! { <div class="alert alert-success" role="status"><p>"Le logo est enregistré."</p></div> })}
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(version.await, move |v| match v {
                        Some(v) => view! {
                            <figure class="funder-preview">
                                <img src=logo_src(v) alt=FUNDER_NAME/>
                                <figcaption>"Logo actuel"</figcaption>
                            </figure>
                            <ActionForm action=remove>
                                <FormAlert errors=remove_errors/>
                                <button type="submit" class="button button-secondary">"Retirer le logo"</button>
                            </ActionForm>
                        }
                        .into_any(),
                        None => view! { <p><strong>"Aucun logo enregistré."</strong></p> }.into_any(),
                    })
                })}
            </Suspense>
            <form method="post" action=upload_path enctype="multipart/form-data" class="form" novalidate>
                <FormAlert errors/>
                <div class="field" class:field-invalid=move || logo_error().is_some()>
                    <label for="logo">"Fichier du logo (PNG ou JPEG, 512 Ko au plus)"</label>
                    {move || logo_error().map(|m| view! { <p class="field-error" id="logo-error">{m}</p> })}
                    <input id="logo" name="logo" type="file" accept="image/png,image/jpeg" aria-describedby=move || logo_error().map(|_| "logo-error")/>
                </div>
                <button type="submit" class="button">"Enregistrer le logo"</button>
            </form>
        </section>
    }
}
