//! `/equipe/entreprises`: the platform's companies; staff add a company met
//! on a visit and invite its owner to claim it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::companies::{platform_companies, AddCompany, InviteOwner};
use crate::components::company_fields::CompanyIdentityFields;
use crate::components::form::{action_errors, FormAlert, TextField};
use crate::model::{is_tpe_pme, CompanyLine};
use crate::pages::{loaded, loading};

/// One company of the list, with the claim invitation when it has no
/// account yet.
#[component]
fn CompanyRow(company: CompanyLine) -> impl IntoView {
    let invite = ServerAction::<InviteOwner>::new();
    let errors = action_errors(invite.value());
    let size = match company.headcount_band.as_deref() {
        Some(b) if is_tpe_pme(b) => "TPE/PME",
        Some(_) => "50 salariés ou plus",
        None => "Effectif inconnu",
    };
    let claimed = company.users > 0;
    let email_id = format!("owner-email-{}", company.id);
    view! {
        <li class="card company-card">
            <h3><a href=format!("/equipe/entreprises/{}", company.id)>{company.name.clone()}</a></h3>
            <p class="meta">"SIRET "{company.siret.clone()}" · "{company.commune_name.clone().unwrap_or_default()}" · "{size}</p>
            <p class="meta">{company.offers}" offre(s) · "{company.requests}" demande(s) d'accompagnement · depuis le "{company.created_on.clone()}</p>
            {if claimed {
                view! { <p class="meta">{company.users}" compte(s) utilisateur"</p> }.into_any()
            } else {
                view! {
                    <p class="meta"><span class="badge badge-submitted">"Pas encore rattachée à son dirigeant"</span></p>
                    <ActionForm action=invite attr:novalidate=true attr:class="form form-inline">
                        <FormAlert errors/>
                        <input type="hidden" name="company_id" value=company.id/>
                        <label for=email_id.clone()>"Adresse e-mail du dirigeant"</label>
                        <input id=email_id name="email" type="email" autocomplete="off" required/>
                        <button type="submit" class="button button-secondary">"Inviter à rejoindre l'espace"</button>
                    </ActionForm>
                }
                .into_any()
            }}
        </li>
    }
}

/// The page.
#[component]
pub fn StaffCompaniesPage() -> impl IntoView {
    let add = ServerAction::<AddCompany>::new();
    let errors = action_errors(add.value());
    let data = Resource::new(move || add.version().get(), |_| platform_companies());
    let query = use_query_map();
    let added =
        move || query.read().get("ajoutee").is_some() || matches!(add.value().get(), Some(Ok(())));
    let invited = move || query.read().get("invitation").is_some();
    view! {
        <Title text="Entreprises"/>
        <h1>"Entreprises de la plateforme"</h1>
        <Show when=added>
            <div class="alert alert-success" role="status"><p>"Entreprise ajoutée."</p></div>
        </Show>
        <Show when=invited>
            <div class="alert alert-success" role="status"><p>"Invitation envoyée au dirigeant."</p></div>
        </Show>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |data| {
                    let datalist = data.communes.iter().map(|c| view! { <option value=c.label()></option> }).collect_view();
                    view! {
                        <section class="panel" aria-labelledby="add-title">
                            <h2 id="add-title">"Ajouter une entreprise rencontrée"</h2>
                            <p>"Son dirigeant pourra ensuite rejoindre l'espace de l'entreprise par le lien qu'il recevra."</p>
                            <ActionForm action=add attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <CompanyIdentityFields errors naf=data.naf.clone()/>
                                <TextField name="commune" label="Commune de l'établissement" list="company-communes" autocomplete="off" required=true errors/>
                                <datalist id="company-communes">{datalist}</datalist>
                                <TextField name="owner_email" label="Adresse e-mail du dirigeant (facultatif)" kind="email" autocomplete="off" hint="Pour lui envoyer tout de suite le lien qui rattache l'entreprise à son compte." errors/>
                                <button type="submit" class="button">"Ajouter l'entreprise"</button>
                            </ActionForm>
                        </section>
                        <h2>{format!("{} entreprise(s)", data.companies.len())}</h2>
                        <ul class="cards" aria-label="Entreprises">
                            {data.companies.into_iter().map(|company| view! { <CompanyRow company/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
