//! What staff record of their work with companies and the economic
//! network: contacts, interventions, the CFM register; and a company's
//! whole history.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::activity::{
    ActivityRecords, CompanyActivity, ContactForm, InterventionForm, TradeLeaderForm,
};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::repo::{activity, users},
    crate::error::FormErrors,
    crate::model::{CurrentUser, Role},
};

/// The staff member and their platform.
#[cfg(feature = "ssr")]
async fn staff() -> Result<(CurrentUser, i64), AppError> {
    let user = auth::require(&[Role::Staff]).await?;
    let platform = user.platform_id.ok_or(AppError::Forbidden)?;
    Ok((user, platform))
}

/// Where to go back after a form: a staff page, else the activity page.
#[cfg(feature = "ssr")]
fn back_to(back: &str) -> &str {
    if back.starts_with("/equipe/") && !back.contains("//") {
        back
    } else {
        "/equipe/activite"
    }
}

/// The platform's latest contacts and interventions, the follow-ups due,
/// the CFM register, and the companies to choose from.
#[server(endpoint = "activity_overview")]
pub async fn activity_overview() -> Result<ActivityRecords, AppError> {
    super::run(async move {
        let (_, platform) = staff().await?;
        let state = auth::state()?;
        let pool = &state.pool;
        Ok(ActivityRecords {
            companies: users::company_names(pool, platform).await?,
            contacts: activity::latest_contacts(pool, platform).await?,
            interventions: activity::latest_interventions(pool, platform).await?,
            trade_leaders: activity::trade_leaders(pool, platform).await?,
            follow_ups: activity::due_follow_ups(pool, platform).await?,
        })
    })
    .await
}

/// Records a contact with a company of the platform.
#[server(endpoint = "log_contact")]
pub async fn log_contact(
    back: String,
    #[server(flatten)] form: ContactForm,
) -> Result<(), AppError> {
    super::run(async move {
        let (user, platform) = staff().await?;
        let state = auth::state()?;
        let checked = form.check().map_err(AppError::Invalid)?;
        if !activity::add_contact(&state.pool, platform, &checked, user.id).await? {
            return Err(AppError::Invalid(
                form.keep(FormErrors::new())
                    .with("company_id", "Choisissez une entreprise de la plateforme."),
            ));
        }
        leptos_axum::redirect(&format!("{}?enregistre=contact", back_to(&back)));
        Ok(())
    })
    .await
}

/// Records an intervention (club, circle, meeting with an economic actor).
#[server(endpoint = "log_intervention")]
pub async fn log_intervention(#[server(flatten)] form: InterventionForm) -> Result<(), AppError> {
    super::run(async move {
        let (user, platform) = staff().await?;
        let state = auth::state()?;
        let checked = form.check().map_err(AppError::Invalid)?;
        activity::add_intervention(&state.pool, platform, &checked, user.id).await?;
        leptos_axum::redirect("/equipe/activite?enregistre=intervention");
        Ok(())
    })
    .await
}

/// Adds a company to the CFM register.
#[server(endpoint = "add_trade_leader")]
pub async fn add_trade_leader(#[server(flatten)] form: TradeLeaderForm) -> Result<(), AppError> {
    super::run(async move {
        let (user, platform) = staff().await?;
        let state = auth::state()?;
        let checked = form.check().map_err(AppError::Invalid)?;
        if !activity::add_trade_leader(&state.pool, platform, &checked, user.id).await? {
            return Err(AppError::Invalid(
                FormErrors::new()
                    .keep("trade", &form.trade)
                    .keep("filiere", &form.filiere)
                    .keep("since", &form.since)
                    .with("company_id", "Choisissez une entreprise de la plateforme."),
            ));
        }
        leptos_axum::redirect("/equipe/activite?enregistre=cfm#cfm");
        Ok(())
    })
    .await
}

/// Ends a company's role of chef de file métiers (from today).
#[server(endpoint = "end_trade_leader")]
pub async fn end_trade_leader(id: String) -> Result<(), AppError> {
    super::run(async move {
        let (_, platform) = staff().await?;
        let state = auth::state()?;
        let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
        if !activity::end_trade_leader(&state.pool, platform, id).await? {
            return Err(AppError::NotFound);
        }
        leptos_axum::redirect("/equipe/activite#cfm");
        Ok(())
    })
    .await
}

/// A company of the platform and its whole history.
#[server(endpoint = "company_file")]
pub async fn company_file(id: String) -> Result<CompanyActivity, AppError> {
    super::run(async move {
        let (_, platform) = staff().await?;
        let state = auth::state()?;
        let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
        let (name, siret, band) = users::company_of_platform(&state.pool, platform, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let headcount = band
            .as_deref()
            .and_then(|b| {
                crate::model::company::HEADCOUNT_BANDS
                    .iter()
                    .find(|x| x.code == b)
            })
            .map_or("inconnu", |x| x.label)
            .to_owned();
        let user = auth::require(&[Role::Staff]).await?;
        use crate::backend::privacy::audit::{noted, Action};
        noted(&user, Action::CompanyFile, "company", id).await?;
        Ok(CompanyActivity {
            id,
            name,
            siret,
            headcount,
            trade_leader: activity::trades_led_by(&state.pool, id).await?,
            history: activity::company_history(&state.pool, id).await?,
        })
    })
    .await
}
