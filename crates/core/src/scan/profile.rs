//! The profile of one area: every indicator with its value, coverage, the
//! reference value, the difference and the area's percentile.

use serde::Serialize;

use super::{Area, Opgave, Reference, Veerkracht, VeerkrachtModel, opgaven};
use crate::indicator::{Catalogue, ValueTable, aggregate};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub code: String,
    pub waarde: Option<f64>,
    pub dekking: Option<f64>,
    pub referentie: Option<f64>,
    /// waarde − referentie.
    pub verschil: Option<f64>,
    /// The area's percentile among the reference's buurten (0–100).
    pub percentiel: Option<f64>,
    /// The area's z-score against the reference's buurten (population-weighted).
    pub z: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub gebied: Area,
    pub referentie: String,
    /// One row per catalogue indicator: demography first, then the catalogue's order.
    pub rijen: Vec<Row>,
    pub veerkracht: Veerkracht,
    pub opgaven: Vec<Opgave>,
}

impl Profile {
    pub fn row(&self, code: &str) -> Option<&Row> {
        self.rijen.iter().find(|r| r.code == code)
    }
}

pub fn profile(
    cat: &Catalogue,
    values: &ValueTable,
    area: &Area,
    reference: &Reference,
    model: &VeerkrachtModel,
) -> Profile {
    let aggs = aggregate(cat, values, &area.buurten);
    let mut order: Vec<usize> = (0..cat.indicators.len()).collect();
    order.sort_by_key(|&i| cat.indicators[i].domain);
    let rijen: Vec<Row> = order
        .iter()
        .map(|&i| {
            let a = &aggs[i];
            let r = reference.waarden[i];
            Row {
                code: a.code.clone(),
                waarde: a.waarde,
                dekking: a.dekking,
                referentie: r,
                verschil: a.waarde.zip(r).map(|(v, r)| v - r),
                percentiel: a.waarde.and_then(|v| reference.percentile(i, v)),
                z: a.waarde.and_then(|v| reference.z(i, v)),
            }
        })
        .collect();
    let veerkracht = model.score(cat, &rijen);
    let opgaven = opgaven(cat, &rijen, reference, 5);
    Profile { gebied: area.clone(), referentie: reference.naam.clone(), rijen, veerkracht, opgaven }
}
