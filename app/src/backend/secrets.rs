//! The server's key, and sealing with it: the secrets of e-mailed links
//! wait in the outbox encrypted (ChaCha20-Poly1305), so that neither the
//! database nor the mail log ever holds a usable link.
//!
//! The key is 32 bytes, from `PROCHEMPLOI_SECRET_KEY` (64 hex characters,
//! the same on every instance) or from a key file the server creates on
//! first start; it is installed once per process.

use std::sync::OnceLock;

use anyhow::{anyhow, Context};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;

/// The server's key; never printed.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

impl SecretKey {
    /// A new random key.
    pub fn random() -> SecretKey {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        SecretKey(bytes)
    }

    /// A key from 64 hex characters.
    pub fn from_hex(text: &str) -> anyhow::Result<SecretKey> {
        let bytes = hex::decode(text.trim()).context("the key must be 64 hex characters")?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| anyhow!("the key must be 64 hex characters (32 bytes)"))?;
        Ok(SecretKey(bytes))
    }

    /// The key of a key file, created (readable by its owner only) when
    /// missing.
    pub fn from_file(path: &std::path::Path) -> anyhow::Result<SecretKey> {
        if let Ok(text) = std::fs::read_to_string(path) {
            return SecretKey::from_hex(&text)
                .with_context(|| format!("reading the key file {}", path.display()));
        }
        let key = SecretKey::random();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        write_private(path, &hex::encode(key.0))
            .with_context(|| format!("creating the key file {}", path.display()))?;
        Ok(key)
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

static KEY: OnceLock<SecretKey> = OnceLock::new();

/// Installs the process's key (the first call wins).
pub fn install(key: SecretKey) {
    let _ = KEY.set(key);
}

/// The process's key; a random one if none was installed (tests).
fn key() -> &'static SecretKey {
    KEY.get_or_init(SecretKey::random)
}

/// Encrypts `plain` under the process's key: hex of nonce and ciphertext.
pub fn seal(plain: &[u8]) -> anyhow::Result<String> {
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key().0));
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), plain)
        .map_err(|_| anyhow!("sealing failed"))?;
    Ok(hex::encode([nonce.as_slice(), &sealed].concat()))
}

/// Decrypts what [`seal`] made with the same key.
pub fn open(sealed: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = hex::decode(sealed).context("sealed text is not hex")?;
    if bytes.len() < 12 {
        return Err(anyhow!("sealed text too short"));
    }
    let (nonce, body) = bytes.split_at(12);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key().0));
    cipher
        .decrypt(Nonce::from_slice(nonce), body)
        .map_err(|_| anyhow!("sealed text does not open with this server's key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_and_tampering_fails() {
        let sealed = seal(b"secret").expect("seal");
        assert!(!sealed.contains("secret"));
        assert_eq!(open(&sealed).expect("open"), b"secret");
        let mut tampered = sealed.into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
        assert!(open(&String::from_utf8_lossy(&tampered)).is_err());
        assert!(format!("{:?}", SecretKey::random()).contains('…'));
    }
}
