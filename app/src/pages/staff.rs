//! The platform team's list of offers, those awaiting moderation first.

use leptos::prelude::*;
use leptos_meta::Title;

use leptos_router::hooks::use_query_map;

use crate::api::staff::platform_offers;
use crate::api::support::platform_support_requests;
use crate::components::offer_card::OfferCard;
use crate::model::support::CaseStatus;
use crate::model::OfferStatus;
use crate::pages::support::SupportList;
use crate::pages::{loaded, loading};

/// Offers of the platform: the moderation queue, then the others.
#[component]
pub fn StaffHomePage() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (
            q.get("type").unwrap_or_default(),
            q.get("statut").filter(|s| !s.is_empty()),
            q.get("commune"),
            q.get("anciennete"),
        )
    };
    // A status belongs to offers or to requests: it selects the type too.
    let wants = move |kind: &str, status: &Option<String>| {
        let by_status = match status {
            Some(s) if OfferStatus::from_code(s).is_some() => "offres",
            Some(s) if CaseStatus::from_code(s).is_some() => "demandes",
            _ => "",
        };
        by_status.is_empty() || by_status == kind
    };
    let offers = Resource::new(filters, move |(kind, status, commune, age)| async move {
        if kind == "demandes" || !wants("offres", &status) {
            return Ok(Vec::new());
        }
        platform_offers(status, commune, age).await
    });
    let requests = Resource::new(filters, move |(kind, status, commune, age)| async move {
        if kind == "offres" || !wants("demandes", &status) {
            return Ok(Vec::new());
        }
        platform_support_requests(status, commune, age).await
    });
    let current = move |key: &'static str| query.read().get(key).unwrap_or_default();
    let ages = [
        ("", "Toutes"),
        ("2", "Déposées depuis plus de 2 jours"),
        ("7", "Depuis plus de 7 jours"),
        ("30", "Depuis plus de 30 jours"),
    ];
    view! {
        <Title text="À traiter"/>
        <div class="page-head">
            <h1>"À traiter : offres et demandes"</h1>
            <p class="actions">
                <a class="button button-secondary" href="/equipe/export/france-travail.csv" download>"Export France Travail (CSV)"</a>
                <a class="button button-secondary" href="/equipe/export/france-travail.json" download>"Export France Travail (JSON)"</a>
            </p>
        </div>
        <crate::pages::RegisterAlertBanner/>
        <crate::pages::MeetingWarningBanner/>
        <form method="get" action="/equipe" class="filters" role="search" aria-label="Filtrer les offres et les demandes">
            <div class="field">
                <label for="filtre-type">"Type"</label>
                <select id="filtre-type" name="type">
                    {[("", "Offres et demandes"), ("offres", "Offres d'emploi"), ("demandes", "Demandes d'accompagnement")].into_iter().map(|(code, label)| view! {
                        <option value=code selected=move || current("type") == code>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filtre-statut">"Statut"</label>
                <select id="filtre-statut" name="statut">
                    <option value="">"Tous"</option>
                    <optgroup label="Offres">
                        {OfferStatus::ALL.iter().map(|s| {
                            let code = s.code();
                            view! { <option value=code selected=move || current("statut") == code>{s.label()}</option> }
                        }).collect_view()}
                    </optgroup>
                    <optgroup label="Demandes d'accompagnement">
                        {CaseStatus::ALL.iter().map(|s| {
                            let code = s.code();
                            view! { <option value=code selected=move || current("statut") == code>{s.label()}</option> }
                        }).collect_view()}
                    </optgroup>
                </select>
            </div>
            <div class="field">
                <label for="filtre-commune">"Commune"</label>
                <input id="filtre-commune" name="commune" type="search" value=move || current("commune")/>
            </div>
            <div class="field">
                <label for="filtre-anciennete">"Ancienneté"</label>
                <select id="filtre-anciennete" name="anciennete">
                    {ages.into_iter().map(|(code, label)| view! {
                        <option value=code selected=move || current("anciennete") == code>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">"Filtrer"</button>
        </form>
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
                            <h2 id="queue-title">"Offres à valider ("{waiting.len()}")"</h2>
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
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(requests.await, |requests| view! {
                    <section aria-labelledby="requests-title">
                        <h2 id="requests-title">"Demandes d'accompagnement ("{requests.iter().filter(|r| r.status.is_open()).count()}" en cours)"</h2>
                        <SupportList requests/>
                    </section>
                }.into_any())
            })}
        </Suspense>
    }
}
