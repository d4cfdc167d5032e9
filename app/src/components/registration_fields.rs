//! The fields of a candidate's registration for an event, typed by the
//! candidate or by a partner adviser on their behalf.

use leptos::prelude::*;

use crate::components::form::{
    choices, CheckboxField, ErrorsSignal, SelectField, TextArea, TextField,
};
use crate::model::event::{PriorityPublic, Referrer, Situation};

/// The form field of a priority public.
fn priority_field(p: PriorityPublic) -> &'static str {
    match p {
        PriorityPublic::Young => "priority_jeune",
        PriorityPublic::Senior => "priority_senior",
        PriorityPublic::Rqth => "priority_rqth",
        PriorityPublic::Qpv => "priority_qpv",
        PriorityPublic::Redundancy => "priority_licenciement_eco",
        PriorityPublic::LeavingTraining => "priority_sortant_formation",
        PriorityPublic::Rsa => "priority_rsa",
    }
}

/// Identity, situation, referrer, priority publics (with consent), the
/// event's questions and the consent; `on_behalf` words them for an
/// adviser registering a candidate.
#[component]
pub fn RegistrationFields(
    questions: Vec<String>,
    errors: ErrorsSignal,
    #[prop(optional)] on_behalf: bool,
) -> impl IntoView {
    let (situation, referrer, legend, priority_consent, consent) = if on_behalf {
        (
            "Situation du candidat",
            "Orienté par",
            "Le candidat est-il concerné par l'une de ces situations ? (facultatif)",
            "Le candidat accepte que ces informations soient enregistrées",
            "Le candidat accepte que ses informations servent à organiser l'événement et à le recontacter à son sujet *",
        )
    } else {
        (
            "Votre situation",
            "Qui vous a orienté ?",
            "Êtes-vous concerné par l'une de ces situations ? (facultatif)",
            "J'accepte que ces informations soient enregistrées",
            "J'accepte que mes informations servent à organiser l'événement et à me recontacter à son sujet *",
        )
    };
    view! {
        <TextField name="full_name" label="Prénom et nom" autocomplete=if on_behalf { "off" } else { "name" } required=true errors/>
        <TextField name="email" label="Adresse e-mail" kind="email" autocomplete=if on_behalf { "off" } else { "email" } required=true errors/>
        <TextField name="phone" label="Téléphone (facultatif)" kind="tel" autocomplete=if on_behalf { "off" } else { "tel" } errors/>
        <SelectField name="situation" label=situation options=choices(Situation::ALL, Situation::code, Situation::label) placeholder="Choisissez…" required=true errors/>
        <SelectField name="referrer" label=referrer options=choices(Referrer::ALL, Referrer::code, Referrer::label) placeholder="Choisissez…" required=true errors/>
        <fieldset class="group">
            <legend>{legend}</legend>
            <p class="hint">"Ces informations aident la Région à mesurer l'accès des publics prioritaires ; elles ne sont enregistrées qu'avec l'accord de la personne."</p>
            {PriorityPublic::ALL.iter().map(|p| {
                view! { <CheckboxField name=priority_field(*p) label=p.label() errors/> }
            }).collect_view()}
            <CheckboxField name="priority_consent" label=priority_consent errors/>
        </fieldset>
        {questions.into_iter().enumerate().map(|(i, q)| {
            let name: &'static str = ["answer_1", "answer_2", "answer_3"][i.min(2)];
            view! { <TextArea name label=q rows=2 required=true errors/> }
        }).collect_view()}
        <CheckboxField name="consent" label=consent errors/>
    }
}
