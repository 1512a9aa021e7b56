//! The actions of every wijkverband of the region (their current cycles), filterable by
//! wijkverband, discipline, owner and status, overdue ones flagged; as CSV and XLSX with the
//! same filter; and per wijkverband an iCalendar feed of the actions' deadlines.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use icalendar::{Calendar, Component, Event, EventLike};
use serde::Deserialize;
use wv_core::cyclus::ActieStatus;
use wv_core::netwerk::Discipline;
use wv_store::ActieRij;

use crate::AppState;
use crate::auth::Lezer;
use crate::fields::Vraag;
use crate::fout::{intern, refuse};
use crate::pages::{Chrome, render};

#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    #[serde(default)]
    wijkverband: String,
    #[serde(default)]
    discipline: String,
    #[serde(default)]
    eigenaar: String,
    #[serde(default)]
    status: String,
}

pub(crate) struct Regel {
    wijkverband: String,
    url: String,
    titel: String,
    eigenaar: String,
    disciplines: String,
    begin: String,
    eind: String,
    status: &'static str,
    te_laat: bool,
}

#[derive(Template)]
#[template(path = "acties.html")]
struct Lijst {
    chrome: Chrome,
    regio: String,
    filter: Filter,
    query: String,
    regels: Vec<Regel>,
    wijkverbanden: Vec<String>,
    disciplines: Vec<&'static str>,
    eigenaren: Vec<(String, String)>,
    statussen: Vec<&'static str>,
}

/// The region's actions that pass the filter, with the owners' names by id.
async fn gefilterd(
    state: &AppState,
    regio: &str,
    f: &Filter,
) -> Result<(Vec<Regel>, Vec<String>, Vec<(String, String)>), Response> {
    let Some(indeling) = state.store.wijkverband_indeling(regio).await.map_err(intern)? else {
        return Ok((Vec::new(), Vec::new(), Vec::new()));
    };
    let acties = state.store.acties_van_regio(regio, &indeling).await.map_err(intern)?;
    let namen: HashMap<String, String> =
        state.store.actors(regio).await.map_err(intern)?.into_iter().map(|(a, _)| (a.id, a.naam)).collect();
    let mut wijkverbanden: Vec<String> = acties.iter().map(|(w, _)| w.clone()).collect();
    wijkverbanden.dedup();
    let mut eigenaren: Vec<(String, String)> = acties
        .iter()
        .filter_map(|(_, a)| a.eigenaar.as_ref())
        .map(|e| (e.clone(), namen.get(e).cloned().unwrap_or_else(|| e.clone())))
        .collect();
    eigenaren.sort_by(|a, b| a.1.cmp(&b.1));
    eigenaren.dedup();
    let vandaag = crate::vandaag();
    let past = |w: &str, a: &ActieRij| {
        (f.wijkverband.is_empty() || f.wijkverband == w)
            && (f.discipline.is_empty() || a.disciplines.contains(&f.discipline))
            && (f.eigenaar.is_empty() || a.eigenaar.as_deref() == Some(f.eigenaar.as_str()))
            && (f.status.is_empty()
                || f.status == a.status.as_str()
                || (f.status == "te-laat" && a.status.te_laat(a.eind.as_deref(), &vandaag)))
    };
    let regels = acties
        .iter()
        .filter(|(w, a)| past(w, a))
        .map(|(w, a)| Regel {
            wijkverband: w.clone(),
            url: crate::adres::cyclus_url(regio, w),
            titel: a.titel.clone(),
            eigenaar: a
                .eigenaar
                .as_ref()
                .map(|e| namen.get(e).cloned().unwrap_or_else(|| e.clone()))
                .unwrap_or_default(),
            disciplines: a.disciplines.join(", "),
            begin: a.begin.clone().unwrap_or_default(),
            eind: a.eind.clone().unwrap_or_default(),
            status: a.status.as_str(),
            te_laat: a.status.te_laat(a.eind.as_deref(), &vandaag),
        })
        .collect();
    Ok((regels, wijkverbanden, eigenaren))
}

pub async fn lijst(
    State(state): State<AppState>,
    Lezer { sessie, regio, .. }: Lezer,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    Vraag(f): Vraag<Filter>,
) -> Response {
    let (regels, wijkverbanden, eigenaren) = match gefilterd(&state, &regio, &f).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    render(Lijst {
        chrome: Chrome::of(&sessie),
        regio,
        query: query.map(|q| format!("?{q}")).unwrap_or_default(),
        filter: f,
        regels,
        wijkverbanden,
        disciplines: Discipline::ALL.iter().map(|d| d.label()).collect(),
        eigenaren,
        statussen: ActieStatus::ALL.iter().map(|s| s.as_str()).collect(),
    })
}

const KOP: [&str; 8] = ["wijkverband", "actie", "eigenaar", "disciplines", "begin", "eind", "status", "te_laat"];

fn velden(r: &Regel) -> [String; 8] {
    [
        r.wijkverband.clone(),
        r.titel.clone(),
        r.eigenaar.clone(),
        r.disciplines.clone(),
        r.begin.clone(),
        r.eind.clone(),
        r.status.to_string(),
        if r.te_laat { "ja" } else { "nee" }.to_string(),
    ]
}

pub async fn csv(State(state): State<AppState>, l: Lezer, Vraag(f): Vraag<Filter>) -> Response {
    match gefilterd(&state, &l.regio, &f).await {
        Ok((regels, _, _)) => {
            let rows = std::iter::once(KOP.map(String::from)).chain(regels.iter().map(velden));
            crate::pages::bijlage("text/csv; charset=utf-8", "acties.csv", wv_data::csv_uit::tekst(rows).into_bytes())
        }
        Err(r) => r,
    }
}

pub async fn xlsx(State(state): State<AppState>, l: Lezer, Vraag(f): Vraag<Filter>) -> Response {
    let (regels, _, _) = match gefilterd(&state, &l.regio, &f).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let rows = std::iter::once(KOP.map(String::from)).chain(regels.iter().map(velden));
    match wv_data::xlsx_uit::tabel("Acties", rows) {
        Ok(bytes) => crate::pages::bijlage(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "acties.xlsx",
            bytes,
        ),
        Err(e) => intern(e),
    }
}

/// The deadlines of a wijkverband's actions as an iCalendar feed: one all-day event on each
/// action's end date.
pub async fn ics(State(state): State<AppState>, l: Lezer, Path((_, wijkverband)): Path<(String, String)>) -> Response {
    let data = match crate::cache::region(&state, &l.regio).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let indeling = match super::van_de_indeling(&state, &data, &wijkverband).await {
        Ok((i, _)) => i,
        Err(r) => return r,
    };
    let Some(cyclus) = (match super::huidige(&state, &l.regio, &indeling, &wijkverband).await {
        Ok(c) => c,
        Err(r) => return r,
    }) else {
        return refuse(StatusCode::NOT_FOUND, "Dit wijkverband heeft nog geen cyclus.");
    };
    let acties = match state.store.cyclus_inhoud(cyclus.id).await {
        Ok(Some(i)) => i.acties,
        Ok(None) => Vec::new(),
        Err(e) => return intern(e),
    };
    let mut cal = Calendar::new();
    cal.name(&format!("Acties wijkverband {wijkverband}"));
    for a in &acties {
        let Some(eind) = a.eind.as_deref().and_then(|e| jiff::civil::Date::strptime("%Y-%m-%d", e).ok()) else {
            continue;
        };
        let Some(dag) = chrono::NaiveDate::from_ymd_opt(eind.year().into(), eind.month() as u32, eind.day() as u32)
        else {
            continue;
        };
        cal.push(
            Event::new()
                .uid(&format!("actie-{}@wijkverband", a.id))
                .summary(&format!("Deadline: {} ({})", a.titel, a.status.as_str()))
                .description(&format!(
                    "Wijkverband {wijkverband}, cyclus {}. Status: {}.",
                    cyclus.nummer,
                    a.status.as_str()
                ))
                .all_day(dag)
                .done(),
        );
    }
    crate::pages::bijlage("text/calendar; charset=utf-8", "acties.ics", cal.done().to_string().into_bytes())
}
