//! One plan to work on: its wijkverbanden with live figures (inhabitants
//! against floor and ceiling, contiguity, compactness, gemeente splits and a
//! few needs indicators), the map and its table, and the editing controls.
//! The page is the single source of what the plan looks like: the
//! workbench's script swaps it in after every edit.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use wv_core::format;
use wv_core::indicator::aggregate_only;
use wv_report::plan::status;
use wv_store::Rol;

use super::{colours, constraints};
use crate::AppState;
use crate::auth::{Lezer, Sessie};
use crate::pages::{Chrome, render};

/// Needs indicators shown per wijkverband.
const NEEDS: [&str; 3] = ["aandeel_65plus", "eenzaam_65plus", "moeite_rondkomen_18plus"];

pub(crate) struct Wijkverband {
    naam: String,
    kleur: &'static str,
    vergrendeld: bool,
    buurten: usize,
    inwoners: String,
    status: &'static str,
    aaneengesloten: bool,
    compactheid: String,
    grens_binnen: String,
    gemeenten: String,
    behoeften: Vec<String>,
    /// The status's symbol (▼ ✓ ▲), for the compact table.
    teken: String,
    /// The compact bar beside the map, in pixels of 64: inhabitants, the floor, the ceiling.
    balk: (u32, u32, Option<u32>),
}

/// Width of the compact bar.
const BALK: f64 = 64.0;

pub(crate) struct BuurtRij {
    code: String,
    naam: String,
    gemeente: String,
    inwoners: String,
    wijkverband: String,
}

#[derive(Template)]
#[template(path = "indeling.html")]
struct Blad {
    chrome: Chrome,
    regio: String,
    plan: String,
    url: String,
    bewerker: bool,
    fout: Option<String>,
    min: String,
    max: String,
    bron: String,
    versie: i64,
    laatste: String,
    kan_ongedaan: bool,
    kan_opnieuw: bool,
    wijkverbanden: Vec<Wijkverband>,
    behoeften: Vec<(String, String)>,
    overtredingen: Vec<String>,
    splitsingen: Vec<String>,
    structuren: Vec<String>,
    kaart: String,
    kaart_data: String,
    buurten: Vec<BuurtRij>,
    andere: Vec<String>,
    keuzes: super::variabelen::Keuzes,
    /// Whether this is the plan the region works with (the sociale kaart follows it).
    van_de_regio: bool,
}

pub async fn show(
    State(state): State<AppState>,
    Lezer { sessie, regio, rol }: Lezer,
    Path((_, naam)): Path<(String, String)>,
) -> Response {
    page(&state, &sessie, &regio, rol, &naam, None).await
}

/// The plan page, with `fout` (an edit that was refused) at the top.
pub(crate) async fn page(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    rol: Rol,
    naam: &str,
    fout: Option<String>,
) -> Response {
    match super::load(state, regio, naam).await {
        Ok(loaded) => page_of(state, sessie, regio, rol, loaded, fout).await,
        Err(r) => r,
    }
}

/// The page of a plan loaded already (the one an edit just saved).
pub(crate) async fn page_of(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    rol: Rol,
    loaded: super::Loaded,
    fout: Option<String>,
) -> Response {
    match build(state, sessie, regio, rol, loaded, fout).await {
        Ok(blad) => {
            let status = if blad.fout.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
            (status, render(blad)).into_response()
        }
        Err(r) => r,
    }
}

async fn build(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    rol: Rol,
    loaded: super::Loaded,
    fout: Option<String>,
) -> Result<Blad, Response> {
    let super::Loaded { stored, model, plan, plaats, revisie } = loaded;
    let naam = stored.naam.as_str();
    let c = constraints(&stored, &model.region);
    let instellingen = model.instellingen(state, revisie).await?;
    let m = plan.metrics(&model.region, &c, &instellingen.structuren, None);

    let cat = &model.catalogue;
    let needs: Vec<usize> = NEEDS.iter().filter_map(|c| cat.position(c)).collect();
    let values = model.values(state).await?;

    let palette = colours(&model.region, &plan);
    // One scale for every bar: room above the ceiling (or twice the floor) and the largest.
    let largest = m.wijkverbanden.iter().map(|w| w.inwoners).fold(0.0, f64::max);
    let scale = c.max.unwrap_or(2.0 * c.min).max(largest).max(1.0) * 1.1;
    let px = |v: f64| ((v / scale * BALK).round() as u32).min(BALK as u32 - 2);
    let wijkverbanden = m
        .wijkverbanden
        .iter()
        .enumerate()
        .map(|(d, w)| {
            let members: Vec<&str> = plan.members(d).iter().map(|&i| model.region.codes[i].as_str()).collect();
            let agg = aggregate_only(cat, values, &members, &needs);
            let floor = c.floor_of(&model.region, plan.members(d));
            Wijkverband {
                balk: (px(w.inwoners), px(floor), c.max.map(px)),
                teken: status(w.status).chars().take(1).collect(),
                naam: w.naam.clone(),
                kleur: palette[d],
                vergrendeld: stored.staat.wijkverbanden[d].vergrendeld,
                buurten: w.buurten,
                inwoners: format::count(Some(w.inwoners)),
                status: status(w.status),
                aaneengesloten: w.aaneengesloten,
                compactheid: if w.buurten == 0 { "–".into() } else { format::measure(Some(w.polsby_popper)) },
                grens_binnen: if w.buurten == 0 { "–".into() } else { format::share(Some(w.grens_binnen)) },
                gemeenten: w.gemeenten.len().to_string(),
                behoeften: needs.iter().map(|&i| format::value(&cat.indicators[i], agg[i].waarde)).collect(),
            }
        })
        .collect();
    let behoeften = needs
        .iter()
        .map(|&i| {
            let ind = &cat.indicators[i];
            let bron = ind.sources.iter().map(|s| cat.source(s).naam.clone()).collect::<Vec<_>>().join("; ");
            (ind.label.clone(), bron)
        })
        .collect();
    let gemeente_naam = |g: &str| {
        model
            .buurten
            .iter()
            .find(|b| b.gemeente_code.as_str() == g)
            .map(|b| b.gemeente_naam.clone())
            .unwrap_or_default()
    };
    let splitsingen =
        m.gemeente_splitsingen.iter().map(|(g, n)| format!("{} ligt in {n} wijkverbanden", gemeente_naam(g))).collect();
    let structuren = m
        .structuur_splitsingen
        .iter()
        .map(|(s, g, n, buiten)| {
            format!(
                "{s}: {g} ligt in {n} wijkverbanden; {} van de inwoners buiten het grootste",
                format::share(Some(*buiten))
            )
        })
        .collect();

    let classes: Vec<Option<usize>> = plan.assignment.iter().map(|&d| Some(d)).collect();

    let kleuren: serde_json::Map<String, serde_json::Value> =
        (0..model.region.len()).map(|i| (model.region.codes[i].clone(), palette[plan.assignment[i]].into())).collect();
    let kaart_data = serde_json::json!({
        "geojson": format!("/regio/{}/kaart.geojson", crate::adres::enc(regio)),
        "kleuren": kleuren,
    })
    .to_string()
    // Safe inside a <script type="application/json"> element.
    .replace('<', "\\u003c");
    let population = |i: usize| format::count(Some(model.region.population[i]));
    let buurten = model
        .buurten
        .iter()
        .enumerate()
        .map(|(i, b)| BuurtRij {
            code: b.code.to_string(),
            naam: b.naam.clone(),
            gemeente: b.gemeente_naam.clone(),
            inwoners: population(i),
            wijkverband: plan.names[plan.assignment[i]].clone(),
        })
        .collect();
    let laatste = plaats
        .as_ref()
        .map(|v| format!("{}{}", v.wijziging, v.door.as_ref().map(|d| format!(" (door {d})")).unwrap_or_default()))
        .unwrap_or_default();
    Ok(Blad {
        chrome: Chrome::of(sessie),
        regio: regio.to_string(),
        plan: naam.to_string(),
        url: crate::adres::plan_url(regio, naam),
        bewerker: rol == Rol::Bewerker,
        fout,
        min: c.min.to_string(),
        max: c.max.map(|x| x.to_string()).unwrap_or_default(),
        bron: model.bron_inwoners.clone(),
        versie: stored.versie,
        laatste,
        kan_ongedaan: plaats.as_ref().is_some_and(|p| p.eerder),
        kan_opnieuw: plaats.as_ref().is_some_and(|p| p.later),
        kaart: model.shape().draw(&format!("Indeling {naam}: wijkverbanden"), &classes, &palette),
        kaart_data,
        wijkverbanden,
        behoeften,
        overtredingen: m.overtredingen,
        splitsingen,
        structuren,
        buurten,
        andere: instellingen.plannen.iter().map(|p| p.naam.clone()).filter(|n| n != naam).collect(),
        keuzes: super::variabelen::Keuzes::of(cat, &instellingen.variabelen),
        van_de_regio: instellingen.indeling.as_deref() == Some(naam),
    })
}
