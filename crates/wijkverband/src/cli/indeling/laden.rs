//! The region for the engine (from the store), plus what the CLI reads from
//! files: extra links, structures, pinned buurten and plans, with located errors.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use wv_core::indeling::contiguity::Kind;
use wv_core::indeling::{Plan, Structure};
use wv_data::{DataError, Location};
use wv_store::{ModelOptions, PlanError, RegionModel, Store};

use crate::cli::Ctx;

pub type Loaded = RegionModel;

pub struct LoadOptions<'a> {
    pub jaar: Option<i32>,
    pub variabelen: &'a [String],
    pub kind: Kind,
    pub tolerantie: f64,
    pub verbindingen: Option<&'a Path>,
    pub praktijken: Option<&'a Path>,
}

pub async fn load(ctx: &Ctx, store: &Store, regio: &str, o: &LoadOptions<'_>) -> Result<Loaded> {
    let mut links = Vec::new();
    if let Some(path) = o.verbindingen {
        let gemeenten = store.regio(regio).await?.gemeenten;
        let jaar = store.resolve_jaar(o.jaar, &gemeenten).await?;
        let codes: Vec<String> = store
            .buurten(&wv_store::BuurtFilter { jaar: Some(jaar), gemeenten })
            .await?
            .into_iter()
            .map(|b| b.code.to_string())
            .collect();
        for (a, b, at) in wv_data::indeling::read_verbindingen(path)? {
            for (c, field) in [(&a, "buurtcode_a"), (&b, "buurtcode_b")] {
                if !codes.iter().any(|x| x == c.as_str()) {
                    bail!(
                        DataError::new(path, format!("{c} is geen buurt van regio {regio} (indeling {jaar})"))
                            .at(at.clone())
                            .field(field)
                    );
                }
            }
            links.push((a, b));
        }
    }
    let opts =
        ModelOptions { jaar: o.jaar, variabelen: o.variabelen, kind: o.kind, tolerantie: o.tolerantie, links: &links };
    let gemeenten = store.regio(regio).await?.gemeenten;
    let mut model = store.region_model(&ctx.catalogue_for(store, &gemeenten).await?, regio, &opts).await?;
    if let Some(path) = o.praktijken {
        locate_practices(&mut model, path)?;
    }
    Ok(model)
}

/// Puts each practice's capacity in the buurt that contains it; practices outside the region are noted.
fn locate_practices(model: &mut RegionModel, path: &Path) -> Result<()> {
    use geo::Contains;
    let mut outside = Vec::new();
    for p in wv_data::indeling::read_praktijken(path)? {
        let point = geo_types::Point::new(p.lon, p.lat);
        match model.buurten.iter().position(|b| b.geometrie.contains(&point)) {
            Some(i) => model.region.capacity[i] += p.capaciteit,
            None => outside.push(p.naam),
        }
    }
    if !outside.is_empty() {
        model.notes.push(format!("Praktijken buiten de regio (niet meegeteld): {}", outside.join(", ")));
    }
    Ok(())
}

/// What the CLI adds to the region model: plans and structures from files.
pub trait FromFiles {
    fn structures(&self, path: &Path) -> Result<Vec<Structure>>;
    fn plan_from_csv(&self, path: &Path) -> Result<(Plan, Vec<Option<Location>>)>;
    fn assemble(
        &self,
        source: &Path,
        rows: Vec<(String, String, Option<Location>)>,
    ) -> Result<(Plan, Vec<Option<Location>>)>;
    fn pinned(&self, path: &Path) -> Result<Vec<(usize, String)>>;
}

fn unknown(model: &RegionModel, source: &Path, buurt: &str, at: Option<&Location>) -> anyhow::Error {
    let mut e =
        DataError::new(source, format!("{buurt} is geen buurt van regio {} (indeling {})", model.regio, model.jaar))
            .field("buurtcode")
            .hint("gebruik de buurtcodes van de regio en het jaar van de ingelezen buurten");
    if let Some(at) = at {
        e = e.at(at.clone());
    }
    anyhow!(e)
}

impl FromFiles for RegionModel {
    /// Existing structures (`buurtcode,structuur,gebied`) for this region.
    fn structures(&self, path: &Path) -> Result<Vec<Structure>> {
        let mut rows = Vec::new();
        for row in wv_data::indeling::read_structuren(path)? {
            let Some(i) = self.region.index_of(row.buurt.as_str()) else {
                return Err(unknown(self, path, row.buurt.as_str(), Some(&row.regel)));
            };
            rows.push((row.structuur, i, row.gebied));
        }
        Ok(Structure::from_rows(self.region.len(), rows))
    }

    /// A plan (`buurtcode,wijkverband`) for this region: every buurt exactly once.
    fn plan_from_csv(&self, path: &Path) -> Result<(Plan, Vec<Option<Location>>)> {
        let rows = wv_data::indeling::read(path)?
            .into_iter()
            .map(|t| (t.buurt.to_string(), t.wijkverband, Some(t.regel)))
            .collect();
        self.assemble(path, rows)
    }

    /// A plan from (buurt, wijkverband, where) rows; unknown and missing buurten are located errors.
    fn assemble(
        &self,
        source: &Path,
        rows: Vec<(String, String, Option<Location>)>,
    ) -> Result<(Plan, Vec<Option<Location>>)> {
        let plan = self.plan(rows.iter().map(|(b, w, _)| (b.as_str(), w.as_str()))).map_err(|e| match e {
            PlanError::Unknown(k) => unknown(self, source, &rows[k].0, rows[k].2.as_ref()),
            PlanError::Missing(m) => anyhow!(
                DataError::new(
                    source,
                    format!("{} buurten van regio {} ontbreken: {}", m.len(), self.regio, m.join(", "))
                )
                .hint("wijs elke buurt van de regio toe aan een wijkverband")
            ),
        })?;
        let mut lines = vec![None; self.region.len()];
        for (b, _, at) in rows {
            if let Some(i) = self.region.index_of(&b) {
                lines[i] = at;
            }
        }
        Ok((plan, lines))
    }

    /// Buurten pinned to a wijkverband (`buurtcode,wijkverband`, any subset of the region).
    fn pinned(&self, path: &Path) -> Result<Vec<(usize, String)>> {
        wv_data::indeling::read(path)?
            .into_iter()
            .map(|t| {
                let i = self
                    .region
                    .index_of(t.buurt.as_str())
                    .ok_or_else(|| unknown(self, path, t.buurt.as_str(), Some(&t.regel)))?;
                Ok((i, t.wijkverband))
            })
            .collect()
    }
}
