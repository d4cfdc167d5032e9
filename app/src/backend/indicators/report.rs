//! The dashboard and drill-down built from the records, the Annexe B
//! workbook (XLSX) and CSV, and the monthly reports.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{columns, figure, measure, measure_one, weight, Months, Scope};
use crate::backend::clock;
use crate::backend::csv;
use crate::backend::db::Pool;
use crate::backend::funder::SUPPORT_MENTION;
use crate::model::indicators::{axis_label, definition, Dashboard, DrillDown, Figure, DEFINITIONS};

/// The annual objectives of the scope's platform(s) for a year: counts add
/// up across platforms; rates only apply to one platform.
async fn objectives(
    pool: &Pool,
    platform: Option<i64>,
    year: i32,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT indicator, CAST(SUM(target) AS BIGINT) FROM indicator_objectives \
         WHERE year = $1 AND ($2 IS NULL OR platform_id = $2) GROUP BY indicator",
    )
    .bind(i64::from(year))
    .bind(platform)
    .fetch_all(pool)
    .await
}

/// "du 01/01/2026 au 31/12/2026".
pub fn period_label(s: &Scope) -> String {
    format!("du {} au {}", clock::date(s.from), clock::date(s.to - 1))
}

/// What the dashboard shows for a scope; `platforms` are the ones the
/// caller may read (for the Région, every platform, shown each).
pub async fn dashboard(
    pool: &Pool,
    s: &Scope,
    year: i32,
    query: String,
    platforms: &[(i64, String)],
) -> sqlx::Result<Dashboard> {
    build(pool, s, year, query, platforms, false).await
}

/// The dashboard with, across several platforms, each platform's own
/// figures and objectives (for the workbook's sheet per platform).
pub async fn dashboard_by_platform(
    pool: &Pool,
    s: &Scope,
    year: i32,
    query: String,
    platforms: &[(i64, String)],
) -> sqlx::Result<Dashboard> {
    build(pool, s, year, query, platforms, true).await
}

/// The records of each key, by platform (one pass over them).
type Grouped = std::collections::HashMap<(i64, &'static str), Vec<super::Item>>;

fn group_by_platform(measures: &super::Measures) -> Grouped {
    let mut out = Grouped::new();
    for (key, items) in measures {
        for i in items {
            out.entry((i.platform_id, *key))
                .or_default()
                .push(i.clone());
        }
    }
    out
}

/// The records of one key and one platform.
fn items_of<'a>(grouped: &'a Grouped, platform: i64, key: &'static str) -> &'a [super::Item] {
    grouped.get(&(platform, key)).map_or(&[][..], Vec::as_slice)
}

/// Each platform's figures, from the measures of every platform.
async fn platform_figures(
    pool: &Pool,
    grouped: &Grouped,
    months: &Months,
    year: i32,
    platforms: &[(i64, String)],
) -> sqlx::Result<Vec<(String, Vec<Figure>)>> {
    let objectives: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT platform_id, indicator, target FROM indicator_objectives WHERE year = $1",
    )
    .bind(i64::from(year))
    .fetch_all(pool)
    .await?;
    Ok(platforms
        .iter()
        .map(|(id, name)| {
            let figures = DEFINITIONS
                .iter()
                .map(|d| {
                    let items = items_of(grouped, *id, d.key);
                    let objective = objectives
                        .iter()
                        .find(|(p, k, _)| p == id && k == d.key)
                        .map(|(_, _, t)| *t);
                    figure(d, items, months, objective)
                })
                .collect();
            (name.clone(), figures)
        })
        .collect())
}

async fn build(
    pool: &Pool,
    s: &Scope,
    year: i32,
    query: String,
    platforms: &[(i64, String)],
    per_platform: bool,
) -> sqlx::Result<Dashboard> {
    let measures = measure(pool, s).await?;
    let months = Months::of(s);
    let objectives = objectives(pool, s.platform, year).await?;
    let figures: Vec<Figure> = DEFINITIONS
        .iter()
        .map(|d| {
            let objective = objectives
                .iter()
                .find(|(k, _)| {
                    k == d.key
                        && (s.platform.is_some() || d.unit == crate::model::indicators::Unit::Count)
                })
                .map(|(_, t)| *t);
            figure(
                d,
                measures.get(d.key).map_or(&[][..], Vec::as_slice),
                &months,
                objective,
            )
        })
        .collect();
    // Across platforms, each platform's records, grouped once.
    let grouped =
        (s.platform.is_none() && platforms.len() > 1).then(|| group_by_platform(&measures));
    let by_platform = if let Some(grouped) = &grouped {
        platforms
            .iter()
            .map(|(id, name)| {
                let values = DEFINITIONS
                    .iter()
                    .map(|d| {
                        let (n, den) = items_of(grouped, *id, d.key)
                            .iter()
                            .fold((0, 0), |(n, den), i| (n + i.num, den + i.den));
                        crate::model::indicators::shown(
                            d.unit == crate::model::indicators::Unit::Rate,
                            n,
                            den,
                        )
                    })
                    .collect();
                (*id, name.clone(), values)
            })
            .collect()
    } else {
        Vec::new()
    };
    let platform_figures = match &grouped {
        Some(grouped) if per_platform => {
            platform_figures(pool, grouped, &months, year, platforms).await?
        }
        _ => Vec::new(),
    };
    Ok(Dashboard {
        platform_figures,
        period: period_label(s),
        query,
        from: clock::iso_date(s.from),
        to: clock::iso_date(s.to - 1),
        year,
        platform: s
            .platform
            .and_then(|p| platforms.iter().find(|(id, _)| *id == p).cloned()),
        platforms: platforms.to_vec(),
        figures,
        by_platform,
        staff: false,
    })
}

/// The records behind one indicator.
pub async fn drill_down(
    pool: &Pool,
    s: &Scope,
    key: &str,
    query: String,
) -> sqlx::Result<Option<DrillDown>> {
    let Some(def) = definition(key) else {
        return Ok(None);
    };
    let items = measure_one(pool, s, def.key).await?;
    let rate = def.unit == crate::model::indicators::Unit::Rate;
    let rows = items
        .iter()
        .map(|i| {
            let mut row = i.row.clone();
            row.push(weight(rate, i.num, i.den));
            row
        })
        .collect();
    Ok(Some(DrillDown {
        figure: figure(def, &items, &Months::of(s), None),
        period: period_label(s),
        query,
        columns: columns(key).into_iter().map(str::to_owned).collect(),
        links: items.iter().map(|i| i.link.clone()).collect(),
        rows,
    }))
}

/// The CSV of a dashboard: axis, indicator, objective, value, progress.
pub fn csv_of(d: &Dashboard) -> String {
    let lines: Vec<Vec<String>> = d
        .figures
        .iter()
        .map(|f| {
            vec![
                axis_label(f.axis).to_owned(),
                f.label.clone(),
                f.objective.map(|o| o.to_string()).unwrap_or_default(),
                f.shown(),
                f.progress()
                    .map(|p| format!("{p} %").replace('.', ","))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    csv::document(
        &[
            "Axe",
            "Indicateur",
            "Objectif annuel",
            "Valeur",
            "Avancement",
        ],
        &lines,
    )
}

/// Writes an Annexe B sheet: axes, indicators, objectives, values and
/// progress.
fn annex_sheet(
    book: &mut Workbook,
    name: &str,
    heading: &str,
    figures: &[Figure],
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0\" %\"");
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    sheet.write_string_with_format(
        0,
        0,
        "Proch'Emploi Entreprises – indicateurs de l'annexe B",
        &bold,
    )?;
    sheet.write_string(1, 0, heading)?;
    sheet.write_string(2, 0, SUPPORT_MENTION)?;
    for (col, h) in [
        "Axes opérationnels",
        "Indicateurs annuels",
        "Objectifs prévisionnels annuels de la plateforme",
        "Valeur de la période",
        "Avancement (%)",
        "Unité",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(3, col as u16, *h, &bold)?;
    }
    let mut row = 4u32;
    let mut axis = 0;
    for f in figures {
        if f.axis != axis {
            axis = f.axis;
            sheet.write_string_with_format(row, 0, axis_label(axis), &bold)?;
            row += 1;
        }
        sheet.write_string(row, 0, format!("Axe {}", f.axis))?;
        sheet.write_string(row, 1, &f.label)?;
        if let Some(o) = f.objective {
            sheet.write_number(row, 2, o as f64)?;
        }
        if f.rate {
            sheet.write_number_with_format(row, 3, f.value(), &percent)?;
        } else {
            sheet.write_number(row, 3, f.value())?;
        }
        if let Some(p) = f.progress() {
            sheet.write_number(row, 4, p)?;
        }
        sheet.write_string(row, 5, if f.rate { "%" } else { "nombre" })?;
        row += 1;
    }
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 60)?;
    sheet.set_column_width(2, 16)?;
    sheet.set_column_width(4, 16)?;
    Ok(())
}

/// A worksheet name from a platform's name: at most 31 characters, none
/// of those Excel refuses, unique in the workbook.
fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let mut base: String = clean.trim().chars().take(28).collect();
    if base.is_empty() {
        base = "Plateforme".to_owned();
    }
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate))
        || ["Annexe B", "Par mois", "Définitions"].contains(&candidate.as_str())
    {
        candidate = format!("{base} {n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// The Annexe B workbook: a sheet with axes, indicators, objectives, values
/// and progress for the period, then (across platforms) one such sheet per
/// platform, a sheet with the months, a sheet with the definitions.
pub fn workbook(
    d: &Dashboard,
    logo: Option<&crate::backend::funder::Logo>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let platform = d
        .platform
        .as_ref()
        .map_or("Toutes les plateformes", |(_, n)| n.as_str());
    annex_sheet(
        &mut book,
        "Annexe B",
        &format!("Année : {} – {platform}, {}", d.year, d.period),
        &d.figures,
    )?;
    // The support mention is on every sheet; the logo, once set, on the first.
    if let (Some(logo), Ok(first)) = (logo, book.worksheet_from_index(0)) {
        crate::backend::funder::stamp(first, Some(logo), 7)?;
    }
    let mut taken = Vec::new();
    for (name, figures) in &d.platform_figures {
        let sheet = sheet_name(name, &mut taken);
        annex_sheet(
            &mut book,
            &sheet,
            &format!("Année : {} – {name}, {}", d.year, d.period),
            figures,
        )?;
    }

    let months = book.add_worksheet();
    months.set_name("Par mois")?;
    months.write_string_with_format(0, 0, "Indicateur", &bold)?;
    if let Some(first) = d.figures.first() {
        for (col, (m, _)) in first.months.iter().enumerate() {
            months.write_string_with_format(0, col as u16 + 1, m, &bold)?;
        }
    }
    for (i, f) in d.figures.iter().enumerate() {
        months.write_string(i as u32 + 1, 0, &f.label)?;
        for (col, (_, v)) in f.months.iter().enumerate() {
            months.write_number(i as u32 + 1, col as u16 + 1, *v)?;
        }
    }
    months.set_column_width(0, 60)?;

    let defs = book.add_worksheet();
    defs.set_name("Définitions")?;
    defs.write_string_with_format(0, 0, "Indicateur", &bold)?;
    defs.write_string_with_format(0, 1, "Ce qui est compté", &bold)?;
    for (i, f) in d.figures.iter().enumerate() {
        defs.write_string(i as u32 + 1, 0, &f.label)?;
        defs.write_string(i as u32 + 1, 1, &f.rule)?;
    }
    defs.set_column_width(0, 60)?;
    defs.set_column_width(1, 120)?;
    book.save_to_buffer()
}
