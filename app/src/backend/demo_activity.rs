//! The demo's staff records: contacts with the demo company, an
//! intervention at a business club, a chef de file métiers, a report
//! recipient; the platform dates from two months ago, so the monthly
//! reports of the months since are built at start and readable at once.

use super::clock;
use super::db::{now, Tx};

fn days_ago(days: i64) -> i64 {
    let day = clock::iso_date(now() - days * 86_400);
    clock::from_paris(&day, "12:00").unwrap_or_else(now)
}

pub async fn seed(tx: &mut Tx, platform: i64, company: i64, staff: i64) -> sqlx::Result<()> {
    let at = now();
    sqlx::query("UPDATE platforms SET created_at = $1 WHERE id = $2")
        .bind(at - 62 * 86_400)
        .bind(platform)
        .execute(&mut **tx)
        .await?;
    let follow_up = clock::iso_date(at + 7 * 86_400);
    for (channel, days, subject, follow) in [
        (
            "visit",
            20,
            "Visite de l'atelier : besoins en menuisiers poseurs",
            None,
        ),
        (
            "phone",
            5,
            "Point sur l'offre d'apprentissage",
            Some(follow_up.as_str()),
        ),
    ] {
        sqlx::query(
            "INSERT INTO company_contacts (platform_id, company_id, channel, happened_at, subject, follow_up_on, author_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(platform)
        .bind(company)
        .bind(channel)
        .bind(days_ago(days))
        .bind(subject)
        .bind(follow)
        .bind(staff)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO interventions (platform_id, kind, counterpart, happened_at, subject, author_id, created_at) \
         VALUES ($1, 'club', 'Club des entreprises de Béthune', $2, 'Présentation du service aux dirigeants', $3, $4)",
    )
    .bind(platform)
    .bind(days_ago(10))
    .bind(staff)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    let january =
        clock::from_paris(&format!("{}-01-01", &clock::iso_date(at)[..4]), "00:00").unwrap_or(at);
    sqlx::query(
        "INSERT INTO trade_leaders (platform_id, company_id, trade, filiere, since, created_by, created_at) \
         VALUES ($1, $2, 'Menuisier', 'Bois', $3, $4, $5)",
    )
    .bind(platform)
    .bind(company)
    .bind(january)
    .bind(staff)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO report_recipients (platform_id, email, label, created_at) \
         VALUES ($1, 'direction@demo.prochemploi.fr', 'Structure porteuse', $2)",
    )
    .bind(platform)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
