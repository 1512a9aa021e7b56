//! Opgaven: the indicators where an area deviates most from its reference in
//! the unfavourable direction, in plain Dutch, with source and year.

use serde::Serialize;

use super::{Reference, Row, favourable_sign};
use crate::format;
use crate::indicator::Catalogue;

/// Differences smaller than this many standard deviations are not an opgave.
pub const MIN_AFWIJKING: f64 = 0.25;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opgave {
    pub indicator: String,
    /// E.g. "Eenzaam (65+): hoger dan gemiddeld in gemeente Woerden (50,2% tegen 45,1%)".
    pub tekst: String,
    /// The unfavourable difference in standard deviations of the reference's buurten.
    pub afwijking: f64,
    /// Sources and years of the figure.
    pub bron: String,
}

/// The `limit` most unfavourable deviations of at least [`MIN_AFWIJKING`].
pub fn opgaven(cat: &Catalogue, rows: &[Row], reference: &Reference, limit: usize) -> Vec<Opgave> {
    let mut found: Vec<Opgave> = rows
        .iter()
        .filter_map(|r| {
            let i = cat.position(&r.code)?;
            let ind = &cat.indicators[i];
            let sign = favourable_sign(ind.direction)?;
            let (v, refv) = (r.waarde?, r.referentie?);
            let afwijking = -sign * (v - refv) / reference.sd(i)?;
            (afwijking >= MIN_AFWIJKING).then(|| {
                let richting = if v > refv { "hoger" } else { "lager" };
                Opgave {
                    indicator: r.code.clone(),
                    tekst: format!(
                        "{}: {richting} dan gemiddeld in {} ({} tegen {})",
                        ind.label,
                        reference.naam,
                        format::value(ind, Some(v)),
                        format::value(ind, Some(refv))
                    ),
                    afwijking,
                    bron: ind.sources.iter().map(|s| cat.source(s).naam.clone()).collect::<Vec<_>>().join("; "),
                }
            })
        })
        .collect();
    found.sort_by(|a, b| b.afwijking.total_cmp(&a.afwijking));
    found.truncate(limit);
    found
}
