//! The registers the convention's GDPR annex requires of each platform:
//! data-subject requests (forwarded to the controller within 72 hours) and
//! personal-data breaches (notified within 48 hours). Staff see their
//! platform's, admins every platform's and the lines of no platform.

use crate::backend::clock::{date_time, from_paris};
use crate::backend::db::{now, Pool, Tx};
use crate::model::privacy::{
    BreachLine, CheckedBreach, CheckedDataRequest, DataRequestLine, RegisterAlerts, RequestKind,
    BREACH_DEADLINE_HOURS, REQUEST_DEADLINE_HOURS,
};

/// Records a self-service request (one line per platform concerned, or one
/// without platform); returns the first line's id.
pub async fn log_self_service(
    tx: &mut Tx,
    platforms: &[i64],
    email: &str,
    kind: RequestKind,
    details: &str,
    at: i64,
) -> sqlx::Result<Option<i64>> {
    let targets: Vec<Option<i64>> = if platforms.is_empty() {
        vec![None]
    } else {
        platforms.iter().copied().map(Some).collect()
    };
    let mut first = None;
    for platform in targets {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO data_requests (platform_id, received_at, requester, kind, details, \
             self_service, created_at) VALUES ($1, $2, $3, $4, $5, 1, $2) RETURNING id",
        )
        .bind(platform)
        .bind(at)
        .bind(email)
        .bind(kind.code())
        .bind(details)
        .fetch_one(&mut **tx)
        .await?;
        first.get_or_insert(id);
    }
    Ok(first)
}

/// Records a request received by staff (e-mail, letter, phone).
pub async fn add_request(
    pool: &Pool,
    platform: Option<i64>,
    form: &CheckedDataRequest,
    user_id: i64,
) -> sqlx::Result<Option<i64>> {
    let Some(received) = from_paris(&form.received.0, &form.received.1) else {
        return Ok(None);
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO data_requests (platform_id, received_at, requester, kind, details, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(platform)
    .bind(received)
    .bind(&form.requester)
    .bind(form.kind.code())
    .bind(&form.details)
    .bind(user_id)
    .bind(now())
    .fetch_one(pool)
    .await?;
    Ok(Some(id))
}

/// Records a breach.
pub async fn add_breach(
    pool: &Pool,
    platform: Option<i64>,
    form: &CheckedBreach,
    user_id: i64,
) -> sqlx::Result<Option<i64>> {
    let Some(detected) = from_paris(&form.detected.0, &form.detected.1) else {
        return Ok(None);
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO data_breaches (platform_id, detected_at, nature, people, data_concerned, \
         measures, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(platform)
    .bind(detected)
    .bind(&form.nature)
    .bind(&form.people)
    .bind(&form.data_concerned)
    .bind(&form.measures)
    .bind(user_id)
    .bind(now())
    .fetch_one(pool)
    .await?;
    Ok(Some(id))
}

/// What a step of a register line records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A request forwarded to the controller.
    Forwarded,
    /// A request answered and closed.
    Closed,
    /// A breach notified.
    Notified,
}

/// Records a step (once) on a line of the scope; `false` when there is no
/// such line or the step was already recorded.
pub async fn record_step(
    pool: &Pool,
    scope: Option<i64>,
    id: i64,
    step: Step,
) -> sqlx::Result<bool> {
    let sql = match step {
        Step::Forwarded => {
            "UPDATE data_requests SET forwarded_at = $1 WHERE id = $2 AND forwarded_at IS NULL \
             AND ($3 IS NULL OR platform_id = $3)"
        }
        Step::Closed => {
            "UPDATE data_requests SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL \
             AND ($3 IS NULL OR platform_id = $3)"
        }
        Step::Notified => {
            "UPDATE data_breaches SET notified_at = $1 WHERE id = $2 AND notified_at IS NULL \
             AND ($3 IS NULL OR platform_id = $3)"
        }
    };
    Ok(sqlx::query(sql)
        .bind(now())
        .bind(id)
        .bind(scope)
        .execute(pool)
        .await?
        .rows_affected()
        == 1)
}

type RequestRow = (
    i64,
    Option<String>,
    i64,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
);
type BreachRow = (
    i64,
    Option<String>,
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
);

/// The requests of the scope (every platform when `None`), newest first.
pub async fn requests(pool: &Pool, scope: Option<i64>) -> sqlx::Result<Vec<DataRequestLine>> {
    let rows: Vec<RequestRow> = sqlx::query_as(
        "SELECT d.id, p.name, d.received_at, d.requester, d.kind, d.details, d.self_service, \
         d.forwarded_at, d.closed_at FROM data_requests d LEFT JOIN platforms p ON p.id = d.platform_id \
         WHERE ($1 IS NULL OR d.platform_id = $1) \
         ORDER BY d.received_at DESC, d.id DESC",
    )
    .bind(scope)
    .fetch_all(pool)
    .await?;
    let at = now();
    Ok(rows
        .into_iter()
        .map(
            |(id, platform, received, requester, kind, details, self_service, fwd, closed)| {
                let deadline = received + REQUEST_DEADLINE_HOURS * 3600;
                DataRequestLine {
                    id,
                    platform: platform.unwrap_or_else(|| "Toutes les plateformes".into()),
                    received_at: date_time(received),
                    requester,
                    kind: RequestKind::from_code(&kind).map_or(kind, |k| k.label().into()),
                    details,
                    self_service: self_service != 0,
                    deadline: date_time(deadline),
                    forwarded_at: fwd.map(date_time),
                    closed_at: closed.map(date_time),
                    overdue: fwd.is_none() && at > deadline,
                }
            },
        )
        .collect())
}

/// The breaches of the scope, newest first.
pub async fn breaches(pool: &Pool, scope: Option<i64>) -> sqlx::Result<Vec<BreachLine>> {
    let rows: Vec<BreachRow> = sqlx::query_as(
        "SELECT b.id, p.name, b.detected_at, b.nature, b.people, b.data_concerned, b.measures, \
         b.notified_at FROM data_breaches b LEFT JOIN platforms p ON p.id = b.platform_id \
         WHERE ($1 IS NULL OR b.platform_id = $1) \
         ORDER BY b.detected_at DESC, b.id DESC",
    )
    .bind(scope)
    .fetch_all(pool)
    .await?;
    let at = now();
    Ok(rows
        .into_iter()
        .map(
            |(id, platform, detected, nature, people, data_concerned, measures, notified)| {
                let deadline = detected + BREACH_DEADLINE_HOURS * 3600;
                BreachLine {
                    id,
                    platform: platform.unwrap_or_else(|| "Toutes les plateformes".into()),
                    detected_at: date_time(detected),
                    nature,
                    people,
                    data_concerned,
                    measures,
                    deadline: date_time(deadline),
                    notified_at: notified.map(date_time),
                    overdue: notified.is_none() && at > deadline,
                }
            },
        )
        .collect())
}

/// What the staff home warns about.
pub async fn alerts(pool: &Pool, scope: Option<i64>) -> sqlx::Result<RegisterAlerts> {
    let at = now();
    let (requests_open, requests_overdue): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN received_at < $2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM data_requests WHERE forwarded_at IS NULL \
         AND ($1 IS NULL OR platform_id = $1)",
    )
    .bind(scope)
    .bind(at - REQUEST_DEADLINE_HOURS * 3600)
    .fetch_one(pool)
    .await?;
    let (breaches_open, breaches_overdue): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN detected_at < $2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM data_breaches WHERE notified_at IS NULL \
         AND ($1 IS NULL OR platform_id = $1)",
    )
    .bind(scope)
    .bind(at - BREACH_DEADLINE_HOURS * 3600)
    .fetch_one(pool)
    .await?;
    Ok(RegisterAlerts {
        requests_open,
        requests_overdue,
        breaches_open,
        breaches_overdue,
    })
}

/// The header and rows of the requests register, for CSV and XLSX.
pub fn request_table(lines: &[DataRequestLine]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = vec![
        "Numéro",
        "Plateforme",
        "Reçue le",
        "Demandeur",
        "Type",
        "Détails",
        "Libre-service",
        "À transmettre avant le",
        "Transmise au responsable le",
        "Close le",
        "En retard",
    ];
    let yes_no = |b: bool| if b { "oui" } else { "non" }.to_owned();
    let rows = lines
        .iter()
        .map(|l| {
            vec![
                l.id.to_string(),
                l.platform.clone(),
                l.received_at.clone(),
                l.requester.clone(),
                l.kind.clone(),
                l.details.clone(),
                yes_no(l.self_service),
                l.deadline.clone(),
                l.forwarded_at.clone().unwrap_or_default(),
                l.closed_at.clone().unwrap_or_default(),
                yes_no(l.overdue),
            ]
        })
        .collect();
    (header, rows)
}

/// The header and rows of the breaches register, for CSV and XLSX.
pub fn breach_table(lines: &[BreachLine]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = vec![
        "Numéro",
        "Plateforme",
        "Constatée le",
        "Nature",
        "Personnes concernées",
        "Données concernées",
        "Mesures prises",
        "À notifier avant le",
        "Notifiée le",
        "En retard",
    ];
    let rows = lines
        .iter()
        .map(|l| {
            vec![
                l.id.to_string(),
                l.platform.clone(),
                l.detected_at.clone(),
                l.nature.clone(),
                l.people.clone(),
                l.data_concerned.clone(),
                l.measures.clone(),
                l.deadline.clone(),
                l.notified_at.clone().unwrap_or_default(),
                if l.overdue { "oui" } else { "non" }.to_owned(),
            ]
        })
        .collect();
    (header, rows)
}
