//! Coverage (RESV task 4): the share of a region's inhabitants and buurten that live in a
//! wijkverband with a kernteam and a wijkplan.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dekking {
    /// Inhabitants of the buurten in a covered wijkverband (buurten without a known count
    /// add none, and are counted in `onbekend`).
    pub inwoners: f64,
    pub regio_inwoners: f64,
    pub buurten: usize,
    pub regio_buurten: usize,
    /// Buurten whose inhabitants are unknown.
    pub onbekend: usize,
}

impl Dekking {
    /// The covered share of the inhabitants, if the region has any.
    pub fn aandeel(&self) -> Option<f64> {
        (self.regio_inwoners > 0.0).then(|| self.inwoners / self.regio_inwoners)
    }
}

/// The coverage of a region whose buurten have `inwoners` (per buurt code, unknown as `None`),
/// divided as `toewijzing` (buurt code → wijkverband), where `gedekt` are the covered wijkverbanden.
pub fn dekking<'a>(
    inwoners: impl IntoIterator<Item = (&'a str, Option<f64>)>,
    toewijzing: &HashMap<String, String>,
    gedekt: &HashSet<String>,
) -> Dekking {
    let mut d = Dekking { inwoners: 0.0, regio_inwoners: 0.0, buurten: 0, regio_buurten: 0, onbekend: 0 };
    for (code, n) in inwoners {
        let binnen = toewijzing.get(code).is_some_and(|w| gedekt.contains(w));
        d.regio_buurten += 1;
        d.buurten += usize::from(binnen);
        match n {
            Some(n) => {
                d.regio_inwoners += n;
                if binnen {
                    d.inwoners += n;
                }
            }
            None => d.onbekend += 1,
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covered_inhabitants_are_those_of_the_buurten_in_covered_wijkverbanden() {
        let toewijzing: HashMap<String, String> =
            [("b1", "A"), ("b2", "A"), ("b3", "B"), ("b4", "B")].map(|(b, w)| (b.to_string(), w.to_string())).into();
        let gedekt: HashSet<String> = ["A".to_string()].into();
        let d = dekking(
            [("b1", Some(100.0)), ("b2", None), ("b3", Some(300.0)), ("b4", Some(600.0))],
            &toewijzing,
            &gedekt,
        );
        assert_eq!((d.inwoners, d.regio_inwoners, d.buurten, d.regio_buurten, d.onbekend), (100.0, 1000.0, 2, 4, 1));
        assert_eq!(d.aandeel(), Some(0.1));
        let niets = dekking([("b1", Some(5.0))], &toewijzing, &HashSet::new());
        assert_eq!((niets.inwoners, niets.aandeel()), (0.0, Some(0.0)));
    }
}
