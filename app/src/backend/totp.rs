//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps,
//! 6 digits), the codes authenticator apps show, and the Base32 text of
//! their secrets.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

/// Seconds per code.
pub const STEP_SECS: i64 = 30;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new random secret (160 bits), as Base32 text.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    base32(&bytes)
}

/// Base32 (RFC 4648, no padding).
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes Base32 (spaces and case ignored); `None` when not Base32.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let c = c.to_ascii_uppercase() as u8;
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The code of a secret at a time step.
pub fn code_at(secret: &[u8], step: i64) -> Option<String> {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).ok()?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let number = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    Some(format!("{:06}", number % 1_000_000))
}

/// The step of a code typed at `now` (one step of clock drift either way
/// accepted), if it matches.
pub fn matching_step(secret_base32: &str, typed: &str, now: i64) -> Option<i64> {
    let typed: String = typed.chars().filter(char::is_ascii_digit).collect();
    if typed.len() != 6 {
        return None;
    }
    let secret = from_base32(secret_base32)?;
    let current = now.div_euclid(STEP_SECS);
    (current - 1..=current + 1)
        .find(|step| code_at(&secret, *step).as_deref() == Some(typed.as_str()))
}

/// The `otpauth://` address an authenticator app reads (as a QR code or
/// typed), for an account.
pub fn otpauth_uri(secret_base32: &str, account: &str) -> String {
    let label: String = account
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => {
                char::from(b).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect();
    format!("otpauth://totp/Proch%27Emploi:{label}?secret={secret_base32}&issuer=Proch%27Emploi&digits=6&period=30")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_test_vectors() {
        // RFC 6238, appendix B (SHA-1, 8 digits shown; 6 digits are the
        // last six).
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59 / 30).as_deref(), Some("287082"));
        assert_eq!(
            code_at(secret, 1_111_111_109 / 30).as_deref(),
            Some("081804")
        );
        assert_eq!(
            code_at(secret, 2_000_000_000 / 30).as_deref(),
            Some("279037")
        );
    }

    #[test]
    fn base32_round_trips_and_codes_match_with_drift() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        let bytes = from_base32(&secret).expect("base32");
        assert_eq!(base32(&bytes), secret);
        let now = 1_800_000_000;
        let code = code_at(&bytes, now / 30 - 1).expect("code");
        assert_eq!(matching_step(&secret, &code, now), Some(now / 30 - 1));
        assert_eq!(matching_step(&secret, "000000x", now), None);
        assert!(otpauth_uri(&secret, "a@b.fr")
            .starts_with("otpauth://totp/Proch%27Emploi:a%40b.fr?secret="));
    }
}
