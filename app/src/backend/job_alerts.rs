//! Job alerts as a service: a candidate saves a public search with an
//! e-mail address; nothing is sent before the address is confirmed through
//! the e-mailed link; then, daily or weekly, the new public offers matching
//! the search are e-mailed (only when there are some), each e-mail with a
//! one-click unsubscribe link, which deletes the alert.

use super::db::{now, Pool};
use super::mail::{outbox, templates};
use super::repo::public_offers;
use super::state::AppState;
use super::token;
use crate::error::{AppError, FormErrors};
use crate::model::job_alert::{AlertForm, AlertFrequency};
use crate::model::PublicQuery;

/// Most offers listed in one e-mail.
const MAX_OFFERS: i64 = 20;
/// Days an unconfirmed alert is kept.
pub const UNCONFIRMED_DAYS: i64 = 7;

/// Saves an alert and e-mails the confirmation link, in one transaction.
pub async fn subscribe(state: &AppState, form: &AlertForm) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    let checked = form.check(&mut errors);
    if !form.rome.trim().is_empty() && super::rome::resolve(&form.rome).is_none() {
        errors.add("rome", "Choisissez un métier proposé dans la liste.");
    }
    if !form.commune.trim().is_empty()
        && super::repo::reference::communes_matching(&form.commune).is_empty()
    {
        errors.add(
            "commune",
            "Choisissez une commune des Hauts-de-France proposée dans la liste.",
        );
    }
    let Some(alert) = checked.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(form.keep_values(errors)));
    };
    super::form_limits::count(state, "job_alert", &alert.email).await?;
    let (confirm, confirm_hash) = token::new_token();
    let (unsubscribe, unsubscribe_hash) = token::new_token();
    let mut tx = super::db::begin(&state.pool).await?;
    sqlx::query(
        "INSERT INTO job_alerts (email, words, rome, commune, whole_epci, contract, frequency, created_at, \
         confirm_hash, unsubscribe_hash, unsubscribe_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&alert.email)
    .bind(&alert.query.q)
    .bind(&alert.query.rome)
    .bind(&alert.query.commune)
    .bind(i64::from(alert.whole_epci))
    .bind(&alert.query.contract)
    .bind(alert.frequency.code())
    .bind(now())
    .bind(confirm_hash)
    .bind(unsubscribe_hash)
    .bind(super::repo::sealed(&unsubscribe)?)
    .execute(&mut *tx)
    .await?;
    let mail = templates::job_alert_confirm(
        &describe(&alert.query, alert.whole_epci),
        alert.frequency.label(),
        &state.link(&format!("/alertes/confirmer/{confirm}")),
    );
    outbox::enqueue(
        &mut tx,
        &outbox::NewMail {
            platform_id: None,
            to: &alert.email,
            subject: &mail.subject,
            body: &mail.body,
        },
    )
    .await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Confirms an alert through its e-mailed link (the same link twice is no
/// error); new offers count from now on.
pub async fn confirm(state: &AppState, link: &str) -> Result<(), AppError> {
    let at = now();
    let done = sqlx::query(
        "UPDATE job_alerts SET confirmed_at = $1, new_after = $1, confirm_hash = NULL \
         WHERE confirm_hash = $2",
    )
    .bind(at)
    .bind(token::hash(link.trim()))
    .execute(&state.pool)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    Err(AppError::Refused(
        "Ce lien de confirmation n'est plus valable : l'alerte est déjà confirmée, ou elle a été supprimée faute de confirmation dans les 7 jours."
            .into(),
    ))
}

/// Deletes an alert through the link of any of its e-mails.
pub async fn unsubscribe(state: &AppState, link: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM job_alerts WHERE unsubscribe_hash = $1")
        .bind(token::hash(link.trim()))
        .execute(&state.pool)
        .await?;
    // Already gone is fine: the person is unsubscribed either way.
    Ok(())
}

/// The search in words, for the e-mails.
fn describe(q: &PublicQuery, whole_epci: bool) -> String {
    let mut parts = Vec::new();
    if !q.q.is_empty() {
        parts.push(format!("« {} »", q.q));
    }
    if let Some(job) = super::rome::resolve(&q.rome) {
        parts.push(format!("métier {}", job.label));
    }
    if !q.commune.is_empty() {
        parts.push(if whole_epci {
            format!("{} et son intercommunalité", q.commune)
        } else {
            q.commune.clone()
        });
    }
    if let Some(c) = q.contract_type() {
        parts.push(c.label().to_owned());
    }
    parts.join(", ")
}

#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    email: String,
    words: String,
    rome: String,
    commune: String,
    whole_epci: i64,
    contract: String,
    frequency: String,
    new_after: i64,
    unsubscribe_sealed: String,
}

/// Sends every confirmed alert whose period has passed since its last
/// e-mail, when new offers match; returns the e-mails queued. Each alert
/// is claimed in its transaction (another instance skips it); unconfirmed
/// alerts past a week are deleted.
pub async fn run(pool: &Pool, at: i64, link_base: &str) -> sqlx::Result<usize> {
    sqlx::query("DELETE FROM job_alerts WHERE confirmed_at IS NULL AND created_at < $1")
        .bind(at - UNCONFIRMED_DAYS * 86_400)
        .execute(pool)
        .await?;
    let due: Vec<Due> = sqlx::query_as(
        "SELECT id, email, words, rome, commune, whole_epci, contract, frequency, new_after, unsubscribe_sealed \
         FROM job_alerts WHERE confirmed_at IS NOT NULL AND new_after IS NOT NULL \
         AND (last_sent_at IS NULL OR last_sent_at <= $1 - CASE frequency WHEN 'quotidienne' THEN 86400 ELSE 604800 END + 600) \
         ORDER BY id",
    )
    .bind(at)
    .fetch_all(pool)
    .await?;
    let mut queued = 0;
    for alert in due {
        let query = PublicQuery {
            q: alert.words.clone(),
            rome: alert.rome.clone(),
            commune: alert.commune.clone(),
            contract: alert.contract.clone(),
            epci: String::new(),
            page: String::new(),
        };
        let whole_epci = alert.whole_epci == 1;
        let offers =
            public_offers::published_since(pool, &query, whole_epci, alert.new_after, MAX_OFFERS)
                .await?;
        if offers.is_empty() {
            continue;
        }
        let mut tx = super::db::begin(pool).await?;
        let claimed = sqlx::query(
            "UPDATE job_alerts SET last_sent_at = $1, new_after = $1 WHERE id = $2 AND new_after = $3",
        )
        .bind(at)
        .bind(alert.id)
        .bind(alert.new_after)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let lines: Vec<String> = offers
            .iter()
            .map(|l| {
                format!(
                    "- {} — {}, {} ({}) : {link_base}/offres/{}",
                    l.offer.title,
                    l.offer.company_name,
                    l.offer.commune_name,
                    l.offer.contract.label(),
                    l.offer.id
                )
            })
            .collect();
        let frequency = AlertFrequency::from_code(&alert.frequency)
            .unwrap_or(AlertFrequency::Weekly)
            .label();
        let unsubscribe = super::secrets::open_field(&alert.unsubscribe_sealed);
        let mail = templates::job_alert(
            &describe(&query, whole_epci),
            frequency,
            &lines,
            &format!("{link_base}/alertes/desinscription/{unsubscribe}"),
        );
        outbox::enqueue(
            &mut tx,
            &outbox::NewMail {
                platform_id: None,
                to: &alert.email,
                subject: &mail.subject,
                body: &mail.body,
            },
        )
        .await?;
        tx.commit().await?;
        queued += 1;
    }
    Ok(queued)
}
