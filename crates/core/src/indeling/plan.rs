//! A plan: every buurt of a region assigned to exactly one wijkverband, with
//! the metrics a plan is judged by.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::format;

use super::{Constraints, Partition, Region};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The wijkverbanden' names, by index.
    pub names: Vec<String>,
    /// Per buurt (region index), its wijkverband.
    pub assignment: Vec<usize>,
}

/// An existing structure (wijkverpleging team areas, sociale wijkteams, GP
/// catchments): per buurt the area it belongs to, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Structure {
    pub naam: String,
    pub gebied: Vec<Option<String>>,
}

impl Structure {
    /// The structures that (structuur, buurt index, gebied) rows describe over a region of `n`
    /// buurten, in the order they first appear; a buurt no row names is in no gebied.
    pub fn from_rows(n: usize, rows: impl IntoIterator<Item = (String, usize, String)>) -> Vec<Structure> {
        let mut out: Vec<Structure> = Vec::new();
        for (naam, i, gebied) in rows {
            let k = match out.iter().position(|s| s.naam == naam) {
                Some(k) => k,
                None => {
                    out.push(Structure { naam, gebied: vec![None; n] });
                    out.len() - 1
                }
            };
            out[k].gebied[i] = Some(gebied);
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PopulationStatus {
    Onder,
    Binnen,
    Boven,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictMetrics {
    pub naam: String,
    pub buurten: usize,
    pub inwoners: f64,
    pub status: PopulationStatus,
    /// Inhabitants relative to the mean wijkverband (0 = exactly the mean).
    pub afwijking: f64,
    pub aaneengesloten: bool,
    /// 4πA/P² of the outline (1 for a circle).
    pub polsby_popper: f64,
    /// Share of the border of its buurten that lies inside the wijkverband.
    pub grens_binnen: f64,
    /// Σ over variables of squared deviations from the wijkverband's mean (standardised).
    pub heterogeniteit: f64,
    pub gemeenten: Vec<String>,
    /// Service capacity (GP practices) inside, and inhabitants per unit; `None` without capacity.
    pub capaciteit: f64,
    pub inwoners_per_capaciteit: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanMetrics {
    pub wijkverbanden: Vec<DistrictMetrics>,
    pub totaal_heterogeniteit: f64,
    /// Whether the region has variables to measure heterogeneity by (without, it is 0 and says
    /// nothing).
    pub variabelen: bool,
    /// Σ over wijkverbanden of the pairwise L1 distances within (the max-p objective, as spopt).
    pub heterogeniteit_paren: f64,
    /// Gemeenten spread over more than one wijkverband: (gemeente, number of wijkverbanden).
    pub gemeente_splitsingen: Vec<(String, usize)>,
    /// Structure areas spread over more than one wijkverband: (structure, area, wijkverbanden,
    /// share of its inhabitants outside its main wijkverband).
    pub structuur_splitsingen: Vec<(String, String, usize, f64)>,
    /// Buurten in another wijkverband than in the reference plan (see `compare`).
    pub verplaatst: Option<usize>,
    /// Human-readable violations of the constraints.
    pub overtredingen: Vec<String>,
}

impl Plan {
    pub fn members(&self, d: usize) -> Vec<usize> {
        (0..self.assignment.len()).filter(|&i| self.assignment[i] == d).collect()
    }

    pub fn metrics(
        &self,
        region: &Region,
        c: &Constraints,
        structures: &[Structure],
        reference: Option<&Plan>,
    ) -> PlanMetrics {
        // Links the user allowed count as borders for contiguity.
        let linked;
        let region = if c.verbindingen.is_empty() {
            region
        } else {
            linked = region.with_links(&c.verbindingen);
            &linked
        };
        let k = self.names.len();
        let mean_pop = region.population.iter().sum::<f64>() / k.max(1) as f64;
        let mut wijkverbanden = Vec::with_capacity(k);
        let mut overtredingen = Vec::new();
        let mut pairs_total = 0.0;
        let part = Partition::new(region, self);
        for d in 0..k {
            let m = self.members(d);
            let inwoners = part.population(d);
            let floor = c.floor_of(region, m.iter().copied());
            let status = if inwoners < floor {
                PopulationStatus::Onder
            } else if c.max.is_some_and(|max| inwoners > max) {
                PopulationStatus::Boven
            } else {
                PopulationStatus::Binnen
            };
            // An empty wijkverband (just added) is not in pieces.
            let aaneengesloten = m.is_empty() || part.is_contiguous(d);
            for (x, &i) in m.iter().enumerate() {
                for &j in &m[x + 1..] {
                    pairs_total += region.distance(i, j);
                }
            }
            let mut gemeenten: Vec<String> = m.iter().map(|&i| region.gemeente[i].clone()).collect();
            gemeenten.sort();
            gemeenten.dedup();
            let naam = self.names[d].clone();
            match status {
                PopulationStatus::Onder => {
                    overtredingen.push(format!("{naam} heeft {inwoners} inwoners, minder dan {floor}"))
                }
                PopulationStatus::Boven => overtredingen
                    .push(format!("{naam} heeft {inwoners} inwoners, meer dan {}", c.max.unwrap_or_default())),
                PopulationStatus::Binnen => {}
            }
            if !aaneengesloten {
                overtredingen.push(format!("{naam} is niet aaneengesloten"));
            }
            if c.gemeentegrenzen && gemeenten.len() > 1 {
                overtredingen.push(format!("{naam} ligt in meer dan één gemeente: {}", gemeenten.join(", ")));
            }
            wijkverbanden.push(DistrictMetrics {
                naam,
                buurten: m.len(),
                inwoners,
                status,
                afwijking: if mean_pop > 0.0 { inwoners / mean_pop - 1.0 } else { 0.0 },
                aaneengesloten,
                polsby_popper: part.polsby_popper(d),
                grens_binnen: part.border_inside(d),
                heterogeniteit: part.heterogeneity(d),
                gemeenten,
                capaciteit: m.iter().map(|&i| region.capacity[i]).sum(),
                inwoners_per_capaciteit: {
                    let cap: f64 = m.iter().map(|&i| region.capacity[i]).sum();
                    (cap > 0.0).then(|| inwoners / cap)
                },
            });
        }
        for (i, naam) in &c.vast {
            if self.names[self.assignment[*i]] != *naam {
                overtredingen.push(format!(
                    "{} is vastgezet in {naam} maar ligt in {}",
                    region.codes[*i], self.names[self.assignment[*i]]
                ));
            }
        }
        let mut per_gemeente: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for i in 0..region.len() {
            per_gemeente.entry(&region.gemeente[i]).or_default().push(self.assignment[i]);
        }
        let gemeente_splitsingen = per_gemeente
            .into_iter()
            .filter_map(|(g, mut ds)| {
                ds.sort_unstable();
                ds.dedup();
                (ds.len() > 1).then(|| (g.to_string(), ds.len()))
            })
            .collect();
        let mut structuur_splitsingen = Vec::new();
        for s in structures {
            let mut areas: BTreeMap<&str, BTreeMap<usize, f64>> = BTreeMap::new();
            for (i, g) in s.gebied.iter().enumerate() {
                if let Some(g) = g {
                    *areas.entry(g).or_default().entry(self.assignment[i]).or_default() += region.population[i];
                }
            }
            for (g, per) in areas {
                if per.len() > 1 {
                    let total: f64 = per.values().sum();
                    let main = per.values().cloned().fold(0.0, f64::max);
                    let outside = if total > 0.0 { 1.0 - main / total } else { 0.0 };
                    structuur_splitsingen.push((s.naam.clone(), g.to_string(), per.len(), outside));
                }
            }
        }
        let verplaatst = reference.map(|r| compare(region, r, self).len());
        PlanMetrics {
            totaal_heterogeniteit: wijkverbanden.iter().map(|w| w.heterogeniteit).sum(),
            wijkverbanden,
            variabelen: region.attrs.iter().any(|a| !a.is_empty()),
            heterogeniteit_paren: pairs_total,
            gemeente_splitsingen,
            structuur_splitsingen,
            verplaatst,
            overtredingen,
        }
    }
}

/// Matches each wijkverband of `a` to the wijkverband of `b` it shares the
/// most inhabitants with (one to one, largest overlap first; a buurt without
/// inhabitants still counts a little), so that renamed or renumbered
/// wijkverbanden are recognised.
pub fn matching(region: &Region, a: &Plan, b: &Plan) -> Vec<Option<usize>> {
    let mut overlap: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for i in 0..region.len() {
        *overlap.entry((a.assignment[i], b.assignment[i])).or_default() += region.population[i] + 1e-3;
    }
    let mut pairs: Vec<((usize, usize), f64)> = overlap.into_iter().collect();
    pairs.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let mut of_a = vec![None; a.names.len()];
    let mut taken = vec![false; b.names.len()];
    for ((x, y), _) in pairs {
        if of_a[x].is_none() && !taken[y] {
            of_a[x] = Some(y);
            taken[y] = true;
        }
    }
    of_a
}

/// The buurten that lie in another wijkverband in `b` than in `a` (wijkverbanden
/// matched by shared inhabitants): (buurt, in a, in b).
pub fn compare(region: &Region, a: &Plan, b: &Plan) -> Vec<(String, String, String)> {
    let m = matching(region, a, b);
    (0..region.len())
        .filter(|&i| m[a.assignment[i]] != Some(b.assignment[i]))
        .map(|i| (region.codes[i].clone(), a.names[a.assignment[i]].clone(), b.names[b.assignment[i]].clone()))
        .collect()
}

/// The buurten whose wijkverband, by name, differs between two versions of one plan:
/// (buurt index, before, after). Exactly what replacing `before` by `after` changes.
pub fn moves(before: &Plan, after: &Plan) -> Vec<(usize, String, String)> {
    (0..before.assignment.len())
        .filter_map(|i| {
            let (x, y) = (&before.names[before.assignment[i]], &after.names[after.assignment[i]]);
            (x != y).then(|| (i, x.clone(), y.clone()))
        })
        .collect()
}

impl Plan {
    /// The same partition with each wijkverband named after the wijkverband of `like` it shares
    /// the most inhabitants with (one to one, as [`matching`]); the others get a name
    /// `Wijkverband N` that neither plan uses. A new proposal for a plan keeps the names of what
    /// stays, so that its moves are the buurten that really change.
    pub fn named_like(&self, region: &Region, like: &Plan) -> Plan {
        let m = matching(region, like, self);
        let mut names: Vec<Option<String>> = vec![None; self.names.len()];
        for (x, y) in m.iter().enumerate() {
            if let Some(y) = y {
                names[*y] = Some(like.names[x].clone());
            }
        }
        let used = |n: &str, names: &[Option<String>]| {
            like.names.iter().any(|x| x == n) || names.iter().flatten().any(|x| x == n)
        };
        let mut k = 0;
        for i in 0..names.len() {
            if names[i].is_none() {
                let fresh = loop {
                    k += 1;
                    let n = format!("Wijkverband {k}");
                    if !used(&n, &names) {
                        break n;
                    }
                };
                names[i] = Some(fresh);
            }
        }
        Plan { names: names.into_iter().flatten().collect(), assignment: self.assignment.clone() }
    }
}

impl PlanMetrics {
    /// The figures plans are compared by: label, value (unknown where it says nothing) and the
    /// value as shown.
    pub fn summary(&self) -> Vec<(&'static str, Option<f64>, String)> {
        let ws = &self.wijkverbanden;
        let pops = || ws.iter().filter(|w| w.buurten > 0).map(|w| w.inwoners);
        let pp = ws.iter().map(|w| w.polsby_popper).sum::<f64>() / ws.len().max(1) as f64;
        let n = |label, v: usize| (label, Some(v as f64), format::count(Some(v as f64)));
        let kleinste = pops().reduce(f64::min);
        let grootste = pops().reduce(f64::max);
        let heterogeniteit = self.variabelen.then_some(self.totaal_heterogeniteit);
        vec![
            n("wijkverbanden", ws.len()),
            ("kleinste (inwoners)", kleinste, format::count(kleinste)),
            ("grootste (inwoners)", grootste, format::count(grootste)),
            n("binnen de grenzen", ws.iter().filter(|w| w.status == PopulationStatus::Binnen).count()),
            n("niet aaneengesloten", ws.iter().filter(|w| !w.aaneengesloten).count()),
            ("gemiddelde compactheid (PP)", Some(pp), format::measure(Some(pp))),
            (
                "heterogeniteit",
                heterogeniteit,
                heterogeniteit.map_or_else(|| "geen variabelen gekozen".into(), |h| format::number(h, 1)),
            ),
            n("verdeelde gemeenten", self.gemeente_splitsingen.len()),
            n("overtredingen", self.overtredingen.len()),
        ]
    }
}
