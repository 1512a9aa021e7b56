//! The analysis of a wijkfoto: the network (density, components, isolates,
//! degree, betweenness, brokers), the vijf condities as aggregates, the
//! asymmetry between the two sides of a verbinding, vierkant coverage and the
//! disciplines that are absent or unconnected; and two wijkfoto's compared.
//!
//! Non-response as the literature advises: a verbinding exists when either
//! side names it, so non-respondents' ties reported by others count; their
//! own ratings are missing, never zero. Ratings are only shown as aggregates
//! over at least `min_respondenten` different respondents.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::algo::articulation_points::articulation_points;
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use rayon::prelude::*;
use serde::Serialize;

use super::geheimhouding::{Telling, onderdruk};
use super::model::{Conditie, Discipline, Hoek, Wijkfoto};

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The fewest different respondents an aggregate of ratings may show (never below
    /// [`MINIMUM`]).
    pub min_respondenten: usize,
}

/// The smallest minimum of respondents a round may set: with two, one respondent could work
/// out the other's rating from the mean and their own.
pub const MINIMUM: usize = 3;

impl Default for Options {
    fn default() -> Self {
        Options { min_respondenten: MINIMUM }
    }
}

impl Options {
    fn minimum(&self) -> usize {
        self.min_respondenten.max(MINIMUM)
    }
}

/// Ratings of several respondents as they may be published: the number of respondents, the
/// mean and the standard deviation (both rounded to one decimal), or nothing at all — a
/// hidden figure shows neither its value nor its count (see [`super::geheimhouding`]). A figure
/// nobody rated says so ([`Cijfer::LEEG`], 0 respondents): there is nothing to hide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cijfer {
    pub respondenten: Option<usize>,
    pub gemiddelde: Option<f64>,
    pub spreiding: Option<f64>,
}

/// Published figures carry one decimal.
fn afgerond(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl Cijfer {
    pub const VERBORGEN: Cijfer = Cijfer { respondenten: None, gemiddelde: None, spreiding: None };
    pub const LEEG: Cijfer = Cijfer { respondenten: Some(0), gemiddelde: None, spreiding: None };

    /// Whether nobody gave these ratings (rather than too few).
    pub fn leeg(&self) -> bool {
        self.respondenten == Some(0)
    }

    /// The published figure of a cell, or hidden.
    fn van(cel: &Cel, toon: bool) -> Cijfer {
        if cel.waarden.is_empty() {
            return Cijfer::LEEG;
        }
        if !toon {
            return Cijfer::VERBORGEN;
        }
        let n = cel.waarden.len() as f64;
        let mean = cel.waarden.iter().sum::<f64>() / n;
        let sd = (cel.waarden.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
        Cijfer {
            respondenten: Some(cel.telling.respondenten.len()),
            gemiddelde: Some(afgerond(mean)),
            spreiding: Some(afgerond(sd)),
        }
    }

    /// A figure shown on its own (no parts of it are shown): hidden below the minimum.
    fn los(cel: &Cel, o: &Options) -> Cijfer {
        Cijfer::van(cel, cel.telling.respondenten.len() >= o.minimum())
    }
}

/// The ratings behind a figure: who gave them, and the values.
#[derive(Debug, Clone, Default)]
struct Cel {
    telling: Telling,
    waarden: Vec<f64>,
}

impl Cel {
    fn add(&mut self, respondent: usize, waarde: f64) {
        self.telling.respondenten.insert(respondent);
        self.telling.scores += 1;
        self.waarden.push(waarde);
    }

    fn union<'a>(cellen: impl IntoIterator<Item = &'a Cel>) -> Cel {
        let mut u = Cel::default();
        for c in cellen {
            u.telling.respondenten.extend(&c.telling.respondenten);
            u.telling.scores += c.telling.scores;
            u.waarden.extend(&c.waarden);
        }
        u
    }
}

/// A verbinding: two actors, and the answers each side gave about the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verbinding {
    pub a: usize,
    pub b: usize,
    /// Index of a's answer about b, and of b's about a.
    pub van_a: Option<usize>,
    pub van_b: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorCijfers {
    pub graad: usize,
    /// Betweenness, normalised as NetworkX does (share of shortest paths through the actor).
    pub tussenpositie: f64,
    /// A broker: removing it splits its component (an articulation point).
    pub makelaar: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VierkantPaar {
    pub a: Hoek,
    pub b: Hoek,
    pub verbindingen: usize,
    pub condities: Vec<Cijfer>,
}

/// A kind of verbinding: all ties between two disciplines. A single tie has at most two
/// raters, so its ratings never show; the kinds are where ties' ratings can be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Soort {
    pub a: Discipline,
    pub b: Discipline,
    pub verbindingen: usize,
    pub condities: Vec<Cijfer>,
}

impl Soort {
    /// The mean of the shown condition means, if any show.
    pub fn gemiddelde(&self) -> Option<f64> {
        let shown: Vec<f64> = self.condities.iter().filter_map(|c| c.gemiddelde).collect();
        (!shown.is_empty()).then(|| shown.iter().sum::<f64>() / shown.len() as f64)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analyse {
    pub actoren: usize,
    pub verbindingen: Vec<Verbinding>,
    pub dichtheid: f64,
    /// Components by size, largest first (actor indices).
    pub componenten: Vec<Vec<usize>>,
    pub isolaten: Vec<usize>,
    pub per_actor: Vec<ActorCijfers>,
    /// Brokers by betweenness, highest first.
    pub makelaars: Vec<usize>,
    /// Every rating in the wijkfoto, per condition (`Conditie::ALL` order).
    pub condities: Vec<Cijfer>,
    /// |a − b| over verbindingen both sides rated, per condition.
    pub asymmetrie: Vec<Cijfer>,
    /// The condition with the lowest shown mean.
    pub zwakste: Option<Conditie>,
    /// The six pairs of the vierkant.
    pub vierkant: Vec<VierkantPaar>,
    /// Ties per pair of disciplines, most ties first; `soort_van[k]` is the kind of tie `k`.
    pub soorten: Vec<Soort>,
    pub soort_van: Vec<usize>,
    /// Disciplines without any actor, and those whose actors have no verbinding.
    pub afwezig: Vec<Discipline>,
    pub onverbonden: Vec<Discipline>,
    pub respons: Option<f64>,
    /// What stands out, in plain Dutch.
    pub opgaven: Vec<String>,
}

/// The verbindingen of a wijkfoto: every pair named by either side, once.
pub fn verbindingen(w: &Wijkfoto) -> Vec<Verbinding> {
    let mut ties: BTreeMap<(usize, usize), Verbinding> = BTreeMap::new();
    for (k, ans) in w.antwoorden.iter().enumerate() {
        if ans.van == ans.naar {
            continue;
        }
        let key = (ans.van.min(ans.naar), ans.van.max(ans.naar));
        let t = ties.entry(key).or_insert(Verbinding { a: key.0, b: key.1, van_a: None, van_b: None });
        if ans.van == key.0 {
            t.van_a = Some(k);
        } else {
            t.van_b = Some(k);
        }
    }
    ties.into_values().collect()
}

pub fn analyse(w: &Wijkfoto, o: &Options) -> Analyse {
    let n = w.actors.len();
    let ties = verbindingen(w);
    let mut g: UnGraph<(), ()> = UnGraph::with_capacity(n, ties.len());
    let nodes: Vec<NodeIndex> = (0..n).map(|_| g.add_node(())).collect();
    for t in &ties {
        g.add_edge(nodes[t.a], nodes[t.b], ());
    }
    let mut graad = vec![0usize; n];
    for t in &ties {
        graad[t.a] += 1;
        graad[t.b] += 1;
    }
    let between = betweenness(n, &ties);
    let cut = articulation_points(&g);
    let per_actor: Vec<ActorCijfers> = (0..n)
        .map(|i| ActorCijfers { graad: graad[i], tussenpositie: between[i], makelaar: cut.contains(&nodes[i]) })
        .collect();
    let mut makelaars: Vec<usize> = (0..n).filter(|&i| per_actor[i].makelaar).collect();
    makelaars.sort_by(|&x, &y| per_actor[y].tussenpositie.total_cmp(&per_actor[x].tussenpositie).then(x.cmp(&y)));
    let mut sets = UnionFind::<usize>::new(n);
    for t in &ties {
        sets.union(t.a, t.b);
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        by_root.entry(sets.find(i)).or_default().push(i);
    }
    let mut componenten: Vec<Vec<usize>> = by_root.into_values().filter(|c| c.len() > 1).collect();
    componenten.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let isolaten: Vec<usize> = (0..n).filter(|&i| graad[i] == 0).collect();
    let dichtheid = if n > 1 { 2.0 * ties.len() as f64 / (n as f64 * (n as f64 - 1.0)) } else { 0.0 };

    // The kinds of tie (pairs of disciplines) partition the ties, and so the ratings.
    let mut by_soort: BTreeMap<(Discipline, Discipline), Vec<usize>> = BTreeMap::new();
    for (k, t) in ties.iter().enumerate() {
        let (p, q) = (w.actors[t.a].discipline, w.actors[t.b].discipline);
        by_soort.entry((p.min(q), p.max(q))).or_default().push(k);
    }
    let mut by_soort: Vec<((Discipline, Discipline), Vec<usize>)> = by_soort.into_iter().collect();
    by_soort.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(x.0.cmp(&y.0)));
    let mut soort_van = vec![0; ties.len()];
    for (s, (_, ks)) in by_soort.iter().enumerate() {
        for &k in ks {
            soort_van[k] = s;
        }
    }
    // Per condition, the ratings of each kind: the cells of every table of ratings shown.
    let cellen: Vec<[Cel; 5]> = by_soort
        .iter()
        .map(|(_, ks)| {
            let mut cel: [Cel; 5] = Default::default();
            for &k in ks {
                for x in [ties[k].van_a, ties[k].van_b].into_iter().flatten() {
                    let ans = &w.antwoorden[x];
                    for (c, s) in ans.scores.iter().enumerate() {
                        if let Some(s) = s {
                            cel[c].add(ans.van, f64::from(*s));
                        }
                    }
                }
            }
            cel
        })
        .collect();
    // The totals shown with them: the round (every kind) and the six pairs of the vierkant.
    let hoek_paar: Vec<(Hoek, Hoek)> =
        Hoek::ALL.iter().enumerate().flat_map(|(x, &ha)| Hoek::ALL[x + 1..].iter().map(move |&hb| (ha, hb))).collect();
    let in_paar = |(da, db): (Discipline, Discipline), (ha, hb): (Hoek, Hoek)| {
        let (p, q) = (da.hoek(), db.hoek());
        (p == Some(ha) && q == Some(hb)) || (p == Some(hb) && q == Some(ha))
    };
    let mut totalen: Vec<Vec<usize>> = vec![(0..by_soort.len()).collect()];
    totalen.extend(
        hoek_paar.iter().map(|&h| (0..by_soort.len()).filter(|&s| in_paar(by_soort[s].0, h)).collect::<Vec<_>>()),
    );
    let besluiten: Vec<_> = (0..5)
        .map(|c| {
            let tellingen: Vec<Telling> = cellen.iter().map(|x| x[c].telling.clone()).collect();
            onderdruk(&tellingen, &totalen, o.minimum())
        })
        .collect();
    let totaal = |t: usize| -> Vec<Cijfer> {
        (0..5)
            .map(|c| Cijfer::van(&Cel::union(totalen[t].iter().map(|&s| &cellen[s][c])), besluiten[c].totaal[t]))
            .collect()
    };
    let condities = totaal(0);
    let vierkant: Vec<VierkantPaar> = hoek_paar
        .iter()
        .enumerate()
        .map(|(p, &(a, b))| VierkantPaar {
            a,
            b,
            verbindingen: totalen[p + 1].iter().map(|&s| by_soort[s].1.len()).sum(),
            condities: totaal(p + 1),
        })
        .collect();
    let soorten: Vec<Soort> = by_soort
        .iter()
        .enumerate()
        .map(|(s, ((a, b), ks))| Soort {
            a: *a,
            b: *b,
            verbindingen: ks.len(),
            condities: (0..5).map(|c| Cijfer::van(&cellen[s][c], besluiten[c].cel[s])).collect(),
        })
        .collect();
    // The gaps between the two sides are one table of their own, with no parts shown.
    let asymmetrie: Vec<Cijfer> = (0..5)
        .map(|c| {
            let mut gaps = Cel::default();
            for t in &ties {
                if let (Some(x), Some(y)) = (t.van_a, t.van_b)
                    && let (Some(sx), Some(sy)) = (w.antwoorden[x].scores[c], w.antwoorden[y].scores[c])
                {
                    gaps.add(w.antwoorden[x].van, (f64::from(sx) - f64::from(sy)).abs());
                    gaps.telling.respondenten.insert(w.antwoorden[y].van);
                }
            }
            Cijfer::los(&gaps, o)
        })
        .collect();
    let zwakste = condities
        .iter()
        .enumerate()
        .filter_map(|(c, a)| a.gemiddelde.map(|m| (c, m)))
        .min_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)))
        .map(|(c, _)| Conditie::ALL[c]);
    let present: BTreeSet<Discipline> = w.actors.iter().map(|a| a.discipline).collect();
    let afwezig: Vec<Discipline> = Discipline::ALL
        .iter()
        .copied()
        .filter(|d| !present.contains(d) && !matches!(d, Discipline::Overig | Discipline::Inwoner))
        .collect();
    let mut connected: HashMap<Discipline, bool> = HashMap::new();
    for (i, a) in w.actors.iter().enumerate() {
        *connected.entry(a.discipline).or_default() |= graad[i] > 0;
    }
    let onverbonden: Vec<Discipline> =
        Discipline::ALL.iter().copied().filter(|d| connected.get(d) == Some(&false)).collect();

    let mut opgaven = Vec::new();
    for p in vierkant.iter().filter(|p| p.verbindingen == 0) {
        opgaven.push(format!("Er is geen verbinding tussen {} en {}.", p.a.label(), p.b.label()));
    }
    for d in &onverbonden {
        opgaven.push(format!("{} staat op de sociale kaart maar heeft geen verbinding.", capital(d.label())));
    }
    for h in Hoek::ALL.into_iter().filter(|h| !w.actors.iter().any(|a| a.discipline.hoek() == Some(*h))) {
        opgaven.push(format!(
            "Niemand van de hoek {} van het vierkant staat op de sociale kaart van dit wijkverband.",
            h.label()
        ));
    }
    if let Some(c) = zwakste {
        opgaven.push(format!("De zwakste conditie is {}.", c.label()));
    }
    Analyse {
        actoren: n,
        verbindingen: ties,
        dichtheid,
        componenten,
        isolaten,
        per_actor,
        makelaars,
        condities,
        asymmetrie,
        zwakste,
        vierkant,
        soorten,
        soort_van,
        afwezig,
        onverbonden,
        respons: w.respons(),
        opgaven,
    }
}

/// Betweenness of every actor (Brandes 2001, unweighted, undirected), normalised as NetworkX
/// does: the share of the shortest paths between the (n−1)(n−2)/2 other pairs that pass
/// through the actor. Exact at every size: every actor is a source, the sources run in
/// parallel on a compact adjacency array, and each source's breadth-first pass and its
/// accumulation of dependencies go level by level from whichever side scans fewer ties (the
/// frontier or the actors not reached; the upper level or the lower) — a third of the ties a
/// plain Brandes pass scans on a wijkfoto of thousands of actors, and many times faster than
/// petgraph's or rustworkx-core's general versions.
pub fn betweenness(n: usize, ties: &[Verbinding]) -> Vec<f64> {
    let mut start = vec![0usize; n + 1];
    for t in ties {
        start[t.a + 1] += 1;
        start[t.b + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut adj = vec![0u32; start[n]];
    for t in ties {
        adj[next[t.a]] = t.b as u32;
        next[t.a] += 1;
        adj[next[t.b]] = t.a as u32;
        next[t.b] += 1;
    }
    let neighbours = |v: usize| &adj[start[v]..start[v + 1]];
    let degree = |v: usize| start[v + 1] - start[v];
    const UNSEEN: u32 = u32::MAX;
    struct Buffers {
        bc: Vec<f64>,
        dist: Vec<u32>,
        sigma: Vec<f64>,
        /// A finished actor's dependency, then its coefficient (1 + δ) / σ for the level above.
        delta: Vec<f64>,
        /// The actors reached, level by level; `levels` holds where each level starts.
        order: Vec<u32>,
        levels: Vec<usize>,
        /// Actors not reached yet (some may be reached since: filtered when read).
        unseen: Vec<u32>,
    }
    let fresh = || Buffers {
        bc: vec![0.0; n],
        dist: vec![UNSEEN; n],
        sigma: vec![0.0; n],
        delta: vec![0.0; n],
        order: Vec::with_capacity(n),
        levels: Vec::new(),
        unseen: Vec::with_capacity(n),
    };
    // Sources in fixed chunks, their sums added in chunk order: the same figures on every run,
    // however the threads share the work (floating-point addition is not associative).
    let chunk = n.div_ceil(64).max(1);
    let parts: Vec<Vec<f64>> = (0..n)
        .into_par_iter()
        .fold_chunks(chunk, fresh, |mut b, s| {
            let Buffers { bc, dist, sigma, delta, order, levels, unseen } = &mut b;
            order.clear();
            levels.clear();
            unseen.clear();
            unseen.extend((0..n as u32).filter(|&v| v as usize != s));
            let mut unseen_degree: usize = start[n] - degree(s);
            dist[s] = 0;
            sigma[s] = 1.0;
            order.push(s as u32);
            levels.push(0);
            // Breadth first, level by level, each level from whichever side scans fewer ties:
            // down from the frontier, or up from the actors not reached yet (Beamer et al. 2012).
            let mut d = 0u32;
            loop {
                let frontier = *levels.last().expect("a level")..order.len();
                let frontier_degree: usize = order[frontier.clone()].iter().map(|&v| degree(v as usize)).sum();
                let next = order.len();
                if frontier_degree <= unseen_degree {
                    for k in frontier {
                        let v = order[k] as usize;
                        let sv = sigma[v];
                        for &w in neighbours(v) {
                            let w = w as usize;
                            if dist[w] == UNSEEN {
                                dist[w] = d + 1;
                                order.push(w as u32);
                                unseen_degree -= degree(w);
                            }
                            if dist[w] == d + 1 {
                                sigma[w] += sv;
                            }
                        }
                    }
                } else {
                    unseen.retain(|&u| dist[u as usize] == UNSEEN);
                    for &u in unseen.iter() {
                        let u = u as usize;
                        let mut paths = 0.0;
                        for &v in neighbours(u) {
                            let v = v as usize;
                            paths += if dist[v] == d { sigma[v] } else { 0.0 };
                        }
                        if paths > 0.0 {
                            dist[u] = d + 1;
                            sigma[u] = paths;
                            order.push(u as u32);
                            unseen_degree -= degree(u);
                        }
                    }
                }
                if order.len() == next {
                    break;
                }
                levels.push(next);
                d += 1;
            }
            // Dependencies from the deepest level up, each pair of levels from the side that
            // scans fewer ties: the upper level pulls from its successors, or the lower pushes.
            levels.push(order.len());
            let deepest = levels.len() - 2;
            for &w in &order[levels[deepest]..levels[deepest + 1]] {
                delta[w as usize] = 1.0 / sigma[w as usize];
            }
            for l in (1..deepest).rev() {
                let (upper, lower) = (levels[l]..levels[l + 1], levels[l + 1]..levels[l + 2]);
                let below = l as u32 + 1;
                let pull: usize = order[upper.clone()].iter().map(|&v| degree(v as usize)).sum();
                let push: usize = order[lower.clone()].iter().map(|&v| degree(v as usize)).sum();
                if pull <= push {
                    for &v in &order[upper.clone()] {
                        let v = v as usize;
                        let mut sum = 0.0;
                        for &w in neighbours(v) {
                            let w = w as usize;
                            sum += if dist[w] == below { delta[w] } else { 0.0 };
                        }
                        delta[v] = sigma[v] * sum;
                    }
                } else {
                    for &w in &order[lower.clone()] {
                        let c = delta[w as usize];
                        for &v in neighbours(w as usize) {
                            let v = v as usize;
                            if dist[v] == l as u32 {
                                delta[v] += sigma[v] * c;
                            }
                        }
                    }
                }
                // The lower level is done: its coefficients become dependencies again.
                for &w in &order[lower] {
                    let w = w as usize;
                    bc[w] += delta[w] * sigma[w] - 1.0;
                }
                for &v in &order[upper] {
                    let v = v as usize;
                    delta[v] = (1.0 + delta[v]) / sigma[v];
                }
            }
            if deepest >= 1 {
                for &w in &order[levels[1]..levels[2]] {
                    let w = w as usize;
                    bc[w] += delta[w] * sigma[w] - 1.0;
                }
            }
            for &v in order.iter() {
                let v = v as usize;
                (dist[v], sigma[v], delta[v]) = (UNSEEN, 0.0, 0.0);
            }
            b
        })
        .map(|b| b.bc)
        .collect();
    let total = parts.into_iter().fold(vec![0.0; n], |mut x, y| {
        x.iter_mut().zip(y).for_each(|(a, b)| *a += b);
        x
    });
    // Each pair was counted from both ends: halve, then divide by the (n−1)(n−2)/2 pairs.
    let scale = if n > 2 { 1.0 / ((n - 1) as f64 * (n - 2) as f64) } else { 0.0 };
    total.into_iter().map(|x| x * scale).collect()
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// Two wijkfoto's of one wijkverband, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Verbindingen by actor ids: new in the second, gone from the first.
    pub nieuw: Vec<(String, String)>,
    pub verdwenen: Vec<(String, String)>,
    /// Per condition: the shown mean before and after.
    pub condities: Vec<(Option<f64>, Option<f64>)>,
    /// Per vierkant pair: verbindingen before and after.
    pub vierkant: Vec<(Hoek, Hoek, usize, usize)>,
    pub dichtheid: (f64, f64),
}

/// How a pair of the vierkant changed between two rounds, in words: a pair that keeps some ties
/// but has fewer is not simply "verbonden".
pub fn paar_verandering(voor: usize, na: usize) -> String {
    match (voor, na) {
        (0, 0) => "nog steeds geen verbinding".into(),
        (0, _) => "nieuw verbonden".into(),
        (_, 0) => "verbinding verloren".into(),
        (x, y) if y > x => format!("meer verbindingen (+{})", y - x),
        (x, y) if y < x => format!("minder verbindingen (−{})", x - y),
        _ => "evenveel verbindingen".into(),
    }
}

/// The response of a round: how many were invited and how many submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Respons {
    pub uitgenodigd: i64,
    pub ingevuld: i64,
}

impl Respons {
    /// The share that submitted; `None` when nobody was invited.
    pub fn aandeel(self) -> Option<f64> {
        (self.uitgenodigd > 0).then(|| self.ingevuld as f64 / self.uitgenodigd as f64)
    }
}

impl std::fmt::Display for Respons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} van {}", self.ingevuld, self.uitgenodigd)
    }
}

/// A warning when two rounds had a different response: fewer answers usually means fewer ties
/// named, so a difference says more than how people work together.
pub fn respons_waarschuwing(voor: Respons, na: Respons) -> Option<String> {
    (voor != na).then(|| {
        format!(
            "Let op: de respons verschilt ({voor} tegen {na}). Wie niet antwoordde, noemt geen verbindingen; een verschil komt dus deels door wie meedeed."
        )
    })
}

pub fn compare(voor: (&Wijkfoto, &Analyse), na: (&Wijkfoto, &Analyse)) -> Comparison {
    let ids = |w: &Wijkfoto, a: &Analyse| -> BTreeSet<(String, String)> {
        a.verbindingen
            .iter()
            .map(|t| {
                let (x, y) = (w.actors[t.a].id.clone(), w.actors[t.b].id.clone());
                if x <= y { (x, y) } else { (y, x) }
            })
            .collect()
    };
    let (a, b) = (ids(voor.0, voor.1), ids(na.0, na.1));
    Comparison {
        nieuw: b.difference(&a).cloned().collect(),
        verdwenen: a.difference(&b).cloned().collect(),
        condities: voor.1.condities.iter().zip(&na.1.condities).map(|(x, y)| (x.gemiddelde, y.gemiddelde)).collect(),
        vierkant: voor
            .1
            .vierkant
            .iter()
            .zip(&na.1.vierkant)
            .map(|(x, y)| (x.a, x.b, x.verbindingen, y.verbindingen))
            .collect(),
        dichtheid: (voor.1.dichtheid, na.1.dichtheid),
    }
}
