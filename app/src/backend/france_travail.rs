//! The export of offers shared with France Travail, in a documented,
//! machine-readable format (JSON and CSV): see
//! `docs/export-france-travail.md`.

use serde::Serialize;

use crate::backend::csv;
use crate::backend::db::Pool;
use crate::model::{ContractType, PublishedElsewhere};

/// The name and version of the format.
pub const FORMAT: &str = "prochemploi-offres-france-travail";
/// Bumped on any incompatible change of the format.
pub const VERSION: u32 = 1;

/// The whole export.
#[derive(Debug, Serialize)]
pub struct Export {
    pub format: &'static str,
    pub version: u32,
    pub generated_at: String,
    pub offers: Vec<ExportedOffer>,
}

/// One offer shared with at least one France Travail organisation.
#[derive(Debug, Serialize)]
pub struct ExportedOffer {
    pub id: i64,
    pub platform: String,
    pub title: String,
    pub contract: &'static str,
    pub contract_label: &'static str,
    pub positions: i64,
    pub commune_insee: String,
    pub commune: String,
    pub description: String,
    pub published_elsewhere: &'static str,
    pub hidden_market: bool,
    pub company_name: String,
    pub company_siret: String,
    pub submitted_at: String,
    pub shares: Vec<ExportedShare>,
}

/// A France Travail organisation the offer was shared with.
#[derive(Debug, Serialize)]
pub struct ExportedShare {
    pub organisation: String,
    pub shared_at: String,
    pub first_opened_at: Option<String>,
}

/// RFC 3339 in UTC ("2026-11-29T13:05:00Z").
fn iso(ts: i64) -> String {
    jiff::Timestamp::from_second(ts)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    platform: String,
    title: String,
    contract_type: String,
    positions: i64,
    commune_insee: String,
    commune: String,
    description: String,
    published_elsewhere: String,
    company_name: String,
    company_siret: String,
    created_at: i64,
    organisation: String,
    shared_at: i64,
    first_opened_at: Option<i64>,
}

/// The published offers of a platform (all platforms for `None`) shared
/// with a France Travail organisation, oldest first.
pub async fn build(pool: &Pool, platform_id: Option<i64>) -> sqlx::Result<Export> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.id, p.name AS platform, o.title, o.contract_type, o.positions, o.commune_insee, \
         cm.name AS commune, o.description, o.published_elsewhere, co.name AS company_name, \
         co.siret AS company_siret, o.created_at, org.name AS organisation, s.shared_at, s.first_opened_at \
         FROM offers o \
         JOIN platforms p ON p.id = o.platform_id \
         JOIN companies co ON co.id = o.company_id \
         JOIN communes cm ON cm.insee = o.commune_insee \
         JOIN offer_shares s ON s.offer_id = o.id \
         JOIN partner_orgs org ON org.id = s.partner_org_id \
         WHERE org.kind = 'france_travail' AND o.status = 'published' \
           AND ($1 IS NULL OR o.platform_id = $1) \
         ORDER BY o.id, s.shared_at",
    )
    .bind(platform_id)
    .fetch_all(pool)
    .await?;
    let mut offers: Vec<ExportedOffer> = Vec::new();
    for r in rows {
        let share = ExportedShare {
            organisation: r.organisation.clone(),
            shared_at: iso(r.shared_at),
            first_opened_at: r.first_opened_at.map(iso),
        };
        if let Some(last) = offers.last_mut().filter(|o| o.id == r.id) {
            last.shares.push(share);
            continue;
        }
        let contract = ContractType::from_code(&r.contract_type).unwrap_or(ContractType::Cdi);
        let published = PublishedElsewhere::from_code(&r.published_elsewhere)
            .unwrap_or(PublishedElsewhere::Nowhere);
        offers.push(ExportedOffer {
            id: r.id,
            platform: r.platform,
            title: r.title,
            contract: contract.code(),
            contract_label: contract.label(),
            positions: r.positions,
            commune_insee: r.commune_insee,
            commune: r.commune,
            description: r.description,
            published_elsewhere: published.code(),
            hidden_market: published == PublishedElsewhere::Nowhere,
            company_name: r.company_name,
            company_siret: r.company_siret,
            submitted_at: iso(r.created_at),
            shares: vec![share],
        });
    }
    Ok(Export {
        format: FORMAT,
        version: VERSION,
        generated_at: iso(super::db::now()),
        offers,
    })
}

/// The same export as CSV, one line per offer (organisations joined by ` | `).
pub fn to_csv(export: &Export) -> String {
    let rows: Vec<Vec<String>> = export
        .offers
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                o.platform.clone(),
                o.title.clone(),
                o.contract.to_owned(),
                o.positions.to_string(),
                o.commune_insee.clone(),
                o.commune.clone(),
                if o.hidden_market { "oui" } else { "non" }.to_owned(),
                o.company_name.clone(),
                o.company_siret.clone(),
                o.submitted_at.clone(),
                o.shares
                    .iter()
                    .map(|s| s.organisation.as_str())
                    .collect::<Vec<_>>()
                    .join(" | "),
                o.shares
                    .first()
                    .map(|s| s.shared_at.clone())
                    .unwrap_or_default(),
                o.description.clone(),
            ]
        })
        .collect();
    csv::document(
        &[
            "id",
            "plateforme",
            "intitule",
            "contrat",
            "postes",
            "commune_insee",
            "commune",
            "offre_cachee",
            "entreprise",
            "siret",
            "deposee_le",
            "agences_france_travail",
            "partagee_le",
            "description",
        ],
        &rows,
    )
}
