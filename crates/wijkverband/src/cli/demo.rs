//! `wijkverband demo`: the demo region with real open data, ready to use.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::Args;
use wv_core::gebied::Code;
use wv_data::buurten::ReadOptions;

use super::Ctx;
use super::output::Format;

/// The demo region: the gemeenten of the Utrecht Noord-West programme as the
/// README describes them (a demo assumption; define your own with `regio maak`).
pub const DEMO_REGIO: &str = "Utrecht Noord-West";
pub const DEMO_GEMEENTEN: [&str; 5] = ["GM0632", "GM0589", "GM0335", "GM0736", "GM1904"];
pub const JAAR: i32 = 2015;
/// The division of the health figures (StatLine 50090NED, indeling 2020).
const GEZONDHEID_INDELING: i32 = 2020;

/// Where the demo data come from.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// De map met de open data (standaard: $WIJKVERBAND_DATA of ../shared/data).
    #[arg(long, env = "WIJKVERBAND_DATA")]
    data: Option<PathBuf>,
    /// Lees opnieuw in, ook als de opslag de demodata al heeft.
    #[arg(long)]
    opnieuw: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    data: DataArgs,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// The shared open-data folder: given, or found beside the working directory or the source tree.
pub fn data_dir(given: Option<PathBuf>) -> Result<PathBuf> {
    let candidates: Vec<PathBuf> = match given {
        Some(d) => vec![d],
        None => {
            vec![PathBuf::from("../shared/data"), Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")]
        }
    };
    for c in &candidates {
        if c.join("kwb_2015_buurten_provincie_utrecht.csv").is_file() {
            return Ok(c.clone());
        }
    }
    bail!(
        "de open data staan niet in {}; geef de map met --data of WIJKVERBAND_DATA",
        candidates.iter().map(|c| c.display().to_string()).collect::<Vec<_>>().join(" of ")
    )
}

pub async fn run(ctx: &Ctx, args: DemoArgs) -> Result<()> {
    load(ctx, args.data).await?;
    let store = ctx.store().await?;
    let regio = store.regio(DEMO_REGIO).await?;
    println!("\nBuurten van de regio {DEMO_REGIO}:");
    super::buurten::list(ctx, &store, &regio.gemeenten, Some(JAAR), args.format).await
}

/// Reads the demo data into the store unless it is there already (or `--opnieuw`).
pub async fn load(ctx: &Ctx, args: DataArgs) -> Result<()> {
    let dir = data_dir(args.data)?;
    let store = ctx.store().await?;
    let loaded = store.jaren().await?.contains(&JAAR) && store.regio(DEMO_REGIO).await.is_ok();
    if loaded && !args.opnieuw {
        println!("De demodata staan al in {} (gebruik --opnieuw om ze opnieuw in te lezen).", ctx.db);
    } else {
        let buurten = dir.join("buurten_2015_provincie_utrecht.geojson");
        super::import::buurten(ctx, &store, &buurten, Some(JAAR), &ReadOptions::default()).await?;
        super::import::kerncijfers(ctx, &store, &dir.join("kwb_2015_buurten_provincie_utrecht.csv"), Some(JAAR))
            .await?;
        // The health figures are published in the 2020 division; the gemeenten whose buurten
        // changed since 2015 need its outlines (two De Ronde Venen rings are invalid as published).
        let herstel = ReadOptions { herstel: true, ..ReadOptions::default() };
        let grenzen = dir.join("reference/buurten_2020_de_ronde_venen_de_bilt_eemnes.geojson");
        super::import::buurten(ctx, &store, &grenzen, Some(GEZONDHEID_INDELING), &herstel).await?;
        let gezondheid = dir.join("gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv");
        super::import::gezondheid(ctx, &store, &gezondheid, Some(GEZONDHEID_INDELING)).await?;
        let gemeenten: Vec<Code> = DEMO_GEMEENTEN.iter().map(|c| Code::parse(c).expect("valid demo codes")).collect();
        store.create_regio(DEMO_REGIO, &gemeenten).await?;
        println!("Regio '{DEMO_REGIO}' gemaakt met {} gemeenten.", gemeenten.len());
    }
    Ok(())
}
