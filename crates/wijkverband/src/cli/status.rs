//! `wijkverband status`: what the store holds.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use wv_core::indicator::SeriesKey;
use wv_core::indicator::kolommen::Kolommen;

use super::Ctx;
use super::output::{Cell, Format, Rows};

pub async fn run(ctx: &Ctx, format: Format) -> Result<()> {
    let store = ctx.store().await?;
    let s = store.status().await?;
    let mut rows: Vec<Vec<Cell>> = s
        .gebieden
        .iter()
        .map(|(jaar, b, w, g)| {
            vec![
                Cell::Text("gebieden".into()),
                Cell::Text(format!("indeling {jaar}")),
                Cell::Text(String::new()),
                Cell::Number(Some(*b as f64)),
                Cell::Text(format!("{w} wijken, {g} gemeenten")),
            ]
        })
        .collect();
    rows.extend(s.waarden.iter().map(|r| {
        vec![
            Cell::Text(r.dataset.clone()),
            Cell::Text(r.jaar.to_string()),
            Cell::Text(r.groep.clone()),
            Cell::Number(Some(r.waarden as f64)),
            Cell::Text(format!("{} onbekend, som {}", r.onbekend, r.som)),
        ]
    }));
    rows.extend(bestanden(ctx, &store).await?);
    rows.push(vec![
        Cell::Text("regio's".into()),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
        Cell::Number(Some(s.regios as f64)),
        Cell::Text(format!("{} imports", s.imports)),
    ]);
    Rows { columns: vec!["inhoud", "jaar", "groep", "aantal", "toelichting"], rows }.print(format)
}

/// Per imported file: its year and group, how many indicators that year has, its layout and
/// division.
async fn bestanden(ctx: &Ctx, store: &wv_store::Store) -> Result<Vec<Vec<Cell>>> {
    let stored = store.series_stored().await?;
    let has: HashSet<&SeriesKey> = stored.iter().collect();
    let has = |k: &SeriesKey| has.contains(k);
    let groepen = store.groepen_in(&[]).await?;
    let cat = ctx.catalogue_for(store, &[]).await?;
    let mut per_groep: HashMap<(String, String, i32), usize> = HashMap::new();
    for (i, ind) in cat.indicators.iter().enumerate() {
        let Some(src) = ind.sources.first().map(|s| cat.source(s)) else { continue };
        for j in cat.jaren(i, &groepen, &has) {
            *per_groep.entry((src.dataset.clone(), src.groep.clone(), j)).or_default() += 1;
        }
    }
    let kolommen = Kolommen::builtin();
    Ok(store
        .bronnen()
        .await?
        .into_iter()
        .map(|b| {
            let n = per_groep.get(&(b.dataset.clone(), b.groep.clone(), b.jaar)).copied().unwrap_or(0);
            let layout = match b.layout.as_str() {
                "" => "kolommen onder hun eigen naam",
                "rivm-gezondheid" => "RIVM/CBS Gezondheid per wijk en buurt",
                l => kolommen.titel(l).unwrap_or(l),
            };
            vec![
                Cell::Text(format!("bestand {}", b.dataset)),
                Cell::Text(b.jaar.to_string()),
                Cell::Text(b.groep.clone()),
                Cell::Number(Some(n as f64)),
                Cell::Text(format!("{n} indicatoren; {}: {layout}, indeling {}", b.bestand, b.indeling)),
            ]
        })
        .collect())
}
