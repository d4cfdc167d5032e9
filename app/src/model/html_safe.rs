//! Text that people typed, made safe for the two places of a page where the
//! HTML parser does not treat it as ordinary text: the `<title>` and the
//! JSON of a `<script type="application/ld+json">`.

/// The JSON of `value`, with `<`, `>` and `&` written as `\u003c`, `\u003e`
/// and `\u0026`: still the same JSON for any parser, but it can never close
/// the `<script>` element nor open an HTML comment inside it.
pub fn script_json(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// `text` escaped for an HTML element's content (`&`, `<`, `>`), for the
/// page title the server writes into `<head>` as it is.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_json_cannot_leave_the_script_and_parses_back() {
        let value = json!({"description": "a <!-- b </script><script>alert(1)</script> & c"});
        let out = script_json(&value);
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn titles_are_escaped() {
        assert_eq!(
            escape_html("</title><script>x</script> & co"),
            "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &amp; co"
        );
    }
}
