//! Plans as tables, JSON, CSV and GeoJSON (dissolved outlines with metrics).

use std::path::Path;

use anyhow::{Context, Result, bail};
use wv_core::format;
use wv_core::indeling::{Constraints, Plan, PlanMetrics, compare as moved};

use super::laden::Loaded;
use crate::cli::output::{Cell, Format, Rows};

use wv_report::plan::status;

pub fn metrics(loaded: &Loaded, plan: &Plan, m: &PlanMetrics, format: Format) -> Result<()> {
    if format == Format::Json {
        let doc = serde_json::json!({
            "regio": loaded.regio,
            "indeling_jaar": loaded.jaar,
            "toewijzing": (0..loaded.region.len()).map(|i| (loaded.region.codes[i].clone(), plan.names[plan.assignment[i]].clone())).collect::<Vec<_>>(),
            "metrieken": m,
            "opmerkingen": loaded.notes,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    let rows = m
        .wijkverbanden
        .iter()
        .map(|w| {
            vec![
                Cell::Text(w.naam.clone()),
                Cell::Number(Some(w.buurten as f64)),
                Cell::Number(Some(w.inwoners)),
                Cell::Text(status(w.status).into()),
                Cell::Text(if w.aaneengesloten { "ja" } else { "nee" }.into()),
                Cell::Number(Some((w.polsby_popper * 100.0).round() / 100.0)),
                Cell::Number(Some((w.grens_binnen * 1000.0).round() / 10.0)),
                Cell::Number(Some((w.heterogeniteit * 10.0).round() / 10.0)),
                Cell::Text(w.gemeenten.join(",")),
            ]
        })
        .collect();
    Rows {
        columns: vec![
            "wijkverband",
            "buurten",
            "inwoners",
            "grenzen",
            "aaneengesloten",
            "compactheid (PP)",
            "grens binnen %",
            "heterogeniteit",
            "gemeenten",
        ],
        rows,
    }
    .print(format)?;
    if format == Format::Table {
        println!(
            "Heterogeniteit: {}. Bron inwoners: {}.",
            if m.variabelen {
                format!(
                    "{} (kwadratische afwijkingen), {} (paarsgewijze afstanden)",
                    format::number(m.totaal_heterogeniteit, 1),
                    format::number(m.heterogeniteit_paren, 1)
                )
            } else {
                "geen variabelen gekozen (--variabelen)".into()
            },
            loaded.bron_inwoners
        );
        if !m.gemeente_splitsingen.is_empty() {
            let s: Vec<String> = m.gemeente_splitsingen.iter().map(|(g, n)| format!("{g} over {n}")).collect();
            println!("Gemeenten verdeeld over meer wijkverbanden: {}.", s.join(", "));
        }
        for (s, g, n, out) in &m.structuur_splitsingen {
            println!(
                "{s} '{g}' ligt in {n} wijkverbanden; {} van de inwoners buiten het grootste deel.",
                format::share(Some(*out))
            );
        }
        if let Some(v) = m.verplaatst {
            println!("Verplaatste buurten tegenover het referentieplan: {v}.");
        }
        m.overtredingen.iter().for_each(|o| println!("Let op: {o}."));
    }
    Ok(())
}

pub fn compare(loaded: &Loaded, c: &Constraints, a: (&str, &Plan), b: (&str, &Plan), format: Format) -> Result<()> {
    let ma = a.1.metrics(&loaded.region, c, &[], None);
    let mb = b.1.metrics(&loaded.region, c, &[], Some(a.1));
    let diff = moved(&loaded.region, a.1, b.1);
    if format == Format::Json {
        let doc = serde_json::json!({ "a": {"naam": a.0, "metrieken": ma}, "b": {"naam": b.0, "metrieken": mb}, "verplaatst": diff });
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    let rows = ma
        .summary()
        .into_iter()
        .zip(mb.summary())
        .map(|((l, x, _), (_, y, _))| vec![Cell::Text(l.into()), Cell::Number(x), Cell::Number(y)])
        .collect();
    Rows { columns: vec!["", "A", "B"], rows }.print(format)?;
    println!("A = {}, B = {}. {} buurten liggen in B in een ander wijkverband:", a.0, b.0, diff.len());
    let rows = diff.into_iter().map(|(c, x, y)| vec![Cell::Text(c), Cell::Text(x), Cell::Text(y)]).collect();
    Rows { columns: vec!["buurt", "in A", "in B"], rows }.print(format)
}

/// Writes a plan as CSV (`buurtcode,wijkverband` with the buurt's name, gemeente and inhabitants) or GeoJSON (one dissolved outline per wijkverband).
pub fn write(loaded: &Loaded, plan: &Plan, m: &PlanMetrics, out: &Path) -> Result<()> {
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let text = match ext.as_str() {
        "csv" => wv_report::plan::csv(&loaded.buurten, &loaded.region.population, plan),
        "geojson" | "json" => {
            let geometrie: Vec<_> = loaded.buurten.iter().map(|b| &b.geometrie).collect();
            wv_report::plan::geojson(&geometrie, plan, m, loaded.jaar)
        }
        _ => bail!("--out: schrijf naar een .csv- of .geojson-bestand"),
    };
    std::fs::write(out, text).with_context(|| format!("kan {} niet schrijven", out.display()))
}
