//! GeoJSON and TopoJSON buurt files.

use std::path::Path;

use geo_types::Geometry;
use serde_json::Value;

use super::{Format, RawFeature};
use crate::figures::Raw;
use crate::{Crs, DataError, Location};

pub(super) fn read(path: &Path, layer: Option<&str>) -> Result<(Format, Option<Crs>, Vec<RawFeature>), DataError> {
    let bytes = std::fs::read(path)
        .map_err(|e| DataError::new(path, format!("kan het bestand niet lezen: {e}")).hint("controleer het pad"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let ok = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = ok.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let column = ok.iter().rev().take_while(|&&b| b != b'\n').count() as u64 + 1;
        DataError::new(path, "is geen geldige UTF-8-tekst")
            .at(Location::LineColumn(line, column))
            .hint("sla het bestand op als UTF-8 (GeoJSON is altijd UTF-8)")
    })?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        DataError::new(path, format!("is geen geldige JSON: {e}"))
            .at(Location::LineColumn(e.line() as u64, e.column() as u64))
            .hint("het bestand is misschien afgebroken; download of exporteer het opnieuw")
    })?;
    match value.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {
            let crs = crs_member(path, &value)?;
            let features = value["features"]
                .as_array()
                .ok_or_else(|| DataError::new(path, "'features' is geen lijst").field("features"))?;
            let features =
                features.iter().enumerate().map(|(i, f)| feature(path, i + 1, f)).collect::<Result<_, _>>()?;
            Ok((Format::GeoJson, crs, features))
        }
        Some("Topology") => topology(path, value, layer),
        other => {
            Err(DataError::new(path, format!("is een GeoJSON-'{}', geen FeatureCollection", other.unwrap_or("?")))
                .field("type")
                .hint("geef een FeatureCollection met buurtvlakken, of een TopoJSON-Topology"))
        }
    }
}

/// The 2008 GeoJSON `crs` member; RFC 7946 files have none and are WGS84.
fn crs_member(path: &Path, v: &Value) -> Result<Option<Crs>, DataError> {
    let Some(crs) = v.get("crs") else { return Ok(Some(Crs::Wgs84)) };
    let name = crs.pointer("/properties/name").and_then(Value::as_str).unwrap_or("");
    Crs::from_name(name).map(Some).ok_or_else(|| {
        DataError::new(path, format!("onbekend coördinatenstelsel '{name}'")).field("crs").hint(
            "wijkverband leest WGS84 (EPSG:4326) en RD New (EPSG:28992); projecteer het bestand naar een van beide",
        )
    })
}

fn feature(path: &Path, number: usize, f: &Value) -> Result<RawFeature, DataError> {
    let props = match f.get("properties") {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), raw(v))).collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(_) => {
            return Err(DataError::new(path, "'properties' is geen object")
                .at(Location::Feature(number, None))
                .field("properties"));
        }
    };
    let geometry = match f.get("geometry") {
        None | Some(Value::Null) => Ok(None),
        Some(g) => super::grenzen::geojson(g)
            .and_then(|()| geojson::Geometry::from_json_value(g.clone()).map_err(|e| e.to_string()))
            .and_then(|g| Geometry::<f64>::try_from(g).map_err(|e| e.to_string()))
            .map(Some),
    };
    Ok(RawFeature { number, props, geometry })
}

fn raw(v: &Value) -> Raw {
    match v {
        Value::Null => Raw::Null,
        Value::Number(n) => n.as_f64().map(Raw::Number).unwrap_or(Raw::Null),
        Value::String(s) => Raw::Label(s.clone()),
        Value::Bool(b) => Raw::Label(b.to_string()),
        other => Raw::Label(other.to_string()),
    }
}

fn topology(
    path: &Path,
    value: Value,
    layer: Option<&str>,
) -> Result<(Format, Option<Crs>, Vec<RawFeature>), DataError> {
    super::grenzen::topojson(&value).map_err(|(field, m)| {
        DataError::new(path, format!("is geen geldige TopoJSON-topologie: {m}"))
            .field(field)
            .hint("het bestand is misschien beschadigd; exporteer het opnieuw")
    })?;
    let Value::Object(object) = value else { unreachable!("a value with a 'type' member is an object") };
    let topo = topojson::Topology::from_json_object(object)
        .map_err(|e| DataError::new(path, format!("is geen geldige TopoJSON-topologie: {e}")))?;
    let names: Vec<String> = topo.list_names();
    let name = choose_layer(path, &names, layer)?;
    let fc = topojson::to_geojson(&topo, &name)
        .map_err(|e| DataError::new(path, format!("kan TopoJSON-object '{name}' niet lezen: {e}")))?;
    let features = fc
        .features
        .into_iter()
        .enumerate()
        .map(|(i, f)| RawFeature {
            number: i + 1,
            props: f.properties.unwrap_or_default().iter().map(|(k, v)| (k.clone(), raw(v))).collect(),
            geometry: f.geometry.map(|g| Geometry::<f64>::try_from(g).map_err(|e| e.to_string())).transpose(),
        })
        .collect();
    // TopoJSON names no CRS: the caller's --crs, or degrees checked later.
    Ok((Format::TopoJson, None, features))
}

/// The layer asked for, else the only one or the one whose name says buurt.
pub(super) fn choose_layer(path: &Path, names: &[String], asked: Option<&str>) -> Result<String, DataError> {
    match asked {
        Some(l) if names.iter().any(|n| n == l) => Ok(l.to_string()),
        Some(l) => Err(DataError::new(path, format!("heeft geen laag '{l}'"))
            .hint(format!("lagen in dit bestand: {}", names.join(", ")))),
        None => pick_layer(names).ok_or_else(|| {
            DataError::new(path, "bevat meerdere lagen en geen daarvan is duidelijk de buurtlaag")
                .hint(format!("kies er een met --layer: {}", names.join(", ")))
        }),
    }
}

/// The only layer, or the one whose name says buurt.
fn pick_layer(names: &[String]) -> Option<String> {
    if names.len() == 1 {
        return Some(names[0].clone());
    }
    let mut buurt = names.iter().filter(|n| n.to_ascii_lowercase().contains("buurt"));
    match (buurt.next(), buurt.next()) {
        (Some(n), None) => Some(n.clone()),
        _ => None,
    }
}
