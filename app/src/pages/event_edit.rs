//! `/equipe/evenements/:id/modifier`: staff change an event (everyone
//! registered is told of a new date, time or place) or cancel it with a
//! reason, after confirming.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::event_changes::{event_for_edit, CancelEvent, EventEdit, UpdateEvent};
use crate::components::form::{
    action_errors, choices, CheckboxField, FormAlert, SelectField, TextArea, TextField,
};
use crate::model::event::EventKind;
use crate::pages::{loaded, loading, route_id};

fn edit_forms(
    e: EventEdit,
    update: ServerAction<UpdateEvent>,
    cancel: ServerAction<CancelEvent>,
) -> AnyView {
    let errors = action_errors(update.value());
    let cancel_errors = action_errors(cancel.value());
    let f = e.form.clone();
    if !e.editable {
        return view! {
            <h1>{format!("Événement : {}", e.title)}</h1>
            <p>"Cet événement a commencé, est passé ou est annulé : il ne peut plus être modifié."</p>
            <p><a href="/equipe/evenements">"← Les événements"</a></p>
        }
        .into_any();
    }
    let told = format!(
        "{} personne(s) inscrite(s) recevront un e-mail si la date, l'heure ou le lieu change.",
        e.registrants
    );
    view! {
        <h1>{format!("Modifier : {}", e.title)}</h1>
        <p class="meta">{e.when.clone()}</p>
        <p><a href="/equipe/evenements">"← Les événements"</a></p>
        <section class="panel" aria-labelledby="edit-title">
            <h2 id="edit-title">"Modifier ou reporter"</h2>
            <p>{told}</p>
            <ActionForm action=update attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <input type="hidden" name="id" value=e.id/>
                <SelectField name="kind" label="Type d'événement" options=choices(EventKind::ALL, EventKind::code, EventKind::label) required=true initial=f.kind.clone() errors/>
                <TextField name="title" label="Titre" required=true initial=f.title.clone() errors/>
                <TextArea name="description" label="Description" rows=4 initial=f.description.clone() errors/>
                <div class="field-pair">
                    <TextField name="date" label="Date" kind="date" required=true initial=f.date.clone() errors/>
                    <TextField name="capacity" label="Places pour les candidats" inputmode="numeric" required=true initial=f.capacity.clone() errors/>
                </div>
                <div class="field-pair">
                    <TextField name="start_time" label="Heure de début" kind="time" required=true initial=f.start_time.clone() errors/>
                    <TextField name="end_time" label="Heure de fin" kind="time" required=true initial=f.end_time.clone() errors/>
                </div>
                <TextField name="company_capacity" label="Places pour les entreprises" inputmode="numeric" initial=f.company_capacity.clone() errors/>
                <TextField name="commune" label="Commune" autocomplete="off" required=true initial=f.commune.clone() errors/>
                <TextField name="address" label="Lieu (salle, adresse)" required=true initial=f.address.clone() errors/>
                <TextField name="deadline" label="Inscriptions jusqu'au" kind="date" initial=f.deadline.clone() errors/>
                <button type="submit" class="button">"Enregistrer les changements"</button>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="cancel-title">
            <h2 id="cancel-title">"Annuler l'événement"</h2>
            <p>"Chaque personne inscrite reçoit un e-mail avec le motif. L'annulation est définitive."</p>
            <ActionForm action=cancel attr:novalidate=true attr:class="form">
                <FormAlert errors=cancel_errors/>
                <input type="hidden" name="id" value=e.id/>
                <TextArea name="cancel_reason" label="Motif de l'annulation (envoyé aux inscrits)" rows=2 required=true errors=cancel_errors/>
                <CheckboxField name="confirm_cancel" label="Je confirme l'annulation de l'événement" errors=cancel_errors/>
                <button type="submit" class="button button-danger">"Annuler l'événement"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// The page.
#[component]
pub fn EditEventPage() -> impl IntoView {
    let id = route_id();
    let update = ServerAction::<UpdateEvent>::new();
    let cancel = ServerAction::<CancelEvent>::new();
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => event_for_edit(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text="Modifier un événement"/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |e| edit_forms(e, update, cancel))
            })}
        </Suspense>
    }
}
