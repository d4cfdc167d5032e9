//! Operator commands: backup and restore of the database, a new key, and
//! the key rotation that re-encrypts every sensitive field and CV file.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use app::backend::db::{Backend, Pool};
use app::backend::secrets::{Rotation, SecretKey};
use sqlx::Row;

/// The file of a SQLite URL.
fn sqlite_file(url: &str) -> PathBuf {
    PathBuf::from(
        url.trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or_default(),
    )
}

/// `prochemploi backup FILE`: a consistent copy while the server runs
/// (SQLite's `VACUUM INTO`; PostgreSQL's `pg_dump`, custom format).
pub async fn backup(pool: &Pool, database_url: &str, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} exists already: choose a new file name", file.display());
    }
    match Backend::of_url(database_url)? {
        Backend::Sqlite => {
            let path = file.to_str().context("the file name must be UTF-8")?;
            sqlx::query(&format!("VACUUM INTO '{}'", path.replace('\'', "''")))
                .execute(pool)
                .await
                .context("SQLite backup (VACUUM INTO)")?;
        }
        Backend::Postgres => {
            let status = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(file)
                .arg(database_url)
                .status()
                .context("running pg_dump (install the PostgreSQL client tools)")?;
            if !status.success() {
                bail!("pg_dump failed ({status})");
            }
        }
    }
    Ok(())
}

/// Whether a database has no table yet.
async fn is_empty(database_url: &str) -> anyhow::Result<bool> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(database_url).await?;
    let sql = match Backend::of_url(database_url)? {
        Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
        }
    };
    let row = sqlx::query(sql).fetch_one(&mut conn).await?;
    let count: i64 = row.try_get(0)?;
    Ok(count == 0)
}

/// `prochemploi restore FILE`: the backup into an empty database (never
/// over data).
pub async fn restore(database_url: &str, file: &Path) -> anyhow::Result<()> {
    if !file.exists() {
        bail!("{} does not exist", file.display());
    }
    match Backend::of_url(database_url)? {
        Backend::Sqlite => {
            let target = sqlite_file(database_url);
            if target.exists() && !is_empty(database_url).await? {
                bail!(
                    "the database {} is not empty: restore into a new file",
                    target.display()
                );
            }
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = target.with_extension("restoring");
            std::fs::copy(file, &tmp).context("copying the backup")?;
            std::fs::rename(&tmp, &target).context("installing the restored database")?;
        }
        Backend::Postgres => {
            if !is_empty(database_url).await? {
                bail!("the database is not empty: restore into a new, empty database");
            }
            let status = Command::new("pg_restore")
                .args([
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                ])
                .arg(database_url)
                .arg(file)
                .status()
                .context("running pg_restore (install the PostgreSQL client tools)")?;
            if !status.success() {
                bail!("pg_restore failed ({status})");
            }
        }
    }
    Ok(())
}

/// The sensitive columns, sealed under the server's key.
const SEALED_FIELDS: &[(&str, &str, &str)] = &[
    ("registrations", "id", "phone"),
    ("registrations", "id", "priorities"),
    ("applications", "id", "phone"),
    ("support_requests", "id", "phone"),
];

/// What a rotation did.
#[derive(Debug, Default)]
pub struct Rotated {
    pub fields: u64,
    pub mails: u64,
    pub files: u64,
}

/// `prochemploi rotate-key`: re-encrypts every sensitive field, the sealed
/// link secrets of the outbox (one transaction) and the CV files (each
/// replaced atomically) from the current key to the new one. Plain values
/// left from before encryption are sealed too; values already under the new
/// key are left, so an interrupted rotation can be run again.
pub async fn rotate(pool: &Pool, uploads: &Path, rotation: &Rotation) -> anyhow::Result<Rotated> {
    let mut done = Rotated::default();
    let mut tx = app::backend::db::begin(pool).await?;
    for (table, id, column) in SEALED_FIELDS {
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT {id}, {column} FROM {table} WHERE {column} <> ''"
        ))
        .fetch_all(&mut *tx)
        .await?;
        for (key, value) in rows {
            if rotation.field_is_new(&value) {
                continue;
            }
            let sealed = rotation.field(&value).with_context(|| {
                format!("{table}.{column} of {key} does not open with the current key")
            })?;
            sqlx::query(&format!("UPDATE {table} SET {column} = $1 WHERE {id} = $2"))
                .bind(sealed)
                .bind(key)
                .execute(&mut *tx)
                .await?;
            done.fields += 1;
        }
    }
    let mails: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, sealed_secrets FROM outbox WHERE sealed_secrets IS NOT NULL")
            .fetch_all(&mut *tx)
            .await?;
    for (id, sealed) in mails {
        if rotation.sealed_is_new(&sealed) {
            continue;
        }
        let resealed = rotation
            .sealed(&sealed)
            .with_context(|| format!("the link secrets of e-mail {id} do not open"))?;
        sqlx::query("UPDATE outbox SET sealed_secrets = $1 WHERE id = $2")
            .bind(resealed)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        done.mails += 1;
    }
    tx.commit().await?;
    let dir = uploads.join("cv");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("pdf") {
                continue;
            }
            let stored = std::fs::read(&path)?;
            if rotation.file_is_new(&stored) {
                continue;
            }
            let resealed = rotation.file(&stored).with_context(|| {
                format!("{} does not open with the current key", path.display())
            })?;
            let tmp = path.with_extension("rotating");
            std::fs::write(&tmp, resealed)?;
            std::fs::rename(&tmp, &path)?;
            done.files += 1;
        }
    }
    Ok(done)
}

/// A new key, as 64 hex characters.
pub fn new_key() -> String {
    SecretKey::random().to_hex()
}
