//! CBS buurt polygons with their codes, names and key figures, from GeoJSON,
//! TopoJSON or the GeoPackage CBS publishes.

mod geojson;
mod gpkg;
mod grenzen;
mod uitpakken;

use std::collections::HashMap;
use std::path::Path;

use geo_types::{Geometry, MultiPolygon};
use wv_core::gebied::{Buurt, Code, Niveau, geometry};

use crate::crs::looks_like_degrees;
use crate::figures::{FigureBuilder, Raw};
use crate::{Crs, DataError, Figures, Location};

/// How to read a buurt file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The layer (GeoPackage table or TopoJSON object) to read; needed only when
    /// a file holds several and none is evidently the buurt layer.
    pub layer: Option<String>,
    /// The CRS of a file that names none (TopoJSON, old GeoJSON in RD New).
    pub crs: Option<Crs>,
    /// Repair invalid polygons (their union with themselves) instead of refusing the file.
    pub herstel: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    TopoJson,
    GeoPackage,
}

/// The buurten of one file, validated, in WGS84.
#[derive(Debug, Clone)]
pub struct BuurtenFile {
    /// The year of the division: the one asked for, or the one the file states.
    pub jaar: i32,
    pub format: Format,
    pub crs: Crs,
    pub buurten: Vec<Buurt>,
    pub figures: Figures,
    /// Water features (CBS `water = JA`) that were left out.
    pub skipped_water: usize,
    /// Buurten whose invalid polygons were repaired (`ReadOptions::herstel`), with what was wrong.
    pub repaired: Vec<(Code, String)>,
}

/// One feature as a format reader found it.
pub(crate) struct RawFeature {
    pub number: usize,
    pub props: Vec<(String, Raw)>,
    pub geometry: Result<Option<Geometry<f64>>, String>,
}

/// Reads the buurten from a GeoJSON, TopoJSON or GeoPackage file, or from the GeoPackage or
/// GeoJSON inside a `.zip` as CBS ships it. `year` is the division's year; without it, the
/// year the file states (its `jaarstatcode`, its name).
pub async fn read(path: &Path, year: impl Into<Option<i32>>, opts: &ReadOptions) -> Result<BuurtenFile, DataError> {
    let year = year.into();
    let ext = extension(path);
    if ext == "zip" {
        let (_dir, inner) = uitpakken::kaart(path)?;
        return Box::pin(read(&inner, year, opts)).await.map_err(|e| e.inside(path));
    }
    let (format, crs, features) = if ext == "gpkg" {
        let (crs, features) = gpkg::read(path, opts.layer.as_deref()).await?;
        (Format::GeoPackage, Some(crs), features)
    } else {
        geojson::read(path, opts.layer.as_deref())?
    };
    assemble(path, year, format, crs.or(opts.crs), opts.herstel, features)
}

fn extension(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

const CODE_FIELDS: &[&str] = &["BU_CODE", "buurtcode", "statcode"];
const NAME_FIELDS: &[&str] = &["BU_NAAM", "buurtnaam", "statnaam"];
const WIJK_FIELDS: &[&str] = &["WK_CODE", "wijkcode"];
const WIJK_NAME_FIELDS: &[&str] = &["WK_NAAM", "wijknaam"];
const GM_FIELDS: &[&str] = &["GM_CODE", "gemeentecode"];
const GM_NAME_FIELDS: &[&str] = &["GM_NAAM", "gemeentenaam"];

fn text<'a>(props: &'a [(String, Raw)], names: &[&str]) -> Option<(&'a str, String)> {
    names.iter().find_map(|n| {
        props.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).and_then(|(k, v)| match v {
            Raw::Text(t) | Raw::Label(t) if !t.trim().is_empty() => Some((k.as_str(), t.trim().to_string())),
            Raw::Number(x) => Some((k.as_str(), x.to_string())),
            _ => None,
        })
    })
}

fn assemble(
    path: &Path,
    year: Option<i32>,
    format: Format,
    crs: Option<Crs>,
    herstel: bool,
    features: Vec<RawFeature>,
) -> Result<BuurtenFile, DataError> {
    if features.is_empty() {
        return Err(DataError::new(path, "bevat geen objecten").hint("is dit de buurtlaag van het bestand?"));
    }
    let mut buurten = Vec::with_capacity(features.len());
    let mut figures = FigureBuilder::new(false);
    let mut seen: HashMap<Code, usize> = HashMap::new();
    let mut skipped_water = 0;
    let mut repaired = Vec::new();
    for f in features {
        let at = |code: Option<&Code>| Location::Feature(f.number, code.map(|c| c.to_string()));
        if text(&f.props, &["water"]).is_some_and(|(_, w)| w.eq_ignore_ascii_case("JA")) {
            skipped_water += 1;
            continue;
        }
        let (code_field, code) = text(&f.props, CODE_FIELDS).ok_or_else(|| {
            DataError::new(path, "heeft geen buurtcode")
                .at(at(None))
                .field(CODE_FIELDS[0])
                .hint("elk object heeft zijn CBS-code (BU + 8 cijfers) nodig in BU_CODE of buurtcode")
        })?;
        let code =
            Code::parse(&code).map_err(|e| DataError::new(path, e.to_string()).at(at(None)).field(code_field))?;
        if code.niveau() != Niveau::Buurt {
            return Err(DataError::new(path, format!("{code} is een {}code, geen buurtcode", code.niveau().naam()))
                .at(at(None))
                .field(code_field)
                .hint("lees de buurtlaag van het bestand in (--layer)"));
        }
        if let Some(first) = seen.insert(code.clone(), f.number) {
            return Err(DataError::new(path, format!("{code} staat er twee keer in, ook in object {first}"))
                .at(at(Some(&code)))
                .field(code_field)
                .hint("elke buurt mag één keer voorkomen; voeg de delen samen tot één MultiPolygon"));
        }
        let naam = text(&f.props, NAME_FIELDS)
            .map(|(_, n)| n)
            .ok_or_else(|| DataError::new(path, "heeft geen buurtnaam").at(at(Some(&code))).field(NAME_FIELDS[0]))?;
        let derived_wijk = code.wijk().expect("a buurt code has a wijk");
        let wijk_code = match text(&f.props, WIJK_FIELDS) {
            Some((field, w)) => {
                let w = Code::parse(&w)
                    .map_err(|e| DataError::new(path, e.to_string()).at(at(Some(&code))).field(field))?;
                if w != derived_wijk {
                    return Err(DataError::new(path, format!("wijk {w} past niet bij buurtcode {code}"))
                        .at(at(Some(&code)))
                        .field(field)
                        .hint("een buurtcode begint met de cijfers van de wijkcode"));
                }
                w
            }
            None => derived_wijk,
        };
        let gemeente_code = code.gemeente().expect("a buurt code has a gemeente");
        let gemeente_naam = text(&f.props, GM_NAME_FIELDS).map(|(_, n)| n).unwrap_or_else(|| gemeente_code.to_string());
        if let Some((field, g)) = text(&f.props, GM_FIELDS)
            && g != gemeente_code.as_str()
        {
            return Err(DataError::new(path, format!("gemeente {g} past niet bij buurtcode {code}"))
                .at(at(Some(&code)))
                .field(field)
                .hint("een buurtcode begint met de cijfers van de gemeentecode"));
        }
        let mut geometrie = areal(path, &f, crs, at(Some(&code)))?;
        if let Some(why) = grenzen::ongeldig(&geometrie) {
            if !herstel {
                return Err(DataError::new(path, format!("heeft een ongeldig vlak: {why}"))
                    .at(at(Some(&code)))
                    .field("geometry")
                    .hint(
                        "herstel het in QGIS (Vector › Geometrie › Geometrieën herstellen), of lees in met --herstel",
                    ));
            }
            geometrie = grenzen::herstel(&geometrie).ok_or_else(|| {
                DataError::new(path, format!("heeft een ongeldig vlak dat niet te herstellen is: {why}"))
                    .at(at(Some(&code)))
                    .field("geometry")
            })?;
            repaired.push((code.clone(), why));
        }
        buurten.push(Buurt {
            jaar: 0,
            code: code.clone(),
            naam,
            wijk_code,
            wijk_naam: text(&f.props, WIJK_NAME_FIELDS).map(|(_, n)| n),
            gemeente_code,
            gemeente_naam,
            geometrie,
        });
        figures.add_row(code, at(None), f.props);
    }
    let figures = figures.finish(path)?;
    let jaar = figures.year(path, year)?;
    buurten.iter_mut().for_each(|b| b.jaar = jaar);
    Ok(BuurtenFile { jaar, format, crs: crs.unwrap_or(Crs::Wgs84), buurten, figures, skipped_water, repaired })
}

fn areal(path: &Path, f: &RawFeature, crs: Option<Crs>, at: Location) -> Result<MultiPolygon<f64>, DataError> {
    let err = |m: String| DataError::new(path, m).at(at.clone()).field("geometry");
    let g = f.geometry.clone().map_err(|e| err(format!("ongeldige geometrie: {e}")))?;
    let g = g.ok_or_else(|| err("heeft geen geometrie".into()))?;
    let mp = geometry::to_multi_polygon(g).map_err(|e| err(e.to_string()))?;
    for (pi, p) in mp.0.iter().enumerate() {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            if ring.0.len() < 4 || ring.0.first() != ring.0.last() {
                return Err(err(format!(
                    "vlak {} heeft een ring die niet gesloten is of minder dan 4 punten heeft",
                    pi + 1
                ))
                .hint("het bestand is misschien afgebroken of beschadigd; exporteer het opnieuw"));
            }
        }
    }
    let mp = match crs {
        Some(c) => c.to_wgs84(mp).map_err(|e| err(format!("kan niet omrekenen naar WGS84: {e}")))?,
        None => mp,
    };
    if crs.is_none() && !looks_like_degrees(&mp) {
        return Err(err("de coördinaten zijn geen lengte- en breedtegraden".into())
            .hint("het bestand noemt geen bekend coördinatenstelsel; staat het in RD New (EPSG:28992), geef dan --crs EPSG:28992"));
    }
    if let Some((x, y)) = grenzen::buiten_nederland(&mp) {
        let assumed = crs.unwrap_or(Crs::Wgs84);
        let name = match assumed {
            Crs::RdNew => "RD New (EPSG:28992)",
            Crs::Wgs84 => "WGS84 (EPSG:4326)",
        };
        return Err(err(format!("ligt buiten Nederland (lengte {x:.4}, breedte {y:.4}), gelezen als {name}"))
            .hint(grenzen::hint(assumed)));
    }
    Ok(mp)
}
