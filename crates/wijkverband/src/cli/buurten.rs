//! `wijkverband buurten --gemeente GM…|--regio NAAM`.

use anyhow::Result;
use clap::Args;
use wv_core::gebied::Code;
use wv_core::indicator::aggregate;
use wv_store::BuurtFilter;

use super::Ctx;
use wv_core::format;

use super::output::{Cell, Format, Rows};
use super::regio::parse_gemeenten;

#[derive(Debug, Args)]
#[group(required = true, multiple = false, id = "gebied")]
pub struct Selectie {
    /// Gemeentecodes (GMxxxx), herhaald of met komma's gescheiden.
    #[arg(long = "gemeente", value_delimiter = ',')]
    gemeenten: Vec<String>,
    /// Een regio, gemaakt met `wijkverband regio maak`.
    #[arg(long)]
    regio: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuurtenArgs {
    #[command(flatten)]
    selectie: Selectie,
    /// Het jaar van de gebiedsindeling (standaard: het nieuwste ingelezen jaar).
    #[arg(long, alias = "year")]
    jaar: Option<i32>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub async fn run(ctx: &Ctx, args: BuurtenArgs) -> Result<()> {
    let store = ctx.store().await?;
    let gemeenten = match &args.selectie.regio {
        Some(r) => store.regio(r).await?.gemeenten,
        None => parse_gemeenten(&args.selectie.gemeenten)?,
    };
    list(ctx, &store, &gemeenten, args.jaar, args.format).await
}

/// Prints the buurten of `gemeenten` with their inhabitants and area.
pub async fn list(
    ctx: &Ctx,
    store: &wv_store::Store,
    gemeenten: &[Code],
    jaar: Option<i32>,
    format: Format,
) -> Result<()> {
    let buurten = store.buurten(&BuurtFilter { jaar, gemeenten: gemeenten.to_vec() }).await?;
    if buurten.is_empty() {
        anyhow::bail!(
            "geen buurten gevonden voor {}",
            gemeenten.iter().map(Code::to_string).collect::<Vec<_>>().join(", ")
        );
    }
    let cat = &ctx.catalogue_for(store, gemeenten).await?;
    let inwoners = cat.inwoners();
    let codes: Vec<Code> = buurten.iter().map(|b| b.code.clone()).collect();
    let jaar = Some(buurten[0].jaar);
    let outlines = store.buurten_met_geometrie(&BuurtFilter { jaar, gemeenten: gemeenten.to_vec() }).await?;
    let values = store.buurt_values(cat, &outlines, &cat.series_of(inwoners)).await?;
    let inw = |code: &Code| aggregate(cat, &values, &[code])[inwoners].waarde;
    let rows: Vec<Vec<Cell>> = buurten
        .iter()
        .map(|b| {
            vec![
                Cell::Text(b.code.to_string()),
                Cell::Text(b.naam.clone()),
                Cell::Text(b.wijk_code.to_string()),
                Cell::Text(b.wijk_naam.clone().unwrap_or_default()),
                Cell::Text(b.gemeente_naam.clone()),
                Cell::Number(inw(&b.code)),
                Cell::Number(Some((b.oppervlakte_ha * 10.0).round() / 10.0)),
            ]
        })
        .collect();
    Rows { columns: vec!["code", "naam", "wijk", "wijknaam", "gemeente", "inwoners", "oppervlakte_ha"], rows }
        .print(format)?;
    if format == Format::Table {
        let total = aggregate(cat, &values, &codes)[inwoners].waarde;
        let bron = cat.source(&cat.indicators[inwoners].sources[0]).naam.clone();
        println!(
            "{} buurten (indeling {}), {} inwoners. Bron: {bron}; oppervlakte berekend uit de buurtgrenzen (CBS, Kadaster).",
            buurten.len(),
            buurten[0].jaar,
            format::count(total)
        );
    }
    Ok(())
}
