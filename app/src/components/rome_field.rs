//! The job field of the offer form: a text input with a list of ROME jobs.
//! Before JavaScript (or without it) the list holds the company's sector
//! jobs and the browser filters it; once hydrated (an island), every keystroke asks the
//! server for the matching jobs of the whole ROME list, sector first.

use leptos::prelude::*;

use crate::api::company::rome_search;
use crate::components::form::{ErrorsSignal, TextField};
use crate::model::RomeJob;

/// The ROME job input, named `rome`.
#[component]
pub fn RomeField(
    errors: ErrorsSignal,
    sector_jobs: Vec<RomeJob>,
    #[prop(optional)] initial: Option<String>,
) -> impl IntoView {
    view! {
        <RomeSuggestions sector_jobs>
            <TextField
                name="rome"
                label="Métier (code ROME)"
                hint="Tapez quelques lettres du métier puis choisissez-le dans la liste, par exemple « soudeur »."
                list="rome-list"
                autocomplete="off"
                required=true
                initial=initial.unwrap_or_default()
                errors
            />
        </RomeSuggestions>
    }
}

/// The island around the field: the list of jobs, asked of the server as
/// the person types.
#[island]
pub fn RomeSuggestions(sector_jobs: Vec<RomeJob>, children: Children) -> impl IntoView {
    let search = Action::new_local(|q: &String| rome_search(q.clone()));
    let options = move || {
        let jobs = match search.value().get() {
            Some(Ok(found)) => found,
            _ => sector_jobs.clone(),
        };
        jobs.into_iter()
            .map(|j| view! { <option value=j.display()></option> })
            .collect_view()
    };
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        if q.trim().chars().count() >= 2 {
            search.dispatch(q);
        }
    };
    view! {
        <div on:input=on_input>
            {children()}
            <datalist id="rome-list">{options}</datalist>
        </div>
    }
}
