//! A throwaway PostgreSQL server for the tests: `initdb` into a scratch directory, `pg_ctl`
//! on a free loopback port, stopped (and its files removed) when dropped. Debian's server
//! binaries (`/usr/lib/postgresql/<version>/bin`) are installed by `scripts/deps.sh`. As
//! root, the server runs as the `postgres` user (initdb refuses root).

use crate::{free_port, Scratch};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A running server; `url()` connects as the superuser `rheo` with password `rheo`.
pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    as_postgres: bool,
    _scratch: Scratch,
}

/// The directory of Debian's PostgreSQL server binaries (newest version).
pub fn server_bin_dir() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL server packages installed (scripts/deps.sh)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions
        .pop()
        .expect("an initdb under /usr/lib/postgresql/*/bin")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl Postgres {
    /// Initialises and starts a server; panics with the server's log if it does not come up.
    pub fn start() -> Postgres {
        let scratch = Scratch::new("postgres");
        let bin = server_bin_dir();
        let as_postgres = is_root();
        let data = scratch.path().join("data");
        let pwfile = scratch.path().join("pw");
        std::fs::write(&pwfile, "rheo\n").unwrap();
        if as_postgres {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(scratch.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown of the scratch directory failed");
        }
        let pg = Postgres {
            bin,
            data,
            port: free_port(),
            as_postgres,
            _scratch: scratch,
        };
        let init = pg
            .command("initdb")
            .args(["-U", "rheo", "--auth=md5", "--encoding=UTF8", "--no-sync"])
            .arg(format!("--pwfile={}", pwfile.display()))
            .arg("-D")
            .arg(&pg.data)
            .output()
            .unwrap();
        assert!(
            init.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        let log = pg.data.join("server.log");
        let opts = format!(
            "-p {} -k {} -h 127.0.0.1 -c fsync=off",
            pg.port,
            pg.data.display()
        );
        let start = pg
            .command("pg_ctl")
            .arg("-D")
            .arg(&pg.data)
            .args(["-o", &opts, "-l"])
            .arg(&log)
            .args(["-w", "-t", "60", "start"])
            .output()
            .unwrap();
        assert!(
            start.status.success(),
            "pg_ctl start failed: {}\n{}",
            String::from_utf8_lossy(&start.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        pg
    }

    fn command(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    /// The connection URL in SQLAlchemy's form, as hetida users write it.
    pub fn url(&self) -> String {
        format!(
            "postgresql+psycopg2://rheo:rheo@127.0.0.1:{}/postgres",
            self.port
        )
    }

    /// Runs SQL through `psql` and returns its unaligned, tuples-only output.
    pub fn psql(&self, sql: &str) -> String {
        self.psql_in("postgres", sql)
    }

    /// [`Postgres::psql`] in database `db`.
    pub fn psql_in(&self, db: &str, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-U",
                "rheo",
                "-d",
                db,
            ])
            .args(["-p", &self.port.to_string(), "-c", sql])
            .env("PGPASSWORD", "rheo")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}
