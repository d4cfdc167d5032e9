//! Applications: a candidate applies to a public offer (no account, with an
//! optional PDF CV); staff propose the candidate to the employer (only then
//! does the company see the profile), and staff or the company record the
//! interview and whether the candidate was hired (with the reason).

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::error::AppError;
use crate::model::application::ApplicationLine;

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::funnel::{self, Mover},
    crate::backend::mail::{outbox, templates},
    crate::backend::repo::{applications, positionings, public_offers},
    crate::error::FormErrors,
    crate::model::application::{check_pdf, ApplicationForm, ApplicationStatus, CV_MAX_BYTES},
    crate::model::Role,
};

/// Reads the multipart form: the text fields and the CV's bytes (refused
/// past the size limit while reading).
#[cfg(feature = "ssr")]
async fn read_form(
    data: MultipartData,
) -> Result<(ApplicationForm, Option<Vec<u8>>, bool), AppError> {
    let mut form = ApplicationForm::default();
    let mut cv: Option<Vec<u8>> = None;
    let mut too_big = false;
    let Some(mut multipart) = data.into_inner() else {
        return Err(AppError::Transport);
    };
    while let Ok(Some(mut field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "cv" {
            let mut bytes = Vec::new();
            while let Ok(Some(chunk)) = field.chunk().await {
                if bytes.len() + chunk.len() > CV_MAX_BYTES {
                    too_big = true;
                    break;
                }
                bytes.extend_from_slice(&chunk);
            }
            if !bytes.is_empty() {
                cv = Some(bytes);
            }
            continue;
        }
        let value = field.text().await.unwrap_or_default();
        match name.as_str() {
            "offer_id" => form.offer_id = value,
            "full_name" => form.full_name = value,
            "email" => form.email = value,
            "phone" => form.phone = value,
            "message" => form.message = value,
            "answer_1" => form.answers[0] = value,
            "answer_2" => form.answers[1] = value,
            "answer_3" => form.answers[2] = value,
            "consent" => form.consent = value,
            _ => {}
        }
    }
    Ok((form, cv, too_big))
}

/// Writes a CV under a new random name in the uploads folder.
#[cfg(feature = "ssr")]
async fn store_cv(uploads: &std::path::Path, bytes: &[u8]) -> Result<std::path::PathBuf, AppError> {
    let (name, _) = crate::backend::token::new_token();
    let dir = uploads.join("cv");
    tokio::fs::create_dir_all(&dir).await.map_err(|e| {
        tracing::error!(error = %e, "cannot create the CV folder");
        AppError::Internal
    })?;
    let path = dir.join(format!("{}.pdf", &name[..32]));
    let sealed = crate::backend::secrets::seal_file(bytes).map_err(|e| {
        tracing::error!(error = %e, "cannot encrypt a CV");
        AppError::Internal
    })?;
    tokio::fs::write(&path, sealed).await.map_err(|e| {
        tracing::error!(error = %e, "cannot store a CV");
        AppError::Internal
    })?;
    Ok(path)
}

/// A candidate applies to a public offer.
#[server(input = MultipartFormData, endpoint = "apply_to_offer")]
pub async fn apply_to_offer(data: MultipartData) -> Result<(), AppError> {
    super::run(async move {
        let (form, cv, too_big) = read_form(data).await?;
        let offer_id = form
            .offer_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        let state = auth::state()?;
        let (offer, _) = public_offers::public_offer(&state.pool, offer_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut errors = FormErrors::new();
        let checked = form.check(offer.terms.questions.len(), &mut errors);
        if too_big {
            errors.add("cv", "Le CV ne doit pas dépasser 2 Mo.");
        } else if let Some(bytes) = &cv {
            if let Err(m) = check_pdf(bytes) {
                errors.add("cv", m);
            }
        }
        let Some(checked) = checked.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(form.keep_values(errors)));
        };
        crate::backend::form_limits::count(&state, "apply", &checked.email).await?;
        // The CV under a random name, outside the web root; the file goes
        // away again unless the application's transaction commits.
        let cv_path = match &cv {
            Some(bytes) => Some(store_cv(&state.settings.uploads_dir, bytes).await?),
            None => None,
        };
        let cv_name = cv_path
            .as_ref()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .map(str::to_owned);
        let saved: Result<(), AppError> = async {
            let mut tx = crate::backend::db::begin(&state.pool).await?;
            applications::create(&mut tx, offer_id, &checked, cv_name.as_deref()).await?;
            let mail = templates::application_received(&offer.summary.title);
            outbox::enqueue(
                &mut tx,
                &outbox::NewMail {
                    platform_id: None,
                    to: &checked.email,
                    subject: &mail.subject,
                    body: &mail.body,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        if let Err(e) = saved {
            if let Some(path) = &cv_path {
                let _ = tokio::fs::remove_file(path).await;
            }
            return Err(e);
        }
        state.mail_wake.notify_one();
        leptos_axum::redirect(&format!("/offres/{offer_id}?candidature=envoyee"));
        Ok(())
    })
    .await
}

/// The applications to the platform's offers (staff).
#[server(endpoint = "platform_applications")]
pub async fn platform_applications() -> Result<Vec<ApplicationLine>, AppError> {
    super::run(async {
        let user = auth::require(&[Role::Staff, Role::Admin]).await?;
        let scope = if user.role == Role::Admin {
            None
        } else {
            user.platform_id
        };
        let state = auth::state()?;
        Ok(applications::for_platform(&state.pool, scope).await?)
    })
    .await
}

/// The applications proposed to the company (which records that it saw
/// them: the advisers who positioned a candidate read « vu par
/// l'entreprise »).
#[server(endpoint = "company_applications")]
pub async fn company_applications() -> Result<Vec<ApplicationLine>, AppError> {
    super::run(async {
        let user = auth::require(&[Role::Company]).await?;
        let company = user.company_id.ok_or(AppError::Forbidden)?;
        let state = auth::state()?;
        let lines = applications::for_company(&state.pool, company).await?;
        positionings::mark_seen(&state.pool, company, None).await?;
        Ok(lines)
    })
    .await
}

/// Moves an application along the funnel (see [`crate::backend::funnel`]).
#[server(endpoint = "move_application")]
pub async fn move_application(
    id: String,
    to: String,
    reason: String,
    reason_category: Option<String>,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff, Role::Admin, Role::Company, Role::Partner]).await?;
        let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
        let to = ApplicationStatus::from_code(to.trim()).ok_or(AppError::NotFound)?;
        let state = auth::state()?;
        funnel::move_application(
            &state,
            Mover::Person(&user),
            id,
            to,
            &reason,
            reason_category.as_deref(),
        )
        .await?;
        use crate::backend::privacy::audit::{noted, Action};
        noted(&user, Action::ApplicationChange, "application", id).await
    })
    .await
}

/// What the company's answer link shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LinkedApplication {
    pub candidate: String,
    pub offer_title: String,
    pub status: crate::model::application::ApplicationStatus,
}

/// The application a company's answer link opens.
#[server(endpoint = "application_by_link")]
pub async fn application_by_link(token: String) -> Result<LinkedApplication, AppError> {
    super::run(async move {
        let state = auth::state()?;
        let id = applications::by_link(&state.pool, &token)
            .await?
            .ok_or(AppError::NotFound)?;
        let (owner, status, _, _, candidate, offer_title) = applications::find(&state.pool, id)
            .await?
            .ok_or(AppError::NotFound)?;
        positionings::mark_seen(&state.pool, owner.company_id, Some(id)).await?;
        Ok(LinkedApplication {
            candidate,
            offer_title,
            status,
        })
    })
    .await
}

/// The company answers through its e-mailed link (no sign-in): interview,
/// hired, or not hired with the reason. The history names the offer's
/// author.
#[server(endpoint = "answer_by_link")]
pub async fn answer_by_link(
    token: String,
    to: String,
    reason: String,
    reason_category: Option<String>,
) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let id = applications::by_link(&state.pool, &token)
            .await?
            .ok_or(AppError::NotFound)?;
        let to = ApplicationStatus::from_code(to.trim()).ok_or(AppError::NotFound)?;
        funnel::move_application(
            &state,
            Mover::CompanyLink,
            id,
            to,
            &reason,
            reason_category.as_deref(),
        )
        .await
    })
    .await
}
