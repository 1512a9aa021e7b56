//! `wijkverband status`: what the store holds.

use anyhow::Result;

use super::Ctx;
use super::output::{Cell, Format, Rows};

pub async fn run(ctx: &Ctx, format: Format) -> Result<()> {
    let s = ctx.store().await?.status().await?;
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
    rows.push(vec![
        Cell::Text("regio's".into()),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
        Cell::Number(Some(s.regios as f64)),
        Cell::Text(format!("{} imports", s.imports)),
    ]);
    Rows { columns: vec!["inhoud", "jaar", "groep", "aantal", "toelichting"], rows }.print(format)
}
