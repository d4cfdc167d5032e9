//! The secrets in an e-mail's links (the 64-hex-character tokens of
//! invitation, cancel, answer, extend and reset links): taken out of the
//! body before it is stored, sealed with the server's key, put back only
//! when the message is sent.

use crate::backend::secrets;

/// What stands in the stored body for the secret of rank `n`.
fn placeholder(n: usize) -> String {
    format!("[[lien:{n}]]")
}

/// What the mail log shows in place of a secret.
pub const MASK: &str = "[lien personnel masqué]";

/// The body with its tokens replaced by placeholders, and the tokens
/// sealed (none when the body has no token).
pub fn take_out(body: &str) -> anyhow::Result<(String, Option<String>)> {
    let mut tokens: Vec<String> = Vec::new();
    let mut out = String::with_capacity(body.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String, tokens: &mut Vec<String>| {
        if run.len() == 64 {
            out.push_str(&placeholder(tokens.len()));
            tokens.push(std::mem::take(run));
        } else {
            out.push_str(run);
            run.clear();
        }
    };
    for c in body.chars() {
        if c.is_ascii_hexdigit() && !c.is_ascii_uppercase() {
            run.push(c);
        } else {
            flush(&mut run, &mut out, &mut tokens);
            out.push(c);
        }
    }
    flush(&mut run, &mut out, &mut tokens);
    if tokens.is_empty() {
        return Ok((out, None));
    }
    let sealed = secrets::seal(serde_json::to_string(&tokens)?.as_bytes())?;
    Ok((out, Some(sealed)))
}

/// The body as sent: placeholders replaced by the unsealed tokens.
pub fn put_back(body: &str, sealed: Option<&str>) -> anyhow::Result<String> {
    let Some(sealed) = sealed else {
        return Ok(body.to_owned());
    };
    let tokens: Vec<String> = serde_json::from_slice(&secrets::open(sealed)?)?;
    let mut out = body.to_owned();
    for (n, token) in tokens.iter().enumerate() {
        out = out.replace(&placeholder(n), token);
    }
    Ok(out)
}

/// The body as the mail log shows it: secrets masked.
pub fn masked(body: &str) -> String {
    let mut out = body.to_owned();
    while let Some(start) = out.find("[[lien:") {
        let Some(len) = out[start..].find("]]") else {
            break;
        };
        out.replace_range(start..start + len + 2, MASK);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_leave_the_body_and_come_back() {
        let a = "a".repeat(64);
        let b = "0123456789abcdef".repeat(4);
        let body =
            format!("Lien : https://x.fr/invitation/{a}\nAutre : https://x.fr/l/{b}?x=1 fin 2026");
        let (stored, sealed) = take_out(&body).expect("take out");
        assert!(!stored.contains(&a) && !stored.contains(&b));
        let sealed = sealed.expect("sealed");
        assert!(!sealed.contains(&a));
        assert_eq!(put_back(&stored, Some(&sealed)).expect("put back"), body);
        let shown = masked(&stored);
        assert!(shown.contains("https://x.fr/invitation/[lien personnel masqué]"));
        assert!(!shown.contains("[[lien"));
    }

    #[test]
    fn bodies_without_tokens_are_kept_as_they_are() {
        let (stored, sealed) = take_out("Bonjour, offre 12345 du 2026").expect("take out");
        assert_eq!(stored, "Bonjour, offre 12345 du 2026");
        assert!(sealed.is_none());
    }
}
