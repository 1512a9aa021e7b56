//! A plan out of the app: CSV (`buurtcode,wijkverband`, the format the
//! upload reads back), GeoJSON (dissolved outlines with metrics) and the
//! startfoto of every wijkverband, compared with the whole region.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use wv_core::scan::Area;

use super::{Loaded, constraints, load};
use crate::AppState;
use crate::auth::Lezer;
use crate::profiel::{report, scan};

fn download(body: String, mime: &'static str, file: &str) -> Response {
    let safe: String =
        file.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    ([(header::CONTENT_TYPE, HeaderValue::from_static(mime)), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response()
}

pub async fn export_csv(
    State(state): State<AppState>,
    Lezer { regio, .. }: Lezer,
    Path((_, naam)): Path<(String, String)>,
) -> Response {
    match load(&state, &regio, &naam).await {
        Ok(Loaded { model, plan, .. }) => download(
            wv_report::plan::csv(&model.buurten, &model.region.population, &plan),
            "text/csv; charset=utf-8",
            &format!("{naam}.csv"),
        ),
        Err(r) => r,
    }
}

pub async fn export_geojson(
    State(state): State<AppState>,
    Lezer { regio, .. }: Lezer,
    Path((_, naam)): Path<(String, String)>,
) -> Response {
    let Loaded { model, plan, stored, .. } = match load(&state, &regio, &naam).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let m = plan.metrics(&model.region, &constraints(&stored, &model.region), &[], None);
    let geometrie: Vec<_> = model.buurten.iter().map(|b| &b.geometrie).collect();
    let body = wv_report::plan::geojson(&geometrie, &plan, &m, model.jaar);
    download(body, "application/geo+json", &format!("{naam}.geojson"))
}

/// The startfoto of every wijkverband, with the region as reference.
pub async fn rapport(
    State(state): State<AppState>,
    Lezer { regio, sessie, .. }: Lezer,
    Path((_, naam)): Path<(String, String)>,
) -> Response {
    let Loaded { model, plan, .. } = match load(&state, &regio, &naam).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let areas: Vec<Area> = (0..plan.names.len())
        .filter(|&d| !plan.members(d).is_empty())
        .map(|d| {
            Area::wijkverband(&plan.names[d], plan.members(d).iter().map(|&i| model.region.codes[i].clone()).collect())
        })
        .collect();
    match scan(&state, &model, &areas).await {
        Ok(profiles) => report(&state, &model, &profiles, &format!("Startfoto {naam}"), &sessie.gebruiker.email).await,
        Err(r) => r,
    }
}
