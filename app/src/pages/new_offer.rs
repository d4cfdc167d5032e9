//! Submitting a job offer, and editing it while the platform team has not
//! validated it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::company::{my_communes, offer_for_edit, SubmitOffer, UpdateOffer};
use crate::components::draft::{self, DraftNotice};
use crate::components::errors::NotFound;
use crate::components::form::{
    action_errors, ErrorsSignal, FormAlert, RadioGroup, SelectField, TextArea, TextField,
};
use crate::components::layout::use_session;
use crate::model::{Commune, ContractType, OfferEdit, OfferStatus, PublishedElsewhere};
use crate::pages::{loaded, loading, route_id};

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_owned(), label(*v).to_owned()))
        .collect()
}

/// The fields of the offer form, empty or filled with an offer.
#[component]
fn OfferFields(
    errors: ErrorsSignal,
    communes: Vec<Commune>,
    offer: Option<OfferEdit>,
) -> impl IntoView {
    let datalist = communes
        .iter()
        .map(|c| view! { <option value=c.label()></option> })
        .collect_view();
    let init = |f: fn(&OfferEdit) -> String| offer.as_ref().map(f);
    view! {
        <FormAlert errors/>
        <TextField name="title" label="Intitulé du poste" hint="Par exemple : Soudeur TIG (H/F)" required=true initial=init(|o| o.title.clone()).unwrap_or_default() errors/>
        <SelectField
            name="contract"
            label="Type de contrat"
            options=choices(ContractType::ALL, ContractType::code, ContractType::label)
            placeholder="Choisissez…"
            required=true
            initial=init(|o| o.contract.clone()).unwrap_or_default()
            errors
        />
        <TextField name="positions" label="Nombre de postes" kind="number" inputmode="numeric" initial=init(|o| o.positions.clone()).unwrap_or_else(|| "1".to_owned()) required=true errors/>
        <TextField name="commune" label="Commune du poste" hint="Commencez à taper puis choisissez dans la liste des communes de votre territoire." list="communes-list" autocomplete="off" required=true initial=init(|o| o.commune.clone()).unwrap_or_default() errors/>
        <datalist id="communes-list">{datalist}</datalist>
        <TextArea name="description" label="Description du poste" hint="Missions, horaires, conditions, profil recherché." required=true initial=init(|o| o.description.clone()).unwrap_or_default() errors/>
        <RadioGroup
            name="published_elsewhere"
            legend="L'offre est-elle déjà publiée ailleurs ?"
            options=choices(PublishedElsewhere::ALL, PublishedElsewhere::code, PublishedElsewhere::label)
            required=true
            initial=init(|o| o.published_elsewhere.clone()).unwrap_or_default()
            errors
        />
    }
}

/// The fields a draft keeps.
const DRAFT_FIELDS: &[&str] = &[
    "title",
    "contract",
    "positions",
    "commune",
    "description",
    "published_elsewhere",
];

/// The browser key of the signed-in user's offer draft.
pub fn offer_draft_key(user_id: i64) -> String {
    format!("prochemploi.brouillon.offre.{user_id}")
}

/// The form of a new offer; the commune is chosen among the platform's.
/// With JavaScript, what is typed is kept as a draft in the browser.
#[component]
pub fn NewOfferPage() -> impl IntoView {
    let submit = ServerAction::<SubmitOffer>::new();
    let errors = action_errors(submit.value());
    let communes = Resource::new(|| (), |_| my_communes());
    let session = use_session();
    let key = Signal::derive(move || {
        session
            .user
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|u| offer_draft_key(u.id))
    });
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(k)) = (submit.value().get(), key.get_untracked()) {
            draft::clear(&k);
        }
    });
    let save = move |_| {
        if let Some(k) = key.get_untracked() {
            draft::save(&k, DRAFT_FIELDS);
        }
    };
    view! {
        <Title text="Déposer une offre"/>
        <section class="narrow" aria-labelledby="offer-title">
            <h1 id="offer-title">"Déposer une offre"</h1>
            <p>"Décrivez votre besoin : l'équipe de votre plateforme relit l'offre puis la partage avec les partenaires de l'emploi. Les champs marqués d'un astérisque (*) sont obligatoires."</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(communes.await, |communes| view! {
                        <ActionForm action=submit attr:novalidate=true attr:class="form">
                            <DraftNotice key fields=DRAFT_FIELDS/>
                            <div class="form" on:input=save on:change=save>
                                <OfferFields errors communes offer=None/>
                            </div>
                            <button type="submit" class="button" disabled=move || submit.pending().get()>"Envoyer l'offre"</button>
                        </ActionForm>
                    }.into_any())
                })}
            </Suspense>
        </section>
    }
}

/// Editing an offer the team has not validated yet (or sent back).
#[component]
pub fn EditOfferPage() -> impl IntoView {
    let id = route_id();
    let update = ServerAction::<UpdateOffer>::new();
    let errors = action_errors(update.value());
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                None => None,
                Some(id) => Some(match (offer_for_edit(id).await, my_communes().await) {
                    (Ok(offer), Ok(communes)) => Ok((offer, communes)),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                }),
            }
        },
    );
    view! {
        <Title text="Modifier l'offre"/>
        <section class="narrow" aria-labelledby="offer-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        None => view! { <NotFound/> }.into_any(),
                        Some(result) => loaded(result, move |(offer, communes)| {
                            let id = offer.id;
                            let sent_back = offer.status == OfferStatus::ChangesRequested;
                            view! {
                                <h1 id="offer-title">"Modifier l'offre « "{offer.title.clone()}" »"</h1>
                                {sent_back.then(|| view! {
                                    <p class="alert alert-success">"Une fois enregistrée, l'offre repart en validation auprès de l'équipe."</p>
                                })}
                                <ActionForm action=update attr:novalidate=true attr:class="form">
                                    <input type="hidden" name="id" value=id/>
                                    <OfferFields errors communes offer=Some(offer)/>
                                    <button type="submit" class="button" disabled=move || update.pending().get()>"Enregistrer les modifications"</button>
                                </ActionForm>
                            }
                            .into_any()
                        }),
                    }
                })}
            </Suspense>
        </section>
    }
}
