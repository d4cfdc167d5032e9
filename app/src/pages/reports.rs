//! `/equipe/bilans`: the monthly reports (built and e-mailed on the first
//! of each month) and their recipients; `/equipe/bilans/:month`: one report.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::reports::{
    monthly_report, monthly_reports, AddReportRecipient, RemoveReportRecipient,
};
use crate::components::form::{action_errors, FormAlert, TextField};
use crate::pages::{loaded, loading};

/// `/equipe/bilans`.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let add = ServerAction::<AddReportRecipient>::new();
    let remove = ServerAction::<RemoveReportRecipient>::new();
    let errors = action_errors(add.value());
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                query.read().get("plateforme"),
                add.version().get(),
                remove.version().get(),
            )
        },
        |(platform, ..)| monthly_reports(platform),
    );
    view! {
        <Title text="Bilans mensuels"/>
        <h1>"Bilans mensuels"</h1>
        <p>"Le premier jour de chaque mois, le portail établit le bilan du mois écoulé à partir des enregistrements (indicateurs de l'annexe B et faits marquants) et l'envoie, avec le tableau XLSX, aux destinataires ci-dessous. Un mois manqué (serveur arrêté) est rattrapé au redémarrage ; un bilan n'est jamais envoyé deux fois."</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |d| {
                    let suffix = match (d.manage, d.platform) {
                        (false, Some(p)) => format!("?plateforme={p}"),
                        _ => String::new(),
                    };
                    let chooser = (!d.manage).then(|| {
                        let current = d.platform;
                        view! {
                            <form method="get" action="/equipe/bilans" class="filters" aria-label="Choisir la plateforme">
                                <div class="field">
                                    <label for="bilans-plateforme">"Plateforme"</label>
                                    <select id="bilans-plateforme" name="plateforme">
                                        {d.platforms.iter().map(|(id, name)| view! {
                                            <option value=id.to_string() selected=current == Some(*id)>{name.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">"Afficher les bilans"</button>
                            </form>
                        }
                    });
                    if !d.manage && d.platform.is_none() {
                        return view! {
                            {chooser}
                            <p>"Choisissez une plateforme pour lire ses bilans."</p>
                        }
                        .into_any();
                    }
                    let manage = d.manage;
                    view! {
                        {chooser}
                        <h2>"Bilans établis"</h2>
                        {if d.reports.is_empty() {
                            view! { <p>"Aucun bilan pour l'instant : le premier sera établi au début du mois prochain."</p> }.into_any()
                        } else {
                            view! {
                                <ul>{d.reports.iter().map(|(m, name, built)| view! {
                                    <li><a href=format!("/equipe/bilans/{m}{suffix}")>{format!("Bilan de {name}")}</a>{format!(" (établi le {built}) · ")}
                                        <a href=format!("/equipe/bilans/{m}/bilan.xlsx{suffix}") download>{format!("XLSX de {name}")}</a></li>
                                }).collect_view()}</ul>
                            }.into_any()
                        }}
                        {manage.then(|| view! {
                        <h2>"Destinataires"</h2>
                        {if d.recipients.is_empty() {
                            view! { <p class="alert alert-error">"Aucun destinataire : les bilans sont établis et consultables ici, mais personne ne les reçoit par e-mail."</p> }.into_any()
                        } else {
                            view! {
                                <ul>{d.recipients.clone().into_iter().map(|(email, label)| {
                                    let aria = format!("Retirer {email}");
                                    view! {
                                        <li>{format!("{email} — {label} ")}
                                            <ActionForm action=remove attr:class="inline-form">
                                                <input type="hidden" name="email" value=email/>
                                                <button type="submit" class="button button-secondary" aria-label=aria>"Retirer"</button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}</ul>
                            }.into_any()
                        }}
                        <section class="panel" aria-labelledby="recipient-title">
                            <h2 id="recipient-title">"Ajouter un destinataire"</h2>
                            <ActionForm action=add attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <TextField name="email" label="Adresse e-mail" kind="email" required=true errors/>
                                <TextField name="label" label="Rôle" required=true hint="Structure porteuse, responsable de plateforme, coprésidence…" errors/>
                                <button type="submit" class="button">"Ajouter"</button>
                            </ActionForm>
                        </section>
                        })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// `/equipe/bilans/:month`.
#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        (
            params.read().get("month").unwrap_or_default(),
            query.read().get("plateforme"),
        )
    };
    let data = Resource::new(key, |(month, platform)| monthly_report(month, platform));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |r| {
                    view! {
                        <Title text=r.title.clone()/>
                        <h1>{r.title.clone()}</h1>
                        <p class="actions"><a class="button button-secondary" href=format!("/equipe/bilans/{}/bilan.xlsx{}", r.month, r.platform_query) download>"Télécharger le tableau (XLSX)"</a>
                            " "<a href=format!("/equipe/bilans{}", r.platform_query)>"← Tous les bilans"</a></p>
                        <pre class="report">{r.summary.clone()}</pre>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
