//! Aggregation of indicators over any set of buurten (DESIGN.md §4).
//!
//! Every indicator accumulates [`Parts`]: sums that combine by addition, so the
//! aggregate of a union of disjoint sets is the combination of their aggregates.
//! Missing values are left out of the sums and lower the coverage; they are
//! never counted as zero.

use serde::Serialize;

use super::{Amount, Catalogue, CoverageWeight, Indicator, Kind, Quantity, ValueTable, VarRef};

/// The additive state of one indicator over a set of buurten.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Parts {
    /// Σ amount (count) or Σ numerator (rate, average × base).
    pub numerator: f64,
    /// Σ denominator or base over buurten with a value (zero for counts).
    pub denominator: f64,
    /// Coverage weight of the buurten with a value.
    pub covered: f64,
    /// Coverage weight of all buurten whose weight is known.
    pub weight: f64,
    pub buurten: u32,
    pub buurten_met_waarde: u32,
    /// Σ value, unweighted (averages only): the fallback when no buurt has a base.
    pub plain: f64,
}

impl Parts {
    pub fn combine(self, o: Parts) -> Parts {
        Parts {
            numerator: self.numerator + o.numerator,
            denominator: self.denominator + o.denominator,
            covered: self.covered + o.covered,
            weight: self.weight + o.weight,
            buurten: self.buurten + o.buurten,
            buurten_met_waarde: self.buurten_met_waarde + o.buurten_met_waarde,
            plain: self.plain + o.plain,
        }
    }

    /// Share of the coverage weight for which data existed; `None` if there was no weight.
    pub fn coverage(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| self.covered / self.weight)
    }
}

/// An indicator's value for a set of buurten.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    pub code: String,
    /// `None`: unknown — no data, a zero denominator, or coverage below the catalogue's minimum.
    pub waarde: Option<f64>,
    /// Share of the base for which data existed (0–1).
    pub dekking: Option<f64>,
    pub parts: Parts,
}

/// Aggregates every catalogue indicator over `buurten` (area codes).
pub fn aggregate<S: AsRef<str>>(cat: &Catalogue, values: &ValueTable, buurten: &[S]) -> Vec<Aggregate> {
    let parts = accumulate(cat, values, buurten);
    finish(cat, &parts)
}

/// Aggregates only the indicators at positions `wanted` (with those a class of them is derived
/// from) over `buurten`, the same as [`aggregate`] does them; the others come out missing (but the
/// classes of those aggregated). For a page that shows a few indicators of many areas.
pub fn aggregate_only<S: AsRef<str>>(
    cat: &Catalogue,
    values: &ValueTable,
    buurten: &[S],
    wanted: &[usize],
) -> Vec<Aggregate> {
    let from = wanted.iter().filter_map(|&i| match &cat.indicators[i].kind {
        Kind::Class { from, .. } => Some(*from),
        _ => None,
    });
    let mut take: Vec<usize> = wanted.iter().copied().chain(from).collect();
    take.sort_unstable();
    take.dedup();
    finish(cat, &accumulate_at(cat, values, buurten, &take))
}

/// The additive parts of every indicator.
pub fn accumulate<S: AsRef<str>>(cat: &Catalogue, values: &ValueTable, buurten: &[S]) -> Vec<Parts> {
    let all: Vec<usize> = (0..cat.indicators.len()).collect();
    accumulate_at(cat, values, buurten, &all)
}

/// The additive parts of the indicators at positions `at` (the others stay empty).
fn accumulate_at<S: AsRef<str>>(cat: &Catalogue, values: &ValueTable, buurten: &[S], at: &[usize]) -> Vec<Parts> {
    let lookup = Lookup::new(cat, values);
    let mut acc = vec![Parts::default(); cat.indicators.len()];
    for b in buurten {
        let row = values.row(b.as_ref());
        for &i in at {
            lookup.add(&cat.indicators[i], row, &mut acc[i]);
        }
    }
    acc
}

/// Turns combined parts (one per indicator, in catalogue order) into values.
pub fn finish(cat: &Catalogue, parts: &[Parts]) -> Vec<Aggregate> {
    let mut out: Vec<Aggregate> = cat
        .indicators
        .iter()
        .zip(parts)
        .map(|(ind, p)| Aggregate {
            code: ind.code.clone(),
            waarde: value(ind, p, cat.min_coverage),
            dekking: p.coverage(),
            parts: *p,
        })
        .collect();
    for (i, ind) in cat.indicators.iter().enumerate() {
        if let Kind::Class { from, thresholds, .. } = &ind.kind {
            let source = &out[*from];
            let (v, d, p) = (source.waarde.map(|v| class_of(v, thresholds)), source.dekking, source.parts);
            out[i].waarde = v;
            out[i].dekking = d;
            out[i].parts = p;
        }
    }
    out
}

fn value(ind: &Indicator, p: &Parts, min_coverage: f64) -> Option<f64> {
    if p.buurten_met_waarde == 0 || p.coverage().is_some_and(|c| c + 1e-12 < min_coverage) {
        return None;
    }
    match &ind.kind {
        Kind::Count { .. } => Some(p.numerator),
        Kind::Rate { per, .. } => (p.denominator > 0.0).then(|| p.numerator / p.denominator * per),
        // Weighted by the base; where no buurt has a base (a business park with
        // inhabitants but no households), the plain mean of the published values.
        Kind::Average { .. } if p.denominator > 0.0 => Some(p.numerator / p.denominator),
        Kind::Average { .. } => Some(p.plain / f64::from(p.buurten_met_waarde)),
        Kind::Class { .. } => None,
    }
}

/// The figure a source publishes for one area itself (e.g. `NL01`): a share as
/// published rather than re-weighted, so that no denominator is needed.
pub fn published(cat: &Catalogue, values: &ValueTable, area: &str, i: usize) -> Option<f64> {
    let lookup = Lookup::new(cat, values);
    let row = values.row(area);
    match &cat.indicators[i].kind {
        Kind::Count { amount, .. } => lookup.amount(row, amount),
        Kind::Rate { numerator: Amount::Share { shares, .. }, per, .. } => {
            shares.iter().map(|s| lookup.var(row, s)).sum::<Option<f64>>().map(|p| p / 100.0 * per)
        }
        Kind::Rate { numerator: Amount::Value(n), denominator, per } => {
            let d = lookup.quantity(row, denominator).filter(|d| *d > 0.0)?;
            Some(lookup.quantity(row, n)? / d * per)
        }
        Kind::Rate { numerator: Amount::Either { value, shares, .. }, denominator, per } => {
            let d = lookup.quantity(row, denominator).filter(|d| *d > 0.0);
            match (lookup.quantity(row, value), d) {
                (Some(n), Some(d)) => Some(n / d * per),
                _ => shares.iter().map(|s| lookup.var(row, s)).sum::<Option<f64>>().map(|p| p / 100.0 * per),
            }
        }
        Kind::Average { value, .. } => lookup.var(row, value),
        Kind::Class { from, thresholds, .. } => published(cat, values, area, *from).map(|v| class_of(v, thresholds)),
    }
}

/// Class k (1-based): the first descending threshold that `v` reaches; the last class otherwise.
pub fn class_of(v: f64, thresholds: &[f64]) -> f64 {
    (thresholds.iter().position(|&t| v >= t).unwrap_or(thresholds.len()) + 1) as f64
}

/// Resolves variable references to column indices once per aggregation.
struct Lookup<'a> {
    cat: &'a Catalogue,
    /// Column of each catalogue variable in the value table, by [`VarRef::id`].
    columns: Vec<Option<usize>>,
}

impl<'a> Lookup<'a> {
    fn new(cat: &'a Catalogue, values: &ValueTable) -> Self {
        Lookup { cat, columns: cat.variables().iter().map(|k| values.index_of(k)).collect() }
    }

    fn var(&self, row: Option<&[Option<f64>]>, v: &VarRef) -> Option<f64> {
        let i = self.columns[v.id]?;
        row?.get(i).copied().flatten()
    }

    fn quantity(&self, row: Option<&[Option<f64>]>, q: &Quantity) -> Option<f64> {
        match q {
            Quantity::Var(v) => self.var(row, v),
            Quantity::Sum(vs) => vs.iter().map(|v| self.var(row, v)).sum(),
            Quantity::Count(i) => match &self.cat.indicators[*i].kind {
                Kind::Count { amount, .. } => self.amount(row, amount),
                _ => None,
            },
        }
    }

    fn amount(&self, row: Option<&[Option<f64>]>, a: &Amount) -> Option<f64> {
        match a {
            Amount::Value(q) => self.quantity(row, q),
            Amount::Share { shares, of } => self.share(row, shares, self.quantity(row, of)?),
            Amount::Either { value, shares, of } => {
                self.quantity(row, value).or_else(|| self.share(row, shares, self.quantity(row, of)?))
            }
        }
    }

    /// The share `shares` (percentages, summed) of `base`.
    fn share(&self, row: Option<&[Option<f64>]>, shares: &[VarRef], base: f64) -> Option<f64> {
        shares.iter().map(|s| self.var(row, s)).sum::<Option<f64>>().map(|pct| pct / 100.0 * base)
    }

    fn add(&self, ind: &Indicator, row: Option<&[Option<f64>]>, p: &mut Parts) {
        p.buurten += 1;
        match &ind.kind {
            Kind::Count { amount, coverage } => {
                let w = match coverage {
                    CoverageWeight::Buurten => Some(1.0),
                    CoverageWeight::Weighted(q) => self.quantity(row, q),
                };
                let a = self.amount(row, amount);
                if let Some(w) = w {
                    p.weight += w;
                    if a.is_some() {
                        p.covered += w;
                    }
                }
                if let Some(a) = a {
                    p.numerator += a;
                    p.buurten_met_waarde += 1;
                }
            }
            Kind::Rate { numerator, denominator, .. } => {
                let Some(d) = self.quantity(row, denominator) else {
                    return;
                };
                p.weight += d;
                let n = match numerator {
                    Amount::Share { shares, .. } => self.share(row, shares, d),
                    Amount::Value(q) => self.quantity(row, q),
                    Amount::Either { value, shares, .. } => {
                        self.quantity(row, value).or_else(|| self.share(row, shares, d))
                    }
                };
                if let Some(n) = n {
                    p.numerator += n;
                    p.denominator += d;
                    p.covered += d;
                    p.buurten_met_waarde += 1;
                }
            }
            Kind::Average { value, base } => {
                let Some(b) = self.quantity(row, base) else {
                    return;
                };
                p.weight += b;
                if let Some(v) = self.var(row, value) {
                    p.numerator += v * b;
                    p.denominator += b;
                    p.covered += b;
                    p.plain += v;
                    p.buurten_met_waarde += 1;
                }
            }
            Kind::Class { .. } => {}
        }
    }
}
