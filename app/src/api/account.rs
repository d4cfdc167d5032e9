//! Signing in and out, and company sign-up.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CurrentUser, SignupOptions};

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::mail::{account_templates, outbox},
    crate::backend::repo::{platforms, reference, sessions, users},
    crate::backend::{account_life, company_claims, password, sign_in, throttle},
    crate::error::FormErrors,
    crate::model::validate::{normalise_email, SignupForm},
};

/// The signed-in user, or `None`.
#[server(endpoint = "get_current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    super::run(auth::current_user()).await
}

/// What the sign-up form offers: platforms, sectors, communes.
#[server(endpoint = "signup_choices")]
pub async fn signup_choices() -> Result<SignupOptions, AppError> {
    super::run(async {
        let state = auth::state()?;
        Ok(SignupOptions {
            platforms: platforms::list(&state.pool).await?,
            naf: reference::naf_divisions().to_vec(),
            communes: reference::all_platform_communes(&state.pool).await?,
        })
    })
    .await
}

/// A path on this site to go back to after signing in (never another
/// site): an absolute path of printable ASCII without backslash, whose
/// first segment is not empty (`//host` and `/\thost` are other sites to a
/// browser, which drops tabs and line breaks before reading a URL).
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?;
    let printable = next
        .bytes()
        .all(|b| (0x21..0x7f).contains(&b) && b != b'\\');
    let rest = next.strip_prefix('/')?;
    (printable && !rest.starts_with('/') && next.len() <= 512).then(|| next.to_owned())
}

/// Opens a new session (a new token at every sign-in) and sends the cookie.
#[cfg(feature = "ssr")]
pub(crate) async fn open_session(user_id: i64) -> Result<CurrentUser, AppError> {
    let state = auth::state()?;
    if let Some(old) = auth::session_token() {
        sessions::delete(&state.pool, &old).await?;
    }
    let token =
        sessions::create(&state.pool, user_id, state.settings.session_lifetime_secs).await?;
    auth::send_session_cookie(&token, &state);
    users::current_user(&state.pool, user_id)
        .await?
        .ok_or(AppError::Internal)
}

/// Company sign-ups: 5 an hour from one client address.
#[cfg(feature = "ssr")]
const SIGNUP_PER_ADDRESS: throttle::Limit = throttle::Limit {
    max: 5,
    window_secs: 3600,
};

/// Signs in with e-mail and password, then goes to `next` or the role's home.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let email = normalise_email(&email);
        let refuse = |message: &str| {
            let mut e = FormErrors::new().keep("email", &email);
            e.add("password", message);
            AppError::Invalid(e)
        };
        if email.is_empty() || password.is_empty() {
            return Err(refuse(
                "Indiquez votre adresse e-mail et votre mot de passe.",
            ));
        }
        let ip = crate::backend::client::client_ip();
        let id = match sign_in::check(&state, ip, &email, password).await? {
            Ok(id) => id,
            Err(sign_in::Refusal::Wrong) => {
                return Err(refuse("Adresse e-mail ou mot de passe incorrect."))
            }
            Err(sign_in::Refusal::Unconfirmed) => {
                return Err(refuse(
                    "Confirmez d'abord votre adresse : suivez le lien de l'e-mail que nous vous avons envoyé à l'inscription.",
                ))
            }
            Err(sign_in::Refusal::Locked(secs)) => return Err(AppError::TooMany(secs)),
        };
        let next = safe_next(next.as_deref());
        let role = users::current_user(&state.pool, id)
            .await?
            .ok_or(AppError::Internal)?
            .role;
        if crate::backend::two_factor::required(role) {
            let token = crate::backend::two_factor::begin(&state, id, next.as_deref()).await?;
            auth::send_cookie(
                super::two_factor::MFA_COOKIE,
                &token,
                crate::backend::two_factor::CHALLENGE_SECS,
                &state,
            );
            leptos_axum::redirect("/connexion/code");
            return Ok(());
        }
        let user = open_session(id).await?;
        let to = next.unwrap_or_else(|| user.home_path().to_owned());
        leptos_axum::redirect(&to);
        Ok(())
    })
    .await
}

/// Ends the session.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    super::run(async {
        let state = auth::state()?;
        if let Some(token) = auth::session_token() {
            sessions::delete(&state.pool, &token).await?;
        }
        auth::clear_session_cookie(&state);
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// Creates a company and its first account, then signs in.
#[server(endpoint = "signup_company")]
pub async fn signup_company(
    company_name: String,
    siret: String,
    naf_division: String,
    headcount_band: String,
    commune: String,
    platform_id: String,
    full_name: String,
    email: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        // Without a chosen platform, the one whose territory holds the
        // commune: nobody needs to know which platform covers it.
        let mut uncovered = false;
        let platform_id = if platform_id.trim().is_empty() && !commune.trim().is_empty() {
            match reference::platform_of_commune(&state.pool, &commune).await? {
                Some(p) => p.to_string(),
                None => {
                    uncovered = true;
                    platform_id
                }
            }
        } else {
            platform_id
        };
        let form = SignupForm {
            company_name,
            siret,
            naf_division,
            headcount_band,
            commune,
            platform_id,
            full_name,
            email,
            password,
            password_confirm,
        };
        let mut errors = FormErrors::new();
        let checked = form.check(&mut errors, |code| {
            reference::naf_divisions().iter().any(|d| d.code == code)
        });
        // The checks against the database run on every field that can be
        // read, whatever else is wrong: every error comes in one round.
        let mut commune_insee = None;
        let mut claim = None;
        if uncovered {
            errors.add(
                "commune",
                "Aucune plateforme Proch'Emploi ne couvre cette commune : choisissez-la dans la liste proposée, ou choisissez la plateforme la plus proche.",
            );
        }
        let platform = form.platform_id.trim().parse::<i64>().ok();
        let known_platform = match platform {
            Some(p) => platforms::exists(&state.pool, p).await?,
            None => false,
        };
        if platform.is_some() && !known_platform {
            errors.add("platform_id", "Choisissez votre plateforme Proch'Emploi.");
        }
        if let (Some(p), true) = (platform, known_platform) {
            if !form.commune.trim().is_empty() && !errors.fields.contains_key("commune") {
                commune_insee = reference::resolve_commune(&state.pool, p, &form.commune)
                    .await?
                    .map(|c| c.insee);
                if commune_insee.is_none() {
                    errors.add(
                        "commune",
                        "Cette commune n'est pas sur le territoire de la plateforme choisie : choisissez-la dans la liste proposée.",
                    );
                }
            }
            if let Ok(siret) = crate::model::Siret::parse(&form.siret) {
                // Created by the team and with no account yet: the sign-up
                // becomes a claim the team approves.
                claim = company_claims::claimable(&state.pool, p, siret.as_str()).await?;
                if claim.is_none() && users::siret_taken(&state.pool, p, siret.as_str()).await? {
                    errors.add(
                        "siret",
                        "Cette entreprise a déjà un espace sur la plateforme : demandez à l'une des personnes qui y ont accès de vous inviter (« Inviter un collègue », sur la page « Mes offres »), ou contactez l'équipe de la plateforme.",
                    );
                }
            }
        }
        if !form.password.is_empty() && !errors.fields.contains_key("password") {
            if let Some(hint) = crate::backend::password_policy::weakness(
                &form.password,
                &[&form.email, &form.full_name, &form.company_name],
            ) {
                errors.add("password", hint);
            }
        }
        let (Some(c), true) = (checked, errors.is_empty()) else {
            return Err(AppError::Invalid(form.keep_values(errors)));
        };
        let ip = crate::backend::client::client_ip();
        if let Err(wait) = throttle::hit(
            &state.pool,
            &format!("signup:address:{}", crate::backend::client::throttle_key(ip)),
            SIGNUP_PER_ADDRESS,
        )
        .await?
        {
            return Err(AppError::TooMany(wait));
        }
        // The same answer whether the address is known: its owner is told
        // by e-mail instead.
        if users::email_taken(&state.pool, &c.email).await? {
            let mail = account_templates::signup_with_known_address(
                &state.link("/connexion"),
                &state.link("/mot-de-passe-oublie"),
            );
            outbox::send_alone(&state, Some(c.platform_id), &c.email, &mail).await?;
            leptos_axum::redirect("/inscription/verifiez");
            return Ok(());
        }
        let hash = password::hash(c.password.clone()).await?;
        if let Some(company_id) = claim {
            let mut tx = crate::backend::db::begin(&state.pool).await?;
            company_claims::request(&mut tx, &state, company_id, &c.full_name, &c.email, &hash)
                .await?;
            tx.commit().await?;
            state.mail_wake.notify_one();
            leptos_axum::redirect("/inscription/verifiez?demande=1");
            return Ok(());
        }
        let created: sqlx::Result<()> = async {
            let mut tx = crate::backend::db::begin(&state.pool).await?;
            let company_id = users::create_company(
                &mut tx,
                &users::NewCompany {
                    platform_id: c.platform_id,
                    siret: c.siret.as_str(),
                    name: &c.company_name,
                    naf_division: Some(&c.naf_division),
                    headcount_band: Some(&c.headcount_band),
                    commune_insee: commune_insee.as_deref(),
                },
            )
            .await?;
            let token = account_life::create_unconfirmed_company_user(
                &mut tx,
                company_id,
                &c.email,
                &c.full_name,
                &hash,
            )
            .await?;
            let mail = account_templates::confirm_address(
                &state.link(&format!("/inscription/confirmer/{token}")),
            );
            outbox::enqueue(
                &mut tx,
                &outbox::NewMail {
                    platform_id: Some(c.platform_id),
                    to: &c.email,
                    subject: &mail.subject,
                    body: &mail.body,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        match created {
            Ok(_) => {}
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                // A simultaneous sign-up took the e-mail or the SIRET.
                let mut e = FormErrors::new();
                e.add(
                    "email",
                    "Un compte existe déjà pour cette adresse ou cette entreprise : connectez-vous.",
                );
                return Err(AppError::Invalid(form.keep_values(e)));
            }
            Err(e) => return Err(e.into()),
        };
        state.mail_wake.notify_one();
        leptos_axum::redirect("/inscription/verifiez");
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_the_site() {
        assert_eq!(safe_next(Some("/equipe")).as_deref(), Some("/equipe"));
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil")), None);
        assert_eq!(safe_next(None), None);
        assert_eq!(
            safe_next(Some("/%09/evil.example")).as_deref(),
            Some("/%09/evil.example")
        );
        assert_eq!(safe_next(Some("/\t/evil.example")), None);
        assert_eq!(safe_next(Some("/\n/evil.example")), None);
        assert_eq!(safe_next(Some("/ /evil")), None);
        assert_eq!(
            safe_next(Some("/equipe?x=1")).as_deref(),
            Some("/equipe?x=1")
        );
    }
}
