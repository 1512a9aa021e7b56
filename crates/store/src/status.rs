//! What the store holds: per dataset, year and group the number of values and
//! their sum (a fingerprint that changes whenever the content changes).

use sqlx::Row;

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
                    SUM(CASE WHEN niveau = 'buurt' THEN 1 ELSE 0 END), \
                    SUM(CASE WHEN niveau = 'wijk' THEN 1 ELSE 0 END), \
                    SUM(CASE WHEN niveau = 'gemeente' THEN 1 ELSE 0 END) \
             FROM gebied GROUP BY jaar ORDER BY jaar",
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| Ok((r.try_get::<i64, _>(0)? as i32, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect::<Result<_, StoreError>>()?;
        let waarden = sqlx::query(
            "SELECT dataset, jaar, groep, COUNT(*), SUM(CASE WHEN waarde IS NULL THEN 1 ELSE 0 END), \
                    COALESCE(SUM(waarde), 0.0) \
             FROM waarde GROUP BY dataset, jaar, groep ORDER BY dataset, jaar, groep",
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok(StatusRow {
                dataset: r.try_get(0)?,
                jaar: r.try_get::<i64, _>(1)? as i32,
                groep: r.try_get(2)?,
                waarden: r.try_get(3)?,
                onbekend: r.try_get(4)?,
                som: r.try_get(5)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let regios = sqlx::query_scalar("SELECT COUNT(*) FROM regio").fetch_one(&self.pool).await?;
        let imports = sqlx::query_scalar("SELECT COUNT(*) FROM import_log").fetch_one(&self.pool).await?;
        Ok(Status { gebieden, waarden, regios, imports })
    }
}

impl Store {
    /// Changes whenever data is imported: a key for caches of derived data.
    pub async fn import_stamp(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM import_log").fetch_one(&self.pool).await?.try_get(0)?)
    }
}
