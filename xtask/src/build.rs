//! Building the client and the server, running the portal, running the tests.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::postgres::Postgres;
use crate::setup;
use crate::sh::{self, Result};

/// The site folder the server serves: /pkg (the client), CSS, static files.
pub fn site_dir() -> PathBuf {
    sh::target_dir().join("site")
}

/// Builds the wasm client into site/pkg.
fn build_client(profile: &str) -> Result<()> {
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
            profile,
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
    let wasm = wasm_target_dir
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join("frontend.wasm");
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

/// Names the client's files after their content (the hash file beside the
/// server binary) and compresses the site's files once.
fn finish_site(binary: &Path) -> Result<()> {
    let site = site_dir();
    let dir = binary
        .parent()
        .ok_or_else(|| format!("{} has no folder", binary.display()))?;
    crate::assets::name_by_content(
        &site.join("pkg"),
        &sh::root().join("style").join("main.css"),
        dir,
    )?;
    crate::assets::precompress(&site)
}

/// Copies the static files into the site folder, the style sheet where
/// cargo-leptos puts it too (`/pkg/frontend.css`), and the client's loader.
fn copy_assets() -> Result<()> {
    let site = site_dir();
    sh::copy_dir(&sh::root().join("public"), &site)?;
    std::fs::create_dir_all(site.join("pkg")).map_err(|e| format!("creating site/pkg: {e}"))?;
    std::fs::copy(
        sh::root().join("style").join("main.css"),
        site.join("pkg").join("frontend.css"),
    )
    .map_err(|e| format!("copying the style sheet: {e}"))?;
    std::fs::copy(
        sh::root().join("frontend").join("client.js"),
        site.join("pkg").join("client.js"),
    )
    .map_err(|e| format!("copying the client's loader: {e}"))?;
    Ok(())
}

/// Builds the server binary (release, or debug for `run --dev`).
fn build_server(release: bool) -> Result<PathBuf> {
    let mut cargo = sh::cargo();
    cargo.args(["build", "-p", "server"]);
    if release {
        cargo.arg("--release");
    }
    sh::run(&mut cargo)?;
    Ok(sh::target_dir()
        .join(if release { "release" } else { "debug" })
        .join("prochemploi"))
}

/// Builds everything in release mode; returns the server binary.
pub fn build_all() -> Result<PathBuf> {
    build_client("wasm-release")?;
    copy_assets()?;
    let server = build_server(true)?;
    finish_site(&server)?;
    Ok(server)
}

/// `cargo xtask run [--dev]`: build, then serve with demo data. `--dev`
/// builds the server in debug mode and the client with the `wasm-dev`
/// profile: much quicker to rebuild after a change, slower to run.
pub fn run(args: &[String]) -> Result<()> {
    let server = if args.iter().any(|a| a == "--dev") {
        build_client("wasm-dev")?;
        copy_assets()?;
        let server = build_server(false)?;
        finish_site(&server)?;
        server
    } else {
        build_all()?
    };
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
    log: LogTail,
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
pub fn start_smtp_sink(mail_dir: &std::path::Path) -> Result<(Child, String)> {
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

/// What a portal printed (its log holds no personal data), shown when a
/// browser script fails against it: its warnings and errors, and its last
/// lines.
#[derive(Clone, Default)]
pub struct LogTail(std::sync::Arc<std::sync::Mutex<Kept>>);

#[derive(Default)]
struct Kept {
    warnings: std::collections::VecDeque<String>,
    last: std::collections::VecDeque<String>,
}

impl LogTail {
    /// Lines kept of each kind.
    const LINES: usize = 60;

    fn push(&self, line: String) {
        let keep = |lines: &mut std::collections::VecDeque<String>, line: String| {
            if lines.len() == Self::LINES {
                lines.pop_front();
            }
            lines.push_back(line);
        };
        if let Ok(mut kept) = self.0.lock() {
            if line.contains(" WARN ") || line.contains(" ERROR ") {
                keep(&mut kept.warnings, line.clone());
            }
            keep(&mut kept.last, line);
        }
    }

    /// The warnings and errors, then the last lines, oldest first.
    pub fn text(&self) -> String {
        let Ok(kept) = self.0.lock() else {
            return String::new();
        };
        let join = |lines: &std::collections::VecDeque<String>| -> String {
            lines.iter().map(|l| format!("  {l}\n")).collect()
        };
        format!(
            "warnings and errors:\n{}last lines:\n{}",
            join(&kept.warnings),
            join(&kept.last)
        )
    }
}

/// Starts the release portal with the demo data and `env`; returns it once
/// it listens, with its URL and the tail of its output (drained so that it
/// never blocks).
pub fn start_portal(binary: &PathBuf, env: &[(&str, String)]) -> Result<(Child, String, LogTail)> {
    let mut command = Command::new(binary);
    command
        .current_dir(sh::root())
        .env("PROCHEMPLOI_SITE_ROOT", site_dir())
        .env("PROCHEMPLOI_DEMO", "1")
        // Offers published during the browser run are due for their last
        // reminder at once, and the jobs look every 2 s: the reminder link
        // can be followed within the run.
        .env("PROCHEMPLOI_OFFER_DAYS", "1")
        .env("PROCHEMPLOI_JOBS_EVERY_SECS", "2")
        .stdout(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("starting the server: {e}"))?;
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
                let _ = child.wait();
                return Err("the server stopped before listening".into());
            }
        }
    };
    let tail = LogTail::default();
    let keep = tail.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(std::result::Result::ok) {
            keep.push(line);
        }
    });
    Ok((child, url, tail))
}

fn start_server(binary: &PathBuf) -> Result<RunningServer> {
    let dir = TempDir::new("browser-db")?;
    let db = format!("sqlite://{}?mode=rwc", dir.0.join("portal.db").display());
    let mail_dir = dir.0.join("mail");
    let (mut sink, smtp_url) = start_smtp_sink(&mail_dir)?;
    let started = start_portal(
        binary,
        &[
            ("DATABASE_URL", db),
            ("SMTP_URL", smtp_url),
            (
                "PROCHEMPLOI_KEY_FILE",
                dir.0.join("secret.key").display().to_string(),
            ),
            (
                "PROCHEMPLOI_UPLOADS_DIR",
                dir.0.join("uploads").display().to_string(),
            ),
            ("PROCHEMPLOI_ADDR", "127.0.0.1:0".to_owned()),
        ],
    );
    let (child, url, log) = match started {
        Ok(started) => started,
        Err(e) => {
            let _ = sink.kill();
            return Err(e);
        }
    };
    Ok(RunningServer {
        child,
        sink,
        url,
        mail_dir,
        log,
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
        let with_pg = |mut cmd: Command| {
            cmd.env("TEST_POSTGRES_URL", pg.url())
                .env("PROCHEMPLOI_REQUIRE_POSTGRES", "1");
            cmd
        };
        // Unit tests of every crate.
        sh::run(&mut with_pg({
            let mut c = sh::cargo();
            c.args([
                "test",
                "--workspace",
                "--exclude",
                "frontend",
                "--exclude",
                "tests",
            ]);
            c
        }))?;
        integration_tests(&with_pg)?;
    }
    if quick {
        return Ok(());
    }
    browser_tests(None)?;
    eprintln!("==> all tests passed");
    Ok(())
}

/// `cargo test` of these integration tests (exact names), one at a time in
/// one process; its report names each test (`test NAME ... FAILED`).
fn integration_command<S: AsRef<std::ffi::OsStr>>(names: &[S]) -> Command {
    let mut cargo = sh::cargo();
    cargo
        .args(["test", "-p", "tests", "--test", "it", "--"])
        .args(["--test-threads=1", "--exact"])
        .args(names);
    cargo
}

/// The repository and HTTP tests (`tests/tests/it`), in parallel
/// processes, each running its share one test at a time: each HTTP test
/// runs a whole portal, and Leptos keeps process-wide state that two
/// portals rendering at once in one process can trip over (a page then
/// never answers) — a deployment runs one portal per process.
fn integration_tests(with_pg: &dyn Fn(Command) -> Command) -> Result<()> {
    let started = std::time::Instant::now();
    let mut build = sh::cargo();
    build.args(["test", "-p", "tests", "--test", "it", "--no-run"]);
    sh::run(&mut build)?;
    let mut list = sh::cargo();
    list.args([
        "test", "-q", "-p", "tests", "--test", "it", "--", "--list", "--format", "terse",
    ]);
    let listed = sh::output(&mut list).ok_or("listing the integration tests failed")?;
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .collect();
    if names.is_empty() {
        return Err("no integration test found".into());
    }
    let shards = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 4);
    eprintln!(
        "==> {} integration tests in {shards} processes",
        names.len()
    );
    let mut running = Vec::new();
    for shard in 0..shards {
        let mine: Vec<&str> = names.iter().skip(shard).step_by(shards).copied().collect();
        let cargo = integration_command(&mine);
        let child = with_pg(cargo)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("starting the integration tests: {e}"))?;
        running.push(child);
    }
    let mut failed: Vec<String> = Vec::new();
    let mut broken = false;
    for child in running {
        let out = child
            .wait_with_output()
            .map_err(|e| format!("integration tests: {e}"))?;
        // Each process's report in one piece.
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout);
        print!("{stdout}");
        let names: Vec<String> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
            .map(str::to_owned)
            .collect();
        // A process that failed without naming a test is a real failure.
        broken |= !out.status.success() && names.is_empty();
        failed.extend(names);
    }
    if broken {
        return Err("integration tests failed".into());
    }
    if !failed.is_empty() {
        // Two portals' worth of load can delay an e-mail past a test's
        // patience: a test that failed is run again, alone, and must pass.
        eprintln!("==> run again, alone: {}", failed.join(", "));
        let again = integration_command(&failed);
        sh::run(&mut with_pg(again)).map_err(|_| "integration tests failed".to_owned())?;
        eprintln!("==> passed when run alone: {}", failed.join(", "));
    }
    eprintln!(
        "==> integration tests passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs one browser script in each of `modes` at once, each against its own
/// fresh release portal; their reports are printed one after the other.
fn browser_runs(binary: &PathBuf, chromium: &Path, script: &str, modes: &[&str]) -> Result<()> {
    let mut running = Vec::new();
    for mode in modes {
        let server = start_server(binary)?;
        eprintln!("==> node {script} ({mode})");
        let child = Command::new("node")
            .current_dir(sh::root().join("tests").join("browser"))
            .arg(script)
            .env("BASE_URL", &server.url)
            .env("MAIL_DIR", &server.mail_dir)
            .env("JS_MODE", mode)
            .env("CHROMIUM", chromium)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("starting node {script}: {e}"))?;
        running.push((mode, server, child));
    }
    let mut failed = Vec::new();
    for (mode, server, child) in running {
        let out = child
            .wait_with_output()
            .map_err(|e| format!("node {script}: {e}"))?;
        print!("{}", String::from_utf8_lossy(&out.stdout));
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        if !out.status.success() {
            failed.push(format!("{script} ({mode})"));
            eprintln!("==> the portal's log ({mode}):\n{}", server.log.text());
            eprintln!(
                "==> e-mails received ({mode}): {}",
                mails_received(&server.mail_dir)
            );
        }
        drop(server);
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("browser test failed: {}", failed.join(", ")))
    }
}

/// What the SMTP sink received: each message's number, recipients and first
/// line starting with « Subject: » (the test addresses are made up).
fn mails_received(dir: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return "none".into();
    };
    let mut names: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    let lines: Vec<String> = names
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let subject = text
                .split("\\n")
                .find_map(|l| l.strip_prefix("Subject: "))
                .unwrap_or("?");
            let to = text
                .split("\"to\":[")
                .nth(1)
                .and_then(|r| r.split(']').next())
                .unwrap_or("?");
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            format!("\n  {name} {to} {subject}")
        })
        .collect();
    if lines.is_empty() {
        "none".into()
    } else {
        lines.concat()
    }
}

/// Runs the browser scripts (or those whose name starts with `only`), each
/// on a fresh release portal.
fn browser_tests(only: Option<&String>) -> Result<()> {
    let binary = build_all()?;
    let chromium = setup::chromium()?;
    setup::browser_test_modules()?;
    const BOTH: &[&str] = &["js-off", "hydrated"];
    let runs: [(&str, &[&str]); 12] = [
        ("core_loop.mjs", BOTH),
        ("positioning.mjs", BOTH),
        ("partner_api.mjs", BOTH),
        ("alerts.mjs", BOTH),
        ("support.mjs", BOTH),
        ("events.mjs", BOTH),
        ("applications.mjs", BOTH),
        ("indicators.mjs", BOTH),
        ("account.mjs", BOTH),
        ("privacy.mjs", BOTH),
        ("cycle.mjs", BOTH),
        ("a11y.mjs", &["hydrated"]),
    ];
    // A script's two modes run at once, each on its own portal and
    // database (PROCHEMPLOI_BROWSER_PARALLEL=0: one after the other).
    let parallel = std::env::var("PROCHEMPLOI_BROWSER_PARALLEL").map_or(true, |v| v != "0");
    for (script, modes) in runs {
        if only.is_some_and(|o| !script.starts_with(o.as_str())) {
            continue;
        }
        if parallel {
            browser_runs(&binary, &chromium, script, modes)?;
        } else {
            for mode in modes {
                browser_runs(&binary, &chromium, script, &[mode])?;
            }
        }
    }
    // Two instances on one PostgreSQL behind nginx (`--only proxy`).
    if only.is_none_or(|o| o == "proxy") {
        crate::proxy::browser_tests(&binary, &chromium)?;
    }
    Ok(())
}
