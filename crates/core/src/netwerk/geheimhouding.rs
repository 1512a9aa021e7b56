//! Statistical disclosure control for the tables of ratings a wijkfoto shows:
//! primary and secondary (complementary) suppression, after the rules CBS's
//! τ-ARGUS and R's sdcTable apply to linked tables.
//!
//! A table here is a set of *cellen* (the kinds of tie: all ties between two
//! disciplines, which partition the ratings) and *totalen* that are unions of
//! cells (a pair of the vierkant, the whole round). Ratings add up: the sum and
//! the number of scores of a total are those of its cells. So whoever sees a
//! total and some of its parts can subtract them and learn the rest.
//!
//! **Primary suppression**: a cell or total given by fewer than the minimum of
//! different respondents is hidden.
//!
//! **Secondary suppression**: group the hidden cells by the set of *shown*
//! totals they lie in (their signature). Every linear combination of shown
//! figures is constant on such a group, and with our totals — disjoint pairs of
//! the vierkant inside one total of the round — every group is itself
//! derivable (a pair's total minus its shown cells; the round's total minus the
//! shown pairs and the shown cells outside them). So the rule is: every group of
//! hidden cells that lies in at least one shown total must have the minimum of
//! respondents together. Where one does not, the cheapest complement is hidden
//! too — a shown cell of the same signature (it joins the group), or one of the
//! shown totals of the signature (the group merges with its neighbours) — by the
//! fewest scores lost, until every group holds. Rounding the published means to
//! one decimal is a further, not the main, protection.
//!
//! Across rounds nothing can be subtracted: every answer belongs to one round.
//! Filters in the network picture select ties that carry their kind's shown
//! figures and compute no new aggregates.

use std::collections::{BTreeMap, BTreeSet};

/// Who rated a cell, and how many scores it holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Telling {
    pub respondenten: BTreeSet<usize>,
    pub scores: usize,
}

/// What may show: per cell and per total.
#[derive(Debug, Clone, PartialEq)]
pub struct Besluit {
    pub cel: Vec<bool>,
    pub totaal: Vec<bool>,
}

fn respondenten<'a>(cellen: impl IntoIterator<Item = &'a Telling>) -> usize {
    cellen.into_iter().flat_map(|c| c.respondenten.iter()).collect::<BTreeSet<_>>().len()
}

/// Which cells and totals may show when every shown figure must come from at least `minimum`
/// different respondents and no combination of them may reveal a group of fewer.
/// `totalen[t]` lists the cells of total `t`.
pub fn onderdruk(cellen: &[Telling], totalen: &[Vec<usize>], minimum: usize) -> Besluit {
    let minimum = minimum.max(1);
    let mut cel: Vec<bool> = cellen.iter().map(|c| c.scores > 0 && c.respondenten.len() >= minimum).collect();
    let mut totaal: Vec<bool> =
        totalen.iter().map(|t| respondenten(t.iter().map(|&k| &cellen[k])) >= minimum).collect();
    let kosten: Vec<usize> = totalen.iter().map(|t| t.iter().map(|&k| cellen[k].scores).sum()).collect();
    let mut in_totaal = vec![Vec::new(); cellen.len()];
    for (t, ks) in totalen.iter().enumerate() {
        for &k in ks {
            in_totaal[k].push(t);
        }
    }
    loop {
        let signatuur =
            |k: usize, totaal: &[bool]| -> Vec<usize> { in_totaal[k].iter().copied().filter(|&t| totaal[t]).collect() };
        let mut groepen: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
        for k in (0..cellen.len()).filter(|&k| !cel[k] && cellen[k].scores > 0) {
            groepen.entry(signatuur(k, &totaal)).or_default().push(k);
        }
        let zwak =
            groepen.into_iter().find(|(s, ks)| !s.is_empty() && respondenten(ks.iter().map(|&k| &cellen[k])) < minimum);
        let Some((s, _)) = zwak else { break };
        // The cheapest complement: a shown cell of the same signature, or a shown total of it.
        let cel_keuze = (0..cellen.len())
            .filter(|&k| cel[k] && signatuur(k, &totaal) == s)
            .min_by_key(|&k| (cellen[k].scores, k))
            .map(|k| (cellen[k].scores, 0, k));
        let totaal_keuze = s.iter().map(|&t| (kosten[t], 1, t)).min();
        match cel_keuze.into_iter().chain(totaal_keuze).min() {
            Some((_, 0, k)) => cel[k] = false,
            Some((_, _, t)) => totaal[t] = false,
            None => unreachable!("a signature names at least one shown total"),
        }
    }
    Besluit { cel, totaal }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(who: &[usize], scores: usize) -> Telling {
        Telling { respondenten: who.iter().copied().collect(), scores }
    }

    #[test]
    fn a_lone_hidden_part_of_a_shown_total_hides_a_complement() {
        // Total {0, 1}: cell 0 has three raters, cell 1 one: 1 = total − 0 unless more hides.
        let cellen = [t(&[1, 2, 3], 6), t(&[1], 1)];
        let b = onderdruk(&cellen, &[vec![0, 1]], 3);
        assert_eq!(b.cel, [false, false], "the cheaper complement is cell 0 (6 scores) against the total (7)");
        assert_eq!(b.totaal, [true]);
        // Two hidden cells whose raters together reach the minimum protect each other.
        let cellen = [t(&[1, 2, 3], 6), t(&[4, 5], 2), t(&[6], 1)];
        let b = onderdruk(&cellen, &[vec![0, 1, 2]], 3);
        assert_eq!((b.cel, b.totaal), (vec![true, false, false], vec![true]));
    }

    #[test]
    fn a_hidden_total_reveals_nothing_and_nested_totals_are_checked_together() {
        // Round = {0, 1, 2}; pair = {0, 1}. Cell 2 is alone outside the pair: round − pair = 2.
        let cellen = [t(&[1, 2, 3], 9), t(&[1, 2, 4], 3), t(&[5], 2)];
        let b = onderdruk(&cellen, &[vec![0, 1, 2], vec![0, 1]], 3);
        assert!(b.cel[0] && b.cel[1] && !b.cel[2]);
        assert_eq!(b.totaal, [false, true], "hiding the pair would not help: round − 0 − 1 = 2");
        // With cell 2 inside the pair, the pair's other cell is the cheaper complement.
        let b = onderdruk(&cellen, &[vec![0, 1, 2], vec![1, 2]], 3);
        assert_eq!((b.cel, b.totaal), (vec![true, false, false], vec![true, true]));
    }
}
