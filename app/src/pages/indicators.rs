//! `/equipe/indicateurs`: every indicator of Annexe B for a period, with
//! objectives, progress, the trend by month and the exports; and
//! `/equipe/indicateurs/:key`: the records behind one figure.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::cycle::{delay_alerts, AcknowledgeDelay};
use crate::api::indicators::{indicator_records, indicators_for, SetObjective};
use crate::components::form::{action_errors, FormAlert, SelectField, TextField};
use crate::components::trend_chart::TrendChart;
use crate::model::cycle::DelayAlert;
use crate::model::indicators::{axis_label, Dashboard, DrillDown, Figure, DEFINITIONS};
use crate::pages::{loaded, loading};

/// The query parameters of the period and platform.
fn period_params() -> impl Fn() -> [Option<String>; 5] + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        let q = query.read();
        ["annee", "mois", "du", "au", "plateforme"].map(|k| q.get(k).filter(|v| !v.is_empty()))
    }
}

/// The GET form that chooses the period (and, for the Région, the platform).
#[component]
fn PeriodForm(d: Dashboard) -> impl IntoView {
    period_form(d).into_any()
}

fn period_form(d: Dashboard) -> impl IntoView {
    // The month or span shown stays in the form.
    let month = d
        .query
        .strip_prefix("mois=")
        .map(|m| m.chars().take(7).collect::<String>())
        .unwrap_or_default();
    let span = if d.query.starts_with("du=") {
        (d.from.clone(), d.to.clone())
    } else {
        (String::new(), String::new())
    };
    let platforms = (d.platforms.len() > 1).then(|| {
        let chosen = d.platform.as_ref().map(|(id, _)| *id);
        view! {
            <div class="field">
                <label for="plateforme">"Plateforme"</label>
                <select id="plateforme" name="plateforme">
                    <option value="" selected=chosen.is_none()>"Toutes les plateformes"</option>
                    {d.platforms.iter().map(|(id, name)| view! { <option value=id.to_string() selected=chosen == Some(*id)>{name.clone()}</option> }).collect_view()}
                </select>
            </div>
        }
    });
    view! {
        <form method="get" action="/equipe/indicateurs" class="filters" aria-label="Période">
            <div class="field">
                <label for="annee">"Année"</label>
                <input id="annee" name="annee" inputmode="numeric" value=d.year.to_string() size="6"/>
            </div>
            <div class="field">
                <label for="mois">"ou un mois"</label>
                <input id="mois" name="mois" type="month" placeholder="2026-03" value=month/>
            </div>
            <div class="field">
                <label for="du">"ou du"</label>
                <input id="du" name="du" type="date" value=span.0/>
            </div>
            <div class="field">
                <label for="au">"au"</label>
                <input id="au" name="au" type="date" value=span.1/>
            </div>
            {platforms}
            <button type="submit" class="button">"Afficher"</button>
        </form>
    }
}

/// One row of the indicators table.
#[component]
fn FigureRow(f: Figure, query: String) -> impl IntoView {
    let href = format!("/equipe/indicateurs/{}?{query}", f.key);
    let link_label = format!("{} – {} : voir les enregistrements", f.shown(), f.label);
    let progress = f
        .progress()
        .map(|p| format!("{p} %").replace('.', ","))
        .unwrap_or_else(|| "–".into());
    let objective = f
        .objective
        .map(|o| {
            if f.rate {
                format!("{o} %")
            } else {
                o.to_string()
            }
        })
        .unwrap_or_else(|| "–".into());
    view! {
        <tr id=format!("objectif-{}", f.key)>
            <th scope="row">
                {f.label.clone()}
                <details class="definition"><summary>"Définition"</summary><p>{f.rule.clone()}</p></details>
            </th>
            <td class="number"><a href=href aria-label=link_label data-indicator=f.key.clone()>{f.shown()}</a></td>
            <td class="number">{objective}</td>
            <td class="number">{progress}</td>
            <td><a href=format!("#tendance-{}", f.key) rel="external">"Voir"<span class="visually-hidden">{format!(" la tendance : {}", f.label)}</span></a></td>
        </tr>
    }
    .into_any()
}

/// The four axes' tables.
#[component]
fn AxisTables(d: Dashboard) -> impl IntoView {
    [1u8, 2, 3, 4]
        .map(|axis| {
            let rows = d
                .figures
                .iter()
                .filter(|f| f.axis == axis)
                .cloned()
                .map(|f| view! { <FigureRow f query=d.query.clone()/> }.into_any())
                .collect_view();
            let trends = d
                .figures
                .iter()
                .filter(|f| f.axis == axis)
                .map(|f| view! {
                    <div id=format!("tendance-{}", f.key)>
                        <TrendChart months=f.months.clone() rate=f.rate label=f.label.clone()/>
                    </div>
                }.into_any())
                .collect_view();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=axis_label(axis)>
                    <table class="table indicators">
                        <caption>{axis_label(axis)}</caption>
                        <thead><tr><th scope="col">"Indicateur"</th><th scope="col">"Valeur"</th><th scope="col">"Objectif annuel"</th><th scope="col">"Avancement"</th><th scope="col">"Par mois"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <details class="trends">
                    <summary>{format!("Tendances par mois : {}", axis_label(axis))}</summary>
                    <div class="trend-grid">{trends}</div>
                </details>
            }
            .into_any()
        })
        .into_iter()
        .collect_view()
        .into_any()
}

/// For the Région: each platform's values side by side, each opening the
/// platform's records.
#[component]
fn ByPlatform(d: Dashboard) -> impl IntoView {
    let head = d
        .by_platform
        .iter()
        .map(|(_, n, _)| view! { <th scope="col">{n.clone()}</th> })
        .collect_view();
    let rows = d
        .figures
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let cells = d
                .by_platform
                .iter()
                .map(|(id, name, values)| {
                    let value = values.get(i).cloned().unwrap_or_default();
                    let href = format!("/equipe/indicateurs/{}?{}&plateforme={id}", f.key, d.query);
                    let label = format!("{value} – {}, {name} : voir les enregistrements", f.label);
                    view! { <td class="number"><a href=href aria-label=label>{value}</a></td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{f.label.clone()}</th>{cells}</tr> }.into_any()
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Par plateforme">
            <table class="table">
                <caption>"Par plateforme"</caption>
                <thead><tr><th scope="col">"Indicateur"</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Staff enter the year's objective of an indicator (from the dashboard,
/// or from the programme: `back` says where to return).
#[component]
pub(crate) fn ObjectiveForm(
    year: i32,
    set: ServerAction<SetObjective>,
    #[prop(optional)] back: Option<&'static str>,
) -> impl IntoView {
    let errors = action_errors(set.value());
    let options: Vec<(String, String)> = DEFINITIONS
        .iter()
        .map(|x| (x.key.to_owned(), x.label.to_owned()))
        .collect();
    view! {
        <section class="panel" aria-labelledby="objectives-title">
            <h2 id="objectives-title">"Objectifs annuels"</h2>
            <ActionForm action=set attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <input type="hidden" name="year" value=year.to_string()/>
                {back.map(|b| view! { <input type="hidden" name="retour" value=b/> })}
                <SelectField name="indicator" label="Indicateur" options placeholder="Choisissez…" required=true errors/>
                <TextField name="target" label="Objectif pour l'année" inputmode="numeric" required=true hint="Un nombre, ou un pourcentage pour les taux." errors/>
                <button type="submit" class="button">"Enregistrer l'objectif"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// The exports and the way to the monthly reports.
#[component]
fn Downloads(query: String, staff: bool) -> impl IntoView {
    view! {
        <p class="actions">
            <a class="button button-secondary" href=format!("/equipe/indicateurs.xlsx?{query}") download>"Télécharger (XLSX, annexe B)"</a>
            " "
            <a class="button button-secondary" href=format!("/equipe/indicateurs.csv?{query}") download>"Télécharger (CSV)"</a>
            {staff.then(|| view! { " " <a href="/equipe/bilans">"Bilans mensuels"</a> })}
        </p>
    }
    .into_any()
}

/// One late indicator, with the comment staff give the Région.
fn delay_view(
    a: DelayAlert,
    year: i32,
    staff: bool,
    ack: ServerAction<AcknowledgeDelay>,
) -> impl IntoView {
    let errors = action_errors(ack.value());
    let field = format!("comment-{}", a.key);
    let msg = {
        let field = field.clone();
        move || {
            errors
                .get()
                .and_then(|e| e.form_errors().and_then(|f| f.fields.get(&field).cloned()))
        }
    };
    let kept = {
        let field = field.clone();
        let initial = a
            .acknowledged
            .as_ref()
            .map(|(c, ..)| c.clone())
            .unwrap_or_default();
        move || {
            errors
                .get()
                .and_then(|e| e.form_errors().and_then(|f| f.values.get(&field).cloned()))
                .unwrap_or_else(|| initial.clone())
        }
    };
    let msg2 = msg.clone();
    view! {
        <li class="card">
            <p><strong>{a.label.clone()}</strong>" : "{format!("{} à ce jour, {} attendu à cette date (objectif annuel {}).", a.value, a.expected, a.objective)}</p>
            {a.acknowledged.clone().map(|(c, who, on)| view! { <p>{format!("Commentaire pour la Région ({who}, {on}) : {c}")}</p> })}
            {staff.then(|| view! {
                <ActionForm action=ack attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="year" value=year.to_string()/>
                    <input type="hidden" name="indicator" value=a.key.clone()/>
                    <div class="field" class:field-invalid=move || msg().is_some()>
                        <label for=field.clone()>{format!("Commentaire sur le retard : {}", a.label)}</label>
                        {move || msg2().map(|m| view! { <p class="field-error" id=format!("{}-error", a.key)>{m}</p> })}
                        <textarea id=field.clone() name="comment" rows="2">{kept()}</textarea>
                    </div>
                    <button type="submit" class="button button-secondary">"Signaler le retard à la Région"</button>
                </ActionForm>
            })}
        </li>
    }
}

/// The indicators behind their objective prorated to the date (the
/// resource is the page's, created outside any suspense so that the
/// server and the browser number it alike).
fn delays_view(
    list: Vec<DelayAlert>,
    year: i32,
    staff: bool,
    ack: ServerAction<AcknowledgeDelay>,
) -> AnyView {
    let empty = list.is_empty();
    view! {
        <section class="panel" aria-labelledby="retards">
            <h2 id="retards">"Retards sur les objectifs"</h2>
            <p>"Un indicateur est signalé quand sa valeur depuis le 1er janvier reste nettement sous l'objectif annuel ramené à la date du jour (les taux se comparent à l'objectif entier). La convention demande d'avertir la Région de tout retard important."</p>
            {empty.then(|| view! { <p>"Aucun indicateur en retard sur son objectif."</p> })}
            <ul class="plain">{list.into_iter().map(|a| delay_view(a, year, staff, ack)).collect_view()}</ul>
        </section>
    }
    .into_any()
}

/// `/equipe/indicateurs`.
#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let params = period_params();
    let set = ServerAction::<SetObjective>::new();
    let ack = ServerAction::<AcknowledgeDelay>::new();
    let data = Resource::new(
        move || (params(), set.version().get()),
        |([annee, mois, du, au, plateforme], _)| indicators_for(annee, mois, du, au, plateforme),
    );
    // The year of the period shown: `annee`, or the month's, or the
    // start's; the current one by default.
    let delays = Resource::new(
        move || (params(), set.version().get(), ack.version().get()),
        |([annee, mois, du, _, plateforme], ..)| {
            let year = annee.or_else(|| mois.or(du).map(|m| m.chars().take(4).collect()));
            delay_alerts(year, plateforme)
        },
    );
    view! {
        <Title text="Indicateurs de l'annexe B"/>
        <h1>"Indicateurs de l'annexe B"</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |d| {
                    let who = d.platform.as_ref().map_or_else(|| "toutes les plateformes".to_owned(), |(_, n)| n.clone());
                    let staff = d.staff;
                    let year = d.year;
                    let region = !d.by_platform.is_empty();
                    view! {
                        <p class="meta">{format!("{who}, {}", d.period)}</p>
                        <PeriodForm d=d.clone()/>
                        <Downloads query=d.query.clone() staff=d.staff/>
                        <p>"Chaque valeur ouvre la liste des enregistrements qui la composent ; la définition de chaque indicateur est sous son nom."</p>
                        <Suspense fallback=loading>
                            {move || Suspend::new(async move {
                                match delays.await {
                                    Ok(list) => delays_view(list, year, staff, ack),
                                    Err(_) => ().into_any(),
                                }
                            })}
                        </Suspense>
                        <AxisTables d=d.clone()/>
                        {region.then(|| view! { <ByPlatform d=d.clone()/> })}
                        {staff.then(|| view! { <ObjectiveForm year=d.year set/> })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// The drill-down's rows; the second cell opens the record's page.
fn record_rows(d: &DrillDown) -> AnyView {
    d.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let href = d.links.get(i).cloned().flatten();
            let cells = r
                .iter()
                .enumerate()
                .map(|(k, c)| match (&href, k) {
                    (Some(href), 1) => {
                        view! { <td><a href=href.clone()>{c.clone()}</a></td> }.into_any()
                    }
                    _ => view! { <td>{c.clone()}</td> }.into_any(),
                })
                .collect_view();
            view! { <tr>{cells}</tr> }.into_any()
        })
        .collect_view()
        .into_any()
}

/// `/equipe/indicateurs/:key`.
#[component]
pub fn IndicatorRecordsPage() -> impl IntoView {
    let params = period_params();
    let path = use_params_map();
    let key = move || path.read().get("key").unwrap_or_default();
    let data = Resource::new(
        move || (key(), params()),
        |(key, [annee, mois, du, au, plateforme])| {
            indicator_records(key, annee, mois, du, au, plateforme)
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |d| {
                    let f = d.figure.clone();
                    view! {
                        <Title text=f.label.clone()/>
                        <h1>{f.label.clone()}</h1>
                        <p class="meta">{d.period.clone()}" · "<strong>{format!("Valeur : {}", f.shown())}</strong>{format!(" · {} enregistrement(s)", d.rows.len())}</p>
                        <p>{f.rule.clone()}</p>
                        <p><a href=format!("/equipe/indicateurs?{}", d.query)>"← Tous les indicateurs"</a></p>
                        {if d.rows.is_empty() {
                            view! { <p>"Aucun enregistrement dans la période."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll" tabindex="0" role="region" aria-label="Enregistrements comptés">
                                    <table class="table records">
                                        <caption>"Enregistrements comptés"</caption>
                                        <thead><tr>{d.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}</tr></thead>
                                        <tbody>{record_rows(&d)}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
