//! The company space: its offers and their status.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::company::my_offers;
use crate::api::invitation::{company_colleagues, InviteColleague, RemoveColleague};
use crate::components::draft::DraftSent;
use crate::components::form::{action_errors, FormAlert, TextField};
use crate::components::offer_card::OfferCard;
use crate::model::colleague::ColleagueLine;
use crate::pages::{loaded, loading};

/// The company's offers, with their status and the platform's messages.
#[component]
pub fn CompanyHomePage() -> impl IntoView {
    let offers = Resource::new(|| (), |_| my_offers());
    let query = use_query_map();
    let sent = move || query.read().get("envoyee").is_some();
    // Once an offer is sent, its draft in the browser has served.
    let session = crate::components::layout::use_session();
    let forget_draft = move || {
        Suspend::new(async move {
            match session.user.await {
                Ok(Some(user)) => {
                    Some(view! { <DraftSent key=crate::pages::new_offer_draft_key(user.id)/> })
                }
                _ => None,
            }
        })
    };
    let edited = move || query.read().get("modifiee").is_some();
    let closed = move || query.read().get("cloturee").is_some();
    let extended = move || query.read().get("prolongee").is_some();
    view! {
        <Title text="Mes offres"/>
        <Show when=sent>
            <div class="alert alert-success" role="status">
                <p>"Votre offre a bien été envoyée. L'équipe de la plateforme la relit et vous tient informé."</p>
            </div>
            <Suspense>{forget_draft}</Suspense>
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
        <Colleagues/>
        <InviteColleagueForm/>
    }
}

/// The company's people, each (but the reader) with the removal of their
/// access, confirmed by a box to tick.
#[component]
fn Colleagues() -> impl IntoView {
    let remove = ServerAction::<RemoveColleague>::new();
    let errors = action_errors(remove.value());
    let people = Resource::new(move || remove.version().get(), |_| company_colleagues());
    let query = use_query_map();
    let removed = move || query.read().get("acces-retire").is_some();
    view! {
        <section class="panel" aria-labelledby="colleagues-title">
            <h2 id="colleagues-title">"Les personnes de votre entreprise"</h2>
            <Show when=removed>
                <div class="alert alert-success" role="status">
                    <p>"L'accès est retiré : le compte est fermé et ses sessions sont terminées."</p>
                </div>
            </Show>
            <FormAlert errors/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(people.await, move |people| {
                        view! {
                            <ul class="colleagues" aria-label="Personnes ayant accès à l'espace de l'entreprise">
                                {people.into_iter().map(|p| view! { <ColleagueItem p remove errors/> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ColleagueItem(
    p: ColleagueLine,
    remove: ServerAction<RemoveColleague>,
    errors: crate::components::form::ErrorsSignal,
) -> impl IntoView {
    let box_id = format!("confirm_{}", p.id);
    let message_id = box_id.clone();
    let message = move || {
        errors.get().and_then(|e| match e {
            crate::error::AppError::Invalid(f) => f.fields.get(&message_id).cloned(),
            _ => None,
        })
    };
    view! {
        <li>
            <strong>{p.full_name.clone()}</strong>" — "{p.email.clone()}" (depuis le "{p.since.clone()}")"
            {if p.me {
                view! { <span>" — vous"</span> }.into_any()
            } else {
                let label = format!("Je confirme le retrait de l'accès de {}", p.full_name);
                let button = format!("Retirer l'accès de {}", p.full_name);
                view! {
                    <ActionForm action=remove attr:class="form form-inline">
                        <input type="hidden" name="id" value=p.id/>
                        {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
                        <div class="field checkbox">
                            <input type="checkbox" id=box_id.clone() name="confirm" value=crate::model::CHECKED/>
                            <label for=box_id.clone()>{label}</label>
                        </div>
                        <button type="submit" class="button button-secondary">{button}</button>
                    </ActionForm>
                }.into_any()
            }}
        </li>
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
