//! The site's files: served from memory with the compressed form the
//! browser accepts, revalidated by their tag, content-named ones cached
//! for a year; a file added after start, or a byte range, read from disk.

use reqwest::StatusCode;
use tests::{Engine, TestServer, FAVICON, TEST_CLIENT_FILE};

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn site_files_come_compressed_tagged_and_cached() {
    // Files do not touch the database: one engine is enough.
    let server = TestServer::start(Engine::Sqlite).await.expect("server");
    let client = reqwest::Client::new();
    let favicon = server.url("/favicon.svg");

    let res = client.get(&favicon).send().await.expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "image/svg+xml");
    assert_eq!(header(&res, "cache-control"), "public, no-cache");
    assert_eq!(header(&res, "x-content-type-options"), "nosniff");
    assert_eq!(header(&res, "vary"), "accept-encoding");
    assert_eq!(header(&res, "content-encoding"), "");
    let tag = header(&res, "etag").to_owned();
    assert!(tag.starts_with('"') && tag.len() > 10, "{tag}");
    assert!(!header(&res, "last-modified").is_empty());
    assert_eq!(res.text().await.expect("body"), FAVICON);

    // The compressed form the browser prefers, never one it refuses.
    for (accept, encoding, body) in [
        ("gzip, deflate, br", "br", "favicon en brotli"),
        ("gzip, br;q=0", "gzip", "favicon en gzip"),
        ("identity", "", FAVICON),
    ] {
        let res = client
            .get(&favicon)
            .header("accept-encoding", accept)
            .send()
            .await
            .expect("GET");
        assert_eq!(header(&res, "content-encoding"), encoding, "{accept}");
        assert_eq!(res.text().await.expect("body"), body, "{accept}");
    }

    // The browser's copy still good: 304, no body.
    let res = client
        .get(&favicon)
        .header("if-none-match", &tag)
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(res.text().await.expect("body"), "");
    // Another encoding's tag is not this answer's.
    let res = client
        .get(&favicon)
        .header("if-none-match", &tag)
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);

    // HEAD: the length, no body.
    let res = client.head(&favicon).send().await.expect("HEAD");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-length"), FAVICON.len().to_string());

    // A content-named file is kept a year.
    let res = client
        .get(server.url(TEST_CLIENT_FILE))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&res, "content-type"), "text/javascript");

    // A byte range is read from disk.
    let res = client
        .get(&favicon)
        .header("range", "bytes=0-3")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.text().await.expect("body"), &FAVICON[..4]);

    // A file added after start is read from disk, with its caching rule.
    let root = tests::test_site_root().expect("site root");
    let name = format!("ajout-{}.txt", std::process::id());
    std::fs::write(root.join(&name), "ajouté").expect("write");
    let res = client
        .get(server.url(&format!("/{name}")))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control"), "public, no-cache");
    assert_eq!(res.text().await.expect("body"), "ajouté");

    // An unknown path is still a page (the 404 page).
    let res = client
        .get(server.url("/pkg/absent.js"))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
