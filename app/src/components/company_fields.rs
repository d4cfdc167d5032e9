//! The fields that describe a company (name, SIRET, sector, headcount),
//! shared by the sign-up form and the staff form for a company met on a
//! visit.

use leptos::prelude::*;

use crate::components::form::{ErrorsSignal, SelectField, TextField};
use crate::model::{NafDivision, HEADCOUNT_BANDS};

/// Name, SIRET, NAF division and headcount band.
#[component]
pub fn CompanyIdentityFields(errors: ErrorsSignal, naf: Vec<NafDivision>) -> impl IntoView {
    let naf = naf
        .into_iter()
        .map(|d| (d.code.clone(), format!("{} – {}", d.code, d.label)))
        .collect::<Vec<_>>();
    let bands = HEADCOUNT_BANDS
        .iter()
        .map(|b| (b.code.to_owned(), b.label.to_owned()))
        .collect::<Vec<_>>();
    view! {
        <TextField name="company_name" label="Nom de l'entreprise" autocomplete="organization" required=true errors/>
        <TextField name="siret" label="Numéro SIRET" hint="14 chiffres, sur vos factures ou sur annuaire-entreprises.data.gouv.fr" inputmode="numeric" required=true errors/>
        <SelectField name="naf_division" label="Secteur d'activité (division NAF)" options=naf placeholder="Choisissez…" required=true errors/>
        <SelectField name="headcount_band" label="Effectif salarié" options=bands placeholder="Choisissez…" required=true errors/>
    }
}
