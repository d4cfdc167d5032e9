//! The indicators of Annexe B, computed from the records: each indicator is
//! the list of records that make it (with their weight), so its value, its
//! trend by month and its drill-down come from the same list and always
//! agree.

mod access;
mod monthly;
mod records;
mod report;
mod summary;

pub use access::{resolve, AccessError, PeriodQuery, Resolved};
pub use monthly::{highlights, month_name, reports_platform, run as run_monthly_reports};
pub use records::{measure_one, Measures};
pub use report::{csv_of, dashboard, dashboard_by_platform, drill_down, workbook};
pub use summary::measure;

use crate::backend::clock;
use crate::model::indicators::{value_of, Definition, Figure, Unit};

/// The platform (or every platform) and the period `[from, to)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub platform: Option<i64>,
    pub from: i64,
    pub to: i64,
}

/// A record counted by an indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub platform_id: i64,
    /// When it counts (its month in the trend).
    pub at: i64,
    /// Its weight in the count or in the rate's numerator.
    pub num: i64,
    /// Its weight in the rate's denominator.
    pub den: i64,
    /// What the drill-down shows of it.
    pub row: Vec<String>,
    /// The page of the record (company, offer, event, request), if any.
    pub link: Option<String>,
}

/// The months of a period (`YYYY-MM`) and the instant each begins, the
/// period's end last; computed once per scope.
pub struct Months {
    names: Vec<String>,
    starts: Vec<i64>,
}

impl Months {
    pub fn of(scope: &Scope) -> Months {
        let names = clock::months_between(scope.from, scope.to);
        let mut starts: Vec<i64> = names
            .iter()
            .map(|m| clock::month_start(m).unwrap_or(scope.from).max(scope.from))
            .collect();
        starts.push(scope.to);
        Months { names, starts }
    }
}

/// The figure of an indicator from its records (one pass: each record
/// goes to its month by comparing instants).
pub fn figure(def: &Definition, items: &[Item], months: &Months, objective: Option<i64>) -> Figure {
    let rate = def.unit == Unit::Rate;
    let mut sums = vec![(0i64, 0i64); months.names.len()];
    let (mut numerator, mut denominator) = (0, 0);
    for i in items {
        numerator += i.num;
        denominator += i.den;
        let k = months.starts.partition_point(|s| *s <= i.at);
        if let Some(slot) = k.checked_sub(1).and_then(|k| sums.get_mut(k)) {
            slot.0 += i.num;
            slot.1 += i.den;
        }
    }
    let months = months
        .names
        .iter()
        .zip(sums)
        .map(|(m, (n, d))| (m.clone(), value_of(rate, n, d)))
        .collect();
    Figure {
        key: def.key.to_owned(),
        axis: def.axis,
        label: def.label.to_owned(),
        rule: def.rule.to_owned(),
        rate,
        numerator,
        denominator,
        objective,
        months,
    }
}

/// The drill-down columns of an indicator (the last is the record's weight).
pub fn columns(key: &str) -> Vec<&'static str> {
    match key {
        "contacts" => vec!["Date", "Entreprise", "Canal", "Objet", "Compte"],
        "visited" | "visited_tpe" | "new_companies" | "supported" | "supported_tpe" => {
            vec!["Date", "Entreprise", "Effectif", "Compte"]
        }
        "new_offer_companies" | "brand_companies" => vec!["Date", "Entreprise", "Compte"],
        "club_interventions" | "economic_actors" => vec!["Date", "Type", "Avec", "Objet", "Compte"],
        "brand_actions" => vec!["Date", "Entreprise", "Action", "Compte"],
        "positions" | "positions_tpe" | "hidden_market" | "ft_share" => {
            vec![
                "Date",
                "Offre",
                "Entreprise",
                "Effectif",
                "Postes",
                "Publiée ailleurs",
                "Partagée à France Travail",
                "Compte",
            ]
        }
        "applications" | "proposed" | "interviews" | "hired" => {
            vec!["Date", "Candidature", "Offre", "Compte"]
        }
        "circuits" | "cfm_events" => vec!["Date", "Événement", "Type", "Compte"],
        "present" | "priority_present" => vec![
            "Date",
            "Événement",
            "Inscription",
            "Public prioritaire",
            "Compte",
        ],
        "companies_present" | "cfm_companies" => vec!["Date", "Événement", "Entreprise", "Compte"],
        "meetings" | "solutions" => vec!["Date", "Événement", "Entreprise", "Issue", "Compte"],
        "trade_leaders" | "filieres" => vec!["Depuis", "Entreprise", "Métier", "Filière", "Compte"],
        _ => vec!["Date", "Compte"],
    }
}

/// The weight cell of a record: "1", "3 postes", "1 sur 1"...
pub(crate) fn weight(rate: bool, num: i64, den: i64) -> String {
    if rate {
        format!("{num} sur {den}")
    } else {
        num.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_has_twelve_months_and_a_month_one() {
        let from = clock::from_paris("2026-01-01", "00:00").unwrap_or_default();
        let to = clock::from_paris("2027-01-01", "00:00").unwrap_or_default();
        let m = clock::months_between(from, to);
        assert_eq!(m.len(), 12);
        assert_eq!((m[0].as_str(), m[11].as_str()), ("2026-01", "2026-12"));
        let march = clock::from_paris("2026-03-01", "00:00").unwrap_or_default();
        let april = clock::from_paris("2026-04-01", "00:00").unwrap_or_default();
        assert_eq!(
            clock::months_between(march, april),
            vec!["2026-03".to_owned()]
        );
    }
}
