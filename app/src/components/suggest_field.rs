//! A search input that suggests as you type (once hydrated): the job
//! titles or the communes matching the letters typed, in a `<datalist>`
//! the browser shows under the field. Without JavaScript it is a plain
//! input, and the search forgives what was typed (prefixes, accents).

use leptos::prelude::*;

use crate::api::public::{commune_suggestions, job_suggestions};

/// What a field suggests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suggest {
    /// ROME labels and job titles.
    Jobs,
    /// Communes of the region.
    Communes,
}

/// A labelled `type=search` input with suggestions.
#[component]
pub fn SuggestField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    suggest: Suggest,
    #[prop(into)] value: Signal<String>,
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
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        if q.trim().chars().count() >= 2 {
            fetch.dispatch(q);
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id name=name type="search" list=list_id.clone() autocomplete="off" value=move || value.get() on:input=on_input/>
            <datalist id=list_id>{options}</datalist>
        </div>
    }
}
