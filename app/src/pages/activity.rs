//! `/equipe/activite`: contacts with companies, interventions in the
//! economic network and the CFM register; `/equipe/entreprises/:id`: a
//! company's whole history, where staff log a contact.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::activity::{
    activity_overview, company_file, AddTradeLeader, EndTradeLeader, LogContact, LogIntervention,
};
use crate::components::form::{
    action_errors, choices, ErrorsSignal, FormAlert, SelectField, TextArea, TextField,
};
use crate::model::activity::{ActivityRecords, ContactChannel, InterventionKind};
use crate::pages::{loaded, loading};

/// The fields of a contact (the company chosen, or fixed on its page).
#[component]
fn ContactFields(errors: ErrorsSignal, companies: Option<Vec<(String, String)>>) -> impl IntoView {
    view! {
        {companies.map(|options| view! { <SelectField name="company_id" label="Entreprise" options placeholder="Choisissez…" required=true errors/> })}
        <SelectField name="channel" label="Type de contact" options=choices(ContactChannel::ALL, ContactChannel::code, ContactChannel::label) placeholder="Choisissez…" required=true errors/>
        <TextField name="date" label="Date" kind="date" required=true errors/>
        <TextArea name="subject" label="Objet" rows=2 required=true errors/>
        <TextField name="follow_up" label="Date de relance (facultatif)" kind="date" errors/>
    }
}

/// The confirmation after a form, from the query string.
fn saved_message() -> impl Fn() -> Option<&'static str> + Copy {
    let query = use_query_map();
    move || {
        match query.read().get("enregistre").as_deref() {
        Some("contact") => Some("Contact enregistré."),
        Some("intervention") => Some("Intervention enregistrée."),
        Some("cfm") => Some("Chef de file métiers ajouté au registre."),
        Some("acces") => Some("L'accès est ouvert : la personne reçoit un e-mail pour confirmer son adresse et entrer dans l'espace."),
        Some("acces-refuse") => Some("La demande d'accès est refusée : la personne en est informée."),
        _ => None,
    }
    }
}

/// Contacts: the form, the follow-ups due and the latest ones.
#[component]
fn ContactsSection(d: ActivityRecords, contact: ServerAction<LogContact>) -> impl IntoView {
    let errors = action_errors(contact.value());
    let companies: Vec<(String, String)> = d
        .companies
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    view! {
        {(!d.follow_ups.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="follow-title">
                <h2 id="follow-title">"Relances à faire"</h2>
                <ul>{d.follow_ups.iter().map(|(date, id, name, subject)| view! {
                    <li>{date.clone()}" — "<a href=format!("/equipe/entreprises/{id}")>{name.clone()}</a>" : "{subject.clone()}</li>
                }).collect_view()}</ul>
            </section>
        })}
        <section class="panel" aria-labelledby="contact-title">
            <h2 id="contact-title">"Noter un contact avec une entreprise"</h2>
            <ActionForm action=contact attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <input type="hidden" name="back" value="/equipe/activite"/>
                <ContactFields errors companies=Some(companies)/>
                <button type="submit" class="button">"Enregistrer le contact"</button>
            </ActionForm>
        </section>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Derniers contacts">
            <table class="table">
                <caption>"Derniers contacts"</caption>
                <thead><tr><th scope="col">"Date"</th><th scope="col">"Entreprise"</th><th scope="col">"Type (par)"</th><th scope="col">"Objet"</th><th scope="col">"Relance"</th></tr></thead>
                <tbody>{d.contacts.iter().map(|(date, name, channel, subject, follow)| view! {
                    <tr><td>{date.clone()}</td><td>{name.clone()}</td><td>{channel.clone()}</td><td>{subject.clone()}</td><td>{follow.clone()}</td></tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Interventions: the form and the latest ones.
#[component]
fn InterventionsSection(
    d: ActivityRecords,
    intervention: ServerAction<LogIntervention>,
) -> impl IntoView {
    let errors = action_errors(intervention.value());
    view! {
        <section class="panel" aria-labelledby="intervention-title">
            <h2 id="intervention-title">"Noter une intervention"</h2>
            <p>"Clubs et cercles d'entreprises, rencontres avec les acteurs économiques (CCI, CMA, organisations patronales, développement économique)."</p>
            <ActionForm action=intervention attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <SelectField name="kind" label="Type d'intervention" options=choices(InterventionKind::ALL, InterventionKind::code, InterventionKind::label) placeholder="Choisissez…" required=true errors/>
                <TextField name="counterpart" label="Avec qui" required=true errors/>
                <TextField name="date" label="Date" kind="date" required=true errors/>
                <TextArea name="subject" label="Objet" rows=2 required=true errors/>
                <button type="submit" class="button">"Enregistrer l'intervention"</button>
            </ActionForm>
        </section>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Dernières interventions">
            <table class="table">
                <caption>"Dernières interventions"</caption>
                <thead><tr><th scope="col">"Date"</th><th scope="col">"Type"</th><th scope="col">"Avec"</th><th scope="col">"Objet"</th></tr></thead>
                <tbody>{d.interventions.iter().map(|(date, kind, with, subject)| view! {
                    <tr><td>{date.clone()}</td><td>{kind.clone()}</td><td>{with.clone()}</td><td>{subject.clone()}</td></tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The CFM register: the form, and each lead company with the button that
/// ends its role.
#[component]
fn TradeLeadersSection(
    d: ActivityRecords,
    leader: ServerAction<AddTradeLeader>,
    end: ServerAction<EndTradeLeader>,
) -> impl IntoView {
    let errors = action_errors(leader.value());
    let companies: Vec<(String, String)> = d
        .companies
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let rows = d
        .trade_leaders
        .into_iter()
        .map(|(id, name, trade, filiere, since, until)| {
            let label = format!("Mettre fin : {name}, {trade}");
            let last = if until.is_empty() {
                view! {
                    <ActionForm action=end attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button button-secondary" aria-label=label>"Mettre fin"</button>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! { {until} }.into_any()
            };
            view! { <tr><th scope="row">{name}</th><td>{trade}</td><td>{filiere}</td><td>{since}</td><td>{last}</td></tr> }.into_any()
        })
        .collect_view();
    view! {
        <section class="panel" id="cfm" aria-labelledby="cfm-title">
            <h2 id="cfm-title">"Registre des chefs de file métiers"</h2>
            <ActionForm action=leader attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <SelectField name="company_id" label="Entreprise" options=companies placeholder="Choisissez…" required=true errors/>
                <TextField name="trade" label="Métier" required=true errors/>
                <TextField name="filiere" label="Filière" required=true hint="Par exemple : bois, métallurgie, services à la personne." errors/>
                <TextField name="since" label="Chef de file depuis le" kind="date" required=true errors/>
                <button type="submit" class="button">"Ajouter au registre"</button>
            </ActionForm>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Chefs de file métiers">
                <table class="table">
                    <caption>"Chefs de file métiers"</caption>
                    <thead><tr><th scope="col">"Entreprise"</th><th scope="col">"Métier"</th><th scope="col">"Filière"</th><th scope="col">"Depuis"</th><th scope="col">"Jusqu'au"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// `/equipe/activite`.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let contact = ServerAction::<LogContact>::new();
    let intervention = ServerAction::<LogIntervention>::new();
    let leader = ServerAction::<AddTradeLeader>::new();
    let end = ServerAction::<EndTradeLeader>::new();
    let saved = saved_message();
    let data = Resource::new(
        move || {
            (
                contact.version().get(),
                intervention.version().get(),
                leader.version().get(),
                end.version().get(),
            )
        },
        |_| activity_overview(),
    );
    view! {
        <Title text="Activité de la plateforme"/>
        <h1>"Activité de la plateforme"</h1>
        <Show when=move || saved().is_some()>
            <div class="alert alert-success" role="status"><p>{saved}</p></div>
        </Show>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |d| {
                    view! {
                        <ContactsSection d=d.clone() contact/>
                        <InterventionsSection d=d.clone() intervention/>
                        <TradeLeadersSection d leader end/>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// The pending requests to open the company's space, each opened or
/// refused by staff (shown only when there are some).
#[component]
fn ClaimsSection(
    claims: Resource<Result<Vec<crate::model::claim::ClaimLine>, crate::error::AppError>>,
    decide: ServerAction<crate::api::companies::DecideClaim>,
) -> impl IntoView {
    let errors = action_errors(decide.value());
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(claims.await, move |claims| {
                    if claims.is_empty() {
                        return ().into_any();
                    }
                    view! {
                        <section class="panel" aria-labelledby="claims-title">
                            <h2 id="claims-title">"Demandes d'accès à l'espace de l'entreprise"</h2>
                            <p>"Ces personnes se sont inscrites avec le SIRET de l'entreprise. Vérifiez qu'il s'agit bien d'elle avant d'ouvrir l'accès."</p>
                            <FormAlert errors/>
                            <ul class="cards">
                                {claims.into_iter().map(|c| {
                                    let open = format!("Ouvrir l'accès à {}", c.full_name);
                                    let refuse = format!("Refuser la demande de {}", c.full_name);
                                    view! {
                                        <li class="card">
                                            <p><strong>{c.full_name.clone()}</strong>" — "{c.email.clone()}" (le "{c.requested_on.clone()}")"</p>
                                            <div class="attendance-buttons">
                                                <ActionForm action=decide attr:class="inline-form">
                                                    <input type="hidden" name="id" value=c.id/>
                                                    <input type="hidden" name="decision" value="ouvrir"/>
                                                    <button type="submit" class="button">{open}</button>
                                                </ActionForm>
                                                <ActionForm action=decide attr:class="inline-form">
                                                    <input type="hidden" name="id" value=c.id/>
                                                    <input type="hidden" name="decision" value="refuser"/>
                                                    <button type="submit" class="button button-secondary">{refuse}</button>
                                                </ActionForm>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// `/equipe/entreprises/:id`.
#[component]
pub fn CompanyFilePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let contact = ServerAction::<LogContact>::new();
    let errors = action_errors(contact.value());
    let saved = saved_message();
    let data = Resource::new(
        move || (id(), contact.version().get()),
        |(id, _)| company_file(id),
    );
    // Created here, outside any suspense, as every resource of a page.
    let decide = ServerAction::<crate::api::companies::DecideClaim>::new();
    let claims = Resource::new(
        move || (id(), decide.version().get()),
        |(id, _)| crate::api::companies::company_claims(id.trim().parse().unwrap_or(0)),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |c| {
                    let back = format!("/equipe/entreprises/{}", c.id);
                    view! {
                        <Title text=c.name.clone()/>
                        <h1>{c.name.clone()}</h1>
                        <p class="meta">"SIRET "{c.siret.clone()}" · effectif : "{c.headcount.clone()}</p>
                        {(!c.trade_leader.is_empty()).then(|| view! { <p><strong>"Chef de file métiers : "</strong>{c.trade_leader.join(", ")}</p> })}
                        <p><a href="/equipe/entreprises">"← Entreprises de la plateforme"</a></p>
                        <Show when=move || saved().is_some()>
                            <div class="alert alert-success" role="status"><p>{saved}</p></div>
                        </Show>
                        <ClaimsSection claims decide/>
                        <section class="panel" aria-labelledby="contact-title">
                            <h2 id="contact-title">"Noter un contact"</h2>
                            <ActionForm action=contact attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <input type="hidden" name="back" value=back/>
                                <input type="hidden" name="company_id" value=c.id/>
                                <ContactFields errors companies=None/>
                                <button type="submit" class="button">"Enregistrer le contact"</button>
                            </ActionForm>
                        </section>
                        <h2>"Historique"</h2>
                        {if c.history.is_empty() {
                            view! { <p>"Rien n'est encore enregistré pour cette entreprise."</p> }.into_any()
                        } else {
                            view! {
                                <ol class="timeline" aria-label="Historique de l'entreprise">
                                    {c.history.iter().map(|l| view! {
                                        <li><span class="meta">{l.date.clone()}" · "{l.what.clone()}</span>" "
                                            {match &l.link {
                                                Some(href) => view! { <a href=href.clone()>{l.detail.clone()}</a> }.into_any(),
                                                None => view! { {l.detail.clone()} }.into_any(),
                                            }}
                                        </li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
