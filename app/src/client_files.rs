//! The addresses of the client's files: named after their content when the
//! build wrote the hash file beside the server binary (`hash.txt`, the file
//! Leptos reads), so that browsers keep them for a year.

use leptos::prelude::*;

/// The style sheet, the loader and the WebAssembly client (module, binary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientFiles {
    pub css: String,
    pub loader: String,
    pub js: String,
    pub wasm: String,
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
        }
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
                })
                .clone()
        }
        #[cfg(not(feature = "ssr"))]
        Self::from_hashes(&options.site_pkg_dir, None)
    }
}

/// The loader of the page's client (see `frontend/client.js`): deferred, it
/// fetches the WebAssembly only where the page has interactive parts.
#[component]
pub fn ClientScript(files: ClientFiles) -> impl IntoView {
    // Islands mode: outside the islands nothing hydrates, so the page
    // carries no hydration markers nor data for it (as Leptos's own
    // `HydrationScripts` does in this mode).
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    view! {
        <script
            type="module"
            src=files.loader
            nonce=nonce
            data-pe-client=""
            data-js=files.js
            data-wasm=files.wasm
        ></script>
    }
}

#[cfg(test)]
mod tests {
    use super::ClientFiles;

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
    }
}
