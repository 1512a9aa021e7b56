//! Colours for a plan's wijkverbanden such that neighbours never share one: a greedy colouring
//! of the wijkverbanden' adjacency graph, the most connected first (Welsh–Powell). With a
//! palette of at least one more colour than any wijkverband has neighbours, no two neighbours
//! look alike; with fewer, colours repeat only where they must.

use super::{Plan, Region};

/// A colour index per wijkverband of `plan`, below `colours` where the graph allows.
pub fn colouring(region: &Region, plan: &Plan, colours: usize) -> Vec<usize> {
    let k = plan.names.len();
    let mut touches = vec![vec![false; k]; k];
    for (a, b, _) in region.graph.edges() {
        let (x, y) = (plan.assignment[a], plan.assignment[b]);
        if x != y {
            touches[x][y] = true;
            touches[y][x] = true;
        }
    }
    let degree = |d: usize| touches[d].iter().filter(|t| **t).count();
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by_key(|&d| (std::cmp::Reverse(degree(d)), d));
    let mut colour: Vec<Option<usize>> = vec![None; k];
    for d in order {
        let taken: Vec<usize> = (0..k).filter(|&e| touches[d][e]).filter_map(|e| colour[e]).collect();
        // The first free colour; past the palette, the one least used among the neighbours.
        let free = (0..colours.max(1)).find(|c| !taken.contains(c)).unwrap_or_else(|| {
            (0..colours.max(1)).min_by_key(|c| taken.iter().filter(|t| *t == c).count()).unwrap_or(0)
        });
        colour[d] = Some(free);
    }
    colour.into_iter().map(|c| c.unwrap_or(0)).collect()
}
