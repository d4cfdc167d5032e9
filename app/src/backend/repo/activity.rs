//! Contacts with companies, interventions in the economic network and the
//! chefs de file métiers register: recorded by staff, counted by the
//! indicators.

use crate::backend::clock;
use crate::backend::db::{now, Pool};
use crate::model::activity::{
    CheckedContact, CheckedIntervention, CheckedTradeLeader, ContactChannel, HistoryLine,
    InterventionKind,
};

/// Noon in Paris of a checked date: a day's records never slip into the
/// next or previous day, whatever the clock change.
pub fn noon(date: &str) -> i64 {
    clock::from_paris(date, "12:00").unwrap_or_else(now)
}

/// Records a contact; `false` when the company is not of the platform.
pub async fn add_contact(
    pool: &Pool,
    platform_id: i64,
    c: &CheckedContact,
    author: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO company_contacts (platform_id, company_id, channel, happened_at, subject, follow_up_on, author_id, created_at) \
         SELECT $1, id, $3, $4, $5, $6, $7, $8 FROM companies WHERE id = $2 AND platform_id = $1",
    )
    .bind(platform_id)
    .bind(c.company_id)
    .bind(c.channel.code())
    .bind(noon(&c.date))
    .bind(&c.subject)
    .bind(c.follow_up.as_deref())
    .bind(author)
    .bind(now())
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// Records an intervention of the platform's team.
pub async fn add_intervention(
    pool: &Pool,
    platform_id: i64,
    i: &CheckedIntervention,
    author: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO interventions (platform_id, kind, counterpart, happened_at, subject, author_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(platform_id)
    .bind(i.kind.code())
    .bind(&i.counterpart)
    .bind(noon(&i.date))
    .bind(&i.subject)
    .bind(author)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(())
}

/// Adds a company to the CFM register; `false` when it is not of the platform.
pub async fn add_trade_leader(
    pool: &Pool,
    platform_id: i64,
    t: &CheckedTradeLeader,
    author: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO trade_leaders (platform_id, company_id, trade, filiere, since, created_by, created_at) \
         SELECT $1, id, $3, $4, $5, $6, $7 FROM companies WHERE id = $2 AND platform_id = $1",
    )
    .bind(platform_id)
    .bind(t.company_id)
    .bind(&t.trade)
    .bind(&t.filiere)
    .bind(clock::from_paris(&t.since, "00:00").unwrap_or_else(now))
    .bind(author)
    .bind(now())
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// Ends a company's CFM role (from today); `false` when not found.
pub async fn end_trade_leader(pool: &Pool, platform_id: i64, id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE trade_leaders SET until = $3 WHERE id = $1 AND platform_id = $2 AND until IS NULL",
    )
    .bind(id)
    .bind(platform_id)
    .bind(now())
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// Records whether a registered company came to an event.
pub async fn set_company_presence(
    pool: &Pool,
    event_id: i64,
    company_id: i64,
    present: bool,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE event_companies SET present = $3 WHERE event_id = $1 AND company_id = $2",
    )
    .bind(event_id)
    .bind(company_id)
    .bind(i64::from(present))
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// The latest contacts of the platform: (date, company, channel and
/// author, subject, follow-up).
pub async fn latest_contacts(
    pool: &Pool,
    platform_id: i64,
) -> sqlx::Result<Vec<(String, String, String, String, String)>> {
    let rows: Vec<(i64, String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT c.happened_at, co.name, c.channel, c.subject, c.follow_up_on, u.full_name FROM company_contacts c \
         JOIN companies co ON co.id = c.company_id JOIN users u ON u.id = c.author_id \
         WHERE c.platform_id = $1 ORDER BY c.happened_at DESC, c.id DESC LIMIT 50",
    )
    .bind(platform_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, name, channel, subject, follow, author)| {
            let channel = ContactChannel::from_code(&channel)
                .map_or(channel.clone(), |c| c.label().to_owned());
            let channel = format!("{channel} ({author})");
            let follow = follow
                .map(|f| crate::model::french_date(&f))
                .unwrap_or_default();
            (clock::date(at), name, channel, subject, follow)
        })
        .collect())
}

/// Contacts whose follow-up date has come (today or earlier) and that no
/// later contact with the company answered: (date, company id, name, subject).
pub async fn due_follow_ups(
    pool: &Pool,
    platform_id: i64,
) -> sqlx::Result<Vec<(String, i64, String, String)>> {
    let today = clock::iso_date(now());
    let rows: Vec<(String, i64, String, String)> = sqlx::query_as(
        "SELECT c.follow_up_on, co.id, co.name, c.subject FROM company_contacts c JOIN companies co ON co.id = c.company_id \
         WHERE c.platform_id = $1 AND c.follow_up_on IS NOT NULL AND c.follow_up_on <= $2 \
         AND NOT EXISTS (SELECT 1 FROM company_contacts l WHERE l.company_id = c.company_id AND l.happened_at > c.happened_at) \
         ORDER BY c.follow_up_on, co.name LIMIT 50",
    )
    .bind(platform_id)
    .bind(today)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(d, id, name, subject)| (crate::model::french_date(&d), id, name, subject))
        .collect())
}

/// The latest interventions: (date, kind, with, subject).
pub async fn latest_interventions(
    pool: &Pool,
    platform_id: i64,
) -> sqlx::Result<Vec<(String, String, String, String)>> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT happened_at, kind, counterpart, subject FROM interventions WHERE platform_id = $1 \
         ORDER BY happened_at DESC, id DESC LIMIT 50",
    )
    .bind(platform_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, kind, with, subject)| {
            let kind =
                InterventionKind::from_code(&kind).map_or(kind.clone(), |k| k.label().to_owned());
            (clock::date(at), kind, with, subject)
        })
        .collect())
}

/// The trades a company currently leads: "Menuisier (Bois)".
pub async fn trades_led_by(pool: &Pool, company_id: i64) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT trade, filiere FROM trade_leaders WHERE company_id = $1 AND until IS NULL ORDER BY since",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(t, f)| format!("{t} ({f})"))
        .collect())
}

/// The CFM register: (id, company, trade, filière, since, until).
pub async fn trade_leaders(
    pool: &Pool,
    platform_id: i64,
) -> sqlx::Result<Vec<(i64, String, String, String, String, String)>> {
    let rows: Vec<(i64, String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT t.id, c.name, t.trade, t.filiere, t.since, t.until FROM trade_leaders t \
         JOIN companies c ON c.id = t.company_id WHERE t.platform_id = $1 ORDER BY t.until IS NOT NULL, t.filiere, c.name",
    )
    .bind(platform_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, trade, filiere, since, until)| {
            (
                id,
                name,
                trade,
                filiere,
                clock::date(since),
                until.map(clock::date).unwrap_or_default(),
            )
        })
        .collect())
}

/// A company's whole history, newest first: contacts, offers, requests,
/// events, hires.
pub async fn company_history(pool: &Pool, company_id: i64) -> sqlx::Result<Vec<HistoryLine>> {
    let mut lines: Vec<(i64, HistoryLine)> = Vec::new();
    let contacts: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.happened_at, c.channel, c.subject, u.full_name, c.follow_up_on FROM company_contacts c \
         JOIN users u ON u.id = c.author_id WHERE c.company_id = $1",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    for (at, channel, subject, author, follow) in contacts {
        let channel = ContactChannel::from_code(&channel).map_or("Contact", ContactChannel::label);
        lines.push((
            at,
            HistoryLine {
                date: clock::date(at),
                what: channel.to_owned(),
                detail: match follow {
                    Some(f) => format!(
                        "{subject} ({author} ; relance le {})",
                        crate::model::french_date(&f)
                    ),
                    None => format!("{subject} ({author})"),
                },
                link: None,
            },
        ));
    }
    let offers: Vec<(i64, i64, String, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, created_at, title, positions, status, hires FROM offers WHERE company_id = $1 AND status <> 'draft'",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    for (id, at, title, positions, status, hires) in offers {
        let status = crate::model::OfferStatus::from_code(&status)
            .map_or("", crate::model::OfferStatus::label);
        lines.push((
            at,
            HistoryLine {
                date: clock::date(at),
                what: "Offre".into(),
                detail: format!("{title} ({positions} poste(s)) — {status}"),
                link: Some(format!("/equipe/offres/{id}")),
            },
        ));
        if let Some(h) = hires.filter(|h| *h > 0) {
            lines.push((
                at,
                HistoryLine {
                    date: clock::date(at),
                    what: "Recrutement".into(),
                    detail: format!("{h} recrutement(s) sur « {title} »"),
                    link: Some(format!("/equipe/offres/{id}")),
                },
            ));
        }
    }
    let requests: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT id, created_at, kind, status FROM support_requests WHERE company_id = $1",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    for (id, at, kind, status) in requests {
        let kind = crate::model::support::SupportKind::from_code(&kind)
            .map_or("Demande", crate::model::support::SupportKind::label);
        let status = crate::model::support::CaseStatus::from_code(&status)
            .map_or("", crate::model::support::CaseStatus::label);
        lines.push((
            at,
            HistoryLine {
                date: clock::date(at),
                what: "Demande".into(),
                detail: format!("{kind} — {status}"),
                link: Some(format!("/equipe/accompagnements/{id}")),
            },
        ));
    }
    let events: Vec<(i64, i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT e.id, e.starts_at, e.title, ec.role, ec.present FROM event_companies ec JOIN events e ON e.id = ec.event_id \
         WHERE ec.company_id = $1",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    for (id, at, title, role, present) in events {
        let role = if role == "recruiter" {
            "recruteur"
        } else {
            "participant"
        };
        let presence = match present {
            Some(1) => ", présente",
            Some(_) => ", absente",
            None => "",
        };
        lines.push((
            at,
            HistoryLine {
                date: clock::date(at),
                what: "Événement".into(),
                detail: format!("{title} ({role}{presence})"),
                link: Some(format!("/evenements/{id}")),
            },
        ));
    }
    let hires: Vec<(i64, String)> = sqlx::query_as(
        "SELECT h.at, o.title FROM application_history h JOIN applications a ON a.id = h.application_id \
         JOIN offers o ON o.id = a.offer_id WHERE o.company_id = $1 AND h.status = 'hired'",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await?;
    for (at, title) in hires {
        lines.push((
            at,
            HistoryLine {
                date: clock::date(at),
                what: "Recrutement".into(),
                detail: format!("Candidat recruté via le portail sur « {title} »"),
                link: None,
            },
        ));
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    Ok(lines.into_iter().map(|(_, l)| l).collect())
}

/// What recording a company at the door did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompanyAtDoor {
    /// Added to the event, present.
    Added,
    /// It was registered: now marked present.
    AlreadyRegistered,
    /// Not a company of the event's platform.
    Unknown,
}

/// Records a company of the platform that came without registering (most
/// often one without an account, recorded by staff): present, with its
/// stand counted among the event's companies.
pub async fn company_at_door(
    tx: &mut crate::backend::db::Tx,
    event_id: i64,
    platform_id: i64,
    company_id: i64,
    recruiter: bool,
    actor_id: i64,
) -> sqlx::Result<CompanyAtDoor> {
    let known: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM companies WHERE id = $1 AND platform_id = $2")
            .bind(company_id)
            .bind(platform_id)
            .fetch_optional(&mut **tx)
            .await?;
    if known.is_none() {
        return Ok(CompanyAtDoor::Unknown);
    }
    let at = crate::backend::db::now();
    let inserted = sqlx::query(
        "INSERT INTO event_companies (event_id, company_id, role, attendees, registered_by, created_at, present) \
         VALUES ($1, $2, $3, 1, $4, $5, 1) ON CONFLICT (event_id, company_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(company_id)
    .bind(if recruiter { "recruiter" } else { "participant" })
    .bind(actor_id)
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        sqlx::query(
            "UPDATE events SET companies_confirmed = companies_confirmed + 1, updated_at = $2 WHERE id = $1",
        )
        .bind(event_id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        return Ok(CompanyAtDoor::Added);
    }
    sqlx::query("UPDATE event_companies SET present = 1 WHERE event_id = $1 AND company_id = $2")
        .bind(event_id)
        .bind(company_id)
        .execute(&mut **tx)
        .await?;
    Ok(CompanyAtDoor::AlreadyRegistered)
}
