//! Contiguity from polygons: which buurten touch (queen: a shared point) or
//! share a border of positive length (rook), robust to the small gaps and
//! overlaps of simplified geometry through a snapping tolerance in metres.
//!
//! Coordinates are WGS84; distances use a local equirectangular projection
//! around the region's mean latitude (error well under 1 % within a province).

use geo_types::{Coord, LineString, MultiPolygon};
use hashbrown::HashTable;
use rayon::prelude::*;
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

/// A segment of an outline as stored: its owner and its ends in degrees. A tuple, so that a
/// vector of them starts as zeroed memory (no writes) that the parallel fill writes into.
type Stored = (u32, [f64; 2], [f64; 2]);

/// A segment in metres, for the comparison within the tolerance.
struct Segment {
    owner: usize,
    a: [f64; 2],
    b: [f64; 2],
}

/// A point snapped to the tolerance grid.
type Cell = (i64, i64);

/// Metres per degree of latitude on the WGS84 mean sphere.
const M_PER_DEG: f64 = 111_195.0;

/// Builds the contiguity of `polygons` (WGS84 longitude/latitude).
pub fn contiguity(polygons: &[MultiPolygon<f64>], opts: Options) -> Contiguity {
    let n = polygons.len();
    // Each polygon's segments go into their own stretch of one vector, in parallel, in one
    // pass over the coordinates (which also sums the outer rings' latitudes, for the projection).
    let sizes: Vec<usize> = polygons.iter().map(|mp| rings(mp).map(|r| r.0.len().saturating_sub(1)).sum()).collect();
    let mut stored: Vec<Stored> = vec![(0, [0.0; 2], [0.0; 2]); sizes.iter().sum()];
    let mut stretches = Vec::with_capacity(n);
    let mut rest = &mut stored[..];
    for &size in &sizes {
        let (stretch, next) = std::mem::take(&mut rest).split_at_mut(size);
        stretches.push(stretch);
        rest = next;
    }
    let lats: Vec<(f64, usize)> = stretches
        .into_par_iter()
        .zip(polygons)
        .enumerate()
        .map(|(owner, (stretch, mp))| {
            for (seg, w) in stretch.iter_mut().zip(rings(mp).flat_map(|r| r.0.windows(2))) {
                *seg = (owner as u32, [w[0].x, w[0].y], [w[1].x, w[1].y]);
            }
            let lats = mp.0.iter().flat_map(|p| p.exterior().0.iter()).map(|c| c.y);
            (lats.clone().sum(), lats.count())
        })
        .collect();
    let (sum, points) = lats.iter().fold((0.0, 0), |(s, c), &(ls, lc)| (s + ls, c + lc));
    let lat0 = if points == 0 { 0.0 } else { sum / points as f64 };
    let tol = opts.tolerance_m.max(0.0);
    // Fast path: segments whose snapped endpoints coincide are shared border, found
    // by hashing. Only the others are compared with the tolerance.
    let frame = Frame { kx: M_PER_DEG * lat0.to_radians().cos(), inv_q: 1.0 / tol.max(1e-4) };
    // Shared segments and shared vertices are two independent hash maps of the snapped
    // coordinates, built side by side (each core keeps its own table in its cache).
    let queen = opts.kind == Kind::Queen;
    let ((mut shared_len, matched), mut touches) = rayon::join(
        || equal_segments(n, &stored, frame),
        || if queen { shared_vertices(&stored, frame) } else { Vec::new() },
    );
    // The few unmatched segments against each other within the tolerance: sorted by their
    // left ends, each is compared with those that start before it ends (sweep and prune).
    let mut rest: Vec<Segment> =
        stored.iter().zip(&matched).filter(|(s, m)| !**m && !degenerate(s)).map(|(s, _)| frame.segment(s)).collect();
    let left = |s: &Segment| s.a[0].min(s.b[0]);
    rest.sort_unstable_by(|s, t| left(s).total_cmp(&left(t)));
    let rest = &rest;
    // In parallel; the findings are merged in the sorted order, so the sums do not depend on
    // the threads.
    let found: Vec<Vec<(usize, usize, f64)>> = (0..rest.len())
        .into_par_iter()
        .map(|i| {
            let s = &rest[i];
            let (right, low, high) = (s.a[0].max(s.b[0]) + tol, s.a[1].min(s.b[1]) - tol, s.a[1].max(s.b[1]) + tol);
            rest[i + 1..]
                .iter()
                .take_while(|t| left(t) <= right)
                .filter(|t| t.owner != s.owner && t.a[1].max(t.b[1]) >= low && t.a[1].min(t.b[1]) <= high)
                .filter_map(|t| {
                    // Each pair of buurten is measured from the side of the lower index.
                    let (s, t) = if s.owner < t.owner { (s, t) } else { (t, s) };
                    let shared = overlap(s, t, tol);
                    if shared > 0.0 {
                        Some((s.owner, t.owner, shared))
                    } else {
                        (queen && touch(s, t, tol)).then_some((s.owner, t.owner, 0.0))
                    }
                })
                .collect()
        })
        .collect();
    for (a, b, shared) in found.into_iter().flatten() {
        if shared > 0.0 {
            shared_len.connect(a, b, shared);
        } else {
            touches.push((a as u32, b as u32));
        }
    }
    // A border of (almost) no length is a corner: kept as one for queen, dropped for rook.
    let mut graph =
        if queen { shared_len } else { shared_len.filtered(|a, b| shared_len.border(a, b).is_some_and(|l| l > 1e-9)) };
    for (a, b) in touches {
        let (a, b) = (a as usize, b as usize);
        if !graph.has_edge(a, b) {
            graph.connect(a, b, 0.0);
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

/// A polygon's rings: outer and inner.
fn rings(mp: &MultiPolygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    mp.0.iter().flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
}

/// A zero-length segment (a repeated point): no border, and its point is its neighbours'.
fn degenerate(s: &Stored) -> bool {
    s.1 == s.2
}

/// The local equirectangular projection around the region's mean latitude, and the grid of
/// the tolerance (cells of at least 0.1 mm) that points in metres are snapped to. Truncation,
/// not rounding, is enough (the same point always lands in the same cell) and much cheaper.
#[derive(Clone, Copy)]
struct Frame {
    kx: f64,
    inv_q: f64,
}

impl Frame {
    fn metres(self, p: [f64; 2]) -> [f64; 2] {
        [p[0] * self.kx, p[1] * M_PER_DEG]
    }

    fn cell(self, p: [f64; 2]) -> Cell {
        let m = self.metres(p);
        ((m[0] * self.inv_q) as i64, (m[1] * self.inv_q) as i64)
    }

    /// A segment's snapped ends in order, so that both directions give one key.
    fn key(self, s: &Stored) -> (Cell, Cell) {
        let (a, b) = (self.cell(s.1), self.cell(s.2));
        if a <= b { (a, b) } else { (b, a) }
    }

    fn segment(self, s: &Stored) -> Segment {
        Segment { owner: s.0 as usize, a: self.metres(s.1), b: self.metres(s.2) }
    }

    fn length(self, s: &Stored) -> f64 {
        let Segment { a, b, .. } = self.segment(s);
        ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt()
    }
}

/// The hash of a key (FxHash: fast on small integer keys).
fn fx(key: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// The border two buurten share where their segments have the same snapped ends (the length
/// of the later segment), and which segments are so matched. The table holds only segment
/// numbers (a few bytes each, so it stays in the cache); their keys are computed on a match.
fn equal_segments(n: usize, segments: &[Stored], frame: Frame) -> (Graph, Vec<bool>) {
    // Most segments of a partition are one of two equal ones: half as many keys (it grows if not).
    let mut first: HashTable<u32> = HashTable::with_capacity(segments.len() / 2);
    let mut shared_len = Graph::new(n);
    let mut matched = vec![false; segments.len()];
    // Segment after segment along a border is matched with the same buurt: their lengths are
    // summed first and added to the graph at the border's end.
    let mut run = (0, 0, 0.0);
    for (id, t) in segments.iter().enumerate().filter(|(_, t)| !degenerate(t)) {
        let key = frame.key(t);
        let found = first.entry(
            fx(&key),
            |&f| frame.key(&segments[f as usize]) == key,
            |&f| fx(&frame.key(&segments[f as usize])),
        );
        match found {
            hashbrown::hash_table::Entry::Occupied(e) => {
                let f = *e.get() as usize;
                let owners = (segments[f].0 as usize, t.0 as usize);
                if owners.0 != owners.1 {
                    let len = frame.length(t);
                    if (run.0, run.1) == owners {
                        run.2 += len;
                    } else {
                        shared_len.connect(run.0, run.1, run.2);
                        run = (owners.0, owners.1, len);
                    }
                    matched[f] = true;
                    matched[id] = true;
                }
            }
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(id as u32);
            }
        }
    }
    shared_len.connect(run.0, run.1, run.2);
    (shared_len, matched)
}

/// Pairs of buurten (lower index first) that share a snapped vertex, repeats possible. Up to
/// six buurten meet at a vertex; more is impossible for a plane partition without overlaps,
/// and further ones are found by the tolerance comparison if their segments are unmatched.
/// The table holds a vertex's place in `meeting`.
fn shared_vertices(segments: &[Stored], frame: Frame) -> Vec<(u32, u32)> {
    // Most vertices of a partition are shared: half as many as segments (more grow the table).
    let mut by_vertex: HashTable<u32> = HashTable::with_capacity(segments.len() / 2);
    // Per vertex: its cell, and the buurten meeting there.
    let mut meeting: Vec<(Cell, [u32; 6], u8)> = Vec::with_capacity(segments.len() / 2);
    let mut touches = Vec::new();
    for s in segments.iter().filter(|s| !degenerate(s)) {
        let at = frame.cell(s.1);
        let v = match by_vertex.entry(fx(&at), |&v| meeting[v as usize].0 == at, |&v| fx(&meeting[v as usize].0)) {
            hashbrown::hash_table::Entry::Occupied(e) => *e.get() as usize,
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(meeting.len() as u32);
                meeting.push((at, [0; 6], 0));
                meeting.len() - 1
            }
        };
        let (_, owners, count) = &mut meeting[v];
        let o = s.0;
        if !owners[..*count as usize].contains(&o) && (*count as usize) < owners.len() {
            for &x in &owners[..*count as usize] {
                let pair = (x.min(o), x.max(o));
                // Along a border the same pair meets at vertex after vertex.
                if touches.last() != Some(&pair) {
                    touches.push(pair);
                }
            }
            owners[*count as usize] = o;
            *count += 1;
        }
    }
    touches
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

/// The closest pair of a buurt in `part` and a buurt outside it, by the distance between their
/// centroids (in the local equirectangular projection): where a link (a bridge, a ferry) would
/// join a part that borders nothing to the rest.
pub fn nearest_outside(polygons: &[MultiPolygon<f64>], part: &[usize]) -> Option<(usize, usize)> {
    use geo::Centroid;
    let centre: Vec<Option<Coord>> = polygons.iter().map(|p| p.centroid().map(|c| c.0)).collect();
    let kx = centre.iter().flatten().next().map_or(1.0, |c| c.y.to_radians().cos());
    let dist = |a: Coord, b: Coord| ((a.x - b.x) * kx).hypot(a.y - b.y);
    let inside: Vec<bool> = (0..polygons.len()).map(|i| part.contains(&i)).collect();
    let (centre, inside, dist) = (&centre, &inside, &dist);
    part.iter()
        .filter_map(|&a| centre[a].map(|ca| (a, ca)))
        .flat_map(|(a, ca)| {
            (0..polygons.len())
                .filter(move |&b| !inside[b])
                .filter_map(move |b| centre[b].map(|cb| (a, b, dist(ca, cb))))
        })
        .min_by(|x, y| x.2.total_cmp(&y.2))
        .map(|(a, b, _)| (a, b))
}
