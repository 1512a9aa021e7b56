//! What the app derives from a region's data, built once and kept until an
//! import or a change of the region makes it stale: the engine's model
//! (geometry, contiguity, population), every value of its buurten, the
//! figures scans share, and its map as GeoJSON and as projected SVG paths.

use std::ops::Deref;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::sync::OnceCell;
use wv_core::indicator::{Catalogue, ValueTable};
use wv_core::scan::{BuurtFigures, Jaargangen, Reference, VeerkrachtModel};
use wv_report::svg::MapShape;
use wv_store::{ModelOptions, RegionModel, StoreError};

use crate::AppState;
use crate::werkbank::Instellingen;

pub(crate) struct RegionData {
    /// The catalogue with each source read in the newest year imported for the region.
    pub catalogue: Catalogue,
    /// The series groups (dataset, group, year) imported for the region: the years of trends.
    pub groepen: Vec<(String, String, i32)>,
    model: RegionModel,
    values: OnceCell<ValueTable>,
    jaargangen: std::sync::OnceLock<Jaargangen>,
    scanned: OnceCell<Scanned>,
    geojson: OnceCell<String>,
    shape: std::sync::OnceLock<MapShape>,
    /// The region's settings with the stamp they were read at.
    instellingen: std::sync::Mutex<Option<(i64, Arc<Instellingen>)>>,
}

/// What every scan of an area in the region shares: each buurt's own figures,
/// the whole region as reference, and the veerkracht model.
pub(crate) struct Scanned {
    pub figures: BuurtFigures,
    pub reference: Reference,
    pub veerkracht: VeerkrachtModel,
}

impl Deref for RegionData {
    type Target = RegionModel;
    fn deref(&self) -> &RegionModel {
        &self.model
    }
}

/// The key a cached region is valid for: the imports so far and the region's gemeenten.
pub(crate) type Key = (i64, Vec<wv_core::gebied::Code>);

/// The cache: per region its data and the key it is valid for.
pub(crate) type Regions = std::sync::Mutex<std::collections::HashMap<String, (Key, Arc<RegionData>)>>;

/// The region's data, from the cache while it is fresh.
pub(crate) async fn region(state: &AppState, regio: &str) -> Result<Arc<RegionData>, Response> {
    Ok(with_revisie(state, regio).await?.0)
}

/// The region's data, and the stamp of its settings now (for [`RegionData::instellingen`]).
pub(crate) async fn with_revisie(state: &AppState, regio: &str) -> Result<(Arc<RegionData>, i64), Response> {
    // A region that does not exist (or cannot be modelled) is missing; a failing store is not.
    let missing = |e: StoreError| match e {
        StoreError::UnknownRegio(_) | StoreError::Model(_) => {
            (StatusCode::NOT_FOUND, "Deze regio bestaat niet of heeft geen buurten.").into_response()
        }
        e => crate::fout::intern(e),
    };
    let sleutel = state.store.region_key(regio).await.map_err(missing)?;
    let key = (sleutel.imports, sleutel.gemeenten);
    if let Some((k, d)) = state.regions.lock().expect("not poisoned").get(regio)
        && *k == key
    {
        return Ok((d.clone(), sleutel.revisie));
    }
    let groepen = state.store.groepen_in(&key.1).await.map_err(crate::fout::intern)?;
    let catalogue = state.catalogue.met_jaren(&groepen);
    let model = state.store.region_model(&catalogue, regio, &ModelOptions::default()).await.map_err(missing)?;
    let data = Arc::new(RegionData {
        catalogue,
        groepen,
        model,
        values: OnceCell::new(),
        jaargangen: std::sync::OnceLock::new(),
        scanned: OnceCell::new(),
        geojson: OnceCell::new(),
        shape: std::sync::OnceLock::new(),
        instellingen: std::sync::Mutex::new(None),
    });
    state.regions.lock().expect("not poisoned").insert(regio.to_string(), (key, data.clone()));
    Ok((data, sleutel.revisie))
}

impl RegionData {
    /// The region's settings at stamp `revisie` (the one [`with_revisie`] gave), read again when
    /// they were read at another.
    pub(crate) async fn instellingen(&self, state: &AppState, revisie: i64) -> Result<Arc<Instellingen>, Response> {
        if let Some((r, i)) = &*self.instellingen.lock().expect("not poisoned")
            && *r == revisie
        {
            return Ok(i.clone());
        }
        let i = Arc::new(Instellingen::read(state, &self.model.regio, &self.model.region).await?);
        *self.instellingen.lock().expect("not poisoned") = Some((revisie, i.clone()));
        Ok(i)
    }

    /// Every catalogue value of the region's buurten, in every year imported (for trends).
    pub(crate) async fn values(&self, state: &AppState) -> Result<&ValueTable, Response> {
        self.values
            .get_or_try_init(|| async {
                let cat = &self.catalogue;
                let series = cat.series_in_jaren(&self.groepen);
                state.store.buurt_values(cat, &self.model.buurten, &series).await.map_err(crate::fout::intern)
            })
            .await
    }

    /// The catalogue read in each imported year of each source, for trends.
    pub(crate) fn jaargangen(&self) -> &Jaargangen {
        self.jaargangen.get_or_init(|| Jaargangen::new(&self.catalogue, &self.groepen))
    }

    /// The buurten projected for the server-drawn SVG maps.
    pub(crate) fn shape(&self) -> &MapShape {
        self.shape.get_or_init(|| {
            let areas: Vec<_> =
                self.model.buurten.iter().map(|b| (b.code.as_str(), b.naam.as_str(), &b.geometrie)).collect();
            MapShape::new(&areas, 640.0)
        })
    }

    /// The region's figures for scans.
    pub(crate) async fn scanned(&self, state: &AppState) -> Result<&Scanned, Response> {
        let values = self.values(state).await?;
        self.scanned
            .get_or_try_init(|| async {
                let cat = &self.catalogue;
                let all = &self.model.region.codes;
                let figures = BuurtFigures::compute(cat, values, all);
                let naam = format!("regio {}", self.model.regio);
                let reference = Reference::of_buurten(cat, values, &figures, &naam, all);
                let veerkracht = VeerkrachtModel::builtin(cat).map_err(crate::fout::intern)?;
                Ok(Scanned { figures, reference, veerkracht })
            })
            .await
    }

    /// The buurten as GeoJSON for the map (WGS84, 6 decimals: about 10 cm).
    pub(crate) async fn geojson(&self) -> &str {
        self.geojson
            .get_or_init(|| async {
                let round = |x: f64| (x * 1e6).round() / 1e6;
                let features: Vec<geojson::Feature> = self
                    .model
                    .buurten
                    .iter()
                    .map(|b| {
                        let mut g = b.geometrie.clone();
                        g.0.iter_mut().for_each(|p| {
                            let snap = |r: &mut geo_types::LineString<f64>| {
                                r.0.iter_mut().for_each(|c| (c.x, c.y) = (round(c.x), round(c.y)))
                            };
                            p.exterior_mut(snap);
                            p.interiors_mut(|rs| rs.iter_mut().for_each(snap));
                        });
                        let mut props = serde_json::Map::new();
                        props.insert("code".into(), b.code.as_str().into());
                        props.insert("naam".into(), b.naam.clone().into());
                        props.insert("gemeente".into(), b.gemeente_naam.clone().into());
                        geojson::Feature {
                            geometry: Some(geojson::Geometry::new(geojson::Value::from(&g))),
                            properties: Some(props),
                            ..Default::default()
                        }
                    })
                    .collect();
                geojson::FeatureCollection { features, bbox: None, foreign_members: None }.to_string()
            })
            .await
    }
}
