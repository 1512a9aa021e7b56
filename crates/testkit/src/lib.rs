//! Test support shared by the crates' integration tests.
//!
//! Every store test runs twice: on a fresh SQLite file and on a fresh
//! PostgreSQL database. The PostgreSQL server is started by the test command
//! (`./test`), which exports its URL as `WIJKVERBAND_TEST_PG`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

/// A store for one test; the SQLite file or PostgreSQL database is fresh.
pub struct TestDb {
    pub url: String,
    pub kind: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// The two backends every store test runs on.
pub async fn backends() -> Vec<TestDb> {
    vec![sqlite(), postgres().await]
}

/// A store test as two tests, `name::sqlite` and `name::postgres`, so that a failure on one
/// store never hides the other's result (an `async fn` runs under tokio, a `fn` as it is):
///
/// ```ignore
/// wv_testkit::on_both_stores! {
///     /// What the test shows.
///     async fn imports_are_transactional(db) { let store = Store::open(&db.url).await.unwrap(); … }
/// }
/// ```
#[macro_export]
macro_rules! on_both_stores {
    ($(#[$meta:meta])* async fn $name:ident($db:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn on_store($db: $crate::TestDb) $body

            #[tokio::test]
            async fn sqlite() {
                on_store($crate::sqlite()).await
            }

            #[tokio::test]
            async fn postgres() {
                on_store($crate::postgres().await).await
            }
        }
    };
    ($(#[$meta:meta])* fn $name:ident($db:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn on_store($db: $crate::TestDb) $body

            #[test]
            fn sqlite() {
                on_store($crate::sqlite())
            }

            #[test]
            fn postgres() {
                on_store($crate::postgres_now())
            }
        }
    };
}

/// A fresh PostgreSQL database, for a test without a runtime of its own (the CLI's tests).
pub fn postgres_now() -> TestDb {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime to create the database")
        .block_on(postgres())
}

pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = dir.path().join("test.db").display().to_string();
    TestDb { url, kind: "sqlite", _dir: Some(dir) }
}

/// A fresh database on the test PostgreSQL server.
pub async fn postgres() -> TestDb {
    let base = std::env::var("WIJKVERBAND_TEST_PG").unwrap_or_else(|_| {
        panic!(
            "WIJKVERBAND_TEST_PG is not set: the store tests run on PostgreSQL too. \
             Run the tests with ./test, which starts a PostgreSQL server for them."
        )
    });
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!("wv_{}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst), nanos());
    let mut conn = sqlx::PgConnection::connect(&base).await.expect("connect to the test PostgreSQL server");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    let url = match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").unwrap() + 2 => format!("{}/{name}", &base[..i]),
        _ => format!("{base}/{name}"),
    };
    TestDb { url, kind: "postgres", _dir: None }
}

fn nanos() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0)
}

/// The shared open data (../shared/data beside the repository).
pub fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    assert!(dir.is_dir(), "the shared data are not at {}", dir.display());
    dir
}

pub fn data(file: &str) -> PathBuf {
    data_dir().join(file)
}

/// The raw kwb CSV as rows of column → text, read with nothing but the csv crate.
pub fn raw_kwb() -> Vec<HashMap<String, String>> {
    raw_csv(&data("kwb_2015_buurten_provincie_utrecht.csv"))
}

pub fn raw_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("readable CSV");
    let headers = r.headers().expect("a header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("a record");
            headers.iter().map(String::from).zip(rec.iter().map(String::from)).collect()
        })
        .collect()
}

/// A raw numeric value, `None` for the CBS sentinel -99999999.
pub fn num(row: &HashMap<String, String>, col: &str) -> Option<f64> {
    let v: f64 = row[col].parse().unwrap_or_else(|_| panic!("{col} = {:?} is numeric", row[col]));
    (v != -99999999.0).then_some(v)
}

/// The raw GeoJSON file as a JSON value.
pub fn raw_geojson(file: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data(file)).expect("readable")).expect("valid JSON")
}

/// Makes the store fail wherever it reads `table` (the table is renamed away): for tests of what
/// the app does when its database fails.
pub async fn break_table(db: &TestDb, table: &str) {
    sqlx::any::install_default_drivers();
    // A SQLite store is named by its path.
    let url = if db.url.contains("://") { db.url.clone() } else { format!("sqlite://{}", db.url) };
    let mut conn = sqlx::AnyConnection::connect(&url).await.expect("connect to the test store");
    sqlx::query(sqlx::AssertSqlSafe(format!("ALTER TABLE {table} RENAME TO {table}_weg")))
        .execute(&mut conn)
        .await
        .expect("rename the table");
}
