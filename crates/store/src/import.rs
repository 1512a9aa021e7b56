//! Transactional imports: each replaces what the file brings, or changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use sqlx::{Any, AssertSqlSafe, Transaction};
use wv_core::gebied::{Niveau, geometry};
use wv_data::Figures;
use wv_data::buurten::BuurtenFile;
use wv_data::gezondheid::Gezondheid;

use crate::{Backend, Progress, Store, StoreError, placeholders};

/// The dataset under which CBS key figures are stored.
pub const KWB: &str = "kwb";
/// The dataset under which the RIVM health figures are stored.
pub const GEZONDHEID: &str = "gezondheid";

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Rows (buurten or areas) read.
    pub rijen: usize,
    /// Values stored.
    pub waarden: usize,
    /// Rows of a previous import of the same year that were replaced.
    pub vervangen: usize,
    /// Areas of the file that are not in the imported division of its year.
    pub buiten_indeling: usize,
}

/// What a health import did, and the division its codes belong to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GezondheidReport {
    pub import: ImportReport,
    pub indeling: i32,
    /// Whether the outlines of that division are imported, so buurten of other divisions can be
    /// linked by geometry.
    pub buurtgrenzen: bool,
}

const BATCH: usize = 1000;

impl Store {
    /// Replaces the buurten of `file`'s year, with their wijken, gemeenten and key figures.
    pub async fn import_buurten(
        &self,
        file: &BuurtenFile,
        bestand: &str,
        progress: &dyn Progress,
    ) -> Result<ImportReport, StoreError> {
        let jaar = file.jaar;
        progress.total((file.buurten.len() + file.figures.rows.len() * file.figures.columns.len()) as u64);
        let backend = self.backend;
        let mut tx = self.write().await?;
        let vervangen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gebied WHERE jaar = $1 AND niveau = 'buurt'")
            .bind(i64::from(jaar))
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM gebied WHERE jaar = $1").bind(i64::from(jaar)).execute(&mut *tx).await?;

        let mut wijken = BTreeMap::new();
        let mut gemeenten = BTreeMap::new();
        for b in &file.buurten {
            wijken.entry(b.wijk_code.clone()).or_insert((
                b.wijk_naam.clone(),
                b.gemeente_code.clone(),
                b.gemeente_naam.clone(),
            ));
            gemeenten.entry(b.gemeente_code.clone()).or_insert(b.gemeente_naam.clone());
        }
        for chunk in file.buurten.chunks(BATCH / 10) {
            let sql = format!(
                "INSERT INTO gebied (jaar, code, niveau, naam, wijk_code, wijk_naam, gemeente_code, gemeente_naam, oppervlakte_ha, geometrie) VALUES {}",
                placeholders(backend, chunk.len(), 10)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(backend == Backend::Sqlite);
            for b in chunk {
                q = q
                    .bind(i64::from(jaar))
                    .bind(b.code.to_string())
                    .bind("buurt")
                    .bind(b.naam.clone())
                    .bind(b.wijk_code.to_string())
                    .bind(b.wijk_naam.clone())
                    .bind(b.gemeente_code.to_string())
                    .bind(b.gemeente_naam.clone())
                    .bind(b.oppervlakte_ha())
                    .bind(geometry::to_geojson(&b.geometrie));
            }
            q.execute(&mut *tx).await?;
            progress.advance(chunk.len() as u64);
        }
        let wijk_rows: Vec<_> = wijken.into_iter().collect();
        for chunk in wijk_rows.chunks(BATCH / 10) {
            let sql = format!(
                "INSERT INTO gebied (jaar, code, niveau, naam, wijk_code, wijk_naam, gemeente_code, gemeente_naam) VALUES {}",
                placeholders(backend, chunk.len(), 8)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(backend == Backend::Sqlite);
            for (code, (naam, gm, gm_naam)) in chunk {
                let naam = naam.clone().unwrap_or_else(|| code.to_string());
                q = q
                    .bind(i64::from(jaar))
                    .bind(code.to_string())
                    .bind("wijk")
                    .bind(naam.clone())
                    .bind(code.to_string())
                    .bind(naam)
                    .bind(gm.to_string())
                    .bind(gm_naam.clone());
            }
            q.execute(&mut *tx).await?;
        }
        let gm_rows: Vec<_> = gemeenten.into_iter().collect();
        for chunk in gm_rows.chunks(BATCH / 10) {
            let sql = format!(
                "INSERT INTO gebied (jaar, code, niveau, naam, gemeente_code, gemeente_naam) VALUES {}",
                placeholders(backend, chunk.len(), 6)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(backend == Backend::Sqlite);
            for (code, naam) in chunk {
                q = q
                    .bind(i64::from(jaar))
                    .bind(code.to_string())
                    .bind("gemeente")
                    .bind(naam.clone())
                    .bind(code.to_string())
                    .bind(naam.clone());
            }
            q.execute(&mut *tx).await?;
        }
        let waarden = replace_figures(&mut tx, jaar, &file.figures, backend, progress).await?;
        if !file.figures.columns.is_empty() {
            record_bron(&mut tx, (KWB, jaar, ""), jaar, &file.figures.layout, bestand).await?;
        }
        log(&mut tx, "buurten", Some(jaar), bestand, file.buurten.len()).await?;
        tx.commit().await?;
        Ok(ImportReport { rijen: file.buurten.len(), waarden, vervangen: vervangen as usize, buiten_indeling: 0 })
    }

    /// Replaces the key figures of `jaar` that `figures` brings, for the areas of that year's
    /// division (buurten, wijken, gemeenten and the country). Areas that are not in the imported
    /// division of that year are stored too — a national file beside a region's outlines — and
    /// counted in the report.
    pub async fn import_kerncijfers(
        &self,
        figures: &Figures,
        jaar: i32,
        bestand: &str,
        progress: &dyn Progress,
    ) -> Result<ImportReport, StoreError> {
        progress.total((figures.rows.len() * figures.columns.len()) as u64);
        let backend = self.backend;
        let mut tx = self.write().await?;
        let known: HashSet<String> = sqlx::query_scalar::<_, String>("SELECT code FROM gebied WHERE jaar = $1")
            .bind(i64::from(jaar))
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        let buiten = figures
            .rows
            .iter()
            .filter(|(code, _)| code.niveau() != Niveau::Land && !known.contains(code.as_str()))
            .count();
        let vervangen = count_existing(&mut tx, KWB, jaar, figures).await?;
        let waarden = replace_figures(&mut tx, jaar, figures, backend, progress).await?;
        record_bron(&mut tx, (KWB, jaar, ""), jaar, &figures.layout, bestand).await?;
        log(&mut tx, "kerncijfers", Some(jaar), bestand, figures.rows.len()).await?;
        tx.commit().await?;
        Ok(ImportReport { rijen: figures.rows.len(), waarden, vervangen, buiten_indeling: buiten })
    }

    /// Replaces the health figures of the years and age groups the file holds,
    /// and reports how its buurt codes link to each imported division.
    pub async fn import_gezondheid(
        &self,
        g: &Gezondheid,
        bestand: &str,
        progress: &dyn Progress,
    ) -> Result<GezondheidReport, StoreError> {
        let backend = self.backend;
        let mut tx = self.write().await?;
        let groups: BTreeSet<(i32, String)> = g.rows.iter().map(|r| (r.jaar, r.groep.clone())).collect();
        let mut vervangen = 0;
        for (jaar, groep) in &groups {
            vervangen += sqlx::query("DELETE FROM waarde WHERE dataset = $1 AND jaar = $2 AND groep = $3")
                .bind(GEZONDHEID)
                .bind(i64::from(*jaar))
                .bind(groep.clone())
                .execute(&mut *tx)
                .await?
                .rows_affected() as usize;
        }
        let values: Vec<(i32, &str, &str, String, f64)> = g
            .rows
            .iter()
            .flat_map(|r| {
                g.columns.iter().zip(&r.values).filter_map(move |(c, v)| {
                    // An empty cell means "not published for this year and group": no row at all.
                    v.map(|v| (r.jaar, r.groep.as_str(), c.as_str(), r.code.to_string(), v))
                })
            })
            .collect();
        progress.total(values.len() as u64);
        for chunk in values.chunks(BATCH) {
            let sql = format!(
                "INSERT INTO waarde (dataset, jaar, groep, variabele, gebied, waarde) VALUES {}",
                placeholders(backend, chunk.len(), 6)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(backend == Backend::Sqlite);
            for (jaar, groep, var, code, v) in chunk {
                q = q
                    .bind(GEZONDHEID)
                    .bind(i64::from(*jaar))
                    .bind(groep.to_string())
                    .bind(var.to_string())
                    .bind(code.clone())
                    .bind(*v);
            }
            q.execute(&mut *tx).await?;
            progress.advance(chunk.len() as u64);
        }
        for (jaar, groep) in &groups {
            record_bron(&mut tx, (GEZONDHEID, *jaar, groep), g.indeling, "rivm-gezondheid", bestand).await?;
        }
        log(&mut tx, "gezondheid", None, bestand, g.rows.len()).await?;

        let outlines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gebied WHERE jaar = $1 AND niveau = 'buurt'")
            .bind(i64::from(g.indeling))
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(GezondheidReport {
            import: ImportReport { rijen: g.rows.len(), waarden: values.len(), vervangen, buiten_indeling: 0 },
            indeling: g.indeling,
            buurtgrenzen: outlines > 0,
        })
    }
}

/// The values of `jaar` already stored for the (variable, area) pairs `figures` brings.
async fn count_existing(
    tx: &mut Transaction<'_, Any>,
    dataset: &str,
    jaar: i32,
    figures: &Figures,
) -> Result<usize, StoreError> {
    let areas: HashSet<&str> = figures.rows.iter().map(|(c, _)| c.as_str()).collect();
    let mut n = 0;
    for c in &figures.columns {
        let stored: Vec<String> = sqlx::query_scalar(
            "SELECT gebied FROM waarde WHERE dataset = $1 AND jaar = $2 AND groep = '' AND variabele = $3",
        )
        .bind(dataset)
        .bind(i64::from(jaar))
        .bind(c.clone())
        .fetch_all(&mut **tx)
        .await?;
        n += stored.iter().filter(|g| areas.contains(g.as_str())).count();
    }
    Ok(n)
}

/// Stores the key figures of `jaar` that `figures` brings, replacing the stored value of each
/// (variable, area) it has; the other areas keep theirs (a file of one gemeente next to a
/// national one, a column of a newer layout next to an older).
async fn replace_figures(
    tx: &mut Transaction<'_, Any>,
    jaar: i32,
    figures: &Figures,
    backend: Backend,
    progress: &dyn Progress,
) -> Result<usize, StoreError> {
    let values: Vec<(&str, &str, Option<f64>)> = figures
        .rows
        .iter()
        .flat_map(|(code, vals)| figures.columns.iter().zip(vals).map(move |(c, v)| (code.as_str(), c.as_str(), *v)))
        .collect();
    for chunk in values.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO waarde (dataset, jaar, groep, variabele, gebied, waarde) VALUES {} \
             ON CONFLICT (dataset, jaar, groep, variabele, gebied) DO UPDATE SET waarde = excluded.waarde",
            placeholders(backend, chunk.len(), 6)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(backend == Backend::Sqlite);
        for (code, var, v) in chunk {
            q = q.bind(KWB).bind(i64::from(jaar)).bind("").bind(var.to_string()).bind(code.to_string()).bind(*v);
        }
        q.execute(&mut **tx).await?;
        progress.advance(chunk.len() as u64);
    }
    Ok(values.len())
}

/// Records (replacing an earlier record of the same file) which dataset, year and group a file
/// brought, in which division and layout.
async fn record_bron(
    tx: &mut Transaction<'_, Any>,
    (dataset, jaar, groep): (&str, i32, &str),
    indeling: i32,
    layout: &str,
    bestand: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM bron WHERE dataset = $1 AND jaar = $2 AND groep = $3 AND bestand = $4")
        .bind(dataset)
        .bind(i64::from(jaar))
        .bind(groep)
        .bind(bestand)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO bron (dataset, jaar, groep, indeling, layout, bestand, tijdstip) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(dataset)
    .bind(i64::from(jaar))
    .bind(groep)
    .bind(i64::from(indeling))
    .bind(layout)
    .bind(bestand)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn log(
    tx: &mut Transaction<'_, Any>,
    soort: &str,
    jaar: Option<i32>,
    bestand: &str,
    rijen: usize,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO import_log (soort, jaar, bestand, tijdstip, rijen) VALUES ($1, $2, $3, $4, $5)")
        .bind(soort)
        .bind(jaar.map(i64::from))
        .bind(bestand)
        .bind(now())
        .bind(rijen as i64)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Seconds since the Unix epoch, as text (portable across both databases).
pub(crate) fn now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    secs.to_string()
}
