//! The platform team's list of offers, those awaiting moderation first.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::platform_offers;
use crate::components::offer_card::OfferCard;
use crate::pages::{loaded, loading};

/// Offers of the platform: the moderation queue, then the others.
#[component]
pub fn StaffHomePage() -> impl IntoView {
    let offers = Resource::new(|| (), |_| platform_offers());
    view! {
        <Title text="Offres à traiter"/>
        <div class="page-head">
            <h1>"Offres de la plateforme"</h1>
            <p class="actions">
                <a class="button button-secondary" href="/equipe/export/france-travail.csv" download>"Export France Travail (CSV)"</a>
                <a class="button button-secondary" href="/equipe/export/france-travail.json" download>"Export France Travail (JSON)"</a>
            </p>
        </div>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(offers.await, |offers| {
                    let (waiting, others): (Vec<_>, Vec<_>) =
                        offers.into_iter().partition(|o| o.status.awaits_moderation());
                    let list = |offers: Vec<crate::model::OfferSummary>, label: &'static str| {
                        if offers.is_empty() {
                            view! { <p>"Aucune offre."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="cards" aria-label=label>
                                    {offers
                                        .into_iter()
                                        .map(|offer| {
                                            let href = format!("/equipe/offres/{}", offer.id);
                                            view! { <OfferCard offer href/> }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any()
                        }
                    };
                    view! {
                        <section aria-labelledby="queue-title">
                            <h2 id="queue-title">"À valider ("{waiting.len()}")"</h2>
                            {list(waiting, "Offres à valider")}
                        </section>
                        <section aria-labelledby="others-title">
                            <h2 id="others-title">"Autres offres"</h2>
                            {list(others, "Autres offres")}
                        </section>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
