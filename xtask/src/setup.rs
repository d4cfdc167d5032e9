//! Installing what a fresh machine lacks: the wasm32 standard library,
//! wasm-bindgen at the version Cargo.lock pins, Chromium, the browser-test
//! driver. Every step checks first, so a second run installs nothing.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::sh::{self, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// How to build for wasm32 on this machine.
pub struct WasmToolchain {
    /// The cargo to call.
    pub cargo: PathBuf,
    /// Build the standard library from source (Debian's rustc-web).
    pub build_std: bool,
}

/// Finds or installs a toolchain that can build for wasm32: rustup's target
/// if it can be had, else Debian's rustc-web with the std sources.
pub fn wasm_toolchain() -> Result<WasmToolchain> {
    let rustup_has_target = || {
        sh::output(Command::new("rustup").args(["target", "list", "--installed"]))
            .is_some_and(|o| o.lines().any(|l| l.trim() == WASM_TARGET))
    };
    // PROCHEMPLOI_WASM_TOOLCHAIN=debian forces the fallback (to test it).
    let force_debian = std::env::var("PROCHEMPLOI_WASM_TOOLCHAIN").is_ok_and(|v| v == "debian");
    if !force_debian && (rustup_has_target() || try_rustup_target_add()) {
        return Ok(WasmToolchain {
            cargo: PathBuf::from(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())),
            build_std: false,
        });
    }
    let std_src = PathBuf::from("/usr/lib/rustlib/src/rust/library/std");
    let ready = || {
        std_src.exists()
            && PathBuf::from("/usr/bin/rust-lld").exists()
            && sh::output(Command::new("/usr/bin/cargo").arg("--version")).is_some()
    };
    if !ready() {
        eprintln!("==> rustup cannot provide {WASM_TARGET}: installing Debian's rustc-web with the std sources");
        sh::apt_install(&["rustc-web", "cargo-web", "rust-web-src", "lld-22"])?;
    }
    if !ready() {
        return Err("no toolchain can build for wasm32 (see README, Building the client)".into());
    }
    Ok(WasmToolchain {
        cargo: PathBuf::from("/usr/bin/cargo"),
        build_std: true,
    })
}

/// `rustup target add` with a short timeout (it hangs without network).
fn try_rustup_target_add() -> bool {
    let Ok(mut child) = Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    else {
        return false;
    };
    for _ in 0..120 {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) => std::thread::sleep(Duration::from_millis(500)),
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    false
}

/// The wasm-bindgen version pinned in Cargo.lock.
fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(sh::root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// The wasm-bindgen CLI at exactly the crate's version (installed under
/// ~/.cache/prochemploi/tools when missing).
pub fn wasm_bindgen() -> Result<PathBuf> {
    let version = locked_wasm_bindgen_version()?;
    let bin = sh::tools_dir().join("bin").join("wasm-bindgen");
    let installed = sh::output(Command::new(&bin).arg("--version"))
        .is_some_and(|o| o.split_whitespace().nth(1) == Some(version.as_str()));
    if !installed {
        // Not --locked: its lockfile pins a crate the registry mirror lacks.
        sh::run(
            sh::cargo()
                .args([
                    "install",
                    "wasm-bindgen-cli",
                    "--version",
                    &version,
                    "--root",
                ])
                .arg(sh::tools_dir()),
        )?;
    }
    Ok(bin)
}

/// Headless Chromium for the browser tests.
pub fn chromium() -> Result<PathBuf> {
    let bin = PathBuf::from("/usr/bin/chromium");
    if !bin.exists() {
        sh::apt_install(&["chromium", "fonts-liberation"])?;
    }
    if bin.exists() {
        Ok(bin)
    } else {
        Err("Chromium could not be installed".into())
    }
}

/// The browser-test driver (playwright-core, driving the system Chromium).
pub fn browser_test_modules() -> Result<()> {
    let dir = sh::root().join("tests").join("browser");
    let modules = dir.join("node_modules");
    if ["playwright-core", "axe-core"]
        .iter()
        .all(|m| modules.join(m).join("package.json").exists())
    {
        return Ok(());
    }
    sh::run(
        Command::new("npm")
            .current_dir(&dir)
            .args(["ci", "--no-audit", "--no-fund"]),
    )
}
