//! A throwaway PostgreSQL cluster for the tests: installed if absent,
//! created in a temporary folder on a free loopback port, removed on drop.

use std::path::PathBuf;
use std::process::Command;

use crate::sh::{self, Result};

/// A running test cluster.
pub struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
}

fn find_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

/// A loopback port nobody listens on now.
pub fn free_port() -> Result<u16> {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

impl Postgres {
    /// Command running a PostgreSQL tool, as the `postgres` user when we are
    /// root (initdb refuses root).
    fn tool(&self, name: &str) -> Command {
        let exe = self.bin.join(name);
        if sh::is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    /// Installs PostgreSQL if needed and starts a fresh cluster.
    pub fn start() -> Result<Postgres> {
        if find_bin().is_none() {
            sh::apt_install(&["postgresql"])?;
        }
        let bin = find_bin().ok_or("PostgreSQL could not be installed")?;
        let dir = std::env::temp_dir().join(format!("prochemploi-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        let pg = Postgres {
            bin,
            dir,
            port: free_port()?,
        };
        if sh::is_root() {
            sh::run(
                Command::new("chown")
                    .args(["-R", "postgres:postgres"])
                    .arg(&pg.dir),
            )?;
        }
        let data = pg.dir.join("data");
        sh::run(
            pg.tool("initdb")
                .arg("-D")
                .arg(&data)
                .args([
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-locale",
                ])
                .stdout(std::process::Stdio::null()),
        )?;
        let opts = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            pg.port,
            pg.dir.display()
        );
        sh::run(
            pg.tool("pg_ctl")
                .arg("-D")
                .arg(&data)
                .args(["-o", &opts, "-w", "-l"])
                .arg(pg.dir.join("server.log"))
                .arg("start")
                .stdout(std::process::Stdio::null()),
        )?;
        Ok(pg)
    }

    /// The URL of the cluster's `postgres` database.
    pub fn url(&self) -> String {
        self.database_url("postgres")
    }

    /// The URL of one database of the cluster.
    pub fn database_url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Runs one SQL statement on `database`; returns its rows as text
    /// (`psql -At`: one line per row, columns separated by `|`).
    pub fn sql(&self, database: &str, statement: &str) -> Result<String> {
        let out = self
            .tool("psql")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args([
                "-U",
                "postgres",
                "-d",
                database,
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
            ])
            .arg(statement)
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| format!("psql: {e}"))?;
        if !out.status.success() {
            return Err(format!("psql failed on: {statement}"));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-m", "immediate", "stop"])
            .stdout(std::process::Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
