//! `wijkverband wijkfoto`: the sociale kaart template and its check, and a
//! synthetic demo of two survey rounds per wijkverband with their analysis.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Subcommand;
use wv_core::indicator::aggregate;
use wv_core::netwerk::demo::{DemoWijkverband, ronde, sociale_kaart};
use wv_core::netwerk::{Conditie, Discipline, Options, analyse, compare};
use wv_store::BuurtFilter;

use super::Ctx;
use super::output::{Cell, Format, Rows};

#[derive(Debug, Subcommand)]
pub enum WijkfotoCmd {
    /// Schrijf het sjabloon van de sociale kaart: CSV naar het scherm, of `--xlsx BESTAND`.
    Sjabloon {
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Controleer een sociale kaart (CSV of XLSX): elke rij, met de regel van het eerste probleem.
    Controleer { bestand: PathBuf },
    /// Lees een sociale kaart (CSV of XLSX) in bij een regio: alle rijen, of bij een probleem geen enkele.
    Import {
        bestand: PathBuf,
        #[arg(long)]
        regio: String,
    },
    /// De sociale kaart van een regio; `--zoek "apotheek kamerik"` houdt de actoren die bij elk woord passen.
    Kaart {
        #[arg(long)]
        regio: String,
        #[arg(long)]
        zoek: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Open een vragenronde voor een wijkverband: elke actor op de sociale kaart krijgt een persoonlijke link.
    Ronde {
        #[arg(long)]
        regio: String,
        #[arg(long)]
        wijkverband: String,
        /// De datum van de ronde (JJJJ-MM-DD).
        #[arg(long)]
        datum: String,
        /// Het minste aantal respondenten waarvan een gemiddelde cijfer getoond wordt (3 of meer).
        #[arg(long, default_value_t = wv_store::MINIMUM)]
        minimum: usize,
        /// Bewaartermijn: na deze datum (JJJJ-MM-DD) worden de antwoorden en links verwijderd.
        #[arg(long)]
        bewaren_tot: Option<String>,
        /// De actoren (id's) die een link krijgen; zonder deze optie elke actor van het wijkverband.
        #[arg(long, value_delimiter = ',')]
        respondenten: Vec<String>,
    },
    /// De persoonlijke links van wie nog niet heeft ingevuld, om hen te herinneren; noteert de herinnering.
    Herinner { ronde: i64 },
    /// Bewaartermijn: verwijdert de antwoorden en links van elke ronde voorbij haar datum `bewaren_tot`.
    Opschonen,
    /// Het netwerk van een ronde voor Gephi, Kumu of NetworkX: actoren of verbindingen als CSV, GraphML of
    /// JSON. Cijfers alleen als de getoonde gemiddelden per soort verbinding.
    Export {
        ronde: i64,
        #[arg(long, value_enum)]
        format: NetwerkFormaat,
        /// Schrijf naar dit bestand in plaats van naar het scherm.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// De rondes van een regio met hun respons.
    Rondes {
        #[arg(long)]
        regio: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Sluit een ronde: de antwoorden liggen dan vast.
    Sluit { ronde: i64 },
    /// Analyseer een ronde: netwerk, vierkant en de vijf condities (gemiddelden van minstens het
    /// minimum aantal respondenten van de ronde, of een hoger `--minimum`).
    Analyse {
        ronde: i64,
        #[arg(long)]
        minimum: Option<usize>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// SYNTHETISCHE demo: een gegenereerde sociale kaart en twee rondes per wijkverband van een bewaarde indeling
    /// (of per gemeente), geanalyseerd: netwerk, vierkant, vijf condities, voor en na.
    Demo {
        #[arg(long)]
        regio: String,
        /// Een bewaarde indeling waarvan de wijkverbanden gebruikt worden; zonder deze optie één per gemeente.
        #[arg(long)]
        indeling: Option<String>,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Het minste aantal respondenten waarvan een gemiddelde cijfer getoond wordt.
        #[arg(long, default_value_t = 3)]
        minimum: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NetwerkFormaat {
    /// Actoren als CSV (id, label, discipline, …).
    Knopen,
    /// Verbindingen als CSV (source, target, …).
    Verbindingen,
    Graphml,
    /// De JSON-import van Kumu (een blueprint: elements en connections).
    Kumu,
    /// Alles wat het netwerkbeeld gebruikt, als JSON.
    Json,
}

pub async fn run(ctx: &Ctx, cmd: WijkfotoCmd) -> Result<()> {
    match cmd {
        WijkfotoCmd::Sjabloon { xlsx: None } => print!("{}", wv_data::sociale_kaart::TEMPLATE),
        WijkfotoCmd::Sjabloon { xlsx: Some(path) } => {
            std::fs::write(&path, wv_data::sociale_kaart::template_xlsx())?;
            println!("Sjabloon geschreven: {}", path.display());
        }
        WijkfotoCmd::Controleer { bestand } => {
            let kaart = wv_data::sociale_kaart::read(&bestand)?;
            let rows = kaart.rijen;
            println!(
                "{}: {} actoren, in orde{}.",
                bestand.display(),
                rows.len(),
                wv_data::sociale_kaart::overgeslagen(kaart.voorbeelden)
            );
            for d in Discipline::ALL {
                let n = rows.iter().filter(|r| r.actor.discipline == d).count();
                if n > 0 {
                    println!("  {}: {n}", d.label());
                }
            }
        }
        WijkfotoCmd::Import { bestand, regio } => import(ctx, &bestand, &regio).await?,
        WijkfotoCmd::Kaart { regio, zoek, format } => kaart(ctx, &regio, zoek.as_deref(), format).await?,
        WijkfotoCmd::Ronde { regio, wijkverband, datum, minimum, bewaren_tot, respondenten } => {
            if minimum < wv_store::MINIMUM {
                bail!(
                    "--minimum {minimum} is te laag: met minder dan {} respondenten zijn cijfers naar personen te herleiden",
                    wv_store::MINIMUM
                );
            }
            for d in [Some(&datum), bewaren_tot.as_ref()].into_iter().flatten() {
                if jiff::civil::Date::strptime("%Y-%m-%d", d).is_err() {
                    bail!("'{d}' is geen datum: schrijf JJJJ-MM-DD, zoals 2026-11-23");
                }
            }
            let store = ctx.store().await?;
            let actors: Vec<String> = store
                .actors(&regio)
                .await?
                .into_iter()
                .filter(|(a, _)| a.wijkverband.as_deref() == Some(wijkverband.as_str()))
                .map(|(a, _)| a.id)
                .collect();
            if let Some(x) = respondenten.iter().find(|r| !actors.contains(r)) {
                bail!(
                    "'{x}' staat niet op de sociale kaart van {wijkverband}: zie `wijkfoto kaart --regio \"{regio}\"`"
                );
            }
            let actors: Vec<String> = if respondenten.is_empty() { actors } else { respondenten };
            if actors.is_empty() {
                bail!(
                    "wijkverband '{wijkverband}' heeft geen actoren op de sociale kaart van {regio}: lees die eerst in met `wijkfoto import`"
                );
            }
            let tokens: Vec<(String, String)> = actors.into_iter().map(|a| (a, wv_web::new_token())).collect();
            let nieuw = wv_store::NieuweRonde {
                regio: &regio,
                wijkverband: &wijkverband,
                datum: &datum,
                synthetisch: false,
                minimum,
                bewaren_tot: bewaren_tot.as_deref(),
            };
            let id = store.create_ronde(&nieuw, &tokens).await?;
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
                        Cell::Number(Some(r.respons.uitgenodigd as f64)),
                        Cell::Number(Some(r.respons.ingevuld as f64)),
                    ]
                })
                .collect();
            Rows { columns: vec!["ronde", "wijkverband", "datum", "status", "gevraagd", "ingediend"], rows }
                .print(format)?;
        }
        WijkfotoCmd::Sluit { ronde } => {
            ctx.store().await?.close_ronde(ronde).await?;
            println!("Ronde {ronde} is gesloten.");
        }
        WijkfotoCmd::Herinner { ronde } => herinner(ctx, ronde).await?,
        WijkfotoCmd::Export { ronde, format, out } => {
            let store = ctx.store().await?;
            let Some(r) = store.ronde(ronde).await? else { bail!("ronde {ronde} bestaat niet: zie `wijkfoto rondes`") };
            let w = store.wijkfoto(ronde).await?;
            let a = analyse(&w, &Options { min_respondenten: r.minimum });
            let n = wv_report::netwerk::netwerk(&w, &a, r.minimum, r.synthetisch, &[]);
            let text = match format {
                NetwerkFormaat::Knopen => wv_report::netwerk::knopen_csv(&n),
                NetwerkFormaat::Verbindingen => wv_report::netwerk::verbindingen_csv(&n),
                NetwerkFormaat::Graphml => wv_report::netwerk::graphml(&n),
                NetwerkFormaat::Kumu => serde_json::to_string_pretty(&wv_report::netwerk::kumu(&n))?,
                NetwerkFormaat::Json => serde_json::to_string_pretty(&n)?,
            };
            match out {
                Some(path) => std::fs::write(&path, text)?,
                None => print!("{text}"),
            }
        }
        WijkfotoCmd::Opschonen => {
            let vandaag = wv_web::vandaag();
            let rondes = ctx.store().await?.expire_rondes(&vandaag).await?;
            println!("{} ronde(s) voorbij hun bewaartermijn opgeschoond: {rondes:?}", rondes.len());
        }
        WijkfotoCmd::Analyse { ronde, minimum, format } => {
            let store = ctx.store().await?;
            let Some(r) = store.ronde(ronde).await? else { bail!("ronde {ronde} bestaat niet: zie `wijkfoto rondes`") };
            let minimum = minimum.unwrap_or(r.minimum);
            if minimum < r.minimum {
                bail!("--minimum {minimum} is lager dan het minimum van deze ronde ({})", r.minimum);
            }
            let w = store.wijkfoto(ronde).await?;
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
                        Cell::Number(g.respondenten.map(|n| n as f64)),
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

async fn herinner(ctx: &Ctx, ronde: i64) -> Result<()> {
    let store = ctx.store().await?;
    let Some(r) = store.ronde(ronde).await? else { bail!("ronde {ronde} bestaat niet: zie `wijkfoto rondes`") };
    if r.gesloten {
        bail!("ronde {ronde} is gesloten: er valt niets meer in te vullen");
    }
    let actors = store.actors(&r.regio).await?;
    let open: Vec<_> = store.respondenten(ronde).await?.into_iter().filter(|p| !p.ingediend).collect();
    // Links are stored only as hashes: a reminder carries a new one (earlier links keep working).
    for p in &open {
        let (naam, contact) = actors
            .iter()
            .find(|(a, _)| a.id == p.actor)
            .map(|(a, c)| (a.naam.clone(), c.clone().unwrap_or_default()))
            .unwrap_or_default();
        let token = wv_web::new_token();
        store.add_link(ronde, &p.actor, &token).await?;
        println!("{}\t{}\t/enquete/{token}", wv_data::csv_uit::cel(&naam), wv_data::csv_uit::cel(&contact));
    }
    let vandaag = wv_web::vandaag();
    store.mark_herinnerd(ronde, &vandaag).await?;
    eprintln!("{} herinnering(en) voor ronde {ronde}, genoteerd op {vandaag}.", open.len());
    Ok(())
}

async fn import(ctx: &Ctx, bestand: &std::path::Path, regio: &str) -> Result<()> {
    let kaart = wv_data::sociale_kaart::read(bestand)?;
    let (added, replaced) = ctx.store().await?.import_sociale_kaart(regio, bestand, kaart.rijen).await?;
    println!(
        "Sociale kaart van {regio}: {added} actoren toegevoegd, {replaced} vervangen{}.",
        wv_data::sociale_kaart::overgeslagen(kaart.voorbeelden)
    );
    Ok(())
}

async fn kaart(ctx: &Ctx, regio: &str, zoek: Option<&str>, format: Format) -> Result<()> {
    let store = ctx.store().await?;
    let plaatsen = store.plaatsen(regio).await?;
    let words = wv_core::netwerk::words(zoek.unwrap_or(""));
    let rows = store
        .actors(regio)
        .await?
        .into_iter()
        .filter_map(|(a, contact)| {
            let (plaats, waar) = a.buurt.as_deref().and_then(|b| plaatsen.get(b)).cloned().unwrap_or_default();
            wv_core::netwerk::matches(&a, &waar, &words).then(|| {
                vec![
                    Cell::Text(a.naam),
                    Cell::Text(a.soort.label().into()),
                    Cell::Text(a.rol.unwrap_or_default()),
                    Cell::Text(a.discipline.label().into()),
                    Cell::Text(a.organisatie.unwrap_or_default()),
                    Cell::Text(plaats),
                    Cell::Text(a.wijkverband.unwrap_or_default()),
                    Cell::Text(a.overleggen.join("; ")),
                    Cell::Text(contact.unwrap_or_default()),
                ]
            })
        })
        .collect();
    Rows {
        columns: vec![
            "naam",
            "soort",
            "rol",
            "discipline",
            "organisatie",
            "buurt",
            "wijkverband",
            "overleggen",
            "contact",
        ],
        rows,
    }
    .print(format)
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
    let cat = &ctx.catalogue_for(store, &gemeenten).await?;
    let buurten = store.buurten_met_geometrie(&BuurtFilter { jaar: None, gemeenten }).await?;
    if buurten.is_empty() {
        bail!("regio {regio} heeft geen buurten");
    }
    let inw = cat.inwoners();
    let values = store.buurt_values(cat, &buurten, &cat.series_of(inw)).await?;
    let toewijzing: Vec<(String, String)> = match indeling {
        Some(p) => store.plan(Some(regio), p).await?.staat.toewijzing,
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

/// The demo's plan: one wijkverband per gemeente, the region's.
const DEMO_PLAN: &str = "Per gemeente (demo)";

/// The demo region's synthetic sociale kaart, the plan it follows and two rounds per gemeente
/// (the first closed), stored unless the region has a sociale kaart already. Names say they are
/// synthetic.
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
    // The demo's wijkverbanden are the gemeenten: a plan of one wijkverband per gemeente is the
    // region's, so the sociale kaart, the rounds and the startfoto point at one another.
    let gemeenten = store.regio(regio).await?.gemeenten;
    let rows: Vec<(String, String)> = store
        .buurten(&wv_store::BuurtFilter { jaar: Some(super::demo::JAAR), gemeenten })
        .await?
        .into_iter()
        .map(|b| (b.code.to_string(), b.gemeente_naam))
        .collect();
    let plan = wv_store::StoredPlan::new(DEMO_PLAN, Some(regio), super::demo::JAAR, "per gemeente", rows);
    store.save_plan(&plan, None).await?;
    store.set_wijkverband_indeling(regio, Some(DEMO_PLAN), &wv_web::vandaag(), None).await?;
    for wv in &wvs {
        for (r, datum) in [(1, "2025-11-03"), (2, "2026-11-02")] {
            let w = ronde(&actors, wv.naam, r, SEED);
            let tokens: Vec<(String, String)> = w.actors.iter().map(|a| (a.id.clone(), wv_web::new_token())).collect();
            let nieuw = wv_store::NieuweRonde {
                regio,
                wijkverband: wv.naam,
                datum,
                synthetisch: true,
                minimum: wv_store::MINIMUM,
                bewaren_tot: None,
            };
            let id = store.create_ronde(&nieuw, &tokens).await?;
            for &i in &w.geantwoord {
                let rows = wv_store::AntwoordRij::van(&w, i);
                store.save_antwoorden(&tokens[i].1, &rows, true).await?.map_err(|e| anyhow::anyhow!("{e}"))?;
            }
            if r == 1 {
                store.close_ronde(id).await?;
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
        let cmp = compare((&r1, &a1), (&r2, &a2));
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
