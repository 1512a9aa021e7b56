//! A session's facilitator page: where it stands with the controls to open it, move through
//! the rounds, show the wall and close it; each table's question, link and QR code; post-its
//! typed in per table and round; the themes with their contributions, to propose, merge,
//! split, rename and link to evidence; the figures on the table.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use qrcode::QrCode;
use qrcode::render::svg;
use wv_store::{BijdrageRij, Rol, Sessie, SessieStatus, ThemaRij};

use crate::AppState;
use crate::auth::Lezer;
use crate::pages::{Chrome, render};

pub(crate) struct TafelView {
    pub nr: i64,
    pub vraag: String,
    pub gebied: String,
    pub link: String,
    pub qr: String,
    pub bijdragen: usize,
}

pub(crate) struct BijdrageView {
    pub id: i64,
    pub tekst: String,
    pub waar: String,
}

pub(crate) struct ThemaView {
    pub id: i64,
    pub naam: String,
    pub bewijs: String,
    pub bewijs_label: String,
    pub bijdragen: Vec<BijdrageView>,
}

#[derive(Template)]
#[template(path = "sessie.html")]
struct Blad {
    chrome: Chrome,
    regio: String,
    url: String,
    s: Sessie,
    bewerkt: bool,
    fout: Option<String>,
    stand: String,
    tafels: Vec<TafelView>,
    themas: Vec<ThemaView>,
    los: Vec<BijdrageView>,
    morgen: Vec<BijdrageView>,
    bewijzen: Vec<(String, String)>,
    figuren: Vec<super::Figuren>,
    deelnemers: String,
}

/// Where a session stands, in words.
pub(crate) fn stand(s: &Sessie) -> String {
    let ronde = |r: i64| match s.rondes.get((r - 1).max(0) as usize) {
        Some(x) => format!("ronde {r} van {}: {} ({} minuten)", s.rondes.len(), x.instructie, x.minuten),
        None => format!("slotvraag: {}", s.slotvraag),
    };
    match s.status {
        SessieStatus::Voorbereid => "Voorbereid: nog niet geopend.".into(),
        SessieStatus::Open => format!("Open, {}.", ronde(s.ronde)),
        SessieStatus::Gesloten => "Gesloten.".into(),
    }
}

/// Where a contribution was typed, in words.
pub(crate) fn waar(b: &BijdrageRij) -> String {
    if b.slot {
        return "slotvraag".into();
    }
    format!("tafel {}, ronde {}", b.tafel.unwrap_or(0), b.ronde)
}

/// A table's link as a QR code (inline SVG, labelled).
fn qr(link: &str, nr: i64) -> String {
    let Ok(code) = QrCode::new(link.as_bytes()) else { return String::new() };
    let svg = code.render::<svg::Color>().min_dimensions(160, 160).quiet_zone(true).build();
    let svg = svg.split_once("<svg").map_or(svg.as_str(), |(_, rest)| rest);
    format!(r#"<svg role="img" aria-label="QR-code van de link van tafel {nr}"{svg}"#)
}

/// The evidence a theme can be linked to: an indicator of the startfoto or a finding of the
/// latest wijkfoto on the table, as (key, label).
pub(crate) fn bewijzen(data: &crate::cache::RegionData, figuren: &[super::Figuren]) -> Vec<(String, String)> {
    let wijkfoto = figuren.iter().filter_map(|f| f.wijkfoto.as_ref()).flat_map(|w| {
        w.opgaven
            .iter()
            .map(move |o| (format!("wijkfoto:{o}"), format!("Wijkfoto {} ({}): {o}", w.wijkverband, w.datum)))
    });
    wijkfoto
        .chain(
            data.catalogue
                .indicators
                .iter()
                .map(|i| (format!("startfoto:{}", i.code), format!("Startfoto: {}", i.label))),
        )
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    l: Lezer,
    headers: HeaderMap,
) -> Response {
    page(&state, &l, &headers, id, None).await
}

/// The themes with their contributions, the contributions without one, and the answers to the
/// closing question — as the page and the report show them.
pub(crate) struct Inhoud {
    pub themas: Vec<ThemaView>,
    pub los: Vec<BijdrageView>,
    pub morgen: Vec<BijdrageView>,
}

pub(crate) fn inhoud(bijdragen: &[BijdrageRij], themas: &[ThemaRij], bewijzen: &[(String, String)]) -> Inhoud {
    let view = |b: &BijdrageRij| BijdrageView { id: b.id, tekst: b.tekst.clone(), waar: waar(b) };
    Inhoud {
        themas: themas
            .iter()
            .map(|t| ThemaView {
                id: t.id,
                naam: t.naam.clone(),
                bewijs: t.bewijs.clone().unwrap_or_default(),
                bewijs_label: t
                    .bewijs
                    .as_ref()
                    .map(|b| bewijzen.iter().find(|(k, _)| k == b).map_or(b.clone(), |(_, l)| l.clone()))
                    .unwrap_or_default(),
                bijdragen: bijdragen.iter().filter(|b| b.thema == Some(t.id)).map(view).collect(),
            })
            .collect(),
        los: bijdragen.iter().filter(|b| b.thema.is_none() && !b.slot).map(view).collect(),
        morgen: bijdragen.iter().filter(|b| b.slot).map(view).collect(),
    }
}

/// The page, with a refusal's reason when there is one (answered as unprocessable).
pub(crate) async fn page(state: &AppState, l: &Lezer, headers: &HeaderMap, id: i64, fout: Option<String>) -> Response {
    let status = if fout.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let (s, data, figuren) = match super::met_figuren(state, &l.regio, id, &l.sessie.gebruiker.email).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (bijdragen, themas) = match super::inhoud(state, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let bewijzen = bewijzen(&data, &figuren);
    let Inhoud { themas, los, morgen } = inhoud(&bijdragen, &themas, &bewijzen);
    let basis = crate::adres::origin(headers);
    let blad = Blad {
        chrome: Chrome::of(&l.sessie),
        regio: l.regio.clone(),
        url: crate::adres::sessie_url(&l.regio, id),
        bewerkt: l.rol == Rol::Bewerker,
        fout,
        stand: stand(&s),
        tafels: s
            .tafels
            .iter()
            .map(|t| {
                let link = format!("{basis}/tafel/{}", t.token);
                TafelView {
                    nr: t.nr,
                    vraag: t.vraag.clone(),
                    gebied: t.gebied.and_then(|g| s.gebieden.get(g)).map(|g| g.naam.clone()).unwrap_or_default(),
                    qr: qr(&link, t.nr),
                    link,
                    bijdragen: bijdragen.iter().filter(|b| b.tafel == Some(t.nr)).count(),
                }
            })
            .collect(),
        themas,
        los,
        morgen,
        bewijzen,
        figuren,
        deelnemers: s
            .deelnemers
            .iter()
            .map(|d| if d.actor.is_some() { d.naam.as_str() } else { "inwoner" })
            .collect::<Vec<_>>()
            .join(", "),
        s,
    };
    (status, render(blad)).into_response()
}
