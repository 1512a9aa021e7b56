//! Contiguity from polygons: which buurten touch (queen: a shared point) or
//! share a border of positive length (rook), robust to the small gaps and
//! overlaps of simplified geometry through a snapping tolerance in metres.
//!
//! Coordinates are WGS84; distances use a local equirectangular projection
//! around the region's mean latitude (error well under 1 % within a province).

use geo_types::{Coord, MultiPolygon};
use rstar::{AABB, RTree, RTreeObject};
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::Graph;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// Neighbours share at least a point.
    Queen,
    /// Neighbours share a border of positive length.
    Rook,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub kind: Kind,
    /// Points closer than this (metres) count as shared.
    pub tolerance_m: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { kind: Kind::Queen, tolerance_m: 1.0 }
    }
}

/// The contiguity of a set of polygons.
#[derive(Debug, Clone, Serialize)]
pub struct Contiguity {
    pub graph: Graph,
    /// Buurten without any neighbour (e.g. across water).
    pub islands: Vec<usize>,
    /// Buurten whose only neighbour is one other buurt that surrounds them: (enclave, host).
    pub enclaves: Vec<(usize, usize)>,
}

struct Segment {
    owner: usize,
    a: [f64; 2],
    b: [f64; 2],
}

impl RTreeObject for Segment {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners(self.a, self.b)
    }
}

/// A point snapped to the tolerance grid.
type Cell = (i64, i64);

/// Metres per degree of latitude on the WGS84 mean sphere.
const M_PER_DEG: f64 = 111_195.0;

/// Builds the contiguity of `polygons` (WGS84 longitude/latitude).
pub fn contiguity(polygons: &[MultiPolygon<f64>], opts: Options) -> Contiguity {
    let n = polygons.len();
    let lat0 = {
        let (sum, count) = polygons
            .iter()
            .flat_map(|mp| mp.0.iter())
            .flat_map(|p| p.exterior().0.iter())
            .fold((0.0, 0usize), |(s, c), p| (s + p.y, c + 1));
        if count == 0 { 0.0 } else { sum / count as f64 }
    };
    let kx = M_PER_DEG * lat0.to_radians().cos();
    let project = |c: &Coord<f64>| [c.x * kx, c.y * M_PER_DEG];
    let tol = opts.tolerance_m.max(0.0);
    // Fast path: segments whose snapped endpoints coincide are shared border, found
    // by hashing. Only the others go through the R-tree with the tolerance.
    // Grid cells of the tolerance (at least 0.1 mm); truncation, not rounding, is
    // enough (the same point always lands in the same cell) and much cheaper.
    let inv_q = 1.0 / tol.max(1e-4);
    let snap = |p: [f64; 2]| ((p[0] * inv_q) as i64, (p[1] * inv_q) as i64);
    // Shared segments and vertices by hashing their snapped coordinates.
    let total: usize = polygons
        .iter()
        .flat_map(|mp| mp.0.iter())
        .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum();
    let mut segments: Vec<Segment> = Vec::with_capacity(total);
    let mut matched: Vec<bool> = Vec::with_capacity(total);
    let mut by_segment: FxHashMap<(Cell, Cell), u32> = FxHashMap::with_capacity_and_hasher(total, Default::default());
    // Up to six buurten meet at a vertex; more is impossible for a plane partition
    // without overlaps, and further ones are found by the R-tree if their segments are unmatched.
    let mut by_vertex: FxHashMap<Cell, ([u32; 6], u8)> =
        FxHashMap::with_capacity_and_hasher(if opts.kind == Kind::Queen { total } else { 0 }, Default::default());
    let mut shared_len = Graph::new(n);
    let mut touches: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (owner, mp) in polygons.iter().enumerate() {
        for p in &mp.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                for w in ring.0.windows(2) {
                    let (a, b) = (project(&w[0]), project(&w[1]));
                    if a == b {
                        continue;
                    }
                    let (ka, kb) = (snap(a), snap(b));
                    let key = if ka <= kb { (ka, kb) } else { (kb, ka) };
                    let id = segments.len() as u32;
                    segments.push(Segment { owner, a, b });
                    matched.push(false);
                    match by_segment.entry(key) {
                        std::collections::hash_map::Entry::Occupied(e) => {
                            let other = *e.get() as usize;
                            if segments[other].owner != owner {
                                let len = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
                                shared_len.connect(segments[other].owner, owner, len);
                                matched[other] = true;
                                matched[id as usize] = true;
                            }
                        }
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(id);
                        }
                    }
                    if opts.kind == Kind::Queen {
                        let (owners, count) = by_vertex.entry(ka).or_insert(([0; 6], 0));
                        let o = owner as u32;
                        if !owners[..*count as usize].contains(&o) && (*count as usize) < owners.len() {
                            for &x in &owners[..*count as usize] {
                                let (lo, hi) = (x.min(o) as usize, x.max(o) as usize);
                                if !touches[lo].contains(&hi) {
                                    touches[lo].push(hi);
                                }
                            }
                            owners[*count as usize] = o;
                            *count += 1;
                        }
                    }
                }
            }
        }
    }
    let rest: Vec<Segment> = segments.into_iter().zip(matched).filter(|(_, m)| !m).map(|(s, _)| s).collect();
    let tree = RTree::bulk_load(rest);
    for s in tree.iter() {
        let env = AABB::from_corners(
            [s.a[0].min(s.b[0]) - tol, s.a[1].min(s.b[1]) - tol],
            [s.a[0].max(s.b[0]) + tol, s.a[1].max(s.b[1]) + tol],
        );
        for t in tree.locate_in_envelope_intersecting(&env) {
            // Each pair of buurten is measured from the side of the lower index.
            if t.owner <= s.owner {
                continue;
            }
            let shared = overlap(s, t, tol);
            if shared > 0.0 {
                shared_len.connect(s.owner, t.owner, shared);
            } else if opts.kind == Kind::Queen && touch(s, t, tol) && !touches[s.owner].contains(&t.owner) {
                touches[s.owner].push(t.owner);
            }
        }
    }
    let mut graph = Graph::new(n);
    for (a, b, len) in shared_len.edges() {
        if len > 1e-9 {
            graph.connect(a, b, len);
        } else if !touches[a].contains(&b) {
            touches[a].push(b);
        }
    }
    if opts.kind == Kind::Queen {
        for (a, bs) in touches.iter().enumerate() {
            for &b in bs {
                if !graph.has_edge(a, b) {
                    graph.connect(a, b, 0.0);
                }
            }
        }
    }
    let islands = (0..n).filter(|&a| graph.neighbours(a).is_empty()).collect();
    let enclaves = (0..n)
        .filter_map(|a| match graph.neighbours(a) {
            [(host, _)] if surrounds(&polygons[*host], &polygons[a]) => Some((a, *host)),
            _ => None,
        })
        .collect();
    Contiguity { graph, islands, enclaves }
}

/// The length (metres) over which two nearly collinear segments lie within `tol` of each other.
fn overlap(s: &Segment, t: &Segment, tol: f64) -> f64 {
    let d = [s.b[0] - s.a[0], s.b[1] - s.a[1]];
    let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
    if len == 0.0 {
        return 0.0;
    }
    let u = [d[0] / len, d[1] / len];
    // Perpendicular distance of t's endpoints to s's line.
    let perp = |p: [f64; 2]| ((p[0] - s.a[0]) * u[1] - (p[1] - s.a[1]) * u[0]).abs();
    if perp(t.a) > tol || perp(t.b) > tol {
        return 0.0;
    }
    let along = |p: [f64; 2]| (p[0] - s.a[0]) * u[0] + (p[1] - s.a[1]) * u[1];
    let (t0, t1) = (along(t.a), along(t.b));
    let (lo, hi) = (t0.min(t1).max(0.0), t0.max(t1).min(len));
    (hi - lo).max(0.0)
}

/// Whether two segments come within `tol` of each other anywhere.
fn touch(s: &Segment, t: &Segment, tol: f64) -> bool {
    point_segment(t.a, s) <= tol
        || point_segment(t.b, s) <= tol
        || point_segment(s.a, t) <= tol
        || point_segment(s.b, t) <= tol
        || crosses(s, t)
}

fn point_segment(p: [f64; 2], s: &Segment) -> f64 {
    let d = [s.b[0] - s.a[0], s.b[1] - s.a[1]];
    let l2 = d[0] * d[0] + d[1] * d[1];
    let t = if l2 == 0.0 { 0.0 } else { (((p[0] - s.a[0]) * d[0] + (p[1] - s.a[1]) * d[1]) / l2).clamp(0.0, 1.0) };
    let q = [s.a[0] + t * d[0], s.a[1] + t * d[1]];
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
}

fn crosses(s: &Segment, t: &Segment) -> bool {
    let orient = |a: [f64; 2], b: [f64; 2], c: [f64; 2]| (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    let (d1, d2) = (orient(s.a, s.b, t.a), orient(s.a, s.b, t.b));
    let (d3, d4) = (orient(t.a, t.b, s.a), orient(t.a, t.b, s.b));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

/// Whether `outer`'s outline contains `inner`'s first point (the host encloses the enclave).
fn surrounds(outer: &MultiPolygon<f64>, inner: &MultiPolygon<f64>) -> bool {
    use geo::Contains;
    let Some(p) = inner.0.first().and_then(|p| p.exterior().0.first()) else { return false };
    outer.0.iter().any(|poly| geo_types::Polygon::new(poly.exterior().clone(), vec![]).contains(p))
}
