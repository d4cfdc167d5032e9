//! The fields that close an offer (filled or cancelled), shared by the
//! company space and the e-mailed link.

use leptos::prelude::*;

use crate::components::form::{ErrorsSignal, RadioGroup, TextField};

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect()
}

/// Outcome, hires, through the platform or not, reason.
#[component]
pub fn ClosingFields(errors: ErrorsSignal) -> impl IntoView {
    view! {
        <RadioGroup
            name="outcome"
            legend="L'offre est :"
            options=pairs(&[("filled", "Pourvue : j'ai recruté"), ("cancelled", "Annulée : je ne recrute plus")])
            required=true
            errors
        />
        <TextField name="hires" label="Si pourvue : nombre de personnes recrutées" inputmode="numeric" errors/>
        <RadioGroup
            name="via_platform"
            legend="Si pourvue : le recrutement s'est-il fait grâce à la plateforme ?"
            options=pairs(&[("oui", "Oui, grâce à la plateforme ou à ses partenaires"), ("non", "Non, par un autre moyen")])
            errors
        />
        <TextField name="reason" label="Si annulée : pourquoi ?" errors/>
    }
}
