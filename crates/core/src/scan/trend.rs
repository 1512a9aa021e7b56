//! An indicator's trend for one area: its value in every imported year of its main source, each
//! aggregated over the area's buurten with the catalogue read in that year, and how that year's
//! figures reached the buurten (by code, by geometry, from the wijk or gemeente). The first and
//! the newest known values give the change a wijkevaluatie reads: baseline against now.

use std::collections::BTreeMap;

use crate::format::plural;
use crate::gebied::koppeling::Methode;
use crate::indicator::{Catalogue, ValueTable, aggregate};

/// One year of a trend.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Punt {
    pub jaar: i32,
    /// `None`: unknown (no data, or too little coverage).
    pub waarde: Option<f64>,
    /// The source's title in that year.
    pub bron: String,
    /// How the year's figures reached the area's buurten, in words; empty when they are
    /// published in the buurten's own division.
    pub koppeling: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The indicator's position in the catalogue.
    pub indicator: usize,
    /// In ascending years.
    pub punten: Vec<Punt>,
}

impl Trend {
    /// The first and the newest year with a known value, if they differ.
    pub fn begin_eind(&self) -> Option<(&Punt, &Punt)> {
        let mut known = self.punten.iter().filter(|p| p.waarde.is_some());
        let first = known.next()?;
        let last = known.next_back()?;
        Some((first, last))
    }
}

/// The catalogue read in each imported year of each source, with the indicators whose main
/// source it is: made once per region (a catalogue per year is no small thing to build), shared
/// by the trends of all its areas.
pub struct Jaargangen {
    per_bron: Vec<Bron>,
    indicators: usize,
}

/// A source: its id, the indicators whose main source it is, and per imported year (ascending)
/// the catalogue read in that year.
struct Bron {
    id: String,
    indicators: Vec<usize>,
    jaren: Vec<(i32, Catalogue)>,
}

impl Jaargangen {
    /// `groepen`: the imported series groups (dataset, group, year).
    pub fn new(cat: &Catalogue, groepen: &[(String, String, i32)]) -> Jaargangen {
        let per_bron = cat
            .sources
            .iter()
            .map(|(id, s)| {
                let mine =
                    (0..cat.indicators.len()).filter(|&i| cat.indicators[i].sources.first() == Some(id)).collect();
                Bron {
                    id: id.clone(),
                    indicators: mine,
                    jaren: s.jaren(groepen).into_iter().map(|j| (j, cat.in_jaar(id, j))).collect(),
                }
            })
            .collect();
        Jaargangen { per_bron, indicators: cat.indicators.len() }
    }
}

/// The trend of every indicator for the area of `buurten`, over the imported years of its main
/// source; `values` holds the series of all those years. One aggregation per source and year
/// serves every indicator of that source.
pub fn trends(jaargangen: &Jaargangen, values: &ValueTable, buurten: &[&str]) -> Vec<Trend> {
    let mut out: Vec<Trend> = (0..jaargangen.indicators).map(|i| Trend { indicator: i, punten: vec![] }).collect();
    for Bron { id, indicators: mine, jaren } in &jaargangen.per_bron {
        for (jaar, c) in jaren {
            let (jaar, s) = (*jaar, c.source(id));
            let figures = aggregate(c, values, buurten);
            let koppeling = values.herkomst(&s.dataset, jaar, &s.groep).map_or(String::new(), |h| {
                let mut per: BTreeMap<Option<Methode>, u64> = BTreeMap::new();
                for b in buurten {
                    *per.entry(h.methoden.get(*b).copied()).or_default() += 1;
                }
                let parts: Vec<String> =
                    per.iter().map(|(m, n)| format!("{} {}", plural(*n, "buurt", "buurten"), hoe(*m))).collect();
                format!("indeling {}: {}", h.indeling, parts.join(", "))
            });
            let bron = s.naam.clone();
            for &i in mine {
                out[i].punten.push(Punt {
                    jaar,
                    waarde: figures[i].waarde,
                    bron: bron.clone(),
                    koppeling: koppeling.clone(),
                });
            }
        }
    }
    out
}

fn hoe(m: Option<Methode>) -> &'static str {
    match m {
        Some(Methode::Code) => "op buurtcode",
        Some(Methode::Geometrie) => "op ligging",
        Some(Methode::Wijk) => "met het wijkcijfer",
        Some(Methode::Gemeente) => "met het gemeentecijfer",
        None => "zonder cijfers",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::{Herkomst, SeriesKey};

    /// Two waves of a health share over two buurten: each year aggregates its own series,
    /// weighted by inhabitants, and says how its figures were linked.
    #[test]
    fn each_year_aggregates_its_own_series() {
        let cat = Catalogue::builtin();
        let i = cat.position("eenzaam_18plus").expect("loneliness");
        let series = cat.series_of(i);
        let mut values = ValueTable::new();
        let buurten = ["BU00000001", "BU00000002"];
        let wave = |jaar: i32| {
            series
                .iter()
                .map(move |s| SeriesKey { jaar: if s.dataset == "gezondheid" { jaar } else { s.jaar }, ..s.clone() })
        };
        for (jaar, shares) in [(2016, [40.0, 50.0]), (2020, [44.0, 47.0])] {
            for k in wave(jaar) {
                for (b, share) in buurten.iter().zip(shares) {
                    let v = if k.dataset == "gezondheid" {
                        share
                    } else if k.variabele == "a_inw" {
                        1000.0
                    } else {
                        300.0
                    };
                    values.insert(b, &k, Some(if *b == "BU00000002" && k.dataset == "kwb" { v * 3.0 } else { v }));
                }
            }
        }
        let h = Herkomst {
            indeling: 2020,
            methoden: [("BU00000001".to_string(), Methode::Code), ("BU00000002".to_string(), Methode::Geometrie)]
                .into(),
        };
        values.set_herkomst(("gezondheid".into(), 2020, "18+".into()), h);
        let groepen: Vec<(String, String, i32)> =
            [2020, 2016, 2012].into_iter().map(|j| ("gezondheid".to_string(), "18+".to_string(), j)).collect();
        let all = trends(&Jaargangen::new(&cat, &groepen), &values, &buurten);
        assert_eq!(all.len(), cat.indicators.len());
        let t = &all[i];
        let jaren: Vec<i32> = t.punten.iter().map(|p| p.jaar).collect();
        assert_eq!(jaren, [2012, 2016, 2020]);
        assert_eq!(t.punten[0].waarde, None, "no series of 2012");
        // Weighted 1:3 by the population the catalogue weighs with.
        let w = |a: f64, b: f64| (a + 3.0 * b) / 4.0;
        assert!((t.punten[1].waarde.unwrap() - w(40.0, 50.0)).abs() < 1e-9, "{:?}", t.punten[1]);
        assert!((t.punten[2].waarde.unwrap() - w(44.0, 47.0)).abs() < 1e-9, "{:?}", t.punten[2]);
        assert!(t.punten[2].bron.contains("2020") && t.punten[1].bron.contains("2016"));
        assert_eq!(t.punten[2].koppeling, "indeling 2020: 1 buurt op buurtcode, 1 buurt op ligging");
        assert_eq!(t.punten[1].koppeling, "");
        let (a, b) = t.begin_eind().unwrap();
        assert_eq!((a.jaar, b.jaar), (2016, 2020));
    }
}
