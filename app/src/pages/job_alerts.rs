//! `/alertes`: a job alert (a saved search e-mailed daily or weekly), its
//! confirmation page and its one-click unsubscribe page. The search's
//! criteria may come from `/offres` in the address; the e-mail address
//! never does.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::job_alerts::{ConfirmAlert, SubscribeAlert, UnsubscribeAlert};
use crate::components::form::{
    action_errors, CheckboxField, FormAlert, RadioGroup, SelectField, TextField,
};
use crate::model::job_alert::AlertFrequency;
use crate::model::ContractType;

/// The notice a return to `/alertes` shows.
fn notice(query: &leptos_router::params::ParamsMap) -> Option<&'static str> {
    if query.get("envoyee").is_some() {
        Some("Un e-mail de confirmation vient de vous être envoyé : ouvrez le lien qu'il contient pour activer l'alerte.")
    } else if query.get("confirmee").is_some() {
        Some("Votre alerte est confirmée : vous recevrez les nouvelles offres qui correspondent à votre recherche.")
    } else if query.get("desinscrit").is_some() {
        Some("Vous êtes désinscrit : vous ne recevrez plus cette alerte.")
    } else {
        None
    }
}

/// `/alertes`.
#[component]
pub fn JobAlertPage() -> impl IntoView {
    let subscribe = ServerAction::<SubscribeAlert>::new();
    let errors = action_errors(subscribe.value());
    let query = use_query_map();
    let initial = move |key: &str| query.read_untracked().get(key).filter(|v| !v.is_empty());
    let contracts: Vec<(String, String)> = ContractType::ALL
        .iter()
        .map(|c| (c.code().to_owned(), c.label().to_owned()))
        .collect();
    let frequencies: Vec<(String, String)> = [AlertFrequency::Daily, AlertFrequency::Weekly]
        .iter()
        .map(|f| (f.code().to_owned(), f.label().to_owned()))
        .collect();
    view! {
        <Title text="Alerte emploi"/>
        <h1>"Alerte emploi : les nouvelles offres par e-mail"</h1>
        {move || notice(&query.read()).map(|m| view! { <div class="alert alert-success" role="status"><p>{m}</p></div> })}
        <p>"Sans compte : indiquez ce que vous cherchez et votre adresse. Vous recevrez les nouvelles offres qui correspondent, seulement quand il y en a. Chaque e-mail permet de se désinscrire en un clic."</p>
        <ActionForm action=subscribe attr:novalidate=true attr:class="form">
            <FormAlert errors/>
            <TextField name="q" label="Mots-clés" hint="Par exemple : menuisier, soudure, cariste." errors initial=initial("q").unwrap_or_default()/>
            <TextField name="rome" label="Métier ou code ROME" errors initial=initial("rome").unwrap_or_default()/>
            <TextField name="commune" label="Commune" hint="Par exemple : Bruay-la-Buissière." errors initial=initial("commune").unwrap_or_default()/>
            <CheckboxField name="epci" label="Élargir à toute l'intercommunalité (EPCI)" errors initial=initial("epci").unwrap_or_default()/>
            <SelectField name="contrat" label="Contrat" options=contracts placeholder="Tous les contrats" errors initial=initial("contrat").unwrap_or_default()/>
            <RadioGroup name="frequency" legend="Fréquence des e-mails" options=frequencies required=true errors initial=AlertFrequency::Weekly.code().to_owned()/>
            <TextField name="email" label="Adresse e-mail" kind="email" autocomplete="email" required=true errors/>
            <CheckboxField name="consent" label="J'accepte de recevoir ces offres par e-mail à cette adresse" hint="Votre adresse ne sert qu'à cette alerte ; elle est effacée quand vous vous désinscrivez." errors/>
            <button type="submit" class="button">"Créer l'alerte"</button>
        </ActionForm>
    }
}

/// `/alertes/confirmer/:token`: one button (a link opened by a mail
/// scanner confirms nothing).
#[component]
pub fn ConfirmAlertPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let confirm = ServerAction::<ConfirmAlert>::new();
    let errors = action_errors(confirm.value());
    view! {
        <Title text="Confirmer mon alerte emploi"/>
        <section class="narrow" aria-labelledby="confirm-alert-title">
            <h1 id="confirm-alert-title">"Confirmer mon alerte emploi"</h1>
            <ActionForm action=confirm attr:class="form">
                <FormAlert errors/>
                <input type="hidden" name="token" value=token/>
                <button type="submit" class="button">"Confirmer mon alerte"</button>
            </ActionForm>
        </section>
    }
}

/// `/alertes/desinscription/:token`: one click.
#[component]
pub fn UnsubscribeAlertPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let leave = ServerAction::<UnsubscribeAlert>::new();
    let errors = action_errors(leave.value());
    view! {
        <Title text="Se désinscrire de l'alerte emploi"/>
        <section class="narrow" aria-labelledby="unsubscribe-title">
            <h1 id="unsubscribe-title">"Se désinscrire de l'alerte emploi"</h1>
            <ActionForm action=leave attr:class="form">
                <FormAlert errors/>
                <input type="hidden" name="token" value=token/>
                <button type="submit" class="button">"Me désinscrire"</button>
            </ActionForm>
        </section>
    }
}
