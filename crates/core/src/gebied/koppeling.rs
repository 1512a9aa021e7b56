//! Areas followed across divisions: figures published for the areas of one division (the
//! source: health figures in the buurten of 2020, key figures of 2024) carried over to the
//! buurten of another (the target: the buurten a region works with).
//!
//! Each target buurt is linked, in this order, by its **code** (the same code in the source,
//! and — where both outlines are known — the same area), by **geometry** (the source areas it
//! overlaps, with the shares of overlap), or by the published figure of its **wijk** or
//! **gemeente**. A count is carried over by areal share (a source's count divided over the
//! targets by the share of its area in each); a percentage or average is the mean of the
//! overlapping sources, weighted by their estimated inhabitants in the overlap where the
//! source's population is known and by area otherwise. A count has no enclosing figure: a
//! wijk's number of inhabitants is not a buurt's.

use geo::{Area, BooleanOps, BoundingRect};
use geo_types::{Coord, MultiPolygon};
use rayon::prelude::*;
use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};
use serde::Serialize;

/// How a target buurt got its figures from a source of another division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Methode {
    /// The same code, and the same area where both outlines are known.
    Code,
    /// The source areas it overlaps, by share of overlap.
    Geometrie,
    /// The published figure of its wijk.
    Wijk,
    /// The published figure of its gemeente.
    Gemeente,
}

impl Methode {
    pub const ALL: [Methode; 4] = [Methode::Code, Methode::Geometrie, Methode::Wijk, Methode::Gemeente];

    /// In words, after "gekoppeld": "op buurtcode", ...
    pub fn uitleg(self) -> &'static str {
        match self {
            Methode::Code => "op buurtcode",
            Methode::Geometrie => "op ligging (overlap met de buurten van die indeling)",
            Methode::Wijk => "met het wijkcijfer",
            Methode::Gemeente => "met het gemeentecijfer",
        }
    }

    /// Whether the figure is the buurt's own (not its wijk's or gemeente's).
    pub fn op_buurtniveau(self) -> bool {
        matches!(self, Methode::Code | Methode::Geometrie)
    }
}

/// One source area a target overlaps.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Deel {
    /// Index of the source area.
    pub bron: usize,
    /// The overlap's share of the source's area.
    pub van_bron: f64,
    /// The overlap's share of the target's area.
    pub van_doel: f64,
}

/// Overlaps below this share of both areas are slivers of two simplifications of one border,
/// not a part of the area.
const SPLINTER: f64 = 0.02;

/// A code match is the same area when the overlap covers at least this share of both outlines.
const ZELFDE_GEBIED: f64 = 0.8;

/// A buurt is linked by geometry when the source's outlines cover at least this share of it.
const GEDEKT: f64 = 0.5;

/// A source whose area lies at least this much within the targets gives all of a count to them:
/// the rest is the difference between two simplifications of the outline.
const BINNEN: f64 = 0.9;

/// Per target polygon, the source polygons it overlaps (slivers left out), largest first.
/// Longitude is scaled by the cosine of the mean latitude, so shares are shares of true area.
pub fn overlap(doel: &[MultiPolygon<f64>], bron: &[MultiPolygon<f64>]) -> Vec<Vec<Deel>> {
    let lat0 = mean_latitude(doel.iter().chain(bron));
    let scale = lat0.to_radians().cos();
    let project = |mp: &MultiPolygon<f64>| {
        let mut mp = mp.clone();
        mp.0.iter_mut().for_each(|p| {
            let f = |r: &mut geo_types::LineString<f64>| r.0.iter_mut().for_each(|c| c.x *= scale);
            p.exterior_mut(f);
            p.interiors_mut(|rs| rs.iter_mut().for_each(f));
        });
        mp
    };
    let bron: Vec<MultiPolygon<f64>> = bron.par_iter().map(project).collect();
    let bron_area: Vec<f64> = bron.iter().map(|p| p.unsigned_area()).collect();
    let tree = RTree::bulk_load(
        bron.iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let r = p.bounding_rect()?;
                Some(GeomWithData::new(Rectangle::from_corners(corner(r.min()), corner(r.max())), i))
            })
            .collect(),
    );
    doel.par_iter()
        .map(|d| {
            let d = project(d);
            let area = d.unsigned_area();
            let Some(r) = d.bounding_rect() else { return Vec::new() };
            let mut delen: Vec<Deel> = tree
                .locate_in_envelope_intersecting(&AABB::from_corners(corner(r.min()), corner(r.max())))
                .filter_map(|c| {
                    let i = c.data;
                    let a = d.intersection(&bron[i]).unsigned_area();
                    let deel = Deel { bron: i, van_bron: a / bron_area[i], van_doel: a / area };
                    (a > 0.0 && (deel.van_bron >= SPLINTER || deel.van_doel >= SPLINTER)).then_some(deel)
                })
                .collect();
            delen.sort_by(|a, b| b.van_doel.total_cmp(&a.van_doel).then(a.bron.cmp(&b.bron)));
            delen
        })
        .collect()
}

fn corner(c: Coord<f64>) -> [f64; 2] {
    [c.x, c.y]
}

fn mean_latitude<'a>(polys: impl Iterator<Item = &'a MultiPolygon<f64>>) -> f64 {
    let (sum, n) = polys
        .filter_map(|p| p.bounding_rect())
        .fold((0.0, 0usize), |(s, n), r| (s + (r.min().y + r.max().y) / 2.0, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// How one target buurt is linked to the source's areas (indices into the source's list).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Link {
    Code(usize),
    Geometrie(Vec<Deel>),
    /// The enclosing wijk or gemeente's figure.
    Omvattend(Methode, usize),
    /// Nothing in the source covers this buurt.
    Geen,
}

impl Link {
    pub fn methode(&self) -> Option<Methode> {
        match self {
            Link::Code(_) => Some(Methode::Code),
            Link::Geometrie(_) => Some(Methode::Geometrie),
            Link::Omvattend(m, _) => Some(*m),
            Link::Geen => None,
        }
    }
}

/// A target buurt as linking needs it: its code, its wijk's and its gemeente's.
pub struct Doel<'a> {
    pub code: &'a str,
    pub wijk: &'a str,
    pub gemeente: &'a str,
}

/// Links every target buurt to the source (see the module's order). `codes` are the areas the
/// source has figures for; `omtrek` the source buurten whose outlines are known, and `delen`
/// per target the parts of them it overlaps (from [`overlap`], indices into `omtrek`; empty
/// when the source's outlines are not imported).
pub fn koppel(doelen: &[Doel], codes: &[String], omtrek: &[String], delen: Vec<Vec<Deel>>) -> Koppeling {
    let mut bron: Vec<String> = codes.to_vec();
    let mut index: std::collections::HashMap<String, usize> =
        bron.iter().enumerate().map(|(i, c)| (c.clone(), i)).collect();
    let omtrek: Vec<usize> = omtrek
        .iter()
        .map(|c| {
            *index.entry(c.clone()).or_insert_with(|| {
                bron.push(c.clone());
                bron.len() - 1
            })
        })
        .collect();
    let has_outline: std::collections::HashSet<usize> = omtrek.iter().copied().collect();
    let mut delen = delen;
    delen.resize(doelen.len(), Vec::new());
    let links: Vec<Link> = doelen
        .iter()
        .zip(delen)
        .map(|(d, delen)| {
            let delen: Vec<Deel> = delen.into_iter().map(|p| Deel { bron: omtrek[p.bron], ..p }).collect();
            if let Some(&i) = index.get(d.code) {
                let same = !has_outline.contains(&i)
                    || delen.iter().any(|p| p.bron == i && p.van_bron >= ZELFDE_GEBIED && p.van_doel >= ZELFDE_GEBIED);
                if same {
                    return Link::Code(i);
                }
            }
            // Only where the source's outlines cover most of the buurt: a buurt beyond them
            // (outlines imported for a few gemeenten) touches them in slivers at most.
            if delen.iter().map(|p| p.van_doel).sum::<f64>() >= GEDEKT {
                return Link::Geometrie(delen);
            }
            if let Some(&i) = index.get(d.wijk) {
                return Link::Omvattend(Methode::Wijk, i);
            }
            if let Some(&i) = index.get(d.gemeente) {
                return Link::Omvattend(Methode::Gemeente, i);
            }
            Link::Geen
        })
        .collect();
    let mut dekking = vec![0.0; bron.len()];
    for l in &links {
        if let Link::Geometrie(delen) = l {
            for p in delen {
                dekking[p.bron] += p.van_bron;
            }
        }
    }
    Koppeling { bron, links, dekking }
}

/// The links of every target buurt, and per source area the share of it the targets cover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Koppeling {
    /// The source's areas the links point into: the codes with figures, then outlines without.
    pub bron: Vec<String>,
    pub links: Vec<Link>,
    pub dekking: Vec<f64>,
}

/// How a variable is carried over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aard {
    /// A number of people, households, ...: divided by areal share.
    Telling,
    /// A percentage, average or rate: a weighted mean.
    Gemiddelde,
}

impl Koppeling {
    /// Target `t`'s value of a variable whose source values are `waarden` (by source index).
    /// `inwoners` are the source areas' inhabitants, when the source has them: a mean is then
    /// weighted by the estimated inhabitants of each overlap, otherwise by its area.
    pub fn waarde(
        &self,
        t: usize,
        aard: Aard,
        waarden: &[Option<f64>],
        inwoners: Option<&[Option<f64>]>,
    ) -> Option<f64> {
        match (&self.links[t], aard) {
            (Link::Code(i), _) => waarden[*i],
            (Link::Omvattend(_, i), Aard::Gemiddelde) => waarden[*i],
            (Link::Omvattend(..), Aard::Telling) | (Link::Geen, _) => None,
            (Link::Geometrie(delen), Aard::Telling) => delen.iter().try_fold(0.0, |sum, p| {
                let v = waarden[p.bron]?;
                let share = if self.dekking[p.bron] >= BINNEN { p.van_bron / self.dekking[p.bron] } else { p.van_bron };
                Some(sum + v * share)
            }),
            (Link::Geometrie(delen), Aard::Gemiddelde) => {
                let weight = |p: &Deel| match inwoners.and_then(|w| w[p.bron]) {
                    Some(n) => n * p.van_bron,
                    None => p.van_doel,
                };
                let total: f64 = delen.iter().map(weight).sum();
                let (sum, known) = delen
                    .iter()
                    .filter_map(|p| waarden[p.bron].map(|v| (v * weight(p), weight(p))))
                    .fold((0.0, 0.0), |(s, k), (vw, w)| (s + vw, k + w));
                // Most of the buurt must be known; an unknown part never counts as zero.
                (total > 0.0 && known >= total / 2.0).then(|| sum / known)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    fn square(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + w, y: y), (x: x + w, y: y + h), (x: x, y: y + h), (x: x, y: y)],
        ])
    }

    fn codes(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| s.to_string()).collect()
    }

    fn doel<'a>(code: &'a str) -> Doel<'a> {
        Doel { code, wijk: "WK000100", gemeente: "GM0001" }
    }

    #[test]
    fn a_split_divides_a_count_and_shares_a_mean() {
        // Source: one buurt of 0.02 × 0.01 degrees; target: its west and east halves.
        let bron = [square(5.0, 52.0, 0.02, 0.01)];
        let halves = [square(5.0, 52.0, 0.01, 0.01), square(5.01, 52.0, 0.01, 0.01)];
        let src = codes(&["BU00010101"]);
        let k = koppel(&[doel("BU00010201"), doel("BU00010202")], &src, &src, overlap(&halves, &bron));
        assert!(matches!(&k.links[0], Link::Geometrie(d) if d.len() == 1 && (d[0].van_bron - 0.5).abs() < 1e-9));
        let count = [Some(1000.0)];
        let (a, b) = (k.waarde(0, Aard::Telling, &count, None), k.waarde(1, Aard::Telling, &count, None));
        assert!((a.unwrap() + b.unwrap() - 1000.0).abs() < 1e-6);
        assert_eq!(k.waarde(0, Aard::Gemiddelde, &[Some(12.5)], None), Some(12.5));
        assert_eq!(k.waarde(0, Aard::Gemiddelde, &[None], None), None, "unknown is never zero");
    }

    #[test]
    fn a_code_naming_another_area_is_not_a_match() {
        let bron = [square(5.0, 52.0, 0.01, 0.01), square(5.01, 52.0, 0.01, 0.01)];
        let src = codes(&["BU00010001", "BU00010002"]);
        // The target's BU00010001 lies where the source's BU00010002 is.
        let g = [square(5.01, 52.0, 0.01, 0.01)];
        let k = koppel(&[doel("BU00010001")], &src, &src, overlap(&g, &bron));
        assert!(matches!(&k.links[0], Link::Geometrie(d) if d[0].bron == 1), "{:?}", k.links[0]);
        // Without outlines the code is all there is.
        let k = koppel(&[doel("BU00010001")], &src, &[], Vec::new());
        assert_eq!(k.links[0], Link::Code(0));
    }

    #[test]
    fn a_buurt_beyond_the_sources_outlines_is_not_linked_by_a_sliver() {
        let bron = [square(5.0, 52.0, 0.01, 0.01)];
        let src = codes(&["BU00010001", "WK000100"]);
        // The target overlaps the source by a tenth of its own area.
        let g = [square(5.009, 52.0, 0.01, 0.01)];
        let k = koppel(&[doel("BU00020001")], &src, &src[..1], overlap(&g, &bron));
        assert_eq!(k.links[0], Link::Omvattend(Methode::Wijk, 1));
    }

    #[test]
    fn the_enclosing_figure_is_used_for_means_only() {
        let k = koppel(&[doel("BU00010001")], &codes(&["GM0001"]), &[], Vec::new());
        assert_eq!(k.links[0], Link::Omvattend(Methode::Gemeente, 0));
        assert_eq!(k.waarde(0, Aard::Gemiddelde, &[Some(7.0)], None), Some(7.0));
        assert_eq!(k.waarde(0, Aard::Telling, &[Some(7000.0)], None), None);
    }

    #[test]
    fn a_merge_weighs_by_inhabitants_where_known() {
        // Two source buurten of equal area, 100 and 300 inhabitants, merged into one target.
        let bron = [square(5.0, 52.0, 0.01, 0.01), square(5.01, 52.0, 0.01, 0.01)];
        let src = codes(&["BU00010001", "BU00010002"]);
        let k = koppel(&[doel("BU00010100")], &src, &src, overlap(&[square(5.0, 52.0, 0.02, 0.01)], &bron));
        let pct = [Some(10.0), Some(30.0)];
        let by_area = k.waarde(0, Aard::Gemiddelde, &pct, None).unwrap();
        let by_people = k.waarde(0, Aard::Gemiddelde, &pct, Some(&[Some(100.0), Some(300.0)])).unwrap();
        assert!((by_area - 20.0).abs() < 1e-6 && (by_people - 25.0).abs() < 1e-6, "{by_area} {by_people}");
        assert_eq!(k.waarde(0, Aard::Telling, &[Some(100.0), Some(300.0)], None).map(f64::round), Some(400.0));
    }
}
