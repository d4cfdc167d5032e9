//! The export of offers shared with France Travail, in a documented,
//! machine-readable format (JSON and CSV): see
//! `docs/export-france-travail.md`.

use serde::Serialize;

use crate::backend::csv;
use crate::backend::db::Pool;
use crate::backend::rome;
use crate::model::{ContractType, PublishedElsewhere, WorkingTime};

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

/// One offer shared with at least one France Travail organisation: every
/// field of the offer (see `docs/export-france-travail.md`).
#[derive(Debug, Serialize)]
pub struct ExportedOffer {
    pub id: i64,
    /// `published`, or the final status of a closed offer (partner API).
    pub status: &'static str,
    pub updated_at: String,
    pub platform: String,
    pub title: String,
    pub rome_code: Option<String>,
    pub rome_label: Option<String>,
    pub contract: &'static str,
    pub contract_label: &'static str,
    pub contract_months: Option<i64>,
    pub working_time: &'static str,
    pub working_time_label: &'static str,
    pub weekly_hours: Option<i64>,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub positions: i64,
    pub start_date: Option<String>,
    pub expires_at: Option<String>,
    pub licences: String,
    pub commune_insee: String,
    pub postal_code: String,
    pub commune: String,
    pub description: String,
    pub published_elsewhere: &'static str,
    pub hidden_market: bool,
    pub company_name: String,
    pub company_siret: String,
    pub company_naf_division: Option<String>,
    pub submitted_at: String,
    pub published_at: Option<String>,
    pub platform_contact: PlatformContact,
    pub shares: Vec<ExportedShare>,
}

/// The person of the platform to call about the offer: the one who shared
/// it with France Travail.
#[derive(Debug, Serialize)]
pub struct PlatformContact {
    pub name: String,
    pub email: String,
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
    status: String,
    updated_at: i64,
    platform: String,
    title: String,
    rome_code: Option<String>,
    contract_type: String,
    contract_months: Option<i64>,
    working_time: String,
    weekly_hours: Option<i64>,
    salary_min: Option<i64>,
    salary_max: Option<i64>,
    positions: i64,
    start_date: Option<String>,
    expires_at: Option<i64>,
    licences: String,
    commune_insee: String,
    postal_code: String,
    commune: String,
    description: String,
    published_elsewhere: String,
    company_name: String,
    company_siret: String,
    naf_division: Option<String>,
    created_at: i64,
    published_at: Option<i64>,
    organisation: String,
    shared_at: i64,
    first_opened_at: Option<i64>,
    shared_by_name: String,
    shared_by_email: String,
}

/// Which offers to export.
enum Filter {
    /// The published offers of a platform (every platform for `None`)
    /// shared with a France Travail organisation.
    FranceTravail { platform_id: Option<i64> },
    /// The offers shared with one organisation, live or closed, changed or
    /// shared since an instant (all for `None`).
    Partner { org_id: i64, since: Option<i64> },
}

/// The published offers of a platform (all platforms for `None`) shared
/// with a France Travail organisation, oldest first.
pub async fn build(pool: &Pool, platform_id: Option<i64>) -> sqlx::Result<Export> {
    export(pool, Filter::FranceTravail { platform_id }).await
}

/// The offers shared with a partner organisation (live, or closed with
/// their final status), changed or shared since `since`, oldest first: what
/// the partner API serves.
pub async fn for_partner(pool: &Pool, org_id: i64, since: Option<i64>) -> sqlx::Result<Export> {
    export(pool, Filter::Partner { org_id, since }).await
}

async fn export(pool: &Pool, filter: Filter) -> sqlx::Result<Export> {
    let (platform_id, org_id, since) = match filter {
        Filter::FranceTravail { platform_id } => (platform_id, None, None),
        Filter::Partner { org_id, since } => (None, Some(org_id), since),
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT o.id, o.status, o.updated_at, p.name AS platform, o.title, o.rome_code, o.contract_type, o.contract_months, \
         o.working_time, o.weekly_hours, o.salary_min, o.salary_max, o.positions, o.start_date, \
         o.expires_at, o.licences, o.commune_insee, cm.postal_code, cm.name AS commune, o.description, \
         o.published_elsewhere, co.name AS company_name, co.siret AS company_siret, co.naf_division, \
         o.created_at, o.published_at, org.name AS organisation, s.shared_at, s.first_opened_at, \
         u.full_name AS shared_by_name, u.email AS shared_by_email \
         FROM offers o \
         JOIN platforms p ON p.id = o.platform_id \
         JOIN companies co ON co.id = o.company_id \
         JOIN communes cm ON cm.insee = o.commune_insee \
         JOIN offer_shares s ON s.offer_id = o.id \
         JOIN partner_orgs org ON org.id = s.partner_org_id \
         JOIN users u ON u.id = s.shared_by \
         WHERE ($2 IS NULL AND org.kind = 'france_travail' AND o.status = 'published' \
                AND ($1 IS NULL OR o.platform_id = $1)) \
            OR (s.partner_org_id = $2 AND o.status IN {readable} \
                AND ($3 IS NULL OR o.updated_at >= $3 OR s.shared_at >= $3)) \
         ORDER BY o.id, s.shared_at",
        readable = crate::backend::repo::shares::READABLE
    ))
    .bind(platform_id)
    .bind(org_id)
    .bind(since)
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
        let working = WorkingTime::from_code(&r.working_time).unwrap_or(WorkingTime::FullTime);
        let published = PublishedElsewhere::from_code(&r.published_elsewhere)
            .unwrap_or(PublishedElsewhere::Nowhere);
        let rome = r.rome_code.as_deref().and_then(rome::job);
        let status = crate::model::OfferStatus::from_code(&r.status)
            .unwrap_or(crate::model::OfferStatus::Published);
        offers.push(ExportedOffer {
            id: r.id,
            status: status.code(),
            updated_at: iso(r.updated_at),
            platform: r.platform,
            title: r.title,
            rome_code: rome.as_ref().map(|j| j.code.clone()),
            rome_label: rome.map(|j| j.label),
            contract: contract.code(),
            contract_label: contract.label(),
            contract_months: r.contract_months,
            working_time: working.code(),
            working_time_label: working.label(),
            weekly_hours: r.weekly_hours,
            salary_min: r.salary_min,
            salary_max: r.salary_max,
            positions: r.positions,
            start_date: r.start_date.filter(|d| !d.is_empty()),
            expires_at: r.expires_at.map(iso),
            licences: r.licences,
            commune_insee: r.commune_insee,
            postal_code: r.postal_code,
            commune: r.commune,
            description: r.description,
            published_elsewhere: published.code(),
            hidden_market: published == PublishedElsewhere::Nowhere,
            company_name: r.company_name,
            company_siret: r.company_siret,
            company_naf_division: r.naf_division.filter(|n| !n.is_empty()),
            submitted_at: iso(r.created_at),
            published_at: r.published_at.map(iso),
            platform_contact: PlatformContact {
                name: r.shared_by_name,
                email: r.shared_by_email,
            },
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

/// An optional number as CSV text (empty when absent).
fn opt(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The same export as CSV, one line per offer (organisations joined by
/// ` | `), with the same fields under French column names.
pub fn to_csv(export: &Export) -> String {
    let rows: Vec<Vec<String>> = export
        .offers
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                o.platform.clone(),
                o.title.clone(),
                o.rome_code.clone().unwrap_or_default(),
                o.rome_label.clone().unwrap_or_default(),
                o.contract.to_owned(),
                opt(o.contract_months),
                o.working_time.to_owned(),
                opt(o.weekly_hours),
                opt(o.salary_min),
                opt(o.salary_max),
                o.positions.to_string(),
                o.start_date.clone().unwrap_or_default(),
                o.expires_at.clone().unwrap_or_default(),
                o.commune_insee.clone(),
                o.postal_code.clone(),
                o.commune.clone(),
                if o.hidden_market { "oui" } else { "non" }.to_owned(),
                o.published_elsewhere.to_owned(),
                o.company_name.clone(),
                o.company_siret.clone(),
                o.company_naf_division.clone().unwrap_or_default(),
                o.submitted_at.clone(),
                o.published_at.clone().unwrap_or_default(),
                o.platform_contact.name.clone(),
                o.platform_contact.email.clone(),
                o.shares
                    .iter()
                    .map(|s| s.organisation.as_str())
                    .collect::<Vec<_>>()
                    .join(" | "),
                o.shares
                    .first()
                    .map(|s| s.shared_at.clone())
                    .unwrap_or_default(),
                o.licences.clone(),
                o.description.clone(),
            ]
        })
        .collect();
    csv::document(&CSV_COLUMNS, &rows)
}

/// The CSV's columns, in order.
pub const CSV_COLUMNS: [&str; 30] = [
    "id",
    "plateforme",
    "intitule",
    "code_rome",
    "libelle_rome",
    "contrat",
    "duree_contrat_mois",
    "temps_travail",
    "heures_hebdo",
    "salaire_min",
    "salaire_max",
    "postes",
    "date_debut",
    "expire_le",
    "commune_insee",
    "code_postal",
    "commune",
    "offre_cachee",
    "publiee_ailleurs",
    "entreprise",
    "siret",
    "division_naf",
    "deposee_le",
    "publiee_le",
    "contact_plateforme",
    "email_contact_plateforme",
    "agences_france_travail",
    "partagee_le",
    "permis_qualifications",
    "description",
];
