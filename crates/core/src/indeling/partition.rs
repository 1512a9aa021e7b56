//! A partition whose metrics stay up to date as buurten move (after
//! GerryChain's updaters): population, heterogeneity sums, the border kept
//! inside, area and perimeter per wijkverband. A move costs O(neighbours +
//! variables); contiguity is checked on demand.

use super::{Plan, Region};

#[derive(Debug, Clone)]
pub struct Partition<'a> {
    region: &'a Region,
    assignment: Vec<usize>,
    count: Vec<usize>,
    population: Vec<f64>,
    sum: Vec<Vec<f64>>,
    sumsq: Vec<Vec<f64>>,
    /// Shared border between members, counted once per pair.
    inside: Vec<f64>,
    area: Vec<f64>,
    perimeter: Vec<f64>,
}

impl<'a> Partition<'a> {
    pub fn new(region: &'a Region, plan: &Plan) -> Partition<'a> {
        let k = plan.names.len();
        let vars = region.attrs.first().map(Vec::len).unwrap_or(0);
        let mut p = Partition {
            region,
            assignment: vec![usize::MAX; region.len()],
            count: vec![0; k],
            population: vec![0.0; k],
            sum: vec![vec![0.0; vars]; k],
            sumsq: vec![vec![0.0; vars]; k],
            inside: vec![0.0; k],
            area: vec![0.0; k],
            perimeter: vec![0.0; k],
        };
        for (i, &d) in plan.assignment.iter().enumerate() {
            p.add(i, d);
        }
        p
    }

    fn add(&mut self, i: usize, d: usize) {
        let r = self.region;
        self.assignment[i] = d;
        self.count[d] += 1;
        self.population[d] += r.population[i];
        self.area[d] += r.area_m2[i];
        self.perimeter[d] += r.perimeter_m[i];
        for (v, x) in r.attrs[i].iter().enumerate() {
            self.sum[d][v] += x;
            self.sumsq[d][v] += x * x;
        }
        for &(j, b) in r.graph.neighbours(i) {
            if j != i && self.assignment[j] == d {
                self.inside[d] += b;
            }
        }
    }

    fn remove(&mut self, i: usize) {
        let r = self.region;
        let d = self.assignment[i];
        for &(j, b) in r.graph.neighbours(i) {
            if j != i && self.assignment[j] == d {
                self.inside[d] -= b;
            }
        }
        self.count[d] -= 1;
        self.population[d] -= r.population[i];
        self.area[d] -= r.area_m2[i];
        self.perimeter[d] -= r.perimeter_m[i];
        for (v, x) in r.attrs[i].iter().enumerate() {
            self.sum[d][v] -= x;
            self.sumsq[d][v] -= x * x;
        }
        self.assignment[i] = usize::MAX;
    }

    /// Moves buurt `i` to wijkverband `to`; every metric follows.
    pub fn move_buurt(&mut self, i: usize, to: usize) {
        if self.assignment[i] != to {
            self.remove(i);
            self.add(i, to);
        }
    }

    pub fn assignment(&self) -> &[usize] {
        &self.assignment
    }

    pub fn districts(&self) -> usize {
        self.count.len()
    }

    pub fn count(&self, d: usize) -> usize {
        self.count[d]
    }

    pub fn population(&self, d: usize) -> f64 {
        self.population[d]
    }

    /// Σ over variables of squared deviations from the wijkverband's mean.
    pub fn heterogeneity(&self, d: usize) -> f64 {
        let n = self.count[d] as f64;
        if n == 0.0 {
            return 0.0;
        }
        self.sum[d].iter().zip(&self.sumsq[d]).map(|(s, q)| (q - s * s / n).max(0.0)).sum()
    }

    /// 4πA/P² of the wijkverband's outline (its buurten's perimeters less the border inside).
    pub fn polsby_popper(&self, d: usize) -> f64 {
        let outline = (self.perimeter[d] - 2.0 * self.inside[d]).max(1e-9);
        4.0 * std::f64::consts::PI * self.area[d] / (outline * outline)
    }

    /// Share of the border its buurten share with neighbours that lies inside the wijkverband.
    pub fn border_inside(&self, d: usize) -> f64 {
        let r = self.region;
        let incident: f64 =
            (0..r.len()).filter(|&i| self.assignment[i] == d).flat_map(|i| r.graph.neighbours(i)).map(|e| e.1).sum();
        if incident > 0.0 { 2.0 * self.inside[d] / incident } else { 0.0 }
    }

    pub fn is_contiguous(&self, d: usize) -> bool {
        let members: Vec<usize> = (0..self.assignment.len()).filter(|&i| self.assignment[i] == d).collect();
        !members.is_empty() && self.region.graph.is_connected(&members)
    }
}
