//! Secret tokens for links and sessions: 256 random bits, of which only a
//! SHA-256 is stored, so that a leaked table opens nothing.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new token (for the link or cookie) and its hash (for the database).
pub fn new_token() -> (String, String) {
    let token = random_hex(32);
    let hash = hash(&token);
    (token, hash)
}

/// `bytes` random bytes as hexadecimal (twice as many characters).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hashed() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(hash(&a), ha);
        assert_ne!(a, ha);
    }
}
