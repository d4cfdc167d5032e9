//! Accepting an invitation into a company account.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::invitation::{open_invitation, AcceptInvitation};
use crate::components::errors::set_status;
use crate::components::form::{action_errors, FormAlert, TextField};
use crate::error::AppError;
use crate::pages::loading;

/// The page an invitation link opens.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let accept = ServerAction::<AcceptInvitation>::new();
    let errors = action_errors(accept.value());
    let info = Resource::new(token, open_invitation);
    view! {
        <Title text="Invitation"/>
        <section class="narrow" aria-labelledby="invitation-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match info.await {
                        Err(AppError::NotFound) => {
                            set_status(404);
                            view! {
                                <h1 id="invitation-title">"Lien d'invitation non valable"</h1>
                                <p>"Ce lien a expiré, a déjà servi ou n'existe pas. Demandez à votre collègue de vous inviter à nouveau."</p>
                            }
                            .into_any()
                        }
                        Err(other) => view! { <crate::components::errors::ErrorPanel error=other/> }.into_any(),
                        Ok(inv) => view! {
                            <h1 id="invitation-title">"Rejoindre "{inv.company_name.clone()}</h1>
                            <p>{inv.invited_by.clone()}" vous invite sur l'espace Proch'Emploi de "{inv.company_name.clone()}". Votre compte utilisera l'adresse "<strong>{inv.email.clone()}</strong>"."</p>
                            <ActionForm action=accept attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <input type="hidden" name="token" value=token/>
                                <TextField name="full_name" label="Prénom et nom" autocomplete="name" required=true errors/>
                                <TextField name="password" label="Mot de passe" kind="password" autocomplete="new-password" hint="12 caractères au moins ; une phrase facile à retenir convient." required=true errors/>
                                <TextField name="password_confirm" label="Confirmez le mot de passe" kind="password" autocomplete="new-password" required=true errors/>
                                <button type="submit" class="button">"Créer mon accès"</button>
                            </ActionForm>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
