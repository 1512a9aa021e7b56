//! The wijkfoto in the web app: the sociale kaart (`kaart.rs`), the
//! coordinator's rounds with their analysis and reminders (`rondes.rs`), the
//! network as a picture's data and as exports (`netwerk.rs`), and two rounds
//! compared (`vergelijk.rs`), the round taken by interview (`interview.rs`), and a round presented to
//! the workshop (`presentatie.rs`). The survey itself
//! is `crate::enquete`.

mod interview;
mod kaart;
mod netwerk;
mod presentatie;
mod rondes;
mod vergelijk;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use wv_core::format;
use wv_core::netwerk::{Analyse, Cijfer, Options, Wijkfoto, analyse};
use wv_store::Ronde;

use crate::AppState;
use crate::fout::intern;
use crate::fout::refuse;

pub(crate) use kaart::{discipline_of, key as discipline_key};

/// The sociale kaart's and the rounds' pages, forms and exports.
pub(crate) fn routes() -> Router<AppState> {
    const KAART: &str = "/regio/{regio}/sociale-kaart";
    const RONDE: &str = "/regio/{regio}/wijkfoto/{ronde}";
    Router::new()
        .route(KAART, get(kaart::kaart))
        .route(&format!("{KAART}/import"), post(kaart::kaart_import))
        .route(&format!("{KAART}/sjabloon.csv"), get(kaart::sjabloon_csv))
        .route(&format!("{KAART}/sjabloon.xlsx"), get(kaart::sjabloon_xlsx))
        .route(&format!("{KAART}/actor"), get(kaart::actor_form).post(kaart::actor_save))
        .route(&format!("{KAART}/verwijder"), post(kaart::delete_actor))
        .route(&format!("{KAART}/gegevens.json"), get(kaart::actor_gegevens))
        .route(&format!("{KAART}/{{bestand}}"), get(kaart::export_kaart))
        .route("/regio/{regio}/wijkfoto", get(rondes::overzicht).post(rondes::open))
        .route("/regio/{regio}/wijkfoto/vergelijk", get(vergelijk::vergelijk))
        .route("/regio/{regio}/wijkfoto/nieuw", get(rondes::nieuw))
        .route(RONDE, get(rondes::show))
        .route(&format!("{RONDE}/sluit"), post(rondes::sluit))
        .route(&format!("{RONDE}/herinner"), post(rondes::herinner))
        .route(&format!("{RONDE}/links"), post(rondes::links))
        .route(&format!("{RONDE}/opnieuw"), post(rondes::opnieuw))
        .route(&format!("{RONDE}/fotograaf"), post(interview::toewijzen))
        .route(&format!("{RONDE}/presentatie"), get(presentatie::show))
        .route("/interviews", get(interview::lijst))
        .route("/interview/{ronde}/{actor}", get(interview::show).post(interview::bewaar))
        .route("/interview/{ronde}/{actor}/link", post(interview::link))
        .route(&format!("{RONDE}/knopen.csv"), get(netwerk::export_knopen))
        .route(&format!("{RONDE}/verbindingen.csv"), get(netwerk::export_verbindingen))
        .route(&format!("{RONDE}/netwerk.graphml"), get(netwerk::export_graphml))
        .route(&format!("{RONDE}/netwerk.json"), get(netwerk::export_json))
        .route(&format!("{RONDE}/kumu.json"), get(netwerk::export_kumu))
}

/// A round of the region, or 404.
async fn ronde(state: &AppState, regio: &str, id: i64) -> Result<Ronde, Response> {
    match state.store.ronde(id).await.map_err(intern)? {
        Some(r) if r.regio == regio => Ok(r),
        _ => Err(refuse(StatusCode::NOT_FOUND, "Deze ronde bestaat niet.")),
    }
}

/// A round as `kijker` may see it: its minimum of respondents raised by the answers they know
/// from entering them as a fotograaf, so that no shown mean minus what they know leaves fewer
/// than the minimum unknown answers (secondary suppression for the fotograaf).
pub(crate) async fn voor_kijker(state: &AppState, mut ronde: Ronde, kijker: &str) -> Result<Ronde, Response> {
    ronde.minimum += state.store.bekend_bij(ronde.id, kijker).await.map_err(intern)?;
    Ok(ronde)
}

/// A round with its analysis, under the round's minimum of respondents (raised for `kijker`
/// by [`voor_kijker`]; the round comes back with the minimum that applied).
pub(crate) async fn analysed(
    state: &AppState,
    ronde: Ronde,
    kijker: &str,
) -> Result<(Ronde, Wijkfoto, Analyse), Response> {
    let ronde = voor_kijker(state, ronde, kijker).await?;
    let w = state.store.wijkfoto(ronde.id).await.map_err(intern)?;
    let a = analyse(&w, &Options { min_respondenten: ronde.minimum });
    Ok((ronde, w, a))
}

/// A mean with one decimal, or why it does not show.
fn shown(x: Option<f64>) -> String {
    x.map(|v| format::number(v, 1)).unwrap_or_else(|| "te weinig antwoorden".into())
}

/// A published mean, "geen cijfers" when nobody gave one, or "te weinig antwoorden" when hidden.
fn cijfer(a: &Cijfer) -> String {
    if a.leeg() { "geen cijfers".into() } else { shown(a.gemiddelde) }
}

/// A row of an aggregate table.
struct Rij {
    label: String,
    respondenten: String,
    gemiddelde: String,
    spreiding: String,
}

fn rij(label: String, a: &Cijfer) -> Rij {
    Rij {
        label,
        respondenten: a.respondenten.map(|n| n.to_string()).unwrap_or_else(|| "–".into()),
        gemiddelde: cijfer(a),
        spreiding: if a.leeg() { "geen cijfers".into() } else { shown(a.spreiding) },
    }
}
