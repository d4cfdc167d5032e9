//! Pages leave out Leptos's empty hydration data. Leptos ends every page,
//! after `</html>`, with two inline scripts that declare the data its
//! hydration reads (`__RESOLVED_RESOURCES=[];…` and
//! `__INCOMPLETE_CHUNKS=[];`). On the portal's pages they are empty: the
//! pages hydrate islands only, and the loader (`frontend/client.js`)
//! declares the same empty lists before it starts the WebAssembly client.
//!
//! They are not free: parser-blocking scripts at the end of the page made a
//! first visit 40-100 ms later at DOMContentLoaded in Chromium with the CPU
//! slowed 4x, in five runs out of six (the page's own bytes served alone,
//! 15-31 visits each, 2026-12-03; see the README). When they carry data (a
//! resource resolved on the server), they stay.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE};

/// What the two scripts hold when there is no data (`hydration_context`'s
/// first chunk with nothing resolved, then its list of unfinished chunks).
const EMPTY_DATA: [&str; 2] = [
    "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];",
    "__INCOMPLETE_CHUNKS=[];",
];

/// The length of `page` without the empty hydration scripts that follow its
/// `</html>`; `None` when it does not end with exactly them.
pub fn without_empty_data(page: &[u8]) -> Option<usize> {
    const END: &[u8] = b"</html>";
    let end = page.windows(END.len()).rposition(|w| w == END)? + END.len();
    let mut rest = &page[end..];
    for data in EMPTY_DATA {
        rest = script(rest, data.as_bytes())?;
    }
    rest.is_empty().then_some(end)
}

/// What follows `<script>` or `<script nonce="…">` holding exactly `data`
/// at the start of `text`.
fn script<'a>(text: &'a [u8], data: &[u8]) -> Option<&'a [u8]> {
    let text = text.strip_prefix(b"<script")?;
    let text = match text.strip_prefix(b" nonce=\"") {
        Some(nonce) => {
            let len = nonce.iter().position(|b| *b == b'"')?;
            let valid = nonce[..len]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"-_+/=".contains(b));
            if !valid {
                return None;
            }
            &nonce[len + 1..]
        }
        None => text,
    };
    text.strip_prefix(b">")?
        .strip_prefix(data)?
        .strip_prefix(b"</script>")
}

/// The middleware: trims an uncompressed HTML page's empty hydration data.
pub async fn trim(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if !html || response.headers().contains_key(CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => return crate::server_error(),
    };
    let bytes = match without_empty_data(&bytes) {
        Some(len) => {
            parts.headers.remove(CONTENT_LENGTH);
            bytes.slice(..len)
        }
        None => bytes,
    };
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::without_empty_data;

    const PAGE: &str = "<!DOCTYPE html><html><body><p>x</p></body></html>";
    const DATA: &str = "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];";

    #[test]
    fn the_empty_data_goes() {
        let nonce = format!(
            "{PAGE}<script nonce=\"I_xvthC3J5y-u05_-QaR_g\">{DATA}</script><script nonce=\"I_xvthC3J5y-u05_-QaR_g\">__INCOMPLETE_CHUNKS=[];</script>"
        );
        assert_eq!(without_empty_data(nonce.as_bytes()), Some(PAGE.len()));
        let plain =
            format!("{PAGE}<script>{DATA}</script><script>__INCOMPLETE_CHUNKS=[];</script>");
        assert_eq!(without_empty_data(plain.as_bytes()), Some(PAGE.len()));
    }

    #[test]
    fn data_and_anything_else_stay() {
        let resolved = DATA.replace("__RESOLVED_RESOURCES=[]", "__RESOLVED_RESOURCES=[\"1\",]");
        let incomplete = "__INCOMPLETE_CHUNKS=[3,];";
        for tail in [
            format!("<script>{resolved}</script><script>__INCOMPLETE_CHUNKS=[];</script>"),
            format!("<script>{DATA}</script><script>{incomplete}</script>"),
            format!("<script>{DATA}</script>"),
            format!("<script>{DATA}</script><script>__INCOMPLETE_CHUNKS=[];</script>\n<p>"),
            format!(
                "<script nonce=\"a\"b\">{DATA}</script><script>__INCOMPLETE_CHUNKS=[];</script>"
            ),
            String::new(),
        ] {
            assert_eq!(
                without_empty_data(format!("{PAGE}{tail}").as_bytes()),
                None,
                "{tail}"
            );
        }
        assert_eq!(without_empty_data(b"<p>no end</p>"), None);
    }
}
