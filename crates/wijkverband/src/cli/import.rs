//! `wijkverband import buurten|kerncijfers|gezondheid`.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Subcommand;
use wv_data::Crs;
use wv_data::buurten::ReadOptions;
use wv_store::Store;

use super::Ctx;
use super::progress::Bar;

#[derive(Debug, Subcommand)]
pub enum Import {
    /// Buurtgrenzen van het CBS met codes, namen en kerncijfers (GeoJSON, TopoJSON, GeoPackage,
    /// ook het .zip-bestand van de Wijk- en Buurtkaart zoals het CBS het levert).
    Buurten {
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
        /// Het jaar van de gebiedsindeling (standaard het jaar dat het bestand noemt: in de kolom
        /// jaarstatcode of in de bestandsnaam).
        #[arg(long = "jaar", alias = "year")]
        jaar: Option<i32>,
        /// De laag die gelezen wordt als het bestand er meer heeft.
        #[arg(long = "laag", alias = "layer")]
        laag: Option<String>,
        /// Het coördinatenstelsel van een bestand dat er geen noemt, zoals EPSG:28992.
        #[arg(long)]
        crs: Option<String>,
        /// Herstel ongeldige vlakken (ringen die zichzelf snijden, gaten buiten hun vlak) in plaats
        /// van het bestand te weigeren; elk herstel wordt gemeld.
        #[arg(long)]
        herstel: bool,
    },
    /// CBS Kerncijfers wijken en buurten zoals het CBS ze levert: kwb-JJJJ.csv of .xlsx, de
    /// OData-uitvoer van StatLine (.json), of de attributen van de buurtkaart als CSV.
    Kerncijfers {
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
        /// Het jaar van de cijfers en van de gebiedsindeling waar hun codes bij horen (standaard
        /// het jaar dat het bestand noemt: in zijn naam, zijn StatLine-tabel of jaarstatcode).
        #[arg(long = "jaar", alias = "year")]
        jaar: Option<i32>,
    },
    /// RIVM/CBS Gezondheid per wijk en buurt: een CSV met jaren en leeftijdsgroepen.
    Gezondheid {
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
        /// Het jaar van de gebiedsindeling van de codes (standaard het nieuwste jaar in het bestand:
        /// het RIVM publiceert elke ronde in de indeling van dat jaar).
        #[arg(long)]
        indeling: Option<i32>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Import) -> Result<()> {
    let store = ctx.store().await?;
    match cmd {
        Import::Buurten { file, jaar, laag, crs, herstel } => {
            let crs = match crs {
                Some(c) => Some(Crs::from_name(&c).ok_or_else(|| {
                    anyhow::anyhow!("onbekend CRS '{c}': wijkverband leest EPSG:4326 (WGS84) en EPSG:28992 (RD New)")
                })?),
                None => None,
            };
            buurten(ctx, &store, &file, jaar, &ReadOptions { layer: laag, crs, herstel }).await
        }
        Import::Kerncijfers { file, jaar } => kerncijfers(ctx, &store, &file, jaar).await,
        Import::Gezondheid { file, indeling } => gezondheid(ctx, &store, &file, indeling).await,
    }
}

fn name(file: &Path) -> String {
    file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn replaced(n: usize, what: &str) -> String {
    if n > 0 { format!("; {n} {what} van een eerdere import vervangen") } else { String::new() }
}

pub async fn buurten(ctx: &Ctx, store: &Store, file: &Path, year: Option<i32>, opts: &ReadOptions) -> Result<()> {
    let bar = Bar::new(ctx.quiet, &format!("Buurten lezen uit {}", name(file)));
    let read = wv_data::buurten::read(file, year, opts).await?;
    let year = read.jaar;
    bar.set_message("Buurten opslaan");
    let r = store.import_buurten(&read, &name(file), &bar).await?;
    bar.finish();
    let water = if read.skipped_water > 0 {
        format!(" ({} waterdelen overgeslagen)", read.skipped_water)
    } else {
        String::new()
    };
    println!(
        "{} buurten van {year} ingelezen uit {}{water}, met {} kerncijfers{}.",
        r.rijen,
        name(file),
        r.waarden,
        replaced(r.vervangen, "buurten")
    );
    herkend(&read.figures, year);
    for (code, how) in &read.repaired {
        println!("  {code} hersteld: {how}");
    }
    ignored(&read.figures.ignored_columns);
    Ok(())
}

pub async fn kerncijfers(ctx: &Ctx, store: &Store, file: &Path, year: Option<i32>) -> Result<()> {
    let bar = Bar::new(ctx.quiet, &format!("Kerncijfers lezen uit {}", name(file)));
    let figures = wv_data::kerncijfers::read(file)?;
    let year = figures.year(file, year)?;
    bar.set_message("Kerncijfers opslaan");
    let r = store.import_kerncijfers(&figures, year, &name(file), &bar).await?;
    bar.finish();
    println!(
        "{} gebieden met {} kerncijfers van {year} ingelezen uit {}{}.",
        r.rijen,
        r.waarden,
        name(file),
        replaced(r.vervangen, "waarden")
    );
    herkend(&figures, year);
    if r.buiten_indeling > 0 {
        println!(
            "{} niet in de ingelezen indeling {year}: hun cijfers zijn bewaard; buurten van andere indelingen krijgen ze op buurtcode, op ligging of van hun wijk of gemeente.",
            wv_core::format::plural(r.buiten_indeling as u64, "gebied staat", "gebieden staan")
        );
    }
    ignored(&figures.ignored_columns);
    Ok(())
}

pub async fn gezondheid(ctx: &Ctx, store: &Store, file: &Path, indeling: Option<i32>) -> Result<()> {
    let bar = Bar::new(ctx.quiet, &format!("Gezondheidscijfers lezen uit {}", name(file)));
    let mut g = wv_data::gezondheid::read(file)?;
    if let Some(j) = indeling {
        g.indeling = j;
    }
    bar.set_message("Gezondheidscijfers opslaan");
    let r = store.import_gezondheid(&g, &name(file), &bar).await?;
    bar.finish();
    println!(
        "{} rijen met {} gezondheidscijfers ingelezen uit {}{}.",
        r.import.rijen,
        r.import.waarden,
        name(file),
        replaced(r.import.vervangen, "waarden")
    );
    let hoe = if r.buurtgrenzen { "op buurtcode of op ligging" } else { "op buurtcode" };
    println!(
        "De cijfers horen bij de indeling {}; buurten van een andere indeling krijgen ze {hoe}, of anders het cijfer van hun wijk of gemeente (dat staat bij elk profiel).",
        r.indeling
    );
    if !r.buurtgrenzen {
        println!(
            "Lees de buurtgrenzen van {} in (`wijkverband import buurten BESTAND --jaar {}`) om buurten met een andere code op ligging te koppelen.",
            r.indeling, r.indeling
        );
    }
    Ok(())
}

/// Says which layout and year the file was read as.
fn herkend(figures: &wv_data::Figures, year: i32) {
    let uit = match figures.jaar {
        Some((j, uit)) if j == year => format!(" (jaar {year} uit {uit})"),
        _ => format!(" (jaar {year})"),
    };
    if figures.columns.is_empty() {
        if let Some((_, uit)) = figures.jaar.filter(|(j, _)| *j == year) {
            println!("Jaar {year} uit {uit}.");
        }
    } else if figures.layout.is_empty() {
        println!("Geen bekende CBS-indeling van kolommen herkend{uit}: de kolommen zijn onder hun eigen naam bewaard.");
    } else {
        println!("Herkend als {}{uit}.", figures.layout_titel);
    }
}

fn ignored(columns: &[String]) {
    if !columns.is_empty() {
        println!(
            "Kolommen met tekst in plaats van getallen zijn niet als kerncijfer opgeslagen: {}.",
            columns.join(", ")
        );
    }
}
