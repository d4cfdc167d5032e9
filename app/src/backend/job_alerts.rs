//! Job alerts as a service: a candidate saves a public search with an
//! e-mail address; nothing is sent before the address is confirmed through
//! the e-mailed link; then, daily or weekly, the new public offers matching
//! the search are e-mailed (only when there are some), each e-mail with a
//! one-click unsubscribe link, which deletes the alert.

use super::db::{now, Pool, Tx};
use super::mail::{outbox, templates};
use super::repo::public_offers;
use super::state::AppState;
use super::token;
use crate::error::{AppError, FormErrors};
use crate::model::job_alert::{AlertForm, AlertFrequency};
use crate::model::{PublicOfferLine, PublicQuery};

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
/// error); new offers count from now on: the matching offers already public
/// are marked as seen, in the same transaction.
pub async fn confirm(state: &AppState, link: &str) -> Result<(), AppError> {
    let at = now();
    let mut tx = super::db::begin(&state.pool).await?;
    let alert: Option<AlertSearch> = sqlx::query_as(
        "UPDATE job_alerts SET confirmed_at = $1, new_after = $2, confirm_hash = NULL \
         WHERE confirm_hash = $3 RETURNING id, words, rome, commune, whole_epci, contract",
    )
    .bind(at)
    .bind(at - LOOK_BACK_SECS)
    .bind(token::hash(link.trim()))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(alert) = alert else {
        return Err(AppError::Refused(
            "Ce lien de confirmation n'est plus valable : l'alerte est déjà confirmée, ou elle a été supprimée faute de confirmation dans les 7 jours."
                .into(),
        ));
    };
    public_offers::mark_seen(
        &mut tx,
        alert.id,
        &alert.query(),
        alert.whole_epci == 1,
        at - LOOK_BACK_SECS,
    )
    .await?;
    tx.commit().await?;
    Ok(())
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

/// An alert's search.
#[derive(sqlx::FromRow)]
struct AlertSearch {
    id: i64,
    words: String,
    rome: String,
    commune: String,
    whole_epci: i64,
    contract: String,
}

impl AlertSearch {
    fn query(&self) -> PublicQuery {
        PublicQuery {
            q: self.words.clone(),
            rome: self.rome.clone(),
            commune: self.commune.clone(),
            contract: self.contract.clone(),
            epci: String::new(),
            page: String::new(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct Due {
    #[sqlx(flatten)]
    search: AlertSearch,
    email: String,
    frequency: String,
    new_after: i64,
    last_sent_at: Option<i64>,
    unsubscribe_sealed: String,
}

/// How far back each e-mail looks again, before the previous one (or the
/// confirmation): an offer is stamped with its publication time before its
/// transaction commits, so it can become public after a run that began
/// later than that time, or in the very second of a confirmation. The
/// offers already seen by an alert are remembered, never sent.
pub const LOOK_BACK_SECS: i64 = 3600;

/// Records the offers an alert's e-mail lists; forgets those published
/// before its next look-back (`new_after`), which no e-mail can list again
/// (those the confirmation marked as seen included).
async fn remember_sent(
    tx: &mut Tx,
    alert_id: i64,
    offers: &[PublicOfferLine],
    new_after: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM job_alert_offers WHERE alert_id = $1 AND offer_id IN \
         (SELECT id FROM offers WHERE published_at < $2)",
    )
    .bind(alert_id)
    .bind(new_after)
    .execute(&mut **tx)
    .await?;
    for line in offers {
        sqlx::query("INSERT INTO job_alert_offers (alert_id, offer_id) VALUES ($1, $2)")
            .bind(alert_id)
            .bind(line.offer.id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Sends every confirmed alert whose period has passed since its last
/// e-mail, when new offers match; returns the e-mails queued. Each alert
/// is claimed in its transaction (another instance skips it); unconfirmed
/// alerts past a week are deleted. New means made public since the
/// confirmation and not e-mailed yet: the offers public at confirmation
/// were marked as seen; each e-mail looks back [`LOOK_BACK_SECS`] before
/// the previous one and skips what was seen.
pub async fn run(pool: &Pool, at: i64, link_base: &str) -> sqlx::Result<usize> {
    sqlx::query("DELETE FROM job_alerts WHERE confirmed_at IS NULL AND created_at < $1")
        .bind(at - UNCONFIRMED_DAYS * 86_400)
        .execute(pool)
        .await?;
    let due: Vec<Due> = sqlx::query_as(
        "SELECT id, email, words, rome, commune, whole_epci, contract, frequency, new_after, \
         last_sent_at, unsubscribe_sealed \
         FROM job_alerts WHERE confirmed_at IS NOT NULL AND new_after IS NOT NULL \
         AND (last_sent_at IS NULL OR last_sent_at <= $1 - CASE frequency WHEN 'quotidienne' THEN 86400 ELSE 604800 END + 600) \
         ORDER BY id",
    )
    .bind(at)
    .fetch_all(pool)
    .await?;
    let mut queued = 0;
    for alert in due {
        let id = alert.search.id;
        let query = alert.search.query();
        let whole_epci = alert.search.whole_epci == 1;
        let offers =
            public_offers::new_for_alert(pool, &query, whole_epci, alert.new_after, id, MAX_OFFERS)
                .await?;
        if offers.is_empty() {
            continue;
        }
        let new_after = alert.new_after.max(at - LOOK_BACK_SECS);
        let mut tx = super::db::begin(pool).await?;
        // Claimed by its last e-mail's time: a second instance running at
        // once finds it changed and skips it.
        let claimed = sqlx::query(
            "UPDATE job_alerts SET last_sent_at = $1, new_after = $2 \
             WHERE id = $3 AND COALESCE(last_sent_at, -1) = $4",
        )
        .bind(at)
        .bind(new_after)
        .bind(id)
        .bind(alert.last_sent_at.unwrap_or(-1))
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        remember_sent(&mut tx, id, &offers, new_after).await?;
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
