//! `wijkverband sessie`: duidingssessies — the rode draad across wijken from a file of
//! contributions, and storing such a file as sessions of a region.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use wv_core::sessie::{Bijdrage, Draad, rode_draad};

use super::output::{Cell, Rows};
use crate::cli::Ctx;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Uitvoer {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum SessieCmd {
    /// De rode draad: de thema's die in ten minste N wijken terugkomen, met de wijken, het aantal
    /// bijdragen en voorbeelden; de thema's van één wijk apart. FILE heeft de kolommen
    /// wijk,sessie,tafel,ronde,tekst (UTF-8, komma's, aanhalingstekens toegestaan).
    RodeDraad {
        file: PathBuf,
        /// In hoeveel wijken een thema ten minste terugkomt.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
        min_wijken: u16,
        #[arg(long, value_enum, default_value_t = Uitvoer::Table)]
        format: Uitvoer,
    },
    /// Lees bijdragen (wijk,sessie,tafel,ronde,tekst) in als sessies van een regio: een sessie per
    /// sessienaam, een gebied per wijk, een tafel per wijk en tafel, een ronde per ronde; ronde
    /// "slot" of "morgen" is een antwoord op de slotvraag. Alles of niets.
    Import {
        file: PathBuf,
        #[arg(long)]
        regio: String,
        /// De datum van de sessies (JJJJ-MM-DD); zonder: vandaag.
        #[arg(long)]
        datum: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: SessieCmd) -> Result<()> {
    match cmd {
        SessieCmd::Import { file, regio, datum } => {
            let datum = datum.unwrap_or_else(wv_web::vandaag);
            if jiff::civil::Date::strptime("%Y-%m-%d", &datum).is_err() {
                anyhow::bail!("--datum '{datum}' is geen datum: schrijf JJJJ-MM-DD, zoals 2026-12-01");
            }
            let rijen = wv_data::sessie::read(&file)?;
            let store = ctx.store().await?;
            store.regio(&regio).await?;
            let invoer: Vec<wv_store::ImportRij> = rijen
                .iter()
                .map(|r| wv_store::ImportRij {
                    wijk: &r.wijk,
                    sessie: &r.sessie,
                    tafel: &r.tafel,
                    ronde: &r.ronde,
                    tekst: &r.tekst,
                })
                .collect();
            let ids = store.importeer_sessies(&regio, &datum, &invoer).await?;
            if !ctx.quiet {
                println!("{} bijdragen ingelezen als {} sessies van {regio}.", rijen.len(), ids.len());
            }
        }
        SessieCmd::RodeDraad { file, min_wijken, format } => {
            let rijen = wv_data::sessie::read(&file)?;
            let bijdragen: Vec<Bijdrage> =
                rijen.iter().map(|r| Bijdrage { wijk: &r.wijk, tekst: &r.tekst, thema: None }).collect();
            let r = rode_draad(&bijdragen, min_wijken.into());
            if format == Uitvoer::Json {
                println!("{}", serde_json::to_string_pretty(&r.gedeeld)?);
                return Ok(());
            }
            let tabel = |d: &[Draad]| Rows {
                columns: vec!["thema", "wijken", "bijdragen", "voorbeelden"],
                rows: d
                    .iter()
                    .map(|d| {
                        vec![
                            Cell::Text(d.thema.clone()),
                            Cell::Text(d.wijken.join(", ")),
                            Cell::Number(Some(d.bijdragen as f64)),
                            Cell::Text(d.voorbeelden.iter().map(|v| format!("“{v}”")).collect::<Vec<_>>().join(" ")),
                        ]
                    })
                    .collect(),
            };
            println!(
                "Rode draad: {} thema's in ten minste {} van de {} wijken ({} bijdragen).",
                r.gedeeld.len(),
                r.min_wijken,
                r.wijken,
                bijdragen.len()
            );
            tabel(&r.gedeeld).print(super::Format::Table)?;
            for (kop, d) in [("Thema's van minder wijken:", &r.enkele), ("Thema's van één wijk:", &r.eigen)] {
                if !ctx.quiet && !d.is_empty() {
                    println!("{kop}");
                    tabel(d).print(super::Format::Table)?;
                }
            }
        }
    }
    Ok(())
}
