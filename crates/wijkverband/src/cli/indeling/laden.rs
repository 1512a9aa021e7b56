//! A region's buurten as the engine needs them: geometry, contiguity,
//! population and the chosen variables, loaded from the store.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use wv_core::gebied::Buurt;
use wv_core::indeling::contiguity::{Kind, Options};
use wv_core::indeling::{Plan, Region, Structure, contiguity};
use wv_core::indicator::{SeriesKey, aggregate};
use wv_data::{DataError, Location};
use wv_store::{BuurtFilter, Store};

use crate::cli::Ctx;

pub struct Loaded {
    pub regio: String,
    pub jaar: i32,
    pub buurten: Vec<Buurt>,
    pub region: Region,
    /// Notes for the user (imputed values, islands).
    pub notes: Vec<String>,
}

pub struct LoadOptions<'a> {
    pub jaar: Option<i32>,
    pub variabelen: &'a [String],
    pub kind: Kind,
    pub tolerantie: f64,
    pub verbindingen: Option<&'a Path>,
}

pub async fn load(ctx: &Ctx, store: &Store, regio: &str, o: &LoadOptions<'_>) -> Result<Loaded> {
    let cat = &ctx.catalogue;
    let gemeenten = store.regio(regio).await?.gemeenten;
    let jaar = store.resolve_jaar(o.jaar).await?;
    let buurten = store.buurten_met_geometrie(&BuurtFilter { jaar: Some(jaar), gemeenten }).await?;
    if buurten.is_empty() {
        bail!("regio '{regio}' heeft geen buurten in de indeling {jaar}");
    }
    let polys: Vec<_> = buurten.iter().map(|b| b.geometrie.clone()).collect();
    let mut cont = contiguity(&polys, Options { kind: o.kind, tolerance_m: o.tolerantie });
    let codes: Vec<String> = buurten.iter().map(|b| b.code.to_string()).collect();
    if let Some(path) = o.verbindingen {
        for (a, b, at) in wv_data::indeling::read_verbindingen(path)? {
            let find = |c: &wv_core::gebied::Code, field: &str| {
                codes.iter().position(|x| x == c.as_str()).ok_or_else(|| {
                    anyhow!(
                        DataError::new(path, format!("{c} is geen buurt van regio {regio} (indeling {jaar})"))
                            .at(at.clone())
                            .field(field)
                    )
                })
            };
            let (i, j) = (find(&a, "buurtcode_a")?, find(&b, "buurtcode_b")?);
            cont.graph.connect(i, j, 0.0);
        }
        cont.islands.retain(|&i| cont.graph.neighbours(i).is_empty());
    }
    let mut notes = Vec::new();
    if !cont.islands.is_empty() {
        notes.push(format!(
            "Buurten zonder buren (eilanden; niet stilzwijgend verbonden, sta verbindingen toe met --verbindingen): {}",
            cont.islands.iter().map(|&i| codes[i].as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    for (e, host) in &cont.enclaves {
        notes.push(format!("{} ligt geheel binnen {} (enclave)", codes[*e], codes[*host]));
    }

    // Population: the catalogue's inhabitants of each buurt.
    let inw = cat.position("inwoners").ok_or_else(|| anyhow!("de catalogus heeft geen indicator 'inwoners'"))?;
    let mut series = cat.series_of(inw);
    let mut columns: Vec<Column> = Vec::new();
    for v in o.variabelen {
        match cat.position(v) {
            Some(i) => {
                series.extend(cat.series_of(i));
                columns.push(Column::Indicator(i));
            }
            None => {
                let key = SeriesKey::new("kwb", jaar, "", v);
                series.push(key.clone());
                columns.push(Column::Series(key));
            }
        }
    }
    let code_refs: Vec<wv_core::gebied::Code> = buurten.iter().map(|b| b.code.clone()).collect();
    let values = store.values(&code_refs, &series).await?;
    for (v, col) in o.variabelen.iter().zip(&columns) {
        if let Column::Series(key) = col
            && !values.has_series(key)
        {
            bail!(
                "--variabelen: '{v}' is geen indicator (zie `wijkverband indicatoren`) en geen kerncijfer van {jaar}"
            );
        }
    }
    let mut population = Vec::with_capacity(codes.len());
    let mut raw: Vec<Vec<Option<f64>>> = Vec::with_capacity(codes.len());
    for c in &codes {
        let own = aggregate(cat, &values, &[c]);
        population.push(own[inw].waarde.ok_or_else(|| anyhow!("het aantal inwoners van {c} is onbekend"))?);
        raw.push(
            columns
                .iter()
                .map(|col| match col {
                    Column::Indicator(i) => own[*i].waarde,
                    Column::Series(key) => values.get(c, key),
                })
                .collect(),
        );
    }
    // Unknown values take the region's mean (z = 0), and the user is told.
    let mut attrs = vec![vec![0.0; columns.len()]; codes.len()];
    for (k, v) in o.variabelen.iter().enumerate() {
        let known: Vec<f64> = raw.iter().filter_map(|r| r[k]).collect();
        let mean = known.iter().sum::<f64>() / known.len().max(1) as f64;
        let missing = raw.len() - known.len();
        if missing > 0 {
            notes.push(format!("{v}: {missing} buurten zonder waarde krijgen het gemiddelde van de regio"));
        }
        for (a, r) in attrs.iter_mut().zip(&raw) {
            a[k] = r[k].unwrap_or(mean);
        }
    }
    let gemeente = buurten.iter().map(|b| b.gemeente_code.to_string()).collect();
    let region = Region::new(codes, population, gemeente, &polys, attrs, cont.graph);
    Ok(Loaded { regio: regio.to_string(), jaar, buurten, region, notes })
}

enum Column {
    Indicator(usize),
    Series(SeriesKey),
}

impl Loaded {
    /// Reads existing structures (`buurtcode,structuur,gebied`) for this region.
    pub fn structures(&self, path: &Path) -> Result<Vec<Structure>> {
        let mut out: Vec<Structure> = Vec::new();
        for row in wv_data::indeling::read_structuren(path)? {
            let Some(i) = self.region.index_of(row.buurt.as_str()) else {
                bail!(
                    DataError::new(
                        path,
                        format!("{} is geen buurt van regio {} (indeling {})", row.buurt, self.regio, self.jaar)
                    )
                    .at(row.regel)
                    .field("buurtcode")
                );
            };
            let s = match out.iter_mut().position(|s| s.naam == row.structuur) {
                Some(k) => &mut out[k],
                None => {
                    out.push(Structure { naam: row.structuur.clone(), gebied: vec![None; self.region.len()] });
                    out.last_mut().expect("just pushed")
                }
            };
            s.gebied[i] = Some(row.gebied);
        }
        Ok(out)
    }

    /// Reads a plan (`buurtcode,wijkverband`) for this region: every buurt exactly once.
    pub fn plan_from_csv(&self, path: &Path) -> Result<(Plan, Vec<Location>)> {
        let rows =
            wv_data::indeling::read(path)?.into_iter().map(|t| (t.buurt.to_string(), t.wijkverband, t.regel)).collect();
        self.assemble(path, rows)
    }

    /// A plan from (buurt, wijkverband, where) rows; unknown and missing buurten are errors.
    pub fn assemble(&self, source: &Path, rows: Vec<(String, String, Location)>) -> Result<(Plan, Vec<Location>)> {
        let n = self.region.len();
        let mut assignment = vec![usize::MAX; n];
        let mut lines = vec![Location::Line(0); n];
        let mut names: Vec<String> = Vec::new();
        for (buurt, wijkverband, at) in rows {
            let i = self.index(source, &buurt, &at)?;
            let d = match names.iter().position(|n| *n == wijkverband) {
                Some(d) => d,
                None => {
                    names.push(wijkverband);
                    names.len() - 1
                }
            };
            assignment[i] = d;
            lines[i] = at;
        }
        let missing: Vec<&str> =
            (0..n).filter(|&i| assignment[i] == usize::MAX).map(|i| self.region.codes[i].as_str()).collect();
        if !missing.is_empty() {
            bail!(
                DataError::new(
                    source,
                    format!("{} buurten van regio {} ontbreken: {}", missing.len(), self.regio, missing.join(", "))
                )
                .hint("wijs elke buurt van de regio toe aan een wijkverband")
            );
        }
        Ok((Plan { names, assignment }, lines))
    }

    /// Buurten pinned to a wijkverband (`buurtcode,wijkverband`, any subset of the region).
    pub fn pinned(&self, path: &Path) -> Result<Vec<(usize, String)>> {
        wv_data::indeling::read(path)?
            .into_iter()
            .map(|t| Ok((self.index(path, t.buurt.as_str(), &t.regel)?, t.wijkverband)))
            .collect()
    }

    fn index(&self, source: &Path, buurt: &str, at: &Location) -> Result<usize> {
        self.region.index_of(buurt).ok_or_else(|| {
            let mut e = DataError::new(
                source,
                format!("{buurt} is geen buurt van regio {} (indeling {})", self.regio, self.jaar),
            )
            .field("buurtcode")
            .hint("gebruik de buurtcodes van de regio en het jaar van de ingelezen buurten");
            if *at != Location::Line(0) {
                e = e.at(at.clone());
            }
            anyhow!(e)
        })
    }
}
