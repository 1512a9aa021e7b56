//! Existing structures of a region (wijkverpleging team areas, sociale
//! wijkteams, GP catchments): uploaded as CSV `buurtcode,structuur,gebied`,
//! and turned into what the plan metrics need to report splits.

use std::path::Path as FilePath;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_core::indeling::{Region, Structure};

use super::model;
use crate::AppState;
use crate::adres::enc;
use crate::auth::Bewerker;
use crate::fields::Formulier;

#[derive(Deserialize)]
pub struct Upload {
    #[serde(default)]
    bestand: String,
    inhoud: String,
}

/// POST /regio/{regio}/structuren: adds or replaces the structures in the file.
pub async fn upload(
    State(state): State<AppState>,
    Bewerker { regio, .. }: Bewerker,
    Formulier(f): Formulier<Upload>,
) -> Response {
    let model = match model(&state, &regio).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let file = if f.bestand.trim().is_empty() { "structuren" } else { f.bestand.trim() };
    let result = wv_data::indeling::read_structuren_text(FilePath::new(file), f.inhoud).map_err(|e| e.to_string());
    let rows = result.and_then(|rows| {
        rows.into_iter()
            .map(|r| match model.region.index_of(r.buurt.as_str()) {
                Some(_) => Ok((r.structuur, r.buurt.to_string(), r.gebied)),
                None => Err(format!("{file}, {}: {} is geen buurt van regio {regio}.", r.regel, r.buurt)),
            })
            .collect::<Result<Vec<_>, String>>()
    });
    match rows {
        Ok(rows) => match state.store.save_structuren(&regio, &rows).await {
            Ok(()) => Redirect::to(&format!("/regio/{}/indelingen", enc(&regio))).into_response(),
            Err(e) => crate::fout::intern(e),
        },
        Err(fout) => (StatusCode::UNPROCESSABLE_ENTITY, fout).into_response(),
    }
}

/// The region's stored structures, per buurt of `region`.
pub(crate) async fn of_region(state: &AppState, regio: &str, region: &Region) -> Result<Vec<Structure>, Response> {
    let rows = state.store.structuren(regio).await.map_err(crate::fout::intern)?;
    // Rows of buurten no longer in the region (another division) are left out.
    let rows = rows.into_iter().filter_map(|(naam, buurt, gebied)| Some((naam, region.index_of(&buurt)?, gebied)));
    Ok(Structure::from_rows(region.len(), rows))
}
