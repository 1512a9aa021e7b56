//! A round's network for the picture (JSON that `assets/netwerk.js` draws with
//! Cytoscape.js) and as files for Gephi, Kumu or NetworkX: nodes and edges as
//! CSV, GraphML, JSON. Readers of the region may download them; ratings are in
//! them only as the shown aggregates of each kind of tie.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use wv_core::netwerk::{Analyse, Wijkfoto};
use wv_report::netwerk::{Netwerk, graphml, knopen_csv, kumu, netwerk, verbindingen_csv};
use wv_store::Ronde;

use super::{analysed, ronde};
use crate::AppState;
use crate::auth::Lezer;

/// The network of a round, with the map of its actors' gemeenten under it.
pub(super) async fn beeld(state: &AppState, ronde: &Ronde, w: &Wijkfoto, a: &Analyse) -> Result<Netwerk, Response> {
    let data = crate::cache::region(state, &ronde.regio).await?;
    let gemeenten: std::collections::BTreeSet<_> = w
        .actors
        .iter()
        .filter_map(|x| x.buurt.as_deref())
        .filter_map(|b| data.buurten.iter().find(|m| m.code.as_str() == b))
        .map(|b| b.gemeente_code.clone())
        .collect();
    let buurten: Vec<_> = data
        .buurten
        .iter()
        .filter(|b| gemeenten.contains(&b.gemeente_code))
        .map(|b| (b.code.as_str(), b.naam.as_str(), &b.geometrie))
        .collect();
    Ok(netwerk(w, a, ronde.minimum, ronde.synthetisch, &buurten))
}

async fn load(state: &AppState, regio: &str, id: i64, kijker: &str) -> Result<(Ronde, Netwerk), Response> {
    let r = ronde(state, regio, id).await?;
    let (r, w, a) = analysed(state, r, kijker).await?;
    let n = beeld(state, &r, &w, &a).await?;
    Ok((r, n))
}

fn file(r: &Ronde, ext: &str, mime: &'static str, body: String) -> Response {
    let name = format!("wijkfoto-{}-{}.{ext}", r.id, r.wijkverband.replace(|c: char| !c.is_alphanumeric(), "-"));
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response()
}

macro_rules! export {
    ($name:ident, $ext:literal, $mime:literal, $body:expr) => {
        pub async fn $name(
            State(state): State<AppState>,
            Lezer { regio, sessie, .. }: Lezer,
            Path((_, id)): Path<(String, i64)>,
        ) -> Response {
            match load(&state, &regio, id, &sessie.gebruiker.email).await {
                Ok((r, n)) => file(&r, $ext, $mime, $body(&n)),
                Err(resp) => resp,
            }
        }
    };
}

export!(export_knopen, "knopen.csv", "text/csv; charset=utf-8", knopen_csv);
export!(export_verbindingen, "verbindingen.csv", "text/csv; charset=utf-8", verbindingen_csv);
export!(export_graphml, "graphml", "application/graphml+xml", graphml);
export!(export_json, "json", "application/json", |n: &Netwerk| serde_json::to_string(n).unwrap_or_default());
export!(export_kumu, "kumu.json", "application/json", |n: &Netwerk| kumu(n).to_string());
