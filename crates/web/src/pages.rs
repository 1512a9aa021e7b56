//! Server-rendered pages: the regions a user may see, a region's buurten as a
//! map and a table, and the accessibility statement.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use wv_core::format::with_unit;
use wv_core::indicator::aggregate;
use wv_report::svg;
use wv_store::{BuurtFilter, Rol};

use crate::AppState;
use crate::auth::Sessie;

/// What every page's header needs.
pub(crate) struct Chrome {
    pub(crate) naam: String,
    pub(crate) csrf: String,
}

impl Chrome {
    pub(crate) fn of(s: &Sessie) -> Chrome {
        Chrome { naam: s.gebruiker.naam.clone(), csrf: s.csrf.clone() }
    }
}

pub(crate) fn render(t: impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(Template)]
#[template(path = "index.html")]
struct Index {
    chrome: Chrome,
    regios: Vec<(String, usize, &'static str)>,
}

pub async fn index(State(state): State<AppState>, sessie: Sessie) -> Response {
    let Ok(all) = state.store.regios().await else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let regios = all
        .into_iter()
        .filter_map(|r| {
            let rol = sessie.gebruiker.rol(&r.naam)?;
            Some((r.naam, r.gemeenten.len(), if rol == Rol::Bewerker { "bewerker" } else { "lezer" }))
        })
        .collect();
    render(Index { chrome: Chrome::of(&sessie), regios })
}

#[derive(Deserialize)]
pub struct RegioQuery {
    indicator: Option<String>,
}

struct Rij {
    code: String,
    naam: String,
    gemeente: String,
    inwoners: String,
    waarde: String,
    klasse: String,
}

#[derive(Template)]
#[template(path = "regio.html")]
struct RegioPage {
    chrome: Chrome,
    regio: String,
    rol: &'static str,
    indicatoren: Vec<(String, String, bool)>,
    label: String,
    bron: String,
    kaart: String,
    legenda: String,
    rijen: Vec<Rij>,
}

pub async fn regio(
    State(state): State<AppState>,
    sessie: Sessie,
    Path(naam): Path<String>,
    Query(q): Query<RegioQuery>,
) -> Response {
    let Some(rol) = sessie.gebruiker.rol(&naam) else {
        return (StatusCode::FORBIDDEN, "U hebt geen toegang tot deze regio.").into_response();
    };
    let cat = &state.catalogue;
    let code = q.indicator.unwrap_or_else(|| "aandeel_65plus".into());
    let Some(i) = cat.position(&code) else { return (StatusCode::NOT_FOUND, "Onbekende indicator.").into_response() };
    let inw = cat.position("inwoners");
    let result = async {
        let regio = state.store.regio(&naam).await?;
        let buurten =
            state.store.buurten_met_geometrie(&BuurtFilter { jaar: None, gemeenten: regio.gemeenten }).await?;
        let codes: Vec<wv_core::gebied::Code> = buurten.iter().map(|b| b.code.clone()).collect();
        let mut series = cat.series_of(i);
        if let Some(inw) = inw {
            series.extend(cat.series_of(inw));
        }
        let values = state.store.values(&codes, &series).await?;
        Ok::<_, wv_store::StoreError>((buurten, values))
    }
    .await;
    let Ok((buurten, values)) = result else {
        return (StatusCode::NOT_FOUND, "Deze regio bestaat niet.").into_response();
    };
    let ind = &cat.indicators[i];
    let own: Vec<Vec<wv_core::indicator::Aggregate>> =
        buurten.iter().map(|b| aggregate(cat, &values, &[b.code.as_str()])).collect();
    let known: Vec<f64> = own.iter().filter_map(|a| a[i].waarde).collect();
    let breaks = svg::quantile_breaks(&known);
    let classes: Vec<Option<usize>> = own.iter().map(|a| a[i].waarde.map(|v| svg::class_of(v, &breaks))).collect();
    let areas: Vec<svg::MapArea> = buurten
        .iter()
        .zip(&classes)
        .map(|(b, c)| svg::MapArea { code: b.code.as_str(), naam: &b.naam, geometrie: &b.geometrie, class: *c })
        .collect();
    let bron = ind.sources.iter().map(|s| cat.source(s).naam.clone()).collect::<Vec<_>>().join("; ");
    let label = format!("{} per buurt", ind.label);
    let page = RegioPage {
        chrome: Chrome::of(&sessie),
        regio: naam.clone(),
        rol: if rol == Rol::Bewerker { "bewerker" } else { "lezer" },
        indicatoren: cat.indicators.iter().map(|x| (x.code.clone(), x.label.clone(), x.code == code)).collect(),
        kaart: svg::map(&areas, &format!("{label} ({bron})"), 640.0),
        legenda: svg::legend(&breaks, if ind.unit.starts_with('%') { "%" } else { &ind.unit }),
        label,
        bron,
        rijen: buurten
            .iter()
            .zip(&own)
            .zip(&classes)
            .map(|((b, a), c)| Rij {
                code: b.code.to_string(),
                naam: b.naam.clone(),
                gemeente: b.gemeente_naam.clone(),
                inwoners: inw.map(|k| with_unit(a[k].waarde, "")).unwrap_or_default().trim().to_string(),
                waarde: with_unit(a[i].waarde, &ind.unit),
                klasse: c.map(|c| format!("{} van {}", c + 1, breaks.len())).unwrap_or_else(|| "onbekend".into()),
            })
            .collect(),
    };
    render(page)
}

#[derive(Template)]
#[template(path = "toegankelijkheid.html")]
struct Toegankelijkheid;

pub async fn toegankelijkheid() -> Response {
    render(Toegankelijkheid)
}
