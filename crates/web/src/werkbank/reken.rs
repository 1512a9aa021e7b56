//! The engine on a plan, in the background: a new proposal (max-p) or a
//! rebalance (fewest moves), for the whole plan or only a selection of
//! buurten (the rest, and every locked wijkverband, stays where it is). The
//! page shows progress and can stop the run; the result is compared with the
//! plan and only becomes a version when the user accepts it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use wv_core::format;
use wv_core::indeling::{MaxPOptions, Plan, PlanState, WijkverbandState, max_p, moves, rebalance};
use wv_store::{Edited, Rol};

use super::{colours, constraints, model};
use crate::AppState;
use crate::adres::plan_url;
use crate::auth::{Bewerker, Sessie, token};
use crate::fields::Formulier;
use crate::pages::{Chrome, render};

/// How long one run may take.
const BUDGET: Duration = Duration::from_secs(15);
/// Runs one account may have at once (running or waiting to be accepted or rejected).
const PER_ACCOUNT: usize = 3;
/// How long a finished run waits to be accepted or rejected before it is forgotten.
const KEEP: Duration = Duration::from_secs(3600);

/// What a run does: a new proposal for (part of) the plan, or repairing it with few moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Soort {
    Voorstel,
    Herbalanceer,
}

impl Soort {
    /// The form's value (`soort`): anything but `herbalanceer` asks for a proposal.
    fn of(value: &str) -> Soort {
        if value == "herbalanceer" { Soort::Herbalanceer } else { Soort::Voorstel }
    }

    fn label(self) -> &'static str {
        match self {
            Soort::Voorstel => "voorstel",
            Soort::Herbalanceer => "herbalanceer",
        }
    }
}

/// The form that starts a run: its kind, the selection (none: the whole plan) and, for a
/// proposal, the variables.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Rekenvraag {
    soort: String,
    buurt: Vec<String>,
    variabelen: Option<String>,
    variabele: Vec<String>,
}

/// A run of the engine for one plan.
pub(crate) struct Job {
    regio: String,
    plan: String,
    /// The plan's version the run started from: accepting needs it unchanged.
    versie: i64,
    wie: String,
    soort: Soort,
    begonnen: std::time::Instant,
    /// Per mille done.
    voortgang: AtomicU32,
    gestopt: Arc<AtomicBool>,
    uitkomst: std::sync::Mutex<Option<Result<Plan, String>>>,
}

fn job(state: &AppState, sessie: &Sessie, regio: &str, plan: &str, id: &str) -> Result<Arc<Job>, Response> {
    let jobs = state.jobs.lock().expect("not poisoned");
    match jobs.get(id) {
        Some(j) if j.regio == regio && j.plan == plan && j.wie == sessie.gebruiker.email => Ok(j.clone()),
        _ => Err(super::refuse(StatusCode::NOT_FOUND, "Deze berekening bestaat niet (meer).")),
    }
}

fn job_url(regio: &str, plan: &str, id: &str) -> String {
    format!("{}/reken/{id}", plan_url(regio, plan))
}

/// POST …/reken: starts a run; `soort` voorstel or herbalanceer, optional `buurt` fields as the selection.
pub async fn start(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Path((_, naam)): Path<(String, String)>,
    Formulier(f): Formulier<Rekenvraag>,
) -> Response {
    let selectie: Vec<&str> = f.buurt.iter().map(String::as_str).collect();
    let soort = Soort::of(&f.soort);
    let super::Loaded { stored, model, plan, .. } = match super::load(&state, &regio, &naam).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    // Pinned: buurten of locked wijkverbanden, and with a selection everything outside it.
    let mut c = constraints(&stored, &model.region);
    c.vast = (0..model.region.len())
        .filter(|&i| {
            let d = plan.assignment[i];
            stored.staat.wijkverbanden[d].vergrendeld
                || (!selectie.is_empty() && !selectie.contains(&model.region.codes[i].as_str()))
        })
        .map(|i| (i, plan.names[plan.assignment[i]].clone()))
        .collect();
    // A new proposal makes wijkverbanden alike in the region's variables (or the form's choice).
    let region = if soort == Soort::Voorstel {
        let chosen = match super::variabelen::chosen(&state, &regio, f.variabelen.as_deref(), &f.variabele).await {
            Ok(v) => v,
            Err(fout) => return super::refuse(StatusCode::UNPROCESSABLE_ENTITY, fout),
        };
        match super::variabelen::region(&state, &model, &chosen).await {
            Ok((r, _)) => r,
            Err(r) => return r,
        }
    } else {
        model.region.clone()
    };
    // Bounded: forgotten runs expire, and an account has a few at most.
    {
        let mut jobs = state.jobs.lock().expect("not poisoned");
        jobs.retain(|_, j| j.begonnen.elapsed() < KEEP);
        if jobs.values().filter(|j| j.wie == sessie.gebruiker.email).count() >= PER_ACCOUNT {
            return super::refuse(
                StatusCode::TOO_MANY_REQUESTS,
                format!("U hebt al {PER_ACCOUNT} berekeningen lopen of wachten: neem er een aan of verwerp er een."),
            );
        }
    }
    let id = token()[..16].to_string();
    let job = Arc::new(Job {
        regio: regio.clone(),
        plan: naam.clone(),
        versie: stored.versie,
        wie: sessie.gebruiker.email.clone(),
        soort,
        begonnen: std::time::Instant::now(),
        voortgang: AtomicU32::new(0),
        gestopt: Arc::default(),
        uitkomst: std::sync::Mutex::new(None),
    });
    state.jobs.lock().expect("not poisoned").insert(id.clone(), job.clone());
    let running = job.clone();
    tokio::task::spawn_blocking(move || {
        // A panic in the engine ends the run with a message, so the page stops waiting.
        let run = std::panic::AssertUnwindSafe(|| match running.soort {
            Soort::Herbalanceer => rebalance(&region, &c, &plan).map(|(p, _)| p).map_err(|e| e.to_string()),
            Soort::Voorstel => {
                let opts = MaxPOptions {
                    seed: 1,
                    time_budget: BUDGET,
                    stop: Some(running.gestopt.clone()),
                    ..MaxPOptions::default()
                };
                let progress = |f: f64| running.voortgang.store((f * 1000.0) as u32, Ordering::Relaxed);
                // What stays keeps its name: the moves shown are the buurten that change.
                max_p(&region, &c, &opts, &progress)
                    .map(|p| p.plan.named_like(&region, &plan))
                    .map_err(|e| e.to_string())
            }
        });
        let result = match std::panic::catch_unwind(run) {
            Ok(r) => r,
            Err(_) => {
                tracing::error!(plan = %running.plan, "de rekenhulp liep vast");
                Err("De rekenhulp liep vast; er is niets veranderd. Probeer het opnieuw, eventueel met minder buurten."
                    .into())
            }
        };
        running.voortgang.store(1000, Ordering::Relaxed);
        *running.uitkomst.lock().expect("not poisoned") = Some(result);
    });
    Redirect::to(&job_url(&regio, &naam, &id)).into_response()
}

/// GET …/reken/{id}/status: progress for the page's script.
pub async fn status(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Path((_, naam, id)): Path<(String, String, String)>,
) -> Response {
    match job(&state, &sessie, &regio, &naam, &id) {
        Ok(j) => Json(serde_json::json!({
            "voortgang": j.voortgang.load(Ordering::Relaxed) as f64 / 1000.0,
            "klaar": j.uitkomst.lock().expect("not poisoned").is_some(),
            "gestopt": j.gestopt.load(Ordering::Relaxed),
        }))
        .into_response(),
        Err(r) => r,
    }
}

#[derive(Template)]
#[template(path = "reken.html")]
struct Reken {
    chrome: Chrome,
    plan: String,
    url: String,
    terug: String,
    soort: &'static str,
    klaar: bool,
    voortgang: u32,
    fout: Option<String>,
    cijfers: Vec<(String, String, String)>,
    /// (buurt, inhabitants, now, after): exactly what accepting changes.
    verplaatst: Vec<(String, String, String, String)>,
    inwoners_verplaatst: String,
    kaart: String,
}

/// GET …/reken/{id}: progress, or the result beside the plan with accept and reject.
pub async fn show(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Path((_, naam, id)): Path<(String, String, String)>,
) -> Response {
    let j = match job(&state, &sessie, &regio, &naam, &id) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let mut page = Reken {
        chrome: Chrome::of(&sessie),
        plan: naam.clone(),
        url: job_url(&regio, &naam, &id),
        terug: plan_url(&regio, &naam),
        soort: j.soort.label(),
        klaar: false,
        voortgang: j.voortgang.load(Ordering::Relaxed) / 10,
        fout: None,
        cijfers: vec![],
        verplaatst: vec![],
        inwoners_verplaatst: String::new(),
        kaart: String::new(),
    };
    let uitkomst = j.uitkomst.lock().expect("not poisoned").clone();
    let Some(uitkomst) = uitkomst else { return render(page) };
    page.klaar = true;
    let new = match uitkomst {
        Ok(p) => p,
        Err(fout) => {
            page.fout = Some(fout);
            return render(page);
        }
    };
    let super::Loaded { stored, model, plan: old, .. } = match super::load(&state, &regio, &naam).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let c = constraints(&stored, &model.region);
    let (a, b) = (old.metrics(&model.region, &c, &[], None), new.metrics(&model.region, &c, &[], Some(&old)));
    page.cijfers =
        a.summary().into_iter().zip(b.summary()).map(|((l, _, x), (_, _, y))| (l.to_string(), x, y)).collect();
    let moved = moves(&old, &new);
    let inwoners = |i: usize| model.region.population[i];
    page.inwoners_verplaatst = format::count(Some(moved.iter().map(|(i, _, _)| inwoners(*i)).sum::<f64>()));
    page.verplaatst = moved
        .into_iter()
        .map(|(i, nu, straks)| {
            let b = &model.buurten[i];
            (format!("{} ({})", b.naam, b.code), format::count(Some(inwoners(i))), nu, straks)
        })
        .collect();
    let classes: Vec<Option<usize>> = new.assignment.iter().map(|&d| Some(d)).collect();
    let palette = colours(&model.region, &new);
    page.kaart = model.shape().draw("De uitkomst van de rekenhulp", &classes, &palette);
    render(page)
}

/// POST …/reken/{id}/accepteer: the result becomes the plan's next version.
pub async fn accept(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Path((_, naam, id)): Path<(String, String, String)>,
) -> Response {
    let j = match job(&state, &sessie, &regio, &naam, &id) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let Some(Ok(new)) = j.uitkomst.lock().expect("not poisoned").clone() else {
        return super::refuse(StatusCode::CONFLICT, "Er is (nog) geen uitkomst om aan te nemen.");
    };
    let model = match model(&state, &regio).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let rows = model.rows(&new);
    let result = state
        .store
        .edit_plan(Some(&regio), &naam, Some(&sessie.gebruiker.email), |p| {
            if p.versie != j.versie {
                return Err("De indeling is intussen gewijzigd; laat de rekenhulp opnieuw rekenen.".to_string());
            }
            let locked: Vec<String> =
                p.staat.wijkverbanden.iter().filter(|w| w.vergrendeld).map(|w| w.naam.clone()).collect();
            let mut staat = PlanState::from_rows(rows);
            staat.wijkverbanden = new
                .names
                .iter()
                .map(|n| WijkverbandState { naam: n.clone(), vergrendeld: locked.contains(n) })
                .collect();
            p.staat = staat;
            Ok(Some(format!("uitkomst van de rekenhulp ({}) aangenomen", j.soort.label())))
        })
        .await;
    state.jobs.lock().expect("not poisoned").remove(&id);
    match result {
        Ok(Edited::Saved(..) | Edited::Unchanged(_)) => Redirect::to(&plan_url(&regio, &naam)).into_response(),
        Ok(Edited::Refused(fout)) => super::blad::page(&state, &sessie, &regio, Rol::Bewerker, &naam, Some(fout)).await,
        Err(e) => crate::fout::intern(e),
    }
}

/// POST …/reken/{id}/verwerp: forget the run (stopping it if it still runs).
pub async fn reject(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Path((_, naam, id)): Path<(String, String, String)>,
) -> Response {
    if let Ok(j) = job(&state, &sessie, &regio, &naam, &id) {
        j.gestopt.store(true, Ordering::Relaxed);
        state.jobs.lock().expect("not poisoned").remove(&id);
    }
    Redirect::to(&plan_url(&regio, &naam)).into_response()
}
