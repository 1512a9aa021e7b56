//! The rules a plan must keep, and why a region cannot keep them.

use serde::Serialize;

use super::{Graph, Region};

/// Population floor and ceiling, gemeente borders, locked buurten. Every
/// wijkverband must be contiguous.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Constraints {
    pub min: f64,
    pub max: Option<f64>,
    /// Never cross a gemeente border.
    pub gemeentegrenzen: bool,
    /// Buurten pinned to a named wijkverband: (buurt index, name).
    pub vast: Vec<(usize, String)>,
}

/// Why no plan can meet the constraints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{0}")]
pub struct Infeasible(pub String);

impl Constraints {
    /// The graph the plan may use: without edges across gemeente borders when those are kept.
    pub fn graph(&self, region: &Region) -> Graph {
        if self.gemeentegrenzen {
            region.graph.filtered(|a, b| region.gemeente[a] == region.gemeente[b])
        } else {
            region.graph.clone()
        }
    }

    /// Checks what can be known before any plan is made: every connected part of
    /// the usable graph must reach the floor, no buurt may exceed the ceiling,
    /// and locked buurten of one wijkverband must be connected.
    pub fn check(&self, region: &Region, graph: &Graph) -> Result<(), Infeasible> {
        let names = |idx: &[usize]| idx.iter().map(|&i| region.codes[i].as_str()).collect::<Vec<_>>().join(", ");
        if let Some(max) = self.max {
            if max < self.min {
                return Err(Infeasible(format!("het plafond ({max}) ligt onder de ondergrens ({})", self.min)));
            }
            if let Some(i) = (0..region.len()).find(|&i| region.population[i] > max) {
                return Err(Infeasible(format!(
                    "{} heeft {} inwoners, meer dan het plafond van {max}",
                    region.codes[i], region.population[i]
                )));
            }
        }
        for comp in graph.components(|_| true) {
            let pop: f64 = comp.iter().map(|&i| region.population[i]).sum();
            if pop < self.min {
                let where_ = if self.gemeentegrenzen { " in zijn gemeente" } else { "" };
                let what = if comp.len() == 1 {
                    format!("{} heeft {} inwoners en geen buur{where_}", region.codes[comp[0]], pop)
                } else {
                    format!("de buurten {} vormen samen een los deel met {} inwoners", names(&comp), pop)
                };
                return Err(Infeasible(format!(
                    "{what}: minder dan de ondergrens van {}. Sta een extra verbinding toe (--verbindingen) of verlaag de ondergrens",
                    self.min
                )));
            }
        }
        let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, naam) in &self.vast {
            match groups.iter_mut().find(|(n, _)| n == naam) {
                Some((_, v)) => v.push(*i),
                None => groups.push((naam, vec![*i])),
            }
        }
        let parts = graph.components(|_| true);
        let part_of = |i: usize| parts.iter().position(|c| c.binary_search(&i).is_ok());
        for (naam, idx) in &groups {
            if idx.iter().any(|&i| part_of(i) != part_of(idx[0])) {
                return Err(Infeasible(format!(
                    "de vastgezette buurten van '{naam}' ({}) liggen in losse delen en kunnen nooit één wijkverband vormen",
                    names(idx)
                )));
            }
        }
        Ok(())
    }
}
