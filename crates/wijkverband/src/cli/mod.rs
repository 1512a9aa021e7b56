//! Command-line arguments and dispatch. Each command lives in its own module.

mod buurten;
mod cyclus;
mod demo;
mod import;
mod indeling;
mod indicatoren;
mod output;
mod progress;
mod regio;
mod scan;
mod serve;
mod sessie;
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
#[command(name = "wijkverband", version, disable_help_flag = true, disable_version_flag = true)]
pub struct Args {
    /// Toon deze hulp (bij een opdracht: de hulp van die opdracht).
    #[arg(long, short, global = true, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// Toon de versie.
    #[arg(long, short = 'V', action = clap::ArgAction::Version)]
    version: Option<bool>,
    /// De opslag: een pad naar een SQLite-bestand of een postgres://-adres.
    #[arg(long, global = true, env = "WIJKVERBAND_DB", default_value = "wijkverband.db")]
    db: String,
    /// Toon geen voortgangsbalken.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Een eigen indicatorcatalogus (TOML) in plaats van de ingebouwde.
    #[arg(long, global = true, env = "WIJKVERBAND_CATALOGUS")]
    catalogus: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lees open data in.
    #[command(subcommand)]
    Import(import::Import),
    /// Maak en toon regio's (groepen gemeenten).
    #[command(subcommand)]
    Regio(regio::RegioCmd),
    /// Toon buurten met code, naam, wijk, inwoners en oppervlakte.
    Buurten(buurten::BuurtenArgs),
    /// Toon de indicatorcatalogus, met per indicator de jaren waarvoor de cijfers zijn ingelezen.
    Indicatoren {
        /// Toon in plaats daarvan de ingelezen variabelen die geen indicator gebruikt, per jaar en bestand.
        #[arg(long)]
        onbekend: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Het profiel (startfoto) van gebieden: JSON, CSV of een afdrukbaar HTML-rapport.
    Scan(Box<scan::ScanArgs>),
    /// Wijkindelingen: voorstellen, controleren, vergelijken, bewaren en exporteren.
    #[command(subcommand)]
    Indeling(Box<indeling::IndelingCmd>),
    /// De webapp: regiopagina's, de werkbank en de API.
    Serve(serve::ServeArgs),
    /// Accounts van de webapp.
    #[command(subcommand)]
    Gebruiker(serve::GebruikerCmd),
    /// Toon wat de opslag bevat.
    Status {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Laad de demoregio (Utrecht Noord-West, echte open data) en toon de buurten.
    Demo(demo::DemoArgs),
    /// Wijkfoto: de sociale kaart en het samenwerkingsnetwerk op de vijf condities.
    #[command(subcommand)]
    Wijkfoto(wijkfoto::WijkfotoCmd),
    /// De wijkcyclus per wijkverband (wijkfoto, wijkopgave, wijkplan, wijkuitvoering, wijkevaluatie) en het regionale overzicht.
    #[command(subcommand)]
    Cyclus(cyclus::CyclusCmd),
    /// Duidingssessies: de rode draad over wijken en sessies inlezen.
    #[command(subcommand)]
    Sessie(sessie::SessieCmd),
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

    /// The catalogue with each source read in the newest year imported for `gemeenten` (for
    /// any area when empty).
    pub async fn catalogue_for(&self, store: &Store, gemeenten: &[wv_core::gebied::Code]) -> Result<Catalogue> {
        Ok(store.catalogue_for(&self.catalogue, gemeenten).await?)
    }
}

impl Args {
    /// The arguments of this process, with the help in Dutch at every level, like every text a
    /// user reads (ARCHITECTURE.md, naming): clap's own headings are set on each (sub)command.
    pub fn from_env() -> Args {
        use clap::{CommandFactory, FromArgMatches};
        fn dutch(c: clap::Command) -> clap::Command {
            c.help_template("{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}")
                .subcommand_help_heading("Opdrachten")
                .next_help_heading("Opties")
                .disable_help_subcommand(true)
                .mut_args(|a| {
                    let heading = if a.is_positional() { "Argumenten" } else { "Opties" };
                    a.help_heading(heading)
                })
                .mut_subcommands(dutch)
        }
        let matches = dutch(Args::command()).get_matches();
        Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
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
        Command::Indicatoren { onbekend, format } => indicatoren::run(&ctx, onbekend, format).await,
        Command::Scan(s) => scan::run(&ctx, *s).await,
        Command::Indeling(i) => indeling::run(&ctx, *i).await,
        Command::Serve(s) => serve::serve(&ctx, s).await,
        Command::Gebruiker(g) => serve::gebruiker(&ctx, g).await,
        Command::Status { format } => status::run(&ctx, format).await,
        Command::Demo(d) => demo::run(&ctx, d).await,
        Command::Wijkfoto(w) => wijkfoto::run(&ctx, w).await,
        Command::Cyclus(c) => cyclus::run(&ctx, c).await,
        Command::Sessie(s) => sessie::run(&ctx, s).await,
    }
}
