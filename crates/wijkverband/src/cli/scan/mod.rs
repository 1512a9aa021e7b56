//! `wijkverband scan`: the data profile (startfoto) of one or more areas.

mod gebieden;
mod uitvoer;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use wv_core::gebied::Code;
use wv_core::indicator::ValueTable;
use wv_core::scan::{BuurtFigures, Profile, Trend, VeerkrachtModel, profile};
use wv_store::{BuurtFilter, BuurtRij};

use super::Ctx;
pub use gebieden::ReferentieSoort;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Json,
    Csv,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Per {
    Buurt,
    Wijk,
    Gemeente,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Eén buurt per gebied (BU…), herhaald of met komma's gescheiden.
    #[arg(long = "buurt", value_delimiter = ',')]
    buurt: Vec<String>,
    /// Eén zelfgekozen gebied uit deze buurten (BU…,BU…).
    #[arg(long = "buurten", value_delimiter = ',')]
    buurten: Vec<String>,
    /// Eén gebied per CBS-wijk (WK…).
    #[arg(long = "wijk", value_delimiter = ',')]
    wijk: Vec<String>,
    /// Eén gebied per gemeente (GM…).
    #[arg(long = "gemeente", value_delimiter = ',')]
    gemeente: Vec<String>,
    /// Een regio (zie `regio maak`): het gebied, en de vergelijking bij `--referentie regio`.
    #[arg(long)]
    regio: Option<String>,
    /// Een indeling als CSV `buurtcode,wijkverband`: één gebied per wijkverband.
    #[arg(long)]
    indeling: Option<PathBuf>,
    /// Splits elk gebied in zijn gemeenten, wijken of buurten.
    #[arg(long, value_enum)]
    per: Option<Per>,
    /// De naam van een zelfgekozen gebied (--buurten).
    #[arg(long)]
    naam: Option<String>,
    /// Het jaar van de gebiedsindeling (standaard: het nieuwste ingelezen jaar).
    #[arg(long, alias = "year")]
    jaar: Option<i32>,
    /// Waarmee vergeleken wordt (standaard: de gemeente bij gebieden binnen één gemeente, anders alle buurten).
    #[arg(long, value_enum)]
    referentie: Option<ReferentieSoort>,
    #[arg(long, value_enum, default_value_t = ScanFormat::Json)]
    format: ScanFormat,
    /// Waar het naartoe geschreven wordt (standaard: het scherm).
    #[arg(long)]
    out: Option<PathBuf>,
    /// De indicator op de kaarten van het rapport (standaard: het aandeel 65-plussers).
    #[arg(long)]
    kaart: Option<String>,
    /// Strenge lezing: cijfers die een buurt van haar wijk of gemeente kreeg (uit een bron met
    /// een andere indeling) tellen als onbekend, zodat de dekking alleen echte buurtcijfers telt.
    #[arg(long)]
    streng: bool,
    /// Een eigen veerkrachtmodel (TOML) in plaats van het ingebouwde.
    #[arg(long, env = "WIJKVERBAND_VEERKRACHT")]
    veerkracht: Option<PathBuf>,
    /// De titel van het rapport.
    #[arg(long)]
    titel: Option<String>,
}

/// What a scan computed, for any output format.
pub struct Scan {
    pub jaar: i32,
    pub profielen: Vec<Profile>,
    pub figures: BuurtFigures,
    pub model: VeerkrachtModel,
    /// Per profile: how figures of sources in another division reached its buurten.
    pub koppelingen: Vec<Vec<String>>,
    /// Per profile: the indicators imported for more than one year, each year's value.
    pub trends: Vec<Vec<Trend>>,
}

pub async fn run(ctx: &Ctx, args: ScanArgs) -> Result<()> {
    let store = ctx.store().await?;
    let regio = match &args.regio {
        Some(r) => Some(store.regio(r).await?),
        None => None,
    };
    let jaar = store.resolve_jaar(args.jaar, regio.as_ref().map_or(&[][..], |r| &r.gemeenten)).await?;
    let geo = store.buurten_met_geometrie(&BuurtFilter { jaar: Some(jaar), gemeenten: vec![] }).await?;
    let rows: Vec<BuurtRij> = store.buurten(&BuurtFilter { jaar: Some(jaar), gemeenten: vec![] }).await?;
    let index = gebieden::Index::new(&rows);
    let areas = gebieden::areas(&args, &index, regio.as_ref())?;
    if areas.is_empty() {
        bail!("geef een gebied: --buurt, --buurten, --wijk, --gemeente, --regio of --indeling");
    }
    let gemeenten: Vec<Code> = match &regio {
        Some(r) => r.gemeenten.clone(),
        None => {
            let set: BTreeSet<Code> =
                areas.iter().flat_map(|a| &a.buurten).filter_map(|b| Code::parse(b).ok()?.gemeente()).collect();
            set.into_iter().collect()
        }
    };
    let groepen = store.groepen_in(&gemeenten).await?;
    let cat = &ctx.catalogue.met_jaren(&groepen);
    let model = match &args.veerkracht {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("kan {} niet lezen", p.display()))?;
            VeerkrachtModel::from_toml(&text, cat).with_context(|| p.display().to_string())?
        }
        None => VeerkrachtModel::builtin(cat)?,
    };
    let kaart = match &args.kaart {
        None => cat.kaart(),
        Some(code) => cat
            .position(code)
            .with_context(|| format!("--kaart: geen indicator '{code}' (zie `wijkverband indicatoren`)"))?,
    };
    let values: ValueTable = store.buurt_values(cat, &geo, &cat.series_in_jaren(&groepen)).await?;
    let values = if args.streng { values.streng() } else { values };
    let all: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let figures = BuurtFigures::compute(cat, &values, &all);
    let regios = store.regios().await?;
    let mut references = HashMap::new();
    let mut profielen = Vec::with_capacity(areas.len());
    for area in &areas {
        let (key, naam, buurten, published) =
            gebieden::reference(args.referentie, area, &index, regio.as_ref(), &regios, cat, &values, &figures)?;
        let reference = references.entry(key).or_insert_with(|| match published {
            Some(code) => wv_core::scan::Reference::published(cat, &values, &figures, &naam, code, &buurten),
            None => wv_core::scan::Reference::of_buurten(cat, &values, &figures, &naam, &buurten),
        });
        profielen.push(profile(cat, &values, area, reference, &model));
    }
    let gemeente: HashMap<&str, &str> = rows.iter().map(|b| (b.code.as_str(), b.gemeente_naam.as_str())).collect();
    let koppelingen = areas
        .iter()
        .map(|a| {
            let buurten: Vec<&str> = a.buurten.iter().map(String::as_str).collect();
            wv_core::scan::koppelingen(cat, &values, &buurten, |b| gemeente.get(b).copied())
        })
        .collect();
    let jaargangen = wv_core::scan::Jaargangen::new(cat, &groepen);
    let trends = areas
        .iter()
        .map(|a| {
            let buurten: Vec<&str> = a.buurten.iter().map(String::as_str).collect();
            wv_core::scan::trends(&jaargangen, &values, &buurten).into_iter().filter(|t| t.punten.len() > 1).collect()
        })
        .collect();
    let scan = Scan { jaar, profielen, figures, model, koppelingen, trends };
    if args.format != ScanFormat::Json {
        for (p, k) in scan.profielen.iter().zip(&scan.koppelingen) {
            for line in k {
                eprintln!("{}: {line}", p.gebied.naam);
            }
        }
    }
    let text = match args.format {
        ScanFormat::Json => uitvoer::json(cat, &scan)?,
        ScanFormat::Csv => uitvoer::csv(cat, &scan)?,
        ScanFormat::Html => {
            let outlines = geo.into_iter().map(|b| (b.code.to_string(), (b.naam, b.geometrie))).collect();
            let titel = args.titel.clone().unwrap_or_else(|| default_title(&scan));
            uitvoer::html(cat, &scan, &outlines, kaart, &titel)?
        }
    };
    match &args.out {
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("kan {} niet schrijven", p.display()))?;
            println!("{} gebied(en) gescand; geschreven naar {}.", scan.profielen.len(), p.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

fn default_title(scan: &Scan) -> String {
    match scan.profielen.as_slice() {
        [one] => format!("Startfoto {}", one.gebied.naam),
        many => format!("Startfoto van {} gebieden", many.len()),
    }
}
