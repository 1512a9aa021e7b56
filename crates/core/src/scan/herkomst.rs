//! Where an area's figures come from when a source was published in another division than
//! its buurten: per source, in words, how many buurten of which gemeente were linked how
//! ("voor 24 buurten van De Ronde Venen is het gemeentecijfer gebruikt").

use std::collections::BTreeMap;

use crate::format::plural;
use crate::gebied::koppeling::Methode;
use crate::indicator::{Catalogue, ValueTable};

/// One sentence per source of the catalogue that was linked from another division, for the
/// buurten of an area. `gemeente` names the gemeente of a buurt code.
pub fn koppelingen<'a>(
    cat: &Catalogue,
    values: &ValueTable,
    buurten: &[&str],
    gemeente: impl Fn(&str) -> Option<&'a str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for s in cat.sources.values() {
        let Some(h) = values.herkomst(&s.dataset, s.jaar, &s.groep) else { continue };
        // Per method (None: not linked), per gemeente, the number of buurten.
        let mut per: BTreeMap<Option<Methode>, BTreeMap<&str, u64>> = BTreeMap::new();
        for b in buurten {
            let g = gemeente(b).unwrap_or("onbekende gemeente");
            *per.entry(h.methoden.get(*b).copied()).or_default().entry(g).or_default() += 1;
        }
        let parts: Vec<String> = per
            .iter()
            .map(|(m, gemeenten)| {
                let n: u64 = gemeenten.values().sum();
                let namen: Vec<&str> = gemeenten.keys().copied().collect();
                let wie = format!("{} van {}", plural(n, "buurt", "buurten"), opsomming(&namen));
                match m {
                    Some(Methode::Code) => format!("voor {wie} gekoppeld op buurtcode"),
                    Some(Methode::Geometrie) => {
                        format!("voor {wie} gekoppeld op ligging (overlap met de buurten van {})", h.indeling)
                    }
                    Some(Methode::Wijk) => format!("voor {wie} is het wijkcijfer gebruikt"),
                    Some(Methode::Gemeente) => format!("voor {wie} is het gemeentecijfer gebruikt"),
                    None => format!("voor {wie} zijn er geen cijfers"),
                }
            })
            .collect();
        out.push(format!("{} (indeling {}): {}.", s.naam, h.indeling, parts.join("; ")));
    }
    out
}

/// "A", "A en B", "A, B en C".
fn opsomming(namen: &[&str]) -> String {
    match namen {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::{Herkomst, SeriesKey};

    #[test]
    fn says_per_gemeente_how_buurten_were_linked() {
        let cat = Catalogue::builtin();
        let s = cat.sources.values().find(|s| s.dataset == "gezondheid").expect("a health source");
        let mut values = ValueTable::new();
        values.insert("BU07360101", &SeriesKey::new(&s.dataset, s.jaar, &s.groep, "Eenzaam"), Some(40.0));
        let methoden =
            [("BU07360101", Methode::Gemeente), ("BU07360102", Methode::Gemeente), ("BU06320000", Methode::Code)]
                .into_iter()
                .map(|(c, m)| (c.to_string(), m))
                .collect();
        values.set_herkomst((s.dataset.clone(), s.jaar, s.groep.clone()), Herkomst { indeling: 2020, methoden });
        let g = |b: &str| Some(if b.starts_with("BU0736") { "De Ronde Venen" } else { "Woerden" });
        let lines = koppelingen(&cat, &values, &["BU07360101", "BU07360102", "BU06320000", "BU06320001"], g);
        let line = lines.iter().find(|l| l.starts_with(&s.naam)).expect("a line for the source");
        assert!(line.contains("voor 2 buurten van De Ronde Venen is het gemeentecijfer gebruikt"), "{line}");
        assert!(line.contains("voor 1 buurt van Woerden gekoppeld op buurtcode"), "{line}");
        assert!(line.contains("voor 1 buurt van Woerden zijn er geen cijfers"), "{line}");
    }
}
