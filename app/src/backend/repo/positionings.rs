//! Named positionings: applications a partner adviser proposed to the
//! employer, with the partner organisation and the adviser; what the
//! company saw; the reach of an offer among partners.

use crate::backend::clock;
use crate::backend::db::{now, Pool, Tx};
use crate::backend::privacy::consents::{self, Subject};
use crate::model::application::{ApplicationStatus, RefusalReason};
use crate::model::positioning::{CheckedPositioning, PositioningLine, ReachLine};
use crate::model::PartnerKind;

/// Who positioned a candidate.
pub struct Positioner {
    pub org_id: i64,
    pub adviser_id: i64,
}

/// The positioning a form key already recorded, if any.
pub async fn by_key(tx: &mut Tx, key: &str) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM applications WHERE request_key = $1")
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Whether the same person (same e-mail, or same name when no e-mail was
/// given) is already positioned on the offer and not turned down.
pub async fn already_positioned(
    tx: &mut Tx,
    offer_id: i64,
    c: &CheckedPositioning,
) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM applications WHERE offer_id = $1 AND status <> 'not_hired' \
         AND anonymised_at IS NULL AND ((email <> '' AND email = $2) OR (email = '' AND $2 = '' AND full_name = $3)) \
         LIMIT 1",
    )
    .bind(offer_id)
    .bind(&c.email)
    .bind(&c.full_name)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some())
}

/// Records a positioning: an application proposed to the employer at once,
/// its history line and the candidate's consent to be introduced, as told
/// by the adviser.
pub async fn create(
    tx: &mut Tx,
    offer_id: i64,
    by: &Positioner,
    key: &str,
    c: &CheckedPositioning,
) -> sqlx::Result<i64> {
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO applications (offer_id, full_name, email, phone, message, cv_file, status, \
         created_at, updated_at, proposed_at, partner_org_id, positioned_by, request_key, platform_id) \
         VALUES ($1, $2, $3, $4, $5, NULL, 'proposed', $6, $6, $6, $7, $8, $9, \
         (SELECT platform_id FROM offers WHERE id = $1)) RETURNING id",
    )
    .bind(offer_id)
    .bind(&c.full_name)
    .bind(&c.email)
    .bind(super::sealed(&c.phone)?)
    .bind(&c.note)
    .bind(at)
    .bind(by.org_id)
    .bind(by.adviser_id)
    .bind(key)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO application_history (application_id, at, actor_id, status, note) \
         VALUES ($1, $2, $3, 'proposed', 'Positionné par un conseiller partenaire')",
    )
    .bind(id)
    .bind(at)
    .bind(by.adviser_id)
    .execute(&mut **tx)
    .await?;
    consents::record(tx, Subject::Application(id), consents::INTRODUCTION, at).await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    full_name: String,
    email: String,
    phone: String,
    message: String,
    status: String,
    seen_by_company_at: Option<i64>,
    refusal_category: Option<String>,
    created_at: i64,
    adviser: String,
}

/// The candidates an organisation positioned on an offer, oldest first.
pub async fn for_offer(
    pool: &Pool,
    offer_id: i64,
    org_id: i64,
) -> sqlx::Result<Vec<PositioningLine>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.full_name, a.email, a.phone, a.message, a.status, a.seen_by_company_at, \
         a.refusal_category, a.created_at, u.full_name AS adviser FROM applications a \
         JOIN users u ON u.id = a.positioned_by \
         WHERE a.offer_id = $1 AND a.partner_org_id = $2 AND a.anonymised_at IS NULL ORDER BY a.id",
    )
    .bind(offer_id)
    .bind(org_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PositioningLine {
            id: r.id,
            candidate: r.full_name,
            email: r.email,
            phone: crate::backend::secrets::open_field(&r.phone),
            note: r.message,
            status: ApplicationStatus::from_code(&r.status).unwrap_or(ApplicationStatus::Proposed),
            seen: r.seen_by_company_at.is_some(),
            refusal: r
                .refusal_category
                .as_deref()
                .and_then(RefusalReason::from_code),
            positioned_on: clock::date(r.created_at),
            adviser: r.adviser,
        })
        .collect())
}

/// The organisation and the adviser behind an application, when a partner
/// positioned it, with the offer's id.
pub async fn positioner(
    pool: &Pool,
    application_id: i64,
) -> sqlx::Result<Option<(Positioner, i64)>> {
    let row: Option<(Option<i64>, Option<i64>, i64)> = sqlx::query_as(
        "SELECT partner_org_id, positioned_by, offer_id FROM applications WHERE id = $1",
    )
    .bind(application_id)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some((Some(org_id), Some(adviser_id), offer_id)) => {
            Some((Positioner { org_id, adviser_id }, offer_id))
        }
        _ => None,
    })
}

/// Records that the company saw the candidates proposed to it (all of
/// them, or one when `application_id` is given).
pub async fn mark_seen(
    pool: &Pool,
    company_id: i64,
    application_id: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE applications SET seen_by_company_at = $1 \
         WHERE seen_by_company_at IS NULL AND proposed_at IS NOT NULL \
         AND ($3 IS NULL OR id = $3) \
         AND offer_id IN (SELECT id FROM offers WHERE company_id = $2)",
    )
    .bind(now())
    .bind(company_id)
    .bind(application_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Where an offer went among partners, by kind of organisation: how many
/// received it, opened it, positioned candidates and saw one hired.
pub async fn reach(pool: &Pool, offer_id: i64) -> sqlx::Result<Vec<ReachLine>> {
    let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT org.kind, CAST(COUNT(*) AS BIGINT), \
         CAST(SUM(CASE WHEN s.first_opened_at IS NULL THEN 0 ELSE 1 END) AS BIGINT), \
         CAST(SUM((SELECT COUNT(*) FROM applications a WHERE a.offer_id = s.offer_id \
                   AND a.partner_org_id = s.partner_org_id)) AS BIGINT), \
         CAST(SUM((SELECT COUNT(*) FROM applications a WHERE a.offer_id = s.offer_id \
                   AND a.partner_org_id = s.partner_org_id AND a.status = 'hired')) AS BIGINT) \
         FROM offer_shares s JOIN partner_orgs org ON org.id = s.partner_org_id \
         WHERE s.offer_id = $1 GROUP BY org.kind ORDER BY org.kind",
    )
    .bind(offer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, received, opened, positioned, hired)| ReachLine {
            kind: PartnerKind::from_code(&kind).unwrap_or(PartnerKind::Other),
            received,
            opened,
            positioned,
            hired,
        })
        .collect())
}
