//! Helpers for the integration tests: a fresh database of each engine, and a
//! live server on a random port.

pub mod bench_burst;
pub mod bench_data;
pub mod indicator_data;
pub mod smtp_sink;

use std::net::SocketAddr;

use anyhow::Context;
use app::backend::db::Pool;
use rand::Rng;
use sqlx::Executor;

/// Which engine a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The engines to run on: SQLite always, PostgreSQL when TEST_POSTGRES_URL
/// is set (`cargo xtask test` starts one and sets it). With
/// PROCHEMPLOI_REQUIRE_POSTGRES=1 a missing PostgreSQL is a failure.
pub fn engines() -> Vec<Engine> {
    let mut v = vec![Engine::Sqlite];
    if std::env::var("TEST_POSTGRES_URL").is_ok() {
        v.push(Engine::Postgres);
    } else {
        assert!(
            std::env::var("PROCHEMPLOI_REQUIRE_POSTGRES").is_err(),
            "TEST_POSTGRES_URL is required"
        );
        eprintln!("note: TEST_POSTGRES_URL not set, PostgreSQL tests skipped (cargo xtask test runs them)");
    }
    v
}

fn random_name(prefix: &str) -> String {
    let n: u64 = rand::rng().random();
    format!("{prefix}_{n:016x}")
}

/// A URL to a new, empty database of the engine.
pub async fn fresh_database_url(engine: Engine) -> anyhow::Result<String> {
    match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join("prochemploi-tests");
            std::fs::create_dir_all(&dir)?;
            let file = dir.join(format!("{}.db", random_name("t")));
            Ok(format!("sqlite://{}?mode=rwc", file.display()))
        }
        Engine::Postgres => {
            let admin_url = std::env::var("TEST_POSTGRES_URL").context("TEST_POSTGRES_URL")?;
            let name = random_name("t");
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url).await?;
            conn.execute(format!("CREATE DATABASE {name}").as_str())
                .await?;
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_owned())
                .context("TEST_POSTGRES_URL has no database part")?;
            Ok(format!("{base}/{name}"))
        }
    }
}

/// A new migrated database with the reference data (communes).
pub async fn fresh_pool(engine: Engine) -> anyhow::Result<Pool> {
    Ok(fresh_pool_at(engine).await?.0)
}

/// A new migrated database with the reference data, and its URL (for
/// `discard_database` once done with it).
pub async fn fresh_pool_at(engine: Engine) -> anyhow::Result<(Pool, String)> {
    let url = fresh_database_url(engine).await?;
    let pool = app::backend::db::connect(&url).await?;
    app::backend::repo::reference::load(&pool).await?;
    Ok((pool, url))
}

/// Closes a database made by `fresh_pool_at` and removes it (the
/// benchmarks' databases weigh hundreds of megabytes).
pub async fn discard_database(pool: Pool, url: &str) -> anyhow::Result<()> {
    pool.close().await;
    if let Some(file) = url
        .strip_prefix("sqlite://")
        .and_then(|f| f.split('?').next())
    {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{file}{suffix}"));
        }
        return Ok(());
    }
    let (_, name) = url.rsplit_once('/').context("no database name")?;
    let admin_url = std::env::var("TEST_POSTGRES_URL").context("TEST_POSTGRES_URL")?;
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url).await?;
    // The pool's sessions may still be ending, or autovacuum at work on
    // the fresh load: they are ended with it.
    conn.execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
        .await?;
    Ok(())
}

/// How many applications do not carry their offer's platform (what the
/// dashboards count them by): 0 whatever path recorded them.
pub async fn applications_off_their_platform(pool: &Pool) -> anyhow::Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM applications a JOIN offers o ON o.id = a.offer_id \
         WHERE a.platform_id IS NULL OR a.platform_id <> o.platform_id",
    )
    .fetch_one(pool)
    .await?;
    Ok(n)
}

/// The content-named client file of the test site root.
pub const TEST_CLIENT_FILE: &str = "/pkg/client.0123456789abcdef.js";

/// The test site's style sheet and loader (plain names: test servers have
/// no hash file), which anonymous visitors' pages carry inline.
pub const TEST_STYLE: &str = "main > h1 { color: #123456 }";
pub const TEST_LOADER: &str = "document.documentElement.classList.add('pe-test');";

/// A small site root for the test servers (this process's own): a favicon
/// with stand-ins for its compressed forms, a content-named script, the
/// style sheet and the loader.
pub fn test_site_root() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir()
        .join("prochemploi-tests")
        .join(format!("site-{}", std::process::id()));
    if !dir.join("pkg").is_dir() {
        std::fs::create_dir_all(dir.join("pkg"))?;
        // The plain files first: a compressed form older than its file is
        // not served.
        std::fs::write(dir.join("favicon.svg"), FAVICON)?;
        std::fs::write(
            dir.join(TEST_CLIENT_FILE.trim_start_matches('/')),
            "console.log('client');",
        )?;
        std::fs::write(dir.join("pkg/frontend.css"), TEST_STYLE)?;
        std::fs::write(dir.join("pkg/client.js"), TEST_LOADER)?;
        std::fs::write(dir.join("favicon.svg.br"), "favicon en brotli")?;
        std::fs::write(dir.join("favicon.svg.gz"), "favicon en gzip")?;
        // As `brotli` leaves them: its output gets the input's time without
        // the fraction of a second (the file half a second later here).
        let second = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_790_000_000);
        let set = |name: &str, at: std::time::SystemTime| {
            std::fs::File::options()
                .write(true)
                .open(dir.join(name))
                .and_then(|f| f.set_modified(at))
        };
        set(
            "favicon.svg",
            second + std::time::Duration::from_millis(500),
        )?;
        set("favicon.svg.br", second)?;
        set(
            "favicon.svg.gz",
            second + std::time::Duration::from_millis(500),
        )?;
    }
    Ok(dir)
}

/// The test site's favicon.
pub const FAVICON: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>"#;

/// A running portal for HTTP tests.
pub struct TestServer {
    pub addr: SocketAddr,
    pub pool: Pool,
    /// Where the portal delivers its e-mails (when the test did not bring
    /// its own SMTP server).
    pub sink: Option<smtp_sink::SmtpSink>,
    /// The portal's metrics (served at `metrics.address()`).
    pub metrics: std::sync::Arc<server::Metrics>,
    /// The background workers (they stop when this is dropped).
    workers: Option<server::shutdown::Workers>,
    /// Stops serving (see [`TestServer::stop`]).
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    served: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl TestServer {
    /// Starts the portal with demo data on a random port and a fresh database.
    pub async fn start(engine: Engine) -> anyhow::Result<TestServer> {
        let sink = smtp_sink::SmtpSink::start().await?;
        let mut server = Self::start_with_smtp(engine, Some(sink.url())).await?;
        server.sink = Some(sink);
        Ok(server)
    }

    /// The text of the newest e-mail (to `to`, or to anyone), as delivered
    /// through SMTP: links with their secrets (the outbox keeps them sealed).
    pub async fn mail_text(&self, to: Option<&str>) -> String {
        let sink = self.sink.as_ref().expect("a server started with its sink");
        let (id, address): (i64, String) = sqlx::query_as(
            "SELECT id, to_address FROM outbox WHERE ($1 IS NULL OR to_address = $1) ORDER BY id DESC LIMIT 1",
        )
        .bind(to)
        .fetch_one(&self.pool)
        .await
        .expect("an e-mail in the outbox");
        for _ in 0..200 {
            let (status,): (String,) = sqlx::query_as("SELECT status FROM outbox WHERE id = $1")
                .bind(id)
                .fetch_one(&self.pool)
                .await
                .expect("status");
            if status == "sent" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        sink.messages()
            .into_iter()
            .rev()
            .find(|m| m.to.contains(&address))
            .map(|m| m.text())
            .expect("the e-mail was delivered")
    }

    /// Starts the portal delivering e-mail to an SMTP server.
    pub async fn start_with_smtp(
        engine: Engine,
        smtp_url: Option<String>,
    ) -> anyhow::Result<TestServer> {
        Self::start_with(engine, smtp_url, |_| {}).await
    }

    /// Starts the portal with its configuration changed by `tweak`.
    pub async fn start_with(
        engine: Engine,
        smtp_url: Option<String>,
        tweak: impl FnOnce(&mut server::Config),
    ) -> anyhow::Result<TestServer> {
        let url = fresh_database_url(engine).await?;
        let mut config = server::Config {
            addr: "127.0.0.1:0".parse()?,
            database_url: url,
            site_root: test_site_root()?,
            demo: true,
            public_url: "http://127.0.0.1".into(),
            uploads_dir: std::env::temp_dir()
                .join("prochemploi-tests")
                .join("uploads"),
            smtp_url,
            metrics_addr: Some("127.0.0.1:0".parse()?),
            ..server::Config::default()
        };
        tweak(&mut config);
        let pool = server::prepare_database(&config).await?;
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let state = server::app_state(&config, pool.clone());
        let metrics = server::Metrics::new();
        let workers = server::spawn_background(&config, &state, &metrics)?;
        let router = server::router(&config, state, &metrics);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = tokio::spawn(async move {
            let stopped = async {
                let _ = stopped.await;
            };
            server::serve_until(&config, listener, router, stopped).await
        });
        Ok(TestServer {
            addr,
            pool,
            sink: None,
            metrics,
            workers: Some(workers),
            stop: Some(stop),
            served: Some(served),
        })
    }

    /// Stops the portal as a SIGTERM would: no new connection, the requests
    /// in progress finish, then the background workers end their round.
    /// Returns how serving ended and whether the workers stopped in time.
    pub async fn stop(&mut self) -> (anyhow::Result<()>, bool) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let served = match self.served.take() {
            Some(task) => task.await.unwrap_or_else(|e| Err(e.into())),
            None => Ok(()),
        };
        let workers = match self.workers.take() {
            Some(w) => w.stop(std::time::Duration::from_secs(30)).await,
            None => true,
        };
        (served, workers)
    }

    /// An absolute URL on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client with its own cookie jar that does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            // A page that never answers fails the test instead of hanging it.
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap_or_default()
    }
}
