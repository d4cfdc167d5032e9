//! Submitting a job offer, and editing it while the platform team has not
//! validated it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::company::{
    offer_for_edit, offer_form_choices, OfferFormData, SubmitOffer, UpdateOffer,
};
use crate::api::staff::{staff_offer_for_edit, StaffUpdateOffer};
use crate::components::draft::DraftForm;
use crate::components::errors::NotFound;
use crate::components::form::{
    action_errors, choices, CheckboxField, ErrorsSignal, FormAlert, RadioGroup, SelectField,
    TextArea, TextField,
};
use crate::components::layout::use_session;
use crate::components::rome_field::RomeField;
use crate::model::validate::OfferForm;
use crate::model::{ContractType, OfferStatus, PublishedElsewhere, WorkingTime, CHECKED};
use crate::pages::{loaded, loading, route_id};

/// The fields of the offer form, empty or filled with an offer.
#[component]
fn OfferFields(
    errors: ErrorsSignal,
    choices_data: OfferFormData,
    offer: Option<OfferForm>,
) -> impl IntoView {
    let datalist = choices_data
        .communes
        .iter()
        .map(|c| view! { <option value=c.label()></option> })
        .collect_view();
    let blank = offer.is_none();
    let o = offer.unwrap_or_default();
    let consent_default = |v: &str| {
        if blank {
            CHECKED.to_owned()
        } else {
            v.to_owned()
        }
    };
    view! {
        <FormAlert errors/>
        <fieldset class="group">
            <legend>"Le poste"</legend>
            <TextField name="title" label="Intitulé du poste" hint="Par exemple : Soudeur TIG (H/F)" required=true initial=o.title.clone() errors/>
            <RomeField errors sector_jobs=choices_data.sector_jobs initial=o.rome.clone()/>
            <SelectField
                name="contract"
                label="Type de contrat"
                options=choices(ContractType::ALL, ContractType::code, ContractType::label)
                placeholder="Choisissez…"
                required=true
                initial=o.contract.clone()
                errors
            />
            <TextField name="contract_months" label="Durée du contrat, en mois" hint="Obligatoire pour un CDD ou un contrat saisonnier." inputmode="numeric" initial=o.contract_months.clone() errors/>
            <TextField name="positions" label="Nombre de postes" kind="number" inputmode="numeric" initial=if blank { "1".to_owned() } else { o.positions.clone() } required=true errors/>
            <RadioGroup
                name="working_time"
                legend="Temps de travail"
                options=choices(WorkingTime::ALL, WorkingTime::code, WorkingTime::label)
                required=true
                initial=if blank { WorkingTime::FullTime.code().to_owned() } else { o.working_time.clone() }
                errors
            />
            <TextField name="weekly_hours" label="Heures par semaine" hint="Facultatif, par exemple 35." inputmode="numeric" initial=o.weekly_hours.clone() errors/>
            <div class="field-pair">
                <TextField name="salary_min" label="Salaire mensuel brut minimum (€)" hint="Facultatif, par exemple 1900." inputmode="numeric" initial=o.salary_min.clone() errors/>
                <TextField name="salary_max" label="Salaire mensuel brut maximum (€)" hint="Facultatif." inputmode="numeric" initial=o.salary_max.clone() errors/>
            </div>
            <TextField name="commune" label="Commune du poste" hint="Commencez à taper puis choisissez dans la liste des communes de votre territoire." list="communes-list" autocomplete="off" required=true initial=o.commune.clone() errors/>
            <datalist id="communes-list">{datalist}</datalist>
            <TextField name="start_date" label="Date de début souhaitée" hint="Facultatif, au format jj/mm/aaaa." kind="date" initial=o.start_date.clone() errors/>
            <TextArea name="description" label="Description du poste" hint="Missions, horaires, conditions, profil recherché." required=true initial=o.description.clone() errors/>
            <TextArea name="licences" label="Permis, habilitations ou diplômes exigés" hint="Facultatif, par exemple : permis B, CACES R489 catégorie 3." rows=2 initial=o.licences.clone() errors/>
        </fieldset>
        <fieldset class="group">
            <legend>"Diffusion"</legend>
            <RadioGroup
                name="published_elsewhere"
                legend="L'offre est-elle déjà publiée ailleurs ?"
                options=choices(PublishedElsewhere::ALL, PublishedElsewhere::code, PublishedElsewhere::label)
                required=true
                initial=o.published_elsewhere.clone()
                errors
            />
            <CheckboxField name="share_consent" label="J'accepte que l'offre soit partagée avec les partenaires de l'emploi (France Travail, Mission locale, Cap emploi…)" initial=consent_default(&o.share_consent) errors/>
            <CheckboxField name="publish_consent" label="J'accepte que l'offre soit publiée sur le site public de la plateforme" hint="Le nom de l'entreprise et la commune apparaissent ; jamais vos coordonnées." initial=o.publish_consent.clone() errors/>
        </fieldset>
        <fieldset class="group">
            <legend>"Questions aux candidats (facultatif, 3 au plus)"</legend>
            <TextField name="question_1" label="Question 1" hint="Par exemple : Êtes-vous disponible en horaires postés ?" initial=o.question_1.clone() errors/>
            <TextField name="question_2" label="Question 2" initial=o.question_2.clone() errors/>
            <TextField name="question_3" label="Question 3" initial=o.question_3.clone() errors/>
        </fieldset>
    }
}

/// The fields a draft keeps: every field of the form.
const DRAFT_FIELDS: &[&str] = &[
    "title",
    "rome",
    "contract",
    "contract_months",
    "positions",
    "working_time",
    "weekly_hours",
    "salary_min",
    "salary_max",
    "commune",
    "start_date",
    "description",
    "licences",
    "published_elsewhere",
    "share_consent",
    "publish_consent",
    "question_1",
    "question_2",
    "question_3",
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
    let form_data = Resource::new(|| (), |_| offer_form_choices());
    let session = use_session();
    view! {
        <Title text="Déposer une offre"/>
        <section class="narrow" aria-labelledby="offer-title">
            <h1 id="offer-title">"Déposer une offre"</h1>
            <p>"Décrivez votre besoin : l'équipe de votre plateforme relit l'offre puis la partage avec les partenaires de l'emploi. Les champs marqués d'un astérisque (*) sont obligatoires."</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let key = match session.user.await {
                        Ok(Some(u)) => offer_draft_key(u.id),
                        _ => String::new(),
                    };
                    let fields: Vec<String> = DRAFT_FIELDS.iter().map(|f| (*f).to_owned()).collect();
                    loaded(form_data.await, |choices_data| view! {
                        <ActionForm action=submit attr:novalidate=true attr:class="form">
                            <DraftForm key fields>
                                <OfferFields errors choices_data offer=None/>
                            </DraftForm>
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
                Some(id) => Some(
                    match (offer_for_edit(id).await, offer_form_choices().await) {
                        (Ok(offer), Ok(choices_data)) => Ok((offer, choices_data)),
                        (Err(e), _) | (_, Err(e)) => Err(e),
                    },
                ),
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
                        Some(result) => loaded(result, move |(offer, choices_data)| {
                            let id = offer.id;
                            let sent_back = offer.status == OfferStatus::ChangesRequested;
                            view! {
                                <h1 id="offer-title">"Modifier l'offre « "{offer.form.title.clone()}" »"</h1>
                                {sent_back.then(|| view! {
                                    <p class="alert alert-success">"Une fois enregistrée, l'offre repart en validation auprès de l'équipe."</p>
                                })}
                                <ActionForm action=update attr:novalidate=true attr:class="form">
                                    <input type="hidden" name="id" value=id/>
                                    <OfferFields errors choices_data offer=Some(offer.form)/>
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

/// Staff correcting an offer of their platform (recorded in its history).
#[component]
pub fn StaffEditOfferPage() -> impl IntoView {
    let id = route_id();
    let update = ServerAction::<StaffUpdateOffer>::new();
    let errors = action_errors(update.value());
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                None => Err(crate::error::AppError::NotFound),
                Some(id) => staff_offer_for_edit(id).await,
            }
        },
    );
    view! {
        <Title text="Modifier l'offre"/>
        <section class="narrow" aria-labelledby="offer-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(data.await, move |(offer, choices_data)| {
                        let id = offer.id;
                        view! {
                            <h1 id="offer-title">"Modifier l'offre « "{offer.form.title.clone()}" »"</h1>
                            <p>"La modification est inscrite dans l'historique de l'offre."</p>
                            <ActionForm action=update attr:novalidate=true attr:class="form">
                                <input type="hidden" name="id" value=id/>
                                <OfferFields errors choices_data offer=Some(offer.form)/>
                                <button type="submit" class="button" disabled=move || update.pending().get()>"Enregistrer les modifications"</button>
                            </ActionForm>
                        }
                        .into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}
