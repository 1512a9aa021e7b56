//! Persistence for wijkverband: one schema on SQLite (the embedded default) and
//! PostgreSQL (multi-user), through sqlx's `Any` driver so that both run the
//! same code. Every import is one transaction: it lands whole or not at all.

mod cyclus;
mod error;
mod gebied;
mod gebruiker;
mod import;
mod indeling;
mod interview;
mod koppeling;
mod model;
mod overzicht;
mod regio;
mod sessie;
mod sociale_kaart;
mod status;
mod wijkfoto;

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions};

pub use cyclus::{
    ActieRij, Cyclus, CyclusInhoud, DoelRij, Historie, Meting, NieuweActie, NieuweOpgave, OpgaveRij, Praktijk,
    Voortgang, huidige,
};
pub use error::StoreError;
pub use gebied::{BuurtFilter, BuurtRij};
pub use gebruiker::{Gebruiker, Rol, Uitnodiging};
pub use import::{GezondheidReport, ImportReport};
pub use indeling::{Edited, PlanNaam, StoredPlan, Versie, VersiePlaats};
pub use interview::Interview;
pub use koppeling::BronRij;
pub use model::{ModelOptions, PlanError, RegionModel};
pub use overzicht::{Overzicht, OverzichtRij};
pub use regio::{Regio, RegioSleutel, Vaststelling};
pub use sessie::{
    BijdrageRij, Deelnemer, DraadBijdrage, ImportRij, MAX_BIJDRAGE, NieuweSessie, Sessie, SessieGebied, SessieStatus,
    Stuur, TafelRij, ThemaRij,
};
pub use status::{Status, StatusRow};
pub use wijkfoto::{AntwoordRij, MAX_NIEUW, MINIMUM, NieuweRonde, Respondent, Ronde, RondeFout, Toegang};

/// Receives progress of long operations (a progress bar on a terminal).
pub trait Progress: Sync {
    /// The number of steps the operation will take.
    fn total(&self, _steps: u64) {}
    /// Steps done since the last call.
    fn advance(&self, _steps: u64) {}
}

/// No progress reporting.
pub struct Quiet;
impl Progress for Quiet {}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool to the store, migrated to the current schema.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// Where write transactions run: on SQLite one connection of its own (it has one writer at a
    /// time anyway), so a write waits for other writes only, not behind every reader; on
    /// PostgreSQL the pool.
    writer: AnyPool,
    backend: Backend,
    /// Plans read before, reused while their stamp is unchanged.
    plans: indeling::PlanCache,
}

/// Turns what a user gives as `--db` into a database URL: a plain path means
/// an SQLite file (created when missing).
pub fn database_url(db: &str) -> String {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") || db.starts_with("sqlite:") {
        db.to_string()
    } else {
        format!("sqlite://{db}?mode=rwc")
    }
}

impl Store {
    /// Opens (and creates or migrates) the store at `db`: a path, `sqlite:…` or `postgres://…`.
    pub async fn open(db: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let url = database_url(db);
        let backend = if url.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres };
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|e| StoreError::Open(format!("{}: {e}", redact(&url))))?
            .disable_statement_logging();
        // SQLite in WAL mode reads in parallel; its one writer at a time
        // makes the others wait (sqlx's busy timeout) rather than fail.
        let max = if backend == Backend::Sqlite { 4 } else { 8 };
        let connect = |max: u32| AnyPoolOptions::new().max_connections(max).connect_with(options.clone());
        let open_error = |e: sqlx::Error| StoreError::Open(format!("{}: {e}", redact(&url)));
        let pool = connect(max).await.map_err(open_error)?;
        if backend == Backend::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        MIGRATOR.run(&pool).await.map_err(|e| StoreError::Open(format!("migrating {}: {e}", redact(&url))))?;
        let writer = match backend {
            Backend::Sqlite => connect(1).await.map_err(open_error)?,
            Backend::Postgres => pool.clone(),
        };
        let store = Store { pool, writer, backend, plans: Default::default() };
        store.hash_old_links().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so
    /// that simultaneous writers wait their turn (the busy timeout) instead of failing when a
    /// read transaction tries to become a write one; on PostgreSQL the rows an edit reads are
    /// locked with `FOR UPDATE` where it matters.
    pub(crate) async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writer.begin().await?,
        })
    }

    pub async fn close(self) {
        self.writer.close().await;
        self.pool.close().await;
    }
}

/// A fresh random stamp for state kept in memory (`revisie`): unique in practice, also across a
/// plan or region deleted and made again.
pub(crate) fn revisie() -> Result<i64, StoreError> {
    Ok(getrandom::u64().map_err(|e| StoreError::Model(format!("no random stamp: {e}")))? as i64)
}

/// Placeholders for a batch insert of `rows` rows of `cols` columns:
/// `(?, ?), (?, ?)` on SQLite, `($1, $2), ($3, $4)` on PostgreSQL.
///
/// Batches run as cached prepared statements on SQLite (preparing a large
/// batch anew each time is slow there) but not on PostgreSQL: sqlx 0.9.0's
/// `Any` driver binds a NULL `f64` as `float4`, so a cached statement first
/// run with a NULL would reject later values. (sqlx's `QueryBuilder` on `Any`
/// writes `?`, which PostgreSQL rejects, hence this helper.)
pub(crate) fn placeholders(backend: Backend, rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            match backend {
                Backend::Sqlite => s.push('?'),
                Backend::Postgres => s.push_str(&format!("${}", r * cols + c + 1)),
            }
        }
        s.push(')');
    }
    s
}

/// A URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}://{user}:***@{}", &url[..s], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_redaction() {
        assert_eq!(database_url("wijkverband.db"), "sqlite://wijkverband.db?mode=rwc");
        assert_eq!(database_url("postgres://u:p@h/db"), "postgres://u:p@h/db");
        assert_eq!(redact("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(placeholders(Backend::Postgres, 2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholders(Backend::Sqlite, 2, 2), "(?, ?), (?, ?)");
    }
}
