//! A plan as CSV: `buurtcode,wijkverband`, one row per buurt — the exchange
//! format for wijkindelingen made here or elsewhere.

use std::collections::HashMap;
use std::path::Path;

use wv_core::gebied::{Code, Niveau};

use crate::table::Table;
use crate::{DataError, Location};

/// One assignment of a plan, with where it stands in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Toewijzing {
    pub buurt: Code,
    pub wijkverband: String,
    pub regel: Location,
}

pub fn read(path: &Path) -> Result<Vec<Toewijzing>, DataError> {
    from_table(path, Table::open(path)?)
}

/// A plan from uploaded text: CSV (`buurtcode,wijkverband`) or GeoJSON
/// (features with the properties buurtcode and wijkverband); `name` names it in messages.
pub fn read_text(name: &Path, text: String) -> Result<Vec<Toewijzing>, DataError> {
    if text.trim_start().starts_with('{') {
        return from_geojson(name, &text);
    }
    from_table(name, Table::from_text(name, text)?)
}

const CODE_COLUMNS: [&str; 3] = ["buurtcode", "BU_CODE", "buurt"];
const NAME_COLUMNS: [&str; 3] = ["wijkverband", "gebied", "district"];

fn from_geojson(path: &Path, text: &str) -> Result<Vec<Toewijzing>, DataError> {
    let fc: geojson::FeatureCollection = text.parse().map_err(|e| {
        DataError::new(path, format!("is geen geldige GeoJSON FeatureCollection: {e}"))
            .hint("lever een CSV buurtcode,wijkverband of GeoJSON met die eigenschappen per buurt")
    })?;
    let rows = fc.features.iter().enumerate().map(|(k, f)| {
        let prop = |names: &[&str]| {
            names.iter().find_map(|n| f.property(n).and_then(|v| v.as_str()).map(str::to_string)).unwrap_or_default()
        };
        (Location::Feature(k + 1, None), prop(&CODE_COLUMNS), prop(&NAME_COLUMNS))
    });
    assignments(path, rows, (CODE_COLUMNS[0], NAME_COLUMNS[0]))
}

fn from_table(path: &Path, mut table: Table) -> Result<Vec<Toewijzing>, DataError> {
    let need = |t: &Table, names: &[&str]| {
        t.column(names).ok_or_else(|| {
            DataError::new(path, format!("heeft geen kolom '{}'", names[0]))
                .at(Location::Line(1))
                .hint("een indeling heeft de kolommen buurtcode,wijkverband")
        })
    };
    let code_col = need(&table, &CODE_COLUMNS)?;
    let name_col = need(&table, &NAME_COLUMNS)?;
    let headers = table.headers.clone();
    let mut rows = Vec::new();
    for record in table.records(path) {
        let (line, record) = record?;
        let field = |c: usize| record.get(c).unwrap_or("").to_string();
        rows.push((Location::Line(line), field(code_col), field(name_col)));
    }
    assignments(path, rows, (&headers[code_col], &headers[name_col]))
}

/// Checks (where, buurt code, wijkverband) rows: buurt codes, each once, a wijkverband each.
fn assignments(
    path: &Path,
    rows: impl IntoIterator<Item = (Location, String, String)>,
    (code_field, name_field): (&str, &str),
) -> Result<Vec<Toewijzing>, DataError> {
    let mut seen: HashMap<Code, Location> = HashMap::new();
    let mut out = Vec::new();
    for (at, code, wijkverband) in rows {
        let buurt =
            Code::parse(&code).map_err(|e| DataError::new(path, e.to_string()).at(at.clone()).field(code_field))?;
        if buurt.niveau() != Niveau::Buurt {
            return Err(DataError::new(path, format!("{buurt} is geen buurtcode")).at(at).field(code_field));
        }
        if let Some(first) = seen.insert(buurt.clone(), at.clone()) {
            return Err(DataError::new(path, format!("{buurt} staat er twee keer in, ook op {first}"))
                .at(at)
                .field(code_field)
                .hint("elke buurt hoort bij precies één wijkverband"));
        }
        let wijkverband = wijkverband.trim().to_string();
        if wijkverband.is_empty() {
            return Err(DataError::new(path, "geen wijkverband").at(at).field(name_field));
        }
        out.push(Toewijzing { buurt, wijkverband, regel: at });
    }
    if out.is_empty() {
        return Err(DataError::new(path, "heeft geen rijen").at(Location::Line(2)));
    }
    Ok(out)
}

/// One buurt's area in an existing structure (`buurtcode,structuur,gebied`).
#[derive(Debug, Clone, PartialEq)]
pub struct StructuurRij {
    pub buurt: Code,
    pub structuur: String,
    pub gebied: String,
    pub regel: Location,
}

/// Existing structures: wijkverpleging team areas, sociale wijkteams, GP catchments.
pub fn read_structuren(path: &Path) -> Result<Vec<StructuurRij>, DataError> {
    structures_from(path, Table::open(path)?)
}

/// Structures from uploaded text; `name` names it in messages.
pub fn read_structuren_text(name: &Path, text: String) -> Result<Vec<StructuurRij>, DataError> {
    structures_from(name, Table::from_text(name, text)?)
}

fn structures_from(path: &Path, table: Table) -> Result<Vec<StructuurRij>, DataError> {
    let rows = read_columns(
        path,
        table,
        &[&["buurtcode", "BU_CODE"], &["structuur"], &["gebied"]],
        "buurtcode,structuur,gebied",
    )?;
    rows.into_iter()
        .map(|(line, v)| {
            let at = Location::Line(line);
            let buurt = buurt_code(path, &v[0], &at, "buurtcode")?;
            Ok(StructuurRij { buurt, structuur: v[1].clone(), gebied: v[2].clone(), regel: at })
        })
        .collect()
}

/// Extra links the user allows (a bridge, a ferry): `buurtcode_a,buurtcode_b`.
pub fn read_verbindingen(path: &Path) -> Result<Vec<(Code, Code, Location)>, DataError> {
    let rows = read_columns(
        path,
        Table::open(path)?,
        &[&["buurtcode_a", "van"], &["buurtcode_b", "naar"]],
        "buurtcode_a,buurtcode_b",
    )?;
    rows.into_iter()
        .map(|(line, v)| {
            let at = Location::Line(line);
            Ok((buurt_code(path, &v[0], &at, "buurtcode_a")?, buurt_code(path, &v[1], &at, "buurtcode_b")?, at))
        })
        .collect()
}

fn buurt_code(path: &Path, text: &str, at: &Location, field: &str) -> Result<Code, DataError> {
    let c = Code::parse(text).map_err(|e| DataError::new(path, e.to_string()).at(at.clone()).field(field))?;
    if c.niveau() != Niveau::Buurt {
        return Err(DataError::new(path, format!("{c} is geen buurtcode")).at(at.clone()).field(field));
    }
    Ok(c)
}

/// The named columns of every row (each column by one of its accepted names), non-empty.
fn read_columns(
    path: &Path,
    mut table: Table,
    columns: &[&[&str]],
    expected: &str,
) -> Result<Vec<(u64, Vec<String>)>, DataError> {
    let idx = columns
        .iter()
        .map(|names| {
            table.column(names).ok_or_else(|| {
                DataError::new(path, format!("heeft geen kolom '{}'", names[0]))
                    .at(Location::Line(1))
                    .hint(format!("verwacht de kolommen {expected}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let headers = table.headers.clone();
    let mut out = Vec::new();
    for record in table.records(path) {
        let (line, record) = record?;
        let mut values = Vec::with_capacity(idx.len());
        for &i in &idx {
            let v = record.get(i).unwrap_or("").trim().to_string();
            if v.is_empty() {
                return Err(DataError::new(path, "is leeg").at(Location::Line(line)).field(&headers[i]));
            }
            values.push(v);
        }
        out.push((line, values));
    }
    Ok(out)
}

/// A GP practice (or other service) as a point with a capacity: `naam,lon,lat,capaciteit`
/// (WGS84 degrees; capacity e.g. in FTE or listed patients).
#[derive(Debug, Clone, PartialEq)]
pub struct Praktijk {
    pub naam: String,
    pub lon: f64,
    pub lat: f64,
    pub capaciteit: f64,
    pub regel: Location,
}

pub fn read_praktijken(path: &Path) -> Result<Vec<Praktijk>, DataError> {
    let rows = read_columns(
        path,
        Table::open(path)?,
        &[&["naam"], &["lon", "lengtegraad"], &["lat", "breedtegraad"], &["capaciteit"]],
        "naam,lon,lat,capaciteit",
    )?;
    rows.into_iter()
        .map(|(line, v)| {
            let at = Location::Line(line);
            let number = |k: usize, field: &str, range: std::ops::RangeInclusive<f64>| {
                v[k].parse::<f64>().ok().filter(|x| range.contains(x)).ok_or_else(|| {
                    DataError::new(path, format!("'{}' is geen geldige waarde", v[k]))
                        .at(at.clone())
                        .field(field)
                        .hint("lon en lat in graden (WGS84), capaciteit een getal van 0 of meer")
                })
            };
            Ok(Praktijk {
                naam: v[0].clone(),
                lon: number(1, "lon", -180.0..=180.0)?,
                lat: number(2, "lat", -90.0..=90.0)?,
                capaciteit: number(3, "capaciteit", 0.0..=f64::MAX)?,
                regel: at,
            })
        })
        .collect()
}
