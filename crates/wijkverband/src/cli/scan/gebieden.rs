//! Which areas to scan, and what to compare each with.

use std::collections::{BTreeSet, HashMap};

use anyhow::{Result, anyhow, bail};
use clap::ValueEnum;
use wv_core::gebied::{Code, Niveau};
use wv_core::indicator::{Catalogue, Kind, ValueTable, aggregate};
use wv_core::scan::{Area, BuurtFigures, Soort, gemeenten_naam};
use wv_data::DataError;
use wv_store::{BuurtRij, Regio};

use super::{Per, ScanArgs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReferentieSoort {
    /// De gemeente(n) waarin het gebied ligt.
    Gemeente,
    /// De regio van --regio, of de regio waarin het gebied ligt.
    Regio,
    /// Nederland, zoals de bronnen het publiceren (alleen gezondheidscijfers).
    Nl,
    /// Buurten die even stedelijk zijn.
    Vergelijkbaar,
    /// Alle ingelezen buurten van het jaar.
    Alle,
}

/// The buurten of one year, by code, wijk and gemeente.
pub struct Index<'a> {
    rows: &'a [BuurtRij],
    by_code: HashMap<&'a str, &'a BuurtRij>,
}

impl<'a> Index<'a> {
    pub fn new(rows: &'a [BuurtRij]) -> Index<'a> {
        Index { rows, by_code: rows.iter().map(|r| (r.code.as_str(), r)).collect() }
    }

    fn buurt(&self, code: &str) -> Option<&'a BuurtRij> {
        self.by_code.get(code).copied()
    }

    fn where_(&self, f: impl Fn(&BuurtRij) -> bool) -> Vec<&'a BuurtRij> {
        self.rows.iter().filter(|r| f(r)).collect()
    }

    fn jaar(&self) -> i32 {
        self.rows.first().map(|r| r.jaar).unwrap_or_default()
    }
}

fn codes(rows: &[&BuurtRij]) -> Vec<String> {
    rows.iter().map(|r| r.code.to_string()).collect()
}

fn parse(text: &str, niveau: Niveau, flag: &str) -> Result<Code> {
    let c = Code::parse(text).map_err(|e| anyhow!("{flag}: {e}"))?;
    if c.niveau() != niveau {
        bail!("{flag}: {c} is geen {}code", niveau.naam());
    }
    Ok(c)
}

/// The areas the arguments name, split with --per.
pub fn areas(args: &ScanArgs, index: &Index, regio: Option<&Regio>) -> Result<Vec<Area>> {
    let jaar = index.jaar();
    let missing = |c: &Code| anyhow!("{c} is geen {} van de indeling {jaar}", c.niveau().naam());
    let mut out = Vec::new();
    for b in &args.buurt {
        let c = parse(b, Niveau::Buurt, "--buurt")?;
        out.push(Area::buurt(index.buurt(c.as_str()).ok_or_else(|| missing(&c))?));
    }
    if !args.buurten.is_empty() {
        let mut set = Vec::new();
        for b in &args.buurten {
            let c = parse(b, Niveau::Buurt, "--buurten")?;
            index.buurt(c.as_str()).ok_or_else(|| missing(&c))?;
            set.push(c.to_string());
        }
        let set: Vec<&str> = set.iter().map(String::as_str).collect();
        out.push(Area::selectie(&set, args.naam.as_deref()));
    }
    for w in &args.wijk {
        let c = parse(w, Niveau::Wijk, "--wijk")?;
        out.push(Area::wijk(index.rows, &c).ok_or_else(|| missing(&c))?);
    }
    for g in &args.gemeente {
        let c = parse(g, Niveau::Gemeente, "--gemeente")?;
        out.push(Area::gemeente(index.rows, &c).ok_or_else(|| missing(&c))?);
    }
    if let Some(path) = &args.indeling {
        let plan = wv_data::indeling::read(path)?;
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, Vec<String>> = HashMap::new();
        for t in plan {
            if index.buurt(t.buurt.as_str()).is_none() {
                bail!(
                    DataError::new(path, format!("{} is geen buurt van de indeling {jaar}", t.buurt))
                        .at(t.regel)
                        .field("buurtcode")
                        .hint("gebruik buurtcodes van het jaar van de ingelezen buurten (--jaar)")
                );
            }
            if !groups.contains_key(&t.wijkverband) {
                order.push(t.wijkverband.clone());
            }
            groups.entry(t.wijkverband).or_default().push(t.buurt.to_string());
        }
        out.extend(order.into_iter().map(|naam| {
            let buurten = groups.remove(&naam).unwrap_or_default();
            Area::wijkverband(&naam, buurten)
        }));
    }
    if out.is_empty()
        && let Some(r) = regio
    {
        out.push(Area::regio(&r.naam, index.rows, &r.gemeenten));
    }
    let per = args.per.map(|p| match p {
        Per::Buurt => wv_core::scan::Per::Buurt,
        Per::Wijk => wv_core::scan::Per::Wijk,
        Per::Gemeente => wv_core::scan::Per::Gemeente,
    });
    Ok(match per {
        None => out,
        Some(per) => out.iter().flat_map(|a| a.split(index.rows, per)).collect(),
    })
}

/// What an area is compared with: a cache key, a name, the buurten of the
/// distribution, and the area whose published figures are the reference values.
pub type ReferenceSpec = (String, String, Vec<String>, Option<&'static str>);

#[allow(clippy::too_many_arguments)]
pub fn reference(
    soort: Option<ReferentieSoort>,
    area: &Area,
    index: &Index,
    regio: Option<&Regio>,
    regios: &[Regio],
    cat: &Catalogue,
    values: &ValueTable,
    figures: &BuurtFigures,
) -> Result<ReferenceSpec> {
    let gemeenten: BTreeSet<Code> =
        area.buurten.iter().filter_map(|b| index.buurt(b)).map(|r| r.gemeente_code.clone()).collect();
    let soort = soort.unwrap_or(if gemeenten.len() == 1 && area.soort != Soort::Gemeente {
        ReferentieSoort::Gemeente
    } else {
        ReferentieSoort::Alle
    });
    let all = || codes(&index.where_(|_| true));
    Ok(match soort {
        ReferentieSoort::Gemeente => {
            let rows = index.where_(|r| gemeenten.contains(&r.gemeente_code));
            let mut names: Vec<&str> = Vec::new();
            for r in &rows {
                if !names.contains(&r.gemeente_naam.as_str()) {
                    names.push(&r.gemeente_naam);
                }
            }
            let naam = gemeenten_naam(&names);
            let key = format!("gemeente:{}", gemeenten.iter().map(Code::to_string).collect::<Vec<_>>().join(","));
            (key, naam, codes(&rows), None)
        }
        ReferentieSoort::Regio => {
            let r = match regio {
                Some(r) => r,
                None => regios
                    .iter()
                    .find(|r| gemeenten.iter().all(|g| r.gemeenten.contains(g)))
                    .ok_or_else(|| anyhow!("geen regio die alle gemeenten van {} omvat: geef --regio", area.naam))?,
            };
            let rows = index.where_(|b| r.gemeenten.contains(&b.gemeente_code));
            (format!("regio:{}", r.naam), format!("regio {}", r.naam), codes(&rows), None)
        }
        ReferentieSoort::Nl => ("nl".into(), "Nederland".into(), all(), Some("NL01")),
        ReferentieSoort::Vergelijkbaar => {
            let i = cat
                .position("stedelijkheid")
                .ok_or_else(|| anyhow!("de catalogus heeft geen indicator 'stedelijkheid'"))?;
            let Kind::Class { classes, .. } = &cat.indicators[i].kind else { bail!("'stedelijkheid' is geen klasse") };
            let class = aggregate(cat, values, &area.buurten)[i].waarde.ok_or_else(|| {
                anyhow!("de stedelijkheid van {} is onbekend: kies een andere --referentie", area.naam)
            })?;
            let rows = index.where_(|r| figures.get(r.code.as_str()).and_then(|a| a[i].waarde) == Some(class));
            let label = classes.get(class as usize - 1).cloned().unwrap_or_default();
            (format!("stedelijkheid:{class}"), format!("buurten die even stedelijk zijn ({label})"), codes(&rows), None)
        }
        ReferentieSoort::Alle => ("alle".into(), "alle ingelezen buurten".into(), all(), None),
    })
}
