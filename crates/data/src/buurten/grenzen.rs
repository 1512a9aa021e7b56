//! Bounds on geometry input, checked before any geometry crate sees it: every position has at
//! least two finite coordinates, rings are closed with at least four positions, arc indices of a
//! TopoJSON exist, a TopoJSON transform scales, a GeoPackage's binary geometry claims no more
//! rings or points than its bytes hold, and coordinates lie in the Netherlands. A bad file is
//! refused with what is wrong, never a panic or an abort.

use geo_types::MultiPolygon;
use serde_json::Value;

use crate::Crs;

/// The most positions one feature may have (the largest CBS buurt has a few thousand).
const MAX_POSITIONS: usize = 2_000_000;

/// Checks a GeoJSON geometry object's coordinates.
pub(crate) fn geojson(g: &Value) -> Result<(), String> {
    let mut count = 0;
    walk(g, &mut count)
}

fn walk(g: &Value, count: &mut usize) -> Result<(), String> {
    let kind = g.get("type").and_then(Value::as_str).unwrap_or("");
    if kind == "GeometryCollection" {
        let parts = g.get("geometries").and_then(Value::as_array).ok_or("'geometries' is geen lijst")?;
        return parts.iter().try_for_each(|p| walk(p, count));
    }
    let c = g.get("coordinates").ok_or("de geometrie heeft geen 'coordinates'")?;
    let depth = match kind {
        "Point" => 0,
        "LineString" | "MultiPoint" => 1,
        "Polygon" | "MultiLineString" => 2,
        "MultiPolygon" => 3,
        other => return Err(format!("onbekend geometrietype '{other}'")),
    };
    nested(c, depth, kind.ends_with("Polygon"), count)
}

/// `depth` levels of arrays above the positions; `rings`: the innermost lists are rings.
fn nested(v: &Value, depth: usize, rings: bool, count: &mut usize) -> Result<(), String> {
    if depth == 0 {
        *count += 1;
        if *count > MAX_POSITIONS {
            return Err(format!("meer dan {MAX_POSITIONS} punten in één object"));
        }
        return position(v).map(|_| ());
    }
    let list = v.as_array().ok_or("de coördinaten zijn niet genest zoals het geometrietype zegt")?;
    if rings && depth == 1 {
        if list.len() < 4 {
            return Err(format!("een ring heeft {} punten; een gesloten ring heeft er minstens 4", list.len()));
        }
        let (first, last) = (position(&list[0])?, position(&list[list.len() - 1])?);
        if first != last {
            return Err("een ring is niet gesloten (het laatste punt is niet het eerste)".into());
        }
    }
    list.iter().try_for_each(|x| nested(x, depth - 1, rings, count))
}

fn position(v: &Value) -> Result<(f64, f64), String> {
    let p = v.as_array().ok_or("een punt is geen lijst van coördinaten")?;
    let num = |k: usize| p.get(k).and_then(Value::as_f64).filter(|x| x.is_finite());
    match (num(0), num(1)) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(format!("een punt heeft geen twee eindige coördinaten: {v}")),
    }
}

/// Checks a TopoJSON topology: its transform, its arcs, and every arc index of its objects.
pub(crate) fn topojson(t: &Value) -> Result<(), (String, String)> {
    if let Some(tr) = t.get("transform") {
        for k in 0..2 {
            let s = tr.pointer(&format!("/scale/{k}")).and_then(Value::as_f64);
            if !s.is_some_and(|s| s.is_finite() && s != 0.0) {
                return Err((
                    "transform.scale".into(),
                    "de schaal van de transformatie is geen getal ongelijk aan 0".into(),
                ));
            }
        }
    }
    let arcs = t.get("arcs").and_then(Value::as_array).ok_or(("arcs".into(), "'arcs' is geen lijst".to_string()))?;
    let mut count = 0;
    for (i, arc) in arcs.iter().enumerate() {
        let points = arc.as_array().ok_or(("arcs".into(), format!("boog {i} is geen lijst van punten")))?;
        for p in points {
            count += 1;
            if count > 10 * MAX_POSITIONS {
                return Err(("arcs".into(), "te veel punten".into()));
            }
            position(p).map_err(|e| ("arcs".to_string(), format!("boog {i}: {e}")))?;
        }
    }
    let objects = t
        .get("objects")
        .and_then(Value::as_object)
        .ok_or(("objects".into(), "'objects' is geen object".to_string()))?;
    for (name, o) in objects {
        indices(o, arcs.len()).map_err(|e| (format!("objects.{name}"), e))?;
    }
    Ok(())
}

fn indices(v: &Value, n: usize) -> Result<(), String> {
    if let Some(parts) = v.get("geometries").and_then(Value::as_array) {
        return parts.iter().try_for_each(|p| indices(p, n));
    }
    match v.get("arcs") {
        Some(a) => arc_refs(a, n),
        None => Ok(()),
    }
}

fn arc_refs(v: &Value, n: usize) -> Result<(), String> {
    match v {
        Value::Array(xs) => xs.iter().try_for_each(|x| arc_refs(x, n)),
        Value::Number(x) => {
            let i = x.as_i64().ok_or("een boognummer is geen geheel getal")?;
            let k = if i < 0 { !i } else { i };
            if (0..n as i64).contains(&k) { Ok(()) } else { Err(format!("boog {i} bestaat niet (er zijn {n} bogen)")) }
        }
        _ => Err("een boognummer is geen getal".into()),
    }
}

/// Checks that a GeoPackage binary geometry (header and WKB) claims no more parts than its
/// bytes hold.
pub(crate) fn gpkg_wkb(blob: &[u8]) -> Result<(), String> {
    if blob.len() < 8 || &blob[0..2] != b"GP" {
        return Err("geen GeoPackage-geometrie (de kop 'GP' ontbreekt)".into());
    }
    let envelope = match (blob[3] >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return Err("onbekende omhullende in de geometriekop".into()),
    };
    let mut r = Wkb { b: blob.get(8 + envelope..).ok_or("de geometrie is afgebroken")?, at: 0, le: true };
    r.geometry(0)
}

struct Wkb<'a> {
    b: &'a [u8],
    at: usize,
    le: bool,
}

impl Wkb<'_> {
    fn u32(&mut self) -> Result<u32, String> {
        let s: [u8; 4] =
            self.b.get(self.at..self.at + 4).ok_or("de geometrie is afgebroken")?.try_into().unwrap_or([0; 4]);
        self.at += 4;
        Ok(if self.le { u32::from_le_bytes(s) } else { u32::from_be_bytes(s) })
    }

    /// A count of items of at least `size` bytes each that must fit in what is left.
    fn count(&mut self, size: usize) -> Result<usize, String> {
        let n = self.u32()? as usize;
        if n.saturating_mul(size) > self.b.len() - self.at {
            return Err(format!("de geometrie noemt {n} delen, meer dan haar bytes kunnen bevatten"));
        }
        Ok(n)
    }

    fn geometry(&mut self, depth: usize) -> Result<(), String> {
        if depth > 4 {
            return Err("de geometrie is te diep genest".into());
        }
        self.le = *self.b.get(self.at).ok_or("de geometrie is afgebroken")? == 1;
        self.at += 1;
        let raw = self.u32()?;
        // EWKB marks Z and M in the high bits, ISO WKB in the thousands (1000 Z, 2000 M, 3000 ZM).
        let (kind, extra) = if raw & 0xE000_0000 != 0 {
            (raw & 0x0FFF_FFFF, usize::from(raw & 0x8000_0000 != 0) + usize::from(raw & 0x4000_0000 != 0))
        } else {
            (raw % 1000, [0, 1, 1, 2].get((raw / 1000) as usize).copied().unwrap_or(0))
        };
        let point = 8 * (2 + extra);
        match kind {
            1 => self.skip(point),
            2 => {
                let n = self.count(point)?;
                self.skip(n * point)
            }
            3 => {
                for _ in 0..self.count(4)? {
                    let n = self.count(point)?;
                    self.skip(n * point)?;
                }
                Ok(())
            }
            4..=7 => {
                for _ in 0..self.count(5)? {
                    self.geometry(depth + 1)?;
                }
                Ok(())
            }
            other => Err(format!("geometrietype {other} wordt niet gelezen")),
        }
    }

    fn skip(&mut self, n: usize) -> Result<(), String> {
        if n > self.b.len() - self.at {
            return Err("de geometrie is afgebroken".into());
        }
        self.at += n;
        Ok(())
    }
}

/// Why a buurt's polygons are invalid (OGC simple features), in words; `None` when valid.
pub(crate) fn ongeldig(mp: &MultiPolygon<f64>) -> Option<String> {
    use geo::Validation;
    use geo::algorithm::validation::InvalidPolygon as P;
    mp.0.iter().enumerate().find_map(|(k, p)| {
        let why = match p.check_validation().err()? {
            P::TooFewPointsInRing(_) => "een ring heeft minder dan 3 verschillende punten",
            P::SelfIntersection(_) => "een ring snijdt zichzelf (een 'strikje')",
            P::NonFiniteCoord(..) => "een coördinaat is geen eindig getal",
            P::InteriorRingNotContainedInExteriorRing(_) => "een gat ligt (deels) buiten zijn vlak",
            P::IntersectingRingsOnALine(..) | P::IntersectingRingsOnAnArea(..) => {
                "twee ringen van het vlak snijden elkaar"
            }
        };
        Some(format!("vlak {}: {why}", k + 1))
    })
}

/// The polygons repaired: their union with themselves, which resolves self-intersections and
/// misplaced holes; `None` when that is empty or still invalid.
pub(crate) fn herstel(mp: &MultiPolygon<f64>) -> Option<MultiPolygon<f64>> {
    let fixed = geo::unary_union(mp.0.iter());
    (!fixed.0.is_empty() && ongeldig(&fixed).is_none()).then_some(fixed)
}

/// Where the Netherlands lies (WGS84, with a margin for the Wadden and the Zeeland coast).
const LON: std::ops::RangeInclusive<f64> = 3.0..=7.6;
const LAT: std::ops::RangeInclusive<f64> = 50.6..=53.8;

/// The first coordinate outside the Netherlands, if any.
pub(crate) fn buiten_nederland(mp: &MultiPolygon<f64>) -> Option<(f64, f64)> {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| &r.0)
        .find(|c| !LON.contains(&c.x) || !LAT.contains(&c.y))
        .map(|c| (c.x, c.y))
}

/// What to do when coordinates read with `crs` land outside the Netherlands.
pub(crate) fn hint(crs: Crs) -> &'static str {
    match crs {
        Crs::RdNew => "staan de coördinaten in graden (WGS84)? Verwijder dan de crs-vermelding of geef --crs EPSG:4326",
        Crs::Wgs84 => {
            "staan de coördinaten in meters (RD New)? Geef dan --crs EPSG:28992; wijkverband leest alleen gebieden in Nederland"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gp(wkb: &[u8]) -> Vec<u8> {
        let mut b = b"GP\x00\x01\x00\x00\x00\x00".to_vec();
        b.extend_from_slice(wkb);
        b
    }

    #[test]
    fn a_wkb_claiming_more_rings_than_it_holds_is_refused() {
        // Little-endian polygon with 2^31 rings in 13 bytes (it used to abort on allocation).
        let mut wkb = vec![1u8];
        wkb.extend_from_slice(&3u32.to_le_bytes());
        wkb.extend_from_slice(&(1u32 << 31).to_le_bytes());
        let e = gpkg_wkb(&gp(&wkb)).unwrap_err();
        assert!(e.contains("2147483648 delen"), "{e}");
        // A real triangle passes.
        let mut ok = vec![1u8];
        ok.extend_from_slice(&3u32.to_le_bytes());
        ok.extend_from_slice(&1u32.to_le_bytes());
        ok.extend_from_slice(&4u32.to_le_bytes());
        for (x, y) in [(5.0f64, 52.0f64), (5.1, 52.0), (5.0, 52.1), (5.0, 52.0)] {
            ok.extend_from_slice(&x.to_le_bytes());
            ok.extend_from_slice(&y.to_le_bytes());
        }
        assert_eq!(gpkg_wkb(&gp(&ok)), Ok(()));
        assert!(gpkg_wkb(&gp(&ok[..ok.len() - 1])).is_err(), "cut off");
    }

    #[test]
    fn bow_ties_and_holes_outside_are_named_and_repaired() {
        use geo_types::{LineString, Polygon};
        let ring = |pts: &[(f64, f64)]| LineString::from(pts.to_vec());
        let bow = MultiPolygon(vec![Polygon::new(
            ring(&[(5.0, 52.0), (5.1, 52.1), (5.1, 52.0), (5.0, 52.1), (5.0, 52.0)]),
            vec![],
        )]);
        assert!(ongeldig(&bow).unwrap().contains("snijdt zichzelf"));
        let fixed = herstel(&bow).unwrap();
        assert_eq!(ongeldig(&fixed), None);
        let square = ring(&[(5.0, 52.0), (5.1, 52.0), (5.1, 52.1), (5.0, 52.1), (5.0, 52.0)]);
        let outside = ring(&[(5.2, 52.0), (5.3, 52.0), (5.3, 52.1), (5.2, 52.0)]);
        let hole = MultiPolygon(vec![Polygon::new(square.clone(), vec![outside])]);
        assert!(ongeldig(&hole).unwrap().contains("gat ligt"));
        assert_eq!(ongeldig(&MultiPolygon(vec![Polygon::new(square, vec![])])), None);
    }

    #[test]
    fn positions_rings_and_arcs_are_checked() {
        let poly =
            |c: &str| serde_json::from_str::<Value>(&format!(r#"{{"type":"Polygon","coordinates":{c}}}"#)).unwrap();
        assert!(geojson(&poly("[[[5,52],[5.1,52],[5,52.1],[5,52]]]")).is_ok());
        assert!(geojson(&poly("[[[5],[5.1,52],[5,52.1],[5]]]")).unwrap_err().contains("twee eindige"));
        assert!(geojson(&poly("[[[5,52],[5.1,52],[5,52.1],[5.2,52.2]]]")).unwrap_err().contains("niet gesloten"));
        assert!(geojson(&poly("[[[5,52],[5.1,52],[5,52]]]")).unwrap_err().contains("minstens 4"));
        let topo = |arcs: &str, scale: &str| {
            serde_json::from_str::<Value>(&format!(
                r#"{{"type":"Topology","transform":{{"scale":{scale},"translate":[0,0]}},"arcs":{arcs},"objects":{{"b":{{"type":"GeometryCollection","geometries":[{{"type":"Polygon","arcs":[[0,-2]]}}]}}}}}}"#
            ))
            .unwrap()
        };
        assert!(topojson(&topo("[[[0,0],[1,0]],[[1,0],[0,0]]]", "[1,1]")).is_ok());
        assert_eq!(topojson(&topo("[[[0,0],[1,0]]]", "[1,1]")).unwrap_err().0, "objects.b", "~1 = arc 1 is missing");
        assert_eq!(topojson(&topo("[[[0,0],[1,0]],[[1,0],[0,0]]]", "[0,1]")).unwrap_err().0, "transform.scale");
    }
}
