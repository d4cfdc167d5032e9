//! Inviting a colleague into the company's account, and accepting.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::InvitationInfo;

#[cfg(feature = "ssr")]
use {
    crate::backend::mail::{outbox, templates},
    crate::backend::repo::{invitations, users},
    crate::backend::{auth, password},
    crate::error::FormErrors,
    crate::model::validate::{check_email, check_new_password, normalise_email},
    crate::model::Role,
};

/// Sends a colleague a single-use link to join the caller's company.
#[server(endpoint = "invite_colleague")]
pub async fn invite_colleague(email: String) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let (Some(company_id), Some(company_name)) = (user.company_id, user.company_name.clone())
        else {
            return Err(AppError::Forbidden);
        };
        let state = auth::state()?;
        crate::backend::form_limits::count(&state, "invite", &email).await?;
        let address = normalise_email(&email);
        if check_email(&address).is_ok() && users::email_taken(&state.pool, &address).await? {
            // The same answer as for a new address: its owner is told instead.
            let mail = crate::backend::mail::account_templates::invitation_to_known_address(
                &company_name,
                &user.full_name,
                &state.link("/connexion"),
            );
            crate::backend::mail::outbox::send_alone(&state, user.platform_id, &address, &mail)
                .await?;
            leptos_axum::redirect("/entreprise?invitation=envoyee");
            return Ok(());
        }
        send_invitation(&user, company_id, &company_name, user.platform_id, &email).await?;
        // The address stays out of the URL: it is personal data.
        leptos_axum::redirect("/entreprise?invitation=envoyee");
        Ok(())
    })
    .await
}

/// The invited address, normalised, when it is valid and has no account yet.
#[cfg(feature = "ssr")]
pub(crate) async fn check_invitee(field: &str, email: &str) -> Result<String, AppError> {
    let email = normalise_email(email);
    if let Err(m) = check_email(&email) {
        return Err(AppError::field(field, m, &email));
    }
    let state = auth::state()?;
    if users::email_taken(&state.pool, &email).await? {
        return Err(AppError::field(
            field,
            "Cette personne a déjà un compte sur le portail.",
            &email,
        ));
    }
    Ok(email)
}

/// Records an invitation to join the company and queues its e-mail, inside
/// the caller's transaction. Used by colleagues and by staff for a company
/// they created.
#[cfg(feature = "ssr")]
pub(crate) async fn queue_invitation(
    tx: &mut crate::backend::db::Tx,
    inviter: &crate::model::CurrentUser,
    company_id: i64,
    company_name: &str,
    platform_id: Option<i64>,
    email: &str,
) -> Result<(), AppError> {
    let state = auth::state()?;
    let token = invitations::create(tx, company_id, email, inviter.id).await?;
    let link = state.link(&format!("/invitation/{token}"));
    // The platform's team invites the owner it met; a colleague, a colleague.
    let m = if matches!(inviter.role, Role::Staff | Role::Admin) {
        templates::owner_invitation(company_name, &inviter.full_name, &link)
    } else {
        templates::invitation(company_name, &inviter.full_name, &link)
    };
    outbox::enqueue(
        tx,
        &outbox::NewMail {
            platform_id,
            to: email,
            subject: &m.subject,
            body: &m.body,
        },
    )
    .await?;
    Ok(())
}

/// Checks the address, then records the invitation and its e-mail in one
/// transaction.
#[cfg(feature = "ssr")]
pub(crate) async fn send_invitation(
    inviter: &crate::model::CurrentUser,
    company_id: i64,
    company_name: &str,
    platform_id: Option<i64>,
    email: &str,
) -> Result<(), AppError> {
    let email = check_invitee("email", email).await?;
    let state = auth::state()?;
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    queue_invitation(
        &mut tx,
        inviter,
        company_id,
        company_name,
        platform_id,
        &email,
    )
    .await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// What an invitation link opens; a used, expired or unknown link is
/// refused the same way.
#[server(endpoint = "open_invitation")]
pub async fn open_invitation(token: String) -> Result<InvitationInfo, AppError> {
    super::run(async move {
        let state = auth::state()?;
        let inv = invitations::find(&state.pool, &token)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(InvitationInfo {
            company_name: inv.company_name,
            email: inv.email,
            invited_by: inv.invited_by,
        })
    })
    .await
}

/// Creates the invited person's account in the company, then signs in.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    full_name: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let Some(inv) = invitations::find(&state.pool, &token).await? else {
            return Err(AppError::Refused(
                "Ce lien d'invitation n'est plus valable : demandez une nouvelle invitation."
                    .into(),
            ));
        };
        let mut errors = FormErrors::new().keep("full_name", &full_name);
        if full_name.trim().chars().count() < 2 {
            errors.add("full_name", "Indiquez vos prénom et nom.");
        }
        check_new_password(&password, &password_confirm, &mut errors);
        if errors.is_empty() {
            if let Some(hint) = crate::backend::password_policy::weakness(
                &password,
                &[&inv.email, &full_name, &inv.company_name],
            ) {
                errors.add("password", hint);
            }
        }
        errors.into_result()?;
        let hash = password::hash(password).await?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        if !invitations::accept(&mut tx, inv.id).await? {
            return Err(AppError::Refused(
                "Ce lien d'invitation a déjà servi.".into(),
            ));
        }
        let created = users::create(
            &mut tx,
            &users::NewUser {
                email: &inv.email,
                full_name: full_name.trim(),
                password_hash: &hash,
                role: Role::Company,
                platform_id: None,
                company_id: Some(inv.company_id),
                partner_org_id: None,
            },
        )
        .await;
        let user_id = match created {
            Ok(id) => id,
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                return Err(AppError::Refused(
                    "Un compte existe déjà avec cette adresse : connectez-vous.".into(),
                ))
            }
            Err(e) => return Err(e.into()),
        };
        tx.commit().await?;
        super::account::open_session(user_id).await?;
        leptos_axum::redirect("/entreprise");
        Ok(())
    })
    .await
}

/// The company's active accounts.
#[server(endpoint = "company_colleagues")]
pub async fn company_colleagues() -> Result<Vec<crate::model::colleague::ColleagueLine>, AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        crate::backend::company_team::colleagues(&auth::state()?, &user).await
    })
    .await
}

/// Removes a colleague's access (their account is closed at once).
#[server(endpoint = "remove_colleague")]
pub async fn remove_colleague(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let state = auth::state()?;
        crate::backend::company_team::remove_colleague(&state, &user, id, confirm.as_deref())
            .await?;
        leptos_axum::redirect("/entreprise?acces-retire=1");
        Ok(())
    })
    .await
}
