//! `wijkverband indicatoren`: the catalogue, with the years of its source for which the store
//! holds what each indicator needs; `--onbekend`: the stored variables no indicator reads, per
//! year and file.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use wv_core::indicator::{Direction, Kind, SeriesKey};

use super::Ctx;
use super::output::{Cell, Format, Rows};

pub async fn run(ctx: &Ctx, onbekend: bool, format: Format) -> Result<()> {
    let store = ctx.store().await?;
    let stored: Vec<SeriesKey> = store.series_stored().await?;
    let cat = ctx.catalogue_for(&store, &[]).await?;
    if onbekend {
        let mut files: BTreeMap<(String, i32, String), Vec<String>> = BTreeMap::new();
        for b in store.bronnen().await? {
            files.entry((b.dataset, b.jaar, b.groep)).or_default().push(b.bestand);
        }
        let rows = stored
            .iter()
            .filter(|s| !cat.leest(&s.dataset, &s.groep, &s.variabele))
            .map(|s| {
                let bestand = files.get(&(s.dataset.clone(), s.jaar, s.groep.clone())).map(|f| f.join(", "));
                vec![
                    Cell::Text(s.dataset.clone()),
                    Cell::Text(s.jaar.to_string()),
                    Cell::Text(s.groep.clone()),
                    Cell::Text(s.variabele.clone()),
                    Cell::Text(bestand.unwrap_or_default()),
                ]
            })
            .collect();
        return Rows { columns: vec!["dataset", "jaar", "groep", "variabele", "bestand"], rows }.print(format);
    }
    let has: HashSet<&SeriesKey> = stored.iter().collect();
    let has = |k: &SeriesKey| has.contains(k);
    let groepen = store.groepen_in(&[]).await?;
    let rows = cat
        .indicators
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let kind = match i.kind {
                Kind::Count { .. } => "aantal",
                Kind::Rate { .. } => "verhouding",
                Kind::Average { .. } => "gemiddelde",
                Kind::Class { .. } => "klasse",
            };
            let direction = match i.direction {
                Direction::Need => "hoger = meer zorgbehoefte",
                Direction::Strength => "hoger = meer kracht",
                Direction::Neutral => "neutraal",
            };
            let sources = i.sources.iter().map(|s| cat.source(s).naam.clone()).collect::<Vec<_>>().join("; ");
            let jaren: Vec<String> = cat.jaren(n, &groepen, &has).iter().map(i32::to_string).collect();
            vec![
                Cell::Text(i.code.clone()),
                Cell::Text(i.label.clone()),
                Cell::Text(i.domain.label().into()),
                Cell::Text(i.unit.clone()),
                Cell::Text(kind.into()),
                Cell::Text(direction.into()),
                Cell::Text(i.rule().into()),
                Cell::Text(sources),
                Cell::Text(jaren.join(", ")),
            ]
        })
        .collect();
    let columns = vec!["code", "indicator", "domein", "eenheid", "soort", "richting", "samenvoegen", "bron", "jaren"];
    Rows { columns, rows }.print(format)
}
