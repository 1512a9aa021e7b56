//! The adjacency graph of a region's buurten.

use std::collections::VecDeque;

use serde::Serialize;

/// An undirected graph over buurten (by index), each edge with the length of
/// the border the two share (metres; 0 for a corner or an allowed extra link).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Graph {
    adj: Vec<Vec<(usize, f64)>>,
}

impl Graph {
    pub fn new(n: usize) -> Graph {
        Graph { adj: vec![Vec::new(); n] }
    }

    pub fn len(&self) -> usize {
        self.adj.len()
    }

    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }

    /// Adds (or lengthens) the edge a–b.
    pub fn connect(&mut self, a: usize, b: usize, border: f64) {
        if a == b {
            return;
        }
        for (x, y) in [(a, b), (b, a)] {
            match self.adj[x].iter_mut().find(|(n, _)| *n == y) {
                Some(e) => e.1 += border,
                None => self.adj[x].push((y, border)),
            }
        }
    }

    pub fn neighbours(&self, a: usize) -> &[(usize, f64)] {
        &self.adj[a]
    }

    pub fn has_edge(&self, a: usize, b: usize) -> bool {
        self.adj[a].iter().any(|(n, _)| *n == b)
    }

    pub fn border(&self, a: usize, b: usize) -> Option<f64> {
        self.adj[a].iter().find(|(n, _)| *n == b).map(|e| e.1)
    }

    /// Every edge once, as (a, b, border) with a < b, sorted.
    pub fn edges(&self) -> Vec<(usize, usize, f64)> {
        let mut out: Vec<_> = (0..self.len())
            .flat_map(|a| self.adj[a].iter().filter(move |(b, _)| a < *b).map(move |(b, w)| (a, *b, *w)))
            .collect();
        out.sort_by_key(|e| (e.0, e.1));
        out
    }

    /// The graph without the edges `keep` rejects (e.g. across gemeente borders).
    pub fn filtered(&self, keep: impl Fn(usize, usize) -> bool) -> Graph {
        Graph {
            adj: self
                .adj
                .iter()
                .enumerate()
                .map(|(a, ns)| ns.iter().copied().filter(|(b, _)| keep(a, *b)).collect())
                .collect(),
        }
    }

    /// The connected components of the nodes for which `member` holds.
    pub fn components(&self, member: impl Fn(usize) -> bool) -> Vec<Vec<usize>> {
        let mut seen = vec![false; self.len()];
        let mut out = Vec::new();
        for s in 0..self.len() {
            if seen[s] || !member(s) {
                continue;
            }
            let mut comp = vec![s];
            seen[s] = true;
            let mut queue = VecDeque::from([s]);
            while let Some(a) = queue.pop_front() {
                for &(b, _) in &self.adj[a] {
                    if !seen[b] && member(b) {
                        seen[b] = true;
                        comp.push(b);
                        queue.push_back(b);
                    }
                }
            }
            comp.sort_unstable();
            out.push(comp);
        }
        out
    }

    /// Whether `nodes` (non-empty) form one connected piece.
    pub fn is_connected(&self, nodes: &[usize]) -> bool {
        if nodes.len() <= 1 {
            return true;
        }
        let mut member = vec![false; self.len()];
        nodes.iter().for_each(|&n| member[n] = true);
        let mut seen = vec![false; self.len()];
        let mut queue = VecDeque::from([nodes[0]]);
        seen[nodes[0]] = true;
        let mut count = 1;
        while let Some(a) = queue.pop_front() {
            for &(b, _) in &self.adj[a] {
                if member[b] && !seen[b] {
                    seen[b] = true;
                    count += 1;
                    queue.push_back(b);
                }
            }
        }
        count == nodes.len()
    }
}
