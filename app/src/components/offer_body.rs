//! An offer's description and facts, as staff, partners, the company and
//! the public read them.

use leptos::prelude::*;

use crate::model::{french_date, OfferDetail};

/// The conditions of an offer, as definition-list entries.
#[component]
fn TermsFacts(offer: OfferDetail) -> impl IntoView {
    let s = offer.summary;
    let t = offer.terms;
    let contract = match t.contract_months.filter(|_| s.contract.has_duration()) {
        Some(m) => format!("{} de {m} mois", s.contract.label()),
        None => s.contract.label().to_owned(),
    };
    view! {
        {offer.rome.map(|j| view! { <dt>"Métier"</dt><dd>{j.display()}</dd> })}
        <dt>"Contrat"</dt><dd>{contract}</dd>
        <dt>"Temps de travail"</dt><dd>{t.working_time_text()}</dd>
        {t.salary_text().map(|v| view! { <dt>"Salaire"</dt><dd>{v}</dd> })}
        <dt>"Postes"</dt><dd>{s.positions}</dd>
        <dt>"Commune"</dt><dd>{s.commune_name}</dd>
        {t.start_date.map(|d| view! { <dt>"Début souhaité"</dt><dd>{french_date(&d)}</dd> })}
        {(!t.licences.is_empty()).then(|| view! { <dt>"Permis et qualifications"</dt><dd>{t.licences.clone()}</dd> })}
    }
}

/// The screening questions of an offer, if any.
#[component]
fn Questions(questions: Vec<String>) -> impl IntoView {
    (!questions.is_empty()).then(|| {
        view! {
            <h2>"Questions aux candidats"</h2>
            <ol>{questions.into_iter().map(|q| view! { <li>{q}</li> }).collect_view()}</ol>
        }
    })
}

/// The whole offer, as staff and partners read it.
#[component]
pub fn OfferBody(offer: OfferDetail) -> impl IntoView {
    let s = offer.summary.clone();
    let t = offer.terms.clone();
    let consents = match (t.share_with_partners, t.publish_publicly) {
        (true, true) => "Partage avec les partenaires et publication publique acceptés",
        (true, false) => "Partage avec les partenaires accepté ; pas de publication publique",
        (false, true) => "Publication publique acceptée ; pas de partage avec les partenaires",
        (false, false) => "Ni partage avec les partenaires ni publication publique",
    };
    view! {
        <dl class="facts">
            <dt>"Entreprise"</dt><dd>{s.company_name}" (SIRET "{offer.company_siret.clone()}")"</dd>
            <TermsFacts offer=offer.clone()/>
            <dt>"Diffusion"</dt><dd>{offer.published_elsewhere.label()}</dd>
            <dt>"Accord de l'entreprise"</dt><dd>{consents}</dd>
            <dt>"Plateforme"</dt><dd>{offer.platform_name.clone()}</dd>
            <dt>"Déposée le"</dt><dd>{s.submitted_on}</dd>
            {offer.expires_on.clone().map(|d| view! { <dt>"Expire le"</dt><dd>{d}</dd> })}
            {offer.hires.map(|h| {
                let how = if offer.filled_via_platform == Some(true) { "grâce à la plateforme" } else { "hors plateforme" };
                view! { <dt>"Recrutements"</dt><dd>{format!("{h} ({how})")}</dd> }
            })}
        </dl>
        <h2>"Description"</h2>
        <p class="description">{offer.description.clone()}</p>
        <Questions questions=t.questions/>
    }
}

/// The offer as the public reads it: no SIRET, no internal details.
#[component]
pub fn PublicOfferBody(offer: OfferDetail, published_on: String) -> impl IntoView {
    let company = offer.summary.company_name.clone();
    view! {
        <dl class="facts">
            <dt>"Entreprise"</dt><dd>{company}</dd>
            <TermsFacts offer=offer.clone()/>
            <dt>"Publiée le"</dt><dd>{published_on}</dd>
        </dl>
        <h2>"Description"</h2>
        <p class="description">{offer.description.clone()}</p>
    }
}
