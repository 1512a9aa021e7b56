//! Balanced plans: a fixed number of wijkverbanden with even population, and
//! the repair of an existing plan that breaks the rules with few moves.
//! Both move border buurten between neighbouring wijkverbanden and keep every
//! wijkverband contiguous.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::{Constraints, Graph, Infeasible, Plan, Region};

/// Whether wijkverband `d` stays connected without buurt `out` (and non-empty).
fn stays_connected(graph: &Graph, assignment: &[usize], out: usize) -> bool {
    let d = assignment[out];
    let members: Vec<usize> = (0..assignment.len()).filter(|&i| i != out && assignment[i] == d).collect();
    !members.is_empty() && graph.is_connected(&members)
}

fn populations(region: &Region, assignment: &[usize], k: usize) -> Vec<f64> {
    let mut p = vec![0.0; k];
    for (i, &d) in assignment.iter().enumerate() {
        p[d] += region.population[i];
    }
    p
}

/// `k` contiguous wijkverbanden with populations as equal as possible
/// (Σ squared deviation from the mean); deterministic for a seed.
pub fn balanced(region: &Region, c: &Constraints, k: usize, seed: u64, restarts: usize) -> Result<Plan, Infeasible> {
    let graph = c.graph(region);
    let n = region.len();
    if k == 0 || k > n {
        return Err(Infeasible(format!("{k} wijkverbanden kan niet met {n} buurten")));
    }
    let parts = graph.components(|_| true);
    if parts.len() > k {
        return Err(Infeasible(format!(
            "de regio valt uiteen in {} losse delen: dat zijn meer dan {k} wijkverbanden",
            parts.len()
        )));
    }
    let best = (0..restarts.max(1))
        .into_par_iter()
        .filter_map(|r| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(r as u64);
            let a = grow_k(region, &graph, k, &parts, &mut rng)?;
            let a = even_out(region, &graph, k, a, &mut rng);
            let target = region.population.iter().sum::<f64>() / k as f64;
            let cost: f64 = populations(region, &a, k).iter().map(|p| (p - target).powi(2)).sum();
            Some((cost, r, a))
        })
        .min_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)))
        .ok_or_else(|| Infeasible(format!("geen {k} aaneengesloten wijkverbanden gevonden")))?;
    Ok(Plan { names: (1..=k).map(|d| format!("Wijkverband {d}")).collect(), assignment: best.2 })
}

/// Grows `k` regions at once from random seeds (at least one per connected
/// part), always extending the region with the fewest inhabitants.
fn grow_k(region: &Region, graph: &Graph, k: usize, parts: &[Vec<usize>], rng: &mut ChaCha8Rng) -> Option<Vec<usize>> {
    let n = region.len();
    let mut a = vec![usize::MAX; n];
    let mut pop = vec![0.0; k];
    let mut seeds: Vec<usize> = parts.iter().map(|p| p[0]).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    for i in order {
        if seeds.len() == k {
            break;
        }
        if !seeds.contains(&i) {
            seeds.push(i);
        }
    }
    for (d, &s) in seeds.iter().enumerate() {
        a[s] = d;
        pop[d] = region.population[s];
    }
    let mut left = n - k;
    while left > 0 {
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|x, y| pop[*x].total_cmp(&pop[*y]).then(x.cmp(y)));
        let grown = order.into_iter().find_map(|d| {
            (0..n).find(|&i| a[i] == usize::MAX && graph.neighbours(i).iter().any(|&(j, _)| a[j] == d)).map(|i| (d, i))
        })?;
        a[grown.1] = grown.0;
        pop[grown.0] += region.population[grown.1];
        left -= 1;
    }
    Some(a)
}

/// Moves border buurten from fuller to emptier neighbours while that brings
/// the populations closer together.
fn even_out(region: &Region, graph: &Graph, k: usize, mut a: Vec<usize>, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let target = region.population.iter().sum::<f64>() / k as f64;
    let mut pop = populations(region, &a, k);
    for _ in 0..100 {
        let mut border: Vec<usize> =
            (0..a.len()).filter(|&i| graph.neighbours(i).iter().any(|&(j, _)| a[j] != a[i])).collect();
        border.shuffle(rng);
        let mut moved = false;
        for i in border {
            let from = a[i];
            let p = region.population[i];
            let best = graph
                .neighbours(i)
                .iter()
                .map(|&(j, _)| a[j])
                .filter(|&to| to != from)
                .map(|to| {
                    let before = (pop[from] - target).powi(2) + (pop[to] - target).powi(2);
                    let after = (pop[from] - p - target).powi(2) + (pop[to] + p - target).powi(2);
                    (to, after - before)
                })
                .min_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)));
            if let Some((to, delta)) = best
                && delta < -1e-9
                && stays_connected(graph, &a, i)
            {
                a[i] = to;
                pop[from] -= p;
                pop[to] += p;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    a
}

/// Repairs a plan that breaks the floor, the ceiling or contiguity with as few
/// moves as it can: pieces cut off from their wijkverband join a neighbour,
/// then buurten move out of overfull and into underfull wijkverbanden, each
/// move the one that removes the most shortfall or excess. Returns the plan
/// and the buurten whose wijkverband differs from `plan`'s (a buurt moved away and back again
/// is not among them).
pub fn rebalance(region: &Region, c: &Constraints, plan: &Plan) -> Result<(Plan, Vec<usize>), Infeasible> {
    let graph = c.graph(region);
    let k = plan.names.len();
    let mut a = plan.assignment.clone();
    let locked: Vec<bool> = {
        let mut v = vec![false; region.len()];
        c.vast.iter().for_each(|(i, _)| v[*i] = true);
        v
    };
    // Pieces: every part of a wijkverband except its most populous joins the neighbour it borders most.
    for d in 0..k {
        let parts = graph.components(|i| a[i] == d);
        if parts.len() <= 1 {
            continue;
        }
        let main = parts.iter().max_by(|x, y| {
            let px: f64 = x.iter().map(|&i| region.population[i]).sum();
            let py: f64 = y.iter().map(|&i| region.population[i]).sum();
            px.total_cmp(&py)
        });
        let main = main.cloned().unwrap_or_default();
        for part in parts.into_iter().filter(|p| *p != main) {
            let mut border: Vec<(usize, f64)> = Vec::new();
            for &i in &part {
                for &(j, len) in graph.neighbours(i) {
                    if a[j] != d {
                        match border.iter_mut().find(|(x, _)| *x == a[j]) {
                            Some(e) => e.1 += len,
                            None => border.push((a[j], len)),
                        }
                    }
                }
            }
            let Some(&(to, _)) = border.iter().max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0))) else {
                return Err(Infeasible(format!("een deel van {} grenst aan geen ander wijkverband", plan.names[d])));
            };
            for &i in &part {
                a[i] = to;
            }
        }
    }
    let max = c.max.unwrap_or(f64::INFINITY);
    for _ in 0..region.len() * 2 {
        let pop = populations(region, &a, k);
        let floors: Vec<f64> = (0..k).map(|d| c.floor_of(region, (0..a.len()).filter(|&i| a[i] == d))).collect();
        let violation = |d: usize, p: f64| (floors[d] - p).max(0.0) + (p - max).max(0.0);
        if (0..k).all(|d| violation(d, pop[d]) == 0.0) {
            let moved = (0..a.len()).filter(|&i| a[i] != plan.assignment[i]).collect();
            return Ok((Plan { names: plan.names.clone(), assignment: a }, moved));
        }
        // The move that lowers the total violation most: a border buurt, with the
        // branch of its wijkverband it would cut off (so both stay contiguous).
        let mut best: Option<(Vec<usize>, usize, f64)> = None;
        for i in 0..region.len() {
            let from = a[i];
            if locked[i] {
                continue;
            }
            let mut tried: Vec<usize> = Vec::new();
            for &(j, _) in graph.neighbours(i) {
                let to = a[j];
                if to == from || tried.contains(&to) {
                    continue;
                }
                tried.push(to);
                let Some(group) = branch(region, &graph, &a, i) else { continue };
                if group.iter().any(|&g| locked[g]) {
                    continue;
                }
                let p: f64 = group.iter().map(|&g| region.population[g]).sum();
                let gain = violation(from, pop[from]) + violation(to, pop[to])
                    - violation(from, pop[from] - p)
                    - violation(to, pop[to] + p);
                let better = match &best {
                    None => true,
                    Some((g, _, b)) => gain > *b + 1e-9 || ((gain - *b).abs() <= 1e-9 && group.len() < g.len()),
                };
                if gain > 1e-9 && better {
                    best = Some((group, to, gain));
                }
            }
        }
        let Some((group, to, _)) = best else {
            return Err(Infeasible(
                "geen reeks verplaatsingen gevonden die het plan binnen de grenzen brengt: ruim de grenzen, kies een ander aantal wijkverbanden of maak een nieuw voorstel".into(),
            ));
        };
        for g in group {
            a[g] = to;
        }
    }
    Err(Infeasible("herstel stopte zonder geldig plan".into()))
}

/// Buurt `i` with the parts of its wijkverband that removing it would cut off
/// from the most populous rest; `None` when nothing would remain.
fn branch(region: &Region, graph: &Graph, a: &[usize], i: usize) -> Option<Vec<usize>> {
    let d = a[i];
    let mut parts = graph.components(|x| x != i && a[x] == d);
    if parts.is_empty() {
        return None;
    }
    let pop = |p: &Vec<usize>| p.iter().map(|&x| region.population[x]).sum::<f64>();
    let main = (0..parts.len()).max_by(|&x, &y| pop(&parts[x]).total_cmp(&pop(&parts[y])).then(y.cmp(&x)))?;
    parts.swap_remove(main);
    let mut group = vec![i];
    group.extend(parts.into_iter().flatten());
    Some(group)
}
