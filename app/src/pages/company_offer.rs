//! One offer of the company: its content, history, and (once published)
//! extending or closing it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::company::{my_offer, CloseOffer, ExtendOffer};
use crate::components::closing_fields::ClosingFields;
use crate::components::errors::NotFound;
use crate::components::form::{action_errors, FormAlert};
use crate::components::offer_body::OfferBody;
use crate::components::offer_card::StatusBadge;
use crate::model::positioning::ReachLine;
use crate::model::{HistoryLine, OfferStatus};
use crate::pages::{loaded, loading, route_id};

/// The recorded history of an offer.
#[component]
pub fn HistoryTable(history: Vec<HistoryLine>) -> impl IntoView {
    view! {
        <table class="table">
            <caption>"Historique de l'offre"</caption>
            <thead><tr><th scope="col">"Date"</th><th scope="col">"Par"</th><th scope="col">"État"</th><th scope="col">"Motif ou message"</th></tr></thead>
            <tbody>
                {history.into_iter().map(|h| view! {
                    <tr><td>{h.at}</td><td>{h.actor}</td><td>{h.to_status.label()}</td><td>{h.reason.unwrap_or_default()}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// `/entreprise/offres/:id`.
/// Where the offer went among partners, by kind of organisation.
#[component]
fn ReachTable(reach: Vec<ReachLine>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="reach-title">
            <h2 id="reach-title">"Diffusion auprès des partenaires"</h2>
            {if reach.is_empty() {
                view! { <p>"L'offre n'a encore été transmise à aucun partenaire de l'emploi."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Diffusion auprès des partenaires (défilement horizontal)">
                        <table class="reach">
                            <caption>"Partenaires qui ont reçu l'offre"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Type de partenaire"</th>
                                    <th scope="col">"Structures destinataires"</th>
                                    <th scope="col">"L'ont consultée"</th>
                                    <th scope="col">"Candidats présentés"</th>
                                    <th scope="col">"Recrutés"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {reach.into_iter().map(|r| view! {
                                    <tr>
                                        <th scope="row">{r.kind.label()}</th>
                                        <td>{r.received}</td>
                                        <td>{r.opened}</td>
                                        <td>{r.positioned}</td>
                                        <td>{r.hired}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn CompanyOfferPage() -> impl IntoView {
    let id = route_id();
    let extend = ServerAction::<ExtendOffer>::new();
    let close = ServerAction::<CloseOffer>::new();
    let extend_errors = action_errors(extend.value());
    let close_errors = action_errors(close.value());
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => Some(my_offer(id).await),
                None => None,
            }
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    None => view! { <NotFound/> }.into_any(),
                    Some(result) => loaded(result, move |(offer, history, reach)| {
                        let id = offer.summary.id;
                        let status = offer.summary.status;
                        let live = matches!(status, OfferStatus::Published | OfferStatus::Expired);
                        let title = offer.summary.title.clone();
                        view! {
                            <Title text=title.clone()/>
                            <p><a href="/entreprise">"← Mes offres"</a></p>
                            <h1>{title}" "<StatusBadge status/></h1>
                            <OfferBody offer/>
                            {live.then(|| view! {
                                <section class="panel" aria-labelledby="extend-title">
                                    <h2 id="extend-title">"Prolonger l'offre"</h2>
                                    <ActionForm action=extend attr:class="form">
                                        <FormAlert errors=extend_errors/>
                                        <input type="hidden" name="id" value=id/>
                                        <button type="submit" class="button">"Prolonger l'offre"</button>
                                    </ActionForm>
                                </section>
                                <section class="panel" aria-labelledby="close-title">
                                    <h2 id="close-title">"Clôturer l'offre"</h2>
                                    <ActionForm action=close attr:novalidate=true attr:class="form">
                                        <FormAlert errors=close_errors/>
                                        <input type="hidden" name="id" value=id/>
                                        <ClosingFields errors=close_errors/>
                                        <button type="submit" class="button button-secondary">"Clôturer l'offre"</button>
                                    </ActionForm>
                                </section>
                            })}
                            <ReachTable reach/>
                            <HistoryTable history/>
                        }
                        .into_any()
                    }),
                }
            })}
        </Suspense>
    }
}
