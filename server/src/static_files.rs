//! The site's files (the client under `/pkg`, the favicon, the logos)
//! served before and outside the pages' middleware. They are read once at
//! start into memory (the site root holds a few hundred kilobytes), with
//! their headers made then: a request costs a table lookup. Files compressed
//! at build (`.br`, `.gz`) are sent as they are to browsers that accept
//! them; content-named files (`frontend.<hash>.wasm`) are cached for a
//! year, the others revalidated by their tag or date. A file the table does
//! not hold (added after start, too big, asked for by a byte range) is read
//! from disk.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

/// What the table holds at most: bigger files and any beyond the budget
/// are read from disk for each request.
const MAX_FILE: u64 = 8 << 20;
const MAX_TOTAL: u64 = 64 << 20;
const MAX_FILES: usize = 2_000;

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

fn cache_rule_of(path: &str) -> &'static str {
    if content_named(path) {
        "public, max-age=31536000, immutable"
    } else {
        "public, no-cache"
    }
}

/// One form of a file's content: as it is, or compressed at build.
struct Variant {
    body: Bytes,
    etag: HeaderValue,
    encoding: Option<&'static str>,
}

/// A file and the headers of its answers.
struct SiteFile {
    content_type: HeaderValue,
    cache_control: HeaderValue,
    last_modified: HeaderValue,
    modified: SystemTime,
    plain: Variant,
    br: Option<Variant>,
    gzip: Option<Variant>,
}

/// The site's files by path (`/pkg/client.js`).
#[derive(Clone, Default)]
pub struct SiteFiles {
    files: Arc<HashMap<String, SiteFile>>,
}

fn variant(body: Vec<u8>, tag: &str, encoding: Option<&'static str>) -> Option<Variant> {
    let etag = HeaderValue::from_str(&format!("\"{tag}{}\"", encoding.unwrap_or(""))).ok()?;
    Some(Variant {
        body: Bytes::from(body),
        etag,
        encoding,
    })
}

/// The files of `dir` (and below), within the budget, by their path.
fn walk(root: &Path, dir: &Path, out: &mut HashMap<String, SiteFile>, total: &mut u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            walk(root, &path, out, total);
            continue;
        }
        if name.ends_with(".br") || name.ends_with(".gz") || out.len() >= MAX_FILES {
            continue;
        }
        let Some(url) = path
            .strip_prefix(root)
            .ok()
            .and_then(|p| p.to_str())
            .map(|p| format!("/{}", p.replace('\\', "/")))
        else {
            continue;
        };
        if let Some(file) = load(&path, &url, total) {
            out.insert(url, file);
        }
    }
}

/// Whether a compressed form is older than its file (then it is not
/// served: the file changed after it was made). To the second: `brotli`
/// gives its output the input's time without the fraction of a second.
fn stale(compressed: SystemTime, plain: SystemTime) -> bool {
    let secs = |t: SystemTime| {
        t.duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    };
    secs(compressed) < secs(plain)
}

/// Reads a file and its compressed forms, if they fit in the budget.
fn load(path: &Path, url: &str, total: &mut u64) -> Option<SiteFile> {
    let meta = std::fs::metadata(path).ok()?;
    let compressed = |ext: &str| -> Option<Vec<u8>> {
        let mut p = path.as_os_str().to_owned();
        p.push(ext);
        let m = std::fs::metadata(&p).ok()?;
        if m.len() > MAX_FILE || stale(m.modified().ok()?, meta.modified().ok()?) {
            return None;
        }
        std::fs::read(&p).ok()
    };
    if meta.len() > MAX_FILE || *total + meta.len() > MAX_TOTAL {
        return None;
    }
    let plain = std::fs::read(path).ok()?;
    let br = compressed(".br");
    let gzip = compressed(".gz");
    let size = plain.len() + br.as_ref().map_or(0, Vec::len) + gzip.as_ref().map_or(0, Vec::len);
    if *total + size as u64 > MAX_TOTAL {
        return None;
    }
    *total += size as u64;
    let tag = hex::encode(&Sha256::digest(&plain)[..8]);
    let modified = meta.modified().ok()?;
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    Some(SiteFile {
        content_type: HeaderValue::from_str(mime.as_ref()).ok()?,
        cache_control: HeaderValue::from_static(cache_rule_of(url)),
        last_modified: HeaderValue::from_str(&httpdate::fmt_http_date(modified)).ok()?,
        modified,
        plain: variant(plain, &tag, None)?,
        br: br.and_then(|b| variant(b, &tag, Some("br"))),
        gzip: gzip.and_then(|b| variant(b, &tag, Some("gzip"))),
    })
}

impl SiteFiles {
    /// Reads the site root's files.
    pub fn load(root: &Path) -> SiteFiles {
        let mut files = HashMap::new();
        let mut total = 0;
        walk(root, root, &mut files, &mut total);
        tracing::info!(
            files = files.len(),
            bytes = total,
            "site files kept in memory"
        );
        SiteFiles {
            files: Arc::new(files),
        }
    }
}

/// Whether `Accept-Encoding` accepts an encoding (named, with a weight
/// above zero).
fn accepts(headers: &HeaderMap, encoding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            name.eq_ignore_ascii_case(encoding) && q > 0.0
        })
}

/// Whether the browser's copy is still the file's (`If-None-Match`, else
/// `If-Modified-Since`).
fn still_fresh(headers: &HeaderMap, file: &SiteFile, chosen: &Variant) -> bool {
    if let Some(tags) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let ours = chosen.etag.to_str().unwrap_or_default();
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == ours);
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .and_then(|since| {
            let modified = file.modified.duration_since(SystemTime::UNIX_EPOCH).ok()?;
            let since = since.duration_since(SystemTime::UNIX_EPOCH).ok()?;
            Some(modified.as_secs() <= since.as_secs())
        })
        .unwrap_or(false)
}

/// The answer for a file of the table.
fn answer(method: &Method, headers: &HeaderMap, file: &SiteFile) -> Response {
    let chosen = [
        file.br.as_ref().filter(|_| accepts(headers, "br")),
        file.gzip.as_ref().filter(|_| accepts(headers, "gzip")),
    ]
    .into_iter()
    .flatten()
    .next()
    .unwrap_or(&file.plain);
    let fresh = still_fresh(headers, file, chosen);
    let body = if fresh || method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(chosen.body.clone())
    };
    let mut response = Response::new(body);
    *response.status_mut() = if fresh {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::OK
    };
    let h = response.headers_mut();
    h.insert(header::ETAG, chosen.etag.clone());
    h.insert(header::LAST_MODIFIED, file.last_modified.clone());
    h.insert(header::CACHE_CONTROL, file.cache_control.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if file.br.is_some() || file.gzip.is_some() {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if !fresh {
        h.insert(header::CONTENT_TYPE, file.content_type.clone());
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(chosen.body.len()));
        if let Some(e) = chosen.encoding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
    }
    response
}

/// Answers from the table; anything else goes on.
async fn from_memory(files: SiteFiles, request: Request, next: Next) -> Response {
    let method = request.method();
    if (method == Method::GET || method == Method::HEAD)
        && !request.headers().contains_key(header::RANGE)
    {
        if let Some(file) = files.files.get(request.uri().path()) {
            return answer(method, request.headers(), file);
        }
    }
    next.run(request).await
}

/// The caching rule of a file read from disk, by its name.
async fn cache_rule(request: Request, next: Next) -> Response {
    let rule = cache_rule_of(request.uri().path());
    let mut response = next.run(request).await;
    // Pages carry their own rule (`no-store`); files get theirs here.
    let file = !response.headers().contains_key(header::CACHE_CONTROL);
    if file && (response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED) {
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
    let memory = SiteFiles::load(site_root);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(cache_rule))
        .layer(axum::middleware::from_fn(move |req, next| {
            from_memory(memory.clone(), req, next)
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compressed_form_is_stale_only_a_second_behind() {
        let at = |ms: u64| SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(ms);
        // brotli's output: the same second as its input, fraction dropped.
        assert!(!stale(at(1_700_000_018_000), at(1_700_000_018_035)));
        assert!(!stale(at(1_700_000_019_000), at(1_700_000_018_035)));
        assert!(stale(at(1_700_000_017_999), at(1_700_000_018_035)));
    }

    #[test]
    fn content_named_files_are_told_apart() {
        assert!(content_named("/pkg/frontend.0123456789abcdef.wasm"));
        assert!(!content_named("/pkg/frontend.css"));
        assert!(!content_named("/favicon.svg"));
        assert!(!content_named("/pkg/frontend.0123456789abcdeg.js"));
    }

    fn with(encoding: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(encoding) {
            h.insert(header::ACCEPT_ENCODING, v);
        }
        h
    }

    #[test]
    fn encodings_refused_with_q_zero_are_not_sent() {
        assert!(accepts(&with("gzip, deflate, br"), "br"));
        assert!(accepts(&with("gzip;q=0.5, br;q=1.0"), "br"));
        assert!(!accepts(&with("gzip, br;q=0"), "br"));
        assert!(!accepts(&with("gzip"), "br"));
        assert!(!accepts(&with("brotli"), "br"));
        assert!(accepts(&with("GZIP"), "gzip"));
    }
}
