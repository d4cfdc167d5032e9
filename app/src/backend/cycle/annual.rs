//! The annual report (« bilan annuel ») and the intermediate one (January
//! to June): staff write the qualitative part per axis as a draft saved as
//! they type, then lock it; the portal assembles it with the quantitative
//! part into a PDF, kept as sent and e-mailed to the report's recipients.
//! The Région reads every platform's, and a regional summary.

use std::collections::BTreeMap;

use super::pdf::Document;
use super::{platform_name, read_platform, write_platform, year_scope};
use crate::backend::clock;
use crate::backend::db::{begin, now, Pool};
use crate::backend::funder::{self, SUPPORT_MENTION};
use crate::backend::indicators::{self, Scope};
use crate::backend::mail::outbox;
use crate::error::{AppError, FormErrors};
use crate::model::cycle::{
    narrative_fields, AnnualReport, DelayAlert, ReportLine, ReportPeriod, NARRATIVE_MAX,
};
use crate::model::indicators::{axis_label, Dashboard, Figure};
use crate::model::{CurrentUser, Role, CHECKED};

/// The months a report covers.
fn months_of(period: ReportPeriod) -> (u32, u32) {
    match period {
        ReportPeriod::Annual => (1, 12),
        ReportPeriod::Intermediate => (1, 6),
    }
}

/// The period asked for (the annual report by default).
pub fn period_of(asked: Option<&str>) -> Result<ReportPeriod, AppError> {
    match asked.map(str::trim).filter(|a| !a.is_empty()) {
        None => Ok(ReportPeriod::Annual),
        Some(a) => ReportPeriod::from_code(a).ok_or(AppError::NotFound),
    }
}

type Stored = (String, i64, Option<i64>, Option<Vec<u8>>);

async fn stored(
    pool: &Pool,
    platform: i64,
    year: i32,
    period: ReportPeriod,
) -> sqlx::Result<Option<Stored>> {
    sqlx::query_as(
        "SELECT narrative, updated_at, locked_at, pdf FROM annual_reports \
         WHERE platform_id = $1 AND year = $2 AND period = $3",
    )
    .bind(platform)
    .bind(i64::from(year))
    .bind(period.code())
    .fetch_optional(pool)
    .await
}

/// The report as staff edit it and the Région reads it.
pub async fn report(
    pool: &Pool,
    user: &CurrentUser,
    asked_platform: Option<&str>,
    year: i32,
    period: ReportPeriod,
) -> Result<AnnualReport, AppError> {
    let platform = read_platform(user, asked_platform)?;
    let name = platform_name(pool, platform).await?;
    let row = stored(pool, platform, year, period).await?;
    let texts: BTreeMap<String, String> = row
        .as_ref()
        .and_then(|(n, ..)| serde_json::from_str(n).ok())
        .unwrap_or_default();
    let locked_at = row.as_ref().and_then(|(_, _, l, _)| *l);
    Ok(AnnualReport {
        platform_id: platform,
        platform: name,
        year,
        period,
        fields: narrative_fields()
            .into_iter()
            .map(|(field, axis, part)| {
                let text = texts.get(&field).cloned().unwrap_or_default();
                (field, axis, part.to_owned(), text)
            })
            .collect(),
        saved_at: row.as_ref().map(|(_, at, ..)| clock::date_time(*at)),
        locked_at: locked_at.map(clock::date_time),
        editable: user.role == Role::Staff && locked_at.is_none(),
    })
}

/// What staff send: the narrative, and whether to lock it.
#[derive(Clone, Debug, Default)]
pub struct Submission {
    pub year: String,
    pub period: String,
    pub fields: BTreeMap<String, String>,
    pub lock: bool,
    /// The confirmation box, ticked to lock.
    pub confirmed: bool,
}

/// What a save did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Draft,
    Locked,
}

/// Saves the draft, or locks the report: the PDF is made from the saved
/// text and today's figures, kept, and e-mailed with it to the platform's
/// report recipients, all in one transaction. A locked report no longer
/// changes.
pub async fn save(
    pool: &Pool,
    user: &CurrentUser,
    s: &Submission,
    mail_base: &str,
) -> Result<(i32, ReportPeriod, Saved), AppError> {
    let platform = write_platform(user)?;
    let year = crate::model::cycle::check_year(&s.year).ok_or(AppError::NotFound)?;
    let period = period_of(Some(&s.period))?;
    let keep = |mut errors: FormErrors| {
        for (k, v) in &s.fields {
            errors = errors.keep(k, v);
        }
        if s.confirmed {
            errors = errors.keep("confirmation", CHECKED);
        }
        errors
    };
    let mut errors = FormErrors::new();
    let mut texts = BTreeMap::new();
    for (field, axis, part) in narrative_fields() {
        let text = s
            .fields
            .get(&field)
            .map(|t| t.trim().to_owned())
            .unwrap_or_default();
        if text.chars().count() > NARRATIVE_MAX {
            errors.add(&field, "8 000 caractères au plus.");
        } else if s.lock && part == "Faits marquants" && text.is_empty() {
            errors.add(
                &field,
                format!(
                    "Écrivez les faits marquants de l'{} avant de verrouiller.",
                    axis_label(axis)
                        .split(" –")
                        .next()
                        .unwrap_or("axe")
                        .to_lowercase()
                ),
            );
        }
        texts.insert(field, text);
    }
    if s.lock && !s.confirmed {
        errors.add(
            "confirmation",
            "Cochez la case pour confirmer que le bilan est définitif.",
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(keep(errors)));
    }
    let narrative = serde_json::to_string(&texts).map_err(|_| AppError::Internal)?;
    let at = now();
    let mut tx = begin(pool).await?;
    let locked: Option<(Option<i64>,)> = sqlx::query_as(
        "SELECT locked_at FROM annual_reports WHERE platform_id = $1 AND year = $2 AND period = $3",
    )
    .bind(platform)
    .bind(i64::from(year))
    .bind(period.code())
    .fetch_optional(&mut *tx)
    .await?;
    if matches!(locked, Some((Some(_),))) {
        return Err(AppError::Invalid(keep(FormErrors::new().with(
            "axe1_faits",
            "Ce bilan est verrouillé : il a été envoyé et ne change plus.",
        ))));
    }
    sqlx::query(
        "INSERT INTO annual_reports (platform_id, year, period, narrative, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (platform_id, year, period) \
         DO UPDATE SET narrative = excluded.narrative, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(platform)
    .bind(i64::from(year))
    .bind(period.code())
    .bind(&narrative)
    .bind(user.id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    if !s.lock {
        tx.commit().await?;
        return Ok((year, period, Saved::Draft));
    }
    let name = platform_name(pool, platform).await?;
    let pdf = build(pool, platform, &name, year, period, &texts, Some(at)).await?;
    // Locked once: of two people locking at the same moment, the second
    // finds it done (and nothing is sent twice).
    let locked_now = sqlx::query(
        "UPDATE annual_reports SET locked_at = $1, locked_by = $2, pdf = $3 \
         WHERE platform_id = $4 AND year = $5 AND period = $6 AND locked_at IS NULL",
    )
    .bind(at)
    .bind(user.id)
    .bind(pdf.clone())
    .bind(platform)
    .bind(i64::from(year))
    .bind(period.code())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if locked_now != 1 {
        return Err(AppError::Refused(
            "Ce bilan vient d'être verrouillé par une autre personne de l'équipe.".into(),
        ));
    }
    let recipients: Vec<(String,)> =
        sqlx::query_as("SELECT email FROM report_recipients WHERE platform_id = $1 ORDER BY email")
            .bind(platform)
            .fetch_all(&mut *tx)
            .await?;
    let subject = format!("{} {year} – {name}", period.label());
    let body = format!(
        "Bonjour,\n\nLe {} {year} de la plateforme {name} est verrouillé et joint à ce message (PDF).\n\
         Il se consulte aussi dans le portail : {mail_base}/equipe/bilan-annuel?annee={year}&periode={}&plateforme={platform}\n\n{SUPPORT_MENTION}\n",
        period.label().to_lowercase(),
        period.code()
    );
    let file = file_name(&name, year, period);
    for (to,) in &recipients {
        let mail = outbox::NewMail {
            platform_id: Some(platform),
            to,
            subject: &subject,
            body: &body,
        };
        outbox::enqueue_with_attachment(&mut tx, &mail, &file, &pdf).await?;
    }
    tx.commit().await?;
    Ok((year, period, Saved::Locked))
}

/// "bilan-annuel-2026-proch-emploi-bruaysis.pdf".
pub fn file_name(platform: &str, year: i32, period: ReportPeriod) -> String {
    let slug: String = platform
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' => c,
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' => 'a',
            'ô' => 'o',
            'î' | 'ï' => 'i',
            'û' | 'ù' => 'u',
            'ç' => 'c',
            _ => '-',
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("bilan-{}-{year}-{slug}.pdf", period.code())
}

/// The PDF of a report a person may read: the one kept when it was
/// locked, or a working version made now (marked as such).
pub async fn pdf(
    pool: &Pool,
    user: &CurrentUser,
    asked_platform: Option<&str>,
    year: i32,
    period: ReportPeriod,
) -> Result<(String, Vec<u8>), AppError> {
    let platform = read_platform(user, asked_platform)?;
    let name = platform_name(pool, platform).await?;
    let file = file_name(&name, year, period);
    let row = stored(pool, platform, year, period).await?;
    if let Some((_, _, Some(_), Some(pdf))) = row {
        return Ok((file, pdf));
    }
    let texts: BTreeMap<String, String> = row
        .as_ref()
        .and_then(|(n, ..)| serde_json::from_str(n).ok())
        .unwrap_or_default();
    let bytes = build(pool, platform, &name, year, period, &texts, None).await?;
    Ok((file, bytes))
}

fn figure_rows(doc: &mut Document, figures: &[Figure]) {
    let columns = [0.0, 330.0, 400.0, 450.0];
    let mut axis = 0;
    for f in figures {
        if f.axis != axis {
            axis = f.axis;
            doc.gap(4.0);
            doc.paragraph(axis_label(axis), 10.0, true);
            doc.row(
                &["Indicateur", "Valeur", "Objectif", "Atteinte"],
                &columns,
                8.0,
                true,
            );
        }
        let objective = f
            .objective
            .map(|o| {
                if f.rate {
                    format!("{o} %")
                } else {
                    o.to_string()
                }
            })
            .unwrap_or_else(|| "–".to_owned());
        let progress = f
            .progress()
            .map(|p| format!("{p} %").replace('.', ","))
            .unwrap_or_else(|| "–".to_owned());
        doc.row(
            &[&f.label, &f.shown(), &objective, &progress],
            &columns,
            8.0,
            false,
        );
    }
}

/// Assembles the report: the narrative, every Annexe B value against its
/// objective, the delays, the year's highlights and the monthly trends.
async fn build(
    pool: &Pool,
    platform: i64,
    name: &str,
    year: i32,
    period: ReportPeriod,
    texts: &BTreeMap<String, String>,
    locked_at: Option<i64>,
) -> Result<Vec<u8>, AppError> {
    let (first, last) = months_of(period);
    let scope = year_scope(Some(platform), year, first, last).ok_or(AppError::NotFound)?;
    let d: Dashboard = indicators::dashboard(pool, &scope, year, String::new(), &[]).await?;
    let highlights = indicators::highlights(pool, &scope).await?;
    let alerts: Vec<DelayAlert> = sqlx::query_as::<_, (String, String)>(
        "SELECT indicator, comment FROM delay_acknowledgements WHERE platform_id = $1 AND year = $2 ORDER BY indicator",
    )
    .bind(platform)
    .bind(i64::from(year))
    .fetch_all(pool)
    .await?
    .into_iter()
    .filter_map(|(key, comment)| {
        let def = crate::model::indicators::definition(&key)?;
        Some(DelayAlert {
            key,
            label: def.label.to_owned(),
            value: String::new(),
            expected: String::new(),
            objective: String::new(),
            acknowledged: Some((comment, String::new(), String::new())),
        })
    })
    .collect();
    let logo = funder::logo(pool).await?;
    let title = format!("{} {year} – {name}", period.label());
    let mut doc = Document::new(
        &title,
        &format!("{SUPPORT_MENTION} – {name}"),
        logo.as_ref(),
    );
    doc.paragraph(&title, 16.0, true);
    doc.paragraph(
        &format!("Période {}", indicators_period(&scope)),
        10.0,
        false,
    );
    doc.paragraph(
        &match locked_at {
            Some(at) => format!(
                "Version définitive, verrouillée le {}.",
                clock::date_time(at)
            ),
            None => "Version de travail : ce bilan n'est pas encore verrouillé.".to_owned(),
        },
        10.0,
        false,
    );
    doc.paragraph(SUPPORT_MENTION, 10.0, false);
    doc.heading("Partie qualitative", 14.0);
    let mut axis = 0;
    for (field, a, part) in narrative_fields() {
        if a != axis {
            axis = a;
            doc.heading(axis_label(a), 11.0);
        }
        doc.paragraph(part, 10.0, true);
        let text = texts.get(&field).map(String::as_str).unwrap_or("");
        doc.paragraph(
            if text.is_empty() {
                "Non renseigné."
            } else {
                text
            },
            10.0,
            false,
        );
    }
    doc.heading("Partie quantitative : indicateurs de l'annexe B", 14.0);
    figure_rows(&mut doc, &d.figures);
    if !alerts.is_empty() {
        doc.heading("Retards signalés à la Région", 12.0);
        for a in &alerts {
            let comment = a
                .acknowledged
                .as_ref()
                .map(|(c, ..)| c.as_str())
                .unwrap_or("");
            doc.paragraph(&format!("{} : {comment}", a.label), 10.0, false);
        }
    }
    doc.heading("Événements, entreprises et recrutements", 12.0);
    for h in &highlights {
        doc.paragraph(&format!("• {h}"), 10.0, false);
    }
    doc.heading("Tendances mensuelles", 12.0);
    for f in d
        .figures
        .iter()
        .filter(|f| !f.rate && f.months.iter().any(|(_, v)| *v > 0.0))
    {
        doc.bars(&f.label, &f.months);
    }
    Ok(doc.finish())
}

fn indicators_period(s: &Scope) -> String {
    format!("du {} au {}", clock::date(s.from), clock::date(s.to - 1))
}

/// The reports of a year: the Région and admins see every platform's,
/// staff their own.
pub async fn list(pool: &Pool, user: &CurrentUser, year: i32) -> Result<Vec<ReportLine>, AppError> {
    let only = match user.role {
        Role::Staff => Some(user.platform_id.ok_or(AppError::Forbidden)?),
        Role::Region | Role::Admin => None,
        _ => return Err(AppError::Forbidden),
    };
    let rows: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, p.name, k.period, r.locked_at FROM platforms p \
         CROSS JOIN (SELECT 'annuel' AS period UNION ALL SELECT 'intermediaire') k \
         LEFT JOIN annual_reports r ON r.platform_id = p.id AND r.year = $1 AND r.period = k.period \
         WHERE ($2 IS NULL OR p.id = $2) ORDER BY p.name, k.period",
    )
    .bind(i64::from(year))
    .bind(only)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, period, locked)| {
            Some(ReportLine {
                platform_id: id,
                platform: name,
                year,
                period: ReportPeriod::from_code(&period)?,
                locked_at: locked.map(clock::date_time),
            })
        })
        .collect())
}

/// The Région's summary of a year across platforms: the regional totals,
/// then each platform's values against its objectives.
pub async fn regional_pdf(
    pool: &Pool,
    user: &CurrentUser,
    year: i32,
) -> Result<(String, Vec<u8>), AppError> {
    if !matches!(user.role, Role::Region | Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let platforms: Vec<(i64, String)> = crate::backend::repo::platforms::list(pool)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let scope = year_scope(None, year, 1, 12).ok_or(AppError::NotFound)?;
    let d =
        indicators::dashboard_by_platform(pool, &scope, year, String::new(), &platforms).await?;
    let reports = list(pool, user, year).await?;
    let logo = funder::logo(pool).await?;
    let title = format!("Synthèse régionale {year} – plateformes Proch'Emploi");
    let mut doc = Document::new(&title, SUPPORT_MENTION, logo.as_ref());
    doc.paragraph(&title, 16.0, true);
    doc.paragraph(
        &format!("Période {}", indicators_period(&scope)),
        10.0,
        false,
    );
    doc.heading("Bilans des plateformes", 12.0);
    for r in &reports {
        doc.paragraph(
            &format!(
                "{} – {} : {}",
                r.platform,
                r.period.label(),
                r.locked_at
                    .as_ref()
                    .map(|at| format!("verrouillé le {at}"))
                    .unwrap_or_else(|| "pas encore verrouillé".to_owned())
            ),
            9.0,
            false,
        );
    }
    doc.heading("Total régional", 14.0);
    figure_rows(&mut doc, &d.figures);
    let per_platform = if d.platform_figures.is_empty() {
        // One platform: its figures are the total.
        platforms
            .iter()
            .map(|(_, n)| (n.clone(), d.figures.clone()))
            .collect()
    } else {
        d.platform_figures.clone()
    };
    for (name, figures) in &per_platform {
        doc.heading(name, 14.0);
        figure_rows(&mut doc, figures);
    }
    Ok((format!("synthese-regionale-{year}.pdf"), doc.finish()))
}
