//! Stored wijkindelingen (plans).

use sqlx::{AssertSqlSafe, Row};

use crate::import::now;
use crate::{Store, StoreError, placeholders};

#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    pub naam: String,
    pub regio: Option<String>,
    pub jaar: i32,
    pub bron: String,
    /// (buurt code, wijkverband), ordered by buurt.
    pub toewijzing: Vec<(String, String)>,
}

impl Store {
    /// Saves a plan under its name, replacing one of the same name (returns whether it existed).
    pub async fn save_plan(&self, plan: &StoredPlan) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let existed = sqlx::query("DELETE FROM indeling WHERE naam = $1")
            .bind(&plan.naam)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        sqlx::query("DELETE FROM indeling_buurt WHERE indeling = $1").bind(&plan.naam).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO indeling (naam, regio, jaar, bron, aangemaakt) VALUES ($1, $2, $3, $4, $5)")
            .bind(&plan.naam)
            .bind(plan.regio.clone())
            .bind(i64::from(plan.jaar))
            .bind(&plan.bron)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        for chunk in plan.toewijzing.chunks(300) {
            let sql = format!(
                "INSERT INTO indeling_buurt (indeling, buurt, wijkverband) VALUES {}",
                placeholders(self.backend, chunk.len(), 3)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(self.backend == crate::Backend::Sqlite);
            for (b, w) in chunk {
                q = q.bind(&plan.naam).bind(b).bind(w);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(existed)
    }

    pub async fn plan(&self, naam: &str) -> Result<StoredPlan, StoreError> {
        let head = sqlx::query("SELECT regio, jaar, bron FROM indeling WHERE naam = $1")
            .bind(naam)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::UnknownPlan(naam.to_string()))?;
        let rows = sqlx::query("SELECT buurt, wijkverband FROM indeling_buurt WHERE indeling = $1 ORDER BY buurt")
            .bind(naam)
            .fetch_all(&self.pool)
            .await?;
        Ok(StoredPlan {
            naam: naam.to_string(),
            regio: head.try_get(0)?,
            jaar: head.try_get::<i64, _>(1)? as i32,
            bron: head.try_get(2)?,
            toewijzing: rows
                .into_iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<_, StoreError>>()?,
        })
    }

    /// Names of the stored plans, with their region and how they were made.
    pub async fn plans(&self) -> Result<Vec<(String, Option<String>, String)>, StoreError> {
        let rows = sqlx::query("SELECT naam, regio, bron FROM indeling ORDER BY naam").fetch_all(&self.pool).await?;
        rows.into_iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect()
    }
}
