//! HR-support and employer-brand requests: the company's page (ask, follow)
//! and the staff case page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::support::{
    my_support_requests, open_support_case, AddCaseAction, AdvanceCase, CloseCase, RequestSupport,
};
use crate::components::form::{
    action_errors, choices, FormAlert, RadioGroup, SelectField, TextArea, TextField,
};
use crate::model::support::{
    ActionKind, CaseOutcome, CaseStatus, ContactPreference, SupportCase, SupportKind, SupportLine,
    SupportNeed,
};
use crate::pages::{loaded, loading};

/// The steps of a case, the current one marked.
#[component]
fn Steps(status: CaseStatus) -> impl IntoView {
    let rank = status.rank();
    view! {
        <ol class="steps" aria-label="Étapes de l'accompagnement">
            {CaseStatus::ALL.iter().map(|s| {
                let state = match s.rank().cmp(&rank) {
                    std::cmp::Ordering::Less => "done",
                    std::cmp::Ordering::Equal => "current",
                    std::cmp::Ordering::Greater => "todo",
                };
                let current = (state == "current").then_some("step");
                view! { <li class=format!("step step-{state}") aria-current=current>{s.label()}</li> }
            }).collect_view()}
        </ol>
    }
}

/// What a request is about, in a few words.
fn subject(line: &SupportLine) -> String {
    match line.need {
        Some(need) => format!("{} : {}", line.kind.label(), need.label()),
        None => line.kind.label().to_owned(),
    }
}

/// Requests as cards, for staff.
#[component]
pub fn SupportList(requests: Vec<SupportLine>) -> impl IntoView {
    if requests.is_empty() {
        return view! { <p>"Aucune demande."</p> }.into_any();
    }
    view! {
        <ul class="cards" aria-label="Demandes d'accompagnement">
            {requests.into_iter().map(|r| {
                let href = format!("/equipe/accompagnements/{}", r.id);
                let title = subject(&r);
                view! {
                    <li class="card support-card">
                        <h3><a href=href>{title}</a></h3>
                        <p class="meta">{r.company_name.clone()}" · demandée le "{r.created_on.clone()}" · "{r.actions}" action(s)"</p>
                        <p class="meta"><span class=format!("badge badge-case-{}", r.status.code())>{r.status.label()}</span></p>
                        {r.due_on.clone().map(|d| view! { <p class="meta"><strong>{format!("Demande de la Région · réponse attendue le {d}")}</strong></p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The actions of a case, as a table.
#[component]
fn ActionsTable(case: SupportCase, with_notes: bool) -> impl IntoView {
    if case.actions.is_empty() {
        return view! { <p>"Aucune action pour le moment."</p> }.into_any();
    }
    view! {
        <table class="table actions-table">
            <caption>"Actions menées"</caption>
            <thead><tr>
                <th scope="col">"Date"</th><th scope="col">"Action"</th><th scope="col">"Par"</th>
                {with_notes.then(|| view! { <th scope="col">"Commentaire"</th> })}
            </tr></thead>
            <tbody>
                {case.actions.into_iter().map(|a| view! {
                    <tr>
                        <td>{a.done_on}</td><td>{a.kind.label()}</td><td>{a.author}</td>
                        {with_notes.then(|| view! { <td>{a.note.clone()}</td> })}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// `/entreprise/accompagnement`: ask for support and follow the requests.
#[component]
pub fn CompanySupportPage() -> impl IntoView {
    let ask = ServerAction::<RequestSupport>::new();
    let errors = action_errors(ask.value());
    let requests = Resource::new(move || ask.version().get(), |_| my_support_requests());
    let query = use_query_map();
    let sent =
        move || query.read().get("demande").is_some() || matches!(ask.value().get(), Some(Ok(())));
    view! {
        <Title text="Accompagnement RH et marque employeur"/>
        <h1>"Accompagnement RH et marque employeur"</h1>
        <p>"L'équipe de votre plateforme vous aide à recruter, à rédiger vos offres, à intégrer et fidéliser vos salariés, ou à faire connaître votre entreprise comme employeur. C'est gratuit."</p>
        <Show when=sent>
            <div class="alert alert-success" role="status"><p>"Votre demande est envoyée : l'équipe vous contacte rapidement."</p></div>
        </Show>
        <section class="panel" aria-labelledby="ask-title">
            <h2 id="ask-title">"Faire une demande"</h2>
            <ActionForm action=ask attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <RadioGroup name="kind" legend="Type d'accompagnement" options=choices(SupportKind::ALL, SupportKind::code, SupportKind::label) required=true errors/>
                <SelectField name="need" label="Votre besoin principal (accompagnement RH)" options=choices(SupportNeed::ALL, SupportNeed::code, SupportNeed::label) placeholder="Choisissez…" errors/>
                <TextArea name="description" label="Décrivez votre besoin" hint="Votre situation, vos délais, ce que vous avez déjà essayé." required=true errors/>
                <RadioGroup name="contact" legend="Comment préférez-vous être contacté ?" options=choices(ContactPreference::ALL, ContactPreference::code, ContactPreference::label) required=true errors/>
                <TextField name="phone" label="Téléphone" kind="tel" autocomplete="tel" hint="Obligatoire si vous préférez être appelé." errors/>
                <button type="submit" class="button" disabled=move || ask.pending().get()>"Envoyer ma demande"</button>
            </ActionForm>
        </section>
        <h2>"Mes demandes"</h2>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(requests.await, |cases| {
                    if cases.is_empty() {
                        return view! { <p>"Vous n'avez pas encore fait de demande."</p> }.into_any();
                    }
                    cases.into_iter().map(|case| {
                        let title = subject(&case.line);
                        let outcome = case.line.outcome.map(|o| view! { <p><strong>"Résultat : "</strong>{o.label()}</p> });
                        view! {
                            <article class="panel support-request">
                                <h3>{title}" — demandée le "{case.line.created_on.clone()}</h3>
                                <Steps status=case.line.status/>
                                {outcome}
                                <ActionsTable case=case.clone() with_notes=false/>
                            </article>
                        }
                    }).collect_view().into_any()
                })
            })}
        </Suspense>
    }
}

/// `/equipe/accompagnements/:id`: a case, its steps and actions.
#[component]
pub fn StaffCasePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let advance = ServerAction::<AdvanceCase>::new();
    let add = ServerAction::<AddCaseAction>::new();
    let close = ServerAction::<CloseCase>::new();
    let advance_errors = action_errors(advance.value());
    let add_errors = action_errors(add.value());
    let close_errors = action_errors(close.value());
    let case = Resource::new(
        move || {
            (
                id(),
                advance.version().get(),
                add.version().get(),
                close.version().get(),
            )
        },
        |(id, ..)| open_support_case(id),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(case.await, move |case| {
                    let id = case.line.id;
                    let title = subject(&case.line);
                    let status = case.line.status;
                    let next = status.next();
                    let open = status.is_open();
                    let steps = case.steps.clone();
                    view! {
                        <Title text=title.clone()/>
                        <p><a href="/equipe?type=demandes">"← Demandes d'accompagnement"</a></p>
                        <h1>{title}</h1>
                        <Steps status/>
                        <dl class="facts">
                            <dt>"Entreprise"</dt><dd>{case.line.company_name.clone()}" (SIRET "{case.company_siret.clone()}")"</dd>
                            <dt>"Demandée le"</dt><dd>{case.line.created_on.clone()}</dd>
                            <dt>"Contact souhaité"</dt><dd>{case.contact.label()}{(!case.phone.is_empty()).then(|| format!(" — {}", case.phone))}</dd>
                            {case.line.outcome.map(|o| view! { <dt>"Résultat"</dt><dd>{o.label()}</dd> })}
                            {case.region.clone().map(|(reason, contact, due)| view! {
                                <dt>"Demande de la Région"</dt><dd>{reason}</dd>
                                <dt>"Réponse attendue le"</dt><dd>{due}</dd>
                                <dt>"Personne à joindre"</dt><dd>{contact}</dd>
                            })}
                        </dl>
                        <h2>"Besoin exprimé"</h2>
                        <p class="description">{case.description.clone()}</p>
                        {next.filter(|_| open).map(|next| view! {
                            <section class="panel" aria-labelledby="advance-title">
                                <h2 id="advance-title">"Étape suivante : "{next.label()}</h2>
                                <ActionForm action=advance attr:novalidate=true attr:class="form">
                                    <FormAlert errors=advance_errors/>
                                    <input type="hidden" name="id" value=id/>
                                    <TextArea name="step_note" label="Commentaire sur cette étape (interne)" rows=2 errors=advance_errors/>
                                    <button type="submit" class="button">{format!("Passer à l'étape « {} »", next.label())}</button>
                                </ActionForm>
                            </section>
                        })}
                        {open.then(|| view! {
                            <section class="panel" aria-labelledby="action-title">
                                <h2 id="action-title">"Enregistrer une action"</h2>
                                <ActionForm action=add attr:novalidate=true attr:class="form">
                                    <FormAlert errors=add_errors/>
                                    <input type="hidden" name="id" value=id/>
                                    <SelectField name="kind" label="Action" options=choices(ActionKind::ALL, ActionKind::code, ActionKind::label) placeholder="Choisissez…" required=true errors=add_errors/>
                                    <TextField name="done_on" label="Date de l'action" kind="date" required=true errors=add_errors/>
                                    <TextArea name="note" label="Commentaire sur l'action (interne)" rows=2 errors=add_errors/>
                                    <button type="submit" class="button button-secondary">"Enregistrer l'action"</button>
                                </ActionForm>
                            </section>
                            <section class="panel" aria-labelledby="close-title">
                                <h2 id="close-title">"Clôturer la demande"</h2>
                                <ActionForm action=close attr:novalidate=true attr:class="form">
                                    <FormAlert errors=close_errors/>
                                    <input type="hidden" name="id" value=id/>
                                    <RadioGroup name="outcome" legend="Résultat" options=choices(CaseOutcome::ALL, CaseOutcome::code, CaseOutcome::label) required=true errors=close_errors/>
                                    <TextArea name="closing_note" label="Commentaire de clôture (interne)" rows=2 errors=close_errors/>
                                    <button type="submit" class="button button-secondary">"Clôturer la demande"</button>
                                </ActionForm>
                            </section>
                        })}
                        <ActionsTable case=case.clone() with_notes=true/>
                        <table class="table">
                            <caption>"Étapes franchies"</caption>
                            <thead><tr><th scope="col">"Date"</th><th scope="col">"Par"</th><th scope="col">"Étape"</th><th scope="col">"Commentaire"</th></tr></thead>
                            <tbody>
                                {steps.into_iter().map(|s| view! {
                                    <tr><td>{s.at}</td><td>{s.actor}</td><td>{s.status.label()}</td><td>{s.note.unwrap_or_default()}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
