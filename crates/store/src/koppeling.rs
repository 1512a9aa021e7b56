//! Figures for the buurten of one division, also from sources published in another: the
//! division of every imported file is recorded (`bron`), and a series group of another division
//! is linked to the buurten by `wv_core::gebied::koppeling` — by code, by the overlap with that
//! division's imported outlines, or from the enclosing wijk or gemeente — each buurt's method
//! kept with the values.

use std::collections::{BTreeSet, HashMap, HashSet};

use sqlx::Row;
use wv_core::gebied::koppeling::{self, Doel, Koppeling};
use wv_core::gebied::{Buurt, Code, Niveau};
use wv_core::indicator::{Catalogue, Groep, Herkomst, SeriesKey, ValueTable};

use crate::{BuurtFilter, Store, StoreError};

/// One imported file as `bron` records it.
#[derive(Debug, Clone, PartialEq)]
pub struct BronRij {
    pub dataset: String,
    pub jaar: i32,
    pub groep: String,
    /// The division its area codes belong to.
    pub indeling: i32,
    pub layout: String,
    pub bestand: String,
}

impl Store {
    /// Every imported file with its dataset, year, group, division and layout.
    pub async fn bronnen(&self) -> Result<Vec<BronRij>, StoreError> {
        let rows = sqlx::query(
            "SELECT dataset, jaar, groep, indeling, layout, bestand FROM bron ORDER BY dataset, jaar, groep, bestand",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(BronRij {
                    dataset: r.try_get("dataset")?,
                    jaar: r.try_get::<i64, _>("jaar")? as i32,
                    groep: r.try_get("groep")?,
                    indeling: r.try_get::<i64, _>("indeling")? as i32,
                    layout: r.try_get("layout")?,
                    bestand: r.try_get("bestand")?,
                })
            })
            .collect()
    }

    /// The imported series groups (dataset, group, year) with figures for any area of the
    /// `gemeenten` (their buurten, wijken or the gemeente itself, in whichever division); all
    /// imported groups when `gemeenten` is empty.
    pub async fn groepen_in(&self, gemeenten: &[Code]) -> Result<Vec<(String, String, i32)>, StoreError> {
        let mut groups: Vec<(String, String, i32)> =
            self.bronnen().await?.into_iter().map(|b| (b.dataset, b.groep, b.jaar)).collect();
        groups.dedup();
        if gemeenten.is_empty() {
            return Ok(groups);
        }
        let mut found = Vec::new();
        for g in groups {
            if self.has_figures_in(&g, gemeenten).await? {
                found.push(g);
            }
        }
        Ok(found)
    }

    async fn has_figures_in(&self, g: &(String, String, i32), gemeenten: &[Code]) -> Result<bool, StoreError> {
        for gm in gemeenten {
            let nummer = &gm.as_str()[2..];
            for prefix in ["BU", "WK", "GM"] {
                // Codes of one gemeente share a prefix: [BU0307, BU0307~) holds all its buurten.
                let from = format!("{prefix}{nummer}");
                let hit = sqlx::query(
                    "SELECT 1 FROM waarde WHERE gebied >= $1 AND gebied < $2 \
                     AND dataset = $3 AND groep = $4 AND jaar = $5 LIMIT 1",
                )
                .bind(&from)
                .bind(format!("{from}~"))
                .bind(g.0.as_str())
                .bind(g.1.as_str())
                .bind(i64::from(g.2))
                .fetch_optional(&self.pool)
                .await?;
                if hit.is_some() {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// `cat` with every source read in the newest year imported for the `gemeenten` (for any
    /// area when empty).
    pub async fn catalogue_for(&self, cat: &Catalogue, gemeenten: &[Code]) -> Result<Catalogue, StoreError> {
        Ok(cat.met_jaren(&self.groepen_in(gemeenten).await?))
    }

    /// The division of each imported series group; a group without a record is in its own year's.
    async fn indelingen(&self) -> Result<HashMap<Groep, i32>, StoreError> {
        Ok(self.bronnen().await?.into_iter().map(|b| ((b.dataset, b.jaar, b.groep), b.indeling)).collect())
    }

    /// The values of `series` for the buurten `doel` (all of one division, with outlines), and
    /// the published figures of the gemeenten and the country. A series group published in
    /// another division is linked to the buurten, and how is recorded per buurt.
    pub async fn buurt_values(
        &self,
        cat: &Catalogue,
        doel: &[Buurt],
        series: &[SeriesKey],
    ) -> Result<ValueTable, StoreError> {
        let Some(jaar) = doel.first().map(|b| b.jaar) else { return Ok(ValueTable::new()) };
        let indelingen = self.indelingen().await?;
        let groups: BTreeSet<Groep> = series.iter().map(|s| (s.dataset.clone(), s.jaar, s.groep.clone())).collect();
        let codes: HashSet<&str> = doel.iter().map(|b| b.code.as_str()).collect();
        let mut table = ValueTable::new();
        let mut overlaps: HashMap<i32, Overlap> = HashMap::new();
        for g in groups {
            let indeling = indelingen.get(&g).copied().unwrap_or(g.1);
            let vars: Vec<&str> = series
                .iter()
                .filter(|s| (&s.dataset, s.jaar, &s.groep) == (&g.0, g.1, &g.2))
                .map(|s| s.variabele.as_str())
                .collect();
            let weight = cat.inwoners_in(&g.0, g.1, &g.2).filter(|_| indeling != jaar);
            let mut wanted: Vec<&str> = vars.clone();
            if let Some(w) = &weight
                && !wanted.contains(&w.variabele.as_str())
            {
                wanted.push(&w.variabele);
            }
            let rows = self.group_rows(&g, &wanted).await?;
            if indeling == jaar {
                for (area, var, v) in rows {
                    if codes.contains(area.as_str()) || !is_buurt(&area) {
                        table.insert(&area, &SeriesKey::new(&g.0, g.1, &g.2, &var), v);
                    }
                }
                continue;
            }
            // Published in another division: the gemeenten and the country keep their figures
            // (their codes mean the same area); the buurten are linked.
            let mut per_area: HashMap<String, HashMap<String, Option<f64>>> = HashMap::new();
            for (area, var, v) in rows {
                if area.starts_with("GM") || area.starts_with("NL") {
                    table.insert(&area, &SeriesKey::new(&g.0, g.1, &g.2, &var), v);
                }
                per_area.entry(area).or_default().insert(var, v);
            }
            if let std::collections::hash_map::Entry::Vacant(e) = overlaps.entry(indeling) {
                e.insert(self.overlap(doel, indeling).await?);
            }
            let o = &overlaps[&indeling];
            let source_codes: Vec<String> = {
                let mut c: Vec<String> = per_area.keys().cloned().collect();
                c.sort();
                c
            };
            let doelen: Vec<Doel> = doel
                .iter()
                .map(|b| Doel { code: b.code.as_str(), wijk: b.wijk_code.as_str(), gemeente: b.gemeente_code.as_str() })
                .collect();
            let k = koppeling::koppel(&doelen, &source_codes, &o.codes, o.delen.clone());
            let column = |var: &str| -> Vec<Option<f64>> {
                k.bron.iter().map(|c| per_area.get(c).and_then(|m| m.get(var).copied().flatten())).collect()
            };
            let inwoners = weight.as_ref().map(|w| column(&w.variabele));
            for var in &vars {
                let key = SeriesKey::new(&g.0, g.1, &g.2, var);
                let aard = cat.aard(&key);
                let values = column(var);
                for (t, b) in doel.iter().enumerate() {
                    if k.links[t].methode().is_some() {
                        table.insert(b.code.as_str(), &key, k.waarde(t, aard, &values, inwoners.as_deref()));
                    }
                }
            }
            table.set_herkomst(g, herkomst(&k, doel, indeling));
        }
        Ok(table)
    }

    async fn group_rows(&self, g: &Groep, vars: &[&str]) -> Result<Vec<(String, String, Option<f64>)>, StoreError> {
        let wanted: HashSet<&str> = vars.iter().copied().collect();
        let rows =
            sqlx::query("SELECT gebied, variabele, waarde FROM waarde WHERE dataset = $1 AND jaar = $2 AND groep = $3")
                .bind(g.0.as_str())
                .bind(i64::from(g.1))
                .bind(g.2.as_str())
                .fetch_all(&self.pool)
                .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let var: String = r.try_get("variabele")?;
            if wanted.contains(var.as_str()) {
                out.push((r.try_get("gebied")?, var, r.try_get("waarde")?));
            }
        }
        Ok(out)
    }

    /// The overlap of the buurten with the imported outlines of another division (none when
    /// that division's outlines are not imported). Only the source buurten of the same
    /// gemeenten are read, unless a gemeente is missing there (merged, renamed).
    async fn overlap(&self, doel: &[Buurt], indeling: i32) -> Result<Overlap, StoreError> {
        if !self.jaren().await?.contains(&indeling) {
            return Ok(Overlap::default());
        }
        let gemeenten: BTreeSet<Code> = doel.iter().map(|b| b.gemeente_code.clone()).collect();
        let there: HashSet<Code> = self.gemeenten(indeling).await?.into_iter().map(|(c, _)| c).collect();
        let filter = if gemeenten.iter().all(|g| there.contains(g)) { gemeenten.into_iter().collect() } else { vec![] };
        let bron = self.buurten_met_geometrie(&BuurtFilter { jaar: Some(indeling), gemeenten: filter }).await?;
        let doel_geo: Vec<_> = doel.iter().map(|b| b.geometrie.clone()).collect();
        let bron_geo: Vec<_> = bron.iter().map(|b| b.geometrie.clone()).collect();
        Ok(Overlap {
            codes: bron.iter().map(|b| b.code.to_string()).collect(),
            delen: koppeling::overlap(&doel_geo, &bron_geo),
        })
    }
}

#[derive(Default)]
struct Overlap {
    codes: Vec<String>,
    delen: Vec<Vec<koppeling::Deel>>,
}

fn is_buurt(code: &str) -> bool {
    Code::parse(code).is_ok_and(|c| c.niveau() == Niveau::Buurt)
}

fn herkomst(k: &Koppeling, doel: &[Buurt], indeling: i32) -> Herkomst {
    let methoden =
        doel.iter().zip(&k.links).filter_map(|(b, l)| l.methode().map(|m| (b.code.to_string(), m))).collect();
    Herkomst { indeling, methoden }
}
