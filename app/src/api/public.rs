//! The public offers: search and detail, open to everyone, limited to the
//! published offers whose company agreed to public publication.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{PublicOfferView, PublicOffers, PublicQuery};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::clock,
    crate::backend::repo::public_offers,
    crate::model::{ContractType, OfferDetail, WorkingTime},
};

/// One page of the public offers matching a search.
#[server(endpoint = "search_public_offers")]
pub async fn search_public_offers(query: PublicQuery) -> Result<PublicOffers, AppError> {
    super::run(async move {
        let state = auth::state()?;
        Ok(state.search_cache.search(&state.pool, &query).await?)
    })
    .await
}

/// Jobs to suggest as someone types in the public search's job field
/// (ROME labels and job titles, `Title (CODE)`).
#[server(endpoint = "job_suggestions")]
pub async fn job_suggestions(q: String) -> Result<Vec<String>, AppError> {
    super::run(async move {
        let q: String = q.chars().take(100).collect();
        Ok(crate::backend::rome::suggest(&q, None, 15)
            .iter()
            .map(crate::model::RomeJob::display)
            .collect())
    })
    .await
}

/// Communes to suggest as someone types in a commune field.
#[server(endpoint = "commune_suggestions")]
pub async fn commune_suggestions(q: String) -> Result<Vec<String>, AppError> {
    super::run(async move {
        let q: String = q.chars().take(100).collect();
        Ok(crate::backend::repo::reference::commune_suggestions(&q, 15))
    })
    .await
}

/// A public offer with its schema.org `JobPosting`.
#[server(endpoint = "open_public_offer")]
pub async fn open_public_offer(id: i64) -> Result<PublicOfferView, AppError> {
    super::run(async move {
        let state = auth::state()?;
        let (offer, published_at) = public_offers::public_offer(&state.pool, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let url = state.link(&format!("/offres/{id}"));
        let json_ld = job_posting(&offer, published_at, &url);
        Ok(PublicOfferView {
            offer,
            published_on: clock::date(published_at),
            json_ld,
        })
    })
    .await
}

/// The schema.org `JobPosting` of an offer, as JSON safe to put inside a
/// `<script>` element.
#[cfg(feature = "ssr")]
pub fn job_posting(offer: &OfferDetail, published_at: i64, url: &str) -> String {
    use serde_json::{json, Map, Value};
    let s = &offer.summary;
    let t = &offer.terms;
    let employment = match (s.contract, t.working_time) {
        (ContractType::Stage, _) => "INTERN",
        (ContractType::Interim, _) => "TEMPORARY",
        (ContractType::Cdd | ContractType::Saisonnier, _) => "TEMPORARY",
        (_, WorkingTime::PartTime) => "PART_TIME",
        _ => "FULL_TIME",
    };
    let mut posting = Map::new();
    posting.insert("@context".into(), json!("https://schema.org/"));
    posting.insert("@type".into(), json!("JobPosting"));
    posting.insert("title".into(), json!(s.title));
    posting.insert("description".into(), json!(offer.description));
    posting.insert("datePosted".into(), json!(clock::iso_date(published_at)));
    posting.insert("employmentType".into(), json!(employment));
    posting.insert("totalJobOpenings".into(), json!(s.positions));
    posting.insert("url".into(), json!(url));
    posting.insert(
        "hiringOrganization".into(),
        json!({"@type": "Organization", "name": s.company_name}),
    );
    posting.insert(
        "jobLocation".into(),
        json!({"@type": "Place", "address": {
            "@type": "PostalAddress",
            "addressLocality": s.commune_name,
            "addressRegion": "Hauts-de-France",
            "addressCountry": "FR"
        }}),
    );
    if let Some(job) = &offer.rome {
        posting.insert("occupationalCategory".into(), json!(job.code));
    }
    if let Some(start) = &t.start_date {
        posting.insert("jobStartDate".into(), json!(start));
    }
    if !t.licences.is_empty() {
        posting.insert("qualifications".into(), json!(t.licences));
    }
    if let Some(hours) = t.weekly_hours {
        posting.insert(
            "workHours".into(),
            json!(format!("{hours} heures par semaine")),
        );
    }
    if t.salary_min.is_some() || t.salary_max.is_some() {
        let mut value = Map::new();
        value.insert("@type".into(), json!("QuantitativeValue"));
        value.insert("unitText".into(), json!("MONTH"));
        if let Some(min) = t.salary_min {
            value.insert("minValue".into(), json!(min));
        }
        if let Some(max) = t.salary_max {
            value.insert("maxValue".into(), json!(max));
        }
        posting.insert(
            "baseSalary".into(),
            json!({"@type": "MonetaryAmount", "currency": "EUR", "value": Value::Object(value)}),
        );
    }
    // The expiry date, when known, as the posting's end.
    if let Some(expires) = &offer.expires_on {
        let parts: Vec<&str> = expires.split('/').collect();
        if let [d, m, y] = parts.as_slice() {
            posting.insert("validThrough".into(), json!(format!("{y}-{m}-{d}")));
        }
    }
    crate::model::html_safe::script_json(&Value::Object(posting))
}

/// What the legal pages state (publisher, contacts, retention durations
/// applied by the retention runs).
#[server(endpoint = "legal_info")]
pub async fn legal_info() -> Result<crate::model::legal::LegalInfo, AppError> {
    super::run(async move {
        let state = crate::backend::auth::state()?;
        Ok(state.settings.legal.clone())
    })
    .await
}
