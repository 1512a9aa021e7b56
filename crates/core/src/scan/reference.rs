//! A reference: the value an area is compared with, and the distribution of
//! the reference's buurten for percentiles and z-scores.

use std::collections::HashMap;

use serde::Serialize;

use crate::indicator::{Aggregate, Catalogue, Kind, ValueTable, aggregate, published};

/// Every buurt's own aggregates, computed once and shared by all references.
#[derive(Debug, Clone, Default)]
pub struct BuurtFigures {
    by_code: HashMap<String, Vec<Aggregate>>,
}

impl BuurtFigures {
    pub fn compute<S: AsRef<str>>(cat: &Catalogue, values: &ValueTable, buurten: &[S]) -> BuurtFigures {
        let by_code = buurten.iter().map(|b| (b.as_ref().to_string(), aggregate(cat, values, &[b.as_ref()]))).collect();
        BuurtFigures { by_code }
    }

    pub fn get(&self, code: &str) -> Option<&[Aggregate]> {
        self.by_code.get(code).map(Vec::as_slice)
    }
}

/// The distribution of one indicator over the reference's buurten.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Distribution {
    /// (value, weight) of the buurten with a known value, ascending.
    pub buurten: Vec<(f64, f64)>,
    /// Mean and standard deviation weighted by each buurt's base (population).
    pub mean: Option<f64>,
    pub sd: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    /// Plain Dutch name: "gemeente Woerden", "regio Utrecht Noord-West", "Nederland".
    pub naam: String,
    /// The reference value per indicator, in catalogue order.
    pub waarden: Vec<Option<f64>>,
    #[serde(skip)]
    pub verdeling: Vec<Distribution>,
}

impl Reference {
    /// The aggregate of `buurten`, compared against the distribution of the same buurten.
    pub fn of_buurten<S: AsRef<str>>(
        cat: &Catalogue,
        values: &ValueTable,
        figures: &BuurtFigures,
        naam: &str,
        buurten: &[S],
    ) -> Reference {
        let waarden = aggregate(cat, values, buurten).into_iter().map(|a| a.waarde).collect();
        Reference { naam: naam.into(), waarden, verdeling: distributions(cat, figures, buurten) }
    }

    /// The figures a source publishes for one area (e.g. `NL01`), compared against
    /// the distribution of `buurten`.
    pub fn published<S: AsRef<str>>(
        cat: &Catalogue,
        values: &ValueTable,
        figures: &BuurtFigures,
        naam: &str,
        area: &str,
        buurten: &[S],
    ) -> Reference {
        let waarden = (0..cat.indicators.len()).map(|i| published(cat, values, area, i)).collect();
        Reference { naam: naam.into(), waarden, verdeling: distributions(cat, figures, buurten) }
    }

    /// Share (0–100) of the reference's buurten with a known value below `x`, ties counting half.
    pub fn percentile(&self, i: usize, x: f64) -> Option<f64> {
        let d = &self.verdeling[i].buurten;
        if d.is_empty() {
            return None;
        }
        // Values equal up to rounding (17 % recomputed as 16.999…) are ties.
        let eps = 1e-9 * x.abs().max(1.0);
        let below = d.partition_point(|(v, _)| *v < x - eps);
        let upto = d.partition_point(|(v, _)| *v <= x + eps);
        Some((below as f64 + (upto - below) as f64 / 2.0) / d.len() as f64 * 100.0)
    }

    /// The z-score of `x` against the weighted distribution of the reference's buurten.
    pub fn z(&self, i: usize, x: f64) -> Option<f64> {
        let d = &self.verdeling[i];
        let (mean, sd) = (d.mean?, d.sd?);
        (sd > 0.0).then(|| (x - mean) / sd)
    }

    pub fn sd(&self, i: usize) -> Option<f64> {
        self.verdeling[i].sd.filter(|sd| *sd > 0.0)
    }
}

fn distributions<S: AsRef<str>>(cat: &Catalogue, figures: &BuurtFigures, buurten: &[S]) -> Vec<Distribution> {
    (0..cat.indicators.len())
        .map(|i| {
            if !matches!(cat.indicators[i].kind, Kind::Rate { .. } | Kind::Average { .. }) {
                return Distribution::default();
            }
            let mut pts: Vec<(f64, f64)> = buurten
                .iter()
                .filter_map(|b| figures.get(b.as_ref()))
                .filter_map(|aggs| aggs[i].waarde.map(|v| (v, aggs[i].parts.denominator)))
                .filter(|(_, w)| *w > 0.0)
                .collect();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            let total: f64 = pts.iter().map(|p| p.1).sum();
            if total <= 0.0 {
                return Distribution { buurten: pts, mean: None, sd: None };
            }
            let mean = pts.iter().map(|(v, w)| v * w).sum::<f64>() / total;
            let var = pts.iter().map(|(v, w)| w * (v - mean).powi(2)).sum::<f64>() / total;
            Distribution { buurten: pts, mean: Some(mean), sd: Some(var.sqrt()) }
        })
        .collect()
}
