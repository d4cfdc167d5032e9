//! The company space: its offers and their status.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::company::my_offers;
use crate::components::offer_card::OfferCard;
use crate::pages::{loaded, loading};

/// The company's offers, with their status and the platform's messages.
#[component]
pub fn CompanyHomePage() -> impl IntoView {
    let offers = Resource::new(|| (), |_| my_offers());
    let query = use_query_map();
    let sent = move || query.read().get("envoyee").is_some();
    // Once an offer is sent, its draft in the browser has served.
    let session = crate::components::layout::use_session();
    Effect::new(move |_| {
        if sent() {
            if let Some(Ok(Some(user))) = session.user.get() {
                crate::components::draft::clear(&crate::pages::new_offer_draft_key(user.id));
            }
        }
    });
    let edited = move || query.read().get("modifiee").is_some();
    view! {
        <Title text="Mes offres"/>
        <Show when=sent>
            <div class="alert alert-success" role="status">
                <p>"Votre offre a bien été envoyée. L'équipe de la plateforme la relit et vous tient informé."</p>
            </div>
        </Show>
        <Show when=edited>
            <div class="alert alert-success" role="status">
                <p>"Vos modifications sont enregistrées."</p>
            </div>
        </Show>
        <div class="page-head">
            <h1>"Mes offres"</h1>
            <a class="button" href="/entreprise/offres/nouvelle">"Déposer une offre"</a>
        </div>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(offers.await, |offers| {
                    if offers.is_empty() {
                        view! { <p>"Vous n'avez pas encore déposé d'offre."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="cards" aria-label="Mes offres">
                                {offers
                                    .into_iter()
                                    .map(|offer| {
                                        let edit_href = format!("/entreprise/offres/{}/modifier", offer.id);
                                        view! { <OfferCard offer edit_href/> }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                })
            })}
        </Suspense>
    }
}
