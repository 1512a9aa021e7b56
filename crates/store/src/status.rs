//! What the store holds: per dataset, year and group the number of values and
//! their sum (a fingerprint that changes whenever the content changes).

use sqlx::Row;
use wv_core::indicator::SeriesKey;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// Per division year: buurten, wijken, gemeenten.
    pub gebieden: Vec<(i32, i64, i64, i64)>,
    /// Per dataset, year and group: values, unknown values, sum of the known ones.
    pub waarden: Vec<StatusRow>,
    pub regios: i64,
    pub imports: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusRow {
    pub dataset: String,
    pub jaar: i32,
    pub groep: String,
    pub waarden: i64,
    pub onbekend: i64,
    pub som: f64,
}

impl Store {
    pub async fn status(&self) -> Result<Status, StoreError> {
        let gebieden = sqlx::query(
            "SELECT jaar, \
                    SUM(CASE WHEN niveau = 'buurt' THEN 1 ELSE 0 END) AS buurten, \
                    SUM(CASE WHEN niveau = 'wijk' THEN 1 ELSE 0 END) AS wijken, \
                    SUM(CASE WHEN niveau = 'gemeente' THEN 1 ELSE 0 END) AS gemeenten \
             FROM gebied GROUP BY jaar ORDER BY jaar",
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok((
                r.try_get::<i64, _>("jaar")? as i32,
                r.try_get("buurten")?,
                r.try_get("wijken")?,
                r.try_get("gemeenten")?,
            ))
        })
        .collect::<Result<_, StoreError>>()?;
        let waarden = sqlx::query(
            "SELECT dataset, jaar, groep, COUNT(*) AS waarden, SUM(CASE WHEN waarde IS NULL THEN 1 ELSE 0 END) AS onbekend, \
                    COALESCE(SUM(waarde), 0.0) AS som \
             FROM waarde GROUP BY dataset, jaar, groep ORDER BY dataset, jaar, groep",
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok(StatusRow {
                dataset: r.try_get("dataset")?,
                jaar: r.try_get::<i64, _>("jaar")? as i32,
                groep: r.try_get("groep")?,
                waarden: r.try_get("waarden")?,
                onbekend: r.try_get("onbekend")?,
                som: r.try_get("som")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let regios = sqlx::query_scalar("SELECT COUNT(*) FROM regio").fetch_one(&self.pool).await?;
        let imports = sqlx::query_scalar("SELECT COUNT(*) FROM import_log").fetch_one(&self.pool).await?;
        Ok(Status { gebieden, waarden, regios, imports })
    }
}

impl Store {
    /// Every stored series (dataset, year, group, variable) with at least one known value.
    pub async fn series_stored(&self) -> Result<Vec<SeriesKey>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT dataset, jaar, groep, variabele FROM waarde WHERE waarde IS NOT NULL \
             ORDER BY dataset, jaar, groep, variabele",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(SeriesKey::new(
                    &r.try_get::<String, _>("dataset")?,
                    r.try_get::<i64, _>("jaar")? as i32,
                    &r.try_get::<String, _>("groep")?,
                    &r.try_get::<String, _>("variabele")?,
                ))
            })
            .collect()
    }
}
