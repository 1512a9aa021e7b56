//! Raising p after construction: a region and its neighbouring regions are cut
//! anew along a spanning tree of their buurten, and the cut is kept when it
//! makes one region more than they were.
//!
//! On a tree, cutting off a subtree as soon as it reaches the floor, from the
//! leaves up, gives the most parts that each reach the floor (what is left at
//! the root joins a part it touches); a group's p is then a matter of which
//! spanning tree is cut. The trees are minimum spanning trees on the
//! variables' distances with seeded noise, so the parts are alike inside (as in
//! SKATER and REDCAP) and every try cuts a different tree.

use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::{NONE, Solution, pairwise};
use crate::indeling::{Constraints, Graph, Region};

/// Trees tried per group of regions (each later change to the group tries again).
const TREES: usize = 3;

/// Raises `s.regions.len()` where a group of neighbouring regions holds room for
/// one more region; regions holding a locked buurt are left as they are. A group
/// is tried again only when one of its regions has changed since it last failed.
pub(super) fn raise_p(
    region: &Region,
    graph: &Graph,
    c: &Constraints,
    locked: &[bool],
    s: &mut Solution,
    rng: &mut ChaCha8Rng,
    expired: &(dyn Fn() -> bool + Sync),
) {
    let mut fixed = vec![false; s.regions.len()];
    (0..region.len()).filter(|&i| locked[i]).for_each(|i| fixed[s.labels[i]] = true);
    // Per region: when it last changed, and when its group last failed (a clock of gains).
    let mut changed = vec![0usize; s.regions.len()];
    let mut failed: Vec<Option<usize>> = vec![None; s.regions.len()];
    let mut clock = 0;
    let mut cutter = Cutter::new(region.len());
    loop {
        let mut gained = false;
        let mut order: Vec<usize> = (0..s.regions.len()).filter(|&r| !fixed[r]).collect();
        order.shuffle(rng);
        for r in order {
            if expired() {
                return;
            }
            let group = neighbourhood(graph, s, &fixed, r);
            if failed[r].is_some_and(|t| group.iter().all(|&g| changed[g] <= t)) {
                continue;
            }
            let pop: f64 = group.iter().map(|&g| s.pops[g]).sum();
            if pop < (group.len() + 1) as f64 * c.min {
                failed[r] = Some(clock);
                continue;
            }
            cutter.load(region, graph, s, &group);
            let found = (0..TREES).find_map(|_| {
                let parts = cutter.cut(region, c, rng)?;
                (parts.len() > group.len()).then_some(parts)
            });
            match found {
                Some(parts) => {
                    clock += 1;
                    let before = s.regions.len();
                    apply(region, s, &group, parts);
                    fixed.resize(s.regions.len(), false);
                    failed.resize(s.regions.len(), None);
                    changed.resize(s.regions.len(), 0);
                    for g in group.iter().copied().chain(before..s.regions.len()) {
                        changed[g] = clock;
                    }
                    gained = true;
                }
                None => failed[r] = Some(clock),
            }
        }
        if !gained {
            return;
        }
    }
}

/// Region `r` and the regions next to it that may change.
fn neighbourhood(graph: &Graph, s: &Solution, fixed: &[bool], r: usize) -> Vec<usize> {
    let mut group = vec![r];
    for &m in &s.regions[r] {
        for &(j, _) in graph.neighbours(m) {
            let b = s.labels[j];
            if !fixed[b] && !group.contains(&b) {
                group.push(b);
            }
        }
    }
    group
}

/// Gives the group's region numbers (and one new number per extra part) to the parts.
fn apply(region: &Region, s: &mut Solution, group: &[usize], parts: Vec<Vec<usize>>) {
    s.cost -= group.iter().map(|&g| pairwise(region, &s.regions[g])).sum::<f64>();
    for (k, part) in parts.into_iter().enumerate() {
        let r = match group.get(k) {
            Some(&r) => r,
            None => {
                s.regions.push(Vec::new());
                s.pops.push(0.0);
                s.regions.len() - 1
            }
        };
        for &i in &part {
            s.labels[i] = r;
        }
        s.pops[r] = part.iter().map(|&i| region.population[i]).sum();
        s.cost += pairwise(region, &part);
        s.regions[r] = part;
    }
}

/// One group's buurten and the ties between them, loaded once and cut along
/// several trees.
struct Cutter {
    /// Per buurt: its place in the loaded group, or NONE.
    place: Vec<usize>,
    members: Vec<usize>,
    /// (the variables' distance, place a, place b) per tie inside the group.
    ties: Vec<(f64, usize, usize)>,
    noisy: Vec<(f64, usize, usize)>,
}

impl Cutter {
    fn new(n: usize) -> Cutter {
        Cutter { place: vec![NONE; n], members: Vec::new(), ties: Vec::new(), noisy: Vec::new() }
    }

    fn load(&mut self, region: &Region, graph: &Graph, s: &Solution, group: &[usize]) {
        for &i in &self.members {
            self.place[i] = NONE;
        }
        self.members.clear();
        self.members.extend(group.iter().flat_map(|&g| s.regions[g].iter().copied()));
        for (k, &i) in self.members.iter().enumerate() {
            self.place[i] = k;
        }
        self.ties.clear();
        for (a, &i) in self.members.iter().enumerate() {
            for &(j, _) in graph.neighbours(i) {
                let b = self.place[j];
                if b != NONE && b > a {
                    self.ties.push((region.distance(i, j), a, b));
                }
            }
        }
    }

    /// The parts of a minimum spanning tree of the loaded group (the variables'
    /// distances with noise), each reaching the floor and under the ceiling;
    /// None if a part breaks a rule.
    fn cut(&mut self, region: &Region, c: &Constraints, rng: &mut ChaCha8Rng) -> Option<Vec<Vec<usize>>> {
        let m = self.members.len();
        self.noisy.clear();
        self.noisy.extend(self.ties.iter().map(|&(d, a, b)| (d * rng.random_range(0.5..1.5), a, b)));
        self.noisy.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
        let mut root: Vec<usize> = (0..m).collect();
        fn find(root: &mut [usize], mut a: usize) -> usize {
            while root[a] != a {
                root[a] = root[root[a]];
                a = root[a];
            }
            a
        }
        let mut tree: Vec<Vec<usize>> = vec![Vec::new(); m];
        for &(_, a, b) in &self.noisy {
            let (ra, rb) = (find(&mut root, a), find(&mut root, b));
            if ra != rb {
                root[ra] = rb;
                tree[a].push(b);
                tree[b].push(a);
            }
        }
        let members = &self.members;
        let parts = cut_tree(&tree, |k| region.population[members[k]], c.min, rng.random_range(0..m))?;
        let max = c.max.unwrap_or(f64::INFINITY);
        let parts: Vec<Vec<usize>> = parts.into_iter().map(|p| p.into_iter().map(|k| members[k]).collect()).collect();
        let ok = parts.iter().all(|p| {
            let pop: f64 = p.iter().map(|&i| region.population[i]).sum();
            pop <= max && pop >= c.floor_of(region, p.iter().copied())
        });
        ok.then_some(parts)
    }
}

/// Cuts a tree (adjacency lists over 0..n) rooted at `root` into the most
/// connected parts that each weigh at least `floor`; None if the whole is lighter.
fn cut_tree(tree: &[Vec<usize>], weight: impl Fn(usize) -> f64, floor: f64, root: usize) -> Option<Vec<Vec<usize>>> {
    let n = tree.len();
    // Depth-first order from the root, with each node's parent.
    let mut parent = vec![NONE; n];
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![root];
    parent[root] = root;
    while let Some(a) = stack.pop() {
        order.push(a);
        for &b in &tree[a] {
            if parent[b] == NONE {
                parent[b] = a;
                stack.push(b);
            }
        }
    }
    if order.len() < n {
        return None; // not a tree of the whole group
    }
    let mut acc: Vec<f64> = (0..n).map(&weight).collect();
    let mut part = vec![NONE; n];
    let mut parts: Vec<Vec<usize>> = Vec::new();
    // Leaves first: a subtree that reaches the floor becomes a part.
    for &a in order.iter().rev() {
        if acc[a] >= floor {
            let k = parts.len();
            let mut members = vec![a];
            let mut todo = vec![a];
            part[a] = k;
            while let Some(x) = todo.pop() {
                for &y in &tree[x] {
                    if y != parent[x] && part[y] == NONE {
                        part[y] = k;
                        members.push(y);
                        todo.push(y);
                    }
                }
            }
            parts.push(members);
        } else if a != root {
            acc[parent[a]] += acc[a];
        }
    }
    if parts.is_empty() {
        return None;
    }
    // What is left at the root joins a part one of its nodes touches.
    let rest: Vec<usize> = order.iter().copied().filter(|&a| part[a] == NONE).collect();
    if let Some(k) = rest.iter().flat_map(|&a| tree[a].iter().map(|&b| part[b])).find(|&k| k != NONE) {
        parts[k].extend(rest);
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use geo_types::{MultiPolygon, Rect};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::{Solution, cut_tree, pairwise, raise_p};
    use crate::indeling::{Constraints, Region, contiguity};

    /// A row of unit squares (degrees near 52° N) with the given inhabitants.
    fn row(pops: &[f64]) -> Region {
        let polys: Vec<MultiPolygon<f64>> = (0..pops.len())
            .map(|i| {
                let x = 5.0 + i as f64 * 0.01;
                MultiPolygon(vec![Rect::new((x, 52.0), (x + 0.01, 52.01)).to_polygon()])
            })
            .collect();
        let graph = contiguity::contiguity(&polys, contiguity::Options::default()).graph;
        let n = pops.len();
        let attrs = (0..n).map(|i| vec![i as f64]).collect();
        Region::new(
            (0..n).map(|i| format!("BU{i}")).collect(),
            pops.to_vec(),
            vec![String::new(); n],
            &polys,
            attrs,
            graph,
        )
    }

    fn solution(region: &Region, labels: Vec<usize>) -> Solution {
        let p = labels.iter().max().map_or(0, |m| m + 1);
        let regions: Vec<Vec<usize>> =
            (0..p).map(|r| (0..labels.len()).filter(|&i| labels[i] == r).collect()).collect();
        let pops = regions.iter().map(|m| m.iter().map(|&i| region.population[i]).sum()).collect();
        let cost = regions.iter().map(|m| pairwise(region, m)).sum();
        Solution { labels, regions, pops, cost }
    }

    #[test]
    fn two_regions_with_room_for_three_become_three() {
        // 3,1,1 | 3,2,2 with floor 4: cut as 3,1 | 1,3 | 2,2.
        let region = row(&[3.0, 1.0, 1.0, 3.0, 2.0, 2.0]);
        let c = Constraints { min: 4.0, ..Default::default() };
        let mut s = solution(&region, vec![0, 0, 0, 1, 1, 1]);
        let graph = c.graph(&region);
        raise_p(&region, &graph, &c, &[false; 6], &mut s, &mut ChaCha8Rng::seed_from_u64(1), &|| false);
        assert_eq!(s.regions.len(), 3);
        for (r, m) in s.regions.iter().enumerate() {
            assert!(m.iter().all(|&i| s.labels[i] == r));
            let mut sorted = m.clone();
            sorted.sort();
            assert!(sorted.windows(2).all(|w| w[1] == w[0] + 1), "region {r} is contiguous: {sorted:?}");
            assert!(s.pops[r] >= 4.0 && s.pops[r] == m.iter().map(|&i| region.population[i]).sum::<f64>());
        }
        let cost: f64 = s.regions.iter().map(|m| pairwise(&region, m)).sum();
        assert!((s.cost - cost).abs() < 1e-9, "the kept cost is the cost of the new regions");
    }

    #[test]
    fn a_region_holding_a_locked_buurt_is_left_as_it_is() {
        let region = row(&[3.0, 1.0, 1.0, 3.0, 2.0, 2.0]);
        let c = Constraints { min: 4.0, ..Default::default() };
        let mut s = solution(&region, vec![0, 0, 0, 1, 1, 1]);
        let graph = c.graph(&region);
        let locked = [false, false, false, false, false, true];
        raise_p(&region, &graph, &c, &locked, &mut s, &mut ChaCha8Rng::seed_from_u64(1), &|| false);
        // Region 1 is locked; region 0 alone (5 inhabitants) has no room for two.
        assert_eq!(s.labels, vec![0, 0, 0, 1, 1, 1]);
    }

    #[test]
    fn a_ceiling_the_new_parts_would_break_keeps_the_regions() {
        // 2,2,2,2,2 with floor 4 fits two parts, but one of them would hold 6 > 5.
        let region = row(&[2.0, 2.0, 2.0, 2.0, 2.0]);
        let c = Constraints { min: 4.0, max: Some(5.0), ..Default::default() };
        let mut s = solution(&region, vec![0, 0, 0, 0, 0]);
        let graph = c.graph(&region);
        raise_p(&region, &graph, &c, &[false; 5], &mut s, &mut ChaCha8Rng::seed_from_u64(1), &|| false);
        assert_eq!(s.regions.len(), 1);
    }

    fn path(n: usize) -> Vec<Vec<usize>> {
        (0..n).map(|i| [i.checked_sub(1), (i + 1 < n).then_some(i + 1)].into_iter().flatten().collect()).collect()
    }

    #[test]
    fn a_path_is_cut_into_as_many_parts_as_its_weight_allows() {
        // Weights 3,1,1,3,2,2 with floor 4: [3,1] [1,3] [2,2] — three parts.
        let w = [3.0, 1.0, 1.0, 3.0, 2.0, 2.0];
        let parts = cut_tree(&path(6), |k| w[k], 4.0, 0).unwrap();
        assert_eq!(parts.len(), 3);
        let mut all: Vec<usize> = parts.iter().flatten().copied().collect();
        all.sort();
        assert_eq!(all, (0..6).collect::<Vec<_>>());
        assert!(parts.iter().all(|p| p.iter().map(|&k| w[k]).sum::<f64>() >= 4.0));
    }

    #[test]
    fn what_is_left_at_the_root_joins_a_part_it_touches() {
        // A star: centre 0 (weight 1), leaves of weight 5; floor 5: each leaf a part, the centre joins one.
        let tree = vec![vec![1, 2, 3], vec![0], vec![0], vec![0]];
        let parts = cut_tree(&tree, |k| if k == 0 { 1.0 } else { 5.0 }, 5.0, 0).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts.iter().map(Vec::len).sum::<usize>(), 4);
        assert!(parts.iter().any(|p| p.contains(&0) && p.len() == 2));
    }

    #[test]
    fn a_tree_lighter_than_the_floor_has_no_parts() {
        assert!(cut_tree(&path(3), |_| 1.0, 4.0, 1).is_none());
    }
}
