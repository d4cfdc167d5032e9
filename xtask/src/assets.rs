//! The client's files once built: every file of `/pkg` renamed after its
//! content (`frontend.<hash>.wasm`, so browsers may keep it for a year), and
//! every text or wasm file compressed once here, with brotli and gzip, so
//! that the server never compresses a static file per request.
//!
//! No `wasm-opt`: Debian 12's binaryen (108) breaks the table that this
//! wasm-bindgen's glue fills (« WebAssembly.Table.set(): Argument 1 is
//! invalid »), tried before and after wasm-bindgen; and it would not make
//! the transfer smaller: on the islands client (460 KB, built for size),
//! `wasm-opt -Oz` saves 15 % raw but its output compresses worse (brotli
//! 128 KB instead of 125 KB, gzip 161 KB instead of 151 KB; 2026-12-02).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::sh::{self, Result};

/// The hash file Leptos reads next to the server binary (`hash.txt`).
pub const HASH_FILE: &str = "hash.txt";

/// FNV-1a (64 bits) of some bytes, as 16 hex digits: enough to tell two
/// builds of a file apart (a cache key, not a security measure).
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A command-line tool, installed from Debian once if missing; `None` when
/// it cannot be had (the build goes on without that step, and says so).
fn tool(bin: &str, package: &str) -> Option<PathBuf> {
    let works = || sh::output(Command::new(bin).arg("--version")).is_some();
    if !works() {
        eprintln!("==> {bin} is missing: installing Debian's {package}");
        if let Err(e) = sh::apt_install(&[package]) {
            eprintln!("warning: {package} could not be installed ({e}); going on without {bin}");
        }
    }
    works().then(|| PathBuf::from(bin))
}

/// Renames the client's files after their content and writes the hash
/// file next to the server binary; returns the names given.
pub fn name_by_content(pkg: &Path, css: &Path, binary_dir: &Path) -> Result<Vec<PathBuf>> {
    // Files of earlier builds go: a browser holding an old page gets a 404
    // for the old client and works without it (every form works without JS).
    if let Ok(entries) = std::fs::read_dir(pkg) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let generated =
                (name.starts_with("frontend.") && name != "frontend.js" && name != "frontend.css")
                    || (name.starts_with("client.") && name != "client.js");
            if generated {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("reading {}: {e}", p.display()));
    let js = pkg.join("frontend.js");
    let wasm = pkg.join("frontend_bg.wasm");
    let loader = pkg.join("client.js");
    let (js_hash, wasm_hash, css_hash, loader_hash) = (
        content_hash(&read(&js)?),
        content_hash(&read(&wasm)?),
        content_hash(&read(css)?),
        content_hash(&read(&loader)?),
    );
    let named = [
        (js, format!("frontend.{js_hash}.js")),
        (wasm, format!("frontend.{wasm_hash}.wasm")),
    ];
    let mut out = Vec::new();
    for (from, name) in named {
        let to = pkg.join(name);
        std::fs::rename(&from, &to).map_err(|e| format!("renaming {}: {e}", from.display()))?;
        out.push(to);
    }
    // The style sheet and the loader keep their plain names too (for a
    // development server without the hash file).
    for (from, to) in [
        (
            css.to_path_buf(),
            pkg.join(format!("frontend.{css_hash}.css")),
        ),
        (loader, pkg.join(format!("client.{loader_hash}.js"))),
    ] {
        std::fs::copy(&from, &to).map_err(|e| format!("copying {}: {e}", from.display()))?;
        out.push(to);
    }
    std::fs::write(
        binary_dir.join(HASH_FILE),
        format!("js: {js_hash}\nwasm: {wasm_hash}\ncss: {css_hash}\nclient: {loader_hash}\n"),
    )
    .map_err(|e| format!("writing {HASH_FILE}: {e}"))?;
    Ok(out)
}

/// Whether a file is worth compressing (text and wasm).
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("js" | "wasm" | "css" | "svg" | "json" | "txt" | "html" | "xml")
    )
}

/// Writes `file.gz` and `file.br` beside every compressible file of the
/// site's top folder and of `/pkg`.
pub fn precompress(site: &Path) -> Result<()> {
    let brotli = tool("brotli", "brotli");
    let mut files = Vec::new();
    for dir in [site.to_path_buf(), site.join("pkg")] {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            files.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && compressible(p)),
            );
        }
    }
    for f in &files {
        sh::run(Command::new("gzip").args(["-9", "-n", "-k", "-f"]).arg(f))?;
        if let Some(b) = &brotli {
            sh::run(Command::new(b).args(["-q", "11", "-k", "-f"]).arg(f))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::content_hash;

    #[test]
    fn the_hash_follows_the_content() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(content_hash(b"abc").len(), 16);
    }
}
