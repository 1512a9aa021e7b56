//! Command-line arguments and dispatch. Each command lives in its own module.

mod buurten;
mod demo;
mod import;
mod indeling;
mod output;
mod progress;
mod regio;
mod scan;
mod serve;
mod status;
mod wijkfoto;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use wv_core::indicator::Catalogue;
use wv_store::Store;

pub use output::Format;

/// wijkverband: open buurtdata, wijkindelingen en wijkfoto's voor hechte wijkverbanden.
#[derive(Debug, Parser)]
#[command(name = "wijkverband", version, about)]
pub struct Args {
    /// The store: a path to an SQLite file or a postgres:// URL.
    #[arg(long, global = true, env = "WIJKVERBAND_DB", default_value = "wijkverband.db")]
    db: String,
    /// Print no progress bars.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// An indicator catalogue (TOML) to use instead of the built-in one.
    #[arg(long, global = true, env = "WIJKVERBAND_CATALOGUS")]
    catalogus: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read open data into the store.
    #[command(subcommand)]
    Import(import::Import),
    /// Define and list regions (sets of gemeenten).
    #[command(subcommand)]
    Regio(regio::RegioCmd),
    /// List buurten with code, name, wijk, inhabitants and area.
    Buurten(buurten::BuurtenArgs),
    /// List the indicator catalogue.
    Indicatoren {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The data profile (startfoto) of areas: JSON, CSV or a printable HTML report.
    Scan(Box<scan::ScanArgs>),
    /// Wijkindelingen: propose, check, compare, store and export plans.
    #[command(subcommand)]
    Indeling(Box<indeling::IndelingCmd>),
    /// The web app: region pages, the workbench and the API.
    Serve(serve::ServeArgs),
    /// Accounts of the web app.
    #[command(subcommand)]
    Gebruiker(serve::GebruikerCmd),
    /// Show what the store holds.
    Status {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Load the demo region (Utrecht Noord-West, real open data) and list its buurten.
    Demo(demo::DemoArgs),
    /// Wijkfoto: the sociale kaart and the collaboration network on the vijf condities.
    #[command(subcommand)]
    Wijkfoto(wijkfoto::WijkfotoCmd),
}

/// Everything a command may need.
pub struct Ctx {
    pub db: String,
    pub quiet: bool,
    pub catalogue: Catalogue,
}

impl Ctx {
    pub async fn store(&self) -> Result<Store> {
        Ok(Store::open(&self.db).await?)
    }
}

pub async fn run(args: Args) -> Result<()> {
    let catalogue = match &args.catalogus {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
            Catalogue::for_program(&text).with_context(|| format!("{}", p.display()))?
        }
        None => Catalogue::builtin(),
    };
    let ctx = Ctx { db: args.db, quiet: args.quiet, catalogue };
    match args.command {
        Command::Import(i) => import::run(&ctx, i).await,
        Command::Regio(r) => regio::run(&ctx, r).await,
        Command::Buurten(b) => buurten::run(&ctx, b).await,
        Command::Indicatoren { format } => output::indicatoren(&ctx.catalogue, format),
        Command::Scan(s) => scan::run(&ctx, *s).await,
        Command::Indeling(i) => indeling::run(&ctx, *i).await,
        Command::Serve(s) => serve::serve(&ctx, s).await,
        Command::Gebruiker(g) => serve::gebruiker(&ctx, g).await,
        Command::Status { format } => status::run(&ctx, format).await,
        Command::Demo(d) => demo::run(&ctx, d).await,
        Command::Wijkfoto(w) => wijkfoto::run(&ctx, w).await,
    }
}
