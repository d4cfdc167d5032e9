//! Submitting a job offer.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::company::{my_communes, SubmitOffer};
use crate::components::form::{
    action_errors, FormAlert, RadioGroup, SelectField, TextArea, TextField,
};
use crate::model::{ContractType, PublishedElsewhere};
use crate::pages::{loaded, loading};

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_owned(), label(*v).to_owned()))
        .collect()
}

/// The offer form; the commune is chosen among the platform's communes.
#[component]
pub fn NewOfferPage() -> impl IntoView {
    let submit = ServerAction::<SubmitOffer>::new();
    let errors = action_errors(submit.value());
    let communes = Resource::new(|| (), |_| my_communes());
    view! {
        <Title text="Déposer une offre"/>
        <section class="narrow" aria-labelledby="offer-title">
            <h1 id="offer-title">"Déposer une offre"</h1>
            <p>"Décrivez votre besoin : l'équipe de votre plateforme relit l'offre puis la partage avec les partenaires de l'emploi. Les champs marqués d'un astérisque (*) sont obligatoires."</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(communes.await, |communes| {
                        let datalist = communes
                            .iter()
                            .map(|c| view! { <option value=c.label()></option> })
                            .collect_view();
                        view! {
                            <ActionForm action=submit attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <TextField name="title" label="Intitulé du poste" hint="Par exemple : Soudeur TIG (H/F)" required=true errors/>
                                <SelectField
                                    name="contract"
                                    label="Type de contrat"
                                    options=choices(ContractType::ALL, ContractType::code, ContractType::label)
                                    placeholder="Choisissez…"
                                    required=true
                                    errors
                                />
                                <TextField name="positions" label="Nombre de postes" kind="number" inputmode="numeric" initial="1".to_owned() required=true errors/>
                                <TextField name="commune" label="Commune du poste" hint="Commencez à taper puis choisissez dans la liste des communes de votre territoire." list="communes-list" autocomplete="off" required=true errors/>
                                <datalist id="communes-list">{datalist}</datalist>
                                <TextArea name="description" label="Description du poste" hint="Missions, horaires, conditions, profil recherché." required=true errors/>
                                <RadioGroup
                                    name="published_elsewhere"
                                    legend="L'offre est-elle déjà publiée ailleurs ?"
                                    options=choices(PublishedElsewhere::ALL, PublishedElsewhere::code, PublishedElsewhere::label)
                                    required=true
                                    errors
                                />
                                <button type="submit" class="button" disabled=move || submit.pending().get()>"Envoyer l'offre"</button>
                            </ActionForm>
                        }
                        .into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}
