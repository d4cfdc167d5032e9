//! Applications to offers and their funnel, with a history of every step.

use crate::backend::clock;
use crate::backend::db::{now, Pool, Tx};
use crate::backend::privacy::consents::{self, Subject};
use crate::model::application::{
    ApplicationLine, ApplicationStatus, CheckedApplication, RefusalReason,
};

use super::offers::Owner;

/// Records an application (received) and its first history line.
pub async fn create(
    tx: &mut Tx,
    offer_id: i64,
    a: &CheckedApplication,
    cv_file: Option<&str>,
) -> sqlx::Result<i64> {
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO applications (offer_id, full_name, email, phone, message, cv_file, status, created_at, updated_at, \
         platform_id) VALUES ($1, $2, $3, $4, $5, $6, 'received', $7, $7, (SELECT platform_id FROM offers WHERE id = $1)) \
         RETURNING id",
    )
    .bind(offer_id)
    .bind(&a.full_name)
    .bind(&a.email)
    .bind(super::sealed(&a.phone)?)
    .bind(&a.message)
    .bind(cv_file)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    for (rank, answer) in a.answers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO application_answers (application_id, rank, answer) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(rank as i64 + 1)
        .bind(answer)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO application_history (application_id, at, actor_id, status) VALUES ($1, $2, NULL, 'received')",
    )
    .bind(id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    consents::record(tx, Subject::Application(id), consents::APPLICATION, at).await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    offer_id: i64,
    offer_title: String,
    full_name: String,
    email: String,
    phone: String,
    message: String,
    cv_file: Option<String>,
    status: String,
    reason: Option<String>,
    refusal_category: Option<String>,
    created_at: i64,
    platform_id: i64,
    company_id: i64,
    partner: Option<String>,
    seen_by_company_at: Option<i64>,
}

const SELECT: &str =
    "SELECT a.id, a.offer_id, o.title AS offer_title, a.full_name, a.email, a.phone, \
    a.message, a.cv_file, a.status, a.reason, a.refusal_category, a.created_at, o.platform_id, o.company_id, \
    po.name AS partner, a.seen_by_company_at \
    FROM applications a JOIN offers o ON o.id = a.offer_id LEFT JOIN partner_orgs po ON po.id = a.partner_org_id";

async fn lines(pool: &Pool, rows: Vec<Row>) -> sqlx::Result<Vec<ApplicationLine>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let answers: Vec<(String, String)> = sqlx::query_as(
            "SELECT COALESCE(q.question, ''), aa.answer FROM application_answers aa \
             LEFT JOIN offer_questions q ON q.offer_id = $2 AND q.rank = aa.rank \
             WHERE aa.application_id = $1 ORDER BY aa.rank",
        )
        .bind(r.id)
        .bind(r.offer_id)
        .fetch_all(pool)
        .await?;
        out.push(ApplicationLine {
            id: r.id,
            offer_id: r.offer_id,
            offer_title: r.offer_title,
            full_name: r.full_name,
            email: r.email,
            phone: crate::backend::secrets::open_field(&r.phone),
            message: r.message,
            answers,
            has_cv: r.cv_file.is_some(),
            status: ApplicationStatus::from_code(&r.status).unwrap_or(ApplicationStatus::Received),
            reason: r.reason,
            refusal: r
                .refusal_category
                .as_deref()
                .and_then(RefusalReason::from_code),
            received_on: clock::date(r.created_at),
            partner: r.partner,
            seen: r.seen_by_company_at.is_some(),
        });
    }
    Ok(out)
}

/// The applications to a platform's offers, those to handle first.
pub async fn for_platform(
    pool: &Pool,
    platform_id: Option<i64>,
) -> sqlx::Result<Vec<ApplicationLine>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE ($1 IS NULL OR o.platform_id = $1) ORDER BY \
         CASE a.status WHEN 'received' THEN 0 WHEN 'proposed' THEN 1 WHEN 'interview' THEN 2 ELSE 3 END, a.id DESC"
    ))
    .bind(platform_id)
    .fetch_all(pool)
    .await?;
    lines(pool, rows).await
}

/// The applications a company may see: those proposed to it (whatever
/// happened next), never one that staff screened out before proposing it.
/// A reason recorded by staff is theirs: the company sees only its own.
pub async fn for_company(pool: &Pool, company_id: i64) -> sqlx::Result<Vec<ApplicationLine>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE o.company_id = $1 AND a.proposed_at IS NOT NULL ORDER BY a.id DESC"
    ))
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    let mut out = lines(pool, rows).await?;
    for line in out.iter_mut().filter(|l| l.reason.is_some()) {
        let last_actor: Option<(Option<String>,)> = sqlx::query_as(
            "SELECT u.role FROM application_history h LEFT JOIN users u ON u.id = h.actor_id \
             WHERE h.application_id = $1 ORDER BY h.id DESC LIMIT 1",
        )
        .bind(line.id)
        .fetch_optional(pool)
        .await?;
        let by_staff = last_actor
            .and_then(|(role,)| role)
            .is_some_and(|r| r == "staff" || r == "admin");
        if by_staff {
            line.reason = None;
        }
    }
    Ok(out)
}

/// Whether the application was ever proposed to the employer: only then
/// may the company see it or download its CV.
pub async fn was_proposed(pool: &Pool, id: i64) -> sqlx::Result<bool> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT proposed_at FROM applications WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(at,)| at).is_some())
}

/// One application: the offer's owner, its status, the CV file name, the
/// candidate's e-mail and name, and the offer's title.
pub async fn find(
    pool: &Pool,
    id: i64,
) -> sqlx::Result<
    Option<(
        Owner,
        ApplicationStatus,
        Option<String>,
        String,
        String,
        String,
    )>,
> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|r| {
        (
            Owner {
                platform_id: r.platform_id,
                company_id: r.company_id,
            },
            ApplicationStatus::from_code(&r.status).unwrap_or(ApplicationStatus::Received),
            r.cv_file,
            r.email,
            r.full_name,
            r.offer_title,
        )
    }))
}

/// The author of the offer an application answers (the company's person
/// recorded when it answers through its e-mailed link).
pub async fn offer_author(pool: &Pool, id: i64) -> sqlx::Result<i64> {
    let (author,): (i64,) = sqlx::query_as(
        "SELECT o.created_by FROM applications a JOIN offers o ON o.id = a.offer_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    Ok(author)
}

/// Moves an application from `from` to `to` with its history line; `false`
/// when it had already moved (a concurrent change).
pub async fn move_to(
    tx: &mut Tx,
    id: i64,
    from: ApplicationStatus,
    to: ApplicationStatus,
    actor_id: i64,
    reason: Option<&str>,
    refusal: Option<RefusalReason>,
) -> sqlx::Result<bool> {
    let at = now();
    let done = sqlx::query(
        "UPDATE applications SET status = $1, reason = $2, updated_at = $3, \
         proposed_at = CASE WHEN $1 = 'proposed' THEN $3 ELSE proposed_at END, \
         refusal_category = $6 WHERE id = $4 AND status = $5",
    )
    .bind(to.code())
    .bind(reason)
    .bind(at)
    .bind(id)
    .bind(from.code())
    .bind(refusal.map(RefusalReason::code))
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO application_history (application_id, at, actor_id, status, note) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(at)
    .bind(actor_id)
    .bind(to.code())
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Applications proposed before `before` and still unanswered, not yet
/// reminded: (id, company id, platform id, offer title, candidate).
pub async fn unanswered(
    pool: &Pool,
    before: i64,
    reminded: bool,
) -> sqlx::Result<Vec<(i64, i64, i64, String, String)>> {
    sqlx::query_as(&format!(
        "SELECT a.id, o.company_id, o.platform_id, o.title, a.full_name FROM applications a \
         JOIN offers o ON o.id = a.offer_id WHERE a.status = 'proposed' AND a.proposed_at <= $1 \
         AND a.reminded_at IS {} NULL ORDER BY a.id",
        if reminded { "NOT" } else { "" }
    ))
    .bind(before)
    .fetch_all(pool)
    .await
}

/// Marks the reminder sent, in the caller's transaction; `false` when
/// another instance already did.
pub async fn claim_reminder(tx: &mut Tx, id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE applications SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND status = 'proposed'",
    )
    .bind(now())
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Closes an unanswered application (not hired, by the server), with its
/// history line; `false` when it had moved meanwhile.
pub async fn close_unanswered(tx: &mut Tx, id: i64, reason: &str) -> sqlx::Result<bool> {
    let at = now();
    let done = sqlx::query(
        "UPDATE applications SET status = 'not_hired', reason = $1, updated_at = $2, \
         refusal_category = 'sans_reponse' WHERE id = $3 AND status = 'proposed'",
    )
    .bind(reason)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO application_history (application_id, at, actor_id, status, note) VALUES ($1, $2, NULL, 'not_hired', $3)",
    )
    .bind(id)
    .bind(at)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// How long a company's answer link works.
pub const LINK_LIFETIME_SECS: i64 = 30 * 86_400;

/// A new answer link for an application; returns the token for the e-mail.
pub async fn create_link(tx: &mut Tx, application_id: i64) -> sqlx::Result<String> {
    let (token, hash) = crate::backend::token::new_token();
    let at = now();
    sqlx::query(
        "INSERT INTO application_links (token_hash, application_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash)
    .bind(application_id)
    .bind(at)
    .bind(at + LINK_LIFETIME_SECS)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// The application an answer link opens, while it has not expired.
pub async fn by_link(pool: &Pool, token: &str) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT application_id FROM application_links WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(crate::backend::token::hash(token))
    .bind(now())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id,)| id))
}
