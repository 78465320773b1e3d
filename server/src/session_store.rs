//! Sessions live in the application's own database: one store type that is
//! SQLite's or PostgreSQL's, chosen by the URL like everything else. Each
//! instance remembers what it read for half a second (`Remembered`), so a
//! page's burst of requests (the page, its server functions, its files) reads
//! the session once; a session ended by another instance is refused there
//! within that half second.

use async_trait::async_trait;
use pitlane::db::{Db, Engine};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    /// Opens a small pool of the engine's own type (the store needs one) on the
    /// same database, and creates the session table.
    pub async fn open(db: &Db) -> Result<Self, sqlx::Error> {
        let store = match db.engine() {
            Engine::Sqlite => {
                let options = SqliteConnectOptions::from_str(db.url())?
                    .busy_timeout(Duration::from_secs(5))
                    .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
                let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
                Store::Sqlite(SqliteStore::new(pool))
            }
            Engine::Postgres => {
                let pool = PgPoolOptions::new().max_connections(4).connect(db.url()).await?;
                Store::Postgres(PostgresStore::new(pool))
            }
        };
        match &store {
            Store::Sqlite(s) => s.migrate().await?,
            Store::Postgres(s) => s.migrate().await?,
        }
        Ok(store)
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite(s) => s.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// How long a session read from the database is taken as still true.
const FRESH_FOR: Duration = Duration::from_millis(500);

/// A store that answers a load from what this instance read or wrote in the
/// last `FRESH_FOR`; every write goes to the database first.
#[derive(Debug, Clone)]
pub struct Remembered {
    store: Store,
    recent: Arc<Mutex<Recent>>,
}

#[derive(Debug, Default)]
struct Recent {
    records: HashMap<Id, (Instant, Option<Record>)>,
    swept: Option<Instant>,
}

impl Recent {
    fn fresh(&self, id: &Id) -> Option<Option<Record>> {
        self.records.get(id).filter(|(at, _)| at.elapsed() < FRESH_FOR).map(|(_, record)| record.clone())
    }

    /// Keeps `record` (or that there is none) and drops what went stale, at
    /// most once per `FRESH_FOR`, so the map holds one window's sessions.
    fn keep(&mut self, id: Id, record: Option<Record>) {
        let now = Instant::now();
        if self.swept.is_none_or(|at| now.duration_since(at) >= FRESH_FOR) {
            self.records.retain(|_, (at, _)| now.duration_since(*at) < FRESH_FOR);
            self.swept = Some(now);
        }
        self.records.insert(id, (now, record));
    }
}

impl Remembered {
    pub fn new(store: Store) -> Self {
        Self { store, recent: Arc::default() }
    }

    fn recent(&self) -> std::sync::MutexGuard<'_, Recent> {
        // What is kept is a cache: after a panic elsewhere it is still usable.
        self.recent.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl SessionStore for Remembered {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.store.create(record).await?;
        self.recent().keep(record.id, Some(record.clone()));
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.store.save(record).await?;
        self.recent().keep(record.id, Some(record.clone()));
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        if let Some(known) = self.recent().fresh(id) {
            return Ok(known);
        }
        let record = self.store.load(id).await?;
        self.recent().keep(*id, record.clone());
        Ok(record)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store.delete(id).await?;
        self.recent().records.remove(id);
        Ok(())
    }
}
