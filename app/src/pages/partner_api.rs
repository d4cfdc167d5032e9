//! `/partenaire/api`: the partner organisation's manager creates and
//! revokes the tokens of the partner API (a new token is shown once);
//! other advisers read who to ask.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::partner::{api_tokens, CreateApiToken, RevokeApiToken};
use crate::components::form::{action_errors, FormAlert, RadioGroup, TextField};
use crate::model::api_token::ApiTokenLine;
use crate::pages::{loaded, loading};

#[component]
fn TokenTable(tokens: Vec<ApiTokenLine>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    if tokens.is_empty() {
        return view! { <p>"Votre structure n'a encore aucun jeton."</p> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Jetons de la structure (défilement horizontal)">
            <table class="tokens">
                <caption>"Jetons de la structure"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Nom"</th>
                        <th scope="col">"Début du jeton"</th>
                        <th scope="col">"Droits"</th>
                        <th scope="col">"Créé"</th>
                        <th scope="col">"Dernier appel"</th>
                        <th scope="col">"Appels (30 jours)"</th>
                        <th scope="col">"État"</th>
                    </tr>
                </thead>
                <tbody>
                    {tokens.into_iter().map(|t| {
                        let label = format!("Révoquer le jeton « {} »", t.name);
                        view! {
                            <tr>
                                <th scope="row">{t.name.clone()}</th>
                                <td><code>{t.prefix.clone()}"…"</code></td>
                                <td>{if t.can_write { "Lecture et écriture" } else { "Lecture seule" }}</td>
                                <td>{t.created_on.clone()}" par "{t.created_by.clone()}</td>
                                <td>{t.last_used_on.clone().unwrap_or_else(|| "Jamais".to_owned())}</td>
                                <td>{t.calls}</td>
                                <td>{match t.revoked_on.clone() {
                                    Some(on) => view! { <span>"Révoqué le "{on}</span> }.into_any(),
                                    None => view! {
                                        <ActionForm action=revoke attr:class="inline-form">
                                            <input type="hidden" name="id" value=t.id/>
                                            <button type="submit" class="button button-secondary" aria-label=label>"Révoquer"</button>
                                        </ActionForm>
                                    }.into_any(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The scopes a token may have.
fn scopes() -> Vec<(String, String)> {
    vec![
        (
            "lecture".to_owned(),
            "Lecture seule : lire les offres partagées".to_owned(),
        ),
        (
            "ecriture".to_owned(),
            "Lecture et écriture : lire les offres et positionner des candidats".to_owned(),
        ),
    ]
}

/// The page.
#[component]
pub fn PartnerApiPage() -> impl IntoView {
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let errors = action_errors(create.value());
    let revoke_errors = action_errors(revoke.value());
    let query = use_query_map();
    let revoked = move || query.read().get("revoque").is_some();
    let data = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| api_tokens(),
    );
    view! {
        <Title text="API partenaires"/>
        <h1>"API partenaires"</h1>
        <p>
            "L'API permet au logiciel de votre structure de lire les offres partagées avec elle (en JSON, "
            "celles modifiées depuis une date) et d'y positionner des candidats. "
            <a href="/api-partenaires/v1/openapi.json">"Description OpenAPI de l'API"</a>
        </p>
        {move || revoked().then(|| view! { <div class="alert alert-success" role="status"><p>"Le jeton est révoqué : il est refusé dès maintenant."</p></div> })}
        <FormAlert errors=revoke_errors/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |v| {
                    if !v.manager {
                        return view! {
                            <p>"Seul le responsable de votre structure sur le portail crée et révoque les jetons de l'API. Adressez-vous à lui, ou à l'équipe de la plateforme."</p>
                        }.into_any();
                    }
                    view! {
                        {v.revealed.map(|(name, secret)| view! {
                            <div class="alert alert-success" role="status">
                                <p>"Le jeton « "{name}" » est créé. Copiez-le maintenant : il ne sera plus affiché."</p>
                                <p><code class="token-secret">{secret}</code></p>
                            </div>
                        })}
                        <TokenTable tokens=v.tokens revoke/>
                        <section class="panel" aria-labelledby="new-token-title">
                            <h2 id="new-token-title">"Créer un jeton"</h2>
                            <ActionForm action=create attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <TextField name="name" label="Nom du jeton" hint="Par exemple le nom du logiciel qui l'utilise." required=true errors/>
                                <RadioGroup name="scope" legend="Droits du jeton" options=scopes() required=true errors/>
                                <button type="submit" class="button">"Créer le jeton"</button>
                            </ActionForm>
                        </section>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}
