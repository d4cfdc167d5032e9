//! The outcome survey as a service: once an offer is filled, cancelled or
//! expired, its company is e-mailed a link (no sign-in) asking whether and
//! through whom it hired; the answer is recorded once, and the hires owed
//! to the platform feed the « mises à l'emploi » indicator (beyond the
//! applications already counted as hired on that offer).

use super::clock;
use super::db::{begin, now, Pool};
use super::mail::{outbox, templates};
use super::token;
use crate::error::AppError;
use crate::model::outcome_survey::{HireChannel, SurveyForm, SurveyResult, SurveyView};
use crate::model::OfferStatus;

/// Days the survey's link works.
pub const SURVEY_DAYS: i64 = 60;

/// Sends the survey of every offer closed and not asked yet, each in its
/// own transaction (the survey's row is the claim: two instances never
/// send it twice); returns the e-mails queued.
pub async fn ask_due(pool: &Pool, at: i64, link_base: &str) -> sqlx::Result<usize> {
    let due: Vec<(i64,)> = sqlx::query_as(
        "SELECT o.id FROM offers o WHERE o.status IN ('filled', 'cancelled', 'expired') \
         AND o.published_at IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM offer_surveys s WHERE s.offer_id = o.id) ORDER BY o.id",
    )
    .fetch_all(pool)
    .await?;
    let mut queued = 0;
    for (offer_id,) in due {
        let (link, hash) = token::new_token();
        let mut tx = begin(pool).await?;
        let claimed = sqlx::query(
            "INSERT INTO offer_surveys (offer_id, token_hash, asked_at, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (offer_id) DO NOTHING",
        )
        .bind(offer_id)
        .bind(hash)
        .bind(at)
        .bind(at + SURVEY_DAYS * 86_400)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let (title, status, company_id, platform_id): (String, String, i64, i64) = sqlx::query_as(
            "SELECT title, status, company_id, platform_id FROM offers WHERE id = $1",
        )
        .bind(offer_id)
        .fetch_one(&mut *tx)
        .await?;
        let status = OfferStatus::from_code(&status)
            .map(|s| s.label().to_lowercase())
            .unwrap_or_default();
        let mail = templates::outcome_survey(
            &title,
            &status,
            &format!("{link_base}/offre/enquete/{link}"),
        );
        queued += outbox::enqueue_to_company(&mut tx, platform_id, company_id, &mail).await?;
        tx.commit().await?;
    }
    Ok(queued)
}

/// The offer a survey link opens, or why it opens nothing.
async fn offer_of(pool: &Pool, link: &str) -> Result<(i64, bool), AppError> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT offer_id, expires_at, answered_at FROM offer_surveys WHERE token_hash = $1",
    )
    .bind(token::hash(link))
    .fetch_optional(pool)
    .await?;
    match row {
        None => Err(AppError::Refused(
            "Ce lien n'est pas valable. Vérifiez qu'il est complet.".into(),
        )),
        Some((offer, _, Some(_))) => Ok((offer, true)),
        Some((_, expires, None)) if expires <= now() => Err(AppError::Refused(
            "Ce lien a expiré. Vous pouvez toujours nous dire ce que l'offre est devenue en écrivant à l'équipe de la plateforme.".into(),
        )),
        Some((offer, _, None)) => Ok((offer, false)),
    }
}

/// The partner organisations an offer went to (shared with, or whose
/// advisers positioned someone on it).
async fn partners_of(pool: &Pool, offer_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT po.id, po.name FROM partner_orgs po WHERE po.id IN ( \
         SELECT partner_org_id FROM offer_shares WHERE offer_id = $1 \
         UNION SELECT partner_org_id FROM applications WHERE offer_id = $1 AND partner_org_id IS NOT NULL) \
         ORDER BY po.name",
    )
    .bind(offer_id)
    .fetch_all(pool)
    .await
}

/// What the survey page shows (the link is not used up by reading it).
pub async fn open(pool: &Pool, link: &str) -> Result<SurveyView, AppError> {
    let (offer_id, answered) = offer_of(pool, link).await?;
    let (title, company_name, status): (String, String, String) = sqlx::query_as(
        "SELECT o.title, c.name, o.status FROM offers o JOIN companies c ON c.id = o.company_id WHERE o.id = $1",
    )
    .bind(offer_id)
    .fetch_one(pool)
    .await?;
    Ok(SurveyView {
        title,
        company_name,
        status: OfferStatus::from_code(&status)
            .map(|s| s.label().to_owned())
            .unwrap_or(status),
        partners: partners_of(pool, offer_id).await?,
        answered,
    })
}

/// Records the answer, once: a second answer, an expired or unknown link
/// is refused and changes nothing.
pub async fn answer(pool: &Pool, link: &str, form: &SurveyForm) -> Result<(), AppError> {
    let (offer_id, answered) = offer_of(pool, link).await?;
    if answered {
        return Err(AppError::Refused(
            "Vous avez déjà répondu à cette enquête : merci !".into(),
        ));
    }
    let partners: Vec<i64> = partners_of(pool, offer_id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let answer = form.check(&partners).map_err(AppError::Invalid)?;
    let at = now();
    let done = sqlx::query(
        "UPDATE offer_surveys SET answered_at = $1, hires = $2, channel = $3, partner_org_id = $4, comment = $5 \
         WHERE token_hash = $6 AND answered_at IS NULL AND expires_at > $1",
    )
    .bind(at)
    .bind(answer.hires)
    .bind(answer.channel.map(HireChannel::code))
    .bind(answer.partner_org_id)
    .bind(answer.comment)
    .bind(token::hash(link))
    .execute(pool)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Refused(
            "Vous avez déjà répondu à cette enquête : merci !".into(),
        ));
    }
    Ok(())
}

/// (answered at, hires, channel, partner, comment)
type AnswerRow = (i64, i64, Option<String>, Option<String>, Option<String>);

/// The answer given for an offer, if any (for the team's page).
pub async fn result_of(pool: &Pool, offer_id: i64) -> sqlx::Result<Option<SurveyResult>> {
    let row: Option<AnswerRow> = sqlx::query_as(
        "SELECT s.answered_at, COALESCE(s.hires, 0), s.channel, po.name, s.comment FROM offer_surveys s \
         LEFT JOIN partner_orgs po ON po.id = s.partner_org_id \
         WHERE s.offer_id = $1 AND s.answered_at IS NOT NULL",
    )
    .bind(offer_id)
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(at, hires, channel, partner, comment)| SurveyResult {
            answered_on: clock::date(at),
            hires,
            channel: channel
                .as_deref()
                .and_then(HireChannel::from_code)
                .map(|c| c.label().to_owned()),
            partner,
            comment,
        }),
    )
}
