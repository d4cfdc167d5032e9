//! `/region/demandes`: the Région asks a platform to support a company
//! (the convention's cases) and follows each request to its closing.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::cycle::{region_request_choices, region_requests, SendRegionRequest};
use crate::components::form::{
    action_errors, choices, ErrorsSignal, FormAlert, SelectField, TextArea, TextField,
};
use crate::components::year_form::query_value;
use crate::model::cycle::{RegionReason, RegionRequestLine};
use crate::pages::{loaded, loading};

fn request_row(r: RegionRequestLine) -> impl IntoView {
    view! {
        <tr class:overdue=r.late>
            <td>{r.sent_on}</td>
            <th scope="row">{r.company}</th>
            <td>{r.platform}</td>
            <td>{r.reason}</td>
            <td>{r.due_on}{r.late.then(|| view! { <strong class="badge badge-late">" En retard"</strong> })}</td>
            <td>{r.status}{r.outcome.map(|o| format!(" : {o}"))}</td>
        </tr>
    }
}

/// `/region/demandes`.
#[component]
pub fn RegionRequestsPage() -> impl IntoView {
    let send = ServerAction::<SendRegionRequest>::new();
    let errors: ErrorsSignal = action_errors(send.value());
    let sent = query_value("envoyee");
    let platforms = Resource::new(|| (), |_| region_request_choices());
    let list = Resource::new(move || send.version().get(), |_| region_requests());
    let reasons = choices(RegionReason::ALL, RegionReason::code, RegionReason::label);
    view! {
        <Title text="Demandes de la Région aux plateformes"/>
        <h1>"Demandes de la Région aux plateformes"</h1>
        {move || sent().map(|_| view! { <div class="alert alert-success" role="status"><p>"La demande est envoyée : elle devient un accompagnement de la plateforme, avec sa date de réponse attendue."</p></div> })}
        <Suspense fallback=loading>
            {move || {
                let reasons = reasons.clone();
                Suspend::new(async move {
                    loaded(platforms.await, move |ps| {
                        let options: Vec<(String, String)> = ps.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
                        view! {
                            <section class="panel" aria-labelledby="new-request-title">
                                <h2 id="new-request-title">"Demander l'accompagnement d'une entreprise"</h2>
                                <ActionForm action=send attr:novalidate=true attr:class="form">
                                    <FormAlert errors/>
                                    <SelectField name="platform" label="Plateforme" options placeholder="Choisissez…" required=true errors/>
                                    <SelectField name="reason" label="Motif" options=reasons placeholder="Choisissez…" required=true errors/>
                                    <TextField name="company_name" label="Nom de l'entreprise" required=true errors/>
                                    <TextField name="siret" label="SIRET de l'entreprise" inputmode="numeric" hint="14 chiffres." required=true errors/>
                                    <TextField name="contact" label="Personne à joindre" hint="Nom, téléphone ou e-mail." required=true errors/>
                                    <TextArea name="description" label="Situation et attente de la Région" rows=4 required=true errors/>
                                    <TextField name="due_on" label="Réponse attendue le" kind="date" hint="JJ/MM/AAAA" required=true errors/>
                                    <button type="submit" class="button">"Envoyer la demande"</button>
                                </ActionForm>
                            </section>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
        <section aria-labelledby="requests-title">
            <h2 id="requests-title">"Demandes envoyées"</h2>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(list.await, |lines| {
                        if lines.is_empty() {
                            return view! { <p>"Aucune demande envoyée."</p> }.into_any();
                        }
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Demandes envoyées">
                                <table class="table">
                                    <caption>"Demandes envoyées et leur état"</caption>
                                    <thead><tr>
                                        <th scope="col">"Envoyée le"</th><th scope="col">"Entreprise"</th><th scope="col">"Plateforme"</th>
                                        <th scope="col">"Motif"</th><th scope="col">"Réponse attendue le"</th><th scope="col">"État"</th>
                                    </tr></thead>
                                    <tbody>{lines.into_iter().map(request_row).collect_view()}</tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}
