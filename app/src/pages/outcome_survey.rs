//! The outcome survey an e-mail links to once an offer is closed: did the
//! company hire, how many people, and through whom.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::outcome_survey::{outcome_survey, AnswerOutcomeSurvey};
use crate::components::errors::{ErrorPanel, LinkRefused};
use crate::components::form::{
    action_errors, ErrorsSignal, FormAlert, RadioGroup, SelectField, TextArea, TextField,
};
use crate::error::AppError;
use crate::model::outcome_survey::{HireChannel, SurveyView};
use crate::pages::loading;

fn survey_form(
    view_of: SurveyView,
    token: String,
    answer: ServerAction<AnswerOutcomeSurvey>,
    errors: ErrorsSignal,
) -> AnyView {
    let yes_no = vec![
        ("oui".to_owned(), "Oui".to_owned()),
        ("non".to_owned(), "Non".to_owned()),
    ];
    let channels = HireChannel::ALL
        .iter()
        .map(|c| (c.code().to_owned(), c.label().to_owned()))
        .collect();
    let partners = (!view_of.partners.is_empty()).then(|| {
        let options = view_of
            .partners
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect();
        view! {
            <SelectField
                name="partner_org"
                label="Si un partenaire vous a présenté la personne : lequel ?"
                options
                placeholder="Je ne sais pas"
                errors
            />
        }
    });
    view! {
        <p>{view_of.company_name}" · État de l'offre : "<strong>{view_of.status}</strong></p>
        <ActionForm action=answer attr:novalidate=true attr:class="form">
            <FormAlert errors/>
            <input type="hidden" name="token" value=token/>
            <RadioGroup name="hired" legend="Avez-vous recruté pour ce poste ?" options=yes_no required=true errors/>
            <TextField name="hires" label="Si oui : nombre de personnes recrutées" inputmode="numeric" errors/>
            <RadioGroup name="channel" legend="Si oui : par quel moyen, principalement ?" options=channels errors/>
            {partners}
            <TextArea name="comment" label="Un commentaire pour l'équipe (facultatif)" rows=3 errors/>
            <button type="submit" class="button">"Envoyer ma réponse"</button>
        </ActionForm>
        <p class="hint">"Vos réponses servent à mesurer ce que la plateforme apporte ; elles ne sont pas publiées."</p>
    }
    .into_any()
}

/// `/offre/enquete/:token`.
#[component]
pub fn OutcomeSurveyPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let answer = ServerAction::<AnswerOutcomeSurvey>::new();
    let errors = action_errors(answer.value());
    let info = Resource::new(token, outcome_survey);
    view! {
        <Title text="Avez-vous recruté ?"/>
        <section class="narrow" aria-labelledby="survey-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match info.await {
                        Err(AppError::Refused(message)) => {
                            view! { <LinkRefused id="survey-title" message/> }.into_any()
                        }
                        Err(other) => view! { <ErrorPanel error=other/> }.into_any(),
                        Ok(v) if v.answered => view! {
                            <h1 id="survey-title">"Votre offre « "{v.title}" »"</h1>
                            <p>"Vous avez déjà répondu à cette enquête : merci !"</p>
                        }
                        .into_any(),
                        Ok(v) => view! {
                            <h1 id="survey-title">"Votre offre « "{v.title.clone()}" » : avez-vous recruté ?"</h1>
                            {survey_form(v, token(), answer, errors)}
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/offre/enquete-merci`: after the answer.
#[component]
pub fn OutcomeSurveyDonePage() -> impl IntoView {
    view! {
        <Title text="Merci pour votre réponse"/>
        <section class="narrow" aria-labelledby="done-title">
            <h1 id="done-title">"Merci pour votre réponse"</h1>
            <div class="alert alert-success" role="status">
                <p>"Votre réponse est enregistrée. Elle nous aide à mesurer ce que la plateforme apporte."</p>
            </div>
            <p><a href="/connexion">"Accéder à mon espace"</a></p>
        </section>
    }
}
