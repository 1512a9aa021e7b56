//! Geometry helpers: the storage encoding (GeoJSON geometry text, WGS84) and areas.

use geo::GeodesicArea;
use geo_types::{Geometry, MultiPolygon};

#[derive(Debug, thiserror::Error)]
pub enum GeometryError {
    #[error("geometry is not valid GeoJSON: {0}")]
    Json(String),
    #[error("expected a Polygon or MultiPolygon, found {0}")]
    NotAreal(&'static str),
}

/// Turns any geometry into a MultiPolygon, or says which type it was.
pub fn to_multi_polygon(g: Geometry<f64>) -> Result<MultiPolygon<f64>, GeometryError> {
    match g {
        Geometry::Polygon(p) => Ok(MultiPolygon(vec![p])),
        Geometry::MultiPolygon(mp) => Ok(mp),
        Geometry::GeometryCollection(gc) => {
            // Keep the areal parts; drop point and line fragments.
            let polys: Vec<_> = gc.0.into_iter().filter_map(|g| to_multi_polygon(g).ok()).flat_map(|mp| mp.0).collect();
            if polys.is_empty() { Err(GeometryError::NotAreal("GeometryCollection")) } else { Ok(MultiPolygon(polys)) }
        }
        other => Err(GeometryError::NotAreal(type_name(&other))),
    }
}

fn type_name(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::Line(_) => "Line",
        Geometry::LineString(_) => "LineString",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
        Geometry::Rect(_) => "Rect",
        Geometry::Triangle(_) => "Triangle",
    }
}

/// Encodes a MultiPolygon as GeoJSON geometry text (the storage format).
pub fn to_geojson(mp: &MultiPolygon<f64>) -> String {
    geojson::Geometry::new(geojson::Value::from(mp)).to_string()
}

/// Decodes GeoJSON geometry text written by [`to_geojson`].
pub fn from_geojson(s: &str) -> Result<MultiPolygon<f64>, GeometryError> {
    let g: geojson::Geometry = s.parse::<geojson::Geometry>().map_err(|e| GeometryError::Json(e.to_string()))?;
    let g: Geometry<f64> = g.try_into().map_err(|e: geojson::Error| GeometryError::Json(e.to_string()))?;
    to_multi_polygon(g)
}

/// Geodesic area in square metres of a WGS84 (lon/lat) MultiPolygon.
pub fn area_m2(mp: &MultiPolygon<f64>) -> f64 {
    mp.geodesic_area_unsigned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn geojson_round_trip_is_exact() {
        let mp = MultiPolygon(vec![polygon![
            (x: 4.891081, y: 52.086859), (x: 4.889905, y: 52.087334), (x: 4.889003, y: 52.089614), (x: 4.891081, y: 52.086859)
        ]]);
        assert_eq!(from_geojson(&to_geojson(&mp)).unwrap(), mp);
    }

    #[test]
    fn area_of_a_small_square_is_close_to_planar_estimate() {
        // 0.01 degree square near Woerden: about 686 m east-west by 1113 m north-south.
        let mp = MultiPolygon(vec![
            polygon![(x: 4.88, y: 52.08), (x: 4.89, y: 52.08), (x: 4.89, y: 52.09), (x: 4.88, y: 52.09), (x: 4.88, y: 52.08)],
        ]);
        let a = area_m2(&mp);
        assert!((a - 686.0 * 1113.0).abs() / a < 0.01, "area {a}");
    }

    #[test]
    fn points_are_not_areas() {
        let g = Geometry::Point(geo_types::Point::new(1.0, 2.0));
        assert!(matches!(to_multi_polygon(g), Err(GeometryError::NotAreal("Point"))));
    }
}
