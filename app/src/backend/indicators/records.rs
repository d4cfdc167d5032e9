//! The records each indicator counts, read for a scope. One query per kind
//! of record; the indicators that share records share the query.

use std::collections::{HashMap, HashSet};

use super::{Item, Scope};
use crate::backend::clock;
use crate::backend::db::{now, Pool};
use crate::model::company::is_tpe_pme;
use crate::model::event::{EventKind, MeetingOutcome};
use crate::model::support::ActionKind;

/// The records of every indicator, by key.
pub type Measures = HashMap<&'static str, Vec<Item>>;

/// Whether a band is known, and under 50 employees: (den, num) weights.
pub(super) fn tpe(band: &Option<String>) -> (i64, i64) {
    match band.as_deref() {
        Some(b) if crate::model::company::is_headcount_band(b) => (1, i64::from(is_tpe_pme(b))),
        _ => (0, 0),
    }
}

fn band_label(band: &Option<String>) -> String {
    match band.as_deref() {
        Some(b) => crate::model::company::HEADCOUNT_BANDS
            .iter()
            .find(|x| x.code == b)
            .map_or_else(|| "inconnu".to_owned(), |x| x.label.to_owned()),
        None => "inconnu".to_owned(),
    }
}

/// Where the records go. The dashboards only need each record's weights
/// and instant; a drill-down (`detail`) also needs what it shows of each
/// record and the page it opens, which cost most of the reading at the
/// Région's scale: they are only made when asked.
pub(super) struct Sink {
    pub(super) m: Measures,
    detail: bool,
}

impl Sink {
    pub(super) fn new(detail: bool) -> Sink {
        Sink {
            m: Measures::new(),
            detail,
        }
    }

    pub(super) fn push(
        &mut self,
        key: &'static str,
        platform_id: i64,
        at: i64,
        (num, den): (i64, i64),
        row: impl FnOnce() -> Vec<String>,
    ) {
        let row = if self.detail {
            let mut row = row();
            row.insert(0, clock::date(at));
            row
        } else {
            Vec::new()
        };
        self.m.entry(key).or_default().push(Item {
            platform_id,
            at,
            num,
            den,
            row,
            link: None,
        });
    }

    /// Links the records just pushed under `keys` to a page.
    fn link(&mut self, keys: &[&'static str], href: impl FnOnce() -> String) {
        if !self.detail {
            return;
        }
        let href = href();
        for key in keys {
            if let Some(item) = self.m.get_mut(key).and_then(|items| items.last_mut()) {
                item.link = Some(href.clone());
            }
        }
    }

    /// A company counted once (`count`), and in the TPE/PME rate (`rate`)
    /// when its headcount band is known; both open the company's page.
    fn push_company(
        &mut self,
        (count, rate): (&'static str, &'static str),
        (platform, company, at): (i64, i64, i64),
        name: &str,
        band: &Option<String>,
    ) {
        let row = || vec![name.to_owned(), band_label(band)];
        self.push(count, platform, at, (1, 0), row);
        let (den, num) = tpe(band);
        self.push(rate, platform, at, (num, den), row);
        self.link(&[count, rate], || format!("/equipe/entreprises/{company}"));
    }
}

fn inside(s: &Scope, at: i64) -> bool {
    at >= s.from && at < s.to
}

type ContactRow = (i64, i64, String, Option<String>, String, i64, String);

async fn contacts(pool: &Pool, s: &Scope, m: &mut Sink) -> sqlx::Result<()> {
    let rows: Vec<ContactRow> = sqlx::query_as(
        "SELECT c.platform_id, c.company_id, co.name, co.headcount_band, c.channel, c.happened_at, c.subject \
         FROM company_contacts c JOIN companies co ON co.id = c.company_id \
         WHERE ($1 IS NULL OR c.platform_id = $1) AND c.happened_at < $2 ORDER BY c.happened_at, c.id",
    )
    .bind(s.platform)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    let (mut first_seen, mut visited) = (HashSet::new(), HashSet::new());
    for (platform, company, name, band, channel, at, subject) in rows {
        let is_new = first_seen.insert((platform, company));
        if !inside(s, at) {
            continue;
        }
        let page = || format!("/equipe/entreprises/{company}");
        if is_new {
            m.push("new_companies", platform, at, (1, 0), || {
                vec![name.clone(), band_label(&band)]
            });
            m.link(&["new_companies"], page);
        }
        if channel == "phone" || channel == "visit" {
            let label = if channel == "phone" {
                "Téléphone"
            } else {
                "Visite"
            };
            m.push("contacts", platform, at, (1, 0), || {
                vec![name.clone(), label.into(), subject]
            });
            m.link(&["contacts"], page);
        }
        if channel == "visit" && visited.insert((platform, company)) {
            m.push_company(
                ("visited", "visited_tpe"),
                (platform, company, at),
                &name,
                &band,
            );
        }
    }
    Ok(())
}

pub(super) async fn interventions_and_events(
    pool: &Pool,
    s: &Scope,
    m: &mut Sink,
) -> sqlx::Result<()> {
    let rows: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT platform_id, kind, counterpart, happened_at, subject FROM interventions \
         WHERE ($1 IS NULL OR platform_id = $1) AND happened_at >= $2 AND happened_at < $3 ORDER BY happened_at, id",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    for (platform, kind, counterpart, at, subject) in rows {
        let (key, label) = if kind == "club" {
            ("club_interventions", "Intervention en club ou cercle")
        } else {
            ("economic_actors", "Rencontre avec un acteur économique")
        };
        m.push(key, platform, at, (1, 0), || {
            vec![label.into(), counterpart, subject]
        });
    }
    let events: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, platform_id, kind, title, starts_at FROM events WHERE ($1 IS NULL OR platform_id = $1) \
         AND status <> 'cancelled' AND starts_at >= $2 AND starts_at < $3 AND starts_at <= $4 \
         ORDER BY starts_at, id",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .bind(now())
    .fetch_all(pool)
    .await?;
    for (id, platform, kind, title, at) in events {
        let label = || {
            EventKind::from_code(&kind)
                .map_or("", EventKind::label)
                .to_owned()
        };
        let key = match kind.as_str() {
            "club" => "club_interventions",
            "acteurs_eco" => "economic_actors",
            "job_dating" | "forum" => "circuits",
            "chefs_de_file" => "cfm_events",
            _ => continue,
        };
        if key == "club_interventions" || key == "economic_actors" {
            m.push(key, platform, at, (1, 0), || {
                vec![label(), "Événement".into(), title]
            });
        } else {
            m.push(key, platform, at, (1, 0), || vec![title, label()]);
        }
        m.link(&[key], || format!("/equipe/evenements/{id}/pointage"));
    }
    Ok(())
}

/// (event, platform, kind, title, start, company, outcome).
type MeetingRow = (i64, i64, String, String, i64, String, Option<String>);

type OfferRow = (
    i64,
    i64,
    i64,
    String,
    Option<String>,
    String,
    i64,
    String,
    i64,
    i64,
);

/// Offers, HR-support requests and employer-brand actions.
async fn offers_and_support(pool: &Pool, s: &Scope, m: &mut Sink) -> sqlx::Result<()> {
    let rows: Vec<OfferRow> = sqlx::query_as(
        "SELECT o.id, o.platform_id, o.company_id, co.name, co.headcount_band, o.title, o.positions, \
         o.published_elsewhere, o.created_at, \
         CAST((SELECT COUNT(*) FROM offer_shares sh JOIN partner_orgs po ON po.id = sh.partner_org_id \
               WHERE sh.offer_id = o.id AND po.kind = 'france_travail') AS BIGINT) AS ft \
         FROM offers o JOIN companies co ON co.id = o.company_id \
         WHERE ($1 IS NULL OR o.platform_id = $1) AND o.status NOT IN ('draft', 'rejected') AND o.created_at < $2 \
         ORDER BY o.created_at, o.id",
    )
    .bind(s.platform)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    let mut first_offer = HashSet::new();
    // Companies supported: (platform, company) -> (first time, name, band).
    let mut supported: HashMap<(i64, i64), (i64, String, Option<String>)> = HashMap::new();
    for (id, platform, company, name, band, title, positions, elsewhere, at, ft) in rows {
        let is_first = first_offer.insert((platform, company));
        if !inside(s, at) {
            continue;
        }
        if is_first {
            m.push("new_offer_companies", platform, at, (1, 0), || {
                vec![name.clone()]
            });
            m.link(&["new_offer_companies"], || {
                format!("/equipe/entreprises/{company}")
            });
        }
        supported
            .entry((platform, company))
            .or_insert((at, name.clone(), band.clone()));
        let where_else = match elsewhere.as_str() {
            "nowhere" => "non",
            "france_travail" => "France Travail",
            _ => "autre site",
        };
        let row = || {
            vec![
                title.clone(),
                name.clone(),
                band_label(&band),
                positions.to_string(),
                where_else.to_owned(),
                if ft > 0 { "oui" } else { "non" }.to_owned(),
            ]
        };
        let (known, small) = tpe(&band);
        let hidden = i64::from(elsewhere == "nowhere");
        m.push("positions", platform, at, (positions, 0), row);
        m.push(
            "positions_tpe",
            platform,
            at,
            (positions * small, positions * known),
            row,
        );
        m.push(
            "hidden_market",
            platform,
            at,
            (positions * hidden, positions),
            row,
        );
        m.push("ft_share", platform, at, (i64::from(ft > 0), 1), row);
        m.link(
            &["positions", "positions_tpe", "hidden_market", "ft_share"],
            || format!("/equipe/offres/{id}"),
        );
    }
    let requests: Vec<(i64, i64, String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT r.platform_id, r.company_id, co.name, co.headcount_band, r.created_at, \
         CASE WHEN r.region_reason IS NULL THEN 0 ELSE 1 END FROM support_requests r \
         JOIN companies co ON co.id = r.company_id WHERE ($1 IS NULL OR r.platform_id = $1) \
         AND r.created_at >= $2 AND r.created_at < $3",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    // Companies the Région asked the platform to support are counted
    // like the others and shown apart in the drill-down.
    let mut from_region = HashSet::new();
    for (platform, company, name, band, at, region) in requests {
        if region == 1 {
            from_region.insert((platform, company));
        }
        let e = supported
            .entry((platform, company))
            .or_insert((at, name, band));
        e.0 = e.0.min(at);
    }
    let mut supported: Vec<_> = supported.into_iter().collect();
    supported.sort_by_key(|((p, c), (at, _, _))| (*at, *p, *c));
    for ((platform, company), (at, name, band)) in supported {
        let name = if from_region.contains(&(platform, company)) {
            format!("{name} (demande de la Région)")
        } else {
            name
        };
        m.push_company(
            ("supported", "supported_tpe"),
            (platform, company, at),
            &name,
            &band,
        );
    }
    brand_actions(pool, s, m).await
}

/// The employer-brand actions done in the period, and the companies they
/// served (first action each).
pub(super) async fn brand_actions(pool: &Pool, s: &Scope, m: &mut Sink) -> sqlx::Result<()> {
    let (from_day, to_day) = (clock::iso_date(s.from), clock::iso_date(s.to - 1));
    let actions: Vec<(i64, i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT r.id, r.platform_id, r.company_id, co.name, a.kind, a.done_on FROM support_actions a \
         JOIN support_requests r ON r.id = a.request_id JOIN companies co ON co.id = r.company_id \
         WHERE r.kind = 'marque_employeur' AND ($1 IS NULL OR r.platform_id = $1) \
         AND a.done_on >= $2 AND a.done_on <= $3 ORDER BY a.done_on, a.id",
    )
    .bind(s.platform)
    .bind(from_day)
    .bind(to_day)
    .fetch_all(pool)
    .await?;
    let mut brand = HashSet::new();
    for (request, platform, company, name, kind, day) in actions {
        let at = clock::from_paris(&day, "12:00").unwrap_or(s.from);
        m.push("brand_actions", platform, at, (1, 0), || {
            let label = match ActionKind::from_code(&kind) {
                Some(k) => k.label().to_owned(),
                None => kind,
            };
            vec![name.clone(), label]
        });
        m.link(&["brand_actions"], || {
            format!("/equipe/accompagnements/{request}")
        });
        if brand.insert((platform, company)) {
            m.push("brand_companies", platform, at, (1, 0), || vec![name]);
            m.link(&["brand_companies"], || {
                format!("/equipe/entreprises/{company}")
            });
        }
    }
    Ok(())
}

/// An offer's title, with the partner organisation that positioned the
/// candidate when one did.
fn with_partner(title: String, partner: Option<String>) -> String {
    match partner {
        Some(p) => format!("{title} (positionné par {p})"),
        None => title,
    }
}

async fn applications(pool: &Pool, s: &Scope, m: &mut Sink) -> sqlx::Result<()> {
    let received: Vec<(i64, i64, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT o.platform_id, a.id, o.title, a.created_at, po.name FROM applications a JOIN offers o ON o.id = a.offer_id \
         LEFT JOIN partner_orgs po ON po.id = a.partner_org_id \
         WHERE ($1 IS NULL OR o.platform_id = $1) AND a.created_at >= $2 AND a.created_at < $3 ORDER BY a.created_at, a.id",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    for (platform, id, title, at, partner) in received {
        m.push("applications", platform, at, (1, 0), || {
            vec![format!("n° {id}"), with_partner(title, partner)]
        });
    }
    let steps: Vec<(i64, i64, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT o.platform_id, a.id, o.title, h.status, MIN(h.at), po.name FROM application_history h \
         JOIN applications a ON a.id = h.application_id JOIN offers o ON o.id = a.offer_id \
         LEFT JOIN partner_orgs po ON po.id = a.partner_org_id \
         WHERE ($1 IS NULL OR o.platform_id = $1) AND h.status IN ('proposed', 'interview', 'hired') \
         AND h.at >= $2 AND h.at < $3 GROUP BY o.platform_id, a.id, o.title, h.status, po.name ORDER BY 5, 2",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    for (platform, id, title, status, at, partner) in steps {
        let key = match status.as_str() {
            "proposed" => "proposed",
            "interview" => "interviews",
            _ => "hired",
        };
        m.push(key, platform, at, (1, 0), || {
            vec![format!("n° {id}"), with_partner(title, partner)]
        });
    }
    surveyed_hires(pool, s, m).await
}

/// The hires a company declares in an offer's outcome survey as owed to
/// the platform or its partners, beyond the applications of that offer
/// already counted as hired (never twice).
/// (platform, offer, title, answered at, hires, partner, applications hired)
type DeclaredHires = (i64, i64, String, i64, i64, Option<String>, i64);

pub(super) async fn surveyed_hires(pool: &Pool, s: &Scope, m: &mut Sink) -> sqlx::Result<()> {
    let declared: Vec<DeclaredHires> = sqlx::query_as(
        "SELECT o.platform_id, o.id, o.title, sv.answered_at, sv.hires, po.name, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM applications a WHERE a.offer_id = o.id AND a.status = 'hired') \
         FROM offer_surveys sv JOIN offers o ON o.id = sv.offer_id LEFT JOIN partner_orgs po ON po.id = sv.partner_org_id \
         WHERE ($1 IS NULL OR o.platform_id = $1) AND sv.answered_at >= $2 AND sv.answered_at < $3 \
         AND sv.channel IN ('candidature', 'partenaire', 'evenement') ORDER BY sv.answered_at, o.id",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    for (platform, offer, title, at, hires, partner, counted) in declared {
        let beyond = hires - counted;
        if beyond > 0 {
            m.push("hired", platform, at, (beyond, 0), || {
                let what = format!(
                    "{} — déclaré par l'entreprise",
                    with_partner(title, partner)
                );
                vec![format!("offre n° {offer}"), what]
            });
        }
    }
    Ok(())
}

async fn event_records(pool: &Pool, s: &Scope, m: &mut Sink) -> sqlx::Result<()> {
    present(pool, s, m).await?;
    event_companies(pool, s, m).await
}

/// The people present at each job dating or forum of the period.
pub(super) async fn present(pool: &Pool, s: &Scope, m: &mut Sink) -> sqlx::Result<()> {
    // One record per event (with its counts): an event holds hundreds of
    // people, whom its check-in page lists.
    // Counted event by event from `registrations_attendance`, which holds
    // all the counts need (a join and a GROUP BY read every registration).
    let present: Vec<(i64, i64, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT e.platform_id, e.id, e.title, e.starts_at, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM registrations r WHERE r.event_id = e.id \
          AND r.status = 'confirmed' AND r.attendance = 'present') AS n, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM registrations r WHERE r.event_id = e.id \
          AND r.status = 'confirmed' AND r.attendance = 'present' AND r.priorities <> '') AS k \
         FROM events e WHERE ($1 IS NULL OR e.platform_id = $1) \
         AND e.kind IN ('job_dating', 'forum') AND e.status <> 'cancelled' AND e.starts_at >= $2 AND e.starts_at < $3 \
         AND e.starts_at <= $4 ORDER BY e.starts_at, e.id",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .bind(now())
    .fetch_all(pool)
    .await?;
    // An event with nobody present counts nothing (filtered here: in SQL,
    // PostgreSQL would count its people a second time).
    for (platform, event, title, at, count, priority) in present.into_iter().filter(|p| p.4 > 0) {
        let row = || vec![title.clone(), count.to_string(), priority.to_string()];
        m.push("present", platform, at, (count, 0), row);
        m.push("priority_present", platform, at, (priority, count), row);
        m.link(&["present", "priority_present"], || {
            format!("/equipe/evenements/{event}/pointage")
        });
    }
    Ok(())
}

/// The companies present at the events, their meetings and what came of
/// them.
async fn event_companies(pool: &Pool, s: &Scope, m: &mut Sink) -> sqlx::Result<()> {
    let companies: Vec<(i64, i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT e.id, e.platform_id, e.kind, e.title, e.starts_at, c.name FROM event_companies ec \
         JOIN events e ON e.id = ec.event_id JOIN companies c ON c.id = ec.company_id \
         WHERE ($1 IS NULL OR e.platform_id = $1) AND e.kind IN ('job_dating', 'forum', 'chefs_de_file') \
         AND e.status <> 'cancelled' AND e.starts_at >= $2 AND e.starts_at < $3 AND e.starts_at <= $4 \
         AND (ec.present IS NULL OR ec.present = 1) ORDER BY e.starts_at, c.name",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .bind(now())
    .fetch_all(pool)
    .await?;
    for (event, platform, kind, title, at, name) in companies {
        let key = if kind == "chefs_de_file" {
            "cfm_companies"
        } else {
            "companies_present"
        };
        m.push(key, platform, at, (1, 0), || vec![title, name]);
        m.link(&[key], || format!("/equipe/evenements/{event}/pointage"));
    }
    let meetings: Vec<MeetingRow> = sqlx::query_as(
        "SELECT e.id, e.platform_id, e.kind, e.title, e.starts_at, c.name, mt.outcome FROM meetings mt \
         JOIN events e ON e.id = mt.event_id JOIN companies c ON c.id = mt.company_id \
         WHERE ($1 IS NULL OR e.platform_id = $1) AND e.status <> 'cancelled' \
         AND e.starts_at >= $2 AND e.starts_at < $3 AND e.starts_at <= $4 ORDER BY e.starts_at, mt.id",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .bind(now())
    .fetch_all(pool)
    .await?;
    for (event, platform, kind, title, at, name, outcome) in meetings {
        let href = || format!("/equipe/evenements/{event}/pointage");
        let outcome = outcome.as_deref().and_then(MeetingOutcome::from_code);
        let row = || {
            let label = outcome.map_or("non renseignée", MeetingOutcome::label);
            vec![title.clone(), name.clone(), label.to_owned()]
        };
        if kind == "job_dating" || kind == "forum" {
            m.push("meetings", platform, at, (1, 0), row);
            m.link(&["meetings"], href);
        }
        if matches!(
            outcome,
            Some(MeetingOutcome::Hire | MeetingOutcome::Training | MeetingOutcome::Immersion)
        ) {
            m.push("solutions", platform, at, (1, 0), row);
            m.link(&["solutions"], href);
        }
    }
    Ok(())
}

pub(super) async fn trade_leaders(pool: &Pool, s: &Scope, m: &mut Sink) -> sqlx::Result<()> {
    let rows: Vec<(i64, i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT t.platform_id, c.id, c.name, t.trade, t.filiere, t.since FROM trade_leaders t \
         JOIN companies c ON c.id = t.company_id WHERE ($1 IS NULL OR t.platform_id = $1) \
         AND t.since < $3 AND (t.until IS NULL OR t.until >= $2) ORDER BY t.since, t.id",
    )
    .bind(s.platform)
    .bind(s.from)
    .bind(s.to)
    .fetch_all(pool)
    .await?;
    let mut filieres = HashSet::new();
    let mut companies = HashSet::new();
    for (platform, company, name, trade, filiere, since) in rows {
        let at = since.max(s.from);
        let href = || format!("/equipe/entreprises/{company}");
        let row = || vec![name.clone(), trade.clone(), filiere.clone()];
        // A company leading two trades is one CFM.
        if companies.insert((platform, company)) {
            m.push("trade_leaders", platform, at, (1, 0), row);
            m.link(&["trade_leaders"], href);
        }
        if filieres.insert((platform, crate::model::text::fold(&filiere))) {
            m.push("filieres", platform, at, (1, 0), row);
            m.link(&["filieres"], href);
        }
    }
    Ok(())
}

/// The kinds of records, each read by its own queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Contacts,
    Network,
    Offers,
    Applications,
    Events,
    TradeLeaders,
}

/// The kind of records an indicator counts.
fn family(key: &str) -> Family {
    match key {
        "contacts" | "visited" | "visited_tpe" | "new_companies" => Family::Contacts,
        "club_interventions" | "economic_actors" | "circuits" | "cfm_events" => Family::Network,
        "applications" | "proposed" | "interviews" | "hired" => Family::Applications,
        "present" | "priority_present" | "companies_present" | "cfm_companies" | "meetings"
        | "solutions" => Family::Events,
        "trade_leaders" | "filieres" => Family::TradeLeaders,
        _ => Family::Offers,
    }
}

async fn read(pool: &Pool, s: &Scope, f: Family, m: &mut Sink) -> sqlx::Result<()> {
    match f {
        Family::Contacts => contacts(pool, s, m).await,
        Family::Network => interventions_and_events(pool, s, m).await,
        Family::Offers => offers_and_support(pool, s, m).await,
        Family::Applications => applications(pool, s, m).await,
        Family::Events => event_records(pool, s, m).await,
        Family::TradeLeaders => trade_leaders(pool, s, m).await,
    }
}

/// One indicator's records (only its kind of records is read), each with
/// what its drill-down shows and the page it opens.
pub async fn measure_one(pool: &Pool, s: &Scope, key: &str) -> sqlx::Result<Vec<Item>> {
    let mut m = Sink::new(true);
    read(pool, s, family(key), &mut m).await?;
    Ok(m.m.remove(key).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indicator_has_its_kind_of_records() {
        // Offers is the fallback: only the offer indicators may land there.
        let offers = [
            "brand_actions",
            "brand_companies",
            "positions",
            "positions_tpe",
            "new_offer_companies",
            "hidden_market",
            "supported",
            "supported_tpe",
            "ft_share",
        ];
        for d in crate::model::indicators::DEFINITIONS {
            assert_eq!(
                family(d.key) == Family::Offers,
                offers.contains(&d.key),
                "{}",
                d.key
            );
        }
    }
}
