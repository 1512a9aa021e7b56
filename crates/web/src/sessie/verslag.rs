//! What comes out of sessions: the printable session report (the questions, rounds, themes
//! with their contributions, the "morgen beginnen" answers, the figures that were on the
//! table), the rode draad across the region's sessions and wijken (page, printable, JSON), and
//! a session's contributions as CSV, XLSX and JSON in the columns `sessie import` reads.
//! Residents are never named: a report counts them.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use wv_core::sessie::{Bijdrage, RodeDraad, rode_draad as draad};
use wv_store::Sessie;

use crate::AppState;
use crate::auth::Lezer;
use crate::fields::Vraag;
use crate::fout::intern;
use crate::pages::{bijlage, render};

#[derive(Template)]
#[template(path = "sessie-verslag.html")]
struct Verslag {
    s: Sessie,
    vandaag: String,
    professionals: Vec<String>,
    inwoners: usize,
    themas: Vec<super::blad::ThemaView>,
    los: Vec<super::blad::BijdrageView>,
    morgen: Vec<super::blad::BijdrageView>,
    figuren: Vec<super::Figuren>,
}

pub async fn verslag(State(state): State<AppState>, Path((regio, id)): Path<(String, i64)>, l: Lezer) -> Response {
    let (s, data, figuren) = match super::met_figuren(&state, &regio, id, &l.sessie.gebruiker.email).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (bijdragen, themas) = match super::inhoud(&state, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let bewijzen = super::blad::bewijzen(&data, &figuren);
    let super::blad::Inhoud { themas, los, morgen } = super::blad::inhoud(&bijdragen, &themas, &bewijzen);
    render(Verslag {
        vandaag: crate::vandaag(),
        professionals: s.deelnemers.iter().filter(|d| d.actor.is_some()).map(|d| d.naam.clone()).collect(),
        inwoners: s.deelnemers.iter().filter(|d| d.actor.is_none()).count(),
        themas,
        los,
        morgen,
        figuren,
        s,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DraadVraag {
    min: Option<usize>,
}

#[derive(Template)]
#[template(path = "rode-draad.html")]
struct DraadPagina {
    regio: String,
    min: usize,
    vandaag: String,
    draad: RodeDraad,
    sessies: Vec<(String, String, String, bool)>,
}

async fn berekend(state: &AppState, regio: &str, min: usize) -> Result<(RodeDraad, Vec<Sessie>), Response> {
    let b = state.store.draad_bijdragen(regio).await.map_err(intern)?;
    let invoer: Vec<Bijdrage> =
        b.iter().map(|x| Bijdrage { wijk: &x.wijk, tekst: &x.tekst, thema: x.thema.as_deref() }).collect();
    let sessies = state.store.duidingssessies(regio).await.map_err(intern)?;
    Ok((draad(&invoer, min.clamp(1, 1000)), sessies))
}

/// GET /regio/{regio}/rode-draad?min=N: the themes of at least N wijken (2 unless chosen).
pub async fn rode_draad(State(state): State<AppState>, l: Lezer, Vraag(q): Vraag<DraadVraag>) -> Response {
    let min = q.min.unwrap_or(2).clamp(1, 1000);
    match berekend(&state, &l.regio, min).await {
        Ok((draad, sessies)) => render(DraadPagina {
            regio: l.regio.clone(),
            min,
            vandaag: crate::vandaag(),
            draad,
            sessies: sessies
                .iter()
                .map(|s| {
                    let gebieden = s.gebieden.iter().map(|g| g.naam.as_str()).collect::<Vec<_>>().join(", ");
                    (s.titel.clone(), s.datum.clone(), gebieden, s.synthetisch)
                })
                .collect(),
        }),
        Err(r) => r,
    }
}

/// GET /regio/{regio}/rode-draad.json?min=N: as the CLI's `sessie rode-draad --format json`
/// (the shared themes), with the themes of fewer wijken and of one apart.
pub async fn rode_draad_json(State(state): State<AppState>, l: Lezer, Vraag(q): Vraag<DraadVraag>) -> Response {
    match berekend(&state, &l.regio, q.min.unwrap_or(2)).await {
        Ok((draad, _)) => Json(draad).into_response(),
        Err(r) => r,
    }
}

/// A contribution as exported: the columns `sessie import` reads, and its theme.
#[derive(Serialize)]
struct Regel {
    wijk: String,
    sessie: String,
    tafel: String,
    ronde: String,
    tekst: String,
    thema: String,
}

const KOP: [&str; 6] = ["wijk", "sessie", "tafel", "ronde", "tekst", "thema"];

async fn regels(state: &AppState, regio: &str, id: i64) -> Result<(Sessie, Vec<Regel>), Response> {
    let s = super::van_regio(state, regio, id).await?;
    let (bijdragen, themas) = super::inhoud(state, id).await?;
    let regels = bijdragen
        .iter()
        .map(|b| Regel {
            wijk: s.wijk_van(b.tafel).to_string(),
            sessie: s.titel.clone(),
            tafel: b.tafel.map(|t| t.to_string()).unwrap_or_default(),
            ronde: if b.slot { "slot".into() } else { b.ronde.to_string() },
            tekst: b.tekst.clone(),
            thema: b.thema.and_then(|t| themas.iter().find(|x| x.id == t)).map(|t| t.naam.clone()).unwrap_or_default(),
        })
        .collect();
    Ok((s, regels))
}

fn velden(r: &Regel) -> [String; 6] {
    [r.wijk.clone(), r.sessie.clone(), r.tafel.clone(), r.ronde.clone(), r.tekst.clone(), r.thema.clone()]
}

pub async fn csv(State(state): State<AppState>, Path((regio, id)): Path<(String, i64)>, _l: Lezer) -> Response {
    match regels(&state, &regio, id).await {
        Ok((_, r)) => {
            let rows = std::iter::once(KOP.map(String::from)).chain(r.iter().map(velden));
            bijlage("text/csv; charset=utf-8", &format!("sessie-{id}.csv"), wv_data::csv_uit::tekst(rows).into_bytes())
        }
        Err(r) => r,
    }
}

pub async fn xlsx(State(state): State<AppState>, Path((regio, id)): Path<(String, i64)>, _l: Lezer) -> Response {
    let (_, r) = match regels(&state, &regio, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let rows = std::iter::once(KOP.map(String::from)).chain(r.iter().map(velden));
    match wv_data::xlsx_uit::tabel("Bijdragen", rows) {
        Ok(b) => bijlage(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("sessie-{id}.xlsx"),
            b,
        ),
        Err(e) => intern(e),
    }
}

pub async fn json(State(state): State<AppState>, Path((regio, id)): Path<(String, i64)>, _l: Lezer) -> Response {
    match regels(&state, &regio, id).await {
        Ok((s, r)) => {
            // no participants: residents are never named, and names are not needed to read it back
            let sessie = serde_json::json!({
                "id": s.id, "titel": s.titel, "datum": s.datum, "plaats": s.plaats, "begeleider": s.begeleider,
                "gebieden": s.gebieden, "tafels": s.tafels, "rondes": s.rondes, "slotvraag": s.slotvraag,
                "synthetisch": s.synthetisch,
            });
            Json(serde_json::json!({ "sessie": sessie, "bijdragen": r })).into_response()
        }
        Err(r) => r,
    }
}
