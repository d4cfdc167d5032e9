//! The addresses of the client's files: named after their content when the
//! build wrote the hash file beside the server binary (`hash.txt`, the file
//! Leptos reads), so that browsers keep them for a year.
//!
//! An anonymous visitor's page carries the style sheet and the loader in
//! its `<head>` (about 6 KB compressed): a first visit, on a phone, does not
//! wait for two more files before the page shows and is ready. A signed-in
//! person (staff, companies, partners go from page to page all day) gets
//! links to the same files, kept for a year by the browser.

use std::sync::Arc;

use leptos::prelude::*;

/// The style sheet, the loader and the WebAssembly client (module, binary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientFiles {
    pub css: String,
    pub loader: String,
    pub js: String,
    pub wasm: String,
    /// The style sheet's and the loader's text, when read from the site.
    pub inline: Option<Arc<InlineFiles>>,
}

/// The text of the style sheet and the loader, for a page's `<head>`
/// (shared: a page render takes a reference, not a copy of ~23 KB).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineFiles {
    pub css: Arc<str>,
    pub loader: Arc<str>,
}

impl InlineFiles {
    /// The two texts, unless one could end its element early (they go
    /// into `<style>` and `<script>` as they are).
    pub fn new(css: String, loader: String) -> Option<Self> {
        let closes =
            |text: &str, tag: &str| text.to_ascii_lowercase().contains(&format!("</{tag}"));
        (!closes(&css, "style") && !closes(&loader, "script")).then(|| Self {
            css: css.into(),
            loader: loader.into(),
        })
    }
}

impl ClientFiles {
    /// The names for a hash file's text (`kind: hash` per line); the plain
    /// names of a development build without it.
    pub fn from_hashes(pkg: &str, hashes: Option<&str>) -> Self {
        let name = |kind: &str, stem: &str, ext: &str, plain: &str| {
            let hash = hashes.and_then(|text| {
                text.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    (k.trim() == kind).then(|| v.trim().to_owned())
                })
            });
            match hash {
                Some(h) => format!("/{pkg}/{stem}.{h}.{ext}"),
                None => format!("/{pkg}/{plain}"),
            }
        };
        Self {
            css: name("css", "frontend", "css", "frontend.css"),
            loader: name("client", "client", "js", "client.js"),
            js: name("js", "frontend", "js", "frontend.js"),
            wasm: name("wasm", "frontend", "wasm", "frontend_bg.wasm"),
            inline: None,
        }
    }

    /// These files with the text of the style sheet and the loader read
    /// from the site folder (left as links when either cannot be read).
    pub fn with_inline(mut self, site_root: &std::path::Path) -> Self {
        let read = |url: &str| std::fs::read_to_string(site_root.join(url.trim_start_matches('/')));
        self.inline = match (read(&self.css), read(&self.loader)) {
            (Ok(css), Ok(loader)) => InlineFiles::new(css, loader).map(Arc::new),
            _ => None,
        };
        self
    }

    /// This server's files (read once).
    pub fn get(options: &LeptosOptions) -> Self {
        #[cfg(feature = "ssr")]
        {
            static FILES: std::sync::OnceLock<ClientFiles> = std::sync::OnceLock::new();
            FILES
                .get_or_init(|| {
                    let text = options
                        .hash_files
                        .then(|| {
                            let file = std::env::current_exe()
                                .ok()?
                                .parent()?
                                .join(options.hash_file.as_ref());
                            std::fs::read_to_string(file).ok()
                        })
                        .flatten();
                    Self::from_hashes(&options.site_pkg_dir, text.as_deref())
                        .with_inline(std::path::Path::new(options.site_root.as_ref()))
                })
                .clone()
        }
        #[cfg(not(feature = "ssr"))]
        Self::from_hashes(&options.site_pkg_dir, None)
    }
}

/// The header `frontend/client.js` sends with a form it sends in place
/// (and the redirect it follows): only the answer's title and body are
/// shown, so its head need not carry the style sheet and loader inline.
pub const IN_PLACE_HEADER: &str = "x-pe-in-place";

/// Whether this page carries the style sheet and the loader inline: for
/// anonymous visitors, when the server could read them, except in an
/// answer shown in place (its head is not used).
pub fn inline_for_this_request(files: &ClientFiles) -> Option<Arc<InlineFiles>> {
    #[cfg(feature = "ssr")]
    let wanted = crate::backend::auth::session_token().is_none()
        && !use_context::<http::request::Parts>()
            .is_some_and(|p| p.headers.contains_key(IN_PLACE_HEADER));
    #[cfg(not(feature = "ssr"))]
    let wanted = false;
    files.inline.clone().filter(|_| wanted)
}

/// The page's style sheet: inline, or a link to the file.
#[component]
pub fn StyleSheet(href: String, inline: Option<Arc<InlineFiles>>) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    match inline {
        Some(text) => view! { <style nonce=nonce inner_html=text.css.clone()></style> }.into_any(),
        None => view! { <link rel="stylesheet" href=href/> }.into_any(),
    }
}

/// The loader of the page's client (see `frontend/client.js`): deferred, it
/// fetches the WebAssembly only where the page has interactive parts.
/// Inline (its text in the page) or from its file.
#[component]
pub fn ClientScript(files: ClientFiles, inline: Option<Arc<InlineFiles>>) -> impl IntoView {
    // Islands mode: outside the islands nothing hydrates, so the page
    // carries no hydration markers nor data for it (as Leptos's own
    // `HydrationScripts` does in this mode).
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let (src, text) = match inline {
        Some(text) => (None, Some(text.loader.clone())),
        None => (Some(files.loader), None),
    };
    view! {
        <script
            type="module"
            src=src
            nonce=nonce
            data-pe-client=""
            data-js=files.js
            data-wasm=files.wasm
            inner_html=text
        ></script>
    }
}

#[cfg(test)]
mod tests {
    use super::{ClientFiles, InlineFiles};

    #[test]
    fn names_follow_the_hash_file() {
        let f = ClientFiles::from_hashes("pkg", Some("js: 01\nwasm: 02\ncss: 03\nclient: 04\n"));
        assert_eq!(f.js, "/pkg/frontend.01.js");
        assert_eq!(f.wasm, "/pkg/frontend.02.wasm");
        assert_eq!(f.css, "/pkg/frontend.03.css");
        assert_eq!(f.loader, "/pkg/client.04.js");
        let plain = ClientFiles::from_hashes("pkg", None);
        assert_eq!(plain.loader, "/pkg/client.js");
        assert_eq!(plain.wasm, "/pkg/frontend_bg.wasm");
        assert_eq!(plain.inline, None);
    }

    #[test]
    fn text_that_would_close_its_element_is_not_inlined() {
        let ok = InlineFiles::new("a > b { color: red }".into(), "if (a < b) go();".into());
        assert!(ok.is_some());
        assert!(InlineFiles::new("a{}</STYLE><script>".into(), "go();".into()).is_none());
        assert!(InlineFiles::new("a{}".into(), "x = '</script>';".into()).is_none());
    }

    #[test]
    fn the_texts_are_read_from_the_site_folder() {
        let dir = std::env::temp_dir().join(format!("pe-client-files-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).expect("dir");
        let files = ClientFiles::from_hashes("pkg", None);
        assert_eq!(
            files.clone().with_inline(&dir).inline,
            None,
            "no files: links"
        );
        std::fs::write(dir.join("pkg/frontend.css"), "main { margin: 0 }").expect("css");
        std::fs::write(dir.join("pkg/client.js"), "go();").expect("js");
        let inline = files.with_inline(&dir).inline.expect("read");
        assert_eq!(&*inline.css, "main { margin: 0 }");
        assert_eq!(&*inline.loader, "go();");
        std::fs::remove_dir_all(&dir).ok();
    }
}
