//! Support requests (HR, employer brand) and their handling as cases.

use crate::backend::clock;
use crate::backend::db::{now, Pool, Tx};
use crate::model::support::{
    ActionKind, CaseAction, CaseOutcome, CaseStatus, CaseStep, CheckedSupport, ContactPreference,
    SupportCase, SupportKind, SupportLine, SupportNeed,
};

use super::offers::Owner;

const LINE_SELECT: &str =
    "SELECT r.id, r.kind, r.need, co.name AS company_name, r.status, r.outcome, \
    r.created_at, r.platform_id, r.company_id, r.description, r.contact_preference, r.phone, \
    co.siret AS company_siret, r.due_on, \
    (SELECT COUNT(*) FROM support_actions a WHERE a.request_id = r.id) AS actions \
    FROM support_requests r JOIN companies co ON co.id = r.company_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    need: Option<String>,
    company_name: String,
    status: String,
    outcome: Option<String>,
    created_at: i64,
    platform_id: i64,
    company_id: i64,
    description: String,
    contact_preference: String,
    phone: String,
    company_siret: String,
    due_on: Option<String>,
    actions: i64,
}

impl Row {
    fn line(&self) -> SupportLine {
        SupportLine {
            id: self.id,
            kind: SupportKind::from_code(&self.kind).unwrap_or(SupportKind::Hr),
            need: self.need.as_deref().and_then(SupportNeed::from_code),
            company_name: self.company_name.clone(),
            status: CaseStatus::from_code(&self.status).unwrap_or(CaseStatus::New),
            outcome: self.outcome.as_deref().and_then(CaseOutcome::from_code),
            created_on: clock::date(self.created_at),
            actions: self.actions,
            due_on: self.due_on.as_deref().map(crate::model::french_date),
        }
    }
}

/// Records a company's request, with its first step.
pub async fn create(
    tx: &mut Tx,
    owner: Owner,
    actor_id: i64,
    request: &CheckedSupport,
) -> sqlx::Result<i64> {
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO support_requests (platform_id, company_id, kind, need, description, \
         contact_preference, phone, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(owner.platform_id)
    .bind(owner.company_id)
    .bind(request.kind.code())
    .bind(request.need.map(SupportNeed::code))
    .bind(&request.description)
    .bind(request.contact.code())
    .bind(super::sealed(&request.phone)?)
    .bind(CaseStatus::New.code())
    .bind(actor_id)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    step(tx, id, actor_id, None, CaseStatus::New, None, at).await?;
    Ok(id)
}

async fn step(
    tx: &mut Tx,
    id: i64,
    actor_id: i64,
    from: Option<CaseStatus>,
    to: CaseStatus,
    note: Option<&str>,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO support_steps (request_id, at, actor_id, from_status, to_status, note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(at)
    .bind(actor_id)
    .bind(from.map(CaseStatus::code))
    .bind(to.code())
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The requests of a company, newest first.
pub async fn for_company(pool: &Pool, company_id: i64) -> sqlx::Result<Vec<SupportLine>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{LINE_SELECT} WHERE r.company_id = $1 ORDER BY r.id DESC"
    ))
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(Row::line).collect())
}

/// How staff narrow the requests list.
#[derive(Clone, Debug, Default)]
pub struct SupportFilter {
    pub status: Option<CaseStatus>,
    /// Part of the name of the company's commune.
    pub commune: Option<String>,
    /// Only requests made at least this many days ago.
    pub older_than_days: Option<i64>,
}

/// The requests of a platform (all for `None`), open ones first (new
/// requests at the very top), then the newest.
pub async fn for_platform(
    pool: &Pool,
    platform_id: Option<i64>,
    filter: &SupportFilter,
) -> sqlx::Result<Vec<SupportLine>> {
    let commune = filter
        .commune
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| format!("%{}%", c.to_lowercase()));
    let before = filter.older_than_days.map(|d| now() - d * 86_400);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{LINE_SELECT} WHERE ($1 IS NULL OR r.platform_id = $1) AND ($2 IS NULL OR r.status = $2) \
         AND ($3 IS NULL OR co.commune_insee IN (SELECT insee FROM communes WHERE LOWER(name) LIKE $3)) \
         AND ($4 IS NULL OR r.created_at <= $4) \
         ORDER BY CASE r.status WHEN 'new' THEN 0 WHEN 'closed' THEN 2 ELSE 1 END, r.id DESC"
    ))
    .bind(platform_id)
    .bind(filter.status.map(CaseStatus::code))
    .bind(commune)
    .bind(before)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(Row::line).collect())
}

#[derive(sqlx::FromRow)]
struct StepRow {
    at: i64,
    actor: String,
    to_status: String,
    note: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    kind: String,
    done_on: String,
    note: String,
    author: String,
}

/// A whole case with its owner.
pub async fn case(pool: &Pool, id: i64) -> sqlx::Result<Option<(Owner, SupportCase)>> {
    let row: Option<Row> = sqlx::query_as(&format!("{LINE_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let steps: Vec<StepRow> = sqlx::query_as(
        "SELECT s.at, u.full_name AS actor, s.to_status, s.note FROM support_steps s \
         JOIN users u ON u.id = s.actor_id WHERE s.request_id = $1 ORDER BY s.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let actions: Vec<ActionRow> = sqlx::query_as(
        "SELECT a.kind, a.done_on, a.note, u.full_name AS author FROM support_actions a \
         JOIN users u ON u.id = a.author_id WHERE a.request_id = $1 ORDER BY a.done_on, a.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let region: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT region_reason, region_contact, due_on FROM support_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let region = match region {
        Some((Some(reason), contact, due_on)) => Some((
            crate::model::cycle::RegionReason::from_code(&reason)
                .map_or(reason.clone(), |r| r.label().to_owned()),
            contact
                .map(|c| crate::backend::secrets::open_field(&c))
                .unwrap_or_default(),
            due_on
                .as_deref()
                .map(crate::model::french_date)
                .unwrap_or_default(),
        )),
        _ => None,
    };
    let owner = Owner {
        platform_id: row.platform_id,
        company_id: row.company_id,
    };
    let case = SupportCase {
        line: row.line(),
        description: row.description,
        contact: ContactPreference::from_code(&row.contact_preference)
            .unwrap_or(ContactPreference::Email),
        phone: crate::backend::secrets::open_field(&row.phone),
        company_siret: row.company_siret,
        steps: steps
            .into_iter()
            .filter_map(|s| {
                Some(CaseStep {
                    at: clock::date_time(s.at),
                    actor: s.actor,
                    status: CaseStatus::from_code(&s.to_status)?,
                    note: s.note,
                })
            })
            .collect(),
        actions: actions
            .into_iter()
            .filter_map(|a| {
                Some(CaseAction {
                    kind: ActionKind::from_code(&a.kind)?,
                    done_on: crate::model::french_date(&a.done_on),
                    note: a.note,
                    author: a.author,
                })
            })
            .collect(),
        region,
    };
    Ok(Some((owner, case)))
}

/// Moves a case from `from` to `to` (with an outcome when closing); `false`
/// when it was no longer at `from` (a concurrent change).
pub async fn move_to(
    tx: &mut Tx,
    id: i64,
    actor_id: i64,
    from: CaseStatus,
    to: CaseStatus,
    outcome: Option<CaseOutcome>,
    note: Option<&str>,
) -> sqlx::Result<bool> {
    let at = now();
    let done = sqlx::query(
        "UPDATE support_requests SET status = $1, outcome = $2, updated_at = $3, \
         closed_at = CASE WHEN $1 = 'closed' THEN $3 ELSE NULL END \
         WHERE id = $4 AND status = $5",
    )
    .bind(to.code())
    .bind(outcome.map(CaseOutcome::code))
    .bind(at)
    .bind(id)
    .bind(from.code())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    step(tx, id, actor_id, Some(from), to, note, at).await?;
    Ok(true)
}

/// Records an action carried out for a case.
pub async fn add_action(
    tx: &mut Tx,
    id: i64,
    author_id: i64,
    kind: ActionKind,
    done_on: &str,
    note: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO support_actions (request_id, kind, done_on, note, author_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(kind.code())
    .bind(done_on)
    .bind(note)
    .bind(author_id)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE support_requests SET updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
