//! `/equipe/programme`: the year's action programme per axis, the
//! objectives entered with it, and what carries each action out.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::cycle::{programme_of, AddProgrammeAction, LinkProgrammeAction, SetActionStatus};
use crate::api::indicators::SetObjective;
use crate::components::form::{
    action_errors, ErrorsSignal, FormAlert, SelectField, TextArea, TextField,
};
use crate::components::year_form::{query_value, YearForm};
use crate::model::cycle::{ActionStatus, Programme, ProgrammeAction};
use crate::model::indicators::{axis_label, DEFINITIONS};
use crate::pages::indicators::ObjectiveForm;
use crate::pages::{loaded, loading};

/// One action, with its forms for staff.
fn action_view(
    a: ProgrammeAction,
    p: &Programme,
    editable: bool,
    status: ServerAction<SetActionStatus>,
    link: ServerAction<LinkProgrammeAction>,
) -> impl IntoView {
    let id = a.id;
    let status_field = format!("status-{id}");
    let target_field = format!("target-{id}");
    let statuses = ActionStatus::ALL
        .iter()
        .map(|s| {
            let selected = *s == a.status;
            view! { <option value=s.code() selected=selected>{s.label()}</option> }
        })
        .collect_view();
    let targets = p
        .linkables
        .iter()
        .map(|(code, label)| view! { <option value=code.clone()>{label.clone()}</option> })
        .collect_view();
    let has_targets = !p.linkables.is_empty();
    let title = a.title.clone();
    let status_label = format!("État de l'action « {} »", a.title);
    let link_label = format!("Lier à l'action « {} »", a.title);
    view! {
        <article class="card" id=format!("action-{id}") aria-labelledby=format!("action-{id}-title")>
            <h3 id=format!("action-{id}-title")>{a.title.clone()}</h3>
            <p class="meta">
                <span class="badge">{a.status.label()}</span>
                {format!(" · {} · porté par {}", a.period, a.owner)}
            </p>
            {(!a.description.is_empty()).then(|| view! { <p>{a.description.clone()}</p> })}
            <p>"Indicateurs servis : "{a.indicators.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>().join(" ; ")}</p>
            {if a.links.is_empty() {
                view! { <p>"Rien n'est encore lié à cette action."</p> }.into_any()
            } else {
                view! {
                    <ul aria-label=format!("Réalisations de l'action {title}")>
                        {a.links.iter().map(|(kind, what, href)| {
                            let text = format!("{kind} : {what}");
                            match href {
                                Some(h) => view! { <li><a href=h.clone()>{text}</a></li> }.into_any(),
                                None => view! { <li>{text}</li> }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {editable.then(|| view! {
                <div class="inline-forms">
                    <ActionForm action=status attr:class="inline-form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <label for=status_field.clone()>{status_label}</label>
                        <select id=status_field.clone() name="status">{statuses}</select>
                        <button type="submit" class="button button-secondary">"Changer l'état"</button>
                    </ActionForm>
                    {has_targets.then(|| view! {
                        <ActionForm action=link attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string()/>
                            <label for=target_field.clone()>{link_label}</label>
                            <select id=target_field.clone() name="target">{targets}</select>
                            <button type="submit" class="button button-secondary">"Lier"</button>
                        </ActionForm>
                    })}
                </div>
            })}
        </article>
    }
}

/// The form of a new action.
#[component]
fn NewActionForm(year: i32, add: ServerAction<AddProgrammeAction>) -> impl IntoView {
    let errors: ErrorsSignal = action_errors(add.value());
    let axes: Vec<(String, String)> = (1..=4u8)
        .map(|a| (a.to_string(), axis_label(a).to_owned()))
        .collect();
    let indicators_error = move || {
        errors.get().and_then(|e| {
            e.form_errors()
                .and_then(|f| f.fields.get("indicators").cloned())
        })
    };
    let ticked = move |key: &str| {
        errors
            .get()
            .and_then(|e| {
                e.form_errors()
                    .map(|f| f.values.contains_key(&format!("indicators[{key}]")))
            })
            .unwrap_or(false)
    };
    let boxes = DEFINITIONS
        .iter()
        .map(|d| {
            let name = format!("indicators[{}]", d.key);
            let id = format!("indicateur-{}", d.key);
            let key = d.key;
            view! {
                <div class="checkbox">
                    <input type="checkbox" id=id.clone() name=name value=crate::model::CHECKED checked=move || ticked(key)/>
                    <label for=id>{format!("Axe {} – {}", d.axis, d.label)}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="new-action-title">
            <h2 id="new-action-title">"Ajouter une action"</h2>
            <ActionForm action=add attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <input type="hidden" name="year" value=year.to_string()/>
                <SelectField name="axis" label="Axe de la convention" options=axes placeholder="Choisissez…" required=true errors/>
                <TextField name="title" label="Titre de l'action" required=true errors/>
                <TextArea name="description" label="Description" rows=4 errors/>
                <fieldset class="field" class:field-invalid=move || indicators_error().is_some() id="indicators">
                    <legend>"Indicateurs que l'action sert"<span class="required" aria-hidden="true">" *"</span></legend>
                    {move || indicators_error().map(|m| view! { <p class="field-error" id="indicators-error">{m}</p> })}
                    {boxes}
                </fieldset>
                <TextField name="starts_on" label="Début prévu (mois)" kind="month" hint="AAAA-MM, dans l'année du programme." required=true errors/>
                <TextField name="ends_on" label="Fin prévue (mois)" kind="month" hint="AAAA-MM, dans l'année du programme." required=true errors/>
                <TextField name="owner" label="Responsable de l'action" required=true errors/>
                <button type="submit" class="button">"Ajouter l'action"</button>
            </ActionForm>
        </section>
    }
}

/// `/equipe/programme`.
#[component]
pub fn ProgrammePage() -> impl IntoView {
    let annee = query_value("annee");
    let plateforme = query_value("plateforme");
    let saved = query_value("enregistre");
    let add = ServerAction::<AddProgrammeAction>::new();
    let status = ServerAction::<SetActionStatus>::new();
    let link = ServerAction::<LinkProgrammeAction>::new();
    let set = ServerAction::<SetObjective>::new();
    let data = Resource::new(
        move || {
            (
                annee(),
                plateforme(),
                add.version().get(),
                status.version().get(),
                link.version().get(),
                set.version().get(),
            )
        },
        |(a, p, ..)| programme_of(a, p),
    );
    let message = move || match saved().as_deref() {
        Some("action") => Some("L'action est ajoutée au programme."),
        Some("etat") => Some("L'état de l'action est enregistré."),
        Some("lien") => Some("La réalisation est liée à l'action."),
        Some("objectif") => Some("L'objectif est enregistré."),
        _ => None,
    };
    let other_errors: ErrorsSignal = Signal::derive(move || {
        status
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| link.value().get().and_then(|r| r.err()))
    });
    view! {
        <Title text="Programme d'actions"/>
        <h1>"Programme d'actions"</h1>
        {move || message().map(|m| view! { <div class="alert alert-success" role="status"><p>{m}</p></div> })}
        <FormAlert errors=other_errors/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |p| {
                    let editable = p.editable;
                    let platform_id = plateforme().and_then(|v| v.parse::<i64>().ok());
                    let axes = (1..=4u8).map(|axis| {
                        let actions: Vec<ProgrammeAction> = p.actions.iter().filter(|a| a.axis == axis).cloned().collect();
                        let empty = actions.is_empty();
                        let pp = p.clone();
                        view! {
                            <section class="panel" aria-labelledby=format!("axe-{axis}")>
                                <h2 id=format!("axe-{axis}")>{axis_label(axis)}</h2>
                                {empty.then(|| view! { <p>"Aucune action prévue sur cet axe."</p> })}
                                {actions.into_iter().map(|a| action_view(a, &pp, editable, status, link)).collect_view()}
                            </section>
                        }
                    }).collect_view();
                    let objectives = p.objectives.iter().map(|(key, axis, label, target)| view! {
                        <tr id=format!("objectif-{key}")>
                            <td>{format!("Axe {axis}")}</td>
                            <th scope="row">{label.clone()}</th>
                            <td>{if target.is_empty() { "–".to_owned() } else { target.clone() }}</td>
                        </tr>
                    }).collect_view();
                    view! {
                        <p class="meta">{format!("{} · année {}", p.platform, p.year)}</p>
                        <YearForm action="/equipe/programme" year=p.year platform=platform_id/>
                        <p>"La convention demande chaque année un programme d'actions par axe, avec les objectifs des indicateurs de l'annexe B. Chaque action se relie aux événements, interventions et accompagnements qui la réalisent."</p>
                        {axes}
                        <section class="panel" aria-labelledby="objectifs">
                            <h2 id="objectifs">{format!("Objectifs {}", p.year)}</h2>
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Objectifs de l'année">
                                <table class="table">
                                    <caption>{format!("Objectifs des indicateurs pour {}", p.year)}</caption>
                                    <thead><tr><th scope="col">"Axe"</th><th scope="col">"Indicateur"</th><th scope="col">"Objectif"</th></tr></thead>
                                    <tbody>{objectives}</tbody>
                                </table>
                            </div>
                        </section>
                        {editable.then(|| view! {
                            <ObjectiveForm year=p.year set back="programme"/>
                            <NewActionForm year=p.year add/>
                        })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
