//! `wijkverband serve`: the web app; `wijkverband gebruiker`: accounts.

use std::sync::Arc;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use wv_store::{Rol, Store};

use super::Ctx;
use super::demo::DataArgs;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Het adres waarop de app luistert (standaard alleen deze computer).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Laad de demoregio (echte open data) als de opslag die nog niet heeft.
    #[arg(long)]
    demo: bool,
    /// Stuur Strict-Transport-Security mee: voor een installatie die alleen via HTTPS bereikbaar is.
    #[arg(long)]
    hsts: bool,
    /// Schrijf het logboek als JSON-regels (voor een logverzamelaar) in plaats van tekst. Het niveau komt uit
    /// WIJKVERBAND_LOG (standaard: info), zoals `WIJKVERBAND_LOG=debug`.
    #[arg(long)]
    log_json: bool,
    #[command(flatten)]
    data: DataArgs,
}

pub async fn serve(ctx: &Ctx, args: ServeArgs) -> Result<()> {
    log(args.log_json);
    if args.demo {
        super::demo::load(ctx, args.data).await?;
        super::wijkfoto::seed_demo(ctx, super::demo::DEMO_REGIO).await?;
    }
    let store = ctx.store().await?;
    first_admin(&store).await?;
    let state = wv_web::AppState::new(store, Arc::new(ctx.catalogue.clone())).with_hsts(args.hsts);
    if args.demo {
        wv_web::seed_demo_cyclus(&state, super::demo::DEMO_REGIO).await.map_err(anyhow::Error::msg)?;
        wv_web::seed_demo_sessies(&state, super::demo::DEMO_REGIO).await.map_err(anyhow::Error::msg)?;
    }
    let ready = |addr| println!("wijkverband draait op http://{addr} (stoppen: Ctrl+C).");
    Ok(wv_web::serve(state, &args.addr, ready).await?)
}

/// The server's log on standard error: every request in a span with its id, method and route;
/// internal errors once, in that span. Never tokens, queries or personal data.
fn log(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("WIJKVERBAND_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

/// The first start creates a beheerder and prints its password once.
async fn first_admin(store: &Store) -> Result<()> {
    if store.gebruikers_aantal().await? > 0 {
        return Ok(());
    }
    let email = "beheerder@wijkverband.local";
    let password = wv_web::new_password();
    store.create_gebruiker(email, "Beheerder", &wv_web::hash_password(&password), true).await?;
    println!("Eerste beheerder aangemaakt. Inloggen met {email} en wachtwoord {password} (alleen nu getoond).");
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum GebruikerCmd {
    /// Maak een account (of zet het opnieuw); toont een nieuw wachtwoord.
    Maak {
        email: String,
        #[arg(long)]
        naam: String,
        /// Mag gebruikers beheren en elke regio.
        #[arg(long)]
        beheerder: bool,
        /// Een regio die dit account mag zien (lezer), bewerken (bewerker), of waarvan het één
        /// wijkverband coördineert (wijkcoordinator, met --wijkverband).
        #[arg(long)]
        regio: Option<String>,
        #[arg(long, default_value = "lezer")]
        rol: String,
        /// Het wijkverband van een wijkcoördinator.
        #[arg(long)]
        wijkverband: Option<String>,
    },
}

pub async fn gebruiker(ctx: &Ctx, cmd: GebruikerCmd) -> Result<()> {
    let store = ctx.store().await?;
    match cmd {
        GebruikerCmd::Maak { email, naam, beheerder, regio, rol, wijkverband } => {
            let email = email.trim().to_lowercase();
            if !email.contains('@') {
                bail!("'{email}' is geen e-mailadres");
            }
            let Some(rol) = Rol::parse(&rol) else { bail!("--rol is lezer, bewerker of wijkcoordinator") };
            if let Some(r) = &regio {
                store.regio(r).await?;
            }
            let wijkverband = wijkverband.map(|w| w.trim().to_string()).filter(|w| !w.is_empty());
            match (rol, &wijkverband, &regio) {
                (Rol::Wijkcoordinator, None, _) | (Rol::Wijkcoordinator, _, None) => {
                    bail!("een wijkcoördinator heeft --regio en --wijkverband")
                }
                (Rol::Lezer | Rol::Bewerker, Some(_), _) => bail!("--wijkverband hoort bij --rol wijkcoordinator"),
                _ => {}
            }
            let password = wv_web::new_password();
            store.create_gebruiker(&email, &naam, &wv_web::hash_password(&password), beheerder).await?;
            match (&regio, &wijkverband) {
                (Some(r), Some(w)) => store.set_wijkcoordinator(&email, r, w).await?,
                (Some(r), None) => store.set_rol(&email, r, rol).await?,
                (None, _) => {}
            }
            println!("Account {email} gemaakt. Wachtwoord: {password} (alleen nu getoond).");
        }
    }
    Ok(())
}
