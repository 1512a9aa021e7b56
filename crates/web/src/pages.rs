//! Server-rendered pages: the regions a user may see, a region's buurten as a
//! map and a table, and the accessibility statement.

use axum::Router;
use axum::routing::get;
use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use wv_core::format;
use wv_report::svg;
use wv_store::Rol;

use crate::AppState;
use crate::auth::{Lezer, Sessie};
use crate::fout::refuse;

/// What every page's header needs.
pub(crate) struct Chrome {
    pub(crate) naam: String,
    pub(crate) csrf: String,
    pub(crate) beheerder: bool,
}

impl Chrome {
    pub(crate) fn of(s: &Sessie) -> Chrome {
        Chrome { naam: s.gebruiker.naam.clone(), csrf: s.csrf.clone(), beheerder: s.gebruiker.beheerder }
    }
}

/// A file to download: its type, its name, its bytes.
pub(crate) fn bijlage(soort: &'static str, naam: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{naam}\"");
    (
        [(axum::http::header::CONTENT_TYPE, soort.to_string()), (axum::http::header::CONTENT_DISPOSITION, disposition)],
        bytes,
    )
        .into_response()
}

pub(crate) fn render(t: impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => crate::fout::intern(e),
    }
}

/// The start page, a region's page and the fixed texts.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/regio/{regio}", get(regio))
        .route("/toegankelijkheid", get(toegankelijkheid))
        .route("/privacy", get(privacy))
}

#[derive(Template)]
#[template(path = "index.html")]
struct Index {
    chrome: Chrome,
    regios: Vec<Kaartje>,
}

/// A region on the start page: what it holds and the next step.
struct Kaartje {
    naam: String,
    gemeenten: usize,
    rol: &'static str,
    indelingen: usize,
    actoren: usize,
    rondes: usize,
    open: usize,
    /// The next step: (words, path below the region).
    volgende: (&'static str, &'static str),
}

/// The start page: the user's regions, each with what it holds and the next step of the work.
pub async fn index(State(state): State<AppState>, sessie: Sessie) -> Response {
    let (all, plans) = match (state.store.regios().await, state.store.plans(None).await) {
        (Ok(a), Ok(p)) => (a, p),
        (Err(e), _) | (_, Err(e)) => return crate::fout::intern(e),
    };
    let mut regios = Vec::new();
    for r in all {
        let Some(rol) = sessie.gebruiker.rol(&r.naam) else { continue };
        let (actors, rondes) = match (state.store.actors(&r.naam).await, state.store.rondes(&r.naam).await) {
            (Ok(a), Ok(x)) => (a, x),
            (Err(e), _) | (_, Err(e)) => return crate::fout::intern(e),
        };
        let indelingen = plans.iter().filter(|p| p.regio.as_deref() == Some(r.naam.as_str())).count();
        let open = rondes.iter().filter(|x| !x.gesloten).count();
        let volgende = if indelingen == 0 {
            ("Verdeel de regio in wijkverbanden", "indelingen")
        } else if actors.is_empty() {
            ("Zet de professionals op de sociale kaart", "sociale-kaart")
        } else if rondes.is_empty() {
            ("Open een eerste wijkfoto-ronde", "wijkfoto")
        } else if open > 0 {
            ("Volg de open wijkfoto-rondes", "wijkfoto")
        } else {
            ("Bekijk de startfoto en de wijkfoto's", "")
        };
        regios.push(Kaartje {
            naam: r.naam,
            gemeenten: r.gemeenten.len(),
            rol: if rol == Rol::Bewerker { "bewerker" } else { "lezer" },
            indelingen,
            actoren: actors.len(),
            rondes: rondes.len(),
            open,
            volgende,
        });
    }
    render(Index { chrome: Chrome::of(&sessie), regios })
}

#[derive(Deserialize)]
pub struct RegioQuery {
    indicator: Option<String>,
    /// A plan whose wijkverbanden are drawn over the map and named in the table.
    indeling: Option<String>,
}

/// An indicator to pick: code, label, chosen.
type Keuze = (String, String, bool);

struct Rij {
    code: String,
    naam: String,
    gemeente: String,
    wijkverband: String,
    inwoners: String,
    waarde: String,
    klasse: String,
}

#[derive(Template)]
#[template(path = "regio.html")]
struct RegioPage {
    chrome: Chrome,
    regio: String,
    rol: &'static str,
    /// The catalogue by domain.
    indicatoren: Vec<(&'static str, Vec<Keuze>)>,
    label: String,
    bron: String,
    kaart: String,
    kaart_data: String,
    legenda: String,
    rijen: Vec<Rij>,
    indelingen: Vec<(String, bool)>,
    indeling: Option<String>,
    gemeenten: Vec<(String, String)>,
    wijken: Vec<(String, String)>,
}

pub async fn regio(
    State(state): State<AppState>,
    Lezer { sessie, regio: naam, rol }: Lezer,
    Query(q): Query<RegioQuery>,
) -> Response {
    let data = match crate::cache::region(&state, &naam).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let cat = &data.catalogue;
    let i = match q.indicator.as_deref() {
        None => cat.kaart(),
        Some(code) => match cat.position(code) {
            Some(i) => i,
            None => return refuse(StatusCode::NOT_FOUND, "Onbekende indicator."),
        },
    };
    let inw = cat.inwoners();
    let buurten = &data.buurten;
    let ind = &cat.indicators[i];
    let scanned = match data.scanned(&state).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let own: Vec<&[wv_core::indicator::Aggregate]> =
        buurten.iter().map(|b| scanned.figures.get(b.code.as_str()).unwrap_or_default()).collect();
    let known: Vec<f64> = own.iter().filter_map(|a| a[i].waarde).collect();
    let breaks = svg::quantile_breaks(&known);
    let classes: Vec<Option<usize>> = own.iter().map(|a| a[i].waarde.map(|v| svg::class_of(v, &breaks))).collect();
    let bron = wv_report::sources_of(cat, std::iter::once(ind.code.as_str()));
    let label = format!("{} per buurt", ind.label);
    // The chosen plan's wijkverband per buurt.
    let plans = match state.store.plans(Some(&naam)).await {
        Ok(p) => p,
        Err(e) => return crate::fout::intern(e),
    };
    let indelingen: Vec<(String, bool)> = plans
        .into_iter()
        .map(|p| {
            let chosen = q.indeling.as_deref() == Some(p.naam.as_str());
            (p.naam, chosen)
        })
        .collect();
    let indeling = q.indeling.filter(|p| indelingen.iter().any(|(n, _)| n == p));
    let mut wijkverband: HashMap<String, String> = HashMap::new();
    if let Some(p) = &indeling
        && let Ok(stored) = state.store.plan(Some(&naam), p).await
    {
        wijkverband.extend(stored.staat.toewijzing);
    }
    let kleuren: serde_json::Map<String, serde_json::Value> = buurten
        .iter()
        .zip(&classes)
        .map(|(b, c)| (b.code.to_string(), c.map(|c| svg::PALETTE[c]).unwrap_or("#ffffff").into()))
        .collect();
    let kaart_data = serde_json::json!({
        "geojson": format!("/regio/{}/kaart.geojson", crate::adres::enc(&naam)),
        "kleuren": kleuren,
        "omtrek": indeling.as_ref().map(|p| format!("{}/export.geojson", crate::adres::plan_url(&naam, p))),
    })
    .to_string()
    .replace('<', "\\u003c");
    let mut gemeenten: Vec<(String, String)> =
        buurten.iter().map(|b| (b.gemeente_code.to_string(), b.gemeente_naam.clone())).collect();
    gemeenten.sort();
    gemeenten.dedup();
    let mut wijken: Vec<(String, String)> = buurten
        .iter()
        .map(|b| {
            let w = b.wijk_naam.clone().unwrap_or_else(|| b.wijk_code.to_string());
            (b.wijk_code.to_string(), format!("{w} ({})", b.gemeente_naam))
        })
        .collect();
    wijken.sort_by(|a, b| a.1.cmp(&b.1));
    wijken.dedup();
    let page = RegioPage {
        chrome: Chrome::of(&sessie),
        regio: naam.clone(),
        rol: if rol == Rol::Bewerker { "bewerker" } else { "lezer" },
        indicatoren: cat.indicators.iter().fold(Vec::new(), |mut groups: Vec<(&'static str, Vec<_>)>, x| {
            let item = (x.code.clone(), x.label.clone(), x.code == ind.code);
            match groups.iter_mut().find(|(d, _)| *d == x.domain.label()) {
                Some((_, v)) => v.push(item),
                None => groups.push((x.domain.label(), vec![item])),
            }
            groups
        }),
        kaart: data.shape().draw(&format!("{label} ({bron})"), &classes, &svg::PALETTE),
        kaart_data,
        legenda: svg::legend(&breaks, ind),
        label,
        bron,
        rijen: buurten
            .iter()
            .zip(&own)
            .zip(&classes)
            .map(|((b, a), c)| Rij {
                code: b.code.to_string(),
                naam: b.naam.clone(),
                gemeente: b.gemeente_naam.clone(),
                wijkverband: wijkverband.get(b.code.as_str()).cloned().unwrap_or_default(),
                inwoners: format::count(a[inw].waarde),
                waarde: format::value(ind, a[i].waarde),
                klasse: c.map(|c| format!("{} van {}", c + 1, breaks.len())).unwrap_or_else(|| "onbekend".into()),
            })
            .collect(),
        indelingen,
        indeling,
        gemeenten,
        wijken,
    };
    render(page)
}

#[derive(Template)]
#[template(path = "toegankelijkheid.html")]
struct Toegankelijkheid;

pub async fn toegankelijkheid() -> Response {
    render(Toegankelijkheid)
}

#[derive(Template)]
#[template(path = "privacy.html")]
struct Privacy {
    minimum: usize,
}

pub async fn privacy() -> Response {
    render(Privacy { minimum: wv_store::MINIMUM })
}

#[derive(Template)]
#[template(path = "fout.html")]
struct FoutPage {
    kop: &'static str,
    tekst: String,
    uitleg: &'static str,
}

/// Refusals and errors in the app's layout: a response of 400 or more that is plain text or
/// empty (a route's refusal, an unknown URL) becomes a page with the message and a way on.
/// The API and files keep their own answers.
pub(crate) async fn foutpagina(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    let status = res.status();
    let plain = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_none_or(|v| v.to_str().is_ok_and(|t| t.starts_with("text/plain")));
    if status.as_u16() < 400 || !plain || path.starts_with("/api/") || path.starts_with("/assets/") {
        return res;
    }
    let (parts, body) = res.into_parts();
    // Refusals are short; anything longer is cut, never buffered without bound.
    let tekst = match axum::body::to_bytes(body, 16 * 1024).await {
        Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
        Err(_) => String::new(),
    };
    let (kop, uitleg) = match status {
        StatusCode::NOT_FOUND => {
            ("Niet gevonden", "Deze pagina bestaat niet (meer). Misschien is de link oud of verkeerd overgenomen.")
        }
        StatusCode::FORBIDDEN => (
            "Geen toegang",
            "U mag dit niet met uw rol. Vraag de beheerder van de regio om een andere rol als u dit nodig hebt.",
        ),
        StatusCode::UNAUTHORIZED => ("Niet ingelogd", "Log in om verder te gaan."),
        StatusCode::CONFLICT => {
            ("Kan nu niet", "Iets anders veranderde dit intussen. Laad de pagina opnieuw en probeer het nog eens.")
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("Te groot", "Het bestand of formulier is te groot. Splits het op of maak het kleiner.")
        }
        StatusCode::TOO_MANY_REQUESTS => {
            ("Even wachten", "Er kwamen te veel verzoeken na elkaar. Wacht even en probeer het opnieuw.")
        }
        s if s.is_server_error() => {
            ("Er ging iets mis", "Er ging op de server iets mis; er is niets veranderd. Probeer het later opnieuw.")
        }
        _ => ("Dat lukte niet", "Controleer wat u invulde en probeer het opnieuw."),
    };
    let page = FoutPage { kop, tekst, uitleg };
    let mut res = render(page);
    *res.status_mut() = status;
    for (name, value) in parts
        .headers
        .iter()
        .filter(|(n, _)| *n != axum::http::header::CONTENT_TYPE && *n != axum::http::header::CONTENT_LENGTH)
    {
        res.headers_mut().append(name.clone(), value.clone());
    }
    res
}
