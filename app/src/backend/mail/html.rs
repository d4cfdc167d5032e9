//! The HTML version of an e-mail, sent next to its text when the funder's
//! logo is set (mail programs show an image only in HTML): the same words,
//! escaped, links made clickable, the logo at the foot.

use crate::model::html_safe::escape_html;

/// Text escaped for HTML content and quoted attributes.
fn escape(text: &str) -> String {
    escape_html(text).replace('"', "&quot;")
}

/// One line, its `http(s)://` addresses as links.
fn line(text: &str) -> String {
    let mut out = String::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("https://") || word.starts_with("http://") {
            let trimmed = word.trim_end_matches(['.', ',', ')', ';']);
            let rest = &word[trimmed.len()..];
            let href = escape(trimmed);
            out.push_str(&format!("<a href=\"{href}\">{href}</a>{}", escape(rest)));
        } else {
            out.push_str(&escape(word));
        }
    }
    out
}

/// The HTML of a text e-mail with the funder's logo (`cid`: the inline
/// image's content id) and its name as text alternative.
pub fn with_logo(text: &str, cid: &str, funder: &str) -> String {
    let body = text.lines().map(line).collect::<Vec<_>>().join("<br>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family: Arial, sans-serif; font-size: 15px; line-height: 1.5; color: #1b1f24\">\n\
         <p>{body}</p>\n<p><img src=\"cid:{cid}\" alt=\"{}\" style=\"max-width: 180px; height: auto\"></p>\n\
         </body></html>\n",
        escape(funder)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_escaped_links_clickable_and_the_logo_named() {
        let html = with_logo(
            "Bonjour <Awa> & co,\nVoir : https://portail.example/a?b=1&c=2.\n--",
            "logo",
            "Région Hauts-de-France",
        );
        assert!(html.contains("Bonjour &lt;Awa&gt; &amp; co,<br>"));
        assert!(html.contains(
            "<a href=\"https://portail.example/a?b=1&amp;c=2\">https://portail.example/a?b=1&amp;c=2</a>."
        ));
        assert!(html.contains("<img src=\"cid:logo\" alt=\"Région Hauts-de-France\""));
        assert!(!html.contains("<Awa>"));
    }
}
