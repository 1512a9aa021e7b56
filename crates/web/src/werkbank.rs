//! The wijkindeling workbench (first part): a region's stored plans, a new
//! proposal from the engine, a plan with its live metrics, and moving a buurt
//! to another wijkverband. Editing needs the bewerker role.

use std::time::Duration;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_core::format::number_nl;
use wv_core::indeling::{Constraints, MaxPOptions, Plan, PopulationStatus, max_p};
use wv_report::svg;
use wv_store::{ModelOptions, RegionModel, Rol, StoredPlan};

use crate::AppState;
use crate::auth::Sessie;
use crate::pages::{Chrome, render};

/// Colour-blind-safe qualitative palette (Okabe–Ito); names and tables carry the meaning too.
const OKABE_ITO: [&str; 8] = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"];

fn refuse(status: StatusCode, text: &'static str) -> Response {
    (status, text).into_response()
}

async fn model(state: &AppState, regio: &str) -> Result<RegionModel, Response> {
    state
        .store
        .region_model(&state.catalogue, regio, &ModelOptions::default())
        .await
        .map_err(|_| refuse(StatusCode::NOT_FOUND, "Deze regio bestaat niet of heeft geen buurten."))
}

#[derive(Template)]
#[template(path = "indelingen.html")]
struct Indelingen {
    chrome: Chrome,
    regio: String,
    bewerker: bool,
    plannen: Vec<(String, String)>,
}

pub async fn list(State(state): State<AppState>, sessie: Sessie, Path(regio): Path<String>) -> Response {
    let Some(rol) = sessie.gebruiker.rol(&regio) else {
        return refuse(StatusCode::FORBIDDEN, "U hebt geen toegang tot deze regio.");
    };
    let Ok(all) = state.store.plans().await else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let plannen =
        all.into_iter().filter(|(_, r, _)| r.as_deref() == Some(regio.as_str())).map(|(n, _, b)| (n, b)).collect();
    render(Indelingen { chrome: Chrome::of(&sessie), regio, bewerker: rol == Rol::Bewerker, plannen })
}

#[derive(Deserialize)]
pub struct Voorstel {
    min: f64,
    max: Option<String>,
    seed: Option<u64>,
}

pub async fn propose(
    State(state): State<AppState>,
    sessie: Sessie,
    Path(regio): Path<String>,
    Form(f): Form<Voorstel>,
) -> Response {
    if sessie.gebruiker.rol(&regio) != Some(Rol::Bewerker) {
        return refuse(StatusCode::FORBIDDEN, "Alleen een bewerker van deze regio kan indelingen maken.");
    }
    let model = match model(&state, &regio).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let max = f.max.as_deref().map(str::trim).filter(|s| !s.is_empty()).and_then(|s| s.parse().ok());
    let c = Constraints { min: f.min, max, gemeentegrenzen: false, vast: vec![] };
    let opts =
        MaxPOptions { seed: f.seed.unwrap_or(1), time_budget: Duration::from_secs(20), ..MaxPOptions::default() };
    let region = model.region.clone();
    let result = tokio::task::spawn_blocking(move || max_p(&region, &c, &opts, &|_| {})).await;
    let proposal = match result {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return (StatusCode::UNPROCESSABLE_ENTITY, e.0).into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let Ok(existing) = state.store.plans().await else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let naam =
        (1..).map(|k| format!("Voorstel {k}")).find(|n| !existing.iter().any(|(e, _, _)| e == n)).expect("a free name");
    let stored = StoredPlan {
        naam: naam.clone(),
        regio: Some(regio.clone()),
        jaar: model.jaar,
        bron: "voorstel".into(),
        toewijzing: model.rows(&proposal.plan),
    };
    if state.store.save_plan(&stored).await.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    Redirect::to(&format!("/regio/{}/indeling/{}?min={}", enc(&regio), enc(&naam), f.min)).into_response()
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

struct Wijkverband {
    naam: String,
    kleur: &'static str,
    buurten: usize,
    inwoners: String,
    status: &'static str,
    aaneengesloten: &'static str,
    compactheid: String,
}

#[derive(Template)]
#[template(path = "indeling.html")]
struct IndelingPage {
    chrome: Chrome,
    regio: String,
    plan: String,
    min: f64,
    max: String,
    bewerker: bool,
    bron: String,
    wijkverbanden: Vec<Wijkverband>,
    kaart: String,
    buurten: Vec<(String, String, String)>,
    overtredingen: Vec<String>,
}

#[derive(Deserialize)]
pub struct Grenzen {
    min: Option<f64>,
    max: Option<f64>,
}

async fn load_plan(state: &AppState, regio: &str, plan: &str) -> Result<(RegionModel, Plan), Response> {
    let stored =
        state.store.plan(plan).await.map_err(|_| refuse(StatusCode::NOT_FOUND, "Deze indeling bestaat niet."))?;
    if stored.regio.as_deref() != Some(regio) {
        return Err(refuse(StatusCode::NOT_FOUND, "Deze indeling hoort niet bij deze regio."));
    }
    let model = model(state, regio).await?;
    let plan = model
        .plan(stored.toewijzing.iter().map(|(b, w)| (b.as_str(), w.as_str())))
        .map_err(|_| refuse(StatusCode::CONFLICT, "De indeling past niet meer bij de buurten van de regio."))?;
    Ok((model, plan))
}

pub async fn show(
    State(state): State<AppState>,
    sessie: Sessie,
    Path((regio, naam)): Path<(String, String)>,
    Query(g): Query<Grenzen>,
) -> Response {
    let Some(rol) = sessie.gebruiker.rol(&regio) else {
        return refuse(StatusCode::FORBIDDEN, "U hebt geen toegang tot deze regio.");
    };
    let (model, plan) = match load_plan(&state, &regio, &naam).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let c = Constraints { min: g.min.unwrap_or(10_000.0), max: g.max, gemeentegrenzen: false, vast: vec![] };
    let m = plan.metrics(&model.region, &c, &[], None);
    let colour = |d: usize| OKABE_ITO[d % OKABE_ITO.len()];
    let wijkverbanden = m
        .wijkverbanden
        .iter()
        .enumerate()
        .map(|(d, w)| Wijkverband {
            naam: w.naam.clone(),
            kleur: colour(d),
            buurten: w.buurten,
            inwoners: number_nl(Some(w.inwoners)),
            status: match w.status {
                PopulationStatus::Onder => "▼ onder de ondergrens",
                PopulationStatus::Binnen => "✓ binnen de grenzen",
                PopulationStatus::Boven => "▲ boven het plafond",
            },
            aaneengesloten: if w.aaneengesloten { "ja" } else { "nee" },
            compactheid: number_nl(Some((w.polsby_popper * 100.0).round() / 100.0)),
        })
        .collect();
    let areas: Vec<svg::MapArea> = model
        .buurten
        .iter()
        .enumerate()
        .map(|(i, b)| svg::MapArea {
            code: b.code.as_str(),
            naam: &b.naam,
            geometrie: &b.geometrie,
            class: Some(plan.assignment[i]),
        })
        .collect();
    let palette: Vec<&str> = (0..plan.names.len()).map(colour).collect();
    let buurten = model
        .buurten
        .iter()
        .enumerate()
        .map(|(i, b)| (b.code.to_string(), b.naam.clone(), plan.names[plan.assignment[i]].clone()))
        .collect();
    render(IndelingPage {
        chrome: Chrome::of(&sessie),
        kaart: svg::map_with(&areas, &format!("Indeling {naam}: wijkverbanden"), 640.0, &palette),
        regio,
        plan: naam,
        min: c.min,
        max: c.max.map(|x| x.to_string()).unwrap_or_default(),
        bewerker: rol == Rol::Bewerker,
        bron: model.bron_inwoners.clone(),
        wijkverbanden,
        buurten,
        overtredingen: m.overtredingen,
    })
}

#[derive(Deserialize)]
pub struct Verplaats {
    buurt: String,
    wijkverband: String,
    /// The bounds the plan page was shown with, to show it with again.
    min: Option<f64>,
    max: Option<String>,
}

pub async fn move_buurt(
    State(state): State<AppState>,
    sessie: Sessie,
    Path((regio, naam)): Path<(String, String)>,
    Form(f): Form<Verplaats>,
) -> Response {
    if sessie.gebruiker.rol(&regio) != Some(Rol::Bewerker) {
        return refuse(StatusCode::FORBIDDEN, "Alleen een bewerker van deze regio kan indelingen wijzigen.");
    }
    let Ok(mut stored) = state.store.plan(&naam).await else {
        return refuse(StatusCode::NOT_FOUND, "Deze indeling bestaat niet.");
    };
    if stored.regio.as_deref() != Some(regio.as_str()) {
        return refuse(StatusCode::NOT_FOUND, "Deze indeling hoort niet bij deze regio.");
    }
    let target = f.wijkverband.trim();
    // An existing wijkverband, or the name of a new one.
    if target.is_empty() || target.chars().count() > 80 {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Kies een wijkverband of geef een nieuwe naam (hoogstens 80 tekens).",
        );
    }
    let Some(row) = stored.toewijzing.iter_mut().find(|(b, _)| *b == f.buurt) else {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "Deze buurt hoort niet bij de indeling.");
    };
    row.1 = target.to_string();
    if state.store.save_plan(&stored).await.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let mut back = format!("/regio/{}/indeling/{}?min={}", enc(&regio), enc(&naam), f.min.unwrap_or(10_000.0));
    if let Some(max) = f.max.as_deref().map(str::trim).filter(|m| !m.is_empty()).and_then(|m| m.parse::<f64>().ok()) {
        back.push_str(&format!("&max={max}"));
    }
    Redirect::to(&back).into_response()
}
