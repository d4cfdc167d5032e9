//! Running commands and finding paths.

use std::path::{Path, PathBuf};
use std::process::Command;

/// An error message for the user.
pub type Result<T> = std::result::Result<T, String>;

/// The workspace root (the parent of this crate): where `cargo run` says
/// this crate is, else where it was built (a binary kept in a shared
/// target directory may have been built from another checkout).
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.join("Cargo.toml").exists())
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The host target directory (CARGO_TARGET_DIR or ./target).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Where tools the project installs live (wasm-bindgen...).
pub fn tools_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map_or_else(|| root().join("target"), PathBuf::from);
    home.join(".cache").join("prochemploi").join("tools")
}

/// The cargo that runs this xtask.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs a command, failing with its description.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("==> {}", describe(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(cmd)))
    }
}

/// The standard output of a command, if it succeeded.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Whether this process runs as root.
pub fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|o| o.trim() == "0")
}

/// Installs Debian packages (as root, or through sudo).
pub fn apt_install(packages: &[&str]) -> Result<()> {
    let mut prefix: Vec<&str> = Vec::new();
    if !is_root() {
        prefix.push("sudo");
        prefix.push("-n");
    }
    let mut update = Command::new(prefix.first().copied().unwrap_or("apt-get"));
    if !prefix.is_empty() {
        update.args(&prefix[1..]).arg("apt-get");
    }
    update.args(["update", "-qq"]);
    run(&mut update)?;
    let mut install = Command::new(prefix.first().copied().unwrap_or("apt-get"));
    if !prefix.is_empty() {
        install.args(&prefix[1..]).arg("apt-get");
    }
    install
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y", "-qq"])
        .args(packages);
    run(&mut install)
}

/// Copies a folder's files into another, recursively.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| format!("copying {}: {e}", path.display()))?;
        }
    }
    Ok(())
}
