//! `wijkverband serve`: the web app; `wijkverband gebruiker`: accounts.

use std::sync::Arc;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use wv_store::{Rol, Store};

use super::Ctx;
use super::demo::DataArgs;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Load the demo region (real open data) when the store does not hold it yet.
    #[arg(long)]
    demo: bool,
    /// Send Strict-Transport-Security: for a deployment reached over HTTPS only.
    #[arg(long)]
    hsts: bool,
    /// Write the log as JSON lines (for a log collector) instead of text. The level comes from
    /// WIJKVERBAND_LOG (default: info), e.g. `WIJKVERBAND_LOG=debug`.
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
    store.maak_gebruiker(email, "Beheerder", &wv_web::hash_password(&password), true).await?;
    println!("Eerste beheerder aangemaakt. Inloggen met {email} en wachtwoord {password} (alleen nu getoond).");
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum GebruikerCmd {
    /// Create (or reset) an account; prints a new password.
    Maak {
        email: String,
        #[arg(long)]
        naam: String,
        /// May manage users and every region.
        #[arg(long)]
        beheerder: bool,
        /// A region this account may see (lezer) or edit (bewerker).
        #[arg(long)]
        regio: Option<String>,
        #[arg(long, default_value = "lezer")]
        rol: String,
    },
}

pub async fn gebruiker(ctx: &Ctx, cmd: GebruikerCmd) -> Result<()> {
    let store = ctx.store().await?;
    match cmd {
        GebruikerCmd::Maak { email, naam, beheerder, regio, rol } => {
            let email = email.trim().to_lowercase();
            if !email.contains('@') {
                bail!("'{email}' is geen e-mailadres");
            }
            let Some(rol) = Rol::parse(&rol) else { bail!("--rol is lezer of bewerker") };
            if let Some(r) = &regio {
                store.regio(r).await?;
            }
            let password = wv_web::new_password();
            store.maak_gebruiker(&email, &naam, &wv_web::hash_password(&password), beheerder).await?;
            if let Some(r) = &regio {
                store.zet_rol(&email, r, rol).await?;
            }
            println!("Account {email} gemaakt. Wachtwoord: {password} (alleen nu getoond).");
        }
    }
    Ok(())
}
