//! The partner space: offers shared with the partner's organisation.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::partner::{partner_offer, partner_offers};
use crate::components::errors::NotFound;
use crate::components::offer_card::OfferCard;
use crate::model::OfferDetail;
use crate::pages::{loaded, loading, route_id};

/// The description and facts of an offer, shared by staff and partner pages.
#[component]
pub fn OfferBody(offer: OfferDetail) -> impl IntoView {
    let s = offer.summary;
    view! {
        <dl class="facts">
            <dt>"Entreprise"</dt><dd>{s.company_name}" (SIRET "{offer.company_siret}")"</dd>
            <dt>"Contrat"</dt><dd>{s.contract.label()}</dd>
            <dt>"Postes"</dt><dd>{s.positions}</dd>
            <dt>"Commune"</dt><dd>{s.commune_name}</dd>
            <dt>"Diffusion"</dt><dd>{offer.published_elsewhere.label()}</dd>
            <dt>"Plateforme"</dt><dd>{offer.platform_name}</dd>
            <dt>"Déposée le"</dt><dd>{s.submitted_on}</dd>
        </dl>
        <h2>"Description"</h2>
        <p class="description">{offer.description}</p>
    }
}

/// The offers shared with my organisation.
#[component]
pub fn PartnerHomePage() -> impl IntoView {
    let offers = Resource::new(|| (), |_| partner_offers());
    view! {
        <Title text="Offres partagées"/>
        <h1>"Offres partagées avec votre structure"</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(offers.await, |offers| {
                    if offers.is_empty() {
                        view! { <p>"Aucune offre n'est partagée avec votre structure pour le moment."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="cards" aria-label="Offres partagées">
                                {offers
                                    .into_iter()
                                    .map(|offer| {
                                        let href = format!("/partenaire/offres/{}", offer.id);
                                        view! { <OfferCard offer href/> }
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

/// One shared offer; opening it is recorded in the sharing ledger.
#[component]
pub fn PartnerOfferPage() -> impl IntoView {
    let id = route_id();
    let offer = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => Some(partner_offer(id).await),
                None => None,
            }
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match offer.await {
                    None => view! { <NotFound/> }.into_any(),
                    Some(result) => loaded(result, |offer| view! {
                        <Title text=offer.summary.title.clone()/>
                        <p><a href="/partenaire">"← Retour aux offres partagées"</a></p>
                        <h1>{offer.summary.title.clone()}</h1>
                        <OfferBody offer/>
                    }.into_any()),
                }
            })}
        </Suspense>
    }
}
