//! Password hashing with Argon2id, on two dedicated threads (it is
//! CPU-heavy and takes 19 MiB a hash).

use anyhow::anyhow;
use std::cell::RefCell;

use argon2::password_hash::{
    self, rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString,
};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

thread_local! {
    /// The hashing thread's Argon2 memory, allocated once and reused by
    /// every hash: allocating 19 MiB per hash left the allocator holding
    /// more memory at each burst.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The raw Argon2 output of a password and salt, in the thread's memory.
fn compute(argon: &Argon2, password: &[u8], salt: Salt, len: usize) -> anyhow::Result<Output> {
    let mut salt_buffer = [0u8; 64];
    let salt = salt
        .decode_b64(&mut salt_buffer)
        .map_err(|e| anyhow!("salt unreadable: {e}"))?;
    let blocks = argon.params().block_count();
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        Output::init_with(len, |out| {
            argon
                .hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
                .map_err(|_| password_hash::Error::Password)
        })
        .map_err(|e| anyhow!("hashing failed: {e}"))
    })
}

/// Hashes a password (Argon2id, default OWASP parameters, random salt),
/// as a PHC string.
pub async fn hash(password: String) -> anyhow::Result<String> {
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        let argon = Argon2::default();
        let output = compute(
            &argon,
            password.as_bytes(),
            salt.as_salt(),
            Params::DEFAULT_OUTPUT_LEN,
        )?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(argon.params())
                .map_err(|e| anyhow!("parameters: {e}"))?,
            salt: Some(salt.as_salt()),
            hash: Some(output),
        };
        Ok(phc.to_string())
    })
    .await
}

/// A hash that no password matches, verified when the e-mail is unknown so
/// that the answer takes as long as for a known one.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3D0TqJ4/m3S9oU1s3D8Wb7b0yqGXm8n7m3nMvCTe0yQ";

/// Checks a password against a stored hash (or against a dummy hash when
/// `stored` is `None`, returning `false`), with the stored parameters.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    bounded(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let parsed =
            PasswordHash::new(&stored).map_err(|e| anyhow!("stored hash unreadable: {e}"))?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(anyhow!("stored hash without salt or output"));
        };
        let algorithm =
            Algorithm::try_from(parsed.algorithm).map_err(|e| anyhow!("algorithm: {e}"))?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()
            .map_err(|e| anyhow!("version: {e}"))?
            .unwrap_or_default();
        let params = Params::try_from(&parsed).map_err(|e| anyhow!("parameters: {e}"))?;
        let argon = Argon2::new(algorithm, version, params);
        let computed = compute(&argon, password.as_bytes(), salt, expected.len())?;
        // `Output` compares in constant time.
        Ok(computed == expected && known)
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
    async fn hashes_read_the_same_as_the_argon2_crate() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"phrase de passe commune", &salt)
            .expect("hash")
            .to_string();
        assert!(verify("phrase de passe commune".into(), Some(theirs))
            .await
            .expect("verify"));
        let ours = hash("phrase de passe commune".into()).await.expect("hash");
        let parsed = PasswordHash::new(&ours).expect("PHC string");
        assert!(Argon2::default()
            .verify_password(b"phrase de passe commune", &parsed)
            .is_ok());
    }

    #[tokio::test]
    async fn unknown_account_never_matches() {
        assert!(!verify("x".into(), None).await.expect("verify dummy"));
    }
}
