//! Offers: creation, lists per audience, status changes with their history.
//! The sharing ledger is in [`super::shares`], re-exported here.

use crate::backend::clock;
use crate::backend::db::{now, Pool, Tx};
use crate::backend::privacy::consents::{self, Subject};
use crate::backend::rome;
use crate::model::validate::{CheckedOffer, OfferForm};
use crate::model::{
    ContractType, HistoryLine, OfferDetail, OfferEdit, OfferStatus, OfferSummary, OfferTerms,
    PublishedElsewhere, WorkingTime, CHECKED,
};

pub use super::shares::{open_as_partner, share, share_in, shared_with, shares};

pub(crate) const SUMMARY_SELECT: &str =
    "SELECT o.id, o.title, co.name AS company_name, o.contract_type, \
    o.positions, cm.name AS commune_name, o.status, o.status_reason, o.published_elsewhere, \
    o.created_at, o.platform_id, o.company_id, o.description, co.siret AS company_siret, \
    p.name AS platform_name, o.rome_code, o.contract_months, o.working_time, o.weekly_hours, \
    o.salary_min, o.salary_max, o.start_date, o.licences, o.share_consent, o.publish_consent, \
    o.published_at, o.expires_at, o.hires, o.filled_via_platform \
    FROM offers o \
    JOIN companies co ON co.id = o.company_id \
    JOIN communes cm ON cm.insee = o.commune_insee \
    JOIN platforms p ON p.id = o.platform_id";

#[derive(sqlx::FromRow)]
pub(crate) struct OfferRow {
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
    rome_code: Option<String>,
    contract_months: Option<i64>,
    working_time: String,
    weekly_hours: Option<i64>,
    salary_min: Option<i64>,
    salary_max: Option<i64>,
    start_date: Option<String>,
    licences: String,
    share_consent: i64,
    publish_consent: i64,
    pub(crate) published_at: Option<i64>,
    expires_at: Option<i64>,
    hires: Option<i64>,
    filled_via_platform: Option<i64>,
}

fn published_elsewhere(row: &OfferRow) -> PublishedElsewhere {
    PublishedElsewhere::from_code(&row.published_elsewhere).unwrap_or(PublishedElsewhere::Nowhere)
}

impl OfferRow {
    pub(crate) fn summary(&self) -> OfferSummary {
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
            waiting_days: (self.status == OfferStatus::Submitted.code())
                .then(|| ((now() - self.created_at) / 86_400).max(0)),
            duplicates: 0,
        }
    }

    fn terms(&self, questions: Vec<String>) -> OfferTerms {
        OfferTerms {
            contract_months: self.contract_months,
            working_time: WorkingTime::from_code(&self.working_time)
                .unwrap_or(WorkingTime::FullTime),
            weekly_hours: self.weekly_hours,
            salary_min: self.salary_min,
            salary_max: self.salary_max,
            start_date: self.start_date.clone(),
            licences: self.licences.clone(),
            share_with_partners: self.share_consent != 0,
            publish_publicly: self.publish_consent != 0,
            questions,
        }
    }

    pub(crate) fn detail(self, questions: Vec<String>) -> OfferDetail {
        OfferDetail {
            summary: self.summary(),
            rome: self.rome_code.as_deref().and_then(rome::job),
            terms: self.terms(questions),
            expires_on: self.expires_at.map(clock::date),
            hires: self.hires,
            filled_via_platform: self.filled_via_platform.map(|v| v != 0),
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
    write_terms(tx, id, offer).await?;
    record_history(tx, id, Actor::Person(actor_id), None, status, None, at).await?;
    Ok(id)
}

/// Writes the ROME code, the conditions and the screening questions of an
/// offer (replacing the previous ones).
async fn write_terms(tx: &mut Tx, offer_id: i64, offer: &CheckedOffer) -> sqlx::Result<()> {
    let t = &offer.terms;
    sqlx::query(
        "UPDATE offers SET rome_code = $1, contract_months = $2, working_time = $3, weekly_hours = $4, \
         salary_min = $5, salary_max = $6, start_date = $7, licences = $8, share_consent = $9, \
         publish_consent = $10 WHERE id = $11",
    )
    .bind(Some(offer.rome_code.as_str()).filter(|c| !c.is_empty()))
    .bind(t.contract_months)
    .bind(t.working_time.code())
    .bind(t.weekly_hours)
    .bind(t.salary_min)
    .bind(t.salary_max)
    .bind(t.start_date.as_deref())
    .bind(&t.licences)
    .bind(i64::from(t.share_with_partners))
    .bind(i64::from(t.publish_publicly))
    .bind(offer_id)
    .execute(&mut **tx)
    .await?;
    let at = crate::backend::db::now();
    for (given, text) in [
        (t.share_with_partners, consents::OFFER_SHARING),
        (t.publish_publicly, consents::OFFER_PUBLICATION),
    ] {
        if given {
            consents::record(tx, Subject::Offer(offer_id), text, at).await?;
        }
    }
    sqlx::query("DELETE FROM offer_questions WHERE offer_id = $1")
        .bind(offer_id)
        .execute(&mut **tx)
        .await?;
    for (rank, q) in t.questions.iter().enumerate() {
        sqlx::query("INSERT INTO offer_questions (offer_id, rank, question) VALUES ($1, $2, $3)")
            .bind(offer_id)
            .bind(rank as i64 + 1)
            .bind(q)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The screening questions of an offer, in order.
pub async fn questions(pool: &Pool, offer_id: i64) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT question FROM offer_questions WHERE offer_id = $1 ORDER BY rank")
            .bind(offer_id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(q,)| q).collect())
}

/// Who changed an offer: a person, or the server itself (expiry), which
/// records the offer's author for the foreign key and flags the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Person(i64),
    Automatic,
}

async fn record_history(
    tx: &mut Tx,
    offer_id: i64,
    actor: Actor,
    from: Option<OfferStatus>,
    to: OfferStatus,
    reason: Option<&str>,
    at: i64,
) -> sqlx::Result<()> {
    let (actor_sql, automatic) = match actor {
        Actor::Person(_) => ("$3", 0_i64),
        Actor::Automatic => ("(SELECT created_by FROM offers WHERE id = $1)", 1),
    };
    let person = match actor {
        Actor::Person(id) => id,
        Actor::Automatic => 0,
    };
    sqlx::query(&format!(
        "INSERT INTO offer_history (offer_id, at, actor_id, from_status, to_status, reason, automatic) \
         VALUES ($1, $2, {actor_sql}, $4, $5, $6, $7)"
    ))
    .bind(offer_id)
    .bind(at)
    .bind(person)
    .bind(from.map(OfferStatus::code))
    .bind(to.code())
    .bind(reason)
    .bind(automatic)
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

/// The offers of one platform (or of all, for `None`): those awaiting
/// moderation first, the longest waiting at the top, each with its likely
/// duplicates counted; then the others, newest first.
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
         ORDER BY CASE WHEN o.status = 'submitted' THEN 0 ELSE 1 END, \
         CASE WHEN o.status = 'submitted' THEN o.id ELSE -o.id END"
    ))
    .bind(platform_id)
    .bind(filter.status.map(OfferStatus::code))
    .bind(commune)
    .bind(before)
    .fetch_all(pool)
    .await?;
    let mut out: Vec<OfferSummary> = rows.iter().map(OfferRow::summary).collect();
    for offer in out
        .iter_mut()
        .filter(|o| o.status == OfferStatus::Submitted)
    {
        offer.duplicates = similar(pool, offer.id).await?.len();
    }
    Ok(out)
}

/// Likely duplicates of an offer: other live offers of the same SIRET for
/// the same ROME job in the same commune (for offers without a ROME code,
/// written before it was asked: the same contract type).
pub async fn similar(pool: &Pool, offer_id: i64) -> sqlx::Result<Vec<OfferSummary>> {
    let rows: Vec<OfferRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} JOIN offers ref ON ref.id = $1 \
         JOIN companies rco ON rco.id = ref.company_id \
         WHERE o.id <> ref.id AND co.siret = rco.siret \
           AND o.commune_insee = ref.commune_insee \
           AND (o.rome_code = ref.rome_code \
                OR (ref.rome_code IS NULL AND o.contract_type = ref.contract_type)) \
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
    let Some(r) = row else { return Ok(None) };
    let owner = Owner {
        platform_id: r.platform_id,
        company_id: r.company_id,
    };
    let questions = questions(pool, id).await?;
    Ok(Some((owner, r.detail(questions))))
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
    let mut tx = crate::backend::db::begin(pool).await?;
    let result = transition_in(&mut tx, offer_id, to, Actor::Person(actor_id), reason).await?;
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
    actor: Actor,
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
    record_history(tx, offer_id, actor, Some(from), to, reason, at).await?;
    super::public_offers::reindex(tx, offer_id).await?;
    if from == OfferStatus::Published
        && matches!(
            to,
            OfferStatus::Filled | OfferStatus::Cancelled | OfferStatus::Expired
        )
    {
        crate::backend::mail::partner_closures::offer_closed(tx, offer_id, to).await?;
    }
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
    note: &str,
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
    write_terms(tx, offer_id, offer).await?;
    super::public_offers::reindex(tx, offer_id).await?;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM offers WHERE id = $1")
        .bind(offer_id)
        .fetch_one(&mut **tx)
        .await?;
    let status = OfferStatus::from_code(&status).unwrap_or(OfferStatus::Submitted);
    record_history(
        tx,
        offer_id,
        Actor::Person(actor_id),
        Some(status),
        status,
        Some(note),
        at,
    )
    .await
}

/// Records a history line without a change of status (an extension...).
pub async fn note(
    tx: &mut Tx,
    offer_id: i64,
    actor: Actor,
    status: OfferStatus,
    reason: &str,
) -> sqlx::Result<()> {
    record_history(
        tx,
        offer_id,
        actor,
        Some(status),
        status,
        Some(reason),
        now(),
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
    let t = d.terms;
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let tick = |b: bool| if b { CHECKED.to_owned() } else { String::new() };
    let question = |i: usize| t.questions.get(i).cloned().unwrap_or_default();
    let form = OfferForm {
        title: s.title,
        rome: d.rome.map(|r| r.display()).unwrap_or_default(),
        contract: s.contract.code().to_owned(),
        contract_months: number(t.contract_months),
        positions: s.positions.to_string(),
        working_time: t.working_time.code().to_owned(),
        weekly_hours: number(t.weekly_hours),
        salary_min: number(t.salary_min),
        salary_max: number(t.salary_max),
        commune: commune
            .map(|(n, p)| format!("{n} ({p})"))
            .unwrap_or_default(),
        start_date: t.start_date.clone().unwrap_or_default(),
        description: d.description,
        licences: t.licences.clone(),
        published_elsewhere: d.published_elsewhere.code().to_owned(),
        share_consent: tick(t.share_with_partners),
        publish_consent: tick(t.publish_publicly),
        question_1: question(0),
        question_2: question(1),
        question_3: question(2),
    };
    Ok(Some((
        owner,
        OfferEdit {
            id: s.id,
            status: s.status,
            form,
        },
    )))
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    at: i64,
    actor: String,
    automatic: i64,
    to_status: String,
    reason: Option<String>,
}

/// The status history of an offer, oldest first.
pub async fn history(pool: &Pool, offer_id: i64) -> sqlx::Result<Vec<HistoryLine>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT h.at, u.full_name AS actor, h.automatic, h.to_status, h.reason FROM offer_history h \
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
                actor: if r.automatic != 0 {
                    "Proch'Emploi (automatique)".to_owned()
                } else {
                    r.actor
                },
                to_status: OfferStatus::from_code(&r.to_status)?,
                reason: r.reason,
            })
        })
        .collect())
}
