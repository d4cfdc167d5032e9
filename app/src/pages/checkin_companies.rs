//! The companies registered for an event, marked present or absent at the
//! door (the indicators count those not marked absent).

use leptos::prelude::*;

use crate::api::checkin::MarkCompanyPresence;
use crate::api::door_companies::AddCompanyAtDoor;
use crate::components::form::{action_errors, CheckboxField, FormAlert, SelectField};

#[component]
pub fn CompanyPresence(
    event_id: String,
    companies: Vec<(i64, String, Option<bool>)>,
    mark: ServerAction<MarkCompanyPresence>,
) -> impl IntoView {
    let rows = companies
        .into_iter()
        .map(|(id, name, came)| {
            let state = match came {
                Some(true) => "Présente",
                Some(false) => "Absente",
                None => "Pas encore pointée",
            };
            let buttons = [("oui", "Présente"), ("non", "Absente")]
                .into_iter()
                .map(|(value, text)| {
                    let label = format!("{text} : {name}");
                    let event_id = event_id.clone();
                    let pressed = if came == Some(value == "oui") { "true" } else { "false" };
                    view! {
                        <ActionForm action=mark attr:class="inline-form">
                            <input type="hidden" name="event_id" value=event_id/>
                            <input type="hidden" name="company_id" value=id/>
                            <input type="hidden" name="present" value=value/>
                            <button type="submit" class="button button-secondary" aria-pressed=pressed aria-label=label>{text}</button>
                        </ActionForm>
                    }
                })
                .collect_view();
            view! {
                <li class="card participant">
                    <p><strong>{name.clone()}</strong>" — "<span class="participant-state">{state}</span></p>
                    <div class="attendance-buttons">{buttons}</div>
                </li>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="companies-presence-title">
            <h2 id="companies-presence-title">"Entreprises inscrites"</h2>
            <ul class="cards participants" aria-label="Entreprises inscrites">{rows}</ul>
        </section>
    }
    .into_any()
}

/// A company of the platform that came without registering (often one
/// without an account), recorded by staff at the door.
#[component]
pub fn CompanyWalkIn(
    event_id: String,
    companies: Vec<(i64, String)>,
    add: ServerAction<AddCompanyAtDoor>,
) -> impl IntoView {
    let errors = action_errors(add.value());
    let options = companies
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect::<Vec<_>>();
    view! {
        <section class="panel" aria-labelledby="company-walkin-title">
            <h2 id="company-walkin-title">"Entreprise venue sans inscription"</h2>
            <ActionForm action=add attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <input type="hidden" name="event_id" value=event_id/>
                <SelectField name="door_company_id" label="Entreprise" options placeholder="Choisissez…" required=true errors/>
                <CheckboxField name="recruiter" label="Elle recrute (offres présentées)" errors/>
                <button type="submit" class="button">"Enregistrer l'entreprise présente"</button>
            </ActionForm>
            <p class="hint">"Elle n'est pas dans la liste ? "<a href="/equipe/entreprises">"Ajoutez-la dans « Entreprises »"</a>", même sans compte, puis revenez ici."</p>
        </section>
    }
}
