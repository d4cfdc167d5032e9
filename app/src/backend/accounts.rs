//! Creating accounts outside the sign-up form: the first admin, and the
//! staff and partner accounts an admin sets up.

use anyhow::{bail, Context};

use super::db::Pool;
use super::password;
use super::repo::users::{self, NewUser};
use crate::error::FormErrors;
use crate::model::validate::{check_email, check_new_password, normalise_email};
use crate::model::Role;

/// Creates an admin account (the command line's `create-admin`, or the
/// environment at first start). Refuses weak passwords and taken e-mails.
pub async fn create_admin(
    pool: &Pool,
    email: &str,
    full_name: &str,
    password: &str,
) -> anyhow::Result<i64> {
    let email = normalise_email(email);
    if let Err(m) = check_email(&email) {
        bail!("{m}");
    }
    let mut errors = FormErrors::new();
    check_new_password(password, password, &mut errors);
    if let Some(m) = errors.fields.values().next() {
        bail!("{m}");
    }
    if users::email_taken(pool, &email).await? {
        bail!("Un compte utilise déjà l'adresse {email}.");
    }
    let hash = password::hash(password.to_owned()).await?;
    let mut tx = pool.begin().await?;
    let id = users::create(
        &mut tx,
        &NewUser {
            email: &email,
            full_name: full_name.trim(),
            password_hash: &hash,
            role: Role::Admin,
            platform_id: None,
            company_id: None,
            partner_org_id: None,
        },
    )
    .await
    .context("creating the admin account")?;
    tx.commit().await?;
    Ok(id)
}
