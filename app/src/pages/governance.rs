//! `/equipe/gouvernance`: the governance register (co-presidency and
//! review meetings with the Région, minutes, decisions followed up).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::cycle::{governance_of, AttachMinutes, MarkDecisionDone, RecordMeeting};
use crate::components::form::{
    action_errors, choices, ErrorsSignal, FormAlert, SelectField, TextArea, TextField,
};
use crate::components::year_form::{query_value, YearForm};
use crate::model::cycle::{Meeting, MeetingKind};
use crate::pages::{loaded, loading};

/// The error the plain (multipart) minutes form came back with, if any.
fn minutes_error() -> Option<crate::error::AppError> {
    use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == <AttachMinutes as leptos::server_fn::ServerFn>::PATH)
        .map(|e| {
            leptos::server_fn::error::ServerFnUrlError::<crate::error::AppError>::decode_err(
                e.err(),
            )
        })
}

fn meeting_view(m: Meeting, editable: bool, done: ServerAction<MarkDecisionDone>) -> impl IntoView {
    let id = m.id;
    let attach_path = <AttachMinutes as leptos::server_fn::ServerFn>::PATH;
    let file_field = format!("minutes_pdf-{id}");
    let refused = minutes_error().and_then(|e| {
        e.form_errors()
            .and_then(|f| f.fields.get(&file_field).cloned())
    });
    let heading = format!(
        "{} – {}{}",
        m.kind.label(),
        m.held_on,
        if m.planned { " (prévue)" } else { "" }
    );
    let decisions = m
        .decisions
        .clone()
        .into_iter()
        .map(|d| {
            let due = d
                .due_on
                .clone()
                .map(|x| format!(", échéance {x}"))
                .unwrap_or_default();
            let owner = if d.owner.is_empty() {
                String::new()
            } else {
                format!(" – {}", d.owner)
            };
            let line = format!("{}{owner}{due} ", d.decision);
            let button = format!("Marquer faite : {}", d.decision);
            let state = match &d.done_on {
                Some(on) => {
                    view! { <span class="badge">{format!("Faite le {on}")}</span> }.into_any()
                }
                None if editable => view! {
                    <ActionForm action=done attr:class="inline-form">
                        <input type="hidden" name="id" value=d.id.to_string()/>
                        <button type="submit" class="button button-secondary">{button}</button>
                    </ActionForm>
                }
                .into_any(),
                None => view! { <span class="badge">"À suivre"</span> }.into_any(),
            };
            view! { <li>{line}{state}</li> }.into_any()
        })
        .collect::<Vec<_>>();
    let has_decisions = !decisions.is_empty();
    view! {
        <article class="card" id=format!("reunion-{id}") aria-labelledby=format!("reunion-{id}-title")>
            <h3 id=format!("reunion-{id}-title")>{heading}</h3>
            <p class="meta">{m.platform.clone()}</p>
            <p><strong>"Organisations : "</strong>{m.organisations.clone()}</p>
            <p><strong>"Ordre du jour : "</strong>{m.agenda.clone()}</p>
            {(!m.minutes.is_empty()).then(|| view! {
                <h4>"Compte rendu"</h4>
                <p class="pre-line">{m.minutes.clone()}</p>
            })}
            {m.has_pdf.then(|| view! {
                <p><a href=format!("/equipe/gouvernance/{id}/compte-rendu.pdf") download>"Télécharger le compte rendu (PDF)"</a></p>
            })}
            {has_decisions.then(|| view! {
                <h4>"Décisions"</h4>
                <ul>{decisions}</ul>
            })}
            {editable.then(|| view! {
                <form method="post" action=attach_path enctype="multipart/form-data" class="inline-form" novalidate>
                    <input type="hidden" name="meeting" value=id.to_string()/>
                    <div class="field" class:field-invalid=refused.is_some()>
                        <label for=file_field.clone()>{format!("Compte rendu en PDF (5 Mo au plus) – {}", m.held_on)}</label>
                        {refused.clone().map(|r| view! { <p class="field-error" id=format!("{file_field}-error")>{r}</p> })}
                        <input id=file_field.clone() name="minutes_pdf" type="file" accept="application/pdf"/>
                    </div>
                    <button type="submit" class="button button-secondary">"Joindre le compte rendu"</button>
                </form>
            })}
        </article>
    }
}

/// The form of a new meeting.
#[component]
fn MeetingFormView(record: ServerAction<RecordMeeting>) -> impl IntoView {
    let errors: ErrorsSignal = action_errors(record.value());
    let kinds = choices(MeetingKind::ALL, MeetingKind::code, MeetingKind::label);
    view! {
        <section class="panel" aria-labelledby="new-meeting-title">
            <h2 id="new-meeting-title">"Enregistrer une réunion"</h2>
            <p>"Une réunion à venir s'enregistre aussi : elle compte dans les réunions prévues de l'année ; son compte rendu se joint ensuite."</p>
            <ActionForm action=record attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <SelectField name="kind" label="Type de réunion" options=kinds placeholder="Choisissez…" required=true errors/>
                <TextField name="held_on" label="Date" kind="date" hint="JJ/MM/AAAA" required=true errors/>
                <TextField name="organisations" label="Organisations présentes" hint="Par exemple : Région, CCI, France Travail, entreprises du comité." required=true errors/>
                <TextArea name="agenda" label="Ordre du jour" rows=3 required=true errors/>
                <TextArea name="minutes" label="Compte rendu" rows=6 hint="Facultatif : le compte rendu peut aussi se joindre en PDF." errors/>
                <TextArea name="decisions" label="Décisions" rows=3 hint="Une par ligne : décision ; responsable ; échéance JJ/MM/AAAA (responsable et échéance facultatifs)." errors/>
                <button type="submit" class="button">"Enregistrer la réunion"</button>
            </ActionForm>
        </section>
    }
}

/// `/equipe/gouvernance`.
#[component]
pub fn GovernancePage() -> impl IntoView {
    let annee = query_value("annee");
    let plateforme = query_value("plateforme");
    let saved = query_value("enregistre");
    let record = ServerAction::<RecordMeeting>::new();
    let done = ServerAction::<MarkDecisionDone>::new();
    let data = Resource::new(
        move || {
            (
                annee(),
                plateforme(),
                record.version().get(),
                done.version().get(),
            )
        },
        |(a, p, ..)| governance_of(a, p),
    );
    let message = move || match saved().as_deref() {
        Some("reunion") => Some("La réunion est enregistrée."),
        Some("compte-rendu") => Some("Le compte rendu est joint."),
        Some("decision") => Some("La décision est marquée faite."),
        _ => None,
    };
    let minutes_refused: ErrorsSignal = Signal::derive(minutes_error);
    view! {
        <Title text="Gouvernance"/>
        <h1>"Gouvernance : coprésidence et bilans avec la Région"</h1>
        {move || message().map(|m| view! { <div class="alert alert-success" role="status"><p>{m}</p></div> })}
        <FormAlert errors=minutes_refused/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |g| {
                    let platform_id = plateforme().and_then(|v| v.parse::<i64>().ok());
                    let editable = g.editable;
                    let warnings = g.warnings.clone();
                    let empty = g.meetings.is_empty();
                    view! {
                        <YearForm action="/equipe/gouvernance" year=g.year platform=platform_id/>
                        <p>"La coprésidence se réunit au moins trois fois par an ; deux réunions de bilan avec la Région (intermédiaire et final) sont obligatoires."</p>
                        {(!warnings.is_empty()).then(|| view! {
                            <div class="alert alert-warning" role="status">
                                <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                            </div>
                        })}
                        <section aria-labelledby="meetings-title">
                            <h2 id="meetings-title">{format!("Réunions {}", g.year)}</h2>
                            {empty.then(|| view! { <p>"Aucune réunion enregistrée pour cette année."</p> })}
                            {g.meetings.into_iter().map(|m| meeting_view(m, editable, done)).collect_view()}
                        </section>
                        {editable.then(|| view! { <MeetingFormView record/> })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// On the staff home: the year's meetings the convention still asks for.
#[component]
pub fn MeetingWarningBanner() -> impl IntoView {
    let warnings = Resource::new(|| (), |_| crate::api::cycle::meeting_warnings());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(list) = warnings.await else { return ().into_any() };
                if list.is_empty() {
                    return ().into_any();
                }
                view! {
                    <div class="alert alert-warning" role="status">
                        <p><strong>"Gouvernance : "</strong>{list.join(" ")}" "<a href="/equipe/gouvernance">"Ouvrir le registre de gouvernance"</a></p>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}
