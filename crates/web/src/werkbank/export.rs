//! A plan out of the app: CSV (`buurtcode,wijkverband`, the format the
//! upload reads back), GeoJSON (dissolved outlines with metrics) and the
//! startfoto of every wijkverband, compared with the whole region.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use wv_core::indicator::Catalogue;
use wv_core::scan::{Area, BuurtFigures, Reference, VeerkrachtModel, profile};

use super::{constraints, may_read, model, plan_of, stored};
use crate::AppState;
use crate::auth::{Sessie, token};

async fn load(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    naam: &str,
) -> Result<(std::sync::Arc<wv_store::RegionModel>, wv_core::indeling::Plan, wv_store::StoredPlan), Response> {
    may_read(sessie, regio)?;
    let stored = stored(state, regio, naam).await?;
    let model = model(state, regio).await?;
    let plan = plan_of(&model, &stored)?;
    Ok((model, plan, stored))
}

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
    sessie: Sessie,
    Path((regio, naam)): Path<(String, String)>,
) -> Response {
    match load(&state, &sessie, &regio, &naam).await {
        Ok((model, plan, _)) => download(
            wv_report::plan::csv(&model.region.codes, &plan),
            "text/csv; charset=utf-8",
            &format!("{naam}.csv"),
        ),
        Err(r) => r,
    }
}

pub async fn export_geojson(
    State(state): State<AppState>,
    sessie: Sessie,
    Path((regio, naam)): Path<(String, String)>,
) -> Response {
    let (model, plan, stored) = match load(&state, &sessie, &regio, &naam).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let m = plan.metrics(&model.region, &constraints(&stored), &[], None);
    let geometrie: Vec<_> = model.buurten.iter().map(|b| &b.geometrie).collect();
    let body = wv_report::plan::geojson(&geometrie, &plan, &m, model.jaar);
    download(body, "application/geo+json", &format!("{naam}.geojson"))
}

/// The startfoto report of every wijkverband, with the region as reference.
/// Its inline style and script run under a nonce of their own.
pub async fn rapport(
    State(state): State<AppState>,
    sessie: Sessie,
    Path((regio, naam)): Path<(String, String)>,
) -> Response {
    let (model, plan, _) = match load(&state, &sessie, &regio, &naam).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let cat: &Catalogue = &state.catalogue;
    let Ok(veerkracht) = VeerkrachtModel::builtin(cat) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let codes: Vec<wv_core::gebied::Code> = model.buurten.iter().map(|b| b.code.clone()).collect();
    let Ok(values) = state.store.values(&codes, &cat.all_series()).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let all = &model.region.codes;
    let figures = BuurtFigures::compute(cat, &values, all);
    let reference = Reference::of_buurten(cat, &values, &figures, &regio, all);
    let profiles: Vec<_> = (0..plan.names.len())
        .filter(|&d| !plan.members(d).is_empty())
        .map(|d| {
            let area = Area {
                naam: plan.names[d].clone(),
                soort: "wijkverband".into(),
                buurten: plan.members(d).iter().map(|&i| all[i].clone()).collect(),
            };
            profile(cat, &values, &area, &reference, &veerkracht)
        })
        .collect();
    let outlines: HashMap<String, _> =
        model.buurten.iter().map(|b| (b.code.to_string(), (b.naam.clone(), b.geometrie.clone()))).collect();
    let nonce = token();
    let Some(kaart) = cat.position("aandeel_65plus") else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let html = wv_report::startfoto(&wv_report::ReportInput {
        titel: &format!("Startfoto {naam}"),
        jaar: model.jaar,
        catalogue: cat,
        model: &veerkracht,
        profiles: &profiles,
        buurten: &outlines,
        figures: &figures,
        kaart,
        nonce: Some(&nonce),
    });
    let Ok(html) = html else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let csp = format!(
        "default-src 'none'; img-src data:; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    let csp = HeaderValue::from_str(&csp).expect("a nonce is hex");
    ([(header::CONTENT_SECURITY_POLICY, csp)], Html(html)).into_response()
}
