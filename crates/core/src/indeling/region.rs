//! What the engine knows of a region's buurten.

use geo::{Euclidean, GeodesicArea, Length};
use geo_types::MultiPolygon;

use super::Graph;

/// A region's buurten, by index: identity, population, geometry measures,
/// standardised attributes and the adjacency graph.
#[derive(Debug, Clone)]
pub struct Region {
    pub codes: Vec<String>,
    pub population: Vec<f64>,
    pub gemeente: Vec<String>,
    /// Geodesic area (m²) and perimeter (m) of each buurt.
    pub area_m2: Vec<f64>,
    pub perimeter_m: Vec<f64>,
    /// Per buurt, the chosen variables standardised (z-scores across the region).
    pub attrs: Vec<Vec<f64>>,
    pub graph: Graph,
    /// Service capacity located in each buurt (GP practices), 0 where none.
    pub capacity: Vec<f64>,
}

impl Region {
    /// Assembles a region; `raw_attrs` are per buurt, unstandardised.
    pub fn new(
        codes: Vec<String>,
        population: Vec<f64>,
        gemeente: Vec<String>,
        polygons: &[MultiPolygon<f64>],
        raw_attrs: Vec<Vec<f64>>,
        graph: Graph,
    ) -> Region {
        let area_m2 = polygons.iter().map(|p| p.geodesic_area_unsigned()).collect();
        let perimeter_m = polygons.iter().map(perimeter_m).collect();
        let n = codes.len();
        Region {
            codes,
            population,
            gemeente,
            area_m2,
            perimeter_m,
            attrs: standardise(raw_attrs),
            graph,
            capacity: vec![0.0; n],
        }
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c == code)
    }

    /// What a user is told about the variables `labels` whose unknown values took the
    /// region's mean (`missing` as [`Region::with_variables`] counts them).
    pub fn imputed_notes(labels: &[String], missing: &[usize]) -> Vec<String> {
        labels
            .iter()
            .zip(missing)
            .filter(|(_, n)| **n > 0)
            .map(|(v, n)| format!("{v}: {n} buurten zonder waarde krijgen het gemiddelde van de regio"))
            .collect()
    }

    /// The same region with other variables: `raw[i][k]` is buurt `i`'s value of variable `k`,
    /// unknown where missing. An unknown value takes the mean of the known ones (z = 0, so it
    /// pulls no way); returns, per variable, how many buurten got the mean.
    pub fn with_variables(&self, raw: &[Vec<Option<f64>>]) -> (Region, Vec<usize>) {
        let k = raw.first().map_or(0, Vec::len);
        let mut filled = vec![vec![0.0; k]; raw.len()];
        let mut missing = vec![0; k];
        for v in 0..k {
            let known: Vec<f64> = raw.iter().filter_map(|r| r[v]).collect();
            let mean = known.iter().sum::<f64>() / known.len().max(1) as f64;
            missing[v] = raw.len() - known.len();
            for (f, r) in filled.iter_mut().zip(raw) {
                f[v] = r[v].unwrap_or(mean);
            }
        }
        (Region { attrs: standardise(filled), ..self.clone() }, missing)
    }

    /// The same region with extra links between buurten (a bridge, a ferry).
    pub fn with_links(&self, links: &[(usize, usize)]) -> Region {
        let mut graph = self.graph.clone();
        links.iter().for_each(|&(a, b)| graph.connect(a, b, 0.0));
        Region { graph, ..self.clone() }
    }

    /// The L1 distance between two buurten's attributes.
    pub fn distance(&self, a: usize, b: usize) -> f64 {
        self.attrs[a].iter().zip(&self.attrs[b]).map(|(x, y)| (x - y).abs()).sum()
    }
}

/// Perimeter in metres, in the local equirectangular projection used for contiguity.
fn perimeter_m(mp: &MultiPolygon<f64>) -> f64 {
    let lat = mp.0.first().and_then(|p| p.exterior().0.first()).map(|c| c.y).unwrap_or(0.0);
    let kx = 111_195.0 * lat.to_radians().cos();
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|ring| {
            let projected: geo_types::LineString<f64> = ring.0.iter().map(|c| (c.x * kx, c.y * 111_195.0)).collect();
            Euclidean.length(&projected)
        })
        .sum()
}

/// Z-scores per variable (population standard deviation); a constant variable becomes 0.
pub fn standardise(raw: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    let n = raw.len();
    let k = raw.first().map(Vec::len).unwrap_or(0);
    if n == 0 {
        return raw;
    }
    let mut out = raw.clone();
    for v in 0..k {
        let mean = raw.iter().map(|r| r[v]).sum::<f64>() / n as f64;
        let sd = (raw.iter().map(|r| (r[v] - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        for (o, r) in out.iter_mut().zip(&raw) {
            o[v] = if sd > 0.0 { (r[v] - mean) / sd } else { 0.0 };
        }
    }
    out
}
