//! `wijkverband wijkfoto`: the sociale kaart template and its check, and a
//! synthetic demo of two survey rounds per wijkverband with their analysis.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Subcommand;
use wv_core::indicator::aggregate;
use wv_core::netwerk::demo::{DemoWijkverband, ronde, sociale_kaart};
use wv_core::netwerk::{Conditie, Discipline, Options, analyse, vergelijk};
use wv_store::BuurtFilter;

use super::Ctx;
use super::output::{Cell, Format, Rows};

#[derive(Debug, Subcommand)]
pub enum WijkfotoCmd {
    /// Print the CSV template of the sociale kaart.
    Sjabloon,
    /// Check a sociale kaart (CSV): every row, with the line of the first problem.
    Controleer { bestand: PathBuf },
    /// Read a sociale kaart (CSV) into a region: all rows or, on any problem, none.
    Import {
        bestand: PathBuf,
        #[arg(long)]
        regio: String,
    },
    /// The sociale kaart of a region; `--zoek "apotheek kamerik"` keeps actors matching every word.
    Kaart {
        #[arg(long)]
        regio: String,
        #[arg(long)]
        zoek: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Open a survey round for a wijkverband: every actor of its sociale kaart gets a personal link.
    Ronde {
        #[arg(long)]
        regio: String,
        #[arg(long)]
        wijkverband: String,
        /// The date of the round (YYYY-MM-DD).
        #[arg(long)]
        datum: String,
    },
    /// The rounds of a region with their response.
    Rondes {
        #[arg(long)]
        regio: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Close a round: its answers are frozen.
    Sluit { ronde: i64 },
    /// Analyse a round: network, vierkant and the vijf condities (aggregates over at least `--minimum` respondents).
    Analyse {
        ronde: i64,
        #[arg(long, default_value_t = 3)]
        minimum: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// SYNTHETIC demo: a generated sociale kaart and two rounds per wijkverband of a stored plan
    /// (or per gemeente), analysed: network, vierkant, vijf condities, before and after.
    Demo {
        #[arg(long)]
        regio: String,
        /// A stored plan whose wijkverbanden to use; without it, one per gemeente.
        #[arg(long)]
        indeling: Option<String>,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// The fewest respondents an aggregate of ratings shows.
        #[arg(long, default_value_t = 3)]
        minimum: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub async fn run(ctx: &Ctx, cmd: WijkfotoCmd) -> Result<()> {
    match cmd {
        WijkfotoCmd::Sjabloon => print!("{}", wv_data::sociale_kaart::TEMPLATE),
        WijkfotoCmd::Controleer { bestand } => {
            let rows = wv_data::sociale_kaart::read(&bestand)?;
            println!("{}: {} actoren, in orde.", bestand.display(), rows.len());
            for d in Discipline::ALL {
                let n = rows.iter().filter(|r| r.actor.discipline == d).count();
                if n > 0 {
                    println!("  {}: {n}", d.label());
                }
            }
        }
        WijkfotoCmd::Import { bestand, regio } => import(ctx, &bestand, &regio).await?,
        WijkfotoCmd::Kaart { regio, zoek, format } => kaart(ctx, &regio, zoek.as_deref(), format).await?,
        WijkfotoCmd::Ronde { regio, wijkverband, datum } => {
            let store = ctx.store().await?;
            let actors: Vec<String> = store
                .actors(&regio)
                .await?
                .into_iter()
                .filter(|(a, _)| a.wijkverband.as_deref() == Some(wijkverband.as_str()))
                .map(|(a, _)| a.id)
                .collect();
            if actors.is_empty() {
                bail!(
                    "wijkverband '{wijkverband}' heeft geen actoren op de sociale kaart van {regio}: lees die eerst in met `wijkfoto import`"
                );
            }
            let tokens: Vec<(String, String)> = actors.into_iter().map(|a| (a, wv_web::new_token())).collect();
            let id = store.maak_ronde(&regio, &wijkverband, &datum, false, &tokens).await?;
            println!("Ronde {id} voor {wijkverband} geopend met {} respondenten. Persoonlijke links:", tokens.len());
            for (actor, token) in &tokens {
                println!("  {actor}: /enquete/{token}");
            }
        }
        WijkfotoCmd::Rondes { regio, format } => {
            let rows = ctx
                .store()
                .await?
                .rondes(&regio)
                .await?
                .into_iter()
                .map(|r| {
                    vec![
                        Cell::Number(Some(r.id as f64)),
                        Cell::Text(r.wijkverband),
                        Cell::Text(r.datum),
                        Cell::Text(if r.gesloten { "gesloten" } else { "open" }.into()),
                        Cell::Number(Some(r.respons.0 as f64)),
                        Cell::Number(Some(r.respons.1 as f64)),
                    ]
                })
                .collect();
            Rows { columns: vec!["ronde", "wijkverband", "datum", "status", "gevraagd", "ingediend"], rows }
                .print(format)?;
        }
        WijkfotoCmd::Sluit { ronde } => {
            ctx.store().await?.sluit_ronde(ronde).await?;
            println!("Ronde {ronde} is gesloten.");
        }
        WijkfotoCmd::Analyse { ronde, minimum, format } => {
            let w = ctx.store().await?.wijkfoto(ronde).await?;
            let a = analyse(&w, &Options { min_respondenten: minimum });
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(&a)?);
                return Ok(());
            }
            println!(
                "{} actoren, {} verbindingen, dichtheid {:.2}, respons {}.",
                a.actoren,
                a.verbindingen.len(),
                a.dichtheid,
                w.respons().map(|r| format!("{:.0} %", r * 100.0)).unwrap_or_else(|| "–".into())
            );
            let rows = Conditie::ALL
                .iter()
                .zip(&a.condities)
                .map(|(c, g)| {
                    vec![
                        Cell::Text(c.label().into()),
                        Cell::Number(Some(g.respondenten as f64)),
                        mean(g.gemiddelde),
                        mean(g.spreiding),
                    ]
                })
                .collect();
            Rows { columns: vec!["conditie", "respondenten", "gemiddelde", "spreiding"], rows }.print(format)?;
            let rows = a
                .vierkant
                .iter()
                .map(|p| {
                    vec![
                        Cell::Text(format!("{} – {}", p.a.label(), p.b.label())),
                        Cell::Number(Some(p.verbindingen as f64)),
                    ]
                })
                .collect();
            Rows { columns: vec!["vierkant", "verbindingen"], rows }.print(format)?;
            for o in &a.opgaven {
                println!("Opgave: {o}");
            }
        }
        WijkfotoCmd::Demo { regio, indeling, seed, minimum, format } => {
            demo(ctx, &regio, indeling.as_deref(), seed, minimum, format).await?
        }
    }
    Ok(())
}

async fn import(ctx: &Ctx, bestand: &std::path::Path, regio: &str) -> Result<()> {
    let rows = wv_data::sociale_kaart::read(bestand)?;
    let store = ctx.store().await?;
    let gemeenten = store.regio(regio).await?.gemeenten;
    let buurten = store.buurten(&BuurtFilter { jaar: None, gemeenten }).await?;
    for r in &rows {
        if let Some(b) = &r.actor.buurt
            && !buurten.iter().any(|x| x.code.as_str() == b)
        {
            return Err(wv_data::DataError::new(bestand, format!("{b} is geen buurt van regio {regio}"))
                .at(r.regel.clone())
                .field("buurtcode")
                .hint("gebruik de buurtcodes van de regio (zie `wijkverband buurten`)")
                .into());
        }
    }
    let actors: Vec<_> = rows.into_iter().map(|r| (r.actor, r.contact)).collect();
    let (added, replaced) = store.save_actors(regio, &actors).await?;
    println!("Sociale kaart van {regio}: {added} actoren toegevoegd, {replaced} vervangen.");
    Ok(())
}

async fn kaart(ctx: &Ctx, regio: &str, zoek: Option<&str>, format: Format) -> Result<()> {
    let store = ctx.store().await?;
    let gemeenten = store.regio(regio).await?.gemeenten;
    let buurten = store.buurten(&BuurtFilter { jaar: None, gemeenten }).await?;
    let buurtnaam = |code: &Option<String>| {
        code.as_deref().and_then(|c| buurten.iter().find(|b| b.code.as_str() == c)).map(|b| b.naam.clone())
    };
    let words: Vec<String> = zoek.unwrap_or("").split_whitespace().map(str::to_lowercase).collect();
    let rows = store
        .actors(regio)
        .await?
        .into_iter()
        .filter_map(|(a, contact)| {
            let plaats = buurtnaam(&a.buurt).unwrap_or_default();
            let text = format!(
                "{} {} {} {} {} {}",
                a.naam,
                a.discipline.label(),
                a.organisatie.as_deref().unwrap_or(""),
                plaats,
                a.wijkverband.as_deref().unwrap_or(""),
                a.id
            )
            .to_lowercase();
            // A word that names a discipline ("apotheker") matches the discipline.
            let hit = |w: &String| text.contains(w.as_str()) || Discipline::parse(w) == Some(a.discipline);
            words.iter().all(hit).then(|| {
                vec![
                    Cell::Text(a.naam),
                    Cell::Text(a.discipline.label().into()),
                    Cell::Text(a.organisatie.unwrap_or_default()),
                    Cell::Text(plaats),
                    Cell::Text(a.wijkverband.unwrap_or_default()),
                    Cell::Text(contact.unwrap_or_default()),
                ]
            })
        })
        .collect();
    Rows { columns: vec!["naam", "discipline", "organisatie", "buurt", "wijkverband", "contact"], rows }.print(format)
}

fn mean(x: Option<f64>) -> Cell {
    Cell::Number(x.map(|v| (v * 100.0).round() / 100.0))
}

/// The wijkverbanden of a region for the synthetic demo (a stored plan's, or one per gemeente),
/// each with its buurten (code, name, inhabitants).
type DemoBuurten = Vec<(String, Vec<(String, String, f64)>)>;

async fn demo_wijkverbanden(
    ctx: &Ctx,
    store: &wv_store::Store,
    regio: &str,
    indeling: Option<&str>,
) -> Result<DemoBuurten> {
    let gemeenten = store.regio(regio).await?.gemeenten;
    let buurten = store.buurten(&BuurtFilter { jaar: None, gemeenten }).await?;
    if buurten.is_empty() {
        bail!("regio {regio} heeft geen buurten");
    }
    let cat = &ctx.catalogue;
    let inw = cat.position("inwoners").expect("the catalogue has inwoners");
    let codes: Vec<wv_core::gebied::Code> = buurten.iter().map(|b| b.code.clone()).collect();
    let values = store.values(&codes, &cat.series_of(inw)).await?;
    let toewijzing: Vec<(String, String)> = match indeling {
        Some(p) => store.plan(p).await?.staat.toewijzing,
        None => buurten.iter().map(|b| (b.code.to_string(), b.gemeente_naam.clone())).collect(),
    };
    let mut names: Vec<&str> = toewijzing.iter().map(|(_, w)| w.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    Ok(names
        .iter()
        .map(|&naam| {
            let members = toewijzing
                .iter()
                .filter(|(_, w)| w == naam)
                .filter_map(|(code, _)| {
                    let b = buurten.iter().find(|b| b.code.as_str() == code)?;
                    let p = aggregate(cat, &values, &[code.as_str()])[inw].waarde.unwrap_or(0.0);
                    Some((b.code.to_string(), b.naam.clone(), p))
                })
                .collect();
            (naam.to_string(), members)
        })
        .collect())
}

fn borrowed(owned: &DemoBuurten) -> Vec<DemoWijkverband<'_>> {
    owned
        .iter()
        .map(|(naam, b)| DemoWijkverband {
            naam,
            buurten: b.iter().map(|(c, n, p)| (c.as_str(), n.as_str(), *p)).collect(),
        })
        .collect()
}

/// The demo region's synthetic sociale kaart and two rounds per gemeente (the first closed),
/// stored unless the region has a sociale kaart already. Names say they are synthetic.
pub async fn seed_demo(ctx: &Ctx, regio: &str) -> Result<()> {
    const SEED: u64 = 2026;
    let store = ctx.store().await?;
    if !store.actors(regio).await?.is_empty() {
        return Ok(());
    }
    let owned = demo_wijkverbanden(ctx, &store, regio, None).await?;
    let wvs = borrowed(&owned);
    let actors = sociale_kaart(&wvs, SEED);
    let labelled: Vec<_> = actors
        .iter()
        .map(|a| (wv_core::netwerk::Actor { naam: format!("{} (synthetisch)", a.naam), ..a.clone() }, None))
        .collect();
    store.save_actors(regio, &labelled).await?;
    for wv in &wvs {
        for (r, datum) in [(1, "2025-11-03"), (2, "2026-11-02")] {
            let w = ronde(&actors, wv.naam, r, SEED);
            let tokens: Vec<(String, String)> = w.actors.iter().map(|a| (a.id.clone(), wv_web::new_token())).collect();
            let id = store.maak_ronde(regio, wv.naam, datum, true, &tokens).await?;
            for &i in &w.geantwoord {
                let rows: Vec<wv_store::AntwoordRij> = w
                    .antwoorden
                    .iter()
                    .filter(|a| a.van == i)
                    .map(|a| wv_store::AntwoordRij {
                        naar: w.actors[a.naar].id.clone(),
                        doel: a.doel.clone(),
                        vorm: a.vorm.clone(),
                        per_jaar: a.per_jaar,
                        scores: a.scores,
                    })
                    .collect();
                store.bewaar_antwoorden(&tokens[i].1, &rows, true).await?.map_err(|e| anyhow::anyhow!("{e}"))?;
            }
            if r == 1 {
                store.sluit_ronde(id).await?;
            }
        }
    }
    Ok(())
}

async fn demo(ctx: &Ctx, regio: &str, indeling: Option<&str>, seed: u64, minimum: usize, format: Format) -> Result<()> {
    let store = ctx.store().await?;
    let owned = demo_wijkverbanden(ctx, &store, regio, indeling).await?;
    let wvs = borrowed(&owned);
    let actors = sociale_kaart(&wvs, seed);
    let o = Options { min_respondenten: minimum };
    let mut rows = Vec::new();
    let mut docs = Vec::new();
    for wv in &wvs {
        let (r1, r2) = (ronde(&actors, wv.naam, 1, seed), ronde(&actors, wv.naam, 2, seed));
        let (a1, a2) = (analyse(&r1, &o), analyse(&r2, &o));
        let cmp = vergelijk((&r1, &a1), (&r2, &a2));
        let open = |a: &wv_core::netwerk::Analyse| a.vierkant.iter().filter(|p| p.verbindingen == 0).count() as f64;
        rows.push(vec![
            Cell::Text(wv.naam.to_string()),
            Cell::Number(Some(r1.actors.len() as f64)),
            Cell::Number(Some(a1.verbindingen.len() as f64)),
            Cell::Number(Some(a2.verbindingen.len() as f64)),
            mean(Some(a1.dichtheid)),
            mean(r1.respons()),
            Cell::Number(Some(open(&a1))),
            Cell::Number(Some(open(&a2))),
            Cell::Text(a1.zwakste.map(Conditie::label).unwrap_or("–").to_string()),
            mean(a1.condities[2].gemiddelde),
            mean(a2.condities[2].gemiddelde),
        ]);
        docs.push(serde_json::json!({"wijkverband": wv.naam, "ronde_1": a1, "ronde_2": a2, "vergelijking": cmp}));
    }
    if format == Format::Json {
        let doc = serde_json::json!({"synthetisch": true, "seed": seed, "wijkverbanden": docs});
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    println!("SYNTHETISCHE DEMODATA (seed {seed}): een gegenereerde sociale kaart en twee rondes per wijkverband.");
    Rows {
        columns: vec![
            "wijkverband",
            "actoren",
            "verbindingen 1",
            "verbindingen 2",
            "dichtheid 1",
            "respons 1",
            "open vierkantparen 1",
            "open vierkantparen 2",
            "zwakste conditie 1",
            "relatie 1",
            "relatie 2",
        ],
        rows,
    }
    .print(format)
}
