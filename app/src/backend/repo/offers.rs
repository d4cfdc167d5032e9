//! Offers: creation, lists per audience, status changes with their history,
//! and the sharing ledger with partner organisations.

use crate::backend::clock;
use crate::backend::db::{now, Pool, Tx};
use crate::model::validate::CheckedOffer;
use crate::model::{
    ContractType, HistoryLine, OfferDetail, OfferEdit, OfferStatus, OfferSummary, PartnerKind,
    PublishedElsewhere, ShareLine,
};

const SUMMARY_SELECT: &str = "SELECT o.id, o.title, co.name AS company_name, o.contract_type, \
    o.positions, cm.name AS commune_name, o.status, o.status_reason, o.published_elsewhere, \
    o.created_at, o.platform_id, o.company_id, o.description, co.siret AS company_siret, \
    p.name AS platform_name \
    FROM offers o \
    JOIN companies co ON co.id = o.company_id \
    JOIN communes cm ON cm.insee = o.commune_insee \
    JOIN platforms p ON p.id = o.platform_id";

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    title: String,
    company_name: String,
    contract_type: String,
    positions: i64,
    commune_name: String,
    status: String,
    status_reason: Option<String>,
    published_elsewhere: String,
    created_at: i64,
    platform_id: i64,
    company_id: i64,
    description: String,
    company_siret: String,
    platform_name: String,
}

fn published_elsewhere(row: &OfferRow) -> PublishedElsewhere {
    PublishedElsewhere::from_code(&row.published_elsewhere).unwrap_or(PublishedElsewhere::Nowhere)
}

impl OfferRow {
    fn summary(&self) -> OfferSummary {
        OfferSummary {
            id: self.id,
            title: self.title.clone(),
            company_name: self.company_name.clone(),
            contract: ContractType::from_code(&self.contract_type).unwrap_or(ContractType::Cdi),
            positions: self.positions,
            commune_name: self.commune_name.clone(),
            status: OfferStatus::from_code(&self.status).unwrap_or(OfferStatus::Draft),
            status_reason: self.status_reason.clone(),
            hidden_market: published_elsewhere(self) == PublishedElsewhere::Nowhere,
            submitted_on: clock::date(self.created_at),
        }
    }

    fn detail(self) -> OfferDetail {
        OfferDetail {
            summary: self.summary(),
            published_elsewhere: published_elsewhere(&self),
            description: self.description,
            company_siret: self.company_siret,
            platform_name: self.platform_name,
        }
    }
}

/// Where an offer belongs: its platform and company.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owner {
    pub platform_id: i64,
    pub company_id: i64,
}

/// Records a new offer as submitted to the platform, with its first history
/// line.
pub async fn create(
    tx: &mut Tx,
    owner: Owner,
    actor_id: i64,
    offer: &CheckedOffer,
    commune_insee: &str,
) -> sqlx::Result<i64> {
    let at = now();
    let status = OfferStatus::Submitted;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO offers (platform_id, company_id, title, contract_type, positions, commune_insee, \
         description, published_elsewhere, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(owner.platform_id)
    .bind(owner.company_id)
    .bind(&offer.title)
    .bind(offer.contract.code())
    .bind(offer.positions)
    .bind(commune_insee)
    .bind(&offer.description)
    .bind(offer.published_elsewhere.code())
    .bind(status.code())
    .bind(actor_id)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    record_history(tx, id, actor_id, None, status, None, at).await?;
    Ok(id)
}

async fn record_history(
    tx: &mut Tx,
    offer_id: i64,
    actor_id: i64,
    from: Option<OfferStatus>,
    to: OfferStatus,
    reason: Option<&str>,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO offer_history (offer_id, at, actor_id, from_status, to_status, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(offer_id)
    .bind(at)
    .bind(actor_id)
    .bind(from.map(OfferStatus::code))
    .bind(to.code())
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The offers of a company, newest first.
pub async fn for_company(pool: &Pool, company_id: i64) -> sqlx::Result<Vec<OfferSummary>> {
    let rows: Vec<OfferRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE o.company_id = $1 ORDER BY o.id DESC"
    ))
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(OfferRow::summary).collect())
}

/// How staff narrow the offers list.
#[derive(Clone, Debug, Default)]
pub struct OfferFilter {
    pub status: Option<OfferStatus>,
    /// Part of the commune's name.
    pub commune: Option<String>,
    /// Only offers submitted at least this many days ago.
    pub older_than_days: Option<i64>,
}

/// The offers of one platform (or of all, for `None`), those awaiting
/// moderation first, then the newest.
pub async fn for_platform(
    pool: &Pool,
    platform_id: Option<i64>,
    filter: &OfferFilter,
) -> sqlx::Result<Vec<OfferSummary>> {
    let commune = filter
        .commune
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| format!("%{}%", c.to_lowercase()));
    let before = filter.older_than_days.map(|d| now() - d * 86_400);
    let rows: Vec<OfferRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE ($1 IS NULL OR o.platform_id = $1) \
         AND ($2 IS NULL OR o.status = $2) \
         AND ($3 IS NULL OR LOWER(cm.name) LIKE $3) \
         AND ($4 IS NULL OR o.created_at <= $4) \
         ORDER BY CASE WHEN o.status = 'submitted' THEN 0 ELSE 1 END, o.id DESC"
    ))
    .bind(platform_id)
    .bind(filter.status.map(OfferStatus::code))
    .bind(commune)
    .bind(before)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(OfferRow::summary).collect())
}

/// Likely duplicates of an offer: the same company's other live offers with
/// the same contract in the same commune (the ROME code will sharpen this
/// once offers carry it).
pub async fn similar(pool: &Pool, offer_id: i64) -> sqlx::Result<Vec<OfferSummary>> {
    let rows: Vec<OfferRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} JOIN offers ref ON ref.id = $1 \
         WHERE o.id <> ref.id AND o.company_id = ref.company_id \
           AND o.commune_insee = ref.commune_insee AND o.contract_type = ref.contract_type \
           AND o.status IN ('submitted', 'changes_requested', 'published') \
         ORDER BY o.id DESC"
    ))
    .bind(offer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(OfferRow::summary).collect())
}

/// One offer with its owner.
pub async fn detail(pool: &Pool, id: i64) -> sqlx::Result<Option<(Owner, OfferDetail)>> {
    let row: Option<OfferRow> = sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|r| {
        let owner = Owner {
            platform_id: r.platform_id,
            company_id: r.company_id,
        };
        (owner, r.detail())
    }))
}

/// Why a status change did not happen.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("offer not found")]
    NotFound,
    /// The lifecycle does not allow it from the current status.
    #[error("not allowed from status {0:?}")]
    NotAllowed(OfferStatus),
}

/// Changes the status of an offer and records who, when and why, in one
/// transaction; a concurrent change makes it fail rather than overwrite.
pub async fn transition(
    pool: &Pool,
    offer_id: i64,
    to: OfferStatus,
    actor_id: i64,
    reason: Option<&str>,
) -> sqlx::Result<Result<(), TransitionError>> {
    let mut tx = pool.begin().await?;
    let result = transition_in(&mut tx, offer_id, to, actor_id, reason).await?;
    if result.is_ok() {
        tx.commit().await?;
    }
    Ok(result.map(|_| ()))
}

/// [`transition`] inside the caller's transaction (so that e-mails can be
/// queued with it). Returns the status it left.
pub async fn transition_in(
    tx: &mut Tx,
    offer_id: i64,
    to: OfferStatus,
    actor_id: i64,
    reason: Option<&str>,
) -> sqlx::Result<Result<OfferStatus, TransitionError>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT status FROM offers WHERE id = $1")
        .bind(offer_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(from) = row.and_then(|(s,)| OfferStatus::from_code(&s)) else {
        return Ok(Err(TransitionError::NotFound));
    };
    if !from.can_become(to) {
        return Ok(Err(TransitionError::NotAllowed(from)));
    }
    let at = now();
    let updated = sqlx::query(
        "UPDATE offers SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to.code())
    .bind(reason)
    .bind(at)
    .bind(offer_id)
    .bind(from.code())
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(Err(TransitionError::NotAllowed(from)));
    }
    record_history(tx, offer_id, actor_id, Some(from), to, reason, at).await?;
    Ok(Ok(from))
}

/// Replaces what the company wrote in an offer, and records the edit in the
/// history (with the status unchanged).
pub async fn update_content(
    tx: &mut Tx,
    offer_id: i64,
    actor_id: i64,
    offer: &CheckedOffer,
    commune_insee: &str,
) -> sqlx::Result<()> {
    let at = now();
    sqlx::query(
        "UPDATE offers SET title = $1, contract_type = $2, positions = $3, commune_insee = $4, \
         description = $5, published_elsewhere = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(&offer.title)
    .bind(offer.contract.code())
    .bind(offer.positions)
    .bind(commune_insee)
    .bind(&offer.description)
    .bind(offer.published_elsewhere.code())
    .bind(at)
    .bind(offer_id)
    .execute(&mut **tx)
    .await?;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM offers WHERE id = $1")
        .bind(offer_id)
        .fetch_one(&mut **tx)
        .await?;
    let status = OfferStatus::from_code(&status).unwrap_or(OfferStatus::Submitted);
    record_history(
        tx,
        offer_id,
        actor_id,
        Some(status),
        status,
        Some("Offre modifiée par l'entreprise"),
        at,
    )
    .await
}

/// What an offer's edit form starts with.
pub async fn edit_values(pool: &Pool, offer_id: i64) -> sqlx::Result<Option<(Owner, OfferEdit)>> {
    let Some((owner, d)) = detail(pool, offer_id).await? else {
        return Ok(None);
    };
    let commune: Option<(String, String)> = sqlx::query_as(
        "SELECT cm.name, cm.postal_code FROM offers o JOIN communes cm ON cm.insee = o.commune_insee WHERE o.id = $1",
    )
    .bind(offer_id)
    .fetch_optional(pool)
    .await?;
    let s = d.summary;
    Ok(Some((
        owner,
        OfferEdit {
            id: s.id,
            status: s.status,
            title: s.title,
            contract: s.contract.code().to_owned(),
            positions: s.positions.to_string(),
            commune: commune
                .map(|(n, p)| format!("{n} ({p})"))
                .unwrap_or_default(),
            description: d.description,
            published_elsewhere: d.published_elsewhere.code().to_owned(),
        },
    )))
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    at: i64,
    actor: String,
    to_status: String,
    reason: Option<String>,
}

/// The status history of an offer, oldest first.
pub async fn history(pool: &Pool, offer_id: i64) -> sqlx::Result<Vec<HistoryLine>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT h.at, u.full_name AS actor, h.to_status, h.reason FROM offer_history h \
         JOIN users u ON u.id = h.actor_id WHERE h.offer_id = $1 ORDER BY h.id",
    )
    .bind(offer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(HistoryLine {
                at: clock::date_time(r.at),
                actor: r.actor,
                to_status: OfferStatus::from_code(&r.to_status)?,
                reason: r.reason,
            })
        })
        .collect())
}

/// Shares an offer with an organisation; `false` when it already was (the
/// first share stays in the ledger).
pub async fn share(pool: &Pool, offer_id: i64, org_id: i64, actor_id: i64) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let done = share_in(&mut tx, offer_id, org_id, actor_id).await?;
    tx.commit().await?;
    Ok(done)
}

/// [`share`] inside the caller's transaction.
pub async fn share_in(
    tx: &mut Tx,
    offer_id: i64,
    org_id: i64,
    actor_id: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO offer_shares (offer_id, partner_org_id, shared_at, shared_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (offer_id, partner_org_id) DO NOTHING",
    )
    .bind(offer_id)
    .bind(org_id)
    .bind(now())
    .bind(actor_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct ShareRow {
    org_id: i64,
    org_name: String,
    org_kind: String,
    shared_at: i64,
    shared_by: String,
    first_opened_at: Option<i64>,
    candidates: i64,
}

/// The ledger of an offer: with whom it is shared, since when, by whom, and
/// when each organisation first opened it.
pub async fn shares(pool: &Pool, offer_id: i64) -> sqlx::Result<Vec<ShareLine>> {
    let rows: Vec<ShareRow> = sqlx::query_as(
        "SELECT s.partner_org_id AS org_id, o.name AS org_name, o.kind AS org_kind, s.shared_at, \
         u.full_name AS shared_by, s.first_opened_at, \
         (SELECT CAST(COALESCE(SUM(f.candidates), 0) AS BIGINT) FROM share_feedback f \
          WHERE f.offer_id = s.offer_id AND f.partner_org_id = s.partner_org_id) AS candidates \
         FROM offer_shares s \
         JOIN partner_orgs o ON o.id = s.partner_org_id JOIN users u ON u.id = s.shared_by \
         WHERE s.offer_id = $1 ORDER BY s.shared_at, o.name",
    )
    .bind(offer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ShareLine {
            org_id: r.org_id,
            org_name: r.org_name,
            org_kind: PartnerKind::from_code(&r.org_kind).unwrap_or(PartnerKind::Other),
            shared_on: clock::date_time(r.shared_at),
            shared_by: r.shared_by,
            first_opened_on: r.first_opened_at.map(clock::date_time),
            candidates: r.candidates,
        })
        .collect())
}

/// The published offers shared with an organisation, newest share first,
/// with when each was shared.
pub async fn shared_with(pool: &Pool, org_id: i64) -> sqlx::Result<Vec<(OfferSummary, i64)>> {
    let rows: Vec<SharedRow> = sqlx::query_as(&format!(
        "SELECT sub.*, s.shared_at FROM ({SUMMARY_SELECT}) sub \
         JOIN offer_shares s ON s.offer_id = sub.id \
         WHERE s.partner_org_id = $1 AND sub.status = 'published' ORDER BY s.shared_at DESC, sub.id DESC"
    ))
    .bind(org_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| (r.offer.summary(), r.shared_at))
        .collect())
}

struct SharedRow {
    offer: OfferRow,
    shared_at: i64,
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for SharedRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
        use sqlx::Row;
        Ok(SharedRow {
            offer: OfferRow::from_row(row)?,
            shared_at: row.try_get("shared_at")?,
        })
    }
}

/// An offer as a partner organisation opens it: only when it is shared with
/// that organisation and published. The first opening is recorded in the
/// ledger.
pub async fn open_as_partner(
    pool: &Pool,
    offer_id: i64,
    org_id: i64,
) -> sqlx::Result<Option<OfferDetail>> {
    let row: Option<OfferRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} JOIN offer_shares s ON s.offer_id = o.id \
         WHERE o.id = $1 AND s.partner_org_id = $2 AND o.status = 'published'"
    ))
    .bind(offer_id)
    .bind(org_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE offer_shares SET first_opened_at = $1 \
         WHERE offer_id = $2 AND partner_org_id = $3 AND first_opened_at IS NULL",
    )
    .bind(now())
    .bind(offer_id)
    .bind(org_id)
    .execute(pool)
    .await?;
    Ok(Some(row.detail()))
}
