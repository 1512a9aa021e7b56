//! Regions: the set of gemeenten a programme covers, the variables its proposals use, and the
//! plan whose wijkverbanden the sociale kaart, the rounds and the profiles refer to.

use sqlx::{AnyConnection, Row};
use wv_core::gebied::Code;

use crate::import::now;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct Regio {
    pub naam: String,
    pub gemeenten: Vec<Code>,
}

/// A step in the history of a region's adopted indeling.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Vaststelling {
    /// The plan adopted, or `None` where the region stopped working with an adopted plan.
    pub indeling: Option<String>,
    /// YYYY-MM-DD.
    pub datum: String,
    /// The account that did it (gone when the account is deleted).
    pub door: Option<String>,
}

impl Store {
    /// Defines (or redefines) a region; every gemeente must occur in an imported division.
    /// Returns whether a region of that name existed and was replaced.
    pub async fn create_regio(&self, naam: &str, gemeenten: &[Code]) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        for g in gemeenten {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gebied WHERE niveau = 'gemeente' AND code = $1")
                .bind(g.to_string())
                .fetch_one(&mut *tx)
                .await?;
            if n == 0 {
                return Err(StoreError::UnknownGemeente(g.to_string()));
            }
        }
        let existed =
            sqlx::query("DELETE FROM regio WHERE naam = $1").bind(naam).execute(&mut *tx).await?.rows_affected() > 0;
        sqlx::query("DELETE FROM regio_gemeente WHERE regio = $1").bind(naam).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO regio (naam, aangemaakt, revisie) VALUES ($1, $2, $3)")
            .bind(naam)
            .bind(now())
            .bind(crate::revisie()?)
            .execute(&mut *tx)
            .await?;
        for g in gemeenten {
            sqlx::query("INSERT INTO regio_gemeente (regio, gemeente) VALUES ($1, $2)")
                .bind(naam)
                .bind(g.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(existed)
    }

    pub async fn regio(&self, naam: &str) -> Result<Regio, StoreError> {
        let exists: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM regio WHERE naam = $1").bind(naam).fetch_one(&self.pool).await?;
        if exists == 0 {
            return Err(StoreError::UnknownRegio(naam.to_string()));
        }
        let rows = sqlx::query("SELECT gemeente FROM regio_gemeente WHERE regio = $1 ORDER BY gemeente")
            .bind(naam)
            .fetch_all(&self.pool)
            .await?;
        let gemeenten = rows
            .into_iter()
            .map(|r| {
                let s: String = r.try_get("gemeente")?;
                Code::parse(&s).map_err(|_| StoreError::UnknownGemeente(s))
            })
            .collect::<Result<_, _>>()?;
        Ok(Regio { naam: naam.to_string(), gemeenten })
    }

    /// What data derived from a region is valid for, in one query.
    pub async fn region_key(&self, naam: &str) -> Result<RegioSleutel, StoreError> {
        let rows = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM import_log) AS stamp, r.revisie, g.gemeente FROM regio r \
             LEFT JOIN regio_gemeente g ON g.regio = r.naam WHERE r.naam = $1 ORDER BY g.gemeente",
        )
        .bind(naam)
        .fetch_all(&self.pool)
        .await?;
        let Some(first) = rows.first() else { return Err(StoreError::UnknownRegio(naam.to_string())) };
        let gemeenten = rows
            .iter()
            .filter_map(|r| r.try_get::<Option<String>, _>("gemeente").transpose())
            .map(|s| {
                let s = s?;
                Code::parse(&s).map_err(|_| StoreError::UnknownGemeente(s))
            })
            .collect::<Result<_, _>>()?;
        Ok(RegioSleutel { imports: first.try_get("stamp")?, gemeenten, revisie: first.try_get("revisie")? })
    }

    /// The indicators the region's proposals make wijkverbanden alike in; `None` when never chosen.
    pub async fn variabelen(&self, regio: &str) -> Result<Option<Vec<String>>, StoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT indicator FROM regio_variabele WHERE regio = $1 ORDER BY positie")
                .bind(regio)
                .fetch_all(&self.pool)
                .await?;
        // A choice has its marker row (an empty indicator at position -1), also when it is empty.
        Ok((!rows.is_empty()).then(|| rows.into_iter().filter(|r| !r.is_empty()).collect()))
    }

    /// Stores the region's choice of variables (none is a choice too).
    pub async fn set_variabelen(&self, regio: &str, indicatoren: &[String]) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM regio_variabele WHERE regio = $1").bind(regio).execute(&mut *tx).await?;
        for (k, v) in std::iter::once("").chain(indicatoren.iter().map(String::as_str)).enumerate() {
            sqlx::query("INSERT INTO regio_variabele (regio, positie, indicator) VALUES ($1, $2, $3)")
                .bind(regio)
                .bind(k as i64 - 1)
                .bind(v)
                .execute(&mut *tx)
                .await?;
        }
        touch(&mut tx, regio).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every adoption of an indeling of the region and every end of one, oldest first.
    pub async fn vaststellingen(&self, regio: &str) -> Result<Vec<Vaststelling>, StoreError> {
        let rows =
            sqlx::query("SELECT indeling, datum, door FROM indeling_vaststelling WHERE regio = $1 ORDER BY volgnummer")
                .bind(regio)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Vaststelling {
                    indeling: r.try_get("indeling")?,
                    datum: r.try_get("datum")?,
                    door: r.try_get("door")?,
                })
            })
            .collect()
    }

    /// The plan whose wijkverbanden the region works with, if one is chosen.
    pub async fn wijkverband_indeling(&self, regio: &str) -> Result<Option<String>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        chosen_plan(&mut conn, regio).await
    }

    /// Adopts (vaststellen; with `None` ends the adoption of) the plan whose wijkverbanden the
    /// region works with, on `datum` (YYYY-MM-DD) by `door`; every actor with a workplace buurt
    /// gets that buurt's wijkverband, and the history gets the step, in the same transaction.
    /// Returns how many actors were given their wijkverband.
    pub async fn set_wijkverband_indeling(
        &self,
        regio: &str,
        indeling: Option<&str>,
        datum: &str,
        door: Option<&str>,
    ) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let volgnummer: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(volgnummer), 0) + 1 FROM indeling_vaststelling WHERE regio = $1")
                .bind(regio)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO indeling_vaststelling (regio, volgnummer, indeling, datum, door) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(regio)
        .bind(volgnummer)
        .bind(indeling)
        .bind(datum)
        .bind(door)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM regio_indeling WHERE regio = $1").bind(regio).execute(&mut *tx).await?;
        if let Some(naam) = indeling {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM indeling WHERE regio = $1 AND naam = $2")
                .bind(regio)
                .bind(naam)
                .fetch_one(&mut *tx)
                .await?;
            if n == 0 {
                return Err(StoreError::UnknownPlan(naam.to_string()));
            }
            sqlx::query("INSERT INTO regio_indeling (regio, indeling) VALUES ($1, $2)")
                .bind(regio)
                .bind(naam)
                .execute(&mut *tx)
                .await?;
        }
        let n = sync_wijkverbanden(&mut tx, regio).await?;
        touch(&mut tx, regio).await?;
        tx.commit().await?;
        Ok(n)
    }

    pub async fn regios(&self) -> Result<Vec<Regio>, StoreError> {
        let names: Vec<String> =
            sqlx::query_scalar("SELECT naam FROM regio ORDER BY naam").fetch_all(&self.pool).await?;
        let mut out = Vec::new();
        for n in names {
            out.push(self.regio(&n).await?);
        }
        Ok(out)
    }
}

/// What data derived from a region is valid for.
#[derive(Debug, Clone, PartialEq)]
pub struct RegioSleutel {
    /// Changes whenever data is imported (the imports logged so far).
    pub imports: i64,
    pub gemeenten: Vec<Code>,
    /// Changes with every write of the region's settings: its structures, plans, chosen
    /// variables and plan of the region.
    pub revisie: i64,
}

/// A region's settings changed: a new stamp (`regio` `''`, plans of no region, has none).
pub(crate) async fn touch(conn: &mut AnyConnection, regio: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE regio SET revisie = $1 WHERE naam = $2")
        .bind(crate::revisie()?)
        .bind(regio)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// (structure, buurt code, area) rows of a region.
pub type StructuurRijen = Vec<(String, String, String)>;

impl Store {
    /// Replaces the named structures of a region by `rows` (structure, buurt, area), in one transaction.
    pub async fn save_structuren(&self, regio: &str, rows: &[(String, String, String)]) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let mut names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        for n in names {
            sqlx::query("DELETE FROM structuur WHERE regio = $1 AND naam = $2")
                .bind(regio)
                .bind(n)
                .execute(&mut *tx)
                .await?;
        }
        for chunk in rows.chunks(200) {
            let sql = format!(
                "INSERT INTO structuur (regio, naam, buurt, gebied) VALUES {}",
                crate::placeholders(self.backend, chunk.len(), 4)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(self.backend == crate::Backend::Sqlite);
            for (naam, buurt, gebied) in chunk {
                q = q.bind(regio).bind(naam).bind(buurt).bind(gebied);
            }
            q.execute(&mut *tx).await?;
        }
        touch(&mut tx, regio).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn structuren(&self, regio: &str) -> Result<StructuurRijen, StoreError> {
        let rows = sqlx::query("SELECT naam, buurt, gebied FROM structuur WHERE regio = $1 ORDER BY naam, buurt")
            .bind(regio)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(|r| Ok((r.try_get("naam")?, r.try_get("buurt")?, r.try_get("gebied")?))).collect()
    }
}

async fn chosen_plan(conn: &mut AnyConnection, regio: &str) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT indeling FROM regio_indeling WHERE regio = $1")
        .bind(regio)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Gives every actor of `regio` with a workplace buurt the wijkverband that buurt has in the
/// region's chosen plan (nothing without one). Runs inside the caller's transaction, so the
/// sociale kaart never disagrees with the plan it follows.
pub(crate) async fn sync_wijkverbanden(conn: &mut AnyConnection, regio: &str) -> Result<u64, StoreError> {
    let Some(plan) = chosen_plan(conn, regio).await? else { return Ok(0) };
    let done = sqlx::query(
        "UPDATE actor SET wijkverband = (SELECT b.wijkverband FROM indeling_buurt b WHERE b.regio = $1 AND b.indeling = $2 AND b.buurt = actor.buurt) \
         WHERE regio = $1 AND buurt IN (SELECT buurt FROM indeling_buurt WHERE regio = $1 AND indeling = $2)",
    )
    .bind(regio)
    .bind(&plan)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
