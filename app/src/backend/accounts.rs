//! Setting up a deployment outside the web forms (the `prochemploi`
//! command line, or the environment at first start): platforms, partner
//! organisations, and the admin, staff and partner accounts.

use anyhow::{bail, Context};

use super::db::Pool;
use super::password;
use super::repo::platforms;
use super::repo::users::{self, NewUser};
use crate::error::FormErrors;
use crate::model::validate::{check_email, check_new_password, normalise_email};
use crate::model::{PartnerKind, Role};

/// Where a new account belongs.
pub enum Membership<'a> {
    /// An admin: every platform.
    Admin,
    /// Staff of the platform with this slug.
    Staff { platform_slug: &'a str },
    /// A user of this partner organisation.
    Partner { org_id: i64 },
    /// A reader of every platform's indicators for the Région.
    Region,
}

/// Creates an account of the platform team, a partner or an admin. Refuses
/// weak passwords, bad or taken e-mails, unknown platforms and organisations.
pub async fn create_account(
    pool: &Pool,
    membership: Membership<'_>,
    email: &str,
    full_name: &str,
    password: &str,
) -> anyhow::Result<i64> {
    let email = normalise_email(email);
    if let Err(m) = check_email(&email) {
        bail!("{m}");
    }
    if full_name.trim().chars().count() < 2 {
        bail!("Indiquez les prénom et nom de la personne.");
    }
    let mut errors = FormErrors::new();
    check_new_password(password, password, &mut errors);
    if let Some(m) = errors.fields.values().next() {
        bail!("{m}");
    }
    if let Some(hint) = super::password_policy::weakness(password, &[&email, full_name]) {
        bail!("{hint}");
    }
    if users::email_taken(pool, &email).await? {
        bail!("Un compte utilise déjà l'adresse {email}.");
    }
    let (role, platform_id, partner_org_id) = match membership {
        Membership::Admin => (Role::Admin, None, None),
        Membership::Region => (Role::Region, None, None),
        Membership::Staff { platform_slug } => {
            let platform = platforms::list(pool)
                .await?
                .into_iter()
                .find(|p| p.slug == platform_slug)
                .with_context(|| format!("Aucune plateforme « {platform_slug} »."))?;
            (Role::Staff, Some(platform.id), None)
        }
        Membership::Partner { org_id } => {
            if !platforms::partner_org_exists(pool, org_id).await? {
                bail!("Aucune organisation partenaire n° {org_id}.");
            }
            (Role::Partner, None, Some(org_id))
        }
    };
    let hash = password::hash(password.to_owned()).await?;
    let mut tx = crate::backend::db::begin(pool).await?;
    let id = users::create(
        &mut tx,
        &NewUser {
            email: &email,
            full_name: full_name.trim(),
            password_hash: &hash,
            role,
            platform_id,
            company_id: None,
            partner_org_id,
        },
    )
    .await
    .context("creating the account")?;
    tx.commit().await?;
    Ok(id)
}

/// Creates an admin account.
pub async fn create_admin(
    pool: &Pool,
    email: &str,
    full_name: &str,
    password: &str,
) -> anyhow::Result<i64> {
    create_account(pool, Membership::Admin, email, full_name, password).await
}

/// Creates a platform over a territory of EPCIs (SIREN codes of the region).
pub async fn create_platform(
    pool: &Pool,
    slug: &str,
    name: &str,
    epcis: &[&str],
) -> anyhow::Result<i64> {
    let valid_slug = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_slug {
        bail!("L'identifiant de la plateforme ne contient que des minuscules, des chiffres et des tirets.");
    }
    if name.trim().is_empty() || epcis.is_empty() {
        bail!("Indiquez le nom de la plateforme et au moins un EPCI.");
    }
    for epci in epcis {
        if !platforms::epci_exists(pool, epci).await? {
            bail!("L'EPCI {epci} n'est pas un EPCI des Hauts-de-France.");
        }
    }
    let mut tx = crate::backend::db::begin(pool).await?;
    let id = platforms::create(&mut tx, slug, name.trim(), epcis)
        .await
        .context("creating the platform (is the identifier already used?)")?;
    tx.commit().await?;
    Ok(id)
}

/// Creates a partner organisation on a platform.
pub async fn create_partner_org(
    pool: &Pool,
    platform_slug: &str,
    kind: &str,
    name: &str,
) -> anyhow::Result<i64> {
    let Some(kind) = PartnerKind::from_code(kind) else {
        let kinds: Vec<&str> = PartnerKind::ALL.iter().map(|k| k.code()).collect();
        bail!(
            "Type d'organisation inconnu : {kind} (possibles : {}).",
            kinds.join(", ")
        );
    };
    let platform = platforms::list(pool)
        .await?
        .into_iter()
        .find(|p| p.slug == platform_slug)
        .with_context(|| format!("Aucune plateforme « {platform_slug} »."))?;
    let mut tx = crate::backend::db::begin(pool).await?;
    let id = platforms::create_partner_org(&mut tx, platform.id, kind, name.trim())
        .await
        .context("creating the organisation (is the name already used on this platform?)")?;
    tx.commit().await?;
    Ok(id)
}
