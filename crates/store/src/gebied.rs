//! Reading areas and values back.

use std::collections::HashSet;

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use wv_core::gebied::{Buurt, Code, geometry};
use wv_core::indicator::{SeriesKey, ValueTable};

use crate::{Store, StoreError};

/// Which buurten to list.
#[derive(Debug, Clone, Default)]
pub struct BuurtFilter {
    /// The year of the division; the newest imported one when `None`.
    pub jaar: Option<i32>,
    /// Only these gemeenten; all when empty.
    pub gemeenten: Vec<Code>,
}

/// A buurt as listed: its identity and area, without geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct BuurtRij {
    pub jaar: i32,
    pub code: Code,
    pub naam: String,
    pub wijk_code: Code,
    pub wijk_naam: Option<String>,
    pub gemeente_code: Code,
    pub gemeente_naam: String,
    pub oppervlakte_ha: f64,
}

wv_core::ligging_van_velden!(BuurtRij);

fn code(s: String) -> Result<Code, StoreError> {
    Code::parse(&s).map_err(|e| StoreError::Geometry { code: s, message: e.to_string() })
}

impl Store {
    /// The years whose division has been imported, newest last.
    pub async fn jaren(&self) -> Result<Vec<i32>, StoreError> {
        let years: Vec<i64> =
            sqlx::query_scalar("SELECT DISTINCT jaar FROM gebied ORDER BY jaar").fetch_all(&self.pool).await?;
        Ok(years.into_iter().map(|y| y as i32).collect())
    }

    /// The year a filter means: the one asked for, or else the newest division that has buurten
    /// in every one of `gemeenten` (all gemeenten when empty: the newest of the divisions with the
    /// most gemeenten). A division imported for a few gemeenten only — outlines of another
    /// year to link figures with — is not the default for a region it does not cover.
    pub async fn resolve_jaar(&self, jaar: Option<i32>, gemeenten: &[Code]) -> Result<i32, StoreError> {
        let years = self.jaren().await?;
        match jaar {
            Some(j) if years.contains(&j) => return Ok(j),
            Some(j) => return Err(StoreError::NoGeography { jaar: j }),
            None => {}
        }
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT DISTINCT jaar, gemeente_code FROM gebied WHERE niveau = 'buurt'")
                .fetch_all(&self.pool)
                .await?;
        let wanted: HashSet<&str> = gemeenten.iter().map(Code::as_str).collect();
        let mut score: std::collections::BTreeMap<i32, usize> = years.iter().map(|&y| (y, 0)).collect();
        for (y, g) in &rows {
            if wanted.is_empty() || wanted.contains(g.as_str()) {
                *score.entry(*y as i32).or_default() += 1;
            }
        }
        // The most gemeenten covered, then the newest.
        score.into_iter().max_by_key(|&(y, n)| (n, y)).map(|(y, _)| y).ok_or(StoreError::NoGeography { jaar: 2015 })
    }

    async fn buurt_rows(&self, columns: &str, jaar: i32, gemeenten: &[Code]) -> Result<Vec<AnyRow>, StoreError> {
        let mut sql = format!("SELECT {columns} FROM gebied WHERE niveau = 'buurt' AND jaar = $1");
        if !gemeenten.is_empty() {
            let list: Vec<String> = (0..gemeenten.len()).map(|i| format!("${}", i + 2)).collect();
            sql.push_str(&format!(" AND gemeente_code IN ({})", list.join(", ")));
        }
        sql.push_str(" ORDER BY code");
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(i64::from(jaar));
        for g in gemeenten {
            q = q.bind(g.to_string());
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    /// Buurten by gemeente, ordered by code, without geometry.
    pub async fn buurten(&self, filter: &BuurtFilter) -> Result<Vec<BuurtRij>, StoreError> {
        let jaar = self.resolve_jaar(filter.jaar, &filter.gemeenten).await?;
        let rows = self
            .buurt_rows(
                "jaar, code, naam, wijk_code, wijk_naam, gemeente_code, gemeente_naam, oppervlakte_ha",
                jaar,
                &filter.gemeenten,
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(BuurtRij {
                    jaar: r.try_get::<i64, _>("jaar")? as i32,
                    code: code(r.try_get("code")?)?,
                    naam: r.try_get("naam")?,
                    wijk_code: code(r.try_get("wijk_code")?)?,
                    wijk_naam: r.try_get("wijk_naam")?,
                    gemeente_code: code(r.try_get("gemeente_code")?)?,
                    gemeente_naam: r.try_get("gemeente_naam")?,
                    oppervlakte_ha: r.try_get("oppervlakte_ha")?,
                })
            })
            .collect()
    }

    /// Buurten with their geometry.
    pub async fn buurten_met_geometrie(&self, filter: &BuurtFilter) -> Result<Vec<Buurt>, StoreError> {
        let jaar = self.resolve_jaar(filter.jaar, &filter.gemeenten).await?;
        let rows = self
            .buurt_rows(
                "jaar, code, naam, wijk_code, wijk_naam, gemeente_code, gemeente_naam, geometrie",
                jaar,
                &filter.gemeenten,
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                let c: String = r.try_get("code")?;
                let geo: String = r.try_get("geometrie")?;
                let geometrie = geometry::from_geojson(&geo)
                    .map_err(|e| StoreError::Geometry { code: c.clone(), message: e.to_string() })?;
                Ok(Buurt {
                    jaar: r.try_get::<i64, _>("jaar")? as i32,
                    code: code(c)?,
                    naam: r.try_get("naam")?,
                    wijk_code: code(r.try_get("wijk_code")?)?,
                    wijk_naam: r.try_get("wijk_naam")?,
                    gemeente_code: code(r.try_get("gemeente_code")?)?,
                    gemeente_naam: r.try_get("gemeente_naam")?,
                    geometrie,
                })
            })
            .collect()
    }

    /// The stored values of `series` for `areas` (all areas when empty).
    pub async fn values(&self, areas: &[Code], series: &[SeriesKey]) -> Result<ValueTable, StoreError> {
        let wanted: HashSet<&str> = areas.iter().map(Code::as_str).collect();
        let mut groups: Vec<(&str, i32, &str)> =
            series.iter().map(|s| (s.dataset.as_str(), s.jaar, s.groep.as_str())).collect();
        groups.sort();
        groups.dedup();
        let mut table = ValueTable::new();
        for (dataset, jaar, groep) in groups {
            let vars: HashSet<&str> = series
                .iter()
                .filter(|s| s.dataset == dataset && s.jaar == jaar && s.groep == groep)
                .map(|s| s.variabele.as_str())
                .collect();
            let rows = sqlx::query(
                "SELECT gebied, variabele, waarde FROM waarde WHERE dataset = $1 AND jaar = $2 AND groep = $3",
            )
            .bind(dataset)
            .bind(i64::from(jaar))
            .bind(groep)
            .fetch_all(&self.pool)
            .await?;
            for r in rows {
                let gebied: String = r.try_get("gebied")?;
                let var: String = r.try_get("variabele")?;
                if (wanted.is_empty() || wanted.contains(gebied.as_str())) && vars.contains(var.as_str()) {
                    let v: Option<f64> = r.try_get("waarde")?;
                    table.insert(&gebied, &SeriesKey::new(dataset, jaar, groep, &var), v);
                }
            }
        }
        Ok(table)
    }

    /// Known gemeenten (code, name) of a year's division.
    pub async fn gemeenten(&self, jaar: i32) -> Result<Vec<(Code, String)>, StoreError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT code, naam FROM gebied WHERE jaar = $1 AND niveau = 'gemeente' ORDER BY code")
                .bind(i64::from(jaar))
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(|(c, n)| Ok((code(c)?, n))).collect()
    }
}
