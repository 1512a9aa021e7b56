//! `wijkverband indeling`: propose, check, compare, store and export wijkindelingen.

mod laden;
mod uitvoer;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use wv_core::indeling::contiguity::Kind;
use wv_core::indeling::{Constraints, KeepWhole, MaxPOptions, Plan, balanced, max_p, rebalance};
use wv_data::DataError;
use wv_store::StoredPlan;

use super::Ctx;
use super::output::Format;
use super::progress::Bar;
use laden::{FromFiles, LoadOptions, Loaded};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Contiguiteit {
    /// Buren delen een punt.
    Queen,
    /// Buren delen een stuk grens.
    Rook,
}

/// Where the region comes from and how its buurten connect.
#[derive(Debug, Args)]
pub struct Gebied {
    /// De regio (zie `regio maak`).
    #[arg(long)]
    regio: String,
    /// Het jaar van de gebiedsindeling (standaard: het nieuwste ingelezen jaar).
    #[arg(long, alias = "year")]
    jaar: Option<i32>,
    #[arg(long, value_enum, default_value_t = Contiguiteit::Queen)]
    contiguiteit: Contiguiteit,
    /// Punten die dichter dan zoveel meter bij elkaar liggen, tellen als gedeeld.
    #[arg(long, default_value_t = 1.0)]
    tolerantie: f64,
    /// Extra verbindingen die mogen (een brug, een pont): CSV `buurtcode_a,buurtcode_b`.
    #[arg(long)]
    verbindingen: Option<PathBuf>,
    /// Variabelen waarin wijkverbanden op elkaar lijken: codes uit de catalogus of kolommen van de kerncijfers (zoals P_65_EO_JR).
    #[arg(long, value_delimiter = ',')]
    variabelen: Vec<String>,
    /// Huisartsenpraktijken als punten met een capaciteit: CSV `naam,lon,lat,capaciteit`.
    #[arg(long)]
    praktijken: Option<PathBuf>,
}

/// The rules a plan must keep.
#[derive(Debug, Args)]
pub struct Regels {
    /// Ondergrens van het aantal inwoners per wijkverband.
    #[arg(long, default_value_t = 10_000.0)]
    min: f64,
    /// Plafond van het aantal inwoners per wijkverband.
    #[arg(long)]
    max: Option<f64>,
    /// Nooit over een gemeentegrens.
    #[arg(long)]
    gemeentegrenzen: bool,
    /// Buurten die vast bij een wijkverband horen: CSV `buurtcode,wijkverband`.
    #[arg(long)]
    vast: Option<PathBuf>,
    /// Bestaande structuren waarvan gemeld wordt waar ze gesplitst worden: CSV `buurtcode,structuur,gebied`.
    #[arg(long)]
    structuren: Option<PathBuf>,
    /// Houd de gebieden van deze structuur (uit --structuren) zo veel mogelijk heel.
    #[arg(long, requires = "structuren")]
    heel: Option<String>,
    /// Wat het kost een gebied over één wijkverband meer te verdelen, in eenheden van heterogeniteit
    /// (standaard: tien keer de gemiddelde afstand tussen twee buurten).
    #[arg(long, requires = "heel")]
    heel_gewicht: Option<f64>,
}

#[derive(Debug, Subcommand)]
pub enum IndelingCmd {
    /// Stel een indeling voor: zo veel mogelijk wijkverbanden boven de ondergrens, daarbinnen zo gelijk mogelijk (max-p).
    Voorstel {
        #[command(flatten)]
        gebied: Gebied,
        #[command(flatten)]
        regels: Regels,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Rekentijd in seconden.
        #[arg(long, default_value_t = 60)]
        tijd: u64,
        /// Aantal opbouwpogingen.
        #[arg(long, default_value_t = MaxPOptions::default().constructions)]
        constructies: usize,
        /// Een vast aantal wijkverbanden met evenveel inwoners, in plaats van max-p.
        #[arg(long)]
        aantal: Option<usize>,
        /// De naam waaronder de indeling wordt bewaard.
        #[arg(long)]
        naam: Option<String>,
        /// Schrijf de indeling ook naar een bestand: .csv of .geojson.
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Controleer een indeling (een CSV `buurtcode,wijkverband` of een bewaarde naam) en toon de maten.
    Controleer {
        plan: String,
        #[command(flatten)]
        gebied: Gebied,
        #[command(flatten)]
        regels: Regels,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Herstel met weinig verschuivingen een indeling die ondergrens, plafond of samenhang niet haalt.
    Herbalanceer {
        plan: String,
        #[command(flatten)]
        gebied: Gebied,
        #[command(flatten)]
        regels: Regels,
        /// De naam voor de herstelde indeling (standaard: de naam van de indeling + " hersteld").
        #[arg(long)]
        naam: Option<String>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Vergelijk twee indelingen: de maten naast elkaar en de buurten die verschoven.
    Vergelijk {
        a: String,
        b: String,
        #[command(flatten)]
        gebied: Gebied,
        #[command(flatten)]
        regels: Regels,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Bewaar een indeling uit een CSV onder een naam, na controle.
    Importeer {
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
        #[arg(long)]
        naam: String,
        #[command(flatten)]
        gebied: Gebied,
    },
    /// Schrijf een bewaarde indeling als CSV of GeoJSON (omtrekken met maten).
    Export {
        naam: String,
        #[arg(long)]
        out: PathBuf,
        /// De regio van de indeling, als meer regio's een indeling met die naam hebben.
        #[arg(long)]
        regio: Option<String>,
        #[command(flatten)]
        regels: Regels,
        #[arg(long, value_enum, default_value_t = Contiguiteit::Queen)]
        contiguiteit: Contiguiteit,
    },
    /// Stel een bewaarde indeling vast als de indeling van de regio: haar wijkverbanden zijn die van
    /// de sociale kaart, de wijkfoto's en de wijkcyclus. De vorige vaststellingen blijven bewaard.
    Vaststellen {
        naam: String,
        #[arg(long)]
        regio: String,
        /// De datum van de vaststelling, JJJJ-MM-DD (standaard: vandaag).
        #[arg(long)]
        datum: Option<String>,
    },
    /// Toon wanneer welke indeling van een regio is vastgesteld.
    Vaststellingen {
        #[arg(long)]
        regio: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Toon de bewaarde indelingen.
    Lijst {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

impl Gebied {
    fn options(&self) -> LoadOptions<'_> {
        LoadOptions {
            jaar: self.jaar,
            variabelen: &self.variabelen,
            kind: match self.contiguiteit {
                Contiguiteit::Queen => Kind::Queen,
                Contiguiteit::Rook => Kind::Rook,
            },
            tolerantie: self.tolerantie,
            verbindingen: self.verbindingen.as_deref(),
            praktijken: self.praktijken.as_deref(),
        }
    }
}

impl Regels {
    fn constraints(&self, loaded: &Loaded) -> Result<Constraints> {
        let mut vast = Vec::new();
        if let Some(path) = &self.vast {
            vast = loaded.pinned(path)?;
        }
        Ok(Constraints {
            min: self.min,
            max: self.max,
            gemeentegrenzen: self.gemeentegrenzen,
            vast,
            ..Default::default()
        })
    }
}

pub async fn run(ctx: &Ctx, cmd: IndelingCmd) -> Result<()> {
    let store = ctx.store().await?;
    match cmd {
        IndelingCmd::Voorstel { gebied, regels, seed, tijd, constructies, aantal, naam, out, format } => {
            let loaded = laden::load(ctx, &store, &gebied.regio, &gebied.options()).await?;
            let c = regels.constraints(&loaded)?;
            let structures = match &regels.structuren {
                Some(p) => loaded.structures(p)?,
                None => Vec::new(),
            };
            let bar = Bar::new(ctx.quiet, "Indeling zoeken");
            bar.start(1000);
            let keep_whole = match &regels.heel {
                Some(naam) => {
                    let Some(s) = structures.iter().find(|s| s.naam == *naam) else {
                        bail!("--heel: geen structuur '{naam}' in het bestand van --structuren");
                    };
                    Some(KeepWhole::of(&loaded.region, s, regels.heel_gewicht))
                }
                None => None,
            };
            let opts = MaxPOptions {
                seed,
                constructions: constructies,
                finalists: 6,
                time_budget: Duration::from_secs(tijd),
                keep_whole,
                stop: None,
            };
            let started = Instant::now();
            let (plan, summary) = match aantal {
                Some(k) => {
                    let plan = balanced(&loaded.region, &c, k, seed, constructies.clamp(1, 32))?;
                    (plan, format!("{k} wijkverbanden met gelijke bevolking"))
                }
                None => {
                    let p = max_p(&loaded.region, &c, &opts, &|f| bar.set_position((f * 1000.0) as u64))
                        .map_err(|e| anyhow::anyhow!("{e} (--verbindingen, --min, zonder --gemeentegrenzen)"))?;
                    let s = format!(
                        "{} wijkverbanden (ondergrens {}), heterogeniteit {:.1}; {} van {} opbouwpogingen geldig",
                        p.p, c.min, p.heterogeniteit, p.geldig, p.constructies
                    );
                    (p.plan, s)
                }
            };
            bar.finish();
            let naam = naam.unwrap_or_else(|| format!("voorstel {} (seed {seed})", gebied.regio));
            save(&store, &loaded, &naam, "voorstel", &plan, Some(&c)).await?;
            let metrics = plan.metrics(&loaded.region, &c, &structures, None);
            if format == Format::Table {
                println!("Voorstel '{naam}': {summary}, in {:.1} s. Opgeslagen.", started.elapsed().as_secs_f64());
                loaded.notes.iter().for_each(|n| println!("Let op: {n}"));
                if !loaded.eilanden.is_empty() {
                    println!("Verbind eilanden met een buurt op het vasteland met --verbindingen.");
                }
            }
            uitvoer::metrics(&loaded, &plan, &metrics, format)?;
            if let Some(out) = out {
                uitvoer::write(&loaded, &plan, &metrics, &out)?;
                // Keep standard output clean for JSON and CSV.
                match format {
                    Format::Table => println!("Geschreven naar {}.", out.display()),
                    _ => eprintln!("Geschreven naar {}.", out.display()),
                }
            }
        }
        IndelingCmd::Controleer { plan, gebied, regels, format } => {
            let loaded = laden::load(ctx, &store, &gebied.regio, &gebied.options()).await?;
            let (p, lines) = resolve(&store, &loaded, &gebied.regio, &plan).await?;
            check_contiguous(&loaded, &p, &plan, &lines)?;
            let c = regels.constraints(&loaded)?;
            let structures = match &regels.structuren {
                Some(s) => loaded.structures(s)?,
                None => Vec::new(),
            };
            let metrics = p.metrics(&loaded.region, &c, &structures, None);
            uitvoer::metrics(&loaded, &p, &metrics, format)?;
        }
        IndelingCmd::Herbalanceer { plan, gebied, regels, naam, out, format } => {
            let loaded = laden::load(ctx, &store, &gebied.regio, &gebied.options()).await?;
            let c = regels.constraints(&loaded)?;
            let (p, _) = resolve(&store, &loaded, &gebied.regio, &plan).await?;
            let (fixed, moved) = rebalance(&loaded.region, &c, &p)?;
            let naam = naam.unwrap_or_else(|| format!("{} hersteld", plan.trim_end_matches(".csv")));
            save(&store, &loaded, &naam, "herbalanceer", &fixed, Some(&c)).await?;
            let metrics = fixed.metrics(&loaded.region, &c, &[], Some(&p));
            if format == Format::Table {
                println!("'{naam}': {} buurten verplaatst. Opgeslagen.", moved.len());
                for &i in &moved {
                    println!(
                        "  {} van {} naar {}",
                        loaded.region.codes[i], p.names[p.assignment[i]], fixed.names[fixed.assignment[i]]
                    );
                }
            }
            uitvoer::metrics(&loaded, &fixed, &metrics, format)?;
            if let Some(out) = out {
                uitvoer::write(&loaded, &fixed, &metrics, &out)?;
            }
        }
        IndelingCmd::Vergelijk { a, b, gebied, regels, format } => {
            let loaded = laden::load(ctx, &store, &gebied.regio, &gebied.options()).await?;
            let c = regels.constraints(&loaded)?;
            let (pa, _) = resolve(&store, &loaded, &gebied.regio, &a).await?;
            let (pb, _) = resolve(&store, &loaded, &gebied.regio, &b).await?;
            uitvoer::compare(&loaded, &c, (&a, &pa), (&b, &pb), format)?;
        }
        IndelingCmd::Importeer { file, naam, gebied } => {
            let loaded = laden::load(ctx, &store, &gebied.regio, &gebied.options()).await?;
            let (p, lines) = loaded.plan_from_csv(&file)?;
            check_contiguous(&loaded, &p, &file.display().to_string(), &lines)?;
            let replaced = save(&store, &loaded, &naam, "import", &p, None).await?;
            println!(
                "Indeling '{naam}' {} met {} wijkverbanden.",
                if replaced { "vervangen" } else { "opgeslagen" },
                p.names.len()
            );
        }
        IndelingCmd::Export { naam, out, regio, regels, contiguiteit } => {
            let regio = store.plan_regio(regio.as_deref(), &naam).await?;
            let stored = store.plan(regio.as_deref(), &naam).await?;
            let Some(regio) = stored.regio.clone() else { bail!("indeling '{naam}' hoort bij geen regio") };
            let gebied = Gebied {
                regio,
                jaar: Some(stored.jaar),
                contiguiteit,
                tolerantie: 1.0,
                verbindingen: None,
                variabelen: vec![],
                praktijken: None,
            };
            let loaded = laden::load(ctx, &store, &gebied.regio, &gebied.options()).await?;
            let (p, _) = resolve(&store, &loaded, &gebied.regio, &naam).await?;
            let metrics = p.metrics(&loaded.region, &regels.constraints(&loaded)?, &[], None);
            uitvoer::write(&loaded, &p, &metrics, &out)?;
            println!("Indeling '{naam}' geschreven naar {}.", out.display());
        }
        IndelingCmd::Vaststellen { naam, regio, datum } => {
            let datum = datum.unwrap_or_else(wv_web::vandaag);
            if jiff::civil::Date::strptime("%Y-%m-%d", &datum).is_err() {
                bail!("--datum '{datum}' is geen datum: schrijf JJJJ-MM-DD, zoals 2026-12-01");
            }
            store.regio(&regio).await?;
            let actoren = store.set_wijkverband_indeling(&regio, Some(&naam), &datum, None).await?;
            let wijkverbanden = store.plan(Some(&regio), &naam).await?.staat.wijkverbanden.len();
            println!(
                "Indeling '{naam}' is op {datum} vastgesteld voor {regio}: {wijkverbanden} wijkverbanden; \
                 {actoren} actoren van de sociale kaart horen nu bij het wijkverband van hun werkplek."
            );
        }
        IndelingCmd::Vaststellingen { regio, format } => {
            store.regio(&regio).await?;
            let rows = store
                .vaststellingen(&regio)
                .await?
                .into_iter()
                .map(|v| {
                    vec![
                        super::output::Cell::Text(v.datum),
                        super::output::Cell::Text(v.indeling.unwrap_or_else(|| "(geen indeling meer)".into())),
                        super::output::Cell::Text(v.door.unwrap_or_default()),
                    ]
                })
                .collect();
            super::output::Rows { columns: vec!["datum", "indeling", "door"], rows }.print(format)?;
        }
        IndelingCmd::Lijst { format } => {
            let rows = store
                .plans(None)
                .await?
                .into_iter()
                .map(|p| {
                    vec![
                        super::output::Cell::Text(p.naam),
                        super::output::Cell::Text(p.regio.unwrap_or_default()),
                        super::output::Cell::Text(p.bron),
                    ]
                })
                .collect();
            super::output::Rows { columns: vec!["indeling", "regio", "gemaakt als"], rows }.print(format)?;
        }
    }
    Ok(())
}

async fn save(
    store: &wv_store::Store,
    loaded: &Loaded,
    naam: &str,
    bron: &str,
    plan: &Plan,
    bounds: Option<&Constraints>,
) -> Result<bool> {
    let rows = (0..loaded.region.len())
        .map(|i| (loaded.region.codes[i].clone(), plan.names[plan.assignment[i]].clone()))
        .collect();
    let mut stored = StoredPlan::new(naam, Some(&loaded.regio), loaded.jaar, bron, rows);
    stored.staat.wijkverbanden = plan
        .names
        .iter()
        .map(|n| wv_core::indeling::WijkverbandState { naam: n.clone(), vergrendeld: false })
        .collect();
    if let Some(c) = bounds {
        (stored.ondergrens, stored.plafond) = (Some(c.min), c.max);
    }
    Ok(store.save_plan(&stored, None).await?)
}

/// A plan given as a CSV path or a stored name.
async fn resolve(
    store: &wv_store::Store,
    loaded: &Loaded,
    regio: &str,
    plan: &str,
) -> Result<(Plan, Vec<Option<wv_data::Location>>)> {
    let path = std::path::Path::new(plan);
    if path.is_file() {
        return loaded.plan_from_csv(path);
    }
    let stored = store.plan(Some(regio), plan).await?;
    let rows = stored.staat.toewijzing.into_iter().map(|(b, w)| (b, w, None)).collect();
    loaded.assemble(std::path::Path::new(plan), rows)
}

/// Rejects a plan with a wijkverband in pieces, naming the pieces and their lines.
fn check_contiguous(loaded: &Loaded, plan: &Plan, source: &str, lines: &[Option<wv_data::Location>]) -> Result<()> {
    for d in 0..plan.names.len() {
        let members = plan.members(d);
        let parts = loaded.region.graph.components(|i| plan.assignment[i] == d);
        if parts.len() > 1 && !members.is_empty() {
            let smallest = parts.iter().min_by_key(|p| p.len()).expect("several parts");
            let codes: Vec<&str> = smallest.iter().map(|&i| loaded.region.codes[i].as_str()).collect();
            let mut err = DataError::new(
                std::path::Path::new(source),
                format!(
                    "wijkverband '{}' is niet aaneengesloten: het valt uiteen in {} delen; los ligt {}",
                    plan.names[d],
                    parts.len(),
                    codes.join(", ")
                ),
            )
            .field("wijkverband")
            .hint("een wijkverband bestaat uit aangrenzende buurten; wijs de losse buurten toe aan een buur");
            if let Some(at) = smallest.first().and_then(|&i| lines[i].clone()) {
                err = err.at(at);
            }
            bail!(err);
        }
    }
    Ok(())
}
