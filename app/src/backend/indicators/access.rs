//! Who reads which indicators, for which period: staff read their
//! platform's; the Région (administrators) every platform, together or one
//! by one. The period is a year, a month or any span of days.

use serde::Deserialize;

use super::Scope;
use crate::backend::clock;
use crate::backend::db::Pool;
use crate::backend::repo::platforms;
use crate::model::{is_iso_date, iso_from_french, CurrentUser, Role};

/// The period and platform as the dashboard's form and links carry them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PeriodQuery {
    pub annee: Option<String>,
    pub mois: Option<String>,
    pub du: Option<String>,
    pub au: Option<String>,
    pub plateforme: Option<String>,
}

/// Why the indicators cannot be shown.
#[derive(Debug, PartialEq, Eq)]
pub enum AccessError {
    Forbidden,
    /// A field of the period, and the French message.
    Invalid(&'static str, &'static str),
}

/// A resolved request: the scope, the objectives' year, the query string
/// that names it, and the platforms the caller may read.
#[derive(Debug)]
pub struct Resolved {
    pub scope: Scope,
    pub year: i32,
    pub query: String,
    pub platforms: Vec<(i64, String)>,
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn start_of(day: &str) -> Option<i64> {
    clock::from_paris(day, "00:00")
}

/// The period `[from, to)` and its query string; the current year by default.
pub fn period(q: &PeriodQuery, now: i64) -> Result<(i64, i64, String), AccessError> {
    if nonempty(&q.du).is_some() || nonempty(&q.au).is_some() {
        let du = iso_from_french(nonempty(&q.du).unwrap_or_default());
        let au = iso_from_french(nonempty(&q.au).unwrap_or_default());
        if !is_iso_date(&du) {
            return Err(AccessError::Invalid(
                "du",
                "Indiquez le premier jour, par exemple 01/01/2026.",
            ));
        }
        if !is_iso_date(&au) {
            return Err(AccessError::Invalid(
                "au",
                "Indiquez le dernier jour, par exemple 31/12/2026.",
            ));
        }
        let (Some(from), Some(last)) = (start_of(&du), start_of(&au)) else {
            return Err(AccessError::Invalid("du", "Cette date n'existe pas."));
        };
        if last < from {
            return Err(AccessError::Invalid(
                "au",
                "Le dernier jour doit suivre le premier.",
            ));
        }
        // The day after the last one, at midnight (25-hour days included).
        let to = start_of(&clock::iso_date(last + 30 * 3600)).unwrap_or(last + 86_400);
        return Ok((from, to, format!("du={du}&au={au}")));
    }
    if let Some(m) = nonempty(&q.mois) {
        let day = format!("{m}-01");
        let from = is_iso_date(&day).then(|| start_of(&day)).flatten();
        let Some(from) = from else {
            return Err(AccessError::Invalid(
                "mois",
                "Indiquez le mois sous la forme 2026-03.",
            ));
        };
        let to = clock::next_month(m)
            .and_then(|next| clock::month_start(&next))
            .unwrap_or(from + 31 * 86_400);
        return Ok((from, to, format!("mois={m}")));
    }
    let this_year = clock::iso_date(now)[..4].to_owned();
    let year = nonempty(&q.annee).unwrap_or(&this_year);
    let valid = year.len() == 4
        && year
            .parse::<i32>()
            .is_ok_and(|y| (2000..=2100).contains(&y));
    let from = valid.then(|| start_of(&format!("{year}-01-01"))).flatten();
    let to = valid
        .then(|| {
            start_of(&format!(
                "{}-01-01",
                year.parse::<i32>().unwrap_or(2000) + 1
            ))
        })
        .flatten();
    match (from, to) {
        (Some(from), Some(to)) => Ok((from, to, format!("annee={year}"))),
        _ => Err(AccessError::Invalid(
            "annee",
            "Indiquez une année, par exemple 2026.",
        )),
    }
}

/// Resolves a request for a user.
pub async fn resolve(
    pool: &Pool,
    user: &CurrentUser,
    q: &PeriodQuery,
    now: i64,
) -> sqlx::Result<Result<Resolved, AccessError>> {
    let all: Vec<(i64, String)> = platforms::list(pool)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let asked = nonempty(&q.plateforme).and_then(|p| p.parse::<i64>().ok());
    let (platform, platforms) = match user.role {
        Role::Admin | Role::Region => {
            if asked.is_some_and(|a| !all.iter().any(|(id, _)| *id == a)) {
                return Ok(Err(AccessError::Invalid(
                    "plateforme",
                    "Choisissez une plateforme de la liste.",
                )));
            }
            (asked, all)
        }
        Role::Staff => {
            let Some(own) = user.platform_id else {
                return Ok(Err(AccessError::Forbidden));
            };
            if asked.is_some_and(|a| a != own) {
                return Ok(Err(AccessError::Forbidden));
            }
            (
                Some(own),
                all.into_iter().filter(|(id, _)| *id == own).collect(),
            )
        }
        _ => return Ok(Err(AccessError::Forbidden)),
    };
    let (from, to, mut query) = match period(q, now) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    if let (Some(p), Role::Admin | Role::Region) = (platform, user.role) {
        query.push_str(&format!("&plateforme={p}"));
    }
    let year = clock::iso_date(from)[..4].parse::<i32>().unwrap_or(2026);
    Ok(Ok(Resolved {
        scope: Scope { platform, from, to },
        year,
        query,
        platforms,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(annee: &str, mois: &str, du: &str, au: &str) -> PeriodQuery {
        let s = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        PeriodQuery {
            annee: s(annee),
            mois: s(mois),
            du: s(du),
            au: s(au),
            plateforme: None,
        }
    }

    #[test]
    fn periods_are_years_months_or_spans() {
        let now = clock::from_paris("2026-11-29", "10:00").unwrap_or_default();
        let (from, to, query) = period(&q("", "", "", ""), now).expect("year");
        assert_eq!(
            (clock::iso_date(from), clock::iso_date(to), query.as_str()),
            ("2026-01-01".into(), "2027-01-01".into(), "annee=2026")
        );
        let (from, to, _) = period(&q("", "2026-03", "", ""), now).expect("month");
        assert_eq!(
            (clock::iso_date(from), clock::iso_date(to)),
            ("2026-03-01".into(), "2026-04-01".into())
        );
        // The day of the clock change is whole.
        let (from, to, _) = period(&q("", "", "29/03/2026", "2026-03-29"), now).expect("span");
        assert_eq!(to - from, 23 * 3600);
        assert_eq!(
            period(&q("", "", "2026-03-02", "2026-03-01"), now).err(),
            Some(AccessError::Invalid(
                "au",
                "Le dernier jour doit suivre le premier."
            ))
        );
        assert!(period(&q("20x6", "", "", ""), now).is_err());
        assert!(period(&q("", "2026-13", "", ""), now).is_err());
    }
}
