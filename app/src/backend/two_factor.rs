//! Two-factor sign-in for the accounts that read candidates' data (admin,
//! staff, partners, the Région): after the password, a code from an
//! authenticator app (or a single-use recovery code). An account without a
//! secret enrols at its first sign-in: it is shown a new secret and ten
//! recovery codes, and confirms with a first code.

use rand::RngCore;

use super::db::now;
use super::repo::two_factor as store;
use super::secrets;
use super::state::AppState;
use super::token;
use super::totp;
use crate::error::AppError;
use crate::model::{Role, SecondFactorStep};

/// Codes tried per sign-in before it must start again.
const MAX_ATTEMPTS: i64 = 5;
/// How long a sign-in waits for its second factor (enrolment included).
pub const CHALLENGE_SECS: i64 = 15 * 60;
/// Recovery codes given at enrolment.
const RECOVERY_CODES: usize = 10;

/// Whether the role signs in with a second factor.
pub fn required(role: Role) -> bool {
    !matches!(role, Role::Company)
}

/// A recovery code: 8 characters in two groups (no 0/O, 1/I confusion).
fn new_recovery_code() -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    let code: String = bytes
        .iter()
        .map(|b| char::from(CHARS[usize::from(*b) % CHARS.len()]))
        .collect();
    format!("{}-{}", &code[..4], &code[4..])
}

/// The stored form of a recovery code as typed (case and dash ignored).
fn recovery_hash(typed: &str) -> String {
    let normal: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    token::hash(&normal)
}

fn unseal_text(sealed: &str) -> Result<String, AppError> {
    let bytes = secrets::open(sealed)?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

/// Starts the second step of a sign-in; returns the token for its cookie.
pub async fn begin(state: &AppState, user_id: i64, next: Option<&str>) -> Result<String, AppError> {
    Ok(store::create_challenge(&state.pool, user_id, next).await?)
}

async fn live_challenge(state: &AppState, token: &str) -> Result<store::Challenge, AppError> {
    store::challenge(&state.pool, token)
        .await?
        .filter(|c| c.created_at > now() - CHALLENGE_SECS && c.attempts < MAX_ATTEMPTS)
        .ok_or_else(|| {
            AppError::Refused(
                "Cette connexion a expiré : saisissez à nouveau votre adresse et votre mot de passe."
                    .into(),
            )
        })
}

/// What the second step asks: a code, or (first sign-in) the enrolment
/// with its new secret and recovery codes.
pub async fn step(
    state: &AppState,
    token: &str,
    email: impl Fn(i64) -> String,
) -> Result<SecondFactorStep, AppError> {
    let challenge = live_challenge(state, token).await?;
    if store::secret(&state.pool, challenge.user_id)
        .await?
        .is_some()
    {
        return Ok(SecondFactorStep::Code);
    }
    let (secret, codes) = match (
        &challenge.pending_secret_sealed,
        &challenge.pending_codes_sealed,
    ) {
        (Some(s), Some(c)) => {
            let codes: Vec<String> =
                serde_json::from_str(&unseal_text(c)?).map_err(|_| AppError::Internal)?;
            (unseal_text(s)?, codes)
        }
        _ => {
            let secret = totp::new_secret();
            let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
            let codes_json = serde_json::to_string(&codes).map_err(|_| AppError::Internal)?;
            store::set_pending(
                &state.pool,
                token,
                &secrets::seal(secret.as_bytes())?,
                &secrets::seal(codes_json.as_bytes())?,
            )
            .await?;
            (secret, codes)
        }
    };
    let uri = totp::otpauth_uri(&secret, &email(challenge.user_id));
    Ok(SecondFactorStep::Enrol { secret, uri, codes })
}

/// Checks the code typed (or a recovery code); the user's id and where to
/// go next. Enrols the account when this was its first code.
pub async fn verify(
    state: &AppState,
    token: &str,
    typed: &str,
) -> Result<(i64, Option<String>), AppError> {
    let challenge = live_challenge(state, token).await?;
    let attempts = store::count_attempt(&state.pool, token).await?;
    let wrong = || {
        let left = MAX_ATTEMPTS - attempts;
        let message = if left > 0 {
            format!("Ce code n'est pas le bon (ou a déjà servi). Il vous reste {left} essai(s).")
        } else {
            "Ce code n'est pas le bon. Par sécurité, reprenez la connexion depuis le début."
                .to_owned()
        };
        AppError::field("code", &message, "")
    };
    let user_id = challenge.user_id;
    let mut tx = crate::backend::db::begin(&state.pool).await?;
    match store::secret(&state.pool, user_id).await? {
        Some((sealed, _)) => {
            let secret = unseal_text(&sealed)?;
            let ok = match totp::matching_step(&secret, typed, now()) {
                Some(step) => store::use_step(&mut tx, user_id, step).await?,
                None => store::use_recovery_code(&mut tx, user_id, &recovery_hash(typed)).await?,
            };
            if !ok {
                return Err(wrong());
            }
        }
        None => {
            let (Some(secret_sealed), Some(codes_sealed)) = (
                &challenge.pending_secret_sealed,
                &challenge.pending_codes_sealed,
            ) else {
                return Err(wrong());
            };
            let secret = unseal_text(secret_sealed)?;
            let Some(step) = totp::matching_step(&secret, typed, now()) else {
                return Err(wrong());
            };
            let codes: Vec<String> = serde_json::from_str(&unseal_text(codes_sealed)?)
                .map_err(|_| AppError::Internal)?;
            let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
            store::enrol(&mut tx, user_id, secret_sealed, step, &hashes).await?;
        }
    }
    store::delete_challenge(&mut tx, token).await?;
    tx.commit().await?;
    Ok((user_id, challenge.next_path))
}

/// Enrols an account with a known secret (demo accounts), without
/// recovery codes.
pub async fn enrol_with(
    tx: &mut super::db::Tx,
    user_id: i64,
    secret_base32: &str,
) -> Result<(), AppError> {
    store::enrol(
        tx,
        user_id,
        &secrets::seal(secret_base32.as_bytes())?,
        0,
        &[],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_read_the_same_however_typed() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 9);
        assert_eq!(
            recovery_hash(&code),
            recovery_hash(&code.to_lowercase().replace('-', " "))
        );
        assert!(required(Role::Staff) && required(Role::Region) && !required(Role::Company));
    }
}
