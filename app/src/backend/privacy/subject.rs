//! Everything held about one e-mail address: what "Mes données" shows and
//! downloads, and what erasure removes.

use super::consents::{self, Subject};
use crate::backend::clock::{date, date_time};
use crate::backend::db::Pool;
use crate::backend::secrets::open_field;
use crate::model::application::ApplicationStatus;
use crate::model::event::{PriorityPublic, Referrer, RegistrationStatus, Situation};
use crate::model::privacy::{
    AnswerLine, SubjectApplication, SubjectData, SubjectMail, SubjectRegistration,
};

type ApplicationRow = (i64, String, i64, String, String, String, i64, String);
type RegistrationRow = (
    i64,
    String,
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
);

/// The ids of the live (not anonymised) applications and registrations
/// of an address.
pub async fn ids(pool: &Pool, email: &str) -> sqlx::Result<(Vec<i64>, Vec<i64>)> {
    let applications: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM applications WHERE email = $1 AND anonymised_at IS NULL")
            .bind(email)
            .fetch_all(pool)
            .await?;
    let registrations: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM registrations WHERE email = $1 AND anonymised_at IS NULL")
            .bind(email)
            .fetch_all(pool)
            .await?;
    Ok((
        applications.into_iter().map(|(id,)| id).collect(),
        registrations.into_iter().map(|(id,)| id).collect(),
    ))
}

/// The platforms holding data about an address.
pub async fn platforms(pool: &Pool, email: &str) -> sqlx::Result<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT o.platform_id FROM applications a JOIN offers o ON o.id = a.offer_id \
         WHERE a.email = $1 AND a.anonymised_at IS NULL \
         UNION SELECT e.platform_id FROM registrations r JOIN events e ON e.id = r.event_id \
         WHERE r.email = $1 AND r.anonymised_at IS NULL \
         UNION SELECT platform_id FROM outbox WHERE to_address = $1 AND platform_id IS NOT NULL",
    )
    .bind(email)
    .fetch_all(pool)
    .await?;
    let mut ids: Vec<i64> = rows.into_iter().map(|(id,)| id).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

async fn answers(pool: &Pool, sql: &str, id: i64) -> sqlx::Result<Vec<AnswerLine>> {
    let rows: Vec<(String, String)> = sqlx::query_as(sql).bind(id).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(question, answer)| AnswerLine { question, answer })
        .collect())
}

/// Everything held about `email`.
pub async fn gather(pool: &Pool, email: &str) -> sqlx::Result<SubjectData> {
    let rows: Vec<ApplicationRow> = sqlx::query_as(
        "SELECT a.id, o.title, a.created_at, a.full_name, a.phone, a.message, \
         CAST(CASE WHEN a.cv_file IS NULL THEN 0 ELSE 1 END AS BIGINT), a.status FROM applications a JOIN offers o ON o.id = a.offer_id \
         WHERE a.email = $1 AND a.anonymised_at IS NULL ORDER BY a.id",
    )
    .bind(email)
    .fetch_all(pool)
    .await?;
    let mut applications = Vec::with_capacity(rows.len());
    for (id, title, at, full_name, phone, message, has_cv, status) in rows {
        applications.push(SubjectApplication {
            offer_title: title,
            sent_at: date_time(at),
            full_name,
            phone: open_field(&phone),
            message,
            has_cv: has_cv != 0,
            status: ApplicationStatus::from_code(&status)
                .map_or(status.clone(), |s| s.label().to_owned()),
            answers: answers(
                pool,
                "SELECT COALESCE(q.question, ''), aa.answer FROM application_answers aa \
                 JOIN applications a ON a.id = aa.application_id \
                 LEFT JOIN offer_questions q ON q.offer_id = a.offer_id AND q.rank = aa.rank \
                 WHERE aa.application_id = $1 ORDER BY aa.rank",
                id,
            )
            .await?,
            consents: consents::of_subject(pool, Subject::Application(id)).await?,
        });
    }
    let rows: Vec<RegistrationRow> = sqlx::query_as(
        "SELECT r.id, e.title, e.starts_at, r.created_at, r.full_name, r.phone, r.situation, \
         r.referrer, r.priorities, r.status, r.attendance FROM registrations r \
         JOIN events e ON e.id = r.event_id WHERE r.email = $1 AND r.anonymised_at IS NULL \
         ORDER BY r.id",
    )
    .bind(email)
    .fetch_all(pool)
    .await?;
    let mut registrations = Vec::with_capacity(rows.len());
    for (id, title, starts, at, full_name, phone, situation, referrer, priorities, status, att) in
        rows
    {
        registrations.push(SubjectRegistration {
            event_title: title,
            event_date: date(starts),
            registered_at: date_time(at),
            full_name,
            phone: open_field(&phone),
            situation: Situation::from_code(&situation).map_or(situation, |s| s.label().into()),
            referrer: Referrer::from_code(&referrer).map_or(referrer, |r| r.label().into()),
            priorities: open_field(&priorities)
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| PriorityPublic::from_code(c).map_or(c.to_owned(), |p| p.label().into()))
                .collect(),
            status: RegistrationStatus::from_code(&status).map_or(status, |s| s.label().into()),
            attendance: match att.as_deref() {
                Some("present") => "Présent",
                Some("absent") => "Absent",
                Some("excused") => "Excusé",
                _ => "Non renseignée",
            }
            .to_owned(),
            answers: answers(
                pool,
                "SELECT COALESCE(q.question, ''), ra.answer FROM registration_answers ra \
                 JOIN registrations r ON r.id = ra.registration_id \
                 LEFT JOIN event_questions q ON q.event_id = r.event_id AND q.rank = ra.rank \
                 WHERE ra.registration_id = $1 ORDER BY ra.rank",
                id,
            )
            .await?,
            consents: consents::of_subject(pool, Subject::Registration(id)).await?,
        });
    }
    let mails: Vec<(i64, String)> =
        sqlx::query_as("SELECT created_at, subject FROM outbox WHERE to_address = $1 ORDER BY id")
            .bind(email)
            .fetch_all(pool)
            .await?;
    Ok(SubjectData {
        email: email.to_owned(),
        applications,
        registrations,
        emails: mails
            .into_iter()
            .map(|(at, subject)| SubjectMail {
                at: date_time(at),
                subject,
            })
            .collect(),
    })
}
