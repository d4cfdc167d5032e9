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

    /// The key as 64 hex characters (for `prochemploi gen-key`).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// A key from 64 hex characters.
    pub fn from_hex(text: &str) -> anyhow::Result<SecretKey> {
        let bytes = hex::decode(text.trim()).context("the key must be 64 hex characters")?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| anyhow!("the key must be 64 hex characters (32 bytes)"))?;
        Ok(SecretKey(bytes))
    }

    /// The key of an existing key file.
    pub fn read_file(path: &std::path::Path) -> anyhow::Result<SecretKey> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the key file {}", path.display()))?;
        SecretKey::from_hex(&text)
    }

    /// The key of a key file, created (readable by its owner only) when
    /// missing (demo mode).
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

/// The process's key (for the key rotation, which starts from it).
pub fn current_key() -> SecretKey {
    key().clone()
}

/// Encrypts `plain` under the process's key: hex of nonce and ciphertext.
pub fn seal(plain: &[u8]) -> anyhow::Result<String> {
    seal_with(key(), plain)
}

fn seal_with(key: &SecretKey, plain: &[u8]) -> anyhow::Result<String> {
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key.0));
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), plain)
        .map_err(|_| anyhow!("sealing failed"))?;
    Ok(hex::encode([nonce.as_slice(), &sealed].concat()))
}

/// Decrypts what [`seal`] made with the same key.
pub fn open(sealed: &str) -> anyhow::Result<Vec<u8>> {
    open_with(key(), sealed)
}

fn open_with(key: &SecretKey, sealed: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = hex::decode(sealed).context("sealed text is not hex")?;
    if bytes.len() < 12 {
        return Err(anyhow!("sealed text too short"));
    }
    let (nonce, body) = bytes.split_at(12);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key.0));
    cipher
        .decrypt(Nonce::from_slice(nonce), body)
        .map_err(|_| anyhow!("sealed text does not open with this server's key"))
}

/// What starts an encrypted field in the database.
const FIELD_PREFIX: &str = "enc1:";
/// What starts an encrypted file (CVs).
const FILE_MAGIC: &[u8] = b"PEENC1";

/// A sensitive field as stored: empty stays empty (so that "has priority
/// boxes" stays countable), anything else sealed under the key.
pub fn seal_field(plain: &str) -> anyhow::Result<String> {
    if plain.is_empty() {
        return Ok(String::new());
    }
    Ok(format!("{FIELD_PREFIX}{}", seal(plain.as_bytes())?))
}

/// A stored field as read: sealed ones opened, older plain ones as they
/// are; one that no longer opens reads as a marker, never as an error page.
pub fn open_field(stored: &str) -> String {
    let Some(sealed) = stored.strip_prefix(FIELD_PREFIX) else {
        return stored.to_owned();
    };
    match open(sealed).map(String::from_utf8) {
        Ok(Ok(plain)) => plain,
        _ => {
            tracing::error!("an encrypted field does not open with this server's key");
            "[illisible]".to_owned()
        }
    }
}

/// Whether a stored field is sealed.
pub fn is_sealed_field(stored: &str) -> bool {
    stored.starts_with(FIELD_PREFIX)
}

/// A file's bytes as stored: a magic header, nonce and ciphertext.
pub fn seal_file(plain: &[u8]) -> anyhow::Result<Vec<u8>> {
    seal_file_with(key(), plain)
}

fn seal_file_with(key: &SecretKey, plain: &[u8]) -> anyhow::Result<Vec<u8>> {
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key.0));
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), plain)
        .map_err(|_| anyhow!("sealing failed"))?;
    Ok([FILE_MAGIC, nonce.as_slice(), &sealed].concat())
}

/// A stored file's bytes opened (older plain files as they are).
pub fn open_file(stored: &[u8]) -> anyhow::Result<Vec<u8>> {
    open_file_with(key(), stored)
}

fn open_file_with(key: &SecretKey, stored: &[u8]) -> anyhow::Result<Vec<u8>> {
    let Some(rest) = stored.strip_prefix(FILE_MAGIC) else {
        return Ok(stored.to_vec());
    };
    if rest.len() < 12 {
        return Err(anyhow!("sealed file too short"));
    }
    let (nonce, body) = rest.split_at(12);
    ChaCha20Poly1305::new(Key::from_slice(&key.0))
        .decrypt(Nonce::from_slice(nonce), body)
        .map_err(|_| anyhow!("the file does not open with this key"))
}

/// Re-encryption from one key to another (the key rotation command).
pub struct Rotation {
    pub old: SecretKey,
    pub new: SecretKey,
}

impl Rotation {
    /// A field sealed (or plain) under the old key, sealed under the new.
    pub fn field(&self, stored: &str) -> anyhow::Result<String> {
        let plain = match stored.strip_prefix(FIELD_PREFIX) {
            Some(sealed) => String::from_utf8(open_with(&self.old, sealed)?)?,
            None => stored.to_owned(),
        };
        if plain.is_empty() {
            return Ok(String::new());
        }
        Ok(format!(
            "{FIELD_PREFIX}{}",
            seal_with(&self.new, plain.as_bytes())?
        ))
    }

    /// Whether a stored field already opens with the new key (a rotation
    /// run again after an interruption).
    pub fn field_is_new(&self, stored: &str) -> bool {
        stored
            .strip_prefix(FIELD_PREFIX)
            .is_some_and(|s| open_with(&self.new, s).is_ok())
    }

    /// Whether sealed text already opens with the new key.
    pub fn sealed_is_new(&self, sealed: &str) -> bool {
        open_with(&self.new, sealed).is_ok()
    }

    /// Whether a stored file already opens with the new key.
    pub fn file_is_new(&self, stored: &[u8]) -> bool {
        stored.starts_with(FILE_MAGIC) && open_file_with(&self.new, stored).is_ok()
    }

    /// Text sealed with [`seal`] under the old key, sealed under the new.
    pub fn sealed(&self, sealed: &str) -> anyhow::Result<String> {
        seal_with(&self.new, &open_with(&self.old, sealed)?)
    }

    /// A file sealed (or plain) under the old key, sealed under the new.
    pub fn file(&self, stored: &[u8]) -> anyhow::Result<Vec<u8>> {
        seal_file_with(&self.new, &open_file_with(&self.old, stored)?)
    }
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

    #[test]
    fn fields_and_files_are_sealed_and_rotate() {
        assert_eq!(seal_field("").expect("empty"), "");
        let phone = seal_field("06 12 34 56 78").expect("seal");
        assert!(is_sealed_field(&phone) && !phone.contains("06 12"));
        assert_eq!(open_field(&phone), "06 12 34 56 78");
        assert_eq!(open_field("plain"), "plain");
        let rotation = Rotation {
            old: key().clone(),
            new: SecretKey::random(),
        };
        let moved = rotation.field(&phone).expect("rotate");
        assert_eq!(open_field(&moved), "[illisible]");
        assert_eq!(
            open_with(&rotation.new, moved.trim_start_matches(FIELD_PREFIX)).expect("open"),
            b"06 12 34 56 78"
        );
        let file = seal_file(b"%PDF-1.4").expect("file");
        assert!(file.starts_with(FILE_MAGIC));
        assert_eq!(open_file(&file).expect("open"), b"%PDF-1.4");
        assert_eq!(open_file(b"%PDF-1.4").expect("plain"), b"%PDF-1.4");
        let moved = rotation.file(&file).expect("rotate file");
        assert!(open_file(&moved).is_err());
        assert_eq!(
            open_file_with(&rotation.new, &moved).expect("new"),
            b"%PDF-1.4"
        );
    }
}
