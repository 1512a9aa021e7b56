//! A region's duidingssessies, and preparing one: title, date, place, facilitator, the areas
//! (wijkverbanden of the adopted plan, CBS wijken, gemeenten, or a chosen set of buurten), the
//! participants (actors of the sociale kaart, residents by first name or "inwoner"), a
//! template for the format, and the figures to put on the table.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_core::gebied::Code;
use wv_core::scan::Area;
use wv_core::sessie::Sjabloon;
use wv_store::{Deelnemer, NieuweSessie, SessieGebied, StoreError};

use crate::AppState;
use crate::auth::{Bewerker, Lezer, Sessie};
use crate::cache::RegionData;
use crate::fields::{Formulier, Vraag};
use crate::fout::intern;
use crate::pages::{Chrome, render};

/// The most choices one form may send (areas, participants, figures).
const MAX_KEUZES: usize = 200;

pub(crate) struct Rij {
    url: String,
    titel: String,
    datum: String,
    gebieden: String,
    status: &'static str,
    synthetisch: bool,
}

#[derive(Template)]
#[template(path = "sessies.html")]
struct Lijst {
    chrome: Chrome,
    regio: String,
    wijkverband: Option<String>,
    bewerkt: bool,
    fout: Option<String>,
    sessies: Vec<Rij>,
    gebieden: Vec<(&'static str, Vec<(String, String)>)>,
    actoren: Vec<(String, String)>,
    sjablonen: Vec<(&'static str, &'static str)>,
    figuren: Vec<(String, String)>,
    vandaag: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only the sessions about this wijkverband.
    wijkverband: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    Path(regio): Path<String>,
    l: Lezer,
    Vraag(f): Vraag<Filter>,
) -> Response {
    page(&state, &l.sessie, &regio, f.wijkverband.as_deref(), None).await
}

pub(crate) async fn page(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    wijkverband: Option<&str>,
    fout: Option<String>,
) -> Response {
    // a refusal shows the page again with its reason, answered as unprocessable
    let status = if fout.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    match lijst(state, sessie, regio, wijkverband, fout).await {
        Ok(p) => (status, render(p)).into_response(),
        Err(r) => r,
    }
}

async fn lijst(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    wijkverband: Option<&str>,
    fout: Option<String>,
) -> Result<Lijst, Response> {
    let data = crate::cache::region(state, regio).await?;
    let over = |s: &wv_store::Sessie| {
        wijkverband.is_none_or(|w| s.gebieden.iter().any(|g| g.soort == "wijkverband" && g.naam == w))
    };
    let sessies: Vec<wv_store::Sessie> =
        state.store.duidingssessies(regio).await.map_err(intern)?.into_iter().filter(over).collect();
    let actoren = state.store.actors(regio).await.map_err(intern)?;
    Ok(Lijst {
        chrome: Chrome::of(sessie),
        regio: regio.into(),
        wijkverband: wijkverband.map(String::from),
        bewerkt: sessie.gebruiker.rol(regio) == Some(wv_store::Rol::Bewerker),
        fout,
        sessies: sessies
            .iter()
            .map(|s| Rij {
                url: crate::adres::sessie_url(regio, s.id),
                titel: s.titel.clone(),
                datum: s.datum.clone(),
                gebieden: s.gebieden.iter().map(|g| g.naam.as_str()).collect::<Vec<_>>().join(", "),
                status: s.status.as_str(),
                synthetisch: s.synthetisch,
            })
            .collect(),
        gebieden: keuzes(state, &data).await?,
        actoren: actoren
            .iter()
            .map(|(a, _)| (a.id.clone(), format!("{} ({})", a.naam, a.discipline.label())))
            .collect(),
        sjablonen: Sjabloon::ALLE.iter().map(|s| (s.as_str(), s.label())).collect(),
        figuren: super::keuzes(&data),
        vandaag: crate::vandaag(),
    })
}

/// The areas a session can be about, grouped: (group, [(key, name)]).
async fn keuzes(state: &AppState, data: &RegionData) -> Result<Vec<(&'static str, Vec<(String, String)>)>, Response> {
    let mut uit = Vec::new();
    if let Some(indeling) = state.store.wijkverband_indeling(&data.regio).await.map_err(intern)? {
        let stored = crate::werkbank::stored(state, &data.regio, &indeling).await?;
        let namen = stored.staat.names();
        uit.push((
            "Wijkverbanden (vastgestelde indeling)",
            namen.iter().map(|n| (format!("wijkverband:{n}"), n.clone())).collect(),
        ));
    }
    let mut wijken: Vec<(String, String)> = Vec::new();
    let mut gemeenten: Vec<(String, String)> = Vec::new();
    for b in &data.buurten {
        let w = format!("wijk:{}", b.wijk_code);
        if !wijken.iter().any(|(k, _)| *k == w) {
            let naam = b.wijk_naam.clone().unwrap_or_else(|| b.wijk_code.to_string());
            wijken.push((w, format!("{naam} ({})", b.gemeente_naam)));
        }
        let g = format!("gemeente:{}", b.gemeente_code);
        if !gemeenten.iter().any(|(k, _)| *k == g) {
            gemeenten.push((g, b.gemeente_naam.clone()));
        }
    }
    wijken.sort_by(|a, b| a.1.cmp(&b.1));
    gemeenten.sort_by(|a, b| a.1.cmp(&b.1));
    uit.push(("Gemeenten", gemeenten));
    uit.push(("CBS-wijken", wijken));
    Ok(uit)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MaakForm {
    titel: String,
    datum: String,
    plaats: String,
    begeleider: String,
    sjabloon: String,
    gebied: Vec<String>,
    /// A chosen set of buurten: codes, separated by commas, spaces or lines.
    buurten: String,
    buurten_naam: String,
    actor: Vec<String>,
    /// Residents: a first name or "inwoner" per line.
    inwoners: String,
    figuur: Vec<String>,
}

/// The areas the form names, or why not.
async fn gebieden(state: &AppState, data: &RegionData, f: &MaakForm) -> Result<Vec<SessieGebied>, String> {
    let mut uit: Vec<Area> = Vec::new();
    let onbekend = || "Een gekozen gebied hoort niet bij de regio.".to_string();
    for k in &f.gebied {
        let area = if let Some(wv) = k.strip_prefix("wijkverband:") {
            let (_, buurten) = super::super::cyclus::van_de_indeling(state, data, wv).await.map_err(|_| onbekend())?;
            Area::wijkverband(wv, buurten)
        } else if let Some(c) = k.strip_prefix("wijk:") {
            Area::wijk(&data.buurten, &Code::parse(c).map_err(|_| onbekend())?).ok_or_else(onbekend)?
        } else if let Some(c) = k.strip_prefix("gemeente:") {
            Area::gemeente(&data.buurten, &Code::parse(c).map_err(|_| onbekend())?).ok_or_else(onbekend)?
        } else {
            return Err(onbekend());
        };
        uit.push(area);
    }
    let codes: Vec<&str> = f.buurten.split(|c: char| c == ',' || c.is_whitespace()).filter(|c| !c.is_empty()).collect();
    if !codes.is_empty() {
        if codes.len() > 2000 {
            return Err("Kies hoogstens 2000 buurten.".into());
        }
        if let Some(c) = codes.iter().find(|c| !data.buurten.iter().any(|b| b.code.as_str() == **c)) {
            return Err(format!("De buurt {c} hoort niet bij de regio (schrijf buurtcodes zoals BU06320000)."));
        }
        let naam = f.buurten_naam.trim();
        uit.push(Area::selectie(&codes, (!naam.is_empty()).then_some(naam)));
    }
    if uit.is_empty() {
        return Err("Kies ten minste één gebied: een wijkverband, wijk, gemeente of eigen buurten.".into());
    }
    Ok(uit
        .into_iter()
        .map(|a| SessieGebied {
            naam: a.naam,
            soort: a.soort.label().replace("eigen selectie", "buurten"),
            buurten: a.buurten,
        })
        .collect())
}

pub async fn maak(
    State(state): State<AppState>,
    Path(regio): Path<String>,
    b: Bewerker,
    Formulier(f): Formulier<MaakForm>,
) -> Response {
    let fout = |t: String| async { page(&state, &b.sessie, &regio, None, Some(t)).await };
    if f.gebied.len() + f.actor.len() + f.figuur.len() > MAX_KEUZES * 3 {
        return fout("Te veel keuzes in één formulier.".into()).await;
    }
    let data = match crate::cache::region(&state, &regio).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let gebieden = match gebieden(&state, &data, &f).await {
        Ok(g) => g,
        Err(t) => return fout(t).await,
    };
    if jiff::civil::Date::strptime("%Y-%m-%d", f.datum.trim()).is_err() {
        return fout("Schrijf de datum als JJJJ-MM-DD, zoals 2027-02-14.".into()).await;
    }
    let Some(sjabloon) = Sjabloon::parse(&f.sjabloon) else {
        return fout("Kies een werkvorm.".into()).await;
    };
    let actoren = match state.store.actors(&regio).await {
        Ok(a) => a,
        Err(e) => return intern(e),
    };
    let mut deelnemers = Vec::new();
    for id in &f.actor {
        match actoren.iter().find(|(a, _)| &a.id == id) {
            Some((a, _)) => deelnemers.push(Deelnemer { actor: Some(a.id.clone()), naam: a.naam.clone() }),
            None => return fout("Een gekozen deelnemer staat niet op de sociale kaart.".into()).await,
        }
    }
    deelnemers.extend(
        f.inwoners
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Deelnemer { actor: None, naam: l.to_string() }),
    );
    let keuzes = super::keuzes(&data);
    if let Some(k) = f.figuur.iter().find(|k| !keuzes.iter().any(|(x, _)| x == *k)) {
        return fout(format!("Onbekend cijfer '{k}'.")).await;
    }
    let namen: Vec<String> = gebieden.iter().map(|g| g.naam.clone()).collect();
    let format = sjabloon.format(&namen);
    let nieuw = NieuweSessie {
        titel: &f.titel,
        datum: f.datum.trim(),
        plaats: &f.plaats,
        begeleider: &f.begeleider,
        gebieden: &gebieden,
        format: &format,
        deelnemers: &deelnemers,
        figuren: &f.figuur,
        synthetisch: false,
    };
    match state.store.maak_sessie(&regio, &nieuw).await {
        Ok(s) => Redirect::to(&crate::adres::sessie_url(&regio, s.id)).into_response(),
        Err(StoreError::Geweigerd(t)) => fout(t).await,
        Err(e) => intern(e),
    }
}
