//! Seats set aside for partners' candidates: staff's page for an event
//! (`/equipe/evenements/:id/places-partenaires`) and the partner's events
//! page (`/partenaire/evenements`), where advisers register candidates.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::reservations::{
    event_reservations, partner_events, RegisterPartnerCandidate, SetEventReservation,
};
use crate::components::form::{action_errors, FormAlert, SelectField, TextField};
use crate::components::registration_fields::RegistrationFields;
use crate::model::event::{PartnerEvent, RegistrationStatus};
use crate::pages::{loaded, loading};

/// `/equipe/evenements/:id/places-partenaires`.
#[component]
pub fn StaffReservationsPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let set = ServerAction::<SetEventReservation>::new();
    let errors = action_errors(set.value());
    let data = Resource::new(
        move || (id(), set.version().get()),
        |(id, _)| event_reservations(id),
    );
    view! {
        <Title text="Places réservées aux partenaires"/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |data| {
                    let e = data.event.clone();
                    let orgs: Vec<(String, String)> = data.orgs.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
                    view! {
                        <h1>"Places réservées aux partenaires : "{e.title.clone()}</h1>
                        <p class="meta">{e.when.clone()}" · "{format!("{} place(s) pour les candidats, {} confirmée(s), {} réservée(s) et libre(s), {} ouverte(s) au public", e.capacity, e.confirmed, e.reserved, e.seats_left())}</p>
                        <p><a href="/equipe/evenements">"← Événements de la plateforme"</a></p>
                        {if data.reservations.is_empty() {
                            view! { <p>"Aucune place n'est réservée pour l'instant."</p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <caption>"Places réservées par partenaire"</caption>
                                    <thead><tr><th scope="col">"Partenaire"</th><th scope="col">"Places réservées"</th><th scope="col">"Candidats inscrits"</th><th scope="col">"Places libres"</th></tr></thead>
                                    <tbody>{data.reservations.iter().map(|r| view! {
                                        <tr><th scope="row">{r.org_name.clone()}</th><td>{r.seats}</td><td>{r.used}</td><td>{r.seats - r.used}</td></tr>
                                    }).collect_view()}</tbody>
                                </table>
                            }.into_any()
                        }}
                        <section class="panel" aria-labelledby="reserve-title">
                            <h2 id="reserve-title">"Réserver des places"</h2>
                            <p>"Les places réservées sont retirées des places ouvertes au public ; les conseillers du partenaire y inscrivent leurs candidats depuis leur espace. Diminuer une réservation rend les places au public (la liste d'attente en profite aussitôt)."</p>
                            <ActionForm action=set attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <input type="hidden" name="event_id" value=e.id/>
                                <SelectField name="partner_org_id" label="Partenaire" options=orgs placeholder="Choisissez…" required=true errors/>
                                <TextField name="seats" label="Nombre de places réservées" inputmode="numeric" required=true hint="Le total voulu pour ce partenaire (0 pour annuler la réservation)." errors/>
                                <button type="submit" class="button">"Enregistrer"</button>
                            </ActionForm>
                        </section>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// One event of the partner's page, with its registration form.
#[component]
fn PartnerEventCard(event: PartnerEvent) -> impl IntoView {
    let register = ServerAction::<RegisterPartnerCandidate>::new();
    let errors = action_errors(register.value());
    let e = event.summary.clone();
    let title_id = format!("evenement-{}", e.id);
    let label_id = title_id.clone();
    let left = event.seats - event.used;
    view! {
        <li class="card" aria-labelledby=label_id>
            <h2 id=title_id><a href=format!("/evenements/{}", e.id)>{e.title.clone()}</a></h2>
            <p class="meta">{e.kind.label()}" · "{e.when.clone()}" · "{e.address.clone()}", "{e.commune_name.clone()}</p>
            <p><strong>{format!("{} place(s) réservée(s) pour votre structure, {} utilisée(s), {} libre(s)", event.seats, event.used, left)}</strong>
                {(left == 0).then_some(" : les inscriptions suivantes prennent une place ouverte au public, ou la liste d'attente.")}</p>
            {(!event.registered.is_empty()).then(|| view! {
                <h3>"Candidats inscrits par votre structure"</h3>
                <ul>{event.registered.iter().map(|(name, status)| {
                    let label = match status {
                        RegistrationStatus::Confirmed => "inscrit",
                        RegistrationStatus::Waiting => "liste d'attente",
                        RegistrationStatus::Cancelled => "annulé",
                    };
                    view! { <li>{name.clone()}" — "{label}</li> }
                }).collect_view()}</ul>
            })}
            {e.open.then(|| view! {
                <details class="panel">
                    <summary>"Inscrire un candidat"</summary>
                    <p>"Le candidat reçoit la confirmation par e-mail, avec le lien pour annuler lui-même."</p>
                    <ActionForm action=register attr:novalidate=true attr:class="form">
                        <FormAlert errors/>
                        <input type="hidden" name="event_id" value=e.id/>
                        <RegistrationFields questions=event.questions.clone() errors on_behalf=true/>
                        <button type="submit" class="button">"Inscrire ce candidat"</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

/// `/partenaire/evenements`.
#[component]
pub fn PartnerEventsPage() -> impl IntoView {
    let query = use_query_map();
    let done = move || query.read().get("inscrit");
    // Each registration redirects here with its own id, which reloads the list.
    let data = Resource::new(done, |_| partner_events());
    view! {
        <Title text="Événements : places réservées"/>
        <h1>"Événements : places réservées à votre structure"</h1>
        <Show when=move || done().is_some()>
            <div class="alert alert-success" role="status"><p>"L’inscription est enregistrée ; le candidat a reçu la confirmation par e-mail, avec le lien pour annuler."</p></div>
        </Show>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |events| {
                    if events.is_empty() {
                        view! { <p>"Aucune place ne vous est réservée pour les événements à venir."</p> }.into_any()
                    } else {
                        view! { <ul class="cards" aria-label="Événements">{events.into_iter().map(|event| view! { <PartnerEventCard event/> }).collect_view()}</ul> }.into_any()
                    }
                })
            })}
        </Suspense>
    }
}
