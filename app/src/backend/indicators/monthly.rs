//! The monthly activity report ("bilan de l'activité"): once a month has
//! ended, each platform's report is built from the records (indicators of
//! the month and its highlights), stored, and e-mailed with the Annexe B
//! workbook to the platform's recipients. Inserting the report's row claims
//! it, in the same transaction as the e-mails: a report is sent once, even
//! with several server instances; a month missed while the server was down
//! is caught up at the next run.

use super::{dashboard, workbook, Scope};
use crate::backend::clock;
use crate::backend::db::{now, Pool};
use crate::backend::mail::outbox;
use crate::error::AppError;
use crate::model::indicators::Dashboard;
use crate::model::{CurrentUser, Role};

/// The months whose report a platform still lacks: from the month after
/// its last report (or the month it was created) to the previous month.
pub async fn monthly_reports_due(
    pool: &Pool,
    platform_id: i64,
    now: i64,
) -> sqlx::Result<Vec<String>> {
    let last: Option<(Option<String>,)> =
        sqlx::query_as("SELECT MAX(month) FROM monthly_reports WHERE platform_id = $1")
            .bind(platform_id)
            .fetch_optional(pool)
            .await?;
    let (created,): (i64,) = sqlx::query_as("SELECT created_at FROM platforms WHERE id = $1")
        .bind(platform_id)
        .fetch_one(pool)
        .await?;
    let this_month = clock::month_of(now);
    let start = match last.and_then(|(m,)| m) {
        Some(m) => clock::next_month(&m),
        None => Some(clock::month_of(created)),
    };
    let mut out = Vec::new();
    let mut month = start;
    while let Some(m) = month.filter(|m| *m < this_month && out.len() < 36) {
        month = clock::next_month(&m);
        out.push(m);
    }
    Ok(out)
}

/// "novembre 2026" of "2026-11".
pub fn month_name(m: &str) -> String {
    const NAMES: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let (y, mo) = m.split_once('-').unwrap_or((m, "01"));
    let i = mo.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    format!("{} {y}", NAMES[i])
}

/// The month's scope for a platform.
pub fn month_scope(platform_id: i64, month: &str) -> Option<Scope> {
    let from = clock::month_start(month)?;
    let to = clock::month_start(&clock::next_month(month)?)?;
    Some(Scope {
        platform: Some(platform_id),
        from,
        to,
    })
}

/// The month's highlights: new companies, offers, events held, hires.
pub async fn highlights(pool: &Pool, s: &Scope) -> sqlx::Result<Vec<String>> {
    let platform = s.platform.unwrap_or_default();
    let companies: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM companies WHERE platform_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY name",
    )
    .bind(platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    let (offers, positions): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(positions), 0) AS BIGINT) FROM offers \
         WHERE platform_id = $1 AND status NOT IN ('draft', 'rejected') AND created_at >= $2 AND created_at < $3",
    )
    .bind(platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_one(pool)
    .await?;
    let events: Vec<(String, i64)> = sqlx::query_as(
        "SELECT title, starts_at FROM events WHERE platform_id = $1 AND status <> 'cancelled' \
         AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at",
    )
    .bind(platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    let (hires,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(hires), 0) AS BIGINT) FROM offers WHERE platform_id = $1 AND status = 'filled' \
         AND updated_at >= $2 AND updated_at < $3",
    )
    .bind(platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_one(pool)
    .await?;
    let names: Vec<String> = companies.iter().take(10).map(|(n,)| n.clone()).collect();
    let mut out = vec![match companies.len() {
        0 => "Aucune nouvelle entreprise inscrite.".to_owned(),
        n => format!(
            "{n} nouvelle(s) entreprise(s) : {}{}.",
            names.join(", "),
            if n > 10 { "…" } else { "" }
        ),
    }];
    out.push(format!(
        "{offers} offre(s) déposée(s), {positions} poste(s)."
    ));
    out.push(if events.is_empty() {
        "Aucun événement tenu.".to_owned()
    } else {
        format!(
            "Événement(s) : {}.",
            events
                .iter()
                .map(|(t, at)| format!("{t} ({})", clock::date(*at)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    out.push(format!(
        "{hires} recrutement(s) déclaré(s) sur des offres pourvues."
    ));
    Ok(out)
}

/// The report's text.
pub fn summary(
    platform: &str,
    month: &str,
    d: &Dashboard,
    highlights: &[String],
    link: &str,
) -> String {
    let mut text = format!(
        "Bilan de l'activité – {platform} – {}\n\n",
        month_name(month)
    );
    text.push_str("Faits marquants\n");
    for h in highlights {
        text.push_str(&format!("- {h}\n"));
    }
    let mut axis = 0;
    for f in &d.figures {
        if f.axis != axis {
            axis = f.axis;
            text.push_str(&format!(
                "\n{}\n",
                crate::model::indicators::axis_label(axis)
            ));
        }
        text.push_str(&format!("- {} : {}\n", f.label, f.shown()));
    }
    text.push_str(&format!(
        "\nLe tableau de l'annexe B est joint (XLSX). Chaque chiffre peut être ouvert dans le portail : {link}\n"
    ));
    text
}

/// Builds, stores and sends the reports due at `at`; returns how many this
/// instance sent.
/// `margin`: percent an indicator may stay under its prorated objective
/// before the report lists it as late.
pub async fn run(pool: &Pool, at: i64, link_base: &str, margin: u32) -> anyhow::Result<usize> {
    let platforms = crate::backend::repo::platforms::list(pool).await?;
    // Read once, and only when a report is due (the run comes every ten
    // minutes, the logo is up to 512 KB).
    let mut logo: Option<Option<crate::backend::funder::Logo>> = None;
    let mut done = 0;
    for p in platforms {
        for month in monthly_reports_due(pool, p.id, at).await? {
            let Some(scope) = month_scope(p.id, &month) else {
                continue;
            };
            let query = format!("mois={month}");
            let d = dashboard(
                pool,
                &scope,
                month[..4].parse().unwrap_or(2026),
                query.clone(),
                &[(p.id, p.name.clone())],
            )
            .await?;
            let lines = highlights(pool, &scope).await?;
            let link = format!("{link_base}/equipe/indicateurs?{query}");
            let mut text = summary(&p.name, &month, &d, &lines, &link);
            let year: i32 = month[..4].parse().unwrap_or(2026);
            let late = crate::backend::cycle::delays::alerts(pool, p.id, year, scope.to, margin)
                .await
                .map_err(|e| anyhow::anyhow!("delay alerts: {e}"))?;
            if !late.is_empty() {
                text.push_str("\nRetards sur les objectifs de l'année\n");
                for a in &late {
                    text.push_str(&format!(
                        "- {} : {} à la fin du mois, {} attendu (objectif annuel {}){}\n",
                        a.label,
                        a.value,
                        a.expected,
                        a.objective,
                        a.acknowledged
                            .as_ref()
                            .map(|(c, ..)| format!(" – commentaire de l'équipe : {c}"))
                            .unwrap_or_default()
                    ));
                }
            }
            if logo.is_none() {
                logo = Some(crate::backend::funder::logo(pool).await?);
            }
            let book = workbook(&d, logo.as_ref().and_then(Option::as_ref))?;
            let mut tx = crate::backend::db::begin(pool).await?;
            let claimed = sqlx::query(
                "INSERT INTO monthly_reports (platform_id, month, built_at, summary, workbook) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (platform_id, month) DO NOTHING",
            )
            .bind(p.id)
            .bind(&month)
            .bind(now())
            .bind(&text)
            .bind(book.clone())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !claimed {
                continue;
            }
            let recipients: Vec<(String,)> = sqlx::query_as(
                "SELECT email FROM report_recipients WHERE platform_id = $1 ORDER BY email",
            )
            .bind(p.id)
            .fetch_all(&mut *tx)
            .await?;
            let subject = format!("Bilan de l'activité – {} – {}", p.name, month_name(&month));
            let file = format!("bilan-{}-{month}.xlsx", p.slug);
            for (to,) in &recipients {
                let mail = outbox::NewMail {
                    platform_id: Some(p.id),
                    to,
                    subject: &subject,
                    body: &text,
                };
                outbox::enqueue_with_attachment(&mut tx, &mail, &file, &book).await?;
            }
            tx.commit().await?;
            done += 1;
        }
    }
    Ok(done)
}

/// Whose monthly reports a user reads: staff their platform's; the Région
/// and admins any platform's (the one asked for, `None` when none is).
pub fn reports_platform(user: &CurrentUser, asked: Option<&str>) -> Result<Option<i64>, AppError> {
    match user.role {
        Role::Staff => user.platform_id.map(Some).ok_or(AppError::Forbidden),
        Role::Region | Role::Admin => Ok(asked.and_then(|p| p.trim().parse::<i64>().ok())),
        Role::Company | Role::Partner => Err(AppError::Forbidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_have_french_names() {
        assert_eq!(month_name("2026-02"), "février 2026");
        assert_eq!(month_name("2026-12"), "décembre 2026");
    }
}
