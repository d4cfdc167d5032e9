//! The production shape in the test suite: two release instances on one
//! PostgreSQL database, behind nginx running the sample configuration of
//! docs/nginx/prochemploi.conf (TLS termination with a certificate made for
//! the run). Browser scripts run through the proxy; afterwards every e-mail
//! the outbox marked sent reached the SMTP sink exactly once (two instances
//! run the same jobs and delivery worker on one database), and both
//! instances' metrics show they served requests.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::build::{start_portal, start_smtp_sink, TempDir};
use crate::postgres::{free_port, Postgres};
use crate::sh::{self, Result};

/// The scripts run through the proxy, each on a fresh database.
const RUNS: [(&str, &str); 4] = [
    ("proxy.mjs", "js-off"),
    ("proxy.mjs", "hydrated"),
    ("core_loop.mjs", "js-off"),
    ("core_loop.mjs", "hydrated"),
];

/// Children killed (and waited for) on drop.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// nginx, installed when missing.
pub fn nginx() -> Result<PathBuf> {
    let bin = PathBuf::from("/usr/sbin/nginx");
    if !bin.exists() {
        sh::apt_install(&["nginx-core"])?;
    }
    if bin.exists() {
        Ok(bin)
    } else {
        Err("nginx could not be installed".into())
    }
}

/// The sample configuration with this run's ports and certificate, inside a
/// minimal main configuration that keeps every file in `dir`.
fn nginx_conf(dir: &Path, https: u16, http: u16, upstreams: [u16; 2]) -> Result<String> {
    let sample_path = sh::root()
        .join("docs")
        .join("nginx")
        .join("prochemploi.conf");
    let sample = std::fs::read_to_string(&sample_path)
        .map_err(|e| format!("reading {}: {e}", sample_path.display()))?;
    let replacements = [
        ("127.0.0.1:3001", format!("127.0.0.1:{}", upstreams[0])),
        ("127.0.0.1:3002", format!("127.0.0.1:{}", upstreams[1])),
        ("listen 443 ssl", format!("listen 127.0.0.1:{https} ssl")),
        ("listen 80;", format!("listen 127.0.0.1:{http};")),
        ("emploi.example.fr", "127.0.0.1".to_owned()),
        (
            "/etc/ssl/prochemploi/fullchain.pem",
            dir.join("cert.pem").display().to_string(),
        ),
        (
            "/etc/ssl/prochemploi/privkey.pem",
            dir.join("key.pem").display().to_string(),
        ),
        (
            "/var/log/nginx/prochemploi.access.log",
            dir.join("access.log").display().to_string(),
        ),
    ];
    let mut site = sample;
    for (from, to) in replacements {
        if !site.contains(from) {
            return Err(format!(
                "docs/nginx/prochemploi.conf no longer has `{from}`"
            ));
        }
        site = site.replace(from, &to);
    }
    let d = dir.display();
    Ok(format!(
        "worker_processes 1;\n\
         pid {d}/nginx.pid;\n\
         error_log {d}/error.log warn;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n\
         access_log {d}/other-access.log;\n\
         client_body_temp_path {d}/body;\n\
         proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi;\n\
         uwsgi_temp_path {d}/uwsgi;\n\
         scgi_temp_path {d}/scgi;\n\
         # For the test only: which instance answered.\n\
         add_header X-Upstream $upstream_addr always;\n\
         {site}\n}}\n"
    ))
}

/// A self-signed certificate for 127.0.0.1, valid for the run (openssl
/// installed when missing).
fn certificate(dir: &Path) -> Result<()> {
    if sh::output(Command::new("openssl").arg("version")).is_none() {
        sh::apt_install(&["openssl"])?;
    }
    sh::run(
        Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            ])
            .args([
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ])
            .arg("-keyout")
            .arg(dir.join("key.pem"))
            .arg("-out")
            .arg(dir.join("cert.pem"))
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )
}

fn wait_for_port(port: u16) -> Result<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("nothing listens on port {port}"))
}

/// The requests an instance counted (its `/metrics`, summed over routes).
fn requests_served(metrics_port: u16) -> Result<f64> {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", metrics_port))
        .map_err(|e| format!("metrics on port {metrics_port}: {e}"))?;
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .map_err(|e| format!("metrics: {e}"))?;
    let mut page = String::new();
    stream
        .read_to_string(&mut page)
        .map_err(|e| format!("metrics: {e}"))?;
    Ok(page
        .lines()
        .filter(|l| l.starts_with("prochemploi_http_requests_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum())
}

/// Stops an instance as a service manager would (SIGTERM: requests and
/// the workers' rounds finish) and waits for it.
fn stop(mut child: Child) -> Result<()> {
    sh::run(Command::new("kill").args(["-TERM", &child.id().to_string()]))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("an instance stopped with {status}")),
            Ok(None) if started.elapsed() < Duration::from_secs(60) => {
                std::thread::sleep(Duration::from_millis(100));
            }
            _ => {
                let _ = child.kill();
                return Err("an instance did not stop within 60 s of SIGTERM".into());
            }
        }
    }
}

/// Runs the browser scripts through nginx and two instances.
pub fn browser_tests(binary: &PathBuf, chromium: &Path) -> Result<()> {
    let nginx = nginx()?;
    let pg = Postgres::start()?;
    let key = sh::output(Command::new(binary).arg("gen-key")).ok_or("no key")?;
    let mut mails = 0;
    for (n, (script, mode)) in RUNS.iter().enumerate() {
        eprintln!("==> through nginx, two instances on PostgreSQL: {script} ({mode})");
        let dir = TempDir::new("proxy")?;
        let database = format!("proxied_{n}");
        pg.sql("postgres", &format!("CREATE DATABASE {database}"))?;
        certificate(&dir.0)?;
        let mail_dir = dir.0.join("mail");
        let (sink, smtp_url) = start_smtp_sink(&mail_dir)?;
        let mut children = Children(vec![sink]);
        let (https, http) = (free_port()?, free_port()?);
        let ports = [free_port()?, free_port()?];
        let metrics = [free_port()?, free_port()?];
        let public_url = format!("https://127.0.0.1:{https}");
        // One after the other: the first creates the schema and the demo data.
        let mut instances = Children(Vec::new());
        for (port, metrics_port) in ports.iter().zip(metrics) {
            let (child, _, _) = start_portal(
                binary,
                &[
                    ("DATABASE_URL", pg.database_url(&database)),
                    ("SMTP_URL", smtp_url.clone()),
                    ("PROCHEMPLOI_SECRET_KEY", key.trim().to_owned()),
                    (
                        "PROCHEMPLOI_UPLOADS_DIR",
                        dir.0.join("uploads").display().to_string(),
                    ),
                    ("PROCHEMPLOI_ADDR", format!("127.0.0.1:{port}")),
                    ("PROCHEMPLOI_PUBLIC_URL", public_url.clone()),
                    ("PROCHEMPLOI_TRUSTED_PROXY_HEADER", "X-Forwarded-For".into()),
                    (
                        "PROCHEMPLOI_METRICS_ADDR",
                        format!("127.0.0.1:{metrics_port}"),
                    ),
                    ("PROCHEMPLOI_LOG_FORMAT", "json".into()),
                ],
            )?;
            instances.0.push(child);
        }
        let conf = dir.0.join("nginx.conf");
        std::fs::write(&conf, nginx_conf(&dir.0, https, http, ports)?)
            .map_err(|e| format!("writing {}: {e}", conf.display()))?;
        // Workers run as nobody when we are root: their temporary folders
        // must be theirs to write.
        let _ = Command::new("chmod").arg("755").arg(&dir.0).status();
        children.0.push(
            Command::new(&nginx)
                .arg("-c")
                .arg(&conf)
                .args(["-g", "daemon off;"])
                .stderr(Stdio::inherit())
                .spawn()
                .map_err(|e| format!("starting nginx: {e}"))?,
        );
        wait_for_port(https)?;
        let upstreams = ports.map(|p| format!("127.0.0.1:{p}")).join(",");
        sh::run(
            Command::new("node")
                .current_dir(sh::root().join("tests").join("browser"))
                .arg(script)
                .env("BASE_URL", &public_url)
                .env("MAIL_DIR", &mail_dir)
                .env("JS_MODE", mode)
                .env("UPSTREAMS", &upstreams)
                .env("CHROMIUM", chromium),
        )?;
        for (i, port) in metrics.iter().enumerate() {
            if requests_served(*port)? < 1.0 {
                return Err(format!(
                    "instance {} served no request through nginx",
                    i + 1
                ));
            }
        }
        no_address_logged(&dir.0.join("access.log"))?;
        wait_for_delivery(&pg, &database)?;
        // Those not stopped yet are killed if one fails to stop.
        while let Some(instance) = instances.0.pop() {
            stop(instance)?;
        }
        mails += exactly_once(&pg, &database, &mail_dir)?;
        drop(children);
    }
    if mails == 0 {
        return Err(
            "no e-mail was sent through the two instances: the check proved nothing".into(),
        );
    }
    Ok(())
}

/// nginx logged the run's requests without their addresses (links carry
/// tokens).
fn no_address_logged(log: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(log).map_err(|e| format!("reading {}: {e}", log.display()))?;
    if text.lines().count() < 10 {
        return Err(format!(
            "nginx logged {} request(s): the log format is not in use",
            text.lines().count()
        ));
    }
    for path in ["/equipe", "/connexion", "/api/", "/pkg/", "?"] {
        if text.contains(path) {
            return Err(format!(
                "nginx's access log holds an address ({path}): link tokens would be logged"
            ));
        }
    }
    Ok(())
}

/// Waits (30 s at most) until no e-mail due is waiting.
fn wait_for_delivery(pg: &Postgres, database: &str) -> Result<()> {
    let started = Instant::now();
    loop {
        let pending = pg.sql(
            database,
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND next_attempt_at <= \
             CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)",
        )?;
        if pending == "0" || started.elapsed() > Duration::from_secs(30) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Every e-mail the outbox marked sent reached the sink once, although two
/// instances delivered from the same outbox (counted once both stopped).
fn exactly_once(pg: &Postgres, database: &str, mail_dir: &Path) -> Result<usize> {
    let sent: usize = pg
        .sql(
            database,
            "SELECT COUNT(*) FROM outbox WHERE status = 'sent'",
        )?
        .parse()
        .map_err(|e| format!("counting sent e-mails: {e}"))?;
    let received = std::fs::read_dir(mail_dir)
        .map_err(|e| format!("reading {}: {e}", mail_dir.display()))?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .count();
    if sent != received {
        return Err(format!(
            "the outbox marked {sent} e-mail(s) sent but the SMTP sink received {received}"
        ));
    }
    eprintln!("==> {sent} e-mail(s), each delivered once by the two instances");
    Ok(sent)
}
