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
    #[command(flatten)]
    data: DataArgs,
}

pub async fn serve(ctx: &Ctx, args: ServeArgs) -> Result<()> {
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
