//! The wijkfoto in the web app: the sociale kaart (`kaart.rs`), the
//! coordinator's rounds with their analysis and reminders (`rondes.rs`), the
//! network as a picture's data and as exports (`netwerk.rs`), and two rounds
//! compared (`vergelijk.rs`). The survey itself is `crate::enquete`.

mod kaart;
mod netwerk;
mod rondes;
mod vergelijk;

use axum::http::StatusCode;
use axum::response::Response;
use wv_core::format;
use wv_core::netwerk::{Aggregaat, Analyse, Options, Wijkfoto, analyse};
use wv_store::Ronde;

use crate::AppState;
use crate::fout::intern;
use crate::werkbank::refuse;

pub use kaart::{
    actor_form, actor_gegevens, actor_save, export_kaart, kaart, kaart_import, sjabloon_csv, sjabloon_xlsx,
    verwijder_actor,
};
pub(crate) use kaart::{discipline_of, key as discipline_key};
pub use netwerk::{export_graphml, export_json, export_knopen, export_kumu, export_lijnen};
pub use rondes::{herinner, links, nieuw, open, opnieuw, overzicht, show, sluit};
pub use vergelijk::vergelijk;

/// A round of the region, or 404.
async fn ronde(state: &AppState, regio: &str, id: i64) -> Result<Ronde, Response> {
    match state.store.ronde(id).await.map_err(intern)? {
        Some(r) if r.regio == regio => Ok(r),
        _ => Err(refuse(StatusCode::NOT_FOUND, "Deze ronde bestaat niet.")),
    }
}

/// A round with its analysis, under the round's minimum of respondents.
async fn analysed(state: &AppState, ronde: &Ronde) -> Result<(Wijkfoto, Analyse), Response> {
    let w = state.store.wijkfoto(ronde.id).await.map_err(intern)?;
    let a = analyse(&w, &Options { min_respondenten: ronde.minimum });
    Ok((w, a))
}

/// A mean with one decimal, or why it does not show.
fn shown(x: Option<f64>) -> String {
    x.map(|v| format::number(v, 1)).unwrap_or_else(|| "te weinig antwoorden".into())
}

/// A published mean, "geen cijfers" when nobody gave one, or "te weinig antwoorden" when hidden.
fn cijfer(a: &Aggregaat) -> String {
    if a.leeg() { "geen cijfers".into() } else { shown(a.gemiddelde) }
}

/// A row of an aggregate table.
struct Rij {
    label: String,
    respondenten: String,
    gemiddelde: String,
    spreiding: String,
}

fn rij(label: String, a: &Aggregaat) -> Rij {
    Rij {
        label,
        respondenten: a.respondenten.map(|n| n.to_string()).unwrap_or_else(|| "–".into()),
        gemiddelde: cijfer(a),
        spreiding: if a.leeg() { "geen cijfers".into() } else { shown(a.spreiding) },
    }
}
