//! The coordinator's side of the wijkfoto: a region's rounds with their
//! response, opening a round (a personal link per actor of the wijkverband),
//! closing it, and its analysis as tables: the network, the vierkant, the vijf
//! condities (only as aggregates over enough respondents) and the opgaven.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_core::format::number_nl;
use wv_core::netwerk::{Aggregaat, Conditie, Options, analyse};
use wv_store::{Rol, Ronde};

use crate::AppState;
use crate::auth::{Sessie, token};
use crate::pages::{Chrome, render};
use crate::werkbank::{enc, may_edit, may_read, refuse};

fn internal<E>(_: E) -> Response {
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

#[derive(Template)]
#[template(path = "wijkfoto.html")]
struct Overzicht {
    chrome: Chrome,
    regio: String,
    bewerker: bool,
    rondes: Vec<Ronde>,
    wijkverbanden: Vec<(String, usize)>,
}

pub async fn overzicht(State(state): State<AppState>, sessie: Sessie, Path(regio): Path<String>) -> Response {
    let rol = match may_read(&sessie, &regio) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let (rondes, actors) = match (state.store.rondes(&regio).await, state.store.actors(&regio).await) {
        (Ok(r), Ok(a)) => (r, a),
        _ => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut wijkverbanden: Vec<(String, usize)> = Vec::new();
    for (a, _) in &actors {
        let Some(w) = &a.wijkverband else { continue };
        match wijkverbanden.iter_mut().find(|(n, _)| n == w) {
            Some(e) => e.1 += 1,
            None => wijkverbanden.push((w.clone(), 1)),
        }
    }
    wijkverbanden.sort();
    render(Overzicht { chrome: Chrome::of(&sessie), regio, bewerker: rol == Rol::Bewerker, rondes, wijkverbanden })
}

#[derive(Deserialize)]
pub struct Nieuw {
    wijkverband: String,
    datum: String,
}

/// POST …/wijkfoto: opens a round with every actor of the wijkverband as respondent.
pub async fn open(
    State(state): State<AppState>,
    sessie: Sessie,
    Path(regio): Path<String>,
    Form(f): Form<Nieuw>,
) -> Response {
    if let Err(r) = may_edit(&sessie, &regio) {
        return r;
    }
    let Ok(actors) = state.store.actors(&regio).await else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let tokens: Vec<(String, String)> = actors
        .into_iter()
        .filter(|(a, _)| a.wijkverband.as_deref() == Some(f.wijkverband.as_str()))
        .map(|(a, _)| (a.id, token()))
        .collect();
    if tokens.is_empty() {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "Dit wijkverband heeft geen actoren op de sociale kaart.");
    }
    let datum = f.datum.trim();
    if jiff::civil::Date::strptime("%Y-%m-%d", datum).is_err() {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "Geef de datum als JJJJ-MM-DD, zoals 2026-11-23.");
    }
    match state.store.maak_ronde(&regio, &f.wijkverband, datum, false, &tokens).await {
        Ok(id) => Redirect::to(&format!("/regio/{}/wijkfoto/{id}", enc(&regio))).into_response(),
        Err(e) => internal(e),
    }
}

async fn ronde(state: &AppState, regio: &str, id: i64) -> Result<Ronde, Response> {
    let rondes = state.store.rondes(regio).await.map_err(internal)?;
    rondes.into_iter().find(|r| r.id == id).ok_or_else(|| refuse(StatusCode::NOT_FOUND, "Deze ronde bestaat niet."))
}

struct Rij {
    label: String,
    respondenten: usize,
    gemiddelde: String,
    spreiding: String,
}

fn rij(label: String, a: &Aggregaat) -> Rij {
    let shown = |x: Option<f64>| {
        x.map(|v| number_nl(Some((v * 10.0).round() / 10.0))).unwrap_or_else(|| "te weinig antwoorden".into())
    };
    Rij { label, respondenten: a.respondenten, gemiddelde: shown(a.gemiddelde), spreiding: shown(a.spreiding) }
}

#[derive(Template)]
#[template(path = "ronde.html")]
struct RondePagina {
    chrome: Chrome,
    regio: String,
    ronde: Ronde,
    bewerker: bool,
    minimum: usize,
    respons: String,
    links: Vec<(String, String, bool)>,
    cijfers: Vec<(&'static str, String)>,
    condities: Vec<Rij>,
    asymmetrie: Vec<Rij>,
    vierkant: Vec<(String, usize, Vec<String>)>,
    actoren: Vec<(String, String, usize, String, bool)>,
    opgaven: Vec<String>,
}

pub async fn show(State(state): State<AppState>, sessie: Sessie, Path((regio, id)): Path<(String, i64)>) -> Response {
    let rol = match may_read(&sessie, &regio) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let ronde = match ronde(&state, &regio, id).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let (Ok(w), Ok(respondenten)) = (state.store.wijkfoto(id).await, state.store.respondenten(id).await) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let o = Options::default();
    let a = analyse(&w, &o);
    let naam = |i: usize| format!("{} ({})", w.actors[i].naam, w.actors[i].discipline.label());
    let by_id = |id: &str| w.actors.iter().position(|a| a.id == id).map(naam).unwrap_or_else(|| id.to_string());
    let bewerker = rol == Rol::Bewerker;
    let conditie = |c: usize| Conditie::ALL[c].label().to_string();
    render(RondePagina {
        chrome: Chrome::of(&sessie),
        regio,
        bewerker,
        minimum: o.min_respondenten,
        respons: format!(
            "{} van {} ({} %)",
            ronde.respons.1,
            ronde.respons.0,
            if ronde.respons.0 > 0 { (100 * ronde.respons.1 / ronde.respons.0).to_string() } else { "–".into() }
        ),
        // The personal links only for the coordinator.
        links: if bewerker {
            respondenten.into_iter().map(|(a, t, done)| (by_id(&a), t, done)).collect()
        } else {
            vec![]
        },
        cijfers: vec![
            ("actoren", a.actoren.to_string()),
            ("verbindingen", a.verbindingen.len().to_string()),
            ("dichtheid", number_nl(Some((a.dichtheid * 100.0).round() / 100.0))),
            ("delen van het netwerk (2 of meer actoren)", a.componenten.len().to_string()),
            ("actoren zonder verbinding", a.isolaten.len().to_string()),
            ("makelaars (zonder hen valt het netwerk uiteen)", a.makelaars.len().to_string()),
        ],
        condities: a.condities.iter().enumerate().map(|(c, g)| rij(conditie(c), g)).collect(),
        asymmetrie: a.asymmetrie.iter().enumerate().map(|(c, g)| rij(conditie(c), g)).collect(),
        vierkant: a
            .vierkant
            .iter()
            .map(|p| {
                let scores = p.condities.iter().map(|g| rij(String::new(), g).gemiddelde).collect();
                (format!("{} – {}", p.a.label(), p.b.label()), p.verbindingen, scores)
            })
            .collect(),
        actoren: (0..w.actors.len())
            .map(|i| {
                let x = &a.per_actor[i];
                (
                    w.actors[i].naam.clone(),
                    w.actors[i].discipline.label().to_string(),
                    x.graad,
                    number_nl(Some((x.tussenpositie * 100.0).round() / 100.0)),
                    x.makelaar,
                )
            })
            .collect(),
        opgaven: a.opgaven,
        ronde,
    })
}

/// POST …/wijkfoto/{id}/sluit: freezes the round.
pub async fn sluit(State(state): State<AppState>, sessie: Sessie, Path((regio, id)): Path<(String, i64)>) -> Response {
    if let Err(r) = may_edit(&sessie, &regio) {
        return r;
    }
    if let Err(r) = ronde(&state, &regio, id).await {
        return r;
    }
    match state.store.sluit_ronde(id).await {
        Ok(()) => Redirect::to(&format!("/regio/{}/wijkfoto/{id}", enc(&regio))).into_response(),
        Err(e) => internal(e),
    }
}
