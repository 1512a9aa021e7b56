//! A plan in exchange formats: CSV (`buurtcode,wijkverband`, the format
//! every tool reads back, with the buurt's name, gemeente and inhabitants for people) and GeoJSON (one dissolved outline per wijkverband
//! with its metrics), and the words for a wijkverband's population status.

use geo_types::MultiPolygon;
use wv_core::gebied::Buurt;
use wv_core::indeling::{Plan, PlanMetrics, PopulationStatus};

/// Status in text and symbol, never colour alone.
pub fn status(s: PopulationStatus) -> &'static str {
    match s {
        PopulationStatus::Onder => "▼ onder de ondergrens",
        PopulationStatus::Binnen => "✓ binnen de grenzen",
        PopulationStatus::Boven => "▲ boven het plafond",
    }
}

/// `buurtcode,wijkverband,buurtnaam,gemeente,inwoners`, one row per buurt of the region in its
/// order; readers need only the first two columns.
pub fn csv(buurten: &[Buurt], inwoners: &[f64], plan: &Plan) -> String {
    let head = ["buurtcode", "wijkverband", "buurtnaam", "gemeente", "inwoners"].map(String::from);
    let rows = std::iter::once(head).chain(buurten.iter().zip(inwoners).enumerate().map(|(i, (b, n))| {
        [
            b.code.to_string(),
            plan.names[plan.assignment[i]].clone(),
            b.naam.clone(),
            b.gemeente_naam.clone(),
            format!("{}", n.round()),
        ]
    }));
    wv_data::csv_uit::tekst(rows)
}

/// A FeatureCollection of the wijkverbanden' outlines (the union of their
/// buurten, `geometrie` in plan order) with their metrics and the source.
pub fn geojson(geometrie: &[&MultiPolygon<f64>], plan: &Plan, m: &PlanMetrics, jaar: i32) -> String {
    let features: Vec<geojson::Feature> = m
        .wijkverbanden
        .iter()
        .enumerate()
        .map(|(d, w)| {
            let outline = geo::unary_union(plan.members(d).iter().flat_map(|&i| geometrie[i].0.iter()));
            let mut props = serde_json::Map::new();
            props.insert("wijkverband".into(), w.naam.clone().into());
            if let serde_json::Value::Object(o) = serde_json::to_value(w).expect("plain metrics") {
                props.extend(o);
            }
            props.insert("bron".into(), format!("CBS, Kadaster: Wijk- en Buurtkaart {jaar}").into());
            geojson::Feature {
                geometry: Some(geojson::Geometry::new(geojson::Value::from(&outline))),
                properties: Some(props),
                ..Default::default()
            }
        })
        .collect();
    geojson::FeatureCollection { features, bbox: None, foreign_members: None }.to_string()
}
