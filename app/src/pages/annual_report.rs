//! `/equipe/bilan-annuel`: the annual and intermediate reports. Staff
//! write the narrative per axis (saved as they type once the page has
//! loaded its script, and with the draft button without it), then lock it;
//! the PDF and the workbook download from here. The Région lists every
//! platform's reports and reads each.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::cycle::{
    annual_report_of, annual_reports, AnnualReportForm, AutosaveAnnualReport, SaveAnnualReport,
};
use crate::components::form::{action_errors, CheckboxField, ErrorsSignal, FormAlert, TextArea};
use crate::components::year_form::{query_value, YearForm};
use crate::error::AppError;
use crate::model::cycle::{AnnualReport, ReportLine, ReportPeriod};
use crate::model::indicators::axis_label;
use crate::pages::{loaded, loading};

/// The query of a report's downloads.
fn report_query(year: i32, period: ReportPeriod, platform: Option<i64>) -> String {
    let mut q = format!("annee={year}&periode={}", period.code());
    if let Some(p) = platform {
        q.push_str(&format!("&plateforme={p}"));
    }
    q
}

/// The workbook of the report's months.
fn workbook_link(year: i32, period: ReportPeriod, platform: Option<i64>) -> String {
    let mut q = match period {
        ReportPeriod::Annual => format!("annee={year}"),
        ReportPeriod::Intermediate => format!("du={year}-01-01&au={year}-06-30"),
    };
    if let Some(p) = platform {
        q.push_str(&format!("&plateforme={p}"));
    }
    format!("/equipe/indicateurs.xlsx?{q}")
}

/// The value of a text area of the page (the hydrated autosave reads them).
fn field_value(_id: &str) -> String {
    #[cfg(feature = "hydrate")]
    let value = {
        use wasm_bindgen::JsCast;
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(_id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|t| t.value())
            .unwrap_or_default()
    };
    #[cfg(not(feature = "hydrate"))]
    let value = String::new();
    value
}

fn form_now(year: i32, period: ReportPeriod) -> AnnualReportForm {
    AnnualReportForm {
        annee: year.to_string(),
        periode: period.code().to_owned(),
        axe1_faits: field_value("axe1_faits"),
        axe1_difficultes: field_value("axe1_difficultes"),
        axe1_perspectives: field_value("axe1_perspectives"),
        axe2_faits: field_value("axe2_faits"),
        axe2_difficultes: field_value("axe2_difficultes"),
        axe2_perspectives: field_value("axe2_perspectives"),
        axe3_faits: field_value("axe3_faits"),
        axe3_difficultes: field_value("axe3_difficultes"),
        axe3_perspectives: field_value("axe3_perspectives"),
        axe4_faits: field_value("axe4_faits"),
        axe4_difficultes: field_value("axe4_difficultes"),
        axe4_perspectives: field_value("axe4_perspectives"),
        intent: String::new(),
        confirmation: String::new(),
    }
}

/// The narrative fields (`children`) saved as they are typed, with the
/// line that says when they last were (an island).
#[island]
pub fn ReportAutosave(
    year: i32,
    period: ReportPeriod,
    saved_at: Option<String>,
    children: Children,
) -> impl IntoView {
    let autosave = ServerAction::<AutosaveAnnualReport>::new();
    let pending = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let editor = NodeRef::<leptos::html::Div>::new();
    let on_input = move |_| {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                // The editor may be gone meanwhile (locked, left: the page
                // shown in place no longer holds it).
                let here = editor.get_untracked().is_some_and(|el| el.is_connected());
                if pending.try_get_value().is_none() || !here {
                    return;
                }
                autosave.dispatch(AutosaveAnnualReport {
                    form: form_now(year, period),
                });
            },
            std::time::Duration::from_millis(1200),
        )
        .ok();
        pending.set_value(handle);
    };
    // A draft save still waiting when the editor goes is dropped.
    on_cleanup(move || {
        if let Some(Some(h)) = pending.try_get_value() {
            h.clear();
        }
    });
    let status = move || {
        match autosave.value().get() {
        Some(Ok(at)) => Some(format!("Brouillon enregistré automatiquement à {at}.")),
        Some(Err(_)) => Some("Le brouillon n'a pas pu être enregistré automatiquement : utilisez le bouton « Enregistrer le brouillon ».".to_owned()),
        None => saved_at.clone().map(|at| format!("Dernier enregistrement : {at}.")),
    }
    };
    view! {
        <div node_ref=editor on:input=on_input>{children()}</div>
        <p class="meta" role="status" aria-live="polite">{status}</p>
    }
}

/// The editable report.
#[component]
fn ReportEditor(r: AnnualReport, save: ServerAction<SaveAnnualReport>) -> impl IntoView {
    let errors: ErrorsSignal = action_errors(save.value());
    let axes = (1..=4u8)
        .map(|axis| {
            let fields = r
                .fields
                .iter()
                .filter(|(_, a, ..)| *a == axis)
                .map(|(name, _, part, text)| {
                    let name: &'static str = match name.as_str() {
                        "axe1_faits" => "axe1_faits",
                        "axe1_difficultes" => "axe1_difficultes",
                        "axe1_perspectives" => "axe1_perspectives",
                        "axe2_faits" => "axe2_faits",
                        "axe2_difficultes" => "axe2_difficultes",
                        "axe2_perspectives" => "axe2_perspectives",
                        "axe3_faits" => "axe3_faits",
                        "axe3_difficultes" => "axe3_difficultes",
                        "axe3_perspectives" => "axe3_perspectives",
                        "axe4_faits" => "axe4_faits",
                        "axe4_difficultes" => "axe4_difficultes",
                        _ => "axe4_perspectives",
                    };
                    view! {
                        <TextArea name label=format!("Axe {axis} – {part}") rows=4 initial=text.clone() errors/>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field-group">
                    <legend>{axis_label(axis)}</legend>
                    {fields}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:novalidate=true attr:class="form">
            <FormAlert errors/>
            <input type="hidden" name="annee" value=r.year.to_string()/>
            <input type="hidden" name="periode" value=r.period.code()/>
            <ReportAutosave year=r.year period=r.period saved_at=r.saved_at.clone()>{axes}</ReportAutosave>
            <button type="submit" name="intent" value="brouillon" class="button button-secondary">"Enregistrer le brouillon"</button>
            <h2>"Verrouiller et envoyer"</h2>
            <p>"Une fois verrouillé, le bilan ne change plus : le PDF est établi avec les chiffres du jour, gardé tel quel et envoyé aux destinataires des bilans de la plateforme."</p>
            <CheckboxField name="confirmation" label="Je confirme que ce bilan est définitif" errors/>
            <button type="submit" name="intent" value="verrouiller" class="button">"Verrouiller et envoyer le bilan"</button>
        </ActionForm>
    }
}

/// The report as read (locked, or by the Région).
fn report_text(r: &AnnualReport) -> impl IntoView {
    (1..=4u8)
        .map(|axis| {
            let parts = r
                .fields
                .iter()
                .filter(|(_, a, ..)| *a == axis)
                .map(|(_, _, part, text)| {
                    let text = if text.is_empty() {
                        "Non renseigné.".to_owned()
                    } else {
                        text.clone()
                    };
                    view! { <h4>{part.clone()}</h4><p class="pre-line">{text}</p> }
                })
                .collect_view();
            view! { <section class="panel"><h3>{axis_label(axis)}</h3>{parts}</section> }
        })
        .collect_view()
}

fn report_view(
    r: AnnualReport,
    platform: Option<i64>,
    save: ServerAction<SaveAnnualReport>,
) -> AnyView {
    let query = report_query(r.year, r.period, platform);
    let other = match r.period {
        ReportPeriod::Annual => ReportPeriod::Intermediate,
        ReportPeriod::Intermediate => ReportPeriod::Annual,
    };
    let other_link = format!(
        "/equipe/bilan-annuel?{}",
        report_query(r.year, other, platform)
    );
    let state = match &r.locked_at {
        Some(at) => format!("Verrouillé et envoyé le {at}."),
        None => "Brouillon : pas encore verrouillé.".to_owned(),
    };
    view! {
        <section aria-labelledby="report-title">
            <h2 id="report-title">{format!("{} {} – {}", r.period.label(), r.year, r.platform)}</h2>
            <p class="meta">{state}</p>
            <p class="actions">
                <a class="button button-secondary" href=format!("/equipe/bilan-annuel.pdf?{query}") download>"Télécharger le bilan (PDF)"</a>
                " "
                <a class="button button-secondary" href=workbook_link(r.year, r.period, platform) download>"Télécharger les indicateurs (XLSX)"</a>
                " "
                <a href=other_link>{format!("Voir le {}", other.label().to_lowercase())}</a>
            </p>
            {if r.editable {
                view! { <ReportEditor r=r.clone() save/> }.into_any()
            } else {
                report_text(&r).into_any()
            }}
        </section>
    }
    .into_any()
}

fn list_view(lines: Vec<ReportLine>, year: i32, year_form: bool) -> AnyView {
    let several = lines
        .iter()
        .map(|l| l.platform_id)
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        > 1;
    let rows = lines
        .into_iter()
        .map(|l| {
            let q = report_query(l.year, l.period, Some(l.platform_id));
            let state = l.locked_at.clone().map_or_else(|| "Brouillon ou pas commencé".to_owned(), |at| format!("Verrouillé le {at}"));
            view! {
                <tr>
                    <th scope="row">{l.platform.clone()}</th>
                    <td>{l.period.label()}</td>
                    <td>{state}</td>
                    <td>
                        <a href=format!("/equipe/bilan-annuel?{q}")>{format!("Lire : {} – {}", l.platform, l.period.label())}</a>" · "
                        <a href=format!("/equipe/bilan-annuel.pdf?{q}") download>{format!("PDF : {} – {}", l.platform, l.period.label())}</a>" · "
                        <a href=format!("/equipe/programme?annee={}&plateforme={}", l.year, l.platform_id)>"Programme"</a>" · "
                        <a href=format!("/equipe/gouvernance?annee={}&plateforme={}", l.year, l.platform_id)>"Gouvernance"</a>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="reports-title">
            <h2 id="reports-title">{format!("Bilans {year}")}</h2>
            {year_form.then(|| view! { <YearForm action="/equipe/bilan-annuel" year/> })}
            {several.then(|| view! {
                <p><a class="button button-secondary" href=format!("/region/synthese.pdf?annee={year}") download>"Télécharger la synthèse régionale (PDF)"</a></p>
            })}
            <div class="table-scroll" tabindex="0" role="region" aria-label="Bilans de l'année">
                <table class="table">
                    <caption>{format!("Bilans annuels et intermédiaires {year}")}</caption>
                    <thead><tr><th scope="col">"Plateforme"</th><th scope="col">"Bilan"</th><th scope="col">"État"</th><th scope="col">"Consulter"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// `/equipe/bilan-annuel`.
#[component]
pub fn AnnualReportPage() -> impl IntoView {
    let annee = query_value("annee");
    let periode = query_value("periode");
    let plateforme = query_value("plateforme");
    let saved = query_value("enregistre");
    let save = ServerAction::<SaveAnnualReport>::new();
    let report = Resource::new(
        move || (annee(), periode(), plateforme(), save.version().get()),
        |(a, p, pl, _)| annual_report_of(a, p, pl),
    );
    let list = Resource::new(
        move || (annee(), save.version().get()),
        |(a, _)| annual_reports(a),
    );
    let message = move || match saved().as_deref() {
        Some("brouillon") => Some("Le brouillon est enregistré."),
        Some("verrouille") => {
            Some("Le bilan est verrouillé et envoyé aux destinataires des bilans.")
        }
        _ => None,
    };
    view! {
        <Title text="Bilan annuel"/>
        <h1>"Bilan annuel et bilan intermédiaire"</h1>
        {move || message().map(|m| view! { <div class="alert alert-success" role="status"><p>{m}</p></div> })}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let platform = plateforme().and_then(|p| p.parse::<i64>().ok());
                let period = periode().and_then(|p| ReportPeriod::from_code(&p));
                let mut alone = false;
                let shown = match report.await {
                    Ok(r) => {
                        let year = r.year;
                        view! {
                            <YearForm action="/equipe/bilan-annuel" year platform period=period.map(ReportPeriod::code)/>
                            {report_view(r, platform, save)}
                        }
                        .into_any()
                    }
                    // The Région without a platform chosen: the list only.
                    Err(AppError::NotFound) if platform.is_none() => {
                        alone = true;
                        ().into_any()
                    }
                    Err(e) => loaded::<()>(Err(e), |_| ().into_any()),
                };
                let lines = list.await;
                view! {
                    {shown}
                    {loaded(lines, move |l| {
                        let year = l.first().map_or(0, |x| x.year);
                        list_view(l, year, alone)
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
}
