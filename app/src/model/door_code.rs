//! The short code of a registration, shown under its QR code: what staff
//! type at the door when there is no camera (or no JavaScript).
//!
//! Six characters from an alphabet without look-alikes (no 0/O, 1/I/L), so
//! that a code read aloud or typed on a phone keyboard comes out right.

/// The characters a code is made of.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// How many characters a code has.
pub const LENGTH: usize = 6;

/// The code as typed or scanned, normalised: case, spaces and dashes do
/// not matter, and a scanned link (`…/pointage?code=K7P3QX`) gives its
/// code. `None` when it cannot be a code.
pub fn normalize(input: &str) -> Option<String> {
    let input = input.trim();
    let tail = match input.rsplit_once("code=") {
        Some((_, tail)) => tail.split(['&', '#']).next().unwrap_or(tail),
        None => input,
    };
    let code: String = tail
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The code as printed: two groups of three (`K7P-3QX`).
pub fn display(code: &str) -> String {
    if code.len() == LENGTH && code.is_ascii() {
        format!("{}-{}", &code[..3], &code[3..])
    } else {
        code.to_owned()
    }
}

/// The check-in address a code's QR code holds: a phone's own camera app
/// opens it on the check-in page with the code filled in.
pub fn check_in_path(event_id: i64, code: &str) -> String {
    format!("/equipe/evenements/{event_id}/pointage?code={code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_codes_are_forgiven_case_spaces_and_dashes() {
        assert_eq!(normalize("k7p-3qx").as_deref(), Some("K7P3QX"));
        assert_eq!(normalize(" K7P 3QX ").as_deref(), Some("K7P3QX"));
        assert_eq!(normalize("K7P3QX").as_deref(), Some("K7P3QX"));
    }

    #[test]
    fn look_alikes_and_wrong_lengths_are_not_codes() {
        assert_eq!(normalize("K7P3Q0"), None, "0 is not in the alphabet");
        assert_eq!(normalize("K7P3QI"), None, "I is not in the alphabet");
        assert_eq!(normalize("K7P3Q"), None);
        assert_eq!(normalize("K7P3QXX"), None);
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("<script>"), None);
    }

    #[test]
    fn a_scanned_link_gives_its_code() {
        let link = format!("https://portail.example{}", check_in_path(12, "K7P3QX"));
        assert_eq!(normalize(&link).as_deref(), Some("K7P3QX"));
        assert_eq!(
            normalize("https://x/p?code=k7p3qx&y=1").as_deref(),
            Some("K7P3QX")
        );
    }

    #[test]
    fn printed_in_two_groups() {
        assert_eq!(display("K7P3QX"), "K7P-3QX");
        assert_eq!(normalize(&display("K7P3QX")).as_deref(), Some("K7P3QX"));
    }
}
