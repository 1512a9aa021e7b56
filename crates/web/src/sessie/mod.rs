//! Duidingssessies in the web app: a region's sessions and preparing one from a template
//! (`lijst.rs`); the facilitator's page — the steps, the tables' links with QR codes, post-its
//! typed in, the themes — and its changes (`blad.rs`, `wijzig.rs`); the projector view and its
//! live state (`scherm.rs`); a table's phone page behind its link, no account (`tafel.rs`); the
//! session report, the rode draad across wijken and the exports (`verslag.rs`). Bewerkers of
//! the region prepare and run sessions; every reader of the region reads.

mod blad;
mod demo;
mod lijst;
mod scherm;
mod tafel;
mod verslag;
mod wijzig;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use wv_core::format;
use wv_core::scan::Profile;
use wv_report::netwerk::Samenvatting;
use wv_store::Sessie;

pub use demo::seed_demo;

use crate::AppState;
use crate::cache::RegionData;
use crate::fout::{intern, refuse};

const SESSIE: &str = "/regio/{regio}/sessies/{id}";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/regio/{regio}/sessies", get(lijst::show).post(lijst::maak))
        .route("/regio/{regio}/rode-draad", get(verslag::rode_draad))
        .route("/regio/{regio}/rode-draad.json", get(verslag::rode_draad_json))
        .route(SESSIE, get(blad::show))
        .route(&format!("{SESSIE}/scherm"), get(scherm::show))
        .route(&format!("{SESSIE}/stand.json"), get(scherm::stand))
        .route(&format!("{SESSIE}/verslag"), get(verslag::verslag))
        .route(&format!("{SESSIE}/bijdragen.csv"), get(verslag::csv))
        .route(&format!("{SESSIE}/bijdragen.xlsx"), get(verslag::xlsx))
        .route(&format!("{SESSIE}/bijdragen.json"), get(verslag::json))
        .route(&format!("{SESSIE}/stuur"), post(wijzig::stuur))
        .route(&format!("{SESSIE}/typen"), post(wijzig::typen))
        .route(&format!("{SESSIE}/verwijder"), post(wijzig::verwijder))
        .route(&format!("{SESSIE}/bijdrage/verwijder"), post(wijzig::verwijder_bijdrage))
        .route(&format!("{SESSIE}/themas/voorstel"), post(wijzig::voorstel))
        .route(&format!("{SESSIE}/thema/wijzig"), post(wijzig::thema_wijzig))
        .route(&format!("{SESSIE}/themas/samenvoegen"), post(wijzig::samenvoegen))
        .route(&format!("{SESSIE}/thema/indelen"), post(wijzig::indelen))
        .route("/tafel/{token}", get(tafel::show).post(tafel::stuur))
        .route("/tafel/{token}/stand.json", get(tafel::stand))
}

/// The session `id` of the region, or 404 (a session of another region is not found here).
pub(crate) async fn van_regio(state: &AppState, regio: &str, id: i64) -> Result<Sessie, Response> {
    match state.store.duidingssessie(id).await.map_err(intern)? {
        Some(s) if s.regio == regio => Ok(s),
        _ => Err(refuse(StatusCode::NOT_FOUND, "Deze sessie bestaat niet.")),
    }
}

/// The session `id` of the region with the region's data and the figures it puts on the table.
pub(crate) async fn met_figuren(
    state: &AppState,
    regio: &str,
    id: i64,
    kijker: &str,
) -> Result<(Sessie, std::sync::Arc<RegionData>, Vec<Figuren>), Response> {
    let s = van_regio(state, regio, id).await?;
    let data = crate::cache::region(state, regio).await?;
    let f = figuren(state, &data, &s, kijker).await?;
    Ok((s, data, f))
}

/// A session's contributions and themes.
pub(crate) async fn inhoud(
    state: &AppState,
    id: i64,
) -> Result<(Vec<wv_store::BijdrageRij>, Vec<wv_store::ThemaRij>), Response> {
    let b = state.store.bijdragen(id, 0).await.map_err(intern)?;
    let t = state.store.themas(id).await.map_err(intern)?;
    Ok((b, t))
}

/// What a session puts on the table for one of its areas: the chosen indicators with the
/// area's value and the region's, its opgaven and veerkracht from the startfoto, and the
/// findings of its latest wijkfoto — each with its source and year.
pub(crate) struct Figuren {
    pub gebied: String,
    /// (label, value, region, source)
    pub indicatoren: Vec<(String, String, String, String)>,
    /// (text, source)
    pub opgaven: Vec<(String, String)>,
    pub veerkracht: Option<String>,
    pub wijkfoto: Option<Samenvatting>,
    /// The page of that wijkfoto's round, with the network picture.
    pub netwerk: Option<String>,
}

/// The figures `s` puts on the table, per area.
pub(crate) async fn figuren(
    state: &AppState,
    data: &RegionData,
    s: &Sessie,
    kijker: &str,
) -> Result<Vec<Figuren>, Response> {
    let areas: Vec<wv_core::scan::Area> = s
        .gebieden
        .iter()
        .filter(|g| !g.buurten.is_empty())
        .map(|g| wv_core::scan::Area { naam: g.naam.clone(), soort: soort(&g.soort), buurten: g.buurten.clone() })
        .collect();
    if areas.is_empty() || s.figuren.is_empty() {
        return Ok(Vec::new());
    }
    let profielen: Vec<Profile> = crate::profiel::scan(state, data, &areas).await?;
    let (wijkfotos, rondes) = if s.figuren.iter().any(|f| f == "wijkfoto") {
        let rondes = state.store.rondes(&data.regio).await.map_err(intern)?;
        (crate::profiel::wijkfotos(state, &data.regio, &profielen, kijker).await?, rondes)
    } else {
        (Vec::new(), Vec::new())
    };
    let netwerk = |w: &Samenvatting| {
        rondes
            .iter()
            .filter(|r| r.wijkverband == w.wijkverband && r.datum == w.datum)
            .map(|r| r.id)
            .max()
            .map(|id| format!("/regio/{}/wijkfoto/{id}#netwerk", crate::adres::enc(&data.regio)))
    };
    let cat = &data.catalogue;
    let wil = |k: &str| s.figuren.iter().any(|f| f == k);
    Ok(profielen
        .iter()
        .map(|p| Figuren {
            gebied: p.gebied.naam.clone(),
            indicatoren: s
                .figuren
                .iter()
                .filter_map(|f| f.strip_prefix("indicator:"))
                .filter_map(|code| Some((cat.get(code)?, p.row(code)?)))
                .map(|(ind, r)| {
                    (
                        ind.label.clone(),
                        format::value(ind, r.waarde),
                        format::value(ind, r.referentie),
                        wv_report::sources_of(cat, std::iter::once(ind.code.as_str())),
                    )
                })
                .collect(),
            opgaven: if wil("opgaven") {
                p.opgaven.iter().map(|o| (o.tekst.clone(), o.bron.clone())).collect()
            } else {
                vec![]
            },
            veerkracht: wil("veerkracht").then(|| match p.veerkracht.score {
                Some(v) => format!("{} (0 is het gemiddelde van {})", format::number(v, 2), p.referentie),
                None => "onbekend".into(),
            }),
            wijkfoto: wijkfotos.iter().find(|w| w.wijkverband == p.gebied.naam).cloned(),
            netwerk: wijkfotos.iter().find(|w| w.wijkverband == p.gebied.naam).and_then(netwerk),
        })
        .collect())
}

fn soort(s: &str) -> wv_core::scan::Soort {
    use wv_core::scan::Soort;
    match s {
        "wijkverband" => Soort::Wijkverband,
        "wijk" => Soort::Wijk,
        "gemeente" => Soort::Gemeente,
        _ => Soort::Selectie,
    }
}

/// The figures a facilitator can put on the table, as (key, label).
pub(crate) fn keuzes(data: &RegionData) -> Vec<(String, String)> {
    let vast = [
        ("opgaven", "De opgaven uit de startfoto"),
        ("veerkracht", "De veerkracht"),
        ("wijkfoto", "De laatste wijkfoto: vierkant, condities, opgaven in de samenwerking"),
    ];
    vast.iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .chain(data.catalogue.indicators.iter().map(|i| (format!("indicator:{}", i.code), i.label.clone())))
        .collect()
}
