//! The coordinator's side of the wijkfoto: a region's rounds with their
//! response, opening a round (a personal link per actor of the wijkverband,
//! its minimum of respondents and its retention), reminders, closing, and the
//! analysis: the network as a picture with its tables, the vijf condities
//! (only as aggregates over enough respondents), the heatmap of conditions
//! per kind of tie, the vierkant and the opgaven.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_core::format;
use wv_core::netwerk::{Band, Conditie};
use wv_store::{MINIMUM, NieuweRonde, Rol, Ronde};

use super::{Rij, analysed, cijfer, rij, ronde, shown};
use crate::AppState;
use crate::adres::enc;
use crate::auth::{Bewerker, Lezer, Sessie, token};
use crate::fields::{Formulier, Vraag};
use crate::fout::intern;
use crate::fout::refuse;
use crate::pages::{Chrome, render};

#[derive(Template)]
#[template(path = "wijkfoto.html")]
struct Overzicht {
    chrome: Chrome,
    regio: String,
    bewerker: bool,
    rondes: Vec<Ronde>,
    wijkverbanden: Vec<(String, usize)>,
    /// The plan the region works with, and per round the profile of its wijkverband there.
    indeling: Option<String>,
    rijen: Vec<(Ronde, Option<String>)>,
    /// Only the rounds of this wijkverband (from a plan's wijkverband), if given.
    alleen: String,
}

pub async fn overzicht(
    State(state): State<AppState>,
    Lezer { sessie, regio, rol }: Lezer,
    Vraag(alleen): Vraag<Keuze>,
) -> Response {
    let (rondes, actors) = match (state.store.rondes(&regio).await, state.store.actors(&regio).await) {
        (Ok(r), Ok(a)) => (r, a),
        (Err(e), _) | (_, Err(e)) => return intern(e),
    };
    let mut wijkverbanden: Vec<(String, usize)> = Vec::new();
    for (a, _) in &actors {
        let Some(w) = &a.wijkverband else { continue };
        match wijkverbanden.iter_mut().find(|(n, _)| n == w) {
            Some(e) => e.1 += 1,
            None => wijkverbanden.push((w.clone(), 1)),
        }
    }
    wijkverbanden.sort();
    let alleen = alleen.wijkverband.trim().to_string();
    let rondes: Vec<Ronde> = rondes.into_iter().filter(|r| alleen.is_empty() || r.wijkverband == alleen).collect();
    let plan = crate::werkbank::van_de_regio(&state, &regio).await;
    let rijen = rondes
        .iter()
        .map(|r| {
            let profiel = plan
                .as_ref()
                .filter(|(_, names)| names.contains(&r.wijkverband))
                .map(|(p, _)| crate::adres::profiel_url(&regio, p, &r.wijkverband));
            (r.clone(), profiel)
        })
        .collect();
    render(Overzicht {
        chrome: Chrome::of(&sessie),
        regio,
        bewerker: rol == Rol::Bewerker,
        rondes,
        wijkverbanden,
        indeling: plan.map(|(p, _)| p),
        rijen,
        alleen,
    })
}

fn date(text: &str) -> Option<jiff::civil::Date> {
    jiff::civil::Date::strptime("%Y-%m-%d", text.trim()).ok()
}

/// A wijkverband chosen in a query (`?wijkverband=…`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Keuze {
    wijkverband: String,
}

/// The form that opens a round: its wijkverband, date, minimum, retention and respondents.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NieuweRondeFormulier {
    wijkverband: String,
    datum: String,
    minimum: String,
    bewaren_tot: String,
    respondent: Vec<String>,
}

/// New links for chosen respondents (`formaat=csv` for a mailing list), or one respondent to
/// start over.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct LinksFormulier {
    respondent: Vec<String>,
    formaat: String,
}

/// POST …/wijkfoto: opens a round with every actor of the wijkverband as respondent.
pub async fn open(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    headers: HeaderMap,
    Formulier(f): Formulier<NieuweRondeFormulier>,
) -> Response {
    let wijkverband = f.wijkverband.trim().to_string();
    let chosen: Vec<&str> = f.respondent.iter().map(String::as_str).collect();
    let actors = match state.store.actors(&regio).await {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    // The coordinator's choice among the wijkverband's actors.
    let tokens: Vec<(String, String)> = actors
        .into_iter()
        .filter(|(a, _)| a.wijkverband.as_deref() == Some(wijkverband.as_str()) && chosen.contains(&a.id.as_str()))
        .map(|(a, _)| (a.id, token()))
        .collect();
    if tokens.is_empty() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Kies minstens één respondent uit de sociale kaart van dit wijkverband.",
        );
    }
    let datum = f.datum.trim().to_string();
    let Some(start) = date(&datum) else {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "Geef de datum als JJJJ-MM-DD, zoals 2026-11-23.");
    };
    let minimum = match f.minimum.trim() {
        "" => MINIMUM,
        t => match t.parse::<usize>() {
            Ok(m) if m >= MINIMUM => m,
            _ => {
                return refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "Het minimum aantal respondenten is een heel getal van {MINIMUM} of meer: met minder zijn cijfers naar personen te herleiden."
                    ),
                );
            }
        },
    };
    let bewaren_tot = f.bewaren_tot.trim().to_string();
    if !bewaren_tot.is_empty() && date(&bewaren_tot).is_none_or(|d| d <= start) {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Geef de bewaartermijn als datum (JJJJ-MM-DD) na de datum van de ronde, of laat haar leeg.",
        );
    }
    let nieuw = NieuweRonde {
        regio: &regio,
        wijkverband: &wijkverband,
        datum: &datum,
        synthetisch: false,
        minimum,
        bewaren_tot: (!bewaren_tot.is_empty()).then_some(bewaren_tot.as_str()),
    };
    let id = match state.store.create_ronde(&nieuw, &tokens).await {
        Ok(id) => id,
        Err(e) => return intern(e),
    };
    let ronde = match ronde(&state, &regio, id).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let melding = format!("Ronde geopend voor {} respondenten.", tokens.len());
    links_pagina(&state, &sessie, &headers, regio, ronde, &tokens, melding, Uitnodiging::Eerste).await
}

/// The e-mail a new link goes out with.
#[derive(Clone, Copy)]
enum Uitnodiging {
    Eerste,
    Herinnering,
}

/// A new link as the coordinator sees it, once.
struct NieuweLink {
    naam: String,
    link: String,
    mail: Option<String>,
}

#[derive(Template)]
#[template(path = "ronde-links.html")]
struct LinksPagina {
    chrome: Chrome,
    regio: String,
    ronde: Ronde,
    melding: String,
    links: Vec<NieuweLink>,
}

/// The new links (actor, token) with names and prepared e-mails: the only time they show.
async fn nieuwe_links(
    state: &AppState,
    headers: &HeaderMap,
    ronde: &Ronde,
    tokens: &[(String, String)],
    soort: Uitnodiging,
) -> Result<Vec<NieuweLink>, Response> {
    let kaart = state.store.actors(&ronde.regio).await.map_err(intern)?;
    let base = crate::adres::origin(headers);
    Ok(tokens
        .iter()
        .map(|(actor, token)| {
            let (naam, contact) = kaart
                .iter()
                .find(|(a, _)| &a.id == actor)
                .map(|(a, c)| (a.naam.clone(), c.clone()))
                .unwrap_or_else(|| (actor.clone(), None));
            let link = format!("{base}/enquete/{token}");
            let mail = contact.filter(|c| c.contains('@')).map(|c| mailto(&c, &naam, &ronde.wijkverband, &link, soort));
            NieuweLink { naam, link, mail }
        })
        .collect())
}

#[allow(clippy::too_many_arguments)]
async fn links_pagina(
    state: &AppState,
    sessie: &Sessie,
    headers: &HeaderMap,
    regio: String,
    ronde: Ronde,
    tokens: &[(String, String)],
    melding: String,
    soort: Uitnodiging,
) -> Response {
    match nieuwe_links(state, headers, &ronde, tokens, soort).await {
        Ok(links) => render(LinksPagina { chrome: Chrome::of(sessie), regio, ronde, melding, links }),
        Err(r) => r,
    }
}

/// POST …/wijkfoto/{id}/links: a new link for each chosen respondent (none chosen: everyone who
/// has not submitted), shown once on a page or as a CSV for a mailing. Earlier links keep working.
pub async fn links(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    Formulier(f): Formulier<LinksFormulier>,
) -> Response {
    let r = match ronde(&state, &regio, id).await {
        Ok(r) if r.gesloten => {
            return refuse(StatusCode::CONFLICT, "Deze ronde is gesloten: nieuwe links hebben geen zin meer.");
        }
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let chosen: Vec<&str> = f.respondent.iter().map(String::as_str).collect();
    let respondenten = match state.store.respondenten(id).await {
        Ok(x) => x,
        Err(e) => return intern(e),
    };
    let tokens: Vec<(String, String)> = respondenten
        .iter()
        // Whoever answered in an interview gets their own link from their fotograaf.
        .filter(|p| !p.via_fotograaf)
        .filter(|p| if chosen.is_empty() { !p.ingediend } else { chosen.contains(&p.actor.as_str()) })
        .map(|p| (p.actor.clone(), token()))
        .collect();
    if tokens.is_empty() {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "Kies de respondenten die een nieuwe link krijgen.");
    }
    for (actor, t) in &tokens {
        if let Err(e) = state.store.add_link(id, actor, t).await {
            return intern(e);
        }
    }
    if f.formaat != "csv" {
        let melding = format!("{} nieuwe link(s) gemaakt; eerdere links blijven werken.", tokens.len());
        return links_pagina(&state, &sessie, &headers, regio, r, &tokens, melding, Uitnodiging::Herinnering).await;
    }
    let links = match nieuwe_links(&state, &headers, &r, &tokens, Uitnodiging::Herinnering).await {
        Ok(l) => l,
        Err(resp) => return resp,
    };
    let contact = |actor: &str| respondenten.iter().find(|p| p.actor == actor).and_then(|p| p.herinnerd.clone());
    let kaart = state.store.actors(&regio).await.unwrap_or_default();
    let rows = std::iter::once(["naam".to_string(), "contact".into(), "link".into(), "laatst herinnerd".into()]).chain(
        links.into_iter().zip(&tokens).map(|(l, (actor, _))| {
            let c = kaart.iter().find(|(a, _)| &a.id == actor).and_then(|(_, c)| c.clone()).unwrap_or_default();
            [l.naam, c, l.link, contact(actor).unwrap_or_default()]
        }),
    );
    let name = format!("herinneringen-ronde-{}.csv", r.id);
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        wv_data::csv_uit::tekst(rows),
    )
        .into_response()
}

/// POST …/wijkfoto/{id}/opnieuw: a respondent who forgot their code starts over: their answers
/// are erased (never shown) and their links end; the coordinator then makes a new link.
pub async fn opnieuw(
    State(state): State<AppState>,
    Bewerker { sessie: _, regio }: Bewerker,
    Path((_, id)): Path<(String, i64)>,
    Formulier(LinksFormulier { respondent, .. }): Formulier<LinksFormulier>,
) -> Response {
    if let Err(r) = ronde(&state, &regio, id).await {
        return r;
    }
    let actor = respondent.first().map(|a| a.trim().to_string()).unwrap_or_default();
    match state.store.restart_respondent(id, &actor).await {
        Ok(true) => Redirect::to(&format!("/regio/{}/wijkfoto/{id}#herinneren", enc(&regio))).into_response(),
        Ok(false) => refuse(StatusCode::NOT_FOUND, "Deze respondent hoort niet bij deze ronde."),
        Err(e) => intern(e),
    }
}

#[derive(Template)]
#[template(path = "wijkfoto-nieuw.html")]
struct NieuwePagina {
    chrome: Chrome,
    regio: String,
    wijkverband: String,
    /// (id, name, discipline)
    actoren: Vec<(String, String, &'static str)>,
    minimum: usize,
    vandaag: String,
}

/// GET …/wijkfoto/nieuw?wijkverband=…: the coordinator picks the respondents of a new round.
pub async fn nieuw(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Vraag(keuze): Vraag<Keuze>,
) -> Response {
    let wijkverband = keuze.wijkverband.trim().to_string();
    let actors = match state.store.actors(&regio).await {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let mut actoren: Vec<(String, String, &'static str)> = actors
        .into_iter()
        .filter(|(a, _)| a.wijkverband.as_deref() == Some(wijkverband.as_str()))
        .map(|(a, _)| (a.id, a.naam, a.discipline.label()))
        .collect();
    if actoren.is_empty() {
        return refuse(StatusCode::NOT_FOUND, "Dit wijkverband heeft geen actoren op de sociale kaart.");
    }
    actoren.sort_by(|a, b| a.2.cmp(b.2).then(a.1.cmp(&b.1)));
    render(NieuwePagina {
        chrome: Chrome::of(&sessie),
        regio,
        wijkverband,
        actoren,
        minimum: MINIMUM,
        vandaag: crate::vandaag(),
    })
}

/// A respondent as the coordinator sees them: no link, no answers.
struct RespondentRij {
    actor: String,
    naam: String,
    status: &'static str,
    klaar: bool,
    geclaimd: bool,
    herinnerd: String,
}

/// A row of the heatmap: a kind of tie and its shown mean per condition.
struct Warmte {
    soort: String,
    verbindingen: usize,
    cellen: Vec<(String, &'static str)>,
}

#[derive(Template)]
#[template(path = "ronde.html")]
struct RondePagina {
    chrome: Chrome,
    regio: String,
    /// The round's wijkverband in the region's plan: (its profile, the plan, the plan's page).
    in_indeling: Option<(String, String, String)>,
    ronde: Ronde,
    bewerker: bool,
    respons: String,
    respondenten: Vec<RespondentRij>,
    /// (respondent, fotograaf) of the interviews.
    fotografen: Vec<(String, String)>,
    open_links: usize,
    cijfers: Vec<(&'static str, String)>,
    condities: Vec<Rij>,
    asymmetrie: Vec<Rij>,
    vierkant: Vec<(String, usize, Vec<String>)>,
    warmte: Vec<Warmte>,
    /// The bands the picture and the heatmap colour by.
    banden: [Band; 4],
    actoren: Vec<(String, String, usize, String, bool)>,
    verbindingen: Vec<[String; 7]>,
    opgaven: Vec<String>,
    legenda: Vec<(&'static str, &'static str, &'static str)>,
    kaart: String,
    anderen: Vec<Ronde>,
    /// Where the network picture's tables are: on this page.
    tabellen: &'static str,
}

fn mailto(to: &str, naam: &str, wijkverband: &str, link: &str, soort: Uitnodiging) -> String {
    let (vraag, onderwerp) = match soort {
        Uitnodiging::Eerste => ("Wilt u de vragen over samenwerking in", "Wijkfoto"),
        Uitnodiging::Herinnering => ("Wilt u nog de vragen over samenwerking in", "Herinnering: wijkfoto"),
    };
    let body = format!(
        "Beste {naam},\n\n{vraag} {wijkverband} invullen? Het duurt ongeveer tien minuten. Uw persoonlijke link:\n{link}\n\nBij de eerste keer kiest u een code; daarna opent de link alleen met die code. Uw antwoorden ziet alleen u; anderen zien alleen gemiddelden van minstens drie mensen.\n\nDank u wel!"
    );
    let q = serde_urlencoded::to_string([("subject", format!("{onderwerp} {wijkverband}")), ("body", body)])
        .unwrap_or_default()
        .replace('+', "%20");
    format!("mailto:{to}?{q}")
}

pub async fn show(
    State(state): State<AppState>,
    Lezer { sessie, regio, rol }: Lezer,
    Path((_, id)): Path<(String, i64)>,
) -> Response {
    let ronde = match ronde(&state, &regio, id).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let (ronde, w, a) = match analysed(&state, ronde, &sessie.gebruiker.email).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let netwerk = match super::netwerk::beeld(&state, &ronde, &w, &a).await {
        Ok(n) => n,
        Err(r) => return r,
    };
    let (respondenten, kaart, alle) = match (
        state.store.respondenten(id).await,
        state.store.actors(&regio).await,
        state.store.rondes(&regio).await,
    ) {
        (Ok(respondenten), Ok(kaart), Ok(alle)) => (respondenten, kaart, alle),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return crate::fout::intern(e),
    };
    let naam = |i: usize| format!("{} ({})", w.actors[i].naam, w.actors[i].discipline.label());
    let bewerker = rol == Rol::Bewerker;
    let conditie = |c: usize| Conditie::ALL[c].label().to_string();
    // Who was asked and how far they are: only for the coordinator, and never their answers.
    let respondenten: Vec<RespondentRij> = if bewerker {
        respondenten
            .into_iter()
            .map(|p| RespondentRij {
                naam: kaart
                    .iter()
                    .find(|(a, _)| a.id == p.actor)
                    .map(|(a, _)| a.naam.clone())
                    .unwrap_or(p.actor.clone()),
                actor: p.actor,
                status: match (p.ingediend, p.geclaimd) {
                    _ if p.via_fotograaf => "ingevuld in een interview",
                    (true, _) => "✓ ingediend",
                    (false, true) => "begonnen (met code)",
                    (false, false) => "nog niet geopend",
                },
                klaar: p.ingediend || p.via_fotograaf,
                geclaimd: p.geclaimd,
                herinnerd: p.herinnerd.unwrap_or_default(),
            })
            .collect()
    } else {
        vec![]
    };
    let fotografen = if bewerker {
        match state.store.fotografen(id).await {
            Ok(f) => f
                .into_iter()
                .map(|(a, e)| (kaart.iter().find(|(x, _)| x.id == a).map_or(a.clone(), |(x, _)| x.naam.clone()), e))
                .collect(),
            Err(e) => return crate::fout::intern(e),
        }
    } else {
        vec![]
    };
    let present: std::collections::BTreeSet<_> = w.actors.iter().map(|x| x.discipline).collect();
    render(RondePagina {
        fotografen,
        banden: Band::ALL,
        chrome: Chrome::of(&sessie),
        regio: regio.clone(),
        bewerker,
        respons: match ronde.respons.aandeel() {
            Some(a) => format!("{} ({})", ronde.respons, format::share(Some(a))),
            None => format!("{} (–)", ronde.respons),
        },
        open_links: respondenten.iter().filter(|l| !l.klaar).count(),
        respondenten,
        cijfers: vec![
            ("actoren", a.actoren.to_string()),
            ("verbindingen", a.verbindingen.len().to_string()),
            ("dichtheid", format::measure(Some(a.dichtheid))),
            ("delen van het netwerk (2 of meer actoren)", a.componenten.len().to_string()),
            ("actoren zonder verbinding", a.isolaten.len().to_string()),
            ("makelaars (zonder hen valt het netwerk uiteen)", a.makelaars.len().to_string()),
        ],
        condities: a.condities.iter().enumerate().map(|(c, g)| rij(conditie(c), g)).collect(),
        asymmetrie: a.asymmetrie.iter().enumerate().map(|(c, g)| rij(conditie(c), g)).collect(),
        vierkant: a
            .vierkant
            .iter()
            .map(|p| {
                let scores = p.condities.iter().map(cijfer).collect();
                (format!("{} – {}", p.a.label(), p.b.label()), p.verbindingen, scores)
            })
            .collect(),
        warmte: a
            .soorten
            .iter()
            .map(|s| Warmte {
                soort: format!("{} – {}", s.a.label(), s.b.label()),
                verbindingen: s.verbindingen,
                cellen: s
                    .condities
                    .iter()
                    .map(|g| match g.gemiddelde {
                        Some(m) => (shown(Some(m)), Band::of(Some(m)).label()),
                        None if g.leeg() => ("geen".to_string(), Band::Geen.label()),
                        None => ("–".to_string(), Band::Geen.label()),
                    })
                    .collect(),
            })
            .collect(),
        actoren: (0..w.actors.len())
            .map(|i| {
                let x = &a.per_actor[i];
                (
                    w.actors[i].naam.clone(),
                    w.actors[i].discipline.label().to_string(),
                    x.graad,
                    format::fine(Some(x.tussenpositie)),
                    x.makelaar,
                )
            })
            .collect(),
        verbindingen: a
            .verbindingen
            .iter()
            .zip(&netwerk.verbindingen)
            .map(|(t, l)| {
                [
                    naam(t.a),
                    naam(t.b),
                    l.soort.clone(),
                    l.vorm.clone(),
                    l.doel.clone(),
                    if l.per_jaar > 0 { l.per_jaar.to_string() } else { "onbekend".into() },
                    if l.genoemd == 2 { "beide".into() } else { "één kant".into() },
                ]
            })
            .collect(),
        opgaven: a.opgaven,
        legenda: netwerk
            .disciplines
            .iter()
            .copied()
            .filter(|(l, _, _)| present.iter().any(|d| d.label() == *l))
            .collect(),
        kaart: netwerk.kaart,
        tabellen: "",
        anderen: alle.into_iter().filter(|r| r.wijkverband == ronde.wijkverband && r.id != ronde.id).collect(),
        in_indeling: crate::werkbank::van_de_regio(&state, &regio)
            .await
            .filter(|(_, names)| names.contains(&ronde.wijkverband))
            .map(|(p, _)| {
                (
                    crate::adres::profiel_url(&regio, &p, &ronde.wijkverband),
                    p.clone(),
                    crate::adres::plan_url(&regio, &p),
                )
            }),
        ronde,
    })
}

/// POST …/wijkfoto/{id}/sluit: freezes the round.
pub async fn sluit(
    State(state): State<AppState>,
    Bewerker { sessie: _, regio }: Bewerker,
    Path((_, id)): Path<(String, i64)>,
) -> Response {
    if let Err(r) = ronde(&state, &regio, id).await {
        return r;
    }
    match state.store.close_ronde(id).await {
        Ok(()) => Redirect::to(&format!("/regio/{}/wijkfoto/{id}", enc(&regio))).into_response(),
        Err(e) => intern(e),
    }
}

/// POST …/wijkfoto/{id}/herinner: notes today as the reminder date of everyone who has not submitted.
pub async fn herinner(
    State(state): State<AppState>,
    Bewerker { sessie: _, regio }: Bewerker,
    Path((_, id)): Path<(String, i64)>,
) -> Response {
    match ronde(&state, &regio, id).await {
        Ok(r) if r.gesloten => {
            return refuse(StatusCode::CONFLICT, "Deze ronde is gesloten: herinneren heeft geen zin meer.");
        }
        Ok(_) => {}
        Err(r) => return r,
    }
    match state.store.mark_herinnerd(id, &crate::vandaag()).await {
        Ok(_) => Redirect::to(&format!("/regio/{}/wijkfoto/{id}#herinneren", enc(&regio))).into_response(),
        Err(e) => intern(e),
    }
}
