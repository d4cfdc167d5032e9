//! The indicators dashboard, the records behind each figure, and the
//! annual objectives staff enter.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::indicators::{Dashboard, DrillDown};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::db::now,
    crate::backend::indicators::{self, AccessError, PeriodQuery, Resolved},
    crate::error::FormErrors,
    crate::model::indicators::definition,
    crate::model::Role,
};

/// Resolves the period and platform for the signed-in user (and says
/// whether they are the platform's staff).
#[cfg(feature = "ssr")]
async fn resolve(q: PeriodQuery) -> Result<(Resolved, bool), AppError> {
    let user = auth::require(&[Role::Staff, Role::Admin, Role::Region]).await?;
    let staff = user.role == Role::Staff;
    let state = auth::state()?;
    match indicators::resolve(&state.pool, &user, &q, now()).await? {
        Ok(r) => Ok((r, staff)),
        Err(AccessError::Forbidden) => Err(AppError::Forbidden),
        Err(AccessError::Invalid(field, message)) => {
            let keep = |v: &Option<String>| v.clone().unwrap_or_default();
            Err(AppError::Invalid(
                FormErrors::new()
                    .keep("annee", &keep(&q.annee))
                    .keep("mois", &keep(&q.mois))
                    .keep("du", &keep(&q.du))
                    .keep("au", &keep(&q.au))
                    .with(field, message),
            ))
        }
    }
}

/// Every indicator of Annexe B for a period (a year by default).
#[server(endpoint = "indicators")]
pub async fn indicators_for(
    annee: Option<String>,
    mois: Option<String>,
    du: Option<String>,
    au: Option<String>,
    plateforme: Option<String>,
) -> Result<Dashboard, AppError> {
    super::run(async move {
        let (r, staff) = resolve(PeriodQuery {
            annee,
            mois,
            du,
            au,
            plateforme,
        })
        .await?;
        let state = auth::state()?;
        let mut d =
            indicators::dashboard(&state.pool, &r.scope, r.year, r.query, &r.platforms).await?;
        d.staff = staff;
        Ok(d)
    })
    .await
}

/// The records behind one indicator.
#[server(endpoint = "indicator_records")]
pub async fn indicator_records(
    key: String,
    annee: Option<String>,
    mois: Option<String>,
    du: Option<String>,
    au: Option<String>,
    plateforme: Option<String>,
) -> Result<DrillDown, AppError> {
    super::run(async move {
        let (r, _) = resolve(PeriodQuery {
            annee,
            mois,
            du,
            au,
            plateforme,
        })
        .await?;
        let state = auth::state()?;
        indicators::drill_down(&state.pool, &r.scope, &key, r.query)
            .await?
            .ok_or(AppError::NotFound)
    })
    .await
}

/// Staff set the annual objective of an indicator for their platform.
#[server(endpoint = "set_objective")]
pub async fn set_objective(
    year: String,
    indicator: String,
    target: String,
    retour: Option<String>,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let platform = user.platform_id.ok_or(AppError::Forbidden)?;
        let state = auth::state()?;
        let def = definition(indicator.trim()).ok_or(AppError::NotFound)?;
        let keep = |e: FormErrors| e.keep("target", &target).keep("indicator", &indicator);
        let Some(y) = year.trim().parse::<i64>().ok().filter(|y| (2000..=2100).contains(y)) else {
            return Err(AppError::Invalid(keep(FormErrors::new().with("year", "Indiquez une année."))));
        };
        let max = if def.unit == crate::model::indicators::Unit::Rate { 100 } else { 1_000_000 };
        let Some(t) = target.trim().trim_end_matches('%').trim().parse::<i64>().ok().filter(|t| (0..=max).contains(t)) else {
            let msg = if max == 100 {
                "Indiquez un pourcentage entier, de 0 à 100."
            } else {
                "Indiquez un nombre entier, 0 ou plus."
            };
            return Err(AppError::Invalid(keep(FormErrors::new().with("target", msg))));
        };
        sqlx::query(
            "INSERT INTO indicator_objectives (platform_id, year, indicator, target, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (platform_id, year, indicator) \
             DO UPDATE SET target = excluded.target, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(platform)
        .bind(y)
        .bind(def.key)
        .bind(t)
        .bind(user.id)
        .bind(now())
        .execute(&state.pool)
        .await?;
        if retour.as_deref() == Some("programme") {
            leptos_axum::redirect(&format!("/equipe/programme?annee={y}&enregistre=objectif#objectifs"));
        } else {
            leptos_axum::redirect(&format!("/equipe/indicateurs?annee={y}#objectif-{}", def.key));
        }
        Ok(())
    })
    .await
}
