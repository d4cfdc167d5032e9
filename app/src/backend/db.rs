//! The database: one pool type for SQLite and PostgreSQL, chosen by URL, and
//! the migrations of each.

use std::str::FromStr;
use std::time::Duration;

use anyhow::{bail, Context};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::ConnectOptions;

/// The pool every repository takes.
pub type Pool = sqlx::AnyPool;
/// A transaction on that pool.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// Begins a transaction that writes. On SQLite it takes the write lock at
/// once (`BEGIN IMMEDIATE`, waiting up to the busy timeout): a deferred
/// transaction that reads first could not upgrade to a write after another
/// connection committed (the background e-mail worker, say) and would fail.
pub async fn begin(pool: &Pool) -> sqlx::Result<Tx> {
    if backend(pool) == Backend::Sqlite {
        pool.begin_with("BEGIN IMMEDIATE").await
    } else {
        pool.begin().await
    }
}

/// Which engine a URL points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Reads the scheme of a database URL.
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            bail!("DATABASE_URL must start with sqlite: or postgres:// (got another scheme)")
        }
    }
}

/// The engine behind a pool.
pub fn backend(pool: &Pool) -> Backend {
    if pool.connect_options().database_url.scheme() == "sqlite" {
        Backend::Sqlite
    } else {
        Backend::Postgres
    }
}

/// Opens the pool (creating the SQLite file and its folder if needed) and
/// runs the migrations of the engine. A failed migration is an error the
/// caller must stop on.
pub async fn connect(url: &str) -> anyhow::Result<Pool> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url)?;
    if backend == Backend::Sqlite {
        prepare_sqlite_file(url)?;
    }
    let options = AnyConnectOptions::from_str(url)
        .context("DATABASE_URL is not a valid database URL")?
        .log_statements(tracing::log::LevelFilter::Trace)
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_secs(1));
    let pool = AnyPoolOptions::new()
        .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Postgres {
                    // PostgreSQL compiles a plan's expressions (JIT) once its
                    // estimated cost is high, as the indicators' counts by
                    // month over a year of offers are: hundreds of
                    // milliseconds of compiling for queries that run in less.
                    sqlx::query("SET jit = off").execute(conn).await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .context("could not open the database")?;
    if backend == Backend::Sqlite {
        // WAL lets readers work while one connection writes; it is stored in
        // the file, so setting it once is enough.
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await
            .context("could not switch SQLite to WAL mode")?;
    }
    let migrator = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator
        .run(&pool)
        .await
        .context("database migration failed: the server stops here, the database was left as it was before the failing migration")?;
    refresh_statistics(&pool)
        .await
        .context("could not refresh the SQLite planner statistics")?;
    Ok(pool)
}

/// The tables whose statistics steer the public search on SQLite.
const SEARCH_TABLES: [&str; 2] = ["offers", "offer_words"];

/// Keeps SQLite's planner statistics of the search tables current, and
/// says whether it had to. SQLite has no statistics until something runs
/// `ANALYZE`; without them its planner guesses how many offers an index
/// leads to, and a search of a small commune took 49 ms at 100,000 offers
/// (0.9 ms with them; 361 ms against 5 ms at 1,000,000). The offers and
/// their words are analysed when they never were, when the offers have
/// since doubled or halved, or when one of their indexes (not a partial
/// one) has no statistics (made by a migration since): at start and in
/// each housekeeping round. Only
/// these tables: statistics on every table made a platform's dashboard
/// five times slower, where SQLite's rules of thumb choose well. Each
/// connection reads them when it opens (the pool renews its connections
/// within 30 minutes). PostgreSQL's autovacuum keeps its own statistics.
pub async fn refresh_statistics(pool: &Pool) -> sqlx::Result<bool> {
    if backend(pool) != Backend::Sqlite {
        return Ok(false);
    }
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM offers")
        .fetch_one(pool)
        .await?;
    let (analysed,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
    )
    .fetch_one(pool)
    .await?;
    let known: Option<i64> = if analysed > 0 {
        let stat: Option<(String,)> = sqlx::query_as(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'offers' AND idx = 'offers_public'",
        )
        .fetch_optional(pool)
        .await?;
        stat.and_then(|(s,)| s.split_whitespace().next()?.parse().ok())
    } else {
        None
    };
    // An index made since the last analysis (a migration) has none yet.
    let unknown_index = if analysed > 0 {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM sqlite_master m WHERE m.type = 'index' \
             AND m.tbl_name IN ('offers', 'offer_words') \
             AND COALESCE(m.sql, '') NOT LIKE '% WHERE %' \
             AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.idx = m.name)",
        )
        .fetch_one(pool)
        .await?;
        n > 0
    } else {
        false
    };
    let stale = match known {
        None => rows > 0,
        Some(known) => {
            rows > known.saturating_mul(2) || rows.saturating_mul(2) < known || unknown_index
        }
    };
    if stale {
        tracing::info!(
            offers = rows,
            "SQLite statistics of the search tables refreshed"
        );
        for table in SEARCH_TABLES {
            sqlx::query(&format!("ANALYZE {table}"))
                .execute(pool)
                .await?;
        }
    }
    Ok(stale)
}

/// Creates the folder of a SQLite file and asks sqlx to create the file.
fn prepare_sqlite_file(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("could not create the folder {}", dir.display()))?;
        }
    }
    if !url.contains("mode=") {
        bail!("a SQLite DATABASE_URL needs ?mode=rwc so that the file is created on first run");
    }
    Ok(())
}

/// The current time, in Unix seconds.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Whether the database answers and holds every migration this build
/// knows (an instance started before an upgrade's migrations ran, or
/// pointed at an older database, is not ready).
pub async fn ready(pool: &Pool) -> anyhow::Result<()> {
    let migrator = if pool.connect_options().database_url.scheme() == "sqlite" {
        &SQLITE_MIGRATIONS
    } else {
        &POSTGRES_MIGRATIONS
    };
    let latest = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    let (applied,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM _sqlx_migrations WHERE success",
    )
    .fetch_one(pool)
    .await
    .context("the database does not answer")?;
    if applied < latest {
        bail!("migrations missing: the database is at {applied}, this build needs {latest}");
    }
    Ok(())
}
