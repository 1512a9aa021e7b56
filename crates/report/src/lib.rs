//! The startfoto report: one printable A4 page per area (map, charts,
//! veerkracht, opgaven, room for notes), an overview of all areas side by side,
//! and every figure with its source and year. Self-contained HTML: no external
//! requests, usable offline and on the wall of a duidingssessie.

pub mod netwerk;
pub mod plan;
pub mod svg;

use std::collections::HashMap;

use askama::Template;
use geo_types::MultiPolygon;
use wv_core::format;
use wv_core::indicator::Catalogue;
use wv_core::scan::{BuurtFigures, Profile, VeerkrachtModel};

pub use svg::{class_of, quantile_breaks};

/// Everything a report needs.
pub struct ReportInput<'a> {
    pub titel: &'a str,
    /// The year of the area division.
    pub jaar: i32,
    pub catalogue: &'a Catalogue,
    pub model: &'a VeerkrachtModel,
    pub profiles: &'a [Profile],
    /// Name and outline of every buurt that occurs in a profile.
    pub buurten: &'a HashMap<String, (String, MultiPolygon<f64>)>,
    /// Each buurt's own figures, for the map.
    pub figures: &'a BuurtFigures,
    /// The indicator the maps show.
    pub kaart: usize,
    /// A CSP nonce for the inline style and script, when served by the web app.
    pub nonce: Option<&'a str>,
    /// Wijkfoto's of areas in the report (matched by name): their analysis goes on the area's page.
    pub wijkfotos: &'a [netwerk::Samenvatting],
}

const AGE: [&str; 5] = ["aandeel_0_14", "aandeel_15_24", "aandeel_25_44", "aandeel_45_64", "aandeel_65plus"];
const FACTS: [&str; 4] = ["inwoners", "huishoudens", "bevolkingsdichtheid", "stedelijkheid"];
const KEY: [&str; 4] =
    ["aandeel_65plus", "aandeel_eenpersoonshuishoudens", "eenzaam_65plus", "moeite_rondkomen_18plus"];

struct Fact {
    label: String,
    waarde: String,
    referentie: String,
}

struct MapRow {
    code: String,
    naam: String,
    waarde: String,
    klasse: String,
}

struct Component {
    label: String,
    score: String,
    bar: String,
    uitleg: String,
    indicatoren: Vec<(String, String)>,
}

struct Opgave {
    tekst: String,
    bron: String,
}

struct Figure {
    label: String,
    waarde: String,
    referentie: String,
    verschil: String,
    percentiel: String,
    dekking: String,
    bron: String,
}

struct AreaView {
    id: String,
    naam: String,
    soort: String,
    buurten: usize,
    referentie: String,
    feiten: Vec<Fact>,
    kaart_titel: String,
    kaart: String,
    legenda: String,
    kaart_rijen: Vec<MapRow>,
    leeftijd: String,
    kerncijfers: String,
    kerncijfers_bron: String,
    feiten_bron: String,
    leeftijd_bron: String,
    veerkracht_bron: String,
    veerkracht_score: String,
    veerkracht_bar: String,
    onderdelen: Vec<Component>,
    opgaven: Vec<Opgave>,
    cijfers: Vec<Figure>,
    wijkfoto: Option<netwerk::Samenvatting>,
}

struct Source {
    nummer: usize,
    naam: String,
    uitgever: String,
    jaar: i32,
    licentie: String,
    toelichting: String,
}

struct OverviewRow {
    id: String,
    naam: String,
    soort: String,
    cells: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "startfoto.html")]
struct Startfoto {
    titel: String,
    jaar: i32,
    areas: Vec<AreaView>,
    overzicht_kolommen: Vec<String>,
    overzicht: Vec<OverviewRow>,
    indicatoren: Vec<(String, String)>,
    data_json: String,
    methode: String,
    bronnen: Vec<Source>,
    nonce: Option<String>,
}

/// Renders the whole report as one HTML document.
pub fn startfoto(input: &ReportInput) -> Result<String, askama::Error> {
    let cat = input.catalogue;
    let numbers = source_numbers(cat);
    let areas: Vec<AreaView> =
        input.profiles.iter().enumerate().map(|(n, p)| area_view(input, n, p, &numbers)).collect();

    let columns: Vec<(&str, String)> = std::iter::once(("inwoners", "Inwoners".to_string()))
        .chain(KEY.iter().filter_map(|c| cat.get(c).map(|i| (*c, short_label(&i.label, &i.unit)))))
        .collect();
    let mut overzicht_kolommen: Vec<String> = columns.iter().map(|(_, l)| l.clone()).collect();
    overzicht_kolommen.push("Veerkracht".into());
    overzicht_kolommen.extend(input.model.onderdelen.iter().map(|o| o.label.clone()));
    let overzicht = input
        .profiles
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let mut cells: Vec<(String, String)> = columns
                .iter()
                .map(|(c, _)| {
                    let v = p.row(c).and_then(|r| r.waarde);
                    let text = match cat.get(c) {
                        Some(i) => format::bare(i, v),
                        None => format::count(v),
                    };
                    (sort_key(v), text)
                })
                .collect();
            cells.push((sort_key(p.veerkracht.score), svg::signed(p.veerkracht.score)));
            cells.extend(p.veerkracht.onderdelen.iter().map(|o| (sort_key(o.score), svg::signed(o.score))));
            OverviewRow {
                id: format!("gebied-{n}"),
                naam: p.gebied.naam.clone(),
                soort: p.gebied.soort.label().into(),
                cells,
            }
        })
        .collect();
    let indicatoren = cat.indicators.iter().map(|i| (i.code.clone(), format!("{} ({})", i.label, i.unit))).collect();
    let data = serde_json::json!({
        "indicatoren": cat.indicators.iter().map(|i| serde_json::json!({"code": i.code, "eenheid": i.unit})).collect::<Vec<_>>(),
        "gebieden": input.profiles.iter().map(|p| {
            cat.indicators.iter().map(|i| {
                let v = p.row(&i.code).and_then(|r| r.waarde);
                serde_json::json!([v, format::value(i, v)])
            }).collect::<Vec<_>>()
        }).collect::<Vec<_>>(),
    });
    let bronnen = numbers
        .iter()
        .enumerate()
        .map(|(k, id)| {
            let s = cat.source(id);
            Source {
                nummer: k + 1,
                naam: s.naam.clone(),
                uitgever: s.uitgever.clone(),
                jaar: s.jaar,
                licentie: s.licentie.clone(),
                toelichting: s.toelichting.clone(),
            }
        })
        .collect();
    Startfoto {
        nonce: input.nonce.map(String::from),
        titel: input.titel.to_string(),
        jaar: input.jaar,
        areas,
        overzicht_kolommen,
        overzicht,
        indicatoren,
        data_json: data.to_string().replace("</", "<\\/"),
        methode: input.model.uitleg.trim().to_string(),
        bronnen,
    }
    .render()
}

fn sort_key(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// "Inwoners van 65 jaar en ouder" (%) → "Inwoners van 65 jaar en ouder (%)".
fn short_label(label: &str, unit: &str) -> String {
    if unit.starts_with('%') { format!("{label} (%)") } else { label.to_string() }
}

/// The sources the catalogue uses, numbered in catalogue order (1-based).
fn source_numbers(cat: &Catalogue) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    for i in &cat.indicators {
        for s in &i.sources {
            if !used.contains(s) {
                used.push(s.clone());
            }
        }
    }
    used
}

fn area_view(input: &ReportInput, n: usize, p: &Profile, numbers: &[String]) -> AreaView {
    let cat = input.catalogue;
    let value = |code: &str| p.row(code);
    let fact = |code: &str| {
        let ind = cat.get(code)?;
        let r = value(code)?;
        Some(Fact {
            label: ind.label.clone(),
            waarde: format::value(ind, r.waarde),
            referentie: format::value(ind, r.referentie),
        })
    };
    let feiten: Vec<Fact> = FACTS.iter().filter_map(|c| fact(c)).collect();

    // The map: the area's buurten, quantile classes of the map indicator.
    let kaart_ind = &cat.indicators[input.kaart];
    let buurt_value = |code: &str| input.figures.get(code).and_then(|a| a[input.kaart].waarde);
    let known: Vec<f64> = p.gebied.buurten.iter().filter_map(|b| buurt_value(b)).collect();
    let breaks = svg::quantile_breaks(&known);
    let mut kaart_rijen = Vec::new();
    let mut map_areas = Vec::new();
    for code in &p.gebied.buurten {
        let Some((naam, geo)) = input.buurten.get(code) else { continue };
        let v = buurt_value(code);
        let class = v.map(|v| svg::class_of(v, &breaks));
        map_areas.push(svg::MapArea { code, naam, geometrie: geo, class });
        kaart_rijen.push(MapRow {
            code: code.clone(),
            naam: naam.clone(),
            waarde: format::value(kaart_ind, v),
            klasse: class.map(|c| format!("{} van {}", c + 1, breaks.len())).unwrap_or("onbekend".into()),
        });
    }
    let kaart_titel = format!("{} per buurt ({})", kaart_ind.label, source_years(cat, kaart_ind));
    let kaart = svg::map(&map_areas, &kaart_titel, 420.0);
    let legenda = svg::legend(&breaks, kaart_ind);

    let bar = |code: &str| {
        let ind = cat.get(code)?;
        let r = value(code)?;
        Some(svg::Bar {
            label: ind.label.clone(),
            waarde: r.waarde,
            referentie: r.referentie,
            tekst: format::value(ind, r.waarde),
            referentie_tekst: format::value(ind, r.referentie),
        })
    };
    let leeftijd: Vec<svg::Bar> = AGE.iter().filter_map(|c| bar(c)).collect();
    let mut key_codes: Vec<&str> = p.opgaven.iter().map(|o| o.indicator.as_str()).collect();
    for k in KEY {
        if !key_codes.contains(&k) && key_codes.len() < 6 {
            key_codes.push(k);
        }
    }
    let kern: Vec<svg::Bar> = key_codes.iter().filter_map(|c| bar(c)).collect();
    let kerncijfers_bron = sources_of(cat, key_codes.iter().copied());

    let onderdelen = p
        .veerkracht
        .onderdelen
        .iter()
        .zip(&input.model.onderdelen)
        .map(|(o, m)| Component {
            label: o.label.clone(),
            score: svg::signed(o.score),
            bar: svg::diverging(o.score, &o.label),
            uitleg: m.uitleg.clone(),
            indicatoren: o
                .indicatoren
                .iter()
                .map(|(c, z)| (cat.get(c).map(|i| i.label.clone()).unwrap_or_else(|| c.clone()), svg::signed(*z)))
                .collect(),
        })
        .collect();

    let cijfers = p
        .rijen
        .iter()
        .filter_map(|r| {
            let ind = cat.get(&r.code)?;
            Some(Figure {
                label: ind.label.clone(),
                waarde: format::value(ind, r.waarde),
                referentie: format::value(ind, r.referentie),
                verschil: format::difference(ind, r),
                percentiel: r.percentiel.map(|p| format::number(p, 0)).unwrap_or_default(),
                dekking: r.dekking.map(|d| format::share(Some(d))).unwrap_or_default(),
                bron: ind
                    .sources
                    .iter()
                    .filter_map(|s| numbers.iter().position(|n| n == s).map(|k| (k + 1).to_string()))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        })
        .collect();

    AreaView {
        id: format!("gebied-{n}"),
        naam: p.gebied.naam.clone(),
        soort: p.gebied.soort.label().into(),
        buurten: p.gebied.buurten.len(),
        referentie: p.referentie.clone(),
        feiten,
        kaart_titel,
        kaart,
        legenda,
        kaart_rijen,
        leeftijd: svg::bars(&leeftijd, "Leeftijdsopbouw", &p.referentie),
        kerncijfers: svg::bars(&kern, "Opgaven en kerncijfers", &p.referentie),
        kerncijfers_bron,
        feiten_bron: sources_of(cat, FACTS.iter().copied()),
        leeftijd_bron: sources_of(cat, AGE.iter().copied()),
        veerkracht_bron: sources_of(
            cat,
            input.model.onderdelen.iter().flat_map(|o| o.indicatoren.iter().map(|i| i.code.as_str())),
        ),
        veerkracht_score: svg::signed(p.veerkracht.score),
        veerkracht_bar: svg::diverging(p.veerkracht.score, "Veerkracht"),
        onderdelen,
        opgaven: p.opgaven.iter().map(|o| Opgave { tekst: o.tekst.clone(), bron: o.bron.clone() }).collect(),
        cijfers,
        wijkfoto: input.wijkfotos.iter().find(|w| w.wijkverband == p.gebied.naam).cloned(),
    }
}

/// "CBS Kerncijfers wijken en buurten 2015; Gezondheidsmonitor … 2020".
fn source_years(cat: &Catalogue, ind: &wv_core::indicator::Indicator) -> String {
    sources_of(cat, std::iter::once(ind.code.as_str()))
}

/// The names (with years) of the sources of the indicators `codes`, each once.
pub fn sources_of<'a>(cat: &Catalogue, codes: impl IntoIterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = Vec::new();
    for code in codes {
        for s in cat.get(code).map(|i| i.sources.as_slice()).unwrap_or_default() {
            let naam = cat.source(s).naam.as_str();
            if !names.contains(&naam) {
                names.push(naam);
            }
        }
    }
    names.join("; ")
}
