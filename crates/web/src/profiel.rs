//! Area profiles in the browser: the scan of a buurt, a CBS wijk, a
//! gemeente, a wijkverband of a plan or a hand-picked (and named) selection of
//! buurten, compared with a reference the user picks as on the command line
//! (`scan --referentie`): the region, the area's gemeente(n), buurten of the
//! same urbanity, or the Netherlands as the sources publish it; the printable
//! startfoto one click away (the same report the CLI writes, under a CSP nonce
//! of its own).

use std::borrow::Cow;
use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use wv_core::format;
use wv_core::gebied::Code;
use wv_core::indicator::{Catalogue, Kind, aggregate};
use wv_core::scan::{Area, Profile, Reference, Trend, gemeenten_naam, koppelingen, profile, trends};
use wv_report::netwerk::{Samenvatting, samenvatting};
use wv_report::svg::{LinePoint, line};
use wv_store::RegionModel;

use crate::AppState;
use crate::auth::{Lezer, token};
use crate::cache::RegionData;
use crate::fields::Vraag;
use crate::fout::refuse;
use crate::pages::{Chrome, render};
use crate::werkbank::{model, plan_of, stored};

/// The profiles of `areas` against the whole region.
pub(crate) async fn scan(state: &AppState, data: &RegionData, areas: &[Area]) -> Result<Vec<Profile>, Response> {
    let s = data.scanned(state).await?;
    scan_against(state, data, areas, &s.reference).await
}

/// The profiles of `areas` against `reference`.
async fn scan_against(
    state: &AppState,
    data: &RegionData,
    areas: &[Area],
    reference: &Reference,
) -> Result<Vec<Profile>, Response> {
    let values = data.values(state).await?;
    let s = data.scanned(state).await?;
    Ok(areas.iter().map(|a| profile(&data.catalogue, values, a, reference, &s.veerkracht)).collect())
}

/// What a profile is compared with.
/// The profile (startfoto) of any area of a region.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/regio/{regio}/profiel", get(profiel))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Referentie {
    Regio,
    Gemeente,
    Vergelijkbaar,
    Nl,
}

impl Referentie {
    const ALL: [Referentie; 4] = [Referentie::Regio, Referentie::Gemeente, Referentie::Vergelijkbaar, Referentie::Nl];

    fn parse(s: Option<&str>) -> Referentie {
        Referentie::ALL.into_iter().find(|r| Some(r.key()) == s).unwrap_or(Referentie::Regio)
    }

    fn key(self) -> &'static str {
        match self {
            Referentie::Regio => "regio",
            Referentie::Gemeente => "gemeente",
            Referentie::Vergelijkbaar => "vergelijkbaar",
            Referentie::Nl => "nl",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Referentie::Regio => "de regio",
            Referentie::Gemeente => "de gemeente",
            Referentie::Vergelijkbaar => "even stedelijke buurten",
            Referentie::Nl => "Nederland",
        }
    }
}

/// The reference of `soort` for `area`: its values and the buurten whose distribution its
/// percentiles and z-scores are taken in (for Nederland, the figures the sources publish for
/// NL01, against the region's buurten: that is what is imported).
async fn reference<'a>(
    state: &AppState,
    data: &'a RegionData,
    area: &Area,
    soort: Referentie,
) -> Result<Cow<'a, Reference>, Response> {
    let cat = &data.catalogue;
    let values = data.values(state).await?;
    let s = data.scanned(state).await?;
    let codes = |pick: &dyn Fn(&wv_core::gebied::Buurt) -> bool| -> Vec<String> {
        data.buurten.iter().filter(|b| pick(b)).map(|b| b.code.to_string()).collect()
    };
    Ok(match soort {
        Referentie::Regio => Cow::Borrowed(&s.reference),
        Referentie::Gemeente => {
            let own: Vec<&wv_core::gebied::Buurt> =
                data.buurten.iter().filter(|b| area.buurten.iter().any(|c| c == b.code.as_str())).collect();
            let mut names: Vec<&str> = own.iter().map(|b| b.gemeente_naam.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            let buurten = codes(&|b| own.iter().any(|o| o.gemeente_code == b.gemeente_code));
            let naam = gemeenten_naam(&names);
            Cow::Owned(Reference::of_buurten(cat, values, &s.figures, &naam, &buurten))
        }
        Referentie::Vergelijkbaar => {
            let i =
                cat.position("stedelijkheid").ok_or_else(|| refuse(StatusCode::NOT_FOUND, "Geen stedelijkheid."))?;
            let class = aggregate(cat, values, &area.buurten)[i].waarde.ok_or_else(|| {
                refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "De stedelijkheid van dit gebied is onbekend: kies een andere vergelijking.",
                )
            })?;
            let label = match &cat.indicators[i].kind {
                Kind::Class { classes, .. } => classes.get(class as usize - 1).cloned().unwrap_or_default(),
                _ => String::new(),
            };
            let buurten = codes(&|b| s.figures.get(b.code.as_str()).and_then(|a| a[i].waarde) == Some(class));
            let naam = format!("even stedelijke buurten in de regio ({label})");
            Cow::Owned(Reference::of_buurten(cat, values, &s.figures, &naam, &buurten))
        }
        Referentie::Nl => {
            let nl = Code::parse("NL01").expect("a code");
            let published =
                state.store.values(std::slice::from_ref(&nl), &cat.all_series()).await.map_err(crate::fout::intern)?;
            let buurten = codes(&|_| true);
            let r = Reference::published(cat, &published, &s.figures, "Nederland", "NL01", &buurten);
            if r.waarden.iter().all(Option::is_none) {
                return Err(refuse(StatusCode::NOT_FOUND, "Voor Nederland zijn geen cijfers ingelezen."));
            }
            Cow::Owned(r)
        }
    })
}

/// The latest wijkfoto of every profiled area that is a wijkverband with a round (by name).
pub(crate) async fn wijkfotos(
    state: &AppState,
    regio: &str,
    profiles: &[Profile],
    kijker: &str,
) -> Result<Vec<Samenvatting>, Response> {
    let rondes = state.store.rondes(regio).await.map_err(crate::fout::intern)?;
    let mut out = Vec::new();
    for p in profiles {
        let Some(r) = rondes
            .iter()
            .filter(|r| r.wijkverband == p.gebied.naam && r.opgeschoond.is_none())
            .max_by(|a, b| a.datum.cmp(&b.datum).then(a.id.cmp(&b.id)))
        else {
            continue;
        };
        let (r, _, a) = crate::wijkfoto::analysed(state, r.clone(), kijker).await?;
        out.push(samenvatting(&r.wijkverband, &r.datum, r.synthetisch, r.minimum, &a));
    }
    Ok(out)
}

/// The printable startfoto of profiles. Its inline style and script run under a fresh nonce.
pub(crate) async fn report(
    state: &AppState,
    data: &RegionData,
    profiles: &[Profile],
    titel: &str,
    kijker: &str,
) -> Response {
    let cat = &data.catalogue;
    let s = match data.scanned(state).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let outlines: HashMap<String, _> =
        data.buurten.iter().map(|b| (b.code.to_string(), (b.naam.clone(), b.geometrie.clone()))).collect();
    let wijkfotos = match wijkfotos(state, &data.regio, profiles, kijker).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let nonce = token();
    let kaart = cat.kaart();
    let html = wv_report::startfoto(&wv_report::ReportInput {
        titel,
        jaar: data.jaar,
        catalogue: cat,
        model: &s.veerkracht,
        profiles,
        buurten: &outlines,
        figures: &s.figures,
        kaart,
        nonce: Some(&nonce),
        wijkfotos: &wijkfotos,
    });
    let html = match html {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let csp = format!(
        "default-src 'none'; img-src data:; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    let csp = HeaderValue::from_str(&csp).expect("a nonce is hex");
    ([(header::CONTENT_SECURITY_POLICY, csp)], Html(html)).into_response()
}

/// The area a query names: `buurt` (one or more), `wijk`, `gemeente`, or `indeling` with `wijkverband`.
/// The area a profile is of, and what it is compared with: `buurt` (one or more, with `naam`
/// for a selection), `wijk`, `gemeente`, or `indeling` with `wijkverband`; `referentie`; `print=1`
/// for the printable startfoto.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Gebiedsvraag {
    indeling: Option<String>,
    wijkverband: Option<String>,
    gemeente: Option<String>,
    wijk: Option<String>,
    buurt: Vec<String>,
    naam: Option<String>,
    referentie: Option<String>,
    print: Option<String>,
    /// The indicator whose trend is shown.
    trend: Option<String>,
}

fn trimmed(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim)
}

async fn area(state: &AppState, model: &RegionModel, q: &Gebiedsvraag) -> Result<Area, Response> {
    let bad = |t: &str| refuse(StatusCode::NOT_FOUND, t.to_string());
    if let (Some(plan), Some(wv)) = (trimmed(&q.indeling), trimmed(&q.wijkverband)) {
        let s = stored(state, &model.regio, plan).await?;
        let p = plan_of(model, &s)?;
        let d =
            p.names.iter().position(|n| n == wv).ok_or_else(|| bad("Dit wijkverband staat niet in de indeling."))?;
        let buurten: Vec<String> = p.members(d).iter().map(|&i| model.region.codes[i].clone()).collect();
        if buurten.is_empty() {
            return Err(bad("Dit wijkverband heeft nog geen buurten."));
        }
        return Ok(Area::wijkverband(wv, buurten));
    }
    let code = |c: &str| Code::parse(c).map_err(|_| bad("Deze code bestaat niet."));
    if let Some(g) = trimmed(&q.gemeente) {
        return Area::gemeente(&model.buurten, &code(g)?).ok_or_else(|| bad("Deze gemeente hoort niet bij de regio."));
    }
    if let Some(w) = trimmed(&q.wijk) {
        return Area::wijk(&model.buurten, &code(w)?).ok_or_else(|| bad("Deze wijk hoort niet bij de regio."));
    }
    let mut chosen: Vec<&str> = Vec::new();
    for b in q.buurt.iter().map(String::as_str) {
        if !chosen.contains(&b) {
            chosen.push(b);
        }
    }
    let own: Vec<&wv_core::gebied::Buurt> =
        model.buurten.iter().filter(|b| chosen.contains(&b.code.as_str())).collect();
    match (own.len(), chosen.len()) {
        (0, _) => Err(bad("Kies een buurt, wijk, gemeente of wijkverband.")),
        (n, m) if n < m => Err(bad("Niet alle gekozen buurten horen bij de regio.")),
        (1, _) => Ok(Area::buurt(own[0])),
        // A selection may be named (bounded); otherwise it is counted.
        _ => Ok(Area::selectie(&chosen, q.naam.as_deref())),
    }
}

struct Regel {
    domein: &'static str,
    label: String,
    waarde: String,
    referentie: String,
    verschil: String,
    percentiel: String,
    bron: String,
}

#[derive(Template)]
#[template(path = "profiel.html")]
struct ProfielPage {
    chrome: Chrome,
    regio: String,
    naam: String,
    soort: &'static str,
    buurten: usize,
    print: String,
    veerkracht: String,
    onderdelen: Vec<(String, String)>,
    opgaven: Vec<(String, String)>,
    regels: Vec<Regel>,
    /// The reference's name, and every reference as (label, query, chosen).
    referentie: String,
    referenties: Vec<(&'static str, String, bool)>,
    /// How figures published in another division reached the area's buurten, per source.
    koppelingen: Vec<String>,
    ontwikkeling: Ontwikkeling,
}

/// The trend section: the indicators with known values in more than one year, the one shown,
/// its chart and its rows.
struct Ontwikkeling {
    /// The query's other fields, kept by the form that picks the indicator.
    velden: Vec<(String, String)>,
    keuzes: Vec<(String, String, bool)>,
    label: String,
    grafiek: String,
    rijen: Vec<TrendRij>,
    /// "Van 2012 tot 2020: -2,5 procentpunt."
    samenvatting: String,
}

struct TrendRij {
    jaar: i32,
    /// The value as computed (for the chart's check), empty when unknown.
    ruw: String,
    waarde: String,
    verschil: String,
    bron: String,
    koppeling: String,
}

/// The trend of the chosen indicator (else the first with known values in two years or more).
fn ontwikkeling(cat: &Catalogue, trends: &[Trend], gekozen: Option<&str>, naam: &str, query: &str) -> Ontwikkeling {
    let met_jaren: Vec<&Trend> =
        trends.iter().filter(|t| t.punten.iter().filter(|p| p.waarde.is_some()).count() > 1).collect();
    let chosen = met_jaren
        .iter()
        .find(|t| Some(cat.indicators[t.indicator].code.as_str()) == gekozen)
        .or(met_jaren.first())
        .copied();
    let velden: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "trend" && k != "print")
        .collect();
    let keuzes = met_jaren
        .iter()
        .map(|t| {
            let ind = &cat.indicators[t.indicator];
            (ind.code.clone(), ind.label.clone(), chosen.is_some_and(|c| c.indicator == t.indicator))
        })
        .collect();
    let Some(t) = chosen else {
        return Ontwikkeling {
            velden,
            keuzes,
            label: String::new(),
            grafiek: String::new(),
            rijen: vec![],
            samenvatting: String::new(),
        };
    };
    let ind = &cat.indicators[t.indicator];
    let eerste = t.begin_eind().map(|(a, _)| a);
    let rijen = t
        .punten
        .iter()
        .map(|p| TrendRij {
            jaar: p.jaar,
            ruw: p.waarde.map(|v| v.to_string()).unwrap_or_default(),
            waarde: format::value(ind, p.waarde),
            verschil: match (eerste, p.waarde) {
                (Some(e), Some(v)) if e.jaar != p.jaar => format::change(ind, e.waarde.unwrap_or(v), v),
                _ => "–".into(),
            },
            bron: p.bron.clone(),
            koppeling: if p.koppeling.is_empty() { "zelfde buurtindeling".into() } else { p.koppeling.clone() },
        })
        .collect();
    let punten: Vec<LinePoint> = t
        .punten
        .iter()
        .map(|p| LinePoint { jaar: p.jaar, waarde: p.waarde, tekst: format::bare(ind, p.waarde) })
        .collect();
    let samenvatting = match t.begin_eind() {
        Some((a, b)) => format!(
            "Van {} tot {}: {}.",
            a.jaar,
            b.jaar,
            format::change(ind, a.waarde.unwrap_or_default(), b.waarde.unwrap_or_default())
        ),
        None => String::new(),
    };
    Ontwikkeling {
        velden,
        keuzes,
        label: ind.label.clone(),
        grafiek: line(&punten, &format!("{} van {naam} per jaar", ind.label)),
        rijen,
        samenvatting,
    }
}

/// GET /regio/{regio}/profiel?…: the profile page, or with `print=1` the printable startfoto.
pub async fn profiel(
    State(state): State<AppState>,
    Lezer { sessie, regio, .. }: Lezer,
    RawQuery(query): RawQuery,
    Vraag(q): Vraag<Gebiedsvraag>,
) -> Response {
    let model = match model(&state, &regio).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let area = match area(&state, &model, &q).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let soort = Referentie::parse(q.referentie.as_deref());
    let referentie = match reference(&state, &model, &area, soort).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let profiles = match scan_against(&state, &model, std::slice::from_ref(&area), &referentie).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let p = &profiles[0];
    if q.print.as_deref() == Some("1") {
        return report(&state, &model, &profiles, &format!("Startfoto {}", p.gebied.naam), &sessie.gebruiker.email)
            .await;
    }
    let cat = &model.catalogue;
    let regels = p
        .rijen
        .iter()
        .filter_map(|r| {
            let ind = cat.get(&r.code)?;
            Some(Regel {
                domein: ind.domain.label(),
                label: ind.label.clone(),
                waarde: format::value(ind, r.waarde),
                referentie: format::value(ind, r.referentie),
                verschil: format::difference(ind, r),
                percentiel: r.percentiel.map(|x| format::number(x, 0)).unwrap_or_else(|| "–".into()),
                bron: wv_report::sources_of(cat, std::iter::once(r.code.as_str())),
            })
        })
        .collect();
    let score = |s: Option<f64>| wv_core::scan::veerkracht_in_woorden(s, &referentie.naam);
    // The same area against each reference: the query without `referentie` and `print`.
    let basis: String = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("referentie=") && !kv.starts_with("print="))
        .collect::<Vec<_>>()
        .join("&");
    let referenties =
        Referentie::ALL.iter().map(|r| (r.label(), format!("{basis}&referentie={}", r.key()), *r == soort)).collect();
    let print = format!("{basis}&referentie={}&print=1", soort.key());
    let values = match model.values(&state).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let gemeente: HashMap<&str, &str> =
        model.buurten.iter().map(|b| (b.code.as_str(), b.gemeente_naam.as_str())).collect();
    let buurten: Vec<&str> = p.gebied.buurten.iter().map(String::as_str).collect();
    let koppelingen = koppelingen(cat, values, &buurten, |b| gemeente.get(b).copied());
    let trends = trends(model.jaargangen(), values, &buurten);
    let ontwikkeling = ontwikkeling(cat, &trends, q.trend.as_deref(), &p.gebied.naam, query.as_deref().unwrap_or(""));
    render(ProfielPage {
        chrome: Chrome::of(&sessie),
        regio,
        naam: p.gebied.naam.clone(),
        soort: p.gebied.soort.label(),
        buurten: p.gebied.buurten.len(),
        print,
        veerkracht: score(p.veerkracht.score),
        onderdelen: p.veerkracht.onderdelen.iter().map(|o| (o.label.clone(), score(o.score))).collect(),
        opgaven: p.opgaven.iter().map(|o| (o.tekst.clone(), o.bron.clone())).collect(),
        regels,
        referentie: referentie.naam.clone(),
        referenties,
        koppelingen,
        ontwikkeling,
    })
}
