//! When another indeling is adopted, the cycles of the earlier one stay with the wijkverbanden
//! they began under. A wijkverband of the new plan shows which of them concern its inhabitants:
//! every earlier wijkverband it shares inhabitants with, with how many and what share of its own
//! (as the plan comparison matches wijkverbanden, by shared inhabitants).

use std::collections::HashMap;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Herkomst {
    pub indeling: String,
    pub wijkverband: String,
    /// Inhabitants the two share.
    pub gedeeld: f64,
    /// The shared inhabitants as a share of the new wijkverband's (none when it has none).
    pub aandeel: Option<f64>,
}

/// The earlier wijkverbanden (`(indeling, wijkverband, buurten)`) that share inhabitants with the
/// new one (`buurten`), the most shared first; `inwoners` per buurt code (missing counts 0).
pub fn herkomst(
    inwoners: &HashMap<&str, f64>,
    buurten: &[String],
    eerder: &[(String, String, Vec<String>)],
) -> Vec<Herkomst> {
    let van = |b: &str| inwoners.get(b).copied().unwrap_or(0.0);
    let totaal: f64 = buurten.iter().map(|b| van(b)).sum();
    let eigen: std::collections::HashSet<&str> = buurten.iter().map(String::as_str).collect();
    let mut uit: Vec<Herkomst> = eerder
        .iter()
        .filter_map(|(indeling, wijkverband, oud)| {
            let gedeeld_buurten = oud.iter().filter(|b| eigen.contains(b.as_str())).count();
            let gedeeld: f64 = oud.iter().filter(|b| eigen.contains(b.as_str())).map(|b| van(b)).sum();
            (gedeeld_buurten > 0).then(|| Herkomst {
                indeling: indeling.clone(),
                wijkverband: wijkverband.clone(),
                gedeeld,
                aandeel: (totaal > 0.0).then(|| gedeeld / totaal),
            })
        })
        .collect();
    uit.sort_by(|a, b| b.gedeeld.total_cmp(&a.gedeeld).then_with(|| a.wijkverband.cmp(&b.wijkverband)));
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_wijkverbanden_are_matched_by_the_inhabitants_they_share() {
        let inwoners: HashMap<&str, f64> = [("a", 100.0), ("b", 300.0), ("c", 600.0), ("d", 50.0)].into();
        let nieuw = ["a".to_string(), "b".to_string(), "c".to_string()];
        let eerder = vec![
            ("oud".to_string(), "Noord".to_string(), vec!["a".to_string(), "b".to_string()]),
            ("oud".to_string(), "Zuid".to_string(), vec!["c".to_string(), "d".to_string()]),
            ("oud".to_string(), "Elders".to_string(), vec!["d".to_string()]),
        ];
        let h = herkomst(&inwoners, &nieuw, &eerder);
        assert_eq!(h.iter().map(|x| x.wijkverband.as_str()).collect::<Vec<_>>(), ["Zuid", "Noord"]);
        assert_eq!((h[0].gedeeld, h[0].aandeel), (600.0, Some(0.6)));
        assert_eq!((h[1].gedeeld, h[1].aandeel), (400.0, Some(0.4)));
    }
}
