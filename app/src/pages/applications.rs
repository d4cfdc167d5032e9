//! Applications: the form on a public offer (works without JavaScript: a
//! plain multipart form), and the funnel pages of staff and the company.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::applications::{
    application_by_link, company_applications, platform_applications, AnswerByLink, ApplyToOffer,
    MoveApplication,
};
use crate::components::form::{
    action_errors, CheckboxField, FormAlert, SelectField, TextArea, TextField,
};
use crate::model::application::{ApplicationLine, ApplicationStatus, RefusalReason};
use crate::pages::{loaded, loading};

/// The application form of a public offer.
#[component]
pub fn ApplyForm(offer_id: i64, questions: Vec<String>) -> impl IntoView {
    // A multipart server function has no action (its input cannot be
    // cloned), so its error is read from the URL as actions do: without
    // JavaScript, the refused form comes back with it.
    let refused: Option<crate::error::AppError> =
        use_context::<leptos::server::ServerActionError>()
            .filter(|e| e.path() == <ApplyToOffer as leptos::server_fn::ServerFn>::PATH)
            .map(|e| {
                leptos::server_fn::error::ServerFnUrlError::<crate::error::AppError>::decode_err(
                    e.err(),
                )
            });
    let errors: crate::components::form::ErrorsSignal = Signal::derive(move || refused.clone());
    let apply_path = <ApplyToOffer as leptos::server_fn::ServerFn>::PATH;
    let cv_error = move || {
        errors
            .get()
            .and_then(|e| e.form_errors().and_then(|f| f.fields.get("cv").cloned()))
    };
    view! {
        <form method="post" action=apply_path enctype="multipart/form-data" class="form" novalidate>
            <FormAlert errors/>
            <input type="hidden" name="offer_id" value=offer_id/>
            <TextField name="full_name" label="Prénom et nom" autocomplete="name" required=true errors/>
            <TextField name="email" label="Adresse e-mail" kind="email" autocomplete="email" required=true errors/>
            <TextField name="phone" label="Téléphone (facultatif)" kind="tel" autocomplete="tel" errors/>
            <TextArea name="message" label="Votre message (facultatif)" rows=4 errors/>
            {questions.into_iter().enumerate().take(3).map(|(i, q)| {
                let name: &'static str = ["answer_1", "answer_2", "answer_3"][i];
                view! { <TextArea name label=q rows=2 required=true errors/> }
            }).collect_view()}
            <div class="field" class:field-invalid=move || cv_error().is_some()>
                <label for="cv">"Votre CV (facultatif, PDF, 2 Mo au plus)"</label>
                {move || cv_error().map(|m| view! { <p class="field-error" id="cv-error">{m}</p> })}
                <input id="cv" name="cv" type="file" accept="application/pdf,.pdf" aria-describedby=move || cv_error().map(|_| "cv-error")/>
            </div>
            <CheckboxField name="consent" label="J'accepte que ma candidature soit étudiée par la plateforme et transmise à l'employeur *" errors/>
            <button type="submit" class="button">"Envoyer ma candidature"</button>
        </form>
    }
}

/// The refusal categories for a `SelectField`.
fn refusal_choices() -> Vec<(String, String)> {
    RefusalReason::CHOSEN
        .iter()
        .map(|r| (r.code().to_owned(), r.label().to_owned()))
        .collect()
}

/// The refusal categories as `<option>`s.
fn refusal_options() -> impl IntoView {
    RefusalReason::CHOSEN
        .iter()
        .map(|r| view! { <option value=r.code()>{r.label()}</option> })
        .collect_view()
}

/// The funnel's next steps for one application, as buttons, and the
/// refusal with its category.
#[component]
pub fn FunnelButtons(
    id: i64,
    status: ApplicationStatus,
    can_propose: bool,
    mover: ServerAction<MoveApplication>,
) -> impl IntoView {
    let next: Vec<(ApplicationStatus, &'static str)> = [
        (ApplicationStatus::Proposed, "Proposer à l'employeur"),
        (ApplicationStatus::Interview, "Entretien prévu"),
        (ApplicationStatus::Hired, "Recruté"),
    ]
    .into_iter()
    .filter(|(to, _)| status.can_become(*to) && (can_propose || *to != ApplicationStatus::Proposed))
    .collect();
    let can_refuse = status.can_become(ApplicationStatus::NotHired);
    let reason_id = format!("reason-{id}");
    let category_id = format!("reason-category-{id}");
    view! {
        <div class="attendance-buttons">
            {next.into_iter().map(|(to, label)| view! {
                <ActionForm action=mover attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="to" value=to.code()/>
                    <input type="hidden" name="reason" value=""/>
                    <button type="submit" class="button button-secondary">{label}</button>
                </ActionForm>
            }).collect_view()}
        </div>
        {can_refuse.then(|| view! {
            <ActionForm action=mover attr:class="form form-inline">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="to" value=ApplicationStatus::NotHired.code()/>
                <label for=category_id.clone()>"Raison si non retenue"</label>
                <select id=category_id name="reason_category">
                    <option value="">"Choisissez…"</option>
                    {refusal_options()}
                </select>
                <label for=reason_id.clone()>"Précisions (jamais envoyées au candidat)"</label>
                <input id=reason_id name="reason" type="text"/>
                <button type="submit" class="button button-secondary">"Non retenue"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn ApplicationCard(
    app: ApplicationLine,
    staff: bool,
    mover: ServerAction<MoveApplication>,
) -> impl IntoView {
    let status = app.status;
    let cv = app.has_cv.then(|| format!("/candidatures/{}/cv", app.id));
    let id = app.id;
    let contact = [app.email.clone(), app.phone.clone()]
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="card application" data-status=status.code()>
            <h3>{app.full_name.clone()}" — "{app.offer_title.clone()}</h3>
            <p class="meta"><span class=format!("badge badge-app-{}", status.code())>{status.label()}</span>" Reçue le "{app.received_on.clone()}</p>
            {app.partner.clone().map(|p| view! { <p class="meta">"Présenté par un conseiller de "{p}</p> })}
            <p class="meta">{contact}</p>
            {(!app.message.is_empty()).then(|| view! { <p class="description">{app.message.clone()}</p> })}
            {(!app.answers.is_empty()).then(|| view! {
                <dl class="facts">{app.answers.iter().map(|(q, a)| view! { <dt>{q.clone()}</dt><dd>{a.clone()}</dd> }).collect_view()}</dl>
            })}
            {cv.map(|href| view! { <p><a href=href download>"Télécharger le CV (PDF)"</a></p> })}
            {app.refusal.map(|r| view! { <p class="reason"><strong>"Raison : "</strong>{r.label()}</p> })}
            {app.reason.clone().map(|r| view! { <p class="reason"><strong>"Précisions : "</strong>{r}</p> })}
            <FunnelButtons id status can_propose=staff mover/>
        </li>
    }
}

fn list(apps: Vec<ApplicationLine>, staff: bool, mover: ServerAction<MoveApplication>) -> AnyView {
    if apps.is_empty() {
        return view! { <p>"Aucune candidature pour le moment."</p> }.into_any();
    }
    view! {
        <ul class="cards" aria-label="Candidatures">
            {apps.into_iter().map(|app| view! { <ApplicationCard app staff mover/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// `/equipe/candidatures`.
#[component]
pub fn StaffApplicationsPage() -> impl IntoView {
    let mover = ServerAction::<MoveApplication>::new();
    let errors = action_errors(mover.value());
    let data = Resource::new(move || mover.version().get(), |_| platform_applications());
    view! {
        <Title text="Candidatures"/>
        <h1>"Candidatures aux offres"</h1>
        <p>"Proposez les candidatures pertinentes à l'employeur : il ne voit le profil qu'à partir de ce moment."</p>
        <FormAlert errors/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move { loaded(data.await, move |apps| list(apps, true, mover)) })}
        </Suspense>
    }
}

/// `/entreprise/candidatures`.
#[component]
pub fn CompanyApplicationsPage() -> impl IntoView {
    let mover = ServerAction::<MoveApplication>::new();
    let errors = action_errors(mover.value());
    let data = Resource::new(move || mover.version().get(), |_| company_applications());
    view! {
        <Title text="Candidatures reçues"/>
        <h1>"Candidatures proposées par la plateforme"</h1>
        <FormAlert errors/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move { loaded(data.await, move |apps| list(apps, false, mover)) })}
        </Suspense>
    }
}

/// `/candidatures/reponse/:token`: the company answers without signing in.
#[component]
pub fn ApplicationAnswerPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let answer = ServerAction::<AnswerByLink>::new();
    let errors = action_errors(answer.value());
    let data = Resource::new(
        move || (token(), answer.version().get()),
        |(t, _)| application_by_link(t),
    );
    view! {
        <Title text="Répondre à une candidature"/>
        <section class="narrow" aria-labelledby="answer-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(data.await, move |app| {
                        let status = app.status;
                        let steps: Vec<(ApplicationStatus, &'static str)> = [
                            (ApplicationStatus::Interview, "Entretien prévu"),
                            (ApplicationStatus::Hired, "Recruté"),
                        ]
                        .into_iter()
                        .filter(|(to, _)| status.can_become(*to))
                        .collect();
                        view! {
                            <h1 id="answer-title">{app.candidate.clone()}" — "{app.offer_title.clone()}</h1>
                            <p class="application-status">"État : "<strong>{status.label()}</strong></p>
                            <FormAlert errors/>
                            <div class="attendance-buttons">
                                {steps.into_iter().map(|(to, label)| view! {
                                    <ActionForm action=answer attr:class="inline-form">
                                        <input type="hidden" name="token" value=token/>
                                        <input type="hidden" name="to" value=to.code()/>
                                        <input type="hidden" name="reason" value=""/>
                                        <button type="submit" class="button">{label}</button>
                                    </ActionForm>
                                }).collect_view()}
                            </div>
                            {status.can_become(ApplicationStatus::NotHired).then(|| view! {
                                <ActionForm action=answer attr:novalidate=true attr:class="form">
                                    <input type="hidden" name="token" value=token/>
                                    <input type="hidden" name="to" value=ApplicationStatus::NotHired.code()/>
                                    <SelectField name="reason_category" label="Pourquoi ne retenez-vous pas la candidature ?" options=refusal_choices() placeholder="Choisissez…" required=true errors/>
                                    <TextField name="reason" label="Précisions (facultatif, jamais envoyées au candidat)" errors/>
                                    <button type="submit" class="button button-secondary">"Non retenue"</button>
                                </ActionForm>
                            })}
                            <p><a href="/connexion">"Voir le profil et le CV dans mon espace"</a></p>
                        }
                        .into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}
