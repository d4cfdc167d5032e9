//! Platforms (plateformes territoriales), their territory, and their partner
//! organisations.

use crate::backend::db::{now, Pool, Tx};
use crate::model::{PartnerKind, PartnerOrg, PlatformInfo};

/// Creates a platform with its territory (a set of EPCI codes).
pub async fn create(tx: &mut Tx, slug: &str, name: &str, epcis: &[&str]) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO platforms (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    for epci in epcis {
        sqlx::query("INSERT INTO platform_epcis (platform_id, epci_code) VALUES ($1, $2)")
            .bind(id)
            .bind(*epci)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct PlatformRow {
    id: i64,
    slug: String,
    name: String,
}

/// Every platform, by name.
pub async fn list(pool: &Pool) -> sqlx::Result<Vec<PlatformInfo>> {
    let rows: Vec<PlatformRow> =
        sqlx::query_as("SELECT id, slug, name FROM platforms ORDER BY name")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| PlatformInfo {
            id: r.id,
            slug: r.slug,
            name: r.name,
        })
        .collect())
}

/// Whether a platform exists.
pub async fn exists(pool: &Pool, id: i64) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM platforms WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.is_some())
}

/// Whether a partner organisation exists.
pub async fn partner_org_exists(pool: &Pool, id: i64) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM partner_orgs WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.is_some())
}

/// Whether an EPCI is in the reference list.
pub async fn epci_exists(pool: &Pool, code: &str) -> sqlx::Result<bool> {
    let row: Option<(String,)> = sqlx::query_as("SELECT code FROM epcis WHERE code = $1")
        .bind(code)
        .fetch_optional(pool)
        .await?;
    Ok(row.is_some())
}

/// Creates a partner organisation attached to a platform.
pub async fn create_partner_org(
    tx: &mut Tx,
    platform_id: i64,
    kind: PartnerKind,
    name: &str,
) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO partner_orgs (platform_id, kind, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(platform_id)
    .bind(kind.code())
    .bind(name)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: i64,
    name: String,
    kind: String,
}

/// The partner organisations of a platform, France Travail first.
pub async fn partner_orgs(pool: &Pool, platform_id: i64) -> sqlx::Result<Vec<PartnerOrg>> {
    let rows: Vec<OrgRow> = sqlx::query_as(
        "SELECT id, name, kind FROM partner_orgs WHERE platform_id = $1 ORDER BY name",
    )
    .bind(platform_id)
    .fetch_all(pool)
    .await?;
    let mut orgs: Vec<PartnerOrg> = rows
        .into_iter()
        .map(|r| PartnerOrg {
            id: r.id,
            name: r.name,
            kind: PartnerKind::from_code(&r.kind).unwrap_or(PartnerKind::Other),
        })
        .collect();
    orgs.sort_by_key(|o| PartnerKind::ALL.iter().position(|k| *k == o.kind));
    Ok(orgs)
}
