//! The GDPR registers of the platform (requests within 72 hours, breaches
//! within 48 hours), and the admins' audit trail.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::registers::{
    audit_trail, gdpr_alerts, gdpr_registers, LogBreach, LogDataRequest, RegisterStep,
};
use crate::components::form::{
    action_errors, choices, FormAlert, SelectField, TextArea, TextField,
};
use crate::model::privacy::{BreachLine, DataRequestLine, RequestKind};
use crate::pages::{loaded, loading};

/// One step button of a register line (a plain form: works without
/// JavaScript).
#[component]
fn StepButton(
    action: ServerAction<RegisterStep>,
    id: i64,
    step: &'static str,
    label: String,
) -> impl IntoView {
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="id" value=id.to_string()/>
            <input type="hidden" name="step" value=step/>
            <button type="submit" class="button button-secondary">{label}</button>
        </ActionForm>
    }
}

fn request_row(r: DataRequestLine, step: ServerAction<RegisterStep>) -> impl IntoView {
    let who = format!("{} (n° {})", r.requester, r.id);
    let forwarded = match r.forwarded_at.clone() {
        Some(at) => view! { <span>{at}</span> }.into_any(),
        None => view! {
            <StepButton action=step id=r.id step="transmise" label=format!("Marquer transmise : {who}")/>
        }
        .into_any(),
    };
    let closed = match r.closed_at.clone() {
        Some(at) => view! { <span>{at}</span> }.into_any(),
        None => view! {
            <StepButton action=step id=r.id step="close" label=format!("Clore : {who}")/>
        }
        .into_any(),
    };
    view! {
        <tr class:overdue=r.overdue>
            <td>{r.received_at}{r.self_service.then_some(" (libre-service)")}</td>
            <td>{r.requester}</td>
            <td>{r.kind}</td>
            <td>{r.details}</td>
            <td>
                {r.deadline}
                {r.overdue.then(|| view! { <strong class="badge badge-late">" En retard"</strong> })}
            </td>
            <td>{forwarded}</td>
            <td>{closed}</td>
            <td>{r.platform}</td>
        </tr>
    }
}

fn breach_row(b: BreachLine, step: ServerAction<RegisterStep>) -> impl IntoView {
    let notified = match b.notified_at.clone() {
        Some(at) => view! { <span>{at}</span> }.into_any(),
        None => view! {
            <StepButton action=step id=b.id step="notifiee" label=format!("Marquer notifiée : violation n° {}", b.id)/>
        }
        .into_any(),
    };
    view! {
        <tr class:overdue=b.overdue>
            <td>{b.detected_at}</td>
            <td>{b.nature}</td>
            <td>{b.people}</td>
            <td>{b.data_concerned}</td>
            <td>{b.measures}</td>
            <td>
                {b.deadline}
                {b.overdue.then(|| view! { <strong class="badge badge-late">" En retard"</strong> })}
            </td>
            <td>{notified}</td>
            <td>{b.platform}</td>
        </tr>
    }
}

/// `/equipe/registres`: both registers, their forms and exports.
#[component]
pub fn RegistersPage() -> impl IntoView {
    let request = ServerAction::<LogDataRequest>::new();
    let breach = ServerAction::<LogBreach>::new();
    let step = ServerAction::<RegisterStep>::new();
    let request_errors = action_errors(request.value());
    let breach_errors = action_errors(breach.value());
    let data = Resource::new(
        move || {
            (
                request.version().get(),
                breach.version().get(),
                step.version().get(),
            )
        },
        |_| gdpr_registers(),
    );
    let query = use_query_map();
    let saved = move || match query.read().get("enregistre").as_deref() {
        Some("demande") => Some("La demande est inscrite au registre."),
        Some("violation") => Some("La violation est inscrite au registre."),
        _ => None,
    };
    view! {
        <Title text="Registres RGPD"/>
        <h1>"Registres RGPD"</h1>
        {move || saved().map(|m| view! { <div class="alert alert-success" role="status"><p>{m}</p></div> })}
        <p>"La convention fait de la plateforme un sous-traitant : toute demande d'une personne sur ses données est transmise à la Région (responsable de traitement) dans les 72 heures ; toute violation de données lui est notifiée dans les 48 heures."</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, |d| view! {
                    <section aria-labelledby="demandes" class="panel">
                        <h2 id="demandes">"Demandes des personnes"</h2>
                        <p>
                            <a href="/equipe/registres/demandes.csv">"Exporter les demandes (CSV)"</a>" · "
                            <a href="/equipe/registres/demandes.xlsx">"Exporter les demandes (XLSX)"</a>
                        </p>
                        {if d.requests.is_empty() {
                            view! { <p>"Aucune demande enregistrée."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll" tabindex="0" role="region" aria-label="Registre des demandes">
                                    <table class="table">
                                        <caption>"Registre des demandes"</caption>
                                        <thead><tr>
                                            <th scope="col">"Reçue le"</th><th scope="col">"Demandeur"</th><th scope="col">"Type"</th>
                                            <th scope="col">"Détails"</th><th scope="col">"À transmettre avant le"</th>
                                            <th scope="col">"Transmise le"</th><th scope="col">"Close le"</th><th scope="col">"Plateforme"</th>
                                        </tr></thead>
                                        <tbody>{d.requests.into_iter().map(|r| request_row(r, step)).collect_view()}</tbody>
                                    </table>
                                </div>
                            }
                            .into_any()
                        }}
                    </section>
                    <section aria-labelledby="violations" class="panel">
                        <h2 id="violations">"Violations de données"</h2>
                        <p>
                            <a href="/equipe/registres/violations.csv">"Exporter les violations (CSV)"</a>" · "
                            <a href="/equipe/registres/violations.xlsx">"Exporter les violations (XLSX)"</a>
                        </p>
                        {if d.breaches.is_empty() {
                            view! { <p>"Aucune violation enregistrée."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll" tabindex="0" role="region" aria-label="Registre des violations">
                                    <table class="table">
                                        <caption>"Registre des violations"</caption>
                                        <thead><tr>
                                            <th scope="col">"Constatée le"</th><th scope="col">"Nature"</th><th scope="col">"Personnes concernées"</th>
                                            <th scope="col">"Données concernées"</th><th scope="col">"Mesures"</th>
                                            <th scope="col">"À notifier avant le"</th><th scope="col">"Notifiée le"</th><th scope="col">"Plateforme"</th>
                                        </tr></thead>
                                        <tbody>{d.breaches.into_iter().map(|b| breach_row(b, step)).collect_view()}</tbody>
                                    </table>
                                </div>
                            }
                            .into_any()
                        }}
                    </section>
                }
                .into_any())
            })}
        </Suspense>
        <section aria-labelledby="new-request" class="panel">
            <h2 id="new-request">"Enregistrer une demande reçue"</h2>
            <ActionForm action=request attr:novalidate=true attr:class="form">
                <FormAlert errors=request_errors/>
                <TextField name="received" label="Reçue le" kind="date" required=true errors=request_errors/>
                <TextField name="received_time" label="À (heure)" kind="time" hint="Par exemple 14:30." errors=request_errors/>
                <TextField name="requester" label="Demandeur (nom ou adresse e-mail)" required=true errors=request_errors/>
                <SelectField name="kind" label="Type de demande" options=choices(RequestKind::ALL, RequestKind::code, RequestKind::label) placeholder="Choisissez…" required=true errors=request_errors/>
                <TextArea name="details" label="Détails" rows=2 errors=request_errors/>
                <button type="submit" class="button">"Enregistrer la demande"</button>
            </ActionForm>
        </section>
        <section aria-labelledby="new-breach" class="panel">
            <h2 id="new-breach">"Enregistrer une violation de données"</h2>
            <ActionForm action=breach attr:novalidate=true attr:class="form">
                <FormAlert errors=breach_errors/>
                <TextField name="detected" label="Constatée le" kind="date" required=true errors=breach_errors/>
                <TextField name="detected_time" label="À (heure)" kind="time" hint="Par exemple 14:30." errors=breach_errors/>
                <TextArea name="nature" label="Nature de la violation" rows=2 required=true errors=breach_errors/>
                <TextArea name="people" label="Personnes concernées" rows=2 required=true errors=breach_errors/>
                <TextArea name="data_concerned" label="Données concernées" rows=2 required=true errors=breach_errors/>
                <TextArea name="measures" label="Mesures prises" rows=2 errors=breach_errors/>
                <button type="submit" class="button">"Enregistrer la violation"</button>
            </ActionForm>
        </section>
    }
}

/// On the staff home: requests and breaches waiting, the late ones first.
#[component]
pub fn RegisterAlertBanner() -> impl IntoView {
    let alerts = Resource::new(|| (), |_| gdpr_alerts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(a) = alerts.await else { return ().into_any() };
                if a.requests_open == 0 && a.breaches_open == 0 {
                    return ().into_any();
                }
                let late = a.requests_overdue + a.breaches_overdue > 0;
                view! {
                    <div class=if late { "alert alert-error" } else { "alert" } role="status">
                        <p>
                            <strong>"Registres RGPD : "</strong>
                            {format!("{} demande(s) à transmettre à la Région", a.requests_open)}
                            {(a.requests_overdue > 0).then(|| format!(", dont {} en retard (plus de 72 h)", a.requests_overdue))}
                            " ; "
                            {format!("{} violation(s) à notifier", a.breaches_open)}
                            {(a.breaches_overdue > 0).then(|| format!(", dont {} en retard (plus de 48 h)", a.breaches_overdue))}
                            ". "
                            <a href="/equipe/registres">"Ouvrir les registres"</a>
                        </p>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// `/admin/journal`: the audit trail (read-only).
#[component]
pub fn AuditPage() -> impl IntoView {
    let lines = Resource::new(|| (), |_| audit_trail());
    view! {
        <Title text="Journal d'audit"/>
        <h1>"Journal d'audit"</h1>
        <p>"Qui a consulté ou modifié des données personnelles, quand et depuis quelle adresse. Le journal ne peut être ni modifié ni effacé. "<a href="/admin/journal.csv">"Exporter le journal (CSV)"</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(lines.await, |lines| view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Journal d'audit">
                        <table class="table">
                            <caption>"Les 500 dernières entrées"</caption>
                            <thead><tr><th scope="col">"Date"</th><th scope="col">"Qui"</th><th scope="col">"Action"</th><th scope="col">"Objet"</th><th scope="col">"Adresse"</th></tr></thead>
                            <tbody>{lines.into_iter().map(|l| view! {
                                <tr><td>{l.at}</td><td>{l.actor}</td><td>{l.action}</td><td>{l.object}</td><td>{l.client}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                }
                .into_any())
            })}
        </Suspense>
    }
}
