//! The yearly cycle with the Région: thin adapters over
//! `backend::cycle` (programme, governance, delays, annual report, the
//! Région's requests).

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::cycle::{
    AnnualReport, DelayAlert, Governance, MeetingForm, Programme, ProgrammeForm, RegionRequestForm,
    RegionRequestLine, ReportLine,
};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::clock,
    crate::backend::cycle::{self, annual, delays, governance, programme, region_requests},
    crate::backend::db::now,
    crate::model::{CurrentUser, Role},
};

#[cfg(feature = "ssr")]
async fn person() -> Result<CurrentUser, AppError> {
    auth::require(&[Role::Staff, Role::Region, Role::Admin]).await
}

/// The programme of a year (the current one by default).
#[server(endpoint = "programme_of")]
pub async fn programme_of(
    annee: Option<String>,
    plateforme: Option<String>,
) -> Result<Programme, AppError> {
    super::run(async move {
        let user = person().await?;
        let state = auth::state()?;
        let year = cycle::year_or_current(annee.as_deref(), now())?;
        programme::programme(&state.pool, &user, plateforme.as_deref(), year).await
    })
    .await
}

/// Staff add an action to the programme.
#[server(endpoint = "add_programme_action")]
pub async fn add_programme_action(#[server(flatten)] form: ProgrammeForm) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let state = auth::state()?;
        programme::add_action(&state.pool, &user, &form).await?;
        leptos_axum::redirect(&format!(
            "/equipe/programme?annee={}&enregistre=action",
            form.year.trim()
        ));
        Ok(())
    })
    .await
}

/// Staff move an action to another status.
#[server(endpoint = "set_action_status")]
pub async fn set_action_status(id: String, status: String) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let state = auth::state()?;
        let year = programme::set_status(&state.pool, &user, &id, &status).await?;
        leptos_axum::redirect(&format!(
            "/equipe/programme?annee={year}&enregistre=etat#action-{}",
            id.trim()
        ));
        Ok(())
    })
    .await
}

/// Staff link an action to what carries it out.
#[server(endpoint = "link_programme_action")]
pub async fn link_programme_action(id: String, target: String) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let state = auth::state()?;
        let year = programme::link(&state.pool, &user, &id, &target).await?;
        leptos_axum::redirect(&format!(
            "/equipe/programme?annee={year}&enregistre=lien#action-{}",
            id.trim()
        ));
        Ok(())
    })
    .await
}

/// The governance register of a year.
#[server(endpoint = "governance_of")]
pub async fn governance_of(
    annee: Option<String>,
    plateforme: Option<String>,
) -> Result<Governance, AppError> {
    super::run(async move {
        let user = person().await?;
        let state = auth::state()?;
        let at = now();
        let year = cycle::year_or_current(annee.as_deref(), at)?;
        governance::register(
            &state.pool,
            &user,
            plateforme.as_deref(),
            year,
            &clock::iso_date(at),
        )
        .await
    })
    .await
}

/// Staff record a meeting with its decisions.
#[server(endpoint = "record_meeting")]
pub async fn record_meeting(#[server(flatten)] form: MeetingForm) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let state = auth::state()?;
        let (id, year) = governance::record(&state.pool, &user, &form).await?;
        leptos_axum::redirect(&format!(
            "/equipe/gouvernance?annee={year}&enregistre=reunion#reunion-{id}"
        ));
        Ok(())
    })
    .await
}

/// Staff attach the minutes of a meeting as a PDF (a plain form: works
/// without JavaScript).
#[server(input = MultipartFormData, endpoint = "attach_minutes")]
pub async fn attach_minutes(data: MultipartData) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let Some(mut multipart) = data.into_inner() else {
            return Err(AppError::Transport);
        };
        let mut id = String::new();
        let mut bytes = Vec::new();
        let mut too_big = false;
        while let Ok(Some(mut field)) = multipart.next_field().await {
            match field.name() {
                Some("meeting") => {
                    while let Ok(Some(chunk)) = field.chunk().await {
                        id.push_str(&String::from_utf8_lossy(&chunk));
                    }
                }
                Some("minutes_pdf") => {
                    while let Ok(Some(chunk)) = field.chunk().await {
                        if bytes.len() + chunk.len() > governance::MINUTES_MAX_BYTES {
                            too_big = true;
                            break;
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                }
                _ => {}
            }
        }
        let field = format!("minutes_pdf-{}", id.trim());
        if too_big {
            return Err(AppError::field(&field, "Le compte rendu dépasse 5 Mo.", ""));
        }
        let state = auth::state()?;
        let year = governance::attach_minutes(&state.pool, &user, &id, &bytes)
            .await
            .map_err(|e| match e {
                AppError::Refused(m) => AppError::field(&field, &m, ""),
                other => other,
            })?;
        leptos_axum::redirect(&format!(
            "/equipe/gouvernance?annee={year}&enregistre=compte-rendu#reunion-{}",
            id.trim()
        ));
        Ok(())
    })
    .await
}

/// Staff mark a decision done.
#[server(endpoint = "mark_decision_done")]
pub async fn mark_decision_done(id: String) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let state = auth::state()?;
        let year = governance::decision_done(&state.pool, &user, &id).await?;
        leptos_axum::redirect(&format!(
            "/equipe/gouvernance?annee={year}&enregistre=decision"
        ));
        Ok(())
    })
    .await
}

/// What the staff home says of the year's meetings.
#[server(endpoint = "meeting_warnings")]
pub async fn meeting_warnings() -> Result<Vec<String>, AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let platform = user.platform_id.ok_or(AppError::Forbidden)?;
        let state = auth::state()?;
        let year = cycle::current_year(now());
        Ok(governance::warnings(&state.pool, platform, year).await?)
    })
    .await
}

/// The indicators behind their prorated objective.
#[server(endpoint = "delay_alerts")]
pub async fn delay_alerts(
    annee: Option<String>,
    plateforme: Option<String>,
) -> Result<Vec<DelayAlert>, AppError> {
    super::run(async move {
        let user = person().await?;
        let state = auth::state()?;
        let year = cycle::year_or_current(annee.as_deref(), now())?;
        delays::alerts_for(
            &state.pool,
            &user,
            plateforme.as_deref(),
            year,
            state.settings.delay_margin,
        )
        .await
    })
    .await
}

/// Staff acknowledge a delay with a comment for the Région.
#[server(endpoint = "acknowledge_delay")]
pub async fn acknowledge_delay(
    year: String,
    indicator: String,
    comment: String,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let state = auth::state()?;
        let year = delays::acknowledge(&state.pool, &user, &year, &indicator, &comment).await?;
        leptos_axum::redirect(&format!(
            "/equipe/indicateurs?annee={year}&retard=1#retards"
        ));
        Ok(())
    })
    .await
}

/// The annual (or intermediate) report of a year.
#[server(endpoint = "annual_report")]
pub async fn annual_report_of(
    annee: Option<String>,
    periode: Option<String>,
    plateforme: Option<String>,
) -> Result<AnnualReport, AppError> {
    super::run(async move {
        let user = person().await?;
        let state = auth::state()?;
        let year = cycle::year_or_current(annee.as_deref(), now())?;
        let period = annual::period_of(periode.as_deref())?;
        annual::report(&state.pool, &user, plateforme.as_deref(), year, period).await
    })
    .await
}

/// The report's form: the narrative per axis, and the button pressed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnualReportForm {
    pub annee: String,
    pub periode: String,
    #[serde(default)]
    pub axe1_faits: String,
    #[serde(default)]
    pub axe1_difficultes: String,
    #[serde(default)]
    pub axe1_perspectives: String,
    #[serde(default)]
    pub axe2_faits: String,
    #[serde(default)]
    pub axe2_difficultes: String,
    #[serde(default)]
    pub axe2_perspectives: String,
    #[serde(default)]
    pub axe3_faits: String,
    #[serde(default)]
    pub axe3_difficultes: String,
    #[serde(default)]
    pub axe3_perspectives: String,
    #[serde(default)]
    pub axe4_faits: String,
    #[serde(default)]
    pub axe4_difficultes: String,
    #[serde(default)]
    pub axe4_perspectives: String,
    /// `verrouiller` to lock; anything else saves the draft.
    #[serde(default)]
    pub intent: String,
    #[serde(default)]
    pub confirmation: String,
}

#[cfg(feature = "ssr")]
impl AnnualReportForm {
    fn submission(&self) -> annual::Submission {
        let texts = [
            ("axe1_faits", &self.axe1_faits),
            ("axe1_difficultes", &self.axe1_difficultes),
            ("axe1_perspectives", &self.axe1_perspectives),
            ("axe2_faits", &self.axe2_faits),
            ("axe2_difficultes", &self.axe2_difficultes),
            ("axe2_perspectives", &self.axe2_perspectives),
            ("axe3_faits", &self.axe3_faits),
            ("axe3_difficultes", &self.axe3_difficultes),
            ("axe3_perspectives", &self.axe3_perspectives),
            ("axe4_faits", &self.axe4_faits),
            ("axe4_difficultes", &self.axe4_difficultes),
            ("axe4_perspectives", &self.axe4_perspectives),
        ];
        annual::Submission {
            year: self.annee.clone(),
            period: self.periode.clone(),
            fields: texts
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.clone()))
                .collect(),
            lock: self.intent == "verrouiller",
            confirmed: self.confirmation == crate::model::CHECKED,
        }
    }
}

/// Staff save the draft or lock the report.
#[server(endpoint = "save_annual_report")]
pub async fn save_annual_report(#[server(flatten)] form: AnnualReportForm) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let state = auth::state()?;
        let (year, period, saved) =
            annual::save(&state.pool, &user, &form.submission(), &state.link("")).await?;
        if saved == annual::Saved::Locked {
            state.mail_wake.notify_one();
        }
        let what = match saved {
            annual::Saved::Draft => "brouillon",
            annual::Saved::Locked => "verrouille",
        };
        leptos_axum::redirect(&format!(
            "/equipe/bilan-annuel?annee={year}&periode={}&enregistre={what}",
            period.code()
        ));
        Ok(())
    })
    .await
}

/// The draft saved as staff type (the hydrated page calls it; it never
/// locks). Returns the time it was saved.
#[server(endpoint = "autosave_annual_report")]
pub async fn autosave_annual_report(
    #[server(flatten)] form: AnnualReportForm,
) -> Result<String, AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let state = auth::state()?;
        let mut s = form.submission();
        s.lock = false;
        annual::save(&state.pool, &user, &s, &state.link("")).await?;
        Ok(clock::hh_mm(now()))
    })
    .await
}

/// Every report of a year (every platform's, for the Région).
#[server(endpoint = "annual_reports")]
pub async fn annual_reports(annee: Option<String>) -> Result<Vec<ReportLine>, AppError> {
    super::run(async move {
        let user = person().await?;
        let state = auth::state()?;
        let year = cycle::year_or_current(annee.as_deref(), now())?;
        annual::list(&state.pool, &user, year).await
    })
    .await
}

/// The Région sends a platform a request about a company.
#[server(endpoint = "send_region_request")]
pub async fn send_region_request(
    #[server(flatten)] form: RegionRequestForm,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Region, Role::Admin]).await?;
        let state = auth::state()?;
        region_requests::send(
            &state.pool,
            &user,
            &form,
            &clock::iso_date(now()),
            &state.link(""),
        )
        .await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect("/region/demandes?envoyee=1");
        Ok(())
    })
    .await
}

/// The Région's requests and their state.
#[server(endpoint = "region_requests")]
pub async fn region_requests() -> Result<Vec<RegionRequestLine>, AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Region, Role::Admin]).await?;
        let state = auth::state()?;
        region_requests::list(&state.pool, &user, &clock::iso_date(now())).await
    })
    .await
}

/// The platforms the Région may send a request to: (id, name).
#[server(endpoint = "region_request_choices")]
pub async fn region_request_choices() -> Result<Vec<(i64, String)>, AppError> {
    super::run(async move {
        auth::require(&[Role::Region, Role::Admin]).await?;
        let state = auth::state()?;
        Ok(crate::backend::repo::platforms::list(&state.pool)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect())
    })
    .await
}
