//! The connection pool and the one place that knows which engine is behind it.
//! SQL elsewhere is written once, in the dialect both engines accept.

use sqlx::any::{AnyPoolOptions, AnyQueryResult};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// `None` for a URL that names neither engine.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    /// The pool size a server starts with unless told otherwise. SQLite:
    /// readers run side by side in WAL, and past 8 they only take turns on the
    /// cores. PostgreSQL: about four per core here, at least 8; on 2 cores,
    /// shared with the database, 16 connections doubled /me's p99 against 8.
    pub fn default_connections(self) -> u32 {
        match self {
            Engine::Sqlite => 8,
            Engine::Postgres => {
                let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
                u32::try_from(cores * 4).unwrap_or(u32::MAX).clamp(8, 64)
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres://, got {0:?}")]
    UnknownEngine(String),
    #[error("cannot create the folder for the SQLite file {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    engine: Engine,
    url: String,
    /// SQLite lets one writer in at a time and makes the others sleep and
    /// retry (1, 2, 5, 10 … ms, so a busy moment costs tens of milliseconds);
    /// short writes queued here go in the moment the one before is done.
    writes: Arc<tokio::sync::Mutex<()>>,
    kept: Arc<Kept>,
}

/// How long an instance keeps master data it read (`Db::kept`): a change made
/// elsewhere shows on every instance within this time.
pub const KEPT_FOR: Duration = Duration::from_secs(30);

/// Master data read by name, with when it was read, and how many times it was
/// forgotten (a read that began before the last `forget_kept` is not kept).
#[derive(Default)]
struct Kept(RwLock<KeptValues>);

#[derive(Default)]
struct KeptValues {
    forgotten: u64,
    values: HashMap<&'static str, (Instant, KeptValue)>,
}

/// One kept value, whatever its type (`Db::kept` asks for it by type again).
type KeptValue = Arc<dyn Any + Send + Sync>;

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kept")
    }
}

impl Db {
    /// Connects and, for SQLite, creates the file (and its folder) on first run.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        let engine = Engine::of_url(url).ok_or_else(|| DbError::UnknownEngine(url.to_owned()))?;
        let url = match engine {
            Engine::Sqlite => prepare_sqlite_url(url)?,
            Engine::Postgres => url.to_owned(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings every connection it hands out: a round trip to the
            // server (PostgreSQL) or to the connection's thread (SQLite) per
            // query, as many again as the queries themselves (a third of a page's
            // CPU under load). A connection that did break fails its query, which
            // the request reports, and the pool then drops it.
            .test_before_acquire(false)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        // The busy timeout makes a second writer wait instead of failing;
                        // foreign keys are off by default. (WAL is the file's, set once below.)
                        conn.execute(
                            "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(DbError::Connect)?;
        if engine == Engine::Sqlite {
            // WAL lets readers work during a write. It is kept in the file, so it is set
            // once here rather than on every connection (where it costs a lock each time).
            pool.execute("PRAGMA journal_mode = WAL").await.map_err(DbError::Connect)?;
        }
        Ok(Self { pool, engine, url, writes: Arc::default(), kept: Arc::default() })
    }

    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.engine {
            Engine::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Engine::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Held around a short autocommit write on SQLite (nothing to hold on
    /// PostgreSQL, which locks rows, not the file).
    pub async fn one_writer(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.engine {
            Engine::Sqlite => Some(self.writes.lock().await),
            Engine::Postgres => None,
        }
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The URL actually connected to (SQLite's gains `mode=rwc`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A round trip, for health checks.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        let _: AnyQueryResult = sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn prepare_sqlite_url(url: &str) -> Result<String, DbError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" {
        if let Some(folder) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| DbError::Folder { path: path.to_owned(), source })?;
        }
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// True when the error is a unique-constraint violation (on either engine).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Dates are stored as ISO text (`YYYY-MM-DD`) on both engines.
pub fn date_column(raw: &str) -> Result<chrono::NaiveDate, sqlx::Error> {
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|e| sqlx::Error::Decode(format!("stored date {raw:?}: {e}").into()))
}

pub fn optional_date_column(raw: Option<&str>) -> Result<Option<chrono::NaiveDate>, sqlx::Error> {
    raw.map(date_column).transpose()
}

impl Db {
    /// `name` as `read` returned it at most [`KEPT_FOR`] ago: for master data
    /// (dealers, car models) that most pages show and that changes a few times
    /// a year, so a page need not ask the database for it each time. Whatever
    /// changes master data calls [`Db::forget_kept`].
    pub async fn kept<T, F>(&self, name: &'static str, read: F) -> Result<Arc<T>, sqlx::Error>
    where
        T: Any + Send + Sync,
        F: Future<Output = Result<T, sqlx::Error>>,
    {
        let now = Instant::now();
        let (forgotten, known) = {
            let kept = self.kept.0.read().unwrap_or_else(PoisonError::into_inner);
            (kept.forgotten, kept.values.get(name).cloned())
        };
        if let Some(value) =
            known.filter(|(at, _)| now.duration_since(*at) < KEPT_FOR).and_then(|(_, value)| value.downcast().ok())
        {
            return Ok(value);
        }
        let value = Arc::new(read.await?);
        let mut kept = self.kept.0.write().unwrap_or_else(PoisonError::into_inner);
        if kept.forgotten == forgotten {
            let stored: KeptValue = value.clone();
            kept.values.insert(name, (now, stored));
        }
        Ok(value)
    }

    /// Master data changed through this instance: read it afresh next time.
    pub fn forget_kept(&self) {
        let mut kept = self.kept.0.write().unwrap_or_else(PoisonError::into_inner);
        kept.forgotten += 1;
        kept.values.clear();
    }

    /// A transaction that will write. SQLite takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of
    /// one failing when its read snapshot goes stale; PostgreSQL locks rows as
    /// they are written.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.pool.begin().await,
        }
    }

    /// The aggregate that joins a group's text `expr` with " / ": SQLite's
    /// `group_concat`, PostgreSQL's `string_agg` (NULL for an empty group).
    pub fn joined_text(&self, expr: &str) -> String {
        match self.engine {
            Engine::Sqlite => format!("group_concat({expr}, ' / ')"),
            Engine::Postgres => format!("string_agg({expr}, ' / ')"),
        }
    }

    /// The clause that locks the rows a SELECT reads until the transaction
    /// ends: PostgreSQL's `FOR UPDATE`; nothing on SQLite, whose writer is
    /// alone (`begin_write`).
    pub fn for_update(&self) -> &'static str {
        match self.engine {
            Engine::Postgres => " FOR UPDATE",
            Engine::Sqlite => "",
        }
    }

    /// Serialises new leads and drive bookings at one dealer (the round-robin
    /// reads who got the last lead; two bookings would pick the same free car);
    /// SQLite's write lock already does. `NO KEY`: rows that merely reference the
    /// dealer (a sold car, a booking) are not held up, nor deadlock against it.
    pub async fn lock_dealer(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        dealer: i64,
    ) -> Result<(), sqlx::Error> {
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT id FROM dealers WHERE id = $1 FOR NO KEY UPDATE")
                .bind(dealer)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Serialises one account's writes inside a write transaction, so a count
    /// taken after it stays true until commit. PostgreSQL locks the user's row
    /// until the transaction ends (`NO KEY`: rows that merely reference the
    /// user, like another booking's history line, are not held up); SQLite's
    /// `BEGIN IMMEDIATE` already holds the database's only write lock.
    pub async fn lock_user(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        user: i64,
    ) -> Result<(), sqlx::Error> {
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE").bind(user).execute(&mut **tx).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_comes_from_the_url_scheme() {
        assert_eq!(Engine::of_url("sqlite://data/x.db"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("sqlite::memory:"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("postgres://u@h/db"), Some(Engine::Postgres));
        assert_eq!(Engine::of_url("mysql://u@h/db"), None);
    }

    #[test]
    fn sqlite_urls_are_opened_read_write_create() {
        let dir = std::env::temp_dir().join("pitlane-url-test");
        let url = format!("sqlite://{}/x.db", dir.display());
        let prepared = prepare_sqlite_url(&url).map_err(|e| e.to_string());
        assert_eq!(prepared, Ok(format!("{url}?mode=rwc")));
        assert!(dir.is_dir());
    }

    #[tokio::test]
    async fn master_data_is_read_once_until_forgotten() {
        let dir = std::env::temp_dir().join(format!("pitlane-kept-test-{}", std::process::id()));
        let db = Db::connect(&format!("sqlite://{}/x.db", dir.display()), 1).await.expect("a database");
        let read = |n: i64| async move { Ok::<_, sqlx::Error>(n) };
        assert_eq!(*db.kept("n", read(1)).await.expect("read"), 1);
        assert_eq!(*db.kept("n", read(2)).await.expect("kept"), 1, "kept, not read again");
        assert_eq!(*db.kept("m", read(5)).await.expect("another name"), 5);
        db.forget_kept();
        assert_eq!(*db.kept("n", read(3)).await.expect("read afresh"), 3);
        // Master data changed while it was being read: what that read saw is not kept.
        let changed_meanwhile = async {
            db.forget_kept();
            Ok::<_, sqlx::Error>(4)
        };
        assert_eq!(*db.kept("n", changed_meanwhile).await.expect("read"), 4);
        assert_eq!(*db.kept("n", read(5)).await.expect("read afresh"), 5);
    }
}
