//! The JSON API, with the same authorisation as the pages.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use wv_core::indicator::aggregate;

use crate::AppState;
use crate::auth::{Lezer, Sessie};

/// The JSON API and its description.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/regio/{regio}/kaart.geojson", get(kaart))
        .route("/api/regio", get(regios))
        .route("/api/regio/{regio}/buurten", get(buurten))
        .route("/api/regio/{regio}/indelingen", get(indelingen))
        .route("/api/regio/{regio}/indeling/{plan}", get(indeling))
        .route("/api/indicatoren", get(indicatoren))
        .route("/api/openapi.json", get(openapi))
}

/// The regions the user may see, with their role.
pub async fn regios(State(state): State<AppState>, sessie: Sessie) -> Response {
    let all = match state.store.regios().await {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let out: Vec<serde_json::Value> = all
        .into_iter()
        .filter_map(|r| {
            let rol = sessie.gebruiker.rol(&r.naam)?;
            Some(serde_json::json!({"naam": r.naam, "gemeenten": r.gemeenten, "rol": rol.as_str()}))
        })
        .collect();
    Json(out).into_response()
}

/// A region's buurten with their inhabitants (no geometry).
pub async fn buurten(State(state): State<AppState>, Lezer { regio: naam, .. }: Lezer) -> Response {
    let data = match crate::cache::region(&state, &naam).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let cat = &data.catalogue;
    let inw = cat.inwoners();
    let values = match data.values(&state).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let rows = &data.buurten;
    let out: Vec<serde_json::Value> = rows
        .iter()
        .map(|b| {
            serde_json::json!({
                "code": b.code, "naam": b.naam, "wijk": b.wijk_code, "gemeente": b.gemeente_code,
                "inwoners": aggregate(cat, values, &[b.code.as_str()])[inw].waarde, "oppervlakte_ha": b.oppervlakte_ha(),
            })
        })
        .collect();
    Json(serde_json::json!({"regio": naam, "bron": cat.source(&cat.indicators[inw].sources[0]).naam, "buurten": out}))
        .into_response()
}

/// A region's buurten as GeoJSON for the map. The map library simplifies
/// the polygons per zoom level as it tiles them.
pub async fn kaart(State(state): State<AppState>, Lezer { regio: naam, .. }: Lezer) -> Response {
    match crate::cache::region(&state, &naam).await {
        Ok(data) => ([(axum::http::header::CONTENT_TYPE, "application/geo+json")], data.geojson().await.to_string())
            .into_response(),
        Err(r) => r,
    }
}

/// The catalogue: every indicator with its unit, domain and sources (with years).
pub async fn indicatoren(State(state): State<AppState>, _sessie: Sessie) -> Response {
    let cat = &match state.store.catalogue_for(&state.catalogue, &[]).await {
        Ok(c) => c,
        Err(e) => return crate::fout::intern(e),
    };
    let out: Vec<serde_json::Value> = cat
        .indicators
        .iter()
        .map(|i| {
            serde_json::json!({
                "code": i.code, "label": i.label, "omschrijving": i.description, "eenheid": i.unit,
                "domein": i.domain.label(), "bronnen": wv_report::sources_of(cat, std::iter::once(i.code.as_str())),
            })
        })
        .collect();
    Json(out).into_response()
}

/// The plans of a region.
pub async fn indelingen(State(state): State<AppState>, Lezer { regio: naam, .. }: Lezer) -> Response {
    let all = match state.store.plans(Some(&naam)).await {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let out: Vec<serde_json::Value> =
        all.into_iter().map(|p| serde_json::json!({"naam": p.naam, "gemaakt_als": p.bron})).collect();
    Json(out).into_response()
}

/// A plan: its assignment, wijkverbanden with their locks, bounds, version and metrics.
pub async fn indeling(
    State(state): State<AppState>,
    Lezer { regio, .. }: Lezer,
    Path((_, naam)): Path<(String, String)>,
) -> Response {
    use crate::werkbank::{Loaded, constraints, load};
    let Loaded { stored, model, plan, .. } = match load(&state, &regio, &naam).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let metrics = plan.metrics(&model.region, &constraints(&stored, &model.region), &[], None);
    Json(serde_json::json!({
        "naam": stored.naam,
        "regio": regio,
        "jaar": stored.jaar,
        "gemaakt_als": stored.bron,
        "versie": stored.versie,
        "ondergrens": stored.ondergrens,
        "plafond": stored.plafond,
        "wijkverbanden": stored.staat.wijkverbanden.iter().map(|w| serde_json::json!({"naam": w.naam, "vergrendeld": w.vergrendeld})).collect::<Vec<_>>(),
        "toewijzing": stored.staat.toewijzing,
        "metrieken": metrics,
        "bron_inwoners": model.bron_inwoners,
    }))
    .into_response()
}

/// The OpenAPI description of this API.
pub async fn openapi() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], include_str!("../assets/openapi.json")).into_response()
}
