//! A region's plans, and making a new one: empty, per gemeente, per CBS wijk,
//! by the engine (max-p with the chosen bounds) or from an uploaded CSV or
//! GeoJSON. Every new plan starts its own history at version 1.

use std::collections::HashMap;
use std::path::Path as FilePath;
use std::time::Duration;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_core::indeling::{Constraints, MaxPOptions, Uitzondering, WijkverbandState, max_p};
use wv_store::{PlanError, Rol, StoredPlan};

use super::advies::{self, Optie};
use super::variabelen::{self, Keuzes};
use super::{bound, model};
use crate::AppState;
use crate::adres::plan_url;
use crate::auth::{Bewerker, Lezer, Sessie};
use crate::cache::RegionData;
use crate::fields::Formulier;
use crate::pages::{Chrome, render};

#[derive(Template)]
#[template(path = "indelingen.html")]
struct Indelingen {
    chrome: Chrome,
    regio: String,
    bewerker: bool,
    plannen: Vec<(String, String)>,
    fout: Option<String>,
    form: Nieuw,
    keuzes: Keuzes,
    /// The exceptions allowed so far, as carried (text) and in words.
    toegestaan: Vec<(String, String)>,
}

async fn page(
    state: &AppState,
    sessie: &Sessie,
    regio: String,
    rol: Rol,
    fout: Option<String>,
    form: Nieuw,
) -> Response {
    let plannen = match state.store.plans(Some(&regio)).await {
        Ok(v) => v.into_iter().map(|p| (p.naam, p.bron)).collect(),
        Err(e) => return crate::fout::intern(e),
    };
    let status = if fout.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let chosen = match &form.variabelen {
        Some(v) => v.clone(),
        None => variabelen::of_region(state, &regio).await,
    };
    let keuzes = Keuzes::of(&state.catalogue, &chosen);
    let toegestaan = match model(state, &regio).await {
        Ok(m) => form
            .uitzonderingen
            .iter()
            .filter_map(|t| Uitzondering::parse(t).map(|u| (t.clone(), advies::beschrijf(&m, &u))))
            .collect(),
        Err(_) => Vec::new(),
    };
    let page = Indelingen {
        chrome: Chrome::of(sessie),
        regio,
        bewerker: rol == Rol::Bewerker,
        plannen,
        fout,
        form,
        keuzes,
        toegestaan,
    };
    (status, render(page)).into_response()
}

pub async fn list(State(state): State<AppState>, Lezer { sessie, regio, rol }: Lezer) -> Response {
    page(&state, &sessie, regio, rol, None, Nieuw::default()).await
}

/// The form for a new plan (also shown again, filled in, with an error).
#[derive(Deserialize)]
#[serde(default)]
pub struct Nieuw {
    naam: String,
    basis: String,
    min: String,
    max: String,
    seed: String,
    inhoud: String,
    bestand: String,
    /// Non-empty: no wijkverband crosses a gemeente border.
    gemeentegrenzen: String,
    /// Present when the form has the variable checkboxes (none ticked is a choice too).
    #[serde(rename = "variabelen")]
    met_variabelen: Option<String>,
    /// The variables ticked.
    variabele: Vec<String>,
    /// The variables chosen (checked), shown again with an error.
    #[serde(skip)]
    variabelen: Option<Vec<String>>,
    /// Exceptions the user allowed (text form).
    #[serde(rename = "uitzondering")]
    uitzonderingen: Vec<String>,
    /// Where a proposal failed: what the user may allow.
    #[serde(skip)]
    opties: Vec<Optie>,
}

impl Default for Nieuw {
    fn default() -> Self {
        Nieuw {
            naam: String::new(),
            basis: "voorstel".into(),
            min: "10000".into(),
            max: "30000".into(),
            seed: "1".into(),
            inhoud: String::new(),
            bestand: String::new(),
            gemeentegrenzen: String::new(),
            met_variabelen: None,
            variabele: Vec::new(),
            variabelen: None,
            uitzonderingen: Vec::new(),
            opties: Vec::new(),
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Formulier(mut f): Formulier<Nieuw>,
) -> Response {
    f.uitzonderingen.truncate(MAX_UITZONDERINGEN);
    f.uitzonderingen.dedup();
    if f.basis == "voorstel" {
        match variabelen::chosen(&state, &regio, f.met_variabelen.as_deref(), &f.variabele).await {
            Ok(v) => f.variabelen = Some(v),
            Err(fout) => return page(&state, &sessie, regio, Rol::Bewerker, Some(fout), f).await,
        }
    }
    let model = match model(&state, &regio).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    // Names are the region's own: another region's plans are neither shown nor in the way.
    let existing: Vec<String> = match state.store.plans(Some(&regio)).await {
        Ok(v) => v.into_iter().map(|p| p.naam).collect(),
        Err(e) => return crate::fout::intern(e),
    };
    let naam = match f.naam.trim() {
        "" => (1..).map(|k| format!("Indeling {k}")).find(|n| !existing.contains(n)).expect("a free name"),
        n if n.chars().count() > 80 => {
            return page(
                &state,
                &sessie,
                regio,
                Rol::Bewerker,
                Some("Geef een naam van hoogstens 80 tekens.".into()),
                f,
            )
            .await;
        }
        n if existing.iter().any(|e| e == n) => {
            let fout = format!("Er is al een indeling '{n}'; kies een andere naam.");
            return page(&state, &sessie, regio, Rol::Bewerker, Some(fout), f).await;
        }
        n => n.to_string(),
    };
    match build(&state, &model, &f).await {
        Ok((rows, names, bron, (lo, hi))) => {
            let mut plan = StoredPlan::new(&naam, Some(&regio), model.jaar, bron, rows);
            if bron == "voorstel" {
                plan.uitzonderingen = f.uitzonderingen.clone();
            }
            if let Some(names) = names {
                plan.staat.wijkverbanden =
                    names.into_iter().map(|naam| WijkverbandState { naam, vergrendeld: false }).collect();
            }
            (plan.ondergrens, plan.plafond) = (lo, hi);
            if let Err(e) = state.store.save_plan(&plan, Some(&sessie.gebruiker.email)).await {
                return crate::fout::intern(e);
            }
            Redirect::to(&plan_url(&regio, &naam)).into_response()
        }
        Err((fout, opties)) => {
            f.opties = opties;
            page(&state, &sessie, regio, Rol::Bewerker, Some(fout), f).await
        }
    }
}

/// Exceptions one form carries at most.
const MAX_UITZONDERINGEN: usize = 20;

type Built = (Vec<(String, String)>, Option<Vec<String>>, &'static str, (Option<f64>, Option<f64>));

/// The rows of a new plan, its wijkverbanden in order (when they differ from the rows'),
/// how it was made, and its bounds; or what is wrong, in words, with what the user may allow.
async fn build(state: &AppState, model: &RegionData, f: &Nieuw) -> Result<Built, (String, Vec<Optie>)> {
    build_plan(state, model, f).await.map_err(|e| match e {
        Afgewezen::Tekst(t) => (t, Vec::new()),
        Afgewezen::Advies(t, o) => (t, o),
    })
}

enum Afgewezen {
    Tekst(String),
    Advies(String, Vec<Optie>),
}

impl From<String> for Afgewezen {
    fn from(t: String) -> Self {
        Afgewezen::Tekst(t)
    }
}

impl From<&str> for Afgewezen {
    fn from(t: &str) -> Self {
        Afgewezen::Tekst(t.to_string())
    }
}

async fn build_plan(state: &AppState, model: &RegionData, f: &Nieuw) -> Result<Built, Afgewezen> {
    let lo = bound("Minimum", Some(&f.min))?;
    let hi = bound("Maximum", Some(&f.max))?;
    let bounds = (lo, hi);
    let per = |name: &dyn Fn(usize) -> String| -> Vec<(String, String)> {
        (0..model.buurten.len()).map(|i| (model.buurten[i].code.to_string(), name(i))).collect()
    };
    match f.basis.as_str() {
        "leeg" => Ok((per(&|_| "Nog niet ingedeeld".into()), None, "leeg", bounds)),
        "gemeente" => Ok((per(&|i| model.buurten[i].gemeente_naam.clone()), None, "per gemeente", bounds)),
        "wijk" => {
            // CBS wijk names repeat across gemeenten ("Centrum"): add the gemeente where they do.
            let label = |i: usize| {
                let b = &model.buurten[i];
                b.wijk_naam.clone().unwrap_or_else(|| b.wijk_code.to_string())
            };
            let mut codes: HashMap<String, Vec<&str>> = HashMap::new();
            for (i, b) in model.buurten.iter().enumerate() {
                codes.entry(label(i)).or_default().push(b.wijk_code.as_str());
            }
            let name = |i: usize| {
                let l = label(i);
                let mut cs = codes[&l].clone();
                cs.sort_unstable();
                cs.dedup();
                if cs.len() > 1 { format!("{l} ({})", model.buurten[i].gemeente_naam) } else { l }
            };
            Ok((per(&name), None, "per CBS-wijk", bounds))
        }
        "voorstel" => {
            let min = lo.ok_or("Geef het minimum aantal inwoners per wijkverband.")?;
            let mut c =
                Constraints { min, max: hi, gemeentegrenzen: !f.gemeentegrenzen.is_empty(), ..Default::default() };
            for t in &f.uitzonderingen {
                let u = Uitzondering::parse(t)
                    .ok_or_else(|| format!("Onbekende uitzondering '{}'.", t.chars().take(60).collect::<String>()))?;
                u.apply(&model.region, &mut c)?;
            }
            let seed = f.seed.trim().parse().unwrap_or(1);
            let opts = MaxPOptions { seed, time_budget: Duration::from_secs(20), ..MaxPOptions::default() };
            let chosen = f.variabelen.clone().unwrap_or_default();
            let (region, _) = variabelen::region(state, model, &chosen)
                .await
                .map_err(|_| "De cijfers van de regio zijn niet te laden.".to_string())?;
            let (engine_region, engine_c) = (region.clone(), c.clone());
            let p = tokio::task::spawn_blocking(move || max_p(&engine_region, &engine_c, &opts, &|_| {}))
                .await
                .map_err(|_| "Het voorstel is afgebroken.".to_string())?
                .map_err(|e| {
                    let (tekst, opties) = advies::advies(model, &region, &c, &e.to_string());
                    Afgewezen::Advies(tekst, opties)
                })?;
            Ok((model.rows(&p.plan), Some(p.plan.names), "voorstel", bounds))
        }
        "upload" => {
            let file = if f.bestand.trim().is_empty() { "upload" } else { f.bestand.trim() };
            let parsed =
                wv_data::indeling::read_text(FilePath::new(file), f.inhoud.clone()).map_err(|e| e.to_string())?;
            let rows: Vec<(String, String)> =
                parsed.iter().map(|t| (t.buurt.to_string(), t.wijkverband.clone())).collect();
            model.plan(rows.iter().map(|(b, w)| (b.as_str(), w.as_str()))).map_err(|e| match e {
                PlanError::Unknown(k) => {
                    let (at, code) = (&parsed[k].regel, &rows[k].0);
                    format!("{file}, {at}: {code} is geen buurt van regio {} (indeling {}).", model.regio, model.jaar)
                }
                PlanError::Missing(m) => format!(
                    "{file}: {} buurten van regio {} ontbreken, zoals {}. Wijs elke buurt toe aan een wijkverband.",
                    m.len(),
                    model.regio,
                    m.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
                ),
            })?;
            Ok((rows, None, "upload", bounds))
        }
        other => Err(format!("Onbekende basis '{other}'.").into()),
    }
}

/// A form naming one plan.
#[derive(Deserialize)]
pub struct PlanNaam {
    naam: String,
}

/// Deletes a plan with its history.
pub async fn remove(
    State(state): State<AppState>,
    Bewerker { regio, .. }: Bewerker,
    Formulier(f): Formulier<PlanNaam>,
) -> Response {
    if let Err(r) = super::stored(&state, &regio, &f.naam).await {
        return r;
    }
    match state.store.delete_plan(Some(&regio), &f.naam).await {
        Ok(_) => Redirect::to(&format!("/regio/{}/indelingen", crate::adres::enc(&regio))).into_response(),
        Err(e) => crate::fout::intern(e),
    }
}

/// POST …/indelingen/kies (`naam`, empty to drop the choice): adopts (vaststellen) the plan whose
/// wijkverbanden the region works with, today, by the signed-in account. The sociale kaart
/// follows it: an actor's workplace buurt decides its wijkverband.
pub async fn kies(
    State(state): State<AppState>,
    Bewerker { regio, sessie }: Bewerker,
    Formulier(f): Formulier<PlanNaam>,
) -> Response {
    let naam = Some(f.naam.as_str()).filter(|n| !n.is_empty());
    let door = Some(sessie.gebruiker.email.as_str());
    // The store checks that the plan is one of the region's (an unknown one is a 404).
    match state.store.set_wijkverband_indeling(&regio, naam, &crate::vandaag(), door).await {
        Ok(_) => Redirect::to(&match naam {
            Some(n) => plan_url(&regio, n),
            None => format!("/regio/{}/indelingen", crate::adres::enc(&regio)),
        })
        .into_response(),
        Err(e) => crate::fout::AppError::from(e).into_response(),
    }
}
