//! The dashboards' reading of the records: where records are many (contacts,
//! offers, applications, companies and meetings at events), the database
//! counts them by platform and month, by the same rules as `records`
//! (which the drill-downs read record by record); the few others are read
//! as records. At the Région's scale (23 platforms, hundreds of thousands
//! of records), moving every record out of the database would cost
//! seconds. The test `dashboard_figures_match_their_drill_downs` checks
//! that both readings agree, figure by figure and month by month.

use super::records::{self, tpe, Measures, Sink};
use super::{Months, Scope};
use crate::backend::db::{now, Pool};
use crate::model::event::MeetingOutcome;

/// The month (0, 1, …) of the period a column's instant falls in, as SQL:
/// the bounds are the period's own (computed here, never from input).
fn month_of(column: &str, months: &Months) -> String {
    let ends = months
        .starts
        .get(1..months.starts.len().saturating_sub(1))
        .unwrap_or_default();
    if ends.is_empty() {
        return "CAST(0 AS BIGINT)".to_owned();
    }
    let mut sql = String::from("CAST(CASE");
    for (k, end) in ends.iter().enumerate() {
        sql.push_str(&format!(" WHEN {column} < {end} THEN {k}"));
    }
    sql.push_str(&format!(" ELSE {} END AS BIGINT)", ends.len()));
    sql
}

/// The instant a month of the period begins (what puts a count in its
/// month).
fn start(months: &Months, k: i64) -> i64 {
    let last = months.starts.len().saturating_sub(2);
    months.starts[usize::try_from(k).unwrap_or(0).min(last)]
}

/// A company's count in two indicators: the month (if any) it counts in
/// for the first, the month (if any) for the second, its headcount band,
/// and how many companies share all three.
type Firsts = (i64, Option<i64>, Option<i64>, Option<String>, i64);

/// Companies counted once per indicator, in the month of their first
/// record, two indicators from one reading: `sql` yields (platform,
/// company, `a`: its first record ever, `b`: its first record of the
/// period or NULL) and takes the scope's platform as `$1`, its end as `$2`
/// and its start as `$3`. A company counts in the first indicator when `a`
/// falls in the period.
async fn firsts(pool: &Pool, s: &Scope, months: &Months, sql: &str) -> sqlx::Result<Vec<Firsts>> {
    sqlx::query_as(&format!(
        "SELECT platform_id, ka, kb, headcount_band, CAST(COUNT(*) AS BIGINT) FROM \
         (SELECT f.platform_id, CASE WHEN f.a >= $3 THEN {} END AS ka, \
          CASE WHEN f.b IS NOT NULL THEN {} END AS kb, co.headcount_band FROM ({sql}) f \
          JOIN companies co ON co.id = f.company_id WHERE f.a >= $3 OR f.b IS NOT NULL) x \
         GROUP BY platform_id, ka, kb, headcount_band",
        month_of("f.a", months),
        month_of("f.b", months)
    ))
    .bind(s.platform)
    .bind(s.to)
    .bind(s.from)
    .fetch_all(pool)
    .await
}

/// Counts companies in the first indicator (`a`) and in the second
/// (`b`), weighing them in its TPE/PME rate.
fn push_companies(
    m: &mut Sink,
    (a, (b, rate)): (&'static str, (&'static str, &'static str)),
    months: &Months,
    rows: Vec<Firsts>,
) {
    for (platform, ka, kb, band, n) in rows {
        if let Some(k) = ka {
            m.push(a, platform, start(months, k), (n, 0), Vec::new);
        }
        if let Some(k) = kb {
            let at = start(months, k);
            m.push(b, platform, at, (n, 0), Vec::new);
            let (known, small) = tpe(&band);
            m.push(rate, platform, at, (n * small, n * known), Vec::new);
        }
    }
}

async fn contacts(pool: &Pool, s: &Scope, months: &Months, m: &mut Sink) -> sqlx::Result<()> {
    // A company is new in the month of its first contact ever, visited in
    // the month of its first visit of the period.
    let rows = firsts(
        pool,
        s,
        months,
        "SELECT platform_id, company_id, MIN(happened_at) AS a, \
         MIN(CASE WHEN channel = 'visit' AND happened_at >= $3 THEN happened_at END) AS b \
         FROM company_contacts WHERE ($1 IS NULL OR platform_id = $1) AND happened_at < $2 \
         GROUP BY platform_id, company_id",
    )
    .await?;
    push_companies(
        m,
        ("new_companies", ("visited", "visited_tpe")),
        months,
        rows,
    );
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT platform_id, k, CAST(COUNT(*) AS BIGINT) FROM (SELECT platform_id, {} AS k \
         FROM company_contacts WHERE ($1 IS NULL OR platform_id = $1) AND happened_at >= $2 \
         AND happened_at < $3 AND channel IN ('phone', 'visit')) x GROUP BY platform_id, k",
        month_of("happened_at", months)
    ))
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    for (platform, k, n) in rows {
        m.push("contacts", platform, start(months, k), (n, 0), Vec::new);
    }
    Ok(())
}

/// (platform, month, band, positions, positions hidden elsewhere, offers
/// shared with France Travail, offers).
type OfferSums = (i64, i64, Option<String>, i64, i64, i64, i64);

/// The offers that count (moderated, not refused).
const COUNTED: &str = "status NOT IN ('draft', 'rejected')";

/// The companies with a first offer, and the companies supported.
async fn offer_companies(
    pool: &Pool,
    s: &Scope,
    months: &Months,
    m: &mut Sink,
) -> sqlx::Result<()> {
    // A company has its first offer in the month of its first offer ever;
    // it is supported in the month of its first offer or request of the
    // period.
    let rows = firsts(
        pool,
        s,
        months,
        &format!(
            "SELECT platform_id, company_id, MIN(first) AS a, MIN(at) AS b FROM (\
             SELECT platform_id, company_id, created_at AS first, \
             CASE WHEN created_at >= $3 THEN created_at END AS at FROM offers \
             WHERE ($1 IS NULL OR platform_id = $1) AND {COUNTED} AND created_at < $2 \
             UNION ALL SELECT platform_id, company_id, CAST(NULL AS BIGINT), created_at FROM support_requests \
             WHERE ($1 IS NULL OR platform_id = $1) AND created_at < $2 AND created_at >= $3) u \
             GROUP BY platform_id, company_id"
        ),
    )
    .await?;
    push_companies(
        m,
        ("new_offer_companies", ("supported", "supported_tpe")),
        months,
        rows,
    );
    Ok(())
}

/// The positions of the offers, with their weights in the rates.
async fn positions(pool: &Pool, s: &Scope, months: &Months, m: &mut Sink) -> sqlx::Result<()> {
    let rows: Vec<OfferSums> = sqlx::query_as(&format!(
        "SELECT platform_id, k, headcount_band, CAST(SUM(positions) AS BIGINT), CAST(SUM(hidden) AS BIGINT), \
         CAST(SUM(ft) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM (SELECT o.platform_id, {} AS k, co.headcount_band, \
         CASE WHEN o.published_elsewhere = 'nowhere' THEN o.positions ELSE 0 END AS hidden, \
         CASE WHEN EXISTS (SELECT 1 FROM offer_shares sh JOIN partner_orgs po ON po.id = sh.partner_org_id \
               WHERE sh.offer_id = o.id AND po.kind = 'france_travail') THEN 1 ELSE 0 END AS ft, \
         o.positions FROM offers o JOIN companies co ON co.id = o.company_id \
         WHERE ($1 IS NULL OR o.platform_id = $1) AND o.{COUNTED} AND o.created_at >= $2 AND o.created_at < $3) x \
         GROUP BY platform_id, k, headcount_band",
        month_of("o.created_at", months)
    ))
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    for (platform, k, band, positions, hidden, shared, offers) in rows {
        let at = start(months, k);
        let (known, small) = tpe(&band);
        m.push("positions", platform, at, (positions, 0), Vec::new);
        m.push(
            "positions_tpe",
            platform,
            at,
            (positions * small, positions * known),
            Vec::new,
        );
        m.push("hidden_market", platform, at, (hidden, positions), Vec::new);
        m.push("ft_share", platform, at, (shared, offers), Vec::new);
    }
    Ok(())
}

async fn applications(pool: &Pool, s: &Scope, months: &Months, m: &mut Sink) -> sqlx::Result<()> {
    let received: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT platform_id, k, CAST(COUNT(*) AS BIGINT) FROM (SELECT platform_id, {} AS k \
         FROM applications WHERE ($1 IS NULL OR platform_id = $1) \
         AND created_at >= $2 AND created_at < $3) x GROUP BY platform_id, k",
        month_of("created_at", months)
    ))
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    for (platform, k, n) in received {
        m.push("applications", platform, start(months, k), (n, 0), Vec::new);
    }
    // Each application counts once per step, in the month it first got there.
    let steps: Vec<(i64, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT platform_id, status, k, CAST(COUNT(*) AS BIGINT) FROM (SELECT platform_id, status, {} AS k \
         FROM (SELECT a.platform_id, a.id, h.status, MIN(h.at) AS first FROM application_history h \
         JOIN applications a ON a.id = h.application_id \
         WHERE ($1 IS NULL OR a.platform_id = $1) AND h.status IN ('proposed', 'interview', 'hired') \
         AND h.at >= $2 AND h.at < $3 GROUP BY a.platform_id, a.id, h.status) f) x \
         GROUP BY platform_id, status, k",
        month_of("first", months)
    ))
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    for (platform, status, k, n) in steps {
        let key = match status.as_str() {
            "proposed" => "proposed",
            "interview" => "interviews",
            _ => "hired",
        };
        m.push(key, platform, start(months, k), (n, 0), Vec::new);
    }
    Ok(())
}

/// The events of the period that count (not cancelled, already begun).
const EVENTS_COUNTED: &str = "($1 IS NULL OR e.platform_id = $1) AND e.status <> 'cancelled' \
     AND e.starts_at >= $2 AND e.starts_at < $3 AND e.starts_at <= $4";

async fn events(pool: &Pool, s: &Scope, months: &Months, m: &mut Sink) -> sqlx::Result<()> {
    let companies: Vec<(i64, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT platform_id, cfm, k, CAST(COUNT(*) AS BIGINT) FROM (SELECT e.platform_id, \
         CAST(CASE WHEN e.kind = 'chefs_de_file' THEN 1 ELSE 0 END AS BIGINT) AS cfm, {} AS k \
         FROM event_companies ec JOIN events e ON e.id = ec.event_id JOIN companies c ON c.id = ec.company_id \
         WHERE {EVENTS_COUNTED} AND e.kind IN ('job_dating', 'forum', 'chefs_de_file') \
         AND (ec.present IS NULL OR ec.present = 1)) x GROUP BY platform_id, cfm, k",
        month_of("e.starts_at", months)
    ))
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .bind(now())
    .fetch_all(pool)
    .await?;
    for (platform, cfm, k, n) in companies {
        let key = if cfm == 1 {
            "cfm_companies"
        } else {
            "companies_present"
        };
        m.push(key, platform, start(months, k), (n, 0), Vec::new);
    }
    let solutions = [
        MeetingOutcome::Hire,
        MeetingOutcome::Training,
        MeetingOutcome::Immersion,
    ]
    .map(|o| format!("'{}'", o.code()))
    .join(", ");
    let meetings: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT platform_id, k, dating, solution, CAST(COUNT(*) AS BIGINT) FROM (SELECT e.platform_id, {} AS k, \
         CAST(CASE WHEN e.kind IN ('job_dating', 'forum') THEN 1 ELSE 0 END AS BIGINT) AS dating, \
         CAST(CASE WHEN mt.outcome IN ({solutions}) THEN 1 ELSE 0 END AS BIGINT) AS solution \
         FROM meetings mt JOIN events e ON e.id = mt.event_id JOIN companies c ON c.id = mt.company_id \
         WHERE {EVENTS_COUNTED}) x GROUP BY platform_id, k, dating, solution",
        month_of("e.starts_at", months)
    ))
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .bind(now())
    .fetch_all(pool)
    .await?;
    for (platform, k, dating, solution, n) in meetings {
        let at = start(months, k);
        if dating == 1 {
            m.push("meetings", platform, at, (n, 0), Vec::new);
        }
        if solution == 1 {
            m.push("solutions", platform, at, (n, 0), Vec::new);
        }
    }
    Ok(())
}

/// The records read as records: they are few (events, interventions,
/// employer-brand actions, surveys, trade leaders).
async fn few(pool: &Pool, s: &Scope, _: &Months, m: &mut Sink) -> sqlx::Result<()> {
    records::interventions_and_events(pool, s, m).await?;
    records::present(pool, s, m).await?;
    records::brand_actions(pool, s, m).await?;
    records::surveyed_hires(pool, s, m).await?;
    records::trade_leaders(pool, s, m).await
}

/// Runs one part of the reading on its own.
async fn part<'a, F>(
    pool: &'a Pool,
    s: &'a Scope,
    months: &'a Months,
    read: F,
) -> sqlx::Result<Measures>
where
    F: AsyncFnOnce(&'a Pool, &'a Scope, &'a Months, &mut Sink) -> sqlx::Result<()>,
{
    let mut m = Sink::new(false);
    read(pool, s, months, &mut m).await?;
    Ok(m.m)
}

/// Every indicator's counts for the scope, by platform and month. The
/// parts are read at the same time, each on its own connection.
pub async fn measure(pool: &Pool, s: &Scope) -> sqlx::Result<Measures> {
    let months = Months::of(s);
    let parts = tokio::try_join!(
        part(pool, s, &months, contacts),
        part(pool, s, &months, offer_companies),
        part(pool, s, &months, positions),
        part(pool, s, &months, applications),
        part(pool, s, &months, events),
        part(pool, s, &months, few),
    )?;
    let mut all = Measures::new();
    for m in [parts.0, parts.1, parts.2, parts.3, parts.4, parts.5] {
        for (key, items) in m {
            all.entry(key).or_default().extend(items);
        }
    }
    Ok(all)
}
