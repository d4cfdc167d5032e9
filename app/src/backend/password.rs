//! Password hashing with Argon2id, on the blocking pool (it is CPU-heavy).

use anyhow::anyhow;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// Hashes a password (Argon2id, default OWASP parameters, random salt).
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow!("hashing failed: {e}"))
    })
    .await?
}

/// A hash that no password matches, verified when the e-mail is unknown so
/// that the answer takes as long as for a known one.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3D0TqJ4/m3S9oU1s3D8Wb7b0yqGXm8n7m3nMvCTe0yQ";

/// Checks a password against a stored hash (or against a dummy hash when
/// `stored` is `None`, returning `false`).
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let parsed =
            PasswordHash::new(&stored).map_err(|e| anyhow!("stored hash unreadable: {e}"))?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && known)
    })
    .await?
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
