//! Building the client and the server, running the portal, running the tests.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::postgres::Postgres;
use crate::setup;
use crate::sh::{self, Result};

/// The site folder the server serves: /pkg (the client), CSS, static files.
pub fn site_dir() -> PathBuf {
    sh::target_dir().join("site")
}

/// Builds the wasm client into site/pkg.
fn build_client() -> Result<()> {
    let toolchain = setup::wasm_toolchain()?;
    // One folder per toolchain, so that they never invalidate each other.
    let wasm_target_dir = sh::target_dir().join(if toolchain.build_std {
        "wasm"
    } else {
        "wasm-rustup"
    });
    let mut cmd = Command::new(&toolchain.cargo);
    cmd.current_dir(sh::root())
        .args([
            "build",
            "-p",
            "frontend",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ])
        .env("CARGO_TARGET_DIR", &wasm_target_dir);
    if toolchain.build_std {
        // Debian's cargo and rustc, not rustup's proxies (which would obey
        // the rust-toolchain files some crates ship).
        for var in [
            "RUSTC",
            "RUSTUP_TOOLCHAIN",
            "RUSTC_WRAPPER",
            "CARGO",
            "RUSTFLAGS",
        ] {
            cmd.env_remove(var);
        }
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.arg("-Zbuild-std=std,panic_abort")
            .env("PATH", format!("/usr/bin:{path}"))
            .env("RUSTC_BOOTSTRAP", "1");
    }
    sh::run(&mut cmd)?;
    let bindgen = setup::wasm_bindgen()?;
    let wasm = wasm_target_dir.join("wasm32-unknown-unknown/wasm-release/frontend.wasm");
    sh::run(
        Command::new(bindgen)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
                "--out-name",
                "frontend",
                "--out-dir",
            ])
            .arg(site_dir().join("pkg"))
            .arg(wasm),
    )
}

/// Copies the CSS and the static files into the site folder.
fn copy_assets() -> Result<()> {
    let site = site_dir();
    sh::copy_dir(&sh::root().join("public"), &site)?;
    sh::copy_dir(&sh::root().join("style"), &site)
}

/// Builds the release server binary.
fn build_server() -> Result<PathBuf> {
    sh::run(sh::cargo().args(["build", "--release", "-p", "server"]))?;
    Ok(sh::target_dir().join("release").join("prochemploi"))
}

/// Builds everything; returns the server binary.
pub fn build_all() -> Result<PathBuf> {
    build_client()?;
    copy_assets()?;
    build_server()
}

/// `cargo xtask run`: build, then serve with demo data.
pub fn run(_args: &[String]) -> Result<()> {
    let server = build_all()?;
    let mut cmd = Command::new(server);
    cmd.current_dir(sh::root())
        .env("PROCHEMPLOI_SITE_ROOT", site_dir())
        .env(
            "PROCHEMPLOI_DEMO",
            std::env::var("PROCHEMPLOI_DEMO").unwrap_or_else(|_| "1".into()),
        );
    sh::run(&mut cmd)
}

/// A release server started for the browser tests, with the SMTP sink it
/// delivers to; both killed on drop.
struct RunningServer {
    child: Child,
    sink: Child,
    url: String,
    mail_dir: PathBuf,
    _dir: TempDir,
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        for child in [&mut self.child, &mut self.sink] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts the browser tests' SMTP sink (Node), writing into `mail_dir`;
/// returns it and the `SMTP_URL` that reaches it.
fn start_smtp_sink(mail_dir: &std::path::Path) -> Result<(Child, String)> {
    let mut sink = Command::new("node")
        .current_dir(sh::root().join("tests").join("browser"))
        .arg("smtp_sink.mjs")
        .arg(mail_dir)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting the SMTP sink: {e}"))?;
    let stdout = sink.stdout.take().ok_or("no SMTP sink output")?;
    let mut lines = BufReader::new(stdout).lines();
    match lines.next() {
        Some(Ok(line)) if line.starts_with("SMTP ") => {
            let port = line.trim_start_matches("SMTP ").trim().to_owned();
            std::thread::spawn(move || for _ in lines {});
            Ok((sink, format!("smtp://127.0.0.1:{port}")))
        }
        _ => {
            let _ = sink.kill();
            Err("the SMTP sink did not start".into())
        }
    }
}

/// A folder removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty folder under the target directory.
    pub fn new(prefix: &str) -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = sh::target_dir()
            .join("tmp")
            .join(format!("{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn start_server(binary: &PathBuf) -> Result<RunningServer> {
    let dir = TempDir::new("browser-db")?;
    let db = format!("sqlite://{}?mode=rwc", dir.0.join("portal.db").display());
    let mail_dir = dir.0.join("mail");
    let (mut sink, smtp_url) = start_smtp_sink(&mail_dir)?;
    let started = Command::new(binary)
        .current_dir(sh::root())
        .env("DATABASE_URL", db)
        .env("SMTP_URL", smtp_url)
        .env("PROCHEMPLOI_KEY_FILE", dir.0.join("secret.key"))
        .env("PROCHEMPLOI_UPLOADS_DIR", dir.0.join("uploads"))
        .env("PROCHEMPLOI_ADDR", "127.0.0.1:0")
        .env("PROCHEMPLOI_SITE_ROOT", site_dir())
        .env("PROCHEMPLOI_DEMO", "1")
        // Offers published during the browser run are due for their last
        // reminder at once, and the jobs look every 2 s: the reminder link
        // can be followed within the run.
        .env("PROCHEMPLOI_OFFER_DAYS", "1")
        .env("PROCHEMPLOI_JOBS_EVERY_SECS", "2")
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match started {
        Ok(child) => child,
        Err(e) => {
            let _ = sink.kill();
            return Err(format!("starting the server: {e}"));
        }
    };
    let stdout = child.stdout.take().ok_or("no server output")?;
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(url) = line.strip_prefix("Portail Proch'Emploi : ") {
                    break url.trim().to_owned();
                }
            }
            _ => {
                let _ = child.kill();
                let _ = sink.kill();
                return Err("the server stopped before listening".into());
            }
        }
    };
    // Keep draining the server's output so that it never blocks.
    std::thread::spawn(move || for _ in lines {});
    Ok(RunningServer {
        child,
        sink,
        url,
        mail_dir,
        _dir: dir,
    })
}

/// `cargo xtask test`.
pub fn test(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--no-browser");
    // `--only events` runs that browser script alone (both modes), nothing else.
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    if let Some(only) = only {
        return browser_tests(Some(only));
    }
    sh::run(sh::cargo().args(["fmt", "--all", "--", "--check"]))?;
    sh::run(sh::cargo().args(["clippy", "--all-targets", "--", "-D", "warnings"]))?;
    // The browser half of the app (code behind `feature = "hydrate"`).
    sh::run(sh::cargo().args([
        "clippy",
        "-p",
        "app",
        "--features",
        "hydrate",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The SQLite files of earlier test runs.
    let _ = std::fs::remove_dir_all(std::env::temp_dir().join("prochemploi-tests"));
    {
        let pg = Postgres::start()?;
        sh::run(
            sh::cargo()
                // One test at a time: each HTTP test runs a whole portal on
                // its own runtime, and Leptos keeps process-wide state that
                // two portals rendering at once in one process can trip
                // over (a page then never answers). A deployment runs one
                // portal per process.
                .args([
                    "test",
                    "--workspace",
                    "--exclude",
                    "frontend",
                    "--",
                    "--test-threads=1",
                ])
                .env("TEST_POSTGRES_URL", pg.url())
                .env("PROCHEMPLOI_REQUIRE_POSTGRES", "1"),
        )?;
    }
    if quick {
        return Ok(());
    }
    browser_tests(None)?;
    eprintln!("==> all tests passed");
    Ok(())
}

/// Runs the browser scripts (or those whose name starts with `only`), each
/// on a fresh release portal.
fn browser_tests(only: Option<&String>) -> Result<()> {
    let binary = build_all()?;
    let chromium = setup::chromium()?;
    setup::browser_test_modules()?;
    let runs = [
        ("core_loop.mjs", "js-off"),
        ("core_loop.mjs", "hydrated"),
        ("support.mjs", "js-off"),
        ("support.mjs", "hydrated"),
        ("events.mjs", "js-off"),
        ("events.mjs", "hydrated"),
        ("applications.mjs", "js-off"),
        ("applications.mjs", "hydrated"),
        ("indicators.mjs", "js-off"),
        ("indicators.mjs", "hydrated"),
        ("account.mjs", "js-off"),
        ("account.mjs", "hydrated"),
        ("privacy.mjs", "js-off"),
        ("privacy.mjs", "hydrated"),
        ("a11y.mjs", "hydrated"),
    ];
    for (script, mode) in runs {
        if only.is_some_and(|o| !script.starts_with(o.as_str())) {
            continue;
        }
        let server = start_server(&binary)?;
        sh::run(
            Command::new("node")
                .current_dir(sh::root().join("tests").join("browser"))
                .arg(script)
                .env("BASE_URL", &server.url)
                .env("MAIL_DIR", &server.mail_dir)
                .env("JS_MODE", mode)
                .env("CHROMIUM", &chromium),
        )?;
    }
    Ok(())
}
