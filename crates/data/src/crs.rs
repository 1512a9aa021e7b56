//! Coordinate reference systems wijkverband reads: WGS84 and RD New.
//! Everything is stored in WGS84 longitude/latitude (EPSG:4326).

use geo_types::{Geometry, MultiPolygon};
use proj4rs::Proj;

/// The CRS of a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crs {
    /// WGS84 longitude/latitude (EPSG:4326, OGC CRS84).
    Wgs84,
    /// Amersfoort / RD New (EPSG:28992), the CRS CBS publishes in.
    RdNew,
}

const RD_NEW: &str = "+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 \
    +y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs";
const WGS84: &str = "+proj=longlat +datum=WGS84 +no_defs";

impl Crs {
    /// Recognises an EPSG code.
    pub fn from_epsg(code: i64) -> Option<Crs> {
        match code {
            4326 => Some(Crs::Wgs84),
            28992 => Some(Crs::RdNew),
            _ => None,
        }
    }

    /// Recognises a CRS name as GeoJSON files (2008 spec) write it:
    /// `EPSG:28992`, `urn:ogc:def:crs:EPSG::28992`, `urn:ogc:def:crs:OGC:1.3:CRS84`.
    pub fn from_name(name: &str) -> Option<Crs> {
        let n = name.trim().to_ascii_uppercase();
        if n.ends_with("CRS84") {
            return Some(Crs::Wgs84);
        }
        let code = n.rsplit(':').next()?.parse().ok()?;
        if n.contains("EPSG") { Crs::from_epsg(code) } else { None }
    }

    /// Transforms a geometry of this CRS to WGS84 longitude/latitude.
    pub fn to_wgs84(self, mut g: MultiPolygon<f64>) -> Result<MultiPolygon<f64>, String> {
        match self {
            Crs::Wgs84 => Ok(g),
            Crs::RdNew => {
                let (src, dst) = projections()?;
                proj4rs::transform::transform(&src, &dst, &mut g).map_err(|e| e.to_string())?;
                g.0.iter_mut().for_each(|p| {
                    p.exterior_mut(|r| r.0.iter_mut().for_each(to_degrees));
                    p.interiors_mut(|rs| rs.iter_mut().for_each(|r| r.0.iter_mut().for_each(to_degrees)));
                });
                Ok(g)
            }
        }
    }

    /// Transforms WGS84 longitude/latitude to this CRS (used to write test files).
    pub fn from_wgs84(self, g: &Geometry<f64>) -> Result<Geometry<f64>, String> {
        let mut g = g.clone();
        if self == Crs::RdNew {
            let (rd, wgs) = projections()?;
            let Geometry::MultiPolygon(mp) = &mut g else { return Err("only MultiPolygons".into()) };
            mp.0.iter_mut().for_each(|p| {
                p.exterior_mut(|r| r.0.iter_mut().for_each(to_radians));
                p.interiors_mut(|rs| rs.iter_mut().for_each(|r| r.0.iter_mut().for_each(to_radians)));
            });
            proj4rs::transform::transform(&wgs, &rd, mp).map_err(|e| e.to_string())?;
        }
        Ok(g)
    }
}

fn projections() -> Result<(Proj, Proj), String> {
    let rd = Proj::from_proj_string(RD_NEW).map_err(|e| e.to_string())?;
    let wgs = Proj::from_proj_string(WGS84).map_err(|e| e.to_string())?;
    Ok((rd, wgs))
}

fn to_degrees(c: &mut geo_types::Coord<f64>) {
    c.x = c.x.to_degrees();
    c.y = c.y.to_degrees();
}

fn to_radians(c: &mut geo_types::Coord<f64>) {
    c.x = c.x.to_radians();
    c.y = c.y.to_radians();
}

/// Whether every coordinate lies in the longitude/latitude range.
pub(crate) fn looks_like_degrees(mp: &MultiPolygon<f64>) -> bool {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| &r.0)
        .all(|c| (-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn names_and_codes() {
        assert_eq!(Crs::from_name("urn:ogc:def:crs:EPSG::28992"), Some(Crs::RdNew));
        assert_eq!(Crs::from_name("EPSG:4326"), Some(Crs::Wgs84));
        assert_eq!(Crs::from_name("urn:ogc:def:crs:OGC:1.3:CRS84"), Some(Crs::Wgs84));
        assert_eq!(Crs::from_name("EPSG:3857"), None);
        assert_eq!(Crs::from_name("nonsense"), None);
    }

    #[test]
    fn rd_new_round_trips_and_matches_a_known_point() {
        // The Onze Lieve Vrouwetoren in Amersfoort is the origin of RD: (155000, 463000).
        let origin = MultiPolygon(vec![
            polygon![(x: 155000.0, y: 463000.0), (x: 155100.0, y: 463000.0), (x: 155000.0, y: 463100.0), (x: 155000.0, y: 463000.0)],
        ]);
        let wgs = Crs::RdNew.to_wgs84(origin.clone()).unwrap();
        let c = wgs.0[0].exterior().0[0];
        assert!((c.x - 5.387206).abs() < 2e-5 && (c.y - 52.155174).abs() < 2e-5, "{c:?}");
        let back = Crs::RdNew.from_wgs84(&Geometry::MultiPolygon(wgs)).unwrap();
        let Geometry::MultiPolygon(back) = back else { panic!() };
        for (a, b) in back.0[0].exterior().0.iter().zip(origin.0[0].exterior().0.iter()) {
            assert!((a.x - b.x).abs() < 1e-3 && (a.y - b.y).abs() < 1e-3, "{a:?} vs {b:?}");
        }
    }
}
