//! The areas a scan profiles, made the same way wherever they are asked for (the CLI's
//! `scan`, the web app's profile): one buurt, a selection, a wijk, a gemeente, a wijkverband
//! or a region, each as its set of buurten with a name a reader recognises, and an area split
//! into its gemeenten, wijken or buurten.

use serde::Serialize;

use crate::gebied::{Code, Ligging};

/// What kind of area a profile is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Soort {
    Buurt,
    /// A set of buurten chosen by the user.
    #[serde(rename = "eigen selectie")]
    Selectie,
    Wijk,
    Gemeente,
    Wijkverband,
    Regio,
}

impl Soort {
    /// The word a page or table uses.
    pub fn label(self) -> &'static str {
        match self {
            Soort::Buurt => "buurt",
            Soort::Selectie => "eigen selectie",
            Soort::Wijk => "wijk",
            Soort::Gemeente => "gemeente",
            Soort::Wijkverband => "wijkverband",
            Soort::Regio => "regio",
        }
    }
}

impl std::fmt::Display for Soort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The level an area is split into (`scan --per`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Buurt,
    Wijk,
    Gemeente,
}

/// An area to profile, as its set of buurten.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Area {
    pub naam: String,
    pub soort: Soort,
    pub buurten: Vec<String>,
}

/// The longest name a user may give a selection.
pub const MAX_NAAM: usize = 80;

impl Area {
    /// One buurt, named with its gemeente ("Kamerik-Noord (Woerden)").
    pub fn buurt(b: &impl Ligging) -> Area {
        let (code, naam) = b.buurt();
        Area { naam: format!("{naam} ({})", b.gemeente().1), soort: Soort::Buurt, buurten: vec![code.to_string()] }
    }

    /// A set of buurten chosen by the user (each once, in the order given), with the name they
    /// gave it (at most [`MAX_NAAM`] characters) or a count.
    pub fn selectie(buurten: &[&str], naam: Option<&str>) -> Area {
        let mut set: Vec<String> = Vec::new();
        for b in buurten {
            if !set.iter().any(|s| s == b) {
                set.push(b.to_string());
            }
        }
        let naam = naam.map(|n| n.trim().chars().take(MAX_NAAM).collect::<String>()).filter(|n| !n.is_empty());
        Area {
            naam: naam.unwrap_or_else(|| format!("Eigen selectie ({} buurten)", set.len())),
            soort: Soort::Selectie,
            buurten: set,
        }
    }

    /// The wijk `code` among `all`, named with its gemeente; `None` when no buurt lies in it.
    pub fn wijk<B: Ligging>(all: &[B], code: &Code) -> Option<Area> {
        let rows: Vec<&B> = all.iter().filter(|b| b.wijk().0 == code).collect();
        let first = rows.first()?;
        let naam = first.wijk().1.map_or_else(|| code.to_string(), String::from);
        Some(Area {
            naam: format!("{naam} ({})", first.gemeente().1),
            soort: Soort::Wijk,
            buurten: rows.iter().map(|b| b.buurt().0.to_string()).collect(),
        })
    }

    /// The gemeente `code` among `all`; `None` when no buurt lies in it.
    pub fn gemeente<B: Ligging>(all: &[B], code: &Code) -> Option<Area> {
        let rows: Vec<&B> = all.iter().filter(|b| b.gemeente().0 == code).collect();
        let first = rows.first()?;
        Some(Area {
            naam: first.gemeente().1.to_string(),
            soort: Soort::Gemeente,
            buurten: rows.iter().map(|b| b.buurt().0.to_string()).collect(),
        })
    }

    /// A wijkverband of a plan, as its buurten.
    pub fn wijkverband(naam: &str, buurten: Vec<String>) -> Area {
        Area { naam: naam.to_string(), soort: Soort::Wijkverband, buurten }
    }

    /// A region: every buurt of `all` in its gemeenten.
    pub fn regio<B: Ligging>(naam: &str, all: &[B], gemeenten: &[Code]) -> Area {
        let buurten = all.iter().filter(|b| gemeenten.contains(b.gemeente().0)).map(|b| b.buurt().0.to_string());
        Area { naam: naam.to_string(), soort: Soort::Regio, buurten: buurten.collect() }
    }

    /// The area's parts at level `per`, in code order, named as [`Area::buurt`], [`Area::wijk`]
    /// and [`Area::gemeente`] name them.
    pub fn split<B: Ligging>(&self, all: &[B], per: Per) -> Vec<Area> {
        let by_code: std::collections::HashMap<&str, &B> = all.iter().map(|b| (b.buurt().0.as_str(), b)).collect();
        let mut parts: Vec<(String, Area)> = Vec::new();
        for code in &self.buurten {
            let Some(b) = by_code.get(code.as_str()) else { continue };
            let key = match per {
                Per::Buurt => b.buurt().0,
                Per::Wijk => b.wijk().0,
                Per::Gemeente => b.gemeente().0,
            }
            .to_string();
            match parts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, a)) => a.buurten.push(code.clone()),
                None => {
                    let mut part = match per {
                        Per::Buurt => Area::buurt(*b),
                        Per::Wijk => Area::wijk(std::slice::from_ref(*b), b.wijk().0).expect("its own wijk"),
                        Per::Gemeente => {
                            Area::gemeente(std::slice::from_ref(*b), b.gemeente().0).expect("its own gemeente")
                        }
                    };
                    part.buurten = vec![code.clone()];
                    parts.push((key, part));
                }
            }
        }
        parts.sort_by(|a, b| a.0.cmp(&b.0));
        parts.into_iter().map(|(_, a)| a).collect()
    }
}

/// The name of the gemeenten an area lies in, as a reference: "gemeente Woerden",
/// "gemeenten Montfoort en Woerden".
pub fn gemeenten_naam(namen: &[&str]) -> String {
    match namen {
        [] => "gemeente".into(),
        [one] => format!("gemeente {one}"),
        [init @ .., last] => format!("gemeenten {} en {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gebied::Buurt;

    fn b(code: &str, naam: &str, wijk: &str, gm: &str, gm_naam: &str) -> Buurt {
        Buurt {
            jaar: 2015,
            code: Code::parse(code).expect("a buurt code"),
            naam: naam.into(),
            wijk_code: Code::parse(wijk).expect("a wijk code"),
            wijk_naam: Some(format!("Wijk {wijk}")),
            gemeente_code: Code::parse(gm).expect("a gemeente code"),
            gemeente_naam: gm_naam.into(),
            geometrie: geo_types::MultiPolygon(vec![]),
        }
    }

    #[test]
    fn areas_are_named_the_same_way_and_split_into_their_parts() {
        let all = [
            b("BU06320101", "Oud", "WK063201", "GM0632", "Woerden"),
            b("BU06320102", "Nieuw", "WK063201", "GM0632", "Woerden"),
            b("BU03350101", "Dorp", "WK033501", "GM0335", "Montfoort"),
        ];
        assert_eq!(Area::buurt(&all[0]).naam, "Oud (Woerden)");
        let w = Area::wijk(&all, &Code::parse("WK063201").unwrap()).unwrap();
        assert_eq!((w.naam.as_str(), w.buurten.len()), ("Wijk WK063201 (Woerden)", 2));
        assert!(Area::gemeente(&all, &Code::parse("GM0599").unwrap()).is_none());
        let s = Area::selectie(&["BU06320101", "BU03350101", "BU06320101"], Some("  "));
        assert_eq!((s.naam.as_str(), s.buurten.len()), ("Eigen selectie (2 buurten)", 2));
        let r = Area::regio("Test", &all, &[Code::parse("GM0632").unwrap(), Code::parse("GM0335").unwrap()]);
        let per = r.split(&all, Per::Gemeente);
        assert_eq!(per.iter().map(|a| a.naam.as_str()).collect::<Vec<_>>(), ["Montfoort", "Woerden"]);
        assert_eq!(per.iter().map(|a| a.buurten.len()).sum::<usize>(), 3, "every buurt in one part");
        assert_eq!(gemeenten_naam(&["Montfoort", "Oudewater", "Woerden"]), "gemeenten Montfoort, Oudewater en Woerden");
    }
}
