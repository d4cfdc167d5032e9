//! Companies as staff see them: the platform's list, a company met on a
//! visit created by staff, and the invitation by which its owner claims it.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::invitation;

use crate::error::AppError;
use crate::model::{CompanyPageData, StaffCompanyForm};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::repo::{reference, users},
    crate::error::FormErrors,
    crate::model::validate::CompanyFields,
    crate::model::{CurrentUser, Role},
};

/// The staff member's platform (admins have none here).
#[cfg(feature = "ssr")]
async fn staff_platform() -> Result<(CurrentUser, i64), AppError> {
    let user = auth::require(&[Role::Staff]).await?;
    let platform = user.platform_id.ok_or(AppError::Forbidden)?;
    Ok((user, platform))
}

/// The platform's companies, and what the creation form offers.
#[server(endpoint = "platform_companies")]
pub async fn platform_companies() -> Result<CompanyPageData, AppError> {
    super::run(async {
        let (_, platform) = staff_platform().await?;
        let state = auth::state()?;
        Ok(CompanyPageData {
            companies: users::companies_of_platform(&state.pool, platform).await?,
            naf: reference::naf_divisions().to_vec(),
            communes: reference::platform_communes(&state.pool, platform).await?,
        })
    })
    .await
}

/// Staff record a company of their territory; with an address, its owner
/// gets the link to claim it at once.
#[server(endpoint = "add_company")]
pub async fn add_company(#[server(flatten)] form: StaffCompanyForm) -> Result<(), AppError> {
    super::run(async move {
        let (user, platform) = staff_platform().await?;
        let state = auth::state()?;
        let mut errors = FormErrors::new();
        let company = CompanyFields {
            company_name: &form.company_name,
            siret: &form.siret,
            naf_division: &form.naf_division,
            headcount_band: &form.headcount_band,
            commune: &form.commune,
        }
        .check(&mut errors, |code| {
            reference::naf_divisions().iter().any(|d| d.code == code)
        });
        let commune = if form.commune.trim().is_empty() {
            None
        } else {
            let found = reference::resolve_commune(&state.pool, platform, &form.commune).await?;
            if found.is_none() {
                errors.add(
                    "commune",
                    "Cette commune n'est pas sur le territoire de la plateforme : choisissez-la dans la liste.",
                );
            }
            found
        };
        if let Some(c) = &company {
            if users::siret_taken(&state.pool, platform, c.siret.as_str()).await? {
                errors.add("siret", "Une entreprise avec ce SIRET existe déjà sur la plateforme.");
            }
        }
        let owner_email = if form.owner_email.trim().is_empty() {
            None
        } else {
            match invitation::check_invitee("owner_email", &form.owner_email).await {
                Ok(email) => Some(email),
                Err(AppError::Invalid(fe)) => {
                    for (field, message) in fe.fields {
                        errors.add(&field, message);
                    }
                    None
                }
                Err(other) => return Err(other),
            }
        };
        let keep = |e: FormErrors| {
            e.keep("company_name", &form.company_name)
                .keep("siret", &form.siret)
                .keep("naf_division", &form.naf_division)
                .keep("headcount_band", &form.headcount_band)
                .keep("commune", &form.commune)
                .keep("owner_email", &form.owner_email)
        };
        let (Some(company), Some(commune), true) = (company, commune, errors.is_empty()) else {
            return Err(AppError::Invalid(keep(errors)));
        };
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let id = users::create_company(
            &mut tx,
            &users::NewCompany {
                platform_id: platform,
                siret: company.siret.as_str(),
                name: &company.name,
                naf_division: Some(&company.naf_division),
                headcount_band: Some(&company.headcount_band),
                commune_insee: Some(&commune.insee),
            },
        )
        .await?;
        // The company and its owner's invitation exist together or not at all.
        if let Some(email) = &owner_email {
            invitation::queue_invitation(&mut tx, &user, id, &company.name, Some(platform), email)
                .await?;
        }
        tx.commit().await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect("/equipe/entreprises?ajoutee=1");
        Ok(())
    })
    .await
}

/// Sends the owner of a company of the platform the link to claim it.
#[server(endpoint = "invite_owner")]
pub async fn invite_owner(company_id: String, email: String) -> Result<(), AppError> {
    super::run(async move {
        let (user, platform) = staff_platform().await?;
        let id = company_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        let state = auth::state()?;
        let (company_platform, name) = users::company_platform(&state.pool, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if company_platform != platform {
            return Err(AppError::Forbidden);
        }
        invitation::send_invitation(&user, id, &name, Some(platform), &email).await?;
        leptos_axum::redirect("/equipe/entreprises?invitation=envoyee");
        Ok(())
    })
    .await
}

/// The pending claims of a company's space (its platform's staff).
#[server(endpoint = "company_claims")]
pub async fn company_claims(
    company_id: i64,
) -> Result<Vec<crate::model::claim::ClaimLine>, AppError> {
    super::run(async move {
        let user = crate::backend::auth::require(&[Role::Staff, Role::Admin]).await?;
        let state = crate::backend::auth::state()?;
        crate::backend::company_claims::pending(&state, &user, company_id).await
    })
    .await
}

/// Staff open the company's space to the person who claimed it, or refuse.
#[server(endpoint = "decide_claim")]
pub async fn decide_claim(id: i64, decision: String) -> Result<(), AppError> {
    super::run(async move {
        let user = crate::backend::auth::require(&[Role::Staff, Role::Admin]).await?;
        let state = crate::backend::auth::state()?;
        let approve = match decision.as_str() {
            "ouvrir" => true,
            "refuser" => false,
            _ => return Err(AppError::NotFound),
        };
        let company = crate::backend::company_claims::decide(&state, &user, id, approve).await?;
        leptos_axum::redirect(&format!(
            "/equipe/entreprises/{company}?enregistre={}",
            if approve { "acces" } else { "acces-refuse" }
        ));
        Ok(())
    })
    .await
}
