//! The regional overview (RESV task 4): the adopted indeling on a map coloured by phase, with
//! the table beside it, the coverage, and the register of good practices (searchable) from
//! which a programme picks its pilot wijken. Also as CSV and JSON.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_core::cyclus::Fase;
use wv_core::format;
use wv_core::netwerk::Discipline;
use wv_store::{Overzicht, Praktijk};

use crate::AppState;
use crate::auth::{Bewerker, Lezer};
use crate::fields::{Formulier, Vraag};
use crate::fout::intern;
use crate::pages::{Chrome, render};

/// One colour per phase, light to dark (the table says it too), and the class of its swatch in
/// `app.css`.
const KLEUREN: [&str; 5] = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
const STALEN: [&str; 5] = ["fase-1", "fase-2", "fase-3", "fase-4", "fase-5"];

pub(crate) struct Rij {
    naam: String,
    url: String,
    fase: &'static str,
    kleur: &'static str,
    cyclus: String,
    inwoners: String,
    kernteam: usize,
    vierkant: String,
    wijkfoto: String,
    open: usize,
    klaar: usize,
    gedekt: bool,
    synthetisch: bool,
}

#[derive(Template)]
#[template(path = "cyclus-overzicht.html")]
struct Pagina {
    chrome: Chrome,
    regio: String,
    bewerker: bool,
    indeling: Option<String>,
    kaart: String,
    legenda: Vec<(&'static str, &'static str)>,
    rijen: Vec<Rij>,
    dekking: String,
    dekking_buurten: String,
    praktijken: Vec<Praktijk>,
    zoek: String,
    wijkverbanden: Vec<String>,
    disciplines: Vec<&'static str>,
    fout: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Zoek {
    #[serde(default)]
    q: String,
}

async fn overzicht(
    state: &AppState,
    regio: &str,
) -> Result<(Overzicht, std::sync::Arc<crate::cache::RegionData>), Response> {
    let data = crate::cache::region(state, regio).await?;
    let o = state.store.overzicht(regio, &data.region).await.map_err(intern)?;
    Ok((o, data))
}

pub async fn show(State(state): State<AppState>, l: Lezer, Vraag(z): Vraag<Zoek>) -> Response {
    page(&state, &l, &z.q, None).await
}

async fn page(state: &AppState, l: &Lezer, zoek: &str, fout: Option<String>) -> Response {
    let (o, data) = match overzicht(state, &l.regio).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let praktijken = match state.store.praktijken(&l.regio).await {
        Ok(p) => p,
        Err(e) => return intern(e),
    };
    let woorden: Vec<String> = zoek.split_whitespace().take(10).map(str::to_lowercase).collect();
    let praktijken: Vec<Praktijk> = praktijken
        .into_iter()
        .filter(|p| {
            let alles = format!(
                "{} {} {} {} {} {}",
                p.wijkverband,
                p.naam,
                p.beschrijving,
                p.disciplines.join(" "),
                p.actoren,
                p.overleg
            )
            .to_lowercase();
            woorden.iter().all(|w| alles.contains(w))
        })
        .collect();
    // The phase of each buurt's wijkverband, on the map.
    let fase_van: std::collections::HashMap<&str, Fase> =
        o.wijkverbanden.iter().map(|w| (w.naam.as_str(), w.fase)).collect();
    let toewijzing: std::collections::HashMap<String, String> = match &o.indeling {
        Some(i) => match state.store.plan(Some(&l.regio), i).await {
            Ok(p) => p.staat.toewijzing.into_iter().collect(),
            Err(e) => return intern(e),
        },
        None => Default::default(),
    };
    let classes: Vec<Option<usize>> = data
        .region
        .codes
        .iter()
        .map(|c| toewijzing.get(c).and_then(|w| fase_van.get(w.as_str())).map(|f| *f as usize))
        .collect();
    let d = &o.dekking;
    render(Pagina {
        chrome: Chrome::of(&l.sessie),
        regio: l.regio.clone(),
        bewerker: l.rol == wv_store::Rol::Bewerker,
        kaart: data.shape().draw("De wijkverbanden naar de fase van hun wijkcyclus", &classes, &KLEUREN),
        legenda: Fase::ALL.iter().map(|f| (f.label(), STALEN[*f as usize])).collect(),
        rijen: o
            .wijkverbanden
            .iter()
            .map(|w| Rij {
                url: crate::adres::cyclus_url(&l.regio, &w.naam),
                fase: w.fase.label(),
                kleur: STALEN[w.fase as usize],
                cyclus: w.cyclus.map(|c| c.to_string()).unwrap_or_else(|| "nog niet begonnen".into()),
                inwoners: format::number(w.inwoners, 0),
                kernteam: w.kernteam,
                vierkant: format!("{} van 4", w.vierkant.len()),
                wijkfoto: match &w.laatste_wijkfoto {
                    Some((datum, respons)) => {
                        format!("{datum}, respons {}", format::percent(respons.map(|r| r * 100.0)))
                    }
                    None => "nog geen".into(),
                },
                open: w.acties_open,
                klaar: w.acties_klaar,
                gedekt: w.gedekt,
                synthetisch: w.synthetisch,
                naam: w.naam.clone(),
            })
            .collect(),
        dekking: format!(
            "{} van de {} inwoners ({})",
            format::number(d.inwoners, 0),
            format::number(d.regio_inwoners, 0),
            format::percent(d.aandeel().map(|a| a * 100.0))
        ),
        dekking_buurten: format!("{} van de {} buurten", d.buurten, d.regio_buurten),
        wijkverbanden: o.wijkverbanden.iter().map(|w| w.naam.clone()).collect(),
        indeling: o.indeling,
        praktijken,
        zoek: zoek.to_string(),
        disciplines: Discipline::ALL.iter().map(|d| d.label()).collect(),
        fout,
    })
}

pub async fn json(State(state): State<AppState>, l: Lezer) -> Response {
    match overzicht(&state, &l.regio).await {
        Ok((o, _)) => axum::Json(o).into_response(),
        Err(r) => r,
    }
}

pub async fn csv(State(state): State<AppState>, l: Lezer) -> Response {
    let (o, _) = match overzicht(&state, &l.regio).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let kop = [
        "wijkverband",
        "fase",
        "cyclus",
        "inwoners",
        "buurten",
        "kernteam",
        "vierkant",
        "laatste_wijkfoto",
        "respons",
        "acties_open",
        "acties_klaar",
        "gedekt",
    ];
    let rows = o.wijkverbanden.iter().map(|x| {
        [
            x.naam.clone(),
            x.fase.as_str().to_string(),
            x.cyclus.map(|c| c.to_string()).unwrap_or_default(),
            x.inwoners.to_string(),
            x.buurten.to_string(),
            x.kernteam.to_string(),
            x.vierkant.iter().map(|h| h.label()).collect::<Vec<_>>().join("; "),
            x.laatste_wijkfoto.as_ref().map(|(d, _)| d.clone()).unwrap_or_default(),
            x.laatste_wijkfoto.as_ref().and_then(|(_, r)| *r).map(|r| r.to_string()).unwrap_or_default(),
            x.acties_open.to_string(),
            x.acties_klaar.to_string(),
            if x.gedekt { "ja" } else { "nee" }.to_string(),
        ]
    });
    let tekst = wv_data::csv_uit::tekst(std::iter::once(kop.map(String::from)).chain(rows));
    crate::pages::bijlage("text/csv; charset=utf-8", "wijkcyclus-overzicht.csv", tekst.into_bytes())
}

#[derive(Deserialize)]
pub struct PraktijkForm {
    #[serde(default)]
    wijkverband: String,
    #[serde(default)]
    naam: String,
    #[serde(default)]
    beschrijving: String,
    #[serde(default)]
    discipline: Vec<String>,
    #[serde(default)]
    actoren: String,
    #[serde(default)]
    overleg: String,
}

/// Adds a practice to the register.
pub async fn praktijk(State(state): State<AppState>, b: Bewerker, Formulier(f): Formulier<PraktijkForm>) -> Response {
    let l = Lezer { sessie: b.sessie, regio: b.regio, rol: wv_store::Rol::Bewerker };
    let lang = [&f.naam, &f.beschrijving, &f.actoren, &f.overleg].iter().any(|t| t.chars().count() > 2000);
    let fout = if f.naam.trim().is_empty() || f.wijkverband.trim().is_empty() {
        Some("Geef de praktijk een naam en kies het wijkverband.")
    } else if lang {
        Some("Een veld is te lang: hoogstens 2000 tekens.")
    } else if f.discipline.iter().any(|d| !Discipline::ALL.iter().any(|x| x.label() == d)) {
        Some("Kies de disciplines uit de lijst.")
    } else {
        None
    };
    if let Some(fout) = fout {
        return page(&state, &l, "", Some(fout.into())).await;
    }
    let p = Praktijk {
        id: 0,
        wijkverband: f.wijkverband.trim().into(),
        naam: f.naam.trim().into(),
        beschrijving: f.beschrijving.trim().into(),
        disciplines: f.discipline,
        actoren: f.actoren.trim().into(),
        overleg: f.overleg.trim().into(),
        datum: crate::vandaag(),
    };
    match state.store.add_praktijk(&l.regio, &p, Some(&l.sessie.gebruiker.email)).await {
        Ok(_) => Redirect::to(&format!("/regio/{}/cyclus#praktijken", crate::adres::enc(&l.regio))).into_response(),
        Err(e) => intern(e),
    }
}
