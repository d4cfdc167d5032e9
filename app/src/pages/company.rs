//! The company space: its offers and their status.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::company::my_offers;
use crate::api::invitation::InviteColleague;
use crate::components::form::{action_errors, FormAlert, TextField};
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
    let closed = move || query.read().get("cloturee").is_some();
    let extended = move || query.read().get("prolongee").is_some();
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
        <Show when=closed>
            <div class="alert alert-success" role="status">
                <p>"L'offre est clôturée. Merci de nous avoir dit ce qu'elle est devenue."</p>
            </div>
        </Show>
        <Show when=extended>
            <div class="alert alert-success" role="status">
                <p>"L'offre est prolongée."</p>
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
                                        let href = format!("/entreprise/offres/{}", offer.id);
                                        view! { <OfferCard offer href edit_href/> }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                })
            })}
        </Suspense>
        <InviteColleagueForm/>
    }
}

/// Invites a colleague to the company's account, by e-mail.
#[component]
fn InviteColleagueForm() -> impl IntoView {
    let invite = ServerAction::<InviteColleague>::new();
    let errors = action_errors(invite.value());
    let query = use_query_map();
    let sent = move || query.read().get("invitation").is_some();
    view! {
        <section class="panel" aria-labelledby="invite-title">
            <h2 id="invite-title">"Inviter un collègue"</h2>
            <p>"Votre collègue reçoit un lien, valable 7 jours, pour créer son accès à l'espace de l'entreprise."</p>
            <Show when=sent>
                <div class="alert alert-success" role="status">
                    <p>"Invitation envoyée : votre collègue va recevoir un e-mail avec son lien d'accès."</p>
                </div>
            </Show>
            <ActionForm action=invite attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <TextField name="email" label="Adresse e-mail du collègue" kind="email" autocomplete="off" required=true errors/>
                <button type="submit" class="button button-secondary">"Envoyer l'invitation"</button>
            </ActionForm>
        </section>
    }
}
