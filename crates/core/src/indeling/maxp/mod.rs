//! Max-p regionalisation (after Duque, Anselin & Rey 2012 and Wei, Rey & Knaap
//! 2021): the largest number of contiguous wijkverbanden that all reach the
//! population floor (and stay under the ceiling), then the least heterogeneity.
//!
//! Construction grows regions from random seeds, each time adding the
//! neighbouring buurt most like the region, and gives the buurten left over to
//! a neighbouring region; many constructions run in parallel. The best of them
//! are repartitioned for more regions (`repartition`: a region and its
//! neighbours cut anew along spanning trees, as in SKATER and REDCAP) and the
//! largest p wins. A local search then moves border buurten between regions
//! while that lowers the heterogeneity (Σ pairwise L1 distances within regions, as spopt
//! measures it) and keeps every region contiguous and within its bounds.
//! Results are deterministic for a seed: each construction has its own seeded
//! random stream, and ties are broken by construction number.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::{Constraints, Graph, Infeasible, Plan, Region};

mod repartition;

#[derive(Debug, Clone)]
pub struct MaxPOptions {
    pub seed: u64,
    /// Constructions to try; the best of them go on to the local search.
    pub constructions: usize,
    /// How many of the best constructions get a local search.
    pub finalists: usize,
    /// Stop starting new work after this long.
    pub time_budget: Duration,
    /// Keep the areas of an existing structure whole where possible.
    pub keep_whole: Option<KeepWhole>,
    /// Set from elsewhere to stop the run (it then reports that it was stopped).
    pub stop: Option<Arc<AtomicBool>>,
}

/// Why max-p made no plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MaxPError {
    /// No plan can meet the constraints, and why.
    #[error("{0}")]
    Infeasible(#[from] Infeasible),
    /// The caller's stop flag was set before the search finished.
    #[error("gestopt voordat er een plan was")]
    Gestopt,
}

/// An existing structure to keep whole: per buurt its area (if any), and the
/// cost of each extra wijkverband an area is spread over, in heterogeneity units.
#[derive(Debug, Clone, PartialEq)]
pub struct KeepWhole {
    pub area: Vec<Option<usize>>,
    pub weight: f64,
}

impl KeepWhole {
    /// Keep the gebieden of `structure` whole, each extra wijkverband a gebied is spread over
    /// costing `weight`, or by default ten times the mean distance between two buurten of the
    /// region (at least 1): heavy enough to matter, light enough to give way to the floor.
    pub fn of(region: &super::Region, structure: &super::Structure, weight: Option<f64>) -> KeepWhole {
        let mut areas: Vec<&String> = structure.gebied.iter().flatten().collect();
        areas.sort();
        areas.dedup();
        let area =
            structure.gebied.iter().map(|g| g.as_ref().and_then(|g| areas.iter().position(|a| *a == g))).collect();
        let weight = weight.unwrap_or_else(|| {
            let n = region.len();
            let pairs = (n * n.saturating_sub(1) / 2).max(1) as f64;
            let total: f64 =
                (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).map(|(i, j)| region.distance(i, j)).sum();
            (10.0 * total / pairs).max(1.0)
        });
        KeepWhole { area, weight }
    }

    /// Σ over areas of (wijkverbanden it lies in − 1).
    pub fn splits(&self, labels: &[usize]) -> usize {
        let mut pairs: Vec<(usize, usize)> =
            labels.iter().zip(&self.area).filter_map(|(&r, a)| a.map(|a| (a, r))).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let areas = {
            let mut a: Vec<usize> = pairs.iter().map(|p| p.0).collect();
            a.dedup();
            a.len()
        };
        pairs.len() - areas
    }
}

impl Default for MaxPOptions {
    fn default() -> Self {
        MaxPOptions {
            seed: 1,
            constructions: 32,
            finalists: 6,
            time_budget: Duration::from_secs(60),
            keep_whole: None,
            stop: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub plan: Plan,
    pub p: usize,
    /// Σ over regions of the pairwise L1 distances of the standardised variables.
    pub heterogeniteit: f64,
    /// Constructions that were run (fewer than asked when the time budget ran out).
    pub constructies: usize,
    /// Of those, the ones that met every rule.
    pub geldig: usize,
}

const NONE: usize = usize::MAX;

/// How many of the best constructions are repartitioned for more regions (one per
/// core of a small machine; more raised p by less than they cost).
const RAISED: usize = 2;

/// Proposes a plan; `progress` receives the share of the work done (0–1).
pub fn max_p(
    region: &Region,
    c: &Constraints,
    opts: &MaxPOptions,
    progress: &(dyn Fn(f64) + Sync),
) -> Result<Proposal, MaxPError> {
    let graph = c.graph(region);
    c.check(region, &graph)?;
    let locks = lock_groups(region, c);
    let locked: Vec<bool> = {
        let mut v = vec![false; region.len()];
        locks.iter().flat_map(|(_, m)| m).for_each(|&i| v[i] = true);
        v
    };
    let deadline = Instant::now() + opts.time_budget;
    let stopped = || opts.stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed));
    let expired = || Instant::now() > deadline || stopped();
    let done = AtomicUsize::new(0);
    let total = opts.constructions + opts.finalists;
    let step = || progress(done.fetch_add(1, Ordering::Relaxed) as f64 / total as f64);
    // (construction, whether it ran before the deadline, its solution if it met every rule)
    let built: Vec<(usize, bool, Option<Solution>)> = (0..opts.constructions.max(1))
        .into_par_iter()
        .map(|r| {
            if r > 0 && expired() {
                return (r, false, None);
            }
            let mut rng = rng(opts.seed, r as u64);
            let s = construct(region, &graph, c, &locks, &mut rng, r % 2 == 1, opts.keep_whole.as_ref());
            step();
            (r, true, s)
        })
        .collect();
    let constructies = built.iter().filter(|(_, ran, _)| *ran).count();
    let geldig = built.iter().filter(|(_, _, s)| s.is_some()).count();
    let mut ok: Vec<(usize, Solution)> = built.into_iter().filter_map(|(r, _, s)| s.map(|s| (r, s))).collect();
    if ok.is_empty() {
        return Err(Infeasible(
            "geen indeling gevonden die alle grenzen houdt: verlaag de ondergrens, verhoog het plafond of sta meer toe"
                .into(),
        )
        .into());
    }
    // The constructions with the most regions, then the least heterogeneity, are
    // repartitioned for more regions; the ones with the most after that go on.
    let by_p_then_cost = |a: &(usize, Solution), b: &(usize, Solution)| {
        b.1.regions.len().cmp(&a.1.regions.len()).then(a.1.cost.total_cmp(&b.1.cost)).then(a.0.cmp(&b.0))
    };
    ok.sort_by(by_p_then_cost);
    ok.truncate(RAISED);
    let mut ok: Vec<(usize, Solution)> = ok
        .into_par_iter()
        .map(|(r, mut s)| {
            let mut rng = rng(opts.seed ^ 0x9e37_79b9, r as u64);
            repartition::raise_p(region, &graph, c, &locked, &mut s, &mut rng, &expired);
            (r, s)
        })
        .collect();
    let best_p = ok.iter().map(|(_, s)| s.regions.len()).max().unwrap_or(0);
    ok.retain(|(_, s)| s.regions.len() == best_p);
    ok.sort_by(by_p_then_cost);
    ok.truncate(opts.finalists.max(1));
    let improved: Vec<(usize, Solution)> = ok
        .into_par_iter()
        .map(|(r, mut s)| {
            let mut rng = rng(opts.seed ^ 0x5bd1_e995, r as u64);
            local_search(region, &graph, c, &locked, opts.keep_whole.as_ref(), &mut s, &mut rng, &expired);
            step();
            (r, s)
        })
        .collect();
    // The objective: heterogeneity, plus the split penalty when structures are kept whole.
    let objective =
        |s: &Solution| s.cost + opts.keep_whole.as_ref().map_or(0.0, |k| k.weight * k.splits(&s.labels) as f64);
    if stopped() {
        return Err(MaxPError::Gestopt);
    }
    let (_, best) = improved
        .into_iter()
        .min_by(|a, b| objective(&a.1).total_cmp(&objective(&b.1)).then(a.0.cmp(&b.0)))
        .expect("at least one finalist");
    progress(1.0);
    Ok(Proposal {
        p: best.regions.len(),
        heterogeniteit: best.cost,
        plan: best.into_plan(&locks),
        constructies,
        geldig,
    })
}

fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

/// Locked buurten grouped by the wijkverband they are pinned to.
fn lock_groups(region: &Region, c: &Constraints) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, naam) in &c.vast {
        if *i >= region.len() {
            continue;
        }
        match groups.iter_mut().find(|(n, _)| n == naam) {
            Some((_, v)) => v.push(*i),
            None => groups.push((naam.clone(), vec![*i])),
        }
    }
    groups
}

#[derive(Debug, Clone)]
struct Solution {
    labels: Vec<usize>,
    regions: Vec<Vec<usize>>,
    pops: Vec<f64>,
    cost: f64,
}

impl Solution {
    /// Regions numbered in order of their first buurt and named after their lock,
    /// else "Wijkverband N".
    fn into_plan(self, locks: &[(String, Vec<usize>)]) -> Plan {
        let mut order: Vec<usize> = (0..self.regions.len()).collect();
        order.sort_by_key(|&r| self.regions[r].iter().min().copied().unwrap_or(usize::MAX));
        let mut new_index = vec![0; self.regions.len()];
        let mut names = Vec::with_capacity(order.len());
        let mut k = 0;
        for (pos, &r) in order.iter().enumerate() {
            new_index[r] = pos;
            names.push(match locks.iter().find(|(_, m)| m.first().is_some_and(|i| self.labels[*i] == r)) {
                Some((n, _)) => n.clone(),
                None => {
                    k += 1;
                    format!("Wijkverband {k}")
                }
            });
        }
        Plan { names, assignment: self.labels.iter().map(|&r| new_index[r]).collect() }
    }
}

/// Mean L1 distance of buurt `i` to the members of a region.
fn affinity(region: &Region, i: usize, members: &[usize]) -> f64 {
    members.iter().map(|&j| region.distance(i, j)).sum::<f64>() / members.len().max(1) as f64
}

fn construct(
    region: &Region,
    graph: &Graph,
    c: &Constraints,
    locks: &[(String, Vec<usize>)],
    rng: &mut ChaCha8Rng,
    tight: bool,
    keep: Option<&KeepWhole>,
) -> Option<Solution> {
    let n = region.len();
    let pop = &region.population;
    let max = c.max.unwrap_or(f64::INFINITY);
    let mut labels = vec![NONE; n];
    let mut regions: Vec<Vec<usize>> = Vec::new();
    let mut pops: Vec<f64> = Vec::new();
    let mut enclave = vec![false; n];

    // Grows region r until it reaches the floor; false if it cannot.
    let grow = |r: usize, labels: &mut Vec<usize>, regions: &mut Vec<Vec<usize>>, pops: &mut Vec<f64>| {
        let mut candidates: Vec<usize> = Vec::new();
        let mut queued = vec![false; n];
        for &m in &regions[r] {
            for &(j, _) in graph.neighbours(m) {
                if labels[j] == NONE && !queued[j] {
                    queued[j] = true;
                    candidates.push(j);
                }
            }
        }
        let floor = |members: &[usize]| c.floor_of(region, members.iter().copied());
        while pops[r] < floor(&regions[r]) && !candidates.is_empty() {
            // Half the constructions add the buurt most like the region; the other
            // half, once a buurt would reach the floor, the one that overshoots it
            // least (regions close to the floor leave room for more regions).
            let now = floor(&regions[r]);
            let reach = |j: usize| pops[r] + pop[j] >= now.min(c.floor_of(region, [j]));
            let closing = tight && candidates.iter().any(|&j| reach(j) && pops[r] + pop[j] <= max);
            let (k, _) = candidates
                .iter()
                .enumerate()
                .map(|(k, &j)| {
                    // Keeping a structure whole: a buurt of another area than the seed's costs extra.
                    let other_area =
                        keep.map_or(0.0, |k| if k.area[j] != k.area[regions[r][0]] { k.weight } else { 0.0 });
                    let key = if closing {
                        if reach(j) { pops[r] + pop[j] + other_area * 1e6 } else { f64::INFINITY }
                    } else {
                        affinity(region, j, &regions[r]) + other_area
                    };
                    (k, key)
                })
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))?;
            let j = candidates.swap_remove(k);
            if labels[j] != NONE || pops[r] + pop[j] > max {
                continue;
            }
            labels[j] = r;
            regions[r].push(j);
            pops[r] += pop[j];
            for &(x, _) in graph.neighbours(j) {
                if labels[x] == NONE && !queued[x] {
                    queued[x] = true;
                    candidates.push(x);
                }
            }
        }
        Some(pops[r] >= floor(&regions[r]))
    };

    for (_, members) in locks {
        let r = regions.len();
        for &i in members {
            labels[i] = r;
        }
        regions.push(members.clone());
        pops.push(members.iter().map(|&i| pop[i]).sum());
        if !grow(r, &mut labels, &mut regions, &mut pops)? {
            return None;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    for &s in &order {
        if labels[s] != NONE || enclave[s] {
            continue;
        }
        let r = regions.len();
        labels[s] = r;
        regions.push(vec![s]);
        pops.push(pop[s]);
        if !grow(r, &mut labels, &mut regions, &mut pops)? {
            for &m in &regions[r] {
                labels[m] = NONE;
                enclave[m] = true;
            }
            regions.pop();
            pops.pop();
        }
    }
    // Buurten left over join the neighbouring region they are most like.
    loop {
        let mut progress = false;
        let mut left = false;
        for i in 0..n {
            if labels[i] != NONE {
                continue;
            }
            left = true;
            let best = graph
                .neighbours(i)
                .iter()
                .map(|&(j, _)| labels[j])
                .filter(|&r| r != NONE && pops[r] + pop[i] <= max)
                .map(|r| (r, affinity(region, i, &regions[r])))
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            if let Some((r, _)) = best {
                labels[i] = r;
                regions[r].push(i);
                pops[r] += pop[i];
                progress = true;
            }
        }
        if !left {
            break;
        }
        if !progress {
            return None;
        }
    }
    let cost = regions.iter().map(|m| pairwise(region, m)).sum();
    Some(Solution { labels, regions, pops, cost })
}

fn pairwise(region: &Region, members: &[usize]) -> f64 {
    let mut s = 0.0;
    for (x, &i) in members.iter().enumerate() {
        for &j in &members[x + 1..] {
            s += region.distance(i, j);
        }
    }
    s
}

/// Whether `members` without `out` is still connected.
fn connected_without(graph: &Graph, labels: &[usize], members: &[usize], out: usize) -> bool {
    let r = labels[out];
    let Some(&start) = members.iter().find(|&&m| m != out) else { return true };
    let mut seen = vec![start];
    let mut stack = vec![start];
    while let Some(a) = stack.pop() {
        for &(b, _) in graph.neighbours(a) {
            if b != out && labels[b] == r && !seen.contains(&b) {
                seen.push(b);
                stack.push(b);
            }
        }
    }
    seen.len() == members.len() - 1
}

#[allow(clippy::too_many_arguments)]
fn local_search(
    region: &Region,
    graph: &Graph,
    c: &Constraints,
    locked: &[bool],
    keep: Option<&KeepWhole>,
    s: &mut Solution,
    rng: &mut ChaCha8Rng,
    expired: &(dyn Fn() -> bool + Sync),
) {
    let pop = &region.population;
    let max = c.max.unwrap_or(f64::INFINITY);
    let n = region.len();
    // Buurten per (region, structure area), for the split penalty of a move.
    let mut in_area: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
    if let Some(k) = keep {
        for (i, a) in k.area.iter().enumerate() {
            if let Some(a) = a {
                *in_area.entry((s.labels[i], *a)).or_default() += 1;
            }
        }
    }
    let split_delta =
        |in_area: &std::collections::HashMap<(usize, usize), usize>, i: usize, from: usize, to: usize| -> f64 {
            let Some(k) = keep else { return 0.0 };
            let Some(a) = k.area[i] else { return 0.0 };
            let left = usize::from(in_area.get(&(from, a)).copied().unwrap_or(0) == 1);
            let joined = usize::from(in_area.get(&(to, a)).copied().unwrap_or(0) == 0);
            k.weight * (joined as f64 - left as f64)
        };
    for _round in 0..200 {
        if expired() {
            break;
        }
        let mut border: Vec<usize> = (0..n)
            .filter(|&i| !locked[i] && graph.neighbours(i).iter().any(|&(j, _)| s.labels[j] != s.labels[i]))
            .collect();
        border.shuffle(rng);
        let mut improved = false;
        for i in border {
            let a = s.labels[i];
            if s.regions[a].len() == 1
                || s.pops[a] - pop[i] < c.floor_of(region, s.regions[a].iter().copied().filter(|&j| j != i))
            {
                continue;
            }
            let leave: f64 = s.regions[a].iter().filter(|&&j| j != i).map(|&j| region.distance(i, j)).sum();
            let mut best: Option<(usize, f64)> = None;
            for &(j, _) in graph.neighbours(i) {
                let b = s.labels[j];
                if b == a || s.pops[b] + pop[i] > max || best.is_some_and(|(bb, _)| bb == b) {
                    continue;
                }
                let join: f64 = s.regions[b].iter().map(|&x| region.distance(i, x)).sum();
                let delta = join - leave + split_delta(&in_area, i, a, b);
                if delta < -1e-12 && best.is_none_or(|(_, d)| delta < d) {
                    best = Some((b, delta));
                }
            }
            let Some((b, delta)) = best else { continue };
            if !connected_without(graph, &s.labels, &s.regions[a], i) {
                continue;
            }
            let k = s.regions[a].iter().position(|&x| x == i).expect("member of its region");
            s.regions[a].swap_remove(k);
            s.regions[b].push(i);
            s.labels[i] = b;
            s.pops[a] -= pop[i];
            s.pops[b] += pop[i];
            s.cost += delta - split_delta(&in_area, i, a, b);
            if let Some(area) = keep.and_then(|k| k.area[i]) {
                *in_area.entry((a, area)).or_default() -= 1;
                *in_area.entry((b, area)).or_default() += 1;
            }
            improved = true;
        }
        if !improved {
            break;
        }
    }
}
