//! The site's files (the client under `/pkg`, the favicon, the logos)
//! served straight from disk, before and outside the pages' middleware:
//! no per-request work beyond finding the file. Files compressed at build
//! (`.br`, `.gz`) are sent as they are to browsers that accept them;
//! content-named files (`frontend.<hash>.wasm`) are cached for a year,
//! the others revalidated with their date.

use std::path::Path;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use http::header::{self, HeaderValue};
use tower_http::services::ServeDir;

/// Whether a file name carries its content's hash (`frontend.<16 hex>.ext`).
fn content_named(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.split('.');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(_), Some(hash), Some(_), None)
            if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    )
}

/// The caching rule of a static file, by its name.
async fn cache_rule(request: Request, next: Next) -> Response {
    let immutable = content_named(request.uri().path());
    let mut response = next.run(request).await;
    // Pages carry their own rule (`no-store`); files get theirs here.
    let file = !response.headers().contains_key(header::CACHE_CONTROL);
    if file
        && (response.status().is_success() || response.status() == http::StatusCode::NOT_MODIFIED)
    {
        let rule = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "public, no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(rule));
    }
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The site's files in front of `pages`: a file of the site root answers,
/// anything else (every page, every server function) goes to `pages`.
pub fn in_front_of(site_root: &Path, pages: Router) -> Router {
    let files = ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .call_fallback_on_method_not_allowed(true)
        .fallback(pages);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(cache_rule))
}

#[cfg(test)]
mod tests {
    use super::content_named;

    #[test]
    fn content_named_files_are_told_apart() {
        assert!(content_named("/pkg/frontend.0123456789abcdef.wasm"));
        assert!(!content_named("/pkg/frontend.css"));
        assert!(!content_named("/favicon.svg"));
        assert!(!content_named("/pkg/frontend.0123456789abcdeg.js"));
    }
}
