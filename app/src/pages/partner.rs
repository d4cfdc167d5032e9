//! The partner space: offers shared with the partner's organisation, and the
//! partner's feedback on each.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::partner::{partner_offer, partner_offers, GiveFeedback};
use crate::components::errors::NotFound;
use crate::components::form::{action_errors, FormAlert, TextArea, TextField};
use crate::components::offer_card::OfferCard;
use crate::model::{ContractType, FeedbackLine};
use crate::pages::{loaded, loading, route_id};

pub use crate::components::offer_body::OfferBody;

/// The feedback given on an offer, as a list.
#[component]
pub fn FeedbackList(feedback: Vec<FeedbackLine>) -> impl IntoView {
    if feedback.is_empty() {
        return view! { <p>"Aucun retour pour le moment."</p> }.into_any();
    }
    view! {
        <ul class="feedback">
            {feedback.into_iter().map(|f| view! {
                <li>
                    <strong>{f.org_name}</strong>" — "{f.author}", le "{f.at}" : "
                    {format!("{} candidat(s) positionné(s)", f.candidates)}
                    {(!f.comment.is_empty()).then(|| view! { <span>" — « "{f.comment.clone()}" »"</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The offers shared with my organisation, with filters and an export.
#[component]
pub fn PartnerHomePage() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (q.get("contrat"), q.get("q"))
    };
    let offers = Resource::new(filters, |(contract, q)| partner_offers(contract, q));
    let current = move |key: &'static str| query.read().get(key).unwrap_or_default();
    view! {
        <Title text="Offres partagées"/>
        <div class="page-head">
            <h1>"Offres partagées avec votre structure"</h1>
            <a class="button button-secondary" href="/partenaire/offres.csv" download>"Exporter en CSV"</a>
        </div>
        <form method="get" action="/partenaire" class="filters" role="search" aria-label="Filtrer les offres">
            <div class="field">
                <label for="filtre-contrat">"Contrat"</label>
                <select id="filtre-contrat" name="contrat">
                    <option value="">"Tous"</option>
                    {ContractType::ALL.iter().map(|c| {
                        let code = c.code();
                        view! { <option value=code selected=move || current("contrat") == code>{c.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filtre-q">"Mots-clés (poste, commune, entreprise)"</label>
                <input id="filtre-q" name="q" type="search" value=move || current("q")/>
            </div>
            <button type="submit" class="button">"Filtrer"</button>
        </form>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(offers.await, |lines| {
                    if lines.is_empty() {
                        view! { <p>"Aucune offre partagée ne correspond."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="cards" aria-label="Offres partagées">
                                {lines
                                    .into_iter()
                                    .map(|line| {
                                        let href = format!("/partenaire/offres/{}", line.offer.id);
                                        view! { <OfferCard offer=line.offer href new=line.is_new/> }
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

/// One shared offer; opening it is recorded in the sharing ledger. The
/// partner says back how many candidates it positioned.
#[component]
pub fn PartnerOfferPage() -> impl IntoView {
    let id = route_id();
    let give = ServerAction::<GiveFeedback>::new();
    let errors = action_errors(give.value());
    let data = Resource::new(
        move || (id.get(), give.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => Some(partner_offer(id).await),
                None => None,
            }
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    None => view! { <NotFound/> }.into_any(),
                    Some(result) => loaded(result, move |view| {
                        let id = view.offer.summary.id;
                        view! {
                            <Title text=view.offer.summary.title.clone()/>
                            <p><a href="/partenaire">"← Retour aux offres partagées"</a></p>
                            <h1>{view.offer.summary.title.clone()}</h1>
                            <OfferBody offer=view.offer/>
                            <section class="panel" aria-labelledby="feedback-title">
                                <h2 id="feedback-title">"Vos retours à la plateforme"</h2>
                                <FeedbackList feedback=view.feedback/>
                                <ActionForm action=give attr:novalidate=true attr:class="form">
                                    <FormAlert errors/>
                                    <input type="hidden" name="id" value=id/>
                                    <TextField name="candidates" label="Candidats positionnés" kind="number" inputmode="numeric" initial="0".to_owned() errors/>
                                    <TextArea name="comment" label="Commentaire pour l'équipe" rows=3 errors/>
                                    <button type="submit" class="button">"Envoyer mon retour"</button>
                                </ActionForm>
                            </section>
                        }
                        .into_any()
                    }),
                }
            })}
        </Suspense>
    }
}
