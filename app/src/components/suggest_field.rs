//! A search input that suggests as you type (an island): the job
//! titles or the communes matching the letters typed, in a `<datalist>`
//! the browser shows under the field. Without JavaScript it is a plain
//! input, and the search forgives what was typed (prefixes, accents).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::public::{commune_suggestions, job_suggestions};

/// What a field suggests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Suggest {
    /// ROME labels and job titles.
    Jobs,
    /// Communes of the region.
    Communes,
}

/// A labelled `type=search` input with suggestions.
#[island]
pub fn SuggestField(
    id: String,
    name: String,
    label: String,
    suggest: Suggest,
    value: String,
) -> impl IntoView {
    let fetch = Action::new_local(move |q: &String| {
        let q = q.clone();
        async move {
            match suggest {
                Suggest::Jobs => job_suggestions(q).await,
                Suggest::Communes => commune_suggestions(q).await,
            }
        }
    });
    let list_id = format!("{id}-suggestions");
    let options = move || {
        fetch
            .value()
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|s| view! { <option value=s></option> })
            .collect_view()
    };
    let ask = move |q: String| {
        if q.trim().chars().count() >= 2 {
            fetch.dispatch(q);
        }
    };
    let on_input = move |ev: leptos::ev::Event| ask(event_target_value(&ev));
    // Hydrated once the person reached the field (a lazy island): letters
    // typed meanwhile are asked about at once.
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            ask(el.value());
        }
    });
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id name=name type="search" list=list_id.clone() autocomplete="off" value=value node_ref=input on:input=on_input/>
            <datalist id=list_id>{options}</datalist>
        </div>
    }
}
