//! The rules a plan must keep, and why a region cannot keep them.

use serde::Serialize;

use super::{Graph, Region};

/// Population floor and ceiling, gemeente borders, locked buurten, and the exceptions a user
/// allows where a region cannot keep them. Every wijkverband must be contiguous.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    pub min: f64,
    pub max: Option<f64>,
    /// Never cross a gemeente border.
    pub gemeentegrenzen: bool,
    /// Buurten pinned to a named wijkverband: (buurt index, name).
    pub vast: Vec<(usize, String)>,
    /// A lower floor for the wijkverbanden of a gemeente: (gemeente code, floor). A wijkverband
    /// takes the lowest floor of the gemeenten it lies in.
    pub ondergrens_gemeente: Vec<(String, f64)>,
    /// With `gemeentegrenzen`: gemeenten whose border may be crossed (one too small on its own
    /// joins a neighbour).
    pub open_gemeenten: Vec<String>,
    /// Extra links between buurten that share no border (a bridge, a ferry): buurt indices.
    pub verbindingen: Vec<(usize, usize)>,
}

/// An exception to the rules a user allows where a region cannot keep them, in the text form
/// plans store: `ondergrens:GM0589:9885`, `open:GM0589`, `verbinding:BU…:BU…`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Uitzondering {
    /// The wijkverbanden of a gemeente may have fewer inhabitants.
    Ondergrens { gemeente: String, ondergrens: f64 },
    /// A gemeente's border may be crossed although gemeente borders are kept.
    Open { gemeente: String },
    /// Two buurten that share no border count as neighbours.
    Verbinding { a: String, b: String },
}

impl Uitzondering {
    pub fn parse(text: &str) -> Option<Uitzondering> {
        let mut parts = text.trim().split(':');
        let out = match (parts.next()?, parts.next()?, parts.next()) {
            ("ondergrens", g, Some(n)) => Uitzondering::Ondergrens {
                gemeente: g.to_string(),
                ondergrens: n.parse().ok().filter(|n: &f64| n.is_finite() && *n >= 0.0)?,
            },
            ("open", g, None) => Uitzondering::Open { gemeente: g.to_string() },
            ("verbinding", a, Some(b)) => Uitzondering::Verbinding { a: a.to_string(), b: b.to_string() },
            _ => return None,
        };
        parts.next().is_none().then_some(out)
    }

    pub fn text(&self) -> String {
        match self {
            Uitzondering::Ondergrens { gemeente, ondergrens } => format!("ondergrens:{gemeente}:{ondergrens}"),
            Uitzondering::Open { gemeente } => format!("open:{gemeente}"),
            Uitzondering::Verbinding { a, b } => format!("verbinding:{a}:{b}"),
        }
    }

    /// Adds this exception to `c`; an error names a gemeente or buurt the region lacks.
    pub fn apply(&self, region: &Region, c: &mut Constraints) -> Result<(), String> {
        let gemeente = |g: &String| {
            region.gemeente.contains(g).then_some(g.clone()).ok_or_else(|| format!("{g} is geen gemeente van de regio"))
        };
        let buurt = |b: &String| region.index_of(b).ok_or_else(|| format!("{b} is geen buurt van de regio"));
        match self {
            Uitzondering::Ondergrens { gemeente: g, ondergrens } => {
                c.ondergrens_gemeente.push((gemeente(g)?, *ondergrens))
            }
            Uitzondering::Open { gemeente: g } => c.open_gemeenten.push(gemeente(g)?),
            Uitzondering::Verbinding { a, b } => c.verbindingen.push((buurt(a)?, buurt(b)?)),
        }
        Ok(())
    }
}

/// Why no plan can meet the constraints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{0}")]
pub struct Infeasible(pub String);

impl Constraints {
    /// The graph the plan may use: without edges across gemeente borders when those are kept.
    pub fn graph(&self, region: &Region) -> Graph {
        let mut graph = if self.gemeentegrenzen {
            let open = |i: usize| self.open_gemeenten.contains(&region.gemeente[i]);
            region.graph.filtered(|a, b| region.gemeente[a] == region.gemeente[b] || open(a) || open(b))
        } else {
            region.graph.clone()
        };
        for &(a, b) in &self.verbindingen {
            graph.connect(a, b, 0.0);
        }
        graph
    }

    /// The floor of a wijkverband with these members: the lowest of their gemeenten's floors.
    pub fn floor_of(&self, region: &Region, members: impl IntoIterator<Item = usize>) -> f64 {
        if self.ondergrens_gemeente.is_empty() {
            return self.min;
        }
        members
            .into_iter()
            .filter_map(|i| self.ondergrens_gemeente.iter().find(|(g, _)| *g == region.gemeente[i]).map(|e| e.1))
            .fold(self.min, f64::min)
    }

    /// The first connected part of the usable graph that cannot reach its floor: (its buurten,
    /// its inhabitants, its floor).
    pub fn short_part(&self, region: &Region, graph: &Graph) -> Option<(Vec<usize>, f64, f64)> {
        graph.components(|_| true).into_iter().find_map(|comp| {
            let pop: f64 = comp.iter().map(|&i| region.population[i]).sum();
            let floor = self.floor_of(region, comp.iter().copied());
            (pop < floor).then_some((comp, pop, floor))
        })
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
        if let Some((comp, pop, floor)) = self.short_part(region, graph) {
            let where_ = if self.gemeentegrenzen { " in zijn gemeente" } else { "" };
            let what = if comp.len() == 1 {
                format!("{} heeft {} inwoners en geen buur{where_}", region.codes[comp[0]], pop)
            } else {
                format!("de buurten {} vormen samen een los deel met {} inwoners", names(&comp), pop)
            };
            let loose = if self.gemeentegrenzen { ", laat de gemeentegrens los" } else { "" };
            return Err(Infeasible(format!(
                "{what}: minder dan de ondergrens van {floor}. Sta een extra verbinding toe{loose} of verlaag de ondergrens"
            )));
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
