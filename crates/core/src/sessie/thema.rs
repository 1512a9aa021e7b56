//! Contributions grouped into themes. A theme is a named group of contributions; the
//! facilitator names them, and proposes them from what recurs: every contribution's meaningful
//! words and its two-word phrases (consecutive meaningful words, "sociale kaart", "wal schip")
//! are its terms. The term that recurs in the most wijken, then in the most contributions (a
//! phrase counting twice a word: "sociale kaart" is a sharper theme than "kaart"), takes every
//! contribution that holds it and has no theme yet; then the next, counted again over what is
//! left (lazy greedy). A phrase must recur to be a theme. A contribution the facilitator put in
//! a theme belongs to that theme only, and themes of the same name (in stems) in different
//! sessions are one theme: that is how the rode draad finds them. A contribution of stopwords
//! only has no theme.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::tekst::{Woord, kaal, woorden};

/// A contribution as grouping needs it.
#[derive(Debug, Clone, Copy)]
pub struct Bijdrage<'a> {
    pub wijk: &'a str,
    pub tekst: &'a str,
    /// The theme the facilitator put it in, by name.
    pub thema: Option<&'a str>,
}

/// A theme: its key (stems), its label in the spelling most contributions use, its
/// contributions (indices into the input, in input order) and its wijken (sorted).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Groep {
    pub sleutel: String,
    pub label: String,
    pub leden: Vec<usize>,
    pub wijken: Vec<String>,
}

/// The key of a theme's name: its stems in order ("Sociale kaarten" and "sociale kaart" are
/// one theme); a name of stopwords only keys on itself.
pub fn sleutel(naam: &str) -> String {
    let w = woorden(naam);
    if w.is_empty() { kaal(naam.trim()) } else { w.iter().map(|w| w.stam.as_str()).collect::<Vec<_>>().join(" ") }
}

struct Term {
    woorden: usize,
    /// (contribution, the term as typed in it)
    in_bijdragen: Vec<(usize, String)>,
}

/// The themes of `bijdragen`, the most widespread first.
pub fn groepeer(bijdragen: &[Bijdrage]) -> Vec<Groep> {
    let mut termen: FxHashMap<String, Term> = FxHashMap::default();
    let mut voeg = |sleutel: String, woorden: usize, i: usize, vorm: String| {
        let t = termen.entry(sleutel).or_insert_with(|| Term { woorden, in_bijdragen: Vec::new() });
        if t.in_bijdragen.last().is_none_or(|(j, _)| *j != i) {
            t.in_bijdragen.push((i, vorm));
        }
    };
    for (i, b) in bijdragen.iter().enumerate() {
        if let Some(naam) = b.thema {
            voeg(sleutel(naam), usize::MAX, i, naam.trim().to_string());
            continue;
        }
        let w = woorden(b.tekst);
        for x in &w {
            voeg(x.stam.clone(), 1, i, x.vorm.clone());
        }
        for p in w.windows(2) {
            voeg(format!("{} {}", p[0].stam, p[1].stam), 2, i, format!("{} {}", p[0].vorm, p[1].vorm));
        }
    }
    // A contribution's terms may repeat a word ("kaart, kaart"): counted once per contribution
    // by `voeg`, as long as its terms are added contribution by contribution.
    let wijk_van = |i: usize| bijdragen[i].wijk;
    let mut bezet = vec![false; bijdragen.len()];
    let score = |t: &Term, bezet: &[bool]| {
        let vrij: Vec<usize> = t.in_bijdragen.iter().map(|(i, _)| *i).filter(|i| !bezet[*i]).collect();
        let mut wijken: Vec<&str> = vrij.iter().map(|i| wijk_van(*i)).collect();
        wijken.sort_unstable();
        wijken.dedup();
        // A named theme always stands; a phrase must recur.
        let telt = t.woorden == usize::MAX || t.woorden == 1 || vrij.len() >= 2;
        let gewicht = vrij.len() * t.woorden.min(2);
        (telt && !vrij.is_empty()).then_some((wijken.len(), gewicht))
    };
    let mut rij: BinaryHeap<((usize, usize), Reverse<&str>)> = BinaryHeap::new();
    for (k, t) in &termen {
        if let Some(s) = score(t, &bezet) {
            rij.push((s, Reverse(k.as_str())));
        }
    }
    let mut groepen = Vec::new();
    while let Some((s, Reverse(k))) = rij.pop() {
        let t = &termen[k];
        match score(t, &bezet) {
            None => continue,
            Some(nu) if nu < s => {
                rij.push((nu, Reverse(k)));
                continue;
            }
            Some(_) => {}
        }
        let leden: Vec<(usize, &str)> =
            t.in_bijdragen.iter().filter(|(i, _)| !bezet[*i]).map(|(i, v)| (*i, v.as_str())).collect();
        for (i, _) in &leden {
            bezet[*i] = true;
        }
        let mut wijken: Vec<String> = leden.iter().map(|(i, _)| wijk_van(*i).to_string()).collect();
        wijken.sort_unstable();
        wijken.dedup();
        let label = match t.woorden {
            usize::MAX => meeste(leden.iter().map(|(_, v)| *v)),
            _ => label(k, &leden.iter().map(|(i, _)| bijdragen[*i].tekst).collect::<Vec<_>>()),
        };
        groepen.push(Groep { sleutel: k.to_string(), label, leden: leden.iter().map(|(i, _)| *i).collect(), wijken });
    }
    groepen.sort_by(|a, b| {
        (b.wijken.len(), b.leden.len()).cmp(&(a.wijken.len(), a.leden.len())).then_with(|| a.label.cmp(&b.label))
    });
    groepen
}

/// The label of a proposed theme: its term together with the words every contribution in it
/// shares ("elkaar kennen" from "Elkaar kennen en vinden" and "elkaar beter kennen"), in the
/// order and the spelling typed most often, with the stopwords typed between two of them
/// ("tussen wal en schip"); at most four words, else the term alone.
fn label(term: &str, teksten: &[&str]) -> String {
    let per: Vec<Vec<Woord>> = teksten.iter().map(|t| woorden(t)).collect();
    let eigen: Vec<&str> = term.split(' ').collect();
    let gedeeld = |stam: &str| eigen.contains(&stam) || per.iter().all(|w| w.iter().any(|x| x.stam == stam));
    let vormen: Vec<String> = per
        .iter()
        .zip(teksten)
        .map(|(w, tekst)| {
            let mut gekozen: Vec<usize> = Vec::new();
            for (i, x) in w.iter().enumerate() {
                if gedeeld(&x.stam) && !gekozen.iter().any(|j| w[*j].stam == x.stam) {
                    gekozen.push(i);
                }
            }
            if gekozen.len() > 4 {
                return term_vorm(w, &eigen);
            }
            let mut uit = String::new();
            for (k, i) in gekozen.iter().enumerate() {
                if k > 0 {
                    let vorige = gekozen[k - 1];
                    let tussen = &tekst[w[vorige].plek.end..w[*i].plek.start];
                    let alleen_woorden = *i == vorige + 1 && tussen.chars().all(|c| c.is_alphabetic() || c == ' ');
                    uit.push_str(if alleen_woorden { tussen } else { " " });
                }
                uit.push_str(&w[*i].vorm);
            }
            uit.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect();
    meeste(vormen.iter().map(String::as_str))
}

/// The term's words as typed in one contribution.
fn term_vorm(w: &[Woord], term: &[&str]) -> String {
    let i = w.windows(term.len()).position(|p| p.iter().zip(term).all(|(x, s)| x.stam == *s)).unwrap_or(0);
    w[i..(i + term.len()).min(w.len())].iter().map(|x| x.vorm.as_str()).collect::<Vec<_>>().join(" ")
}

/// The spelling typed most often; on a tie the one typed first.
fn meeste<'a>(vormen: impl Iterator<Item = &'a str>) -> String {
    let mut tel: Vec<(&str, usize)> = Vec::new();
    for v in vormen {
        match tel.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => tel.push((v, 1)),
        }
    }
    let max = tel.iter().map(|(_, n)| *n).max().unwrap_or(0);
    tel.into_iter().find(|(_, n)| *n == max).map(|(v, _)| v.to_string()).unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn b<'a>(wijk: &'a str, tekst: &'a str) -> Bijdrage<'a> {
        Bijdrage { wijk, tekst, thema: None }
    }

    #[test]
    fn a_recurring_phrase_is_one_theme_in_the_majority_spelling() {
        let in_ = [
            b("A", "Sociale kaarten"),
            b("A", "de sociale kaart"),
            b("B", "sociale kaart bijhouden"),
            b("B", "Dementie"),
            b("A", "kaart"),
        ];
        let g = groepeer(&in_);
        assert_eq!(g[0].label, "sociale kaart");
        assert_eq!(g[0].leden, [0, 1, 2]);
        assert_eq!(g[0].wijken, ["A", "B"]);
        // what is left of "kaart" is its own theme; "Dementie" too
        assert!(g.iter().any(|x| x.leden == [4] && x.label == "kaart"));
        assert!(g.iter().any(|x| x.leden == [3] && x.label == "Dementie"));
    }

    #[test]
    fn every_contribution_with_a_meaningful_word_is_in_exactly_one_theme() {
        let in_ = [b("A", "tijd en capaciteit"), b("B", "tijd"), b("B", "capaciteit"), b("A", "de en het")];
        let g = groepeer(&in_);
        let mut alle: Vec<usize> = g.iter().flat_map(|x| x.leden.clone()).collect();
        alle.sort_unstable();
        assert_eq!(alle, [0, 1, 2]);
        assert!(g.iter().all(|x| !super::super::tekst::is_stopwoord(&x.label)));
    }

    #[test]
    fn named_themes_of_the_same_name_are_one_and_hold_only_their_own() {
        let in_ = [
            Bijdrage { wijk: "A", tekst: "elkaar kennen", thema: Some("Elkaar kennen en vinden") },
            Bijdrage { wijk: "B", tekst: "wie is wie", thema: Some("elkaar  kennen en vinden") },
            b("B", "elkaar kennen"),
        ];
        let g = groepeer(&in_);
        let t = g.iter().find(|x| x.leden.contains(&0)).unwrap();
        assert_eq!(t.leden, [0, 1]);
        assert_eq!(t.wijken, ["A", "B"]);
        assert_eq!(t.label, "Elkaar kennen en vinden");
        assert!(!g.iter().any(|x| x.leden.contains(&2) && x.leden.contains(&0)));
    }

    proptest::proptest! {
        /// Themes partition the contributions that hold a meaningful word, and a theme's
        /// wijken are exactly its contributions' wijken.
        #[test]
        fn themes_partition_the_meaningful_contributions(
            teksten in proptest::collection::vec(("[ABC]", "[a-zé ,!-]{0,24}"), 0..60)
        ) {
            let in_: Vec<Bijdrage> = teksten.iter().map(|(w, t)| b(w, t)).collect();
            let g = groepeer(&in_);
            let mut gezien = vec![0; in_.len()];
            for x in &g {
                let mut w: Vec<String> = x.leden.iter().map(|i| in_[*i].wijk.to_string()).collect();
                w.sort_unstable();
                w.dedup();
                proptest::prop_assert_eq!(&w, &x.wijken);
                for i in &x.leden { gezien[*i] += 1; }
            }
            for (i, n) in gezien.iter().enumerate() {
                let zinvol = !woorden(in_[i].tekst).is_empty();
                proptest::prop_assert_eq!(*n, usize::from(zinvol), "{:?}", in_[i].tekst);
            }
        }
    }
}
