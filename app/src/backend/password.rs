//! Password hashing with Argon2id, on the blocking pool (it is CPU-heavy).

use anyhow::anyhow;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex, OnceLock};

/// Threads that compute password hashes. Each Argon2id hash takes 19 MiB
/// and a core for tens of milliseconds: a burst of sign-ins waits its turn
/// in their queue instead of taking the server's memory (a fixed pair of
/// threads also keeps the allocator from growing one memory arena per
/// short-lived thread).
const HASHING_THREADS: usize = 2;
/// Jobs waiting beyond this are refused (the server is flooded).
const QUEUE: usize = 1024;

type Job = Box<dyn FnOnce() + Send>;

fn hashing_queue() -> &'static SyncSender<Job> {
    static QUEUE_SENDER: OnceLock<SyncSender<Job>> = OnceLock::new();
    QUEUE_SENDER.get_or_init(|| {
        let (sender, receiver) = sync_channel::<Job>(QUEUE);
        let receiver: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(receiver));
        for n in 0..HASHING_THREADS {
            let receiver = receiver.clone();
            let _ = std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || loop {
                    let job = match receiver.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
        }
        sender
    })
}

/// Runs one hashing job on the hashing threads.
async fn bounded<T: Send + 'static>(
    job: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let (reply, answer) = tokio::sync::oneshot::channel();
    hashing_queue()
        .try_send(Box::new(move || {
            let _ = reply.send(job());
        }))
        .map_err(|_| anyhow!("too many passwords waiting to be checked"))?;
    answer
        .await
        .map_err(|_| anyhow!("the hashing thread stopped"))?
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
