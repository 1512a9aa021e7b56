//! `wijkverband regio maak|lijst`.

use anyhow::Result;
use clap::Subcommand;
use wv_core::gebied::Code;

use super::Ctx;
use super::output::{Cell, Format, Rows};

#[derive(Debug, Subcommand)]
pub enum RegioCmd {
    /// Maak een regio van een groep gemeenten (vervangt een regio met dezelfde naam).
    Maak {
        naam: String,
        /// Gemeentecodes (GMxxxx), herhaald of met komma's gescheiden.
        #[arg(long = "gemeente", required = true, value_delimiter = ',')]
        gemeenten: Vec<String>,
    },
    /// Toon de regio's.
    Lijst {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub async fn run(ctx: &Ctx, cmd: RegioCmd) -> Result<()> {
    let store = ctx.store().await?;
    match cmd {
        RegioCmd::Maak { naam, gemeenten } => {
            let codes = parse_gemeenten(&gemeenten)?;
            let replaced = store.create_regio(&naam, &codes).await?;
            let verb = if replaced { "bijgewerkt" } else { "gemaakt" };
            println!("Regio '{naam}' {verb} met {} gemeenten.", codes.len());
        }
        RegioCmd::Lijst { format } => {
            let rows = store
                .regios()
                .await?
                .into_iter()
                .map(|r| {
                    let gm = r.gemeenten.iter().map(Code::to_string).collect::<Vec<_>>().join(",");
                    vec![Cell::Text(r.naam), Cell::Text(gm)]
                })
                .collect();
            Rows { columns: vec!["regio", "gemeenten"], rows }.print(format)?;
        }
    }
    Ok(())
}

pub fn parse_gemeenten(items: &[String]) -> Result<Vec<Code>> {
    let mut out = Vec::new();
    for g in items.iter().filter(|g| !g.trim().is_empty()) {
        let c = Code::parse(g).map_err(|e| anyhow::anyhow!("--gemeente: {e}"))?;
        if c.niveau() != wv_core::gebied::Niveau::Gemeente {
            anyhow::bail!("--gemeente: {c} is geen gemeentecode (GM + 4 cijfers)");
        }
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}
