//! The page an expiry reminder links to: extend or close the offer without
//! signing in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::offer_link::{offer_by_link, CloseByLink, ExtendByLink};
use crate::components::closing_fields::ClosingFields;
use crate::components::errors::LinkRefused;
use crate::components::form::{action_errors, FormAlert};
use crate::error::AppError;
use crate::pages::loading;

/// `/offre/lien/:token`.
#[component]
pub fn OfferLinkPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let extend = ServerAction::<ExtendByLink>::new();
    let close = ServerAction::<CloseByLink>::new();
    let extend_errors = action_errors(extend.value());
    let close_errors = action_errors(close.value());
    let info = Resource::new(token, offer_by_link);
    view! {
        <Title text="Gérer mon offre"/>
        <section class="narrow" aria-labelledby="link-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match info.await {
                        Err(AppError::Refused(message)) => view! {
                            <LinkRefused id="link-title" message>
                                <p><a href="/connexion">"Se connecter"</a></p>
                            </LinkRefused>
                        }
                        .into_any(),
                        Err(other) => view! { <crate::components::errors::ErrorPanel error=other/> }.into_any(),
                        Ok(offer) => {
                            let expiry = offer.expires_on.clone().map(|d| format!("Elle expire le {d}.")).unwrap_or_default();
                            let extend_label = match offer.extension_days {
                                1 => "Prolonger d'un jour".to_owned(),
                                n => format!("Prolonger de {n} jours"),
                            };
                            view! {
                                <h1 id="link-title">"Votre offre « "{offer.title.clone()}" »"</h1>
                                <p>{offer.company_name.clone()}" · État : "<strong>{offer.status.label()}</strong>". "{expiry}</p>
                                <h2>"Le poste est toujours à pourvoir"</h2>
                                <ActionForm action=extend attr:class="form">
                                    <FormAlert errors=extend_errors/>
                                    <input type="hidden" name="token" value=token/>
                                    <button type="submit" class="button">{extend_label}</button>
                                </ActionForm>
                                <h2>"Clôturer l'offre"</h2>
                                <ActionForm action=close attr:novalidate=true attr:class="form">
                                    <FormAlert errors=close_errors/>
                                    <input type="hidden" name="token" value=token/>
                                    <ClosingFields errors=close_errors/>
                                    <button type="submit" class="button button-secondary">"Clôturer l'offre"</button>
                                </ActionForm>
                                <p class="hint">"Ce lien personnel ne fonctionne qu'une fois. Vous pouvez aussi gérer vos offres depuis votre espace."</p>
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/offre/merci`: after the link was used.
#[component]
pub fn OfferLinkDonePage() -> impl IntoView {
    let query = use_query_map();
    let message = move || match query.read().get("prolongee") {
        Some(until) => format!(
            "Votre offre est prolongée jusqu'au {}. Merci !",
            until.replace('-', "/")
        ),
        None => {
            "Votre offre est clôturée. Merci de nous avoir dit ce qu'elle est devenue !".to_owned()
        }
    };
    view! {
        <Title text="C'est enregistré"/>
        <section class="narrow" aria-labelledby="done-title">
            <h1 id="done-title">"C'est enregistré"</h1>
            <div class="alert alert-success" role="status"><p>{message}</p></div>
            <p><a href="/connexion">"Accéder à mon espace"</a></p>
        </section>
    }
}
