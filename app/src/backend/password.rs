//! Password hashing with Argon2id, on the blocking pool (it is CPU-heavy).

use anyhow::anyhow;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use tokio::sync::Semaphore;

/// Hashes computed at once. Each Argon2id hash takes 19 MiB and a core for
/// tens of milliseconds: without a bound, a burst of sign-ins takes the
/// server's memory; with it, they wait their turn.
const HASHES_AT_ONCE: usize = 2;

static HASHING: Semaphore = Semaphore::const_new(HASHES_AT_ONCE);

/// Runs one hashing job once a slot is free.
async fn bounded<T: Send + 'static>(
    job: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| anyhow!("hashing slots closed: {e}"))?;
    tokio::task::spawn_blocking(job).await?
}

/// Hashes a password (Argon2id, default OWASP parameters, random salt).
pub async fn hash(password: String) -> anyhow::Result<String> {
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow!("hashing failed: {e}"))
    })
    .await
}

/// A hash that no password matches, verified when the e-mail is unknown so
/// that the answer takes as long as for a known one.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3D0TqJ4/m3S9oU1s3D8Wb7b0yqGXm8n7m3nMvCTe0yQ";

/// Checks a password against a stored hash (or against a dummy hash when
/// `stored` is `None`, returning `false`).
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    bounded(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let parsed =
            PasswordHash::new(&stored).map_err(|e| anyhow!("stored hash unreadable: {e}"))?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && known)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let h = hash("un mot de passe long".into()).await.expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("un mot de passe long".into(), Some(h.clone()))
            .await
            .expect("verify"));
        assert!(!verify("un autre".into(), Some(h)).await.expect("verify"));
    }

    #[tokio::test]
    async fn unknown_account_never_matches() {
        assert!(!verify("x".into(), None).await.expect("verify dummy"));
    }
}
