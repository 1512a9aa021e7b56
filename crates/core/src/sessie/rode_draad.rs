//! The rode draad: the themes that recur across the wijken of a region's sessions. A theme
//! shared by at least N wijken is part of it, with the wijken, its number of contributions and
//! a few examples in the participants' own words; the themes of one wijk only are shown apart.

use serde::Serialize;

use super::thema::{Bijdrage, Groep, groepeer};

/// A theme of the rode draad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draad {
    /// The label, in the spelling most contributions use.
    pub thema: String,
    pub sleutel: String,
    /// The wijken where it came up, sorted.
    pub wijken: Vec<String>,
    /// How many contributions it holds.
    pub bijdragen: usize,
    /// Up to three contributions as typed, from as many wijken as possible.
    pub voorbeelden: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RodeDraad {
    pub min_wijken: usize,
    /// The themes of at least `min_wijken` wijken, the most widespread first.
    pub gedeeld: Vec<Draad>,
    /// The themes of more than one wijk but fewer than `min_wijken`.
    pub enkele: Vec<Draad>,
    /// The themes of one wijk only (when `min_wijken` is more than one).
    pub eigen: Vec<Draad>,
    /// How many wijken the contributions come from.
    pub wijken: usize,
}

const VOORBEELDEN: usize = 3;

/// The rode draad of `bijdragen` at `min_wijken` (at least 1).
pub fn rode_draad(bijdragen: &[Bijdrage], min_wijken: usize) -> RodeDraad {
    let min_wijken = min_wijken.max(1);
    let mut wijken: Vec<&str> = bijdragen.iter().map(|b| b.wijk).collect();
    wijken.sort_unstable();
    wijken.dedup();
    let mut uit = RodeDraad { min_wijken, gedeeld: vec![], enkele: vec![], eigen: vec![], wijken: wijken.len() };
    for g in groepeer(bijdragen) {
        let n = g.wijken.len();
        let d = draad(bijdragen, g);
        if n >= min_wijken {
            uit.gedeeld.push(d);
        } else if n > 1 {
            uit.enkele.push(d);
        } else {
            uit.eigen.push(d);
        }
    }
    uit
}

fn draad(bijdragen: &[Bijdrage], g: Groep) -> Draad {
    // Round robin over the wijken, so the examples show the theme's spread.
    let mut voorbeelden: Vec<String> = Vec::new();
    let mut ronde = 0;
    while voorbeelden.len() < VOORBEELDEN && ronde < VOORBEELDEN {
        for w in &g.wijken {
            let tekst = g
                .leden
                .iter()
                .map(|i| &bijdragen[*i])
                .filter(|b| b.wijk == w && !voorbeelden.iter().any(|v| v == b.tekst.trim()))
                .map(|b| b.tekst.trim())
                .next();
            if let Some(t) = tekst.filter(|_| voorbeelden.len() < VOORBEELDEN) {
                voorbeelden.push(t.to_string());
            }
        }
        ronde += 1;
    }
    Draad { thema: g.label, sleutel: g.sleutel, bijdragen: g.leden.len(), wijken: g.wijken, voorbeelden }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessie::thema::tests::b;

    #[test]
    fn a_theme_of_one_wijk_is_never_in_the_rode_draad_at_two() {
        let in_ = [
            b("Woerden-Oost", "Elkaar kennen!"),
            b("Woerden-Oost", "dementie"),
            b("Montfoort", "elkaar beter kennen"),
            b("Montfoort", "Elkaar kennen"),
            b("Oudewater", "dementie en eenzaamheid"),
            b("Oudewater", "parkeren"),
        ];
        let r = rode_draad(&in_, 2);
        assert_eq!(r.wijken, 3);
        let namen: Vec<&str> = r.gedeeld.iter().map(|d| d.thema.as_str()).collect();
        assert!(namen.contains(&"dementie"), "{namen:?}");
        assert!(r.gedeeld.iter().all(|d| d.wijken.len() >= 2));
        assert!(r.eigen.iter().any(|d| d.thema == "parkeren" && d.wijken == ["Oudewater"]));
        assert!(!r.gedeeld.iter().any(|d| d.thema == "parkeren"));
        let dementie = r.gedeeld.iter().find(|d| d.thema == "dementie").unwrap();
        assert_eq!(dementie.wijken, ["Oudewater", "Woerden-Oost"]);
        assert_eq!(dementie.voorbeelden, ["dementie en eenzaamheid", "dementie"]);
        // at three wijken nothing here is shared
        assert!(rode_draad(&in_, 3).gedeeld.is_empty());
    }
}
