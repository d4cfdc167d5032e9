//! `cargo xtask run`: installs what is missing, builds the client and the
//! server in release mode, and serves the portal with demo data.
//! `cargo xtask test`: formatting, lints, unit, repository and HTTP tests on
//! SQLite and a throwaway PostgreSQL, then browser tests in headless
//! Chromium against the release build.

mod assets;
mod bench;
mod build;
mod postgres;
mod proxy;
mod setup;
mod sh;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => build::run(&args[1..]),
        Some("test") => build::test(&args[1..]),
        Some("build") => build::build_all().map(|_| ()),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask run | test | build | bench [N]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
