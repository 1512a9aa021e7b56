//! The wijkcyclus in the web app: per wijkverband of the region's adopted indeling one page
//! for its cycle (`blad.rs`: phases, kernteam, opgaven, wijkplan, uitvoering, evaluatie,
//! history; the printable jaarplan), its changes (`wijzig.rs`), and the region's overview with
//! coverage, the list of every action and the register of good practices (`overzicht.rs`;
//! actions also as CSV, XLSX and iCalendar in `acties.rs`). A bewerker of the region or the
//! wijkverband's wijkcoördinator edits (`auth::Coordinator`); every reader of the region reads.

mod acties;
mod blad;
mod demo;
mod overzicht;
mod wijzig;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use wv_core::cyclus::{Bevindingen, Duiding, Voorstel, voorstellen};
use wv_core::indicator::Catalogue;
use wv_core::scan::{Area, Profile};
use wv_store::{Cyclus, Meting};

pub use demo::seed_demo;

use crate::AppState;
use crate::cache::RegionData;
use crate::fout::{intern, refuse};

const CYCLUS: &str = "/regio/{regio}/cyclus/{wijkverband}";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/regio/{regio}/cyclus", get(overzicht::show))
        .route("/regio/{regio}/cyclus/overzicht.csv", get(overzicht::csv))
        .route("/regio/{regio}/cyclus/overzicht.json", get(overzicht::json))
        .route("/regio/{regio}/cyclus/praktijk", post(overzicht::praktijk))
        .route("/regio/{regio}/acties", get(acties::lijst))
        .route("/regio/{regio}/acties.csv", get(acties::csv))
        .route("/regio/{regio}/acties.xlsx", get(acties::xlsx))
        .route(CYCLUS, get(blad::show))
        .route(&format!("{CYCLUS}/jaarplan"), get(blad::jaarplan))
        .route(&format!("{CYCLUS}/acties.ics"), get(acties::ics))
        .route(&format!("{CYCLUS}/begin"), post(wijzig::begin))
        .route(&format!("{CYCLUS}/fase"), post(wijzig::fase))
        .route(&format!("{CYCLUS}/afsluiten"), post(wijzig::afsluiten))
        .route(&format!("{CYCLUS}/kernteam"), post(wijzig::kernteam))
        .route(&format!("{CYCLUS}/opgave"), post(wijzig::opgave))
        .route(&format!("{CYCLUS}/opgave/status"), post(wijzig::opgave_status))
        .route(&format!("{CYCLUS}/opgaven/samenvoegen"), post(wijzig::samenvoegen))
        .route(&format!("{CYCLUS}/opgaven/volgorde"), post(wijzig::volgorde))
        .route(&format!("{CYCLUS}/doel"), post(wijzig::doel))
        .route(&format!("{CYCLUS}/doel/oordeel"), post(wijzig::oordeel))
        .route(&format!("{CYCLUS}/actie"), post(wijzig::actie))
        .route(&format!("{CYCLUS}/actie/voortgang"), post(wijzig::voortgang))
}

/// A wijkverband of the region's adopted indeling: the plan's name and the wijkverband's
/// buurten, or 404.
pub(crate) async fn van_de_indeling(
    state: &AppState,
    data: &RegionData,
    wijkverband: &str,
) -> Result<(String, Vec<String>), Response> {
    let Some(indeling) = state.store.wijkverband_indeling(&data.regio).await.map_err(intern)? else {
        return Err(refuse(StatusCode::NOT_FOUND, "Deze regio heeft nog geen vastgestelde indeling."));
    };
    let stored = crate::werkbank::stored(state, &data.regio, &indeling).await?;
    let buurten: Vec<String> =
        stored.staat.toewijzing.iter().filter(|(_, w)| w == wijkverband).map(|(b, _)| b.clone()).collect();
    if !stored.staat.names().iter().any(|n| n == wijkverband) {
        return Err(refuse(StatusCode::NOT_FOUND, "Dit wijkverband staat niet in de vastgestelde indeling."));
    }
    Ok((indeling, buurten))
}

/// The current cycle of a wijkverband of the plan, if one has begun.
pub(crate) async fn huidige(
    state: &AppState,
    regio: &str,
    indeling: &str,
    wijkverband: &str,
) -> Result<Option<Cyclus>, Response> {
    let cycli = state.store.cycli(regio).await.map_err(intern)?;
    Ok(wv_store::huidige(&cycli, indeling).into_iter().find(|c| c.wijkverband == wijkverband).cloned())
}

/// The startfoto of a wijkverband against the region; none for a wijkverband without buurten.
pub(crate) async fn startfoto(
    state: &AppState,
    data: &RegionData,
    wijkverband: &str,
    buurten: Vec<String>,
) -> Result<Option<Profile>, Response> {
    if buurten.is_empty() {
        return Ok(None);
    }
    let profiles = crate::profiel::scan(state, data, &[Area::wijkverband(wijkverband, buurten)]).await?;
    Ok(profiles.into_iter().next())
}

/// The opgaven proposed to the kernteam: those of the wijkverband's startfoto, the findings
/// of its latest wijkfoto round, and the themes and "morgen beginnen" answers of the
/// duidingssessies about it.
pub(crate) async fn voorstellen_van(
    state: &AppState,
    regio: &str,
    wijkverband: &str,
    startfoto: Option<&Profile>,
    kijker: &str,
) -> Result<Vec<Voorstel>, Response> {
    let opgaven = startfoto.map_or(&[][..], |p| p.opgaven.as_slice());
    let rondes = state.store.rondes(regio).await.map_err(intern)?;
    let laatste =
        rondes.iter().filter(|r| r.wijkverband == wijkverband).max_by(|a, b| (&a.datum, a.id).cmp(&(&b.datum, b.id)));
    let (naam, analyse) = match laatste {
        Some(r) => {
            let (r, _, a) = crate::wijkfoto::analysed(state, r.clone(), kijker).await?;
            (format!("ronde {}", r.id), Some((r, a)))
        }
        None => (String::new(), None),
    };
    let bevindingen = analyse.as_ref().map(|(r, a)| Bevindingen { ronde: &naam, datum: &r.datum, opgaven: &a.opgaven });
    let sessies = state.store.duidingssessies(regio).await.map_err(intern)?;
    let mut inhoud = Vec::new();
    for s in sessies.iter().filter(|s| s.gebieden.iter().any(|g| g.soort == "wijkverband" && g.naam == wijkverband)) {
        let themas: Vec<(String, Option<String>)> =
            state.store.themas(s.id).await.map_err(intern)?.into_iter().map(|t| (t.naam, t.bewijs)).collect();
        let morgen: Vec<String> = state
            .store
            .bijdragen(s.id, 0)
            .await
            .map_err(intern)?
            .into_iter()
            .filter(|b| b.slot)
            .map(|b| b.tekst)
            .collect();
        inhoud.push((s, themas, morgen));
    }
    let duidingen: Vec<Duiding> = inhoud
        .iter()
        .map(|(s, themas, morgen)| Duiding { sessie: s.id, titel: &s.titel, datum: &s.datum, themas, morgen })
        .collect();
    Ok(voorstellen(opgaven, bevindingen, &duidingen))
}

/// An indicator's baseline (a catalogue indicator) in a wijkverband's startfoto: its value
/// there, with the year and the source.
pub(crate) fn baseline(cat: &Catalogue, startfoto: &Profile, indicator: &str) -> Meting {
    Meting {
        indicator: Some(indicator.to_string()),
        basis: startfoto.row(indicator).and_then(|r| r.waarde),
        basis_jaar: cat.get(indicator).and_then(|i| i.sources.first()).map(|s| cat.source(s).jaar),
        basis_bron: Some(wv_report::sources_of(cat, std::iter::once(indicator))),
        streef: None,
        maat: None,
    }
}
