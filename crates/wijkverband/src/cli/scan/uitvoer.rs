//! The scan as JSON, CSV or the HTML report: the same figures in each.

use std::collections::HashMap;

use anyhow::Result;
use geo_types::MultiPolygon;
use serde::Serialize;
use wv_core::indicator::{Catalogue, Direction, Kind};

use super::Scan;

#[derive(Serialize)]
struct IndicatorMeta<'a> {
    code: &'a str,
    label: &'a str,
    eenheid: &'a str,
    soort: &'static str,
    richting: &'static str,
    domein: &'static str,
    regel: &'static str,
    bronnen: &'a [String],
}

fn kind(k: &Kind) -> &'static str {
    match k {
        Kind::Count { .. } => "aantal",
        Kind::Rate { .. } => "verhouding",
        Kind::Average { .. } => "gemiddelde",
        Kind::Class { .. } => "klasse",
    }
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Need => "hoger is meer zorgbehoefte",
        Direction::Strength => "hoger is meer kracht",
        Direction::Neutral => "neutraal",
    }
}

pub fn json(cat: &Catalogue, scan: &Scan) -> Result<String> {
    let indicatoren: Vec<IndicatorMeta> = cat
        .indicators
        .iter()
        .map(|i| IndicatorMeta {
            code: &i.code,
            label: &i.label,
            eenheid: &i.unit,
            soort: kind(&i.kind),
            richting: direction(i.direction),
            domein: i.domain.label(),
            regel: i.rule(),
            bronnen: &i.sources,
        })
        .collect();
    let trends: Vec<Vec<serde_json::Value>> = scan
        .trends
        .iter()
        .map(|ts| {
            ts.iter()
                .map(|t| serde_json::json!({"indicator": cat.indicators[t.indicator].code, "jaren": t.punten}))
                .collect()
        })
        .collect();
    let doc = serde_json::json!({
        "indeling": scan.jaar,
        "bronnen": cat.sources,
        "indicatoren": indicatoren,
        "veerkrachtmodel": scan.model,
        "gebieden": scan.profielen,
        "koppelingen": scan.koppelingen,
        "trends": trends,
    });
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

pub fn csv(cat: &Catalogue, scan: &Scan) -> Result<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    rows.push(
        vec![
            "gebied",
            "soort",
            "indicator",
            "label",
            "eenheid",
            "waarde",
            "dekking",
            "referentie",
            "referentiewaarde",
            "verschil",
            "percentiel",
            "z",
            "bron",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
    );
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for p in &scan.profielen {
        for r in &p.rijen {
            let Some(ind) = cat.get(&r.code) else { continue };
            let bron = ind.sources.iter().map(|s| cat.source(s).naam.clone()).collect::<Vec<_>>().join("; ");
            rows.push(
                vec![
                    p.gebied.naam.as_str(),
                    p.gebied.soort.label(),
                    &r.code,
                    &ind.label,
                    &ind.unit,
                    &num(r.waarde),
                    &num(r.dekking),
                    &p.referentie,
                    &num(r.referentie),
                    &num(r.verschil),
                    &num(r.percentiel),
                    &num(r.z),
                    &bron,
                ]
                .into_iter()
                .map(String::from)
                .collect(),
            );
        }
        let vk = std::iter::once(("veerkracht".to_string(), "Veerkracht".to_string(), p.veerkracht.score)).chain(
            p.veerkracht.onderdelen.iter().map(|o| (format!("veerkracht_{}", o.code), o.label.clone(), o.score)),
        );
        for (code, label, score) in vk {
            rows.push(
                vec![
                    p.gebied.naam.as_str(),
                    p.gebied.soort.label(),
                    &code,
                    &label,
                    "z-score",
                    &num(score),
                    "",
                    &p.referentie,
                    "0",
                    &num(score),
                    "",
                    "",
                    "wijkverband veerkrachtmodel",
                ]
                .into_iter()
                .map(String::from)
                .collect(),
            );
        }
    }
    Ok(wv_data::csv_uit::tekst(rows))
}

pub fn html(
    cat: &Catalogue,
    scan: &Scan,
    outlines: &HashMap<String, (String, MultiPolygon<f64>)>,
    kaart: usize,
    titel: &str,
) -> Result<String> {
    Ok(wv_report::startfoto(&wv_report::ReportInput {
        titel,
        jaar: scan.jaar,
        catalogue: cat,
        model: &scan.model,
        profiles: &scan.profielen,
        buurten: outlines,
        figures: &scan.figures,
        kaart,
        nonce: None,
        wijkfotos: &[],
    })?)
}
