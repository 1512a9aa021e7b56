//! `wijkverband cyclus`: the wijkcyclus of the region's wijkverbanden — the regional overview
//! with phase, inhabitants, kernteam, actions and coverage.

use anyhow::Result;
use clap::Subcommand;
use wv_core::format;
use wv_store::ModelOptions;

use super::output::{Cell, Format, Rows};
use crate::cli::Ctx;

#[derive(Debug, Subcommand)]
pub enum CyclusCmd {
    /// Het regionale overzicht: per wijkverband van de vastgestelde indeling de fase, de inwoners,
    /// het kernteam, de laatste wijkfoto en de acties, en de dekking (de inwoners in een
    /// wijkverband met een kernteam en een wijkplan).
    Overzicht {
        #[arg(long)]
        regio: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub async fn run(ctx: &Ctx, cmd: CyclusCmd) -> Result<()> {
    let store = ctx.store().await?;
    match cmd {
        CyclusCmd::Overzicht { regio, format } => {
            let gemeenten = store.regio(&regio).await?.gemeenten;
            let cat = ctx.catalogue_for(&store, &gemeenten).await?;
            let model = store.region_model(&cat, &regio, &ModelOptions::default()).await?;
            let o = store.overzicht(&regio, &model.region).await?;
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(&o)?);
                return Ok(());
            }
            if o.indeling.is_none() && !ctx.quiet {
                eprintln!(
                    "Regio {regio} heeft nog geen vastgestelde indeling: stel er een vast met `wijkverband indeling vaststellen NAAM --regio {regio}`."
                );
            }
            let rows = o
                .wijkverbanden
                .iter()
                .map(|w| {
                    vec![
                        Cell::Text(w.naam.clone()),
                        Cell::Text(w.fase.as_str().into()),
                        Cell::Number(Some(w.inwoners)),
                        Cell::Number(Some(w.kernteam as f64)),
                        Cell::Text(w.vierkant.iter().map(|h| h.label()).collect::<Vec<_>>().join(", ")),
                        Cell::Text(w.laatste_wijkfoto.as_ref().map(|(d, _)| d.clone()).unwrap_or_default()),
                        Cell::Number(Some(w.acties_open as f64)),
                        Cell::Number(Some(w.acties_klaar as f64)),
                        Cell::Text(if w.gedekt { "ja" } else { "nee" }.into()),
                    ]
                })
                .collect();
            Rows {
                columns: vec![
                    "wijkverband",
                    "fase",
                    "inwoners",
                    "kernteam",
                    "vierkant",
                    "laatste wijkfoto",
                    "acties open",
                    "acties klaar",
                    "gedekt",
                ],
                rows,
            }
            .print(format)?;
            if format == Format::Table && !ctx.quiet {
                let d = &o.dekking;
                println!(
                    "Dekking: {} van {} inwoners ({}), {} van {} buurten, wonen in een wijkverband met een kernteam en een wijkplan.",
                    format::number(d.inwoners, 0),
                    format::number(d.regio_inwoners, 0),
                    format::percent(d.aandeel().map(|a| a * 100.0)),
                    d.buurten,
                    d.regio_buurten
                );
            }
        }
    }
    Ok(())
}
