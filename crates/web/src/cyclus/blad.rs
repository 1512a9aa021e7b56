//! One wijkverband's cycle: its phases with what each holds, the kernteam and the corners of
//! the vierkant it fills, the opgaven (proposed, accepted, rejected, merged), the wijkplan's
//! goals and actions, their progress, the evaluation and the history; earlier cycles stay
//! readable. The printable jaarplan is the same content on A4.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wv_core::cyclus::{ActieStatus, Fase, OpgaveStatus, Stap, VISIE_DOELEN, Voorstel, stappen};
use wv_core::format;
use wv_core::netwerk::{Actor, Discipline, Hoek};
use wv_store::{CyclusInhoud, DoelRij};

use crate::AppState;
use crate::auth::{Lezer, Sessie};
use crate::fields::Vraag;
use crate::fout::{intern, refuse};
use crate::pages::{Chrome, render};

#[derive(Debug, Default, Deserialize)]
pub struct Keuze {
    /// An earlier cycle by number.
    #[serde(default)]
    cyclus: Option<i64>,
    /// The cycles of this wijkverband in an earlier indeling (read only).
    #[serde(default)]
    uit: Option<String>,
}

pub(crate) struct Lid {
    naam: String,
    discipline: &'static str,
    organisatie: String,
}

pub(crate) struct Kandidaat {
    id: String,
    naam: String,
    discipline: &'static str,
    gekozen: bool,
}

pub(crate) struct OpgaveView {
    id: i64,
    soort: &'static str,
    titel: String,
    bewijs: Vec<String>,
    bron: String,
    status: &'static str,
    aanvaard: bool,
    rang: String,
}

pub(crate) struct DoelView {
    id: i64,
    titel: String,
    visie: Vec<String>,
    opgaven: String,
    meting: String,
    evaluatie: String,
    /// The before/after page of the wijkfoto rounds the evaluation compares.
    vergelijk: Option<String>,
    acties_klaar: String,
    oordeel: String,
}

pub(crate) struct ActieView {
    id: i64,
    titel: String,
    doel: String,
    eigenaar: String,
    disciplines: String,
    begin: String,
    eind: String,
    status: &'static str,
    te_laat: bool,
    voortgang: Vec<String>,
}

/// What the page and the jaarplan show of a cycle.
pub(crate) struct CyclusView {
    nummer: i64,
    fase: &'static str,
    open: bool,
    afgesloten: String,
    synthetisch: bool,
    stappen: Vec<Stap>,
    volgende: Option<&'static str>,
    in_evaluatie: bool,
    kernteam: Vec<Lid>,
    hoeken: Vec<(&'static str, bool)>,
    kandidaten: Vec<Kandidaat>,
    opgaven: Vec<OpgaveView>,
    voorstellen: Vec<Voorstel>,
    aanvaard: Vec<(i64, String)>,
    doelen: Vec<DoelView>,
    acties: Vec<ActieView>,
    historie: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "cyclus.html")]
struct Blad {
    chrome: Chrome,
    regio: String,
    wijkverband: String,
    url: String,
    indeling: String,
    bewerkt: bool,
    fout: Option<String>,
    cyclus: Option<CyclusView>,
    /// Without a cycle: what would be proposed once one begins.
    kandidaten: Vec<Voorstel>,
    /// The cycles of an earlier indeling shown here, read only: that indeling.
    eerdere_indeling: Option<String>,
    /// Earlier indelingen's wijkverbanden with cycles that share inhabitants with this one: (link, words).
    herkomst: Vec<(String, String)>,
    eerdere: Vec<(i64, String)>,
    profiel: String,
    actoren: Vec<(String, String)>,
    disciplines: Vec<&'static str>,
    indicatoren: Vec<(String, String)>,
    visie: Vec<(usize, &'static str)>,
    statussen: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "jaarplan.html")]
struct Jaarplan {
    regio: String,
    wijkverband: String,
    indeling: String,
    cyclus: CyclusView,
    vandaag: String,
}

pub async fn show(
    State(state): State<AppState>,
    Lezer { sessie, regio, .. }: Lezer,
    Path((_, wijkverband)): Path<(String, String)>,
    Vraag(k): Vraag<Keuze>,
) -> Response {
    page(&state, &sessie, &regio, &wijkverband, &k, None).await
}

/// The cycle page, with a refusal to show (answered 422) or none.
pub(crate) async fn page(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    wijkverband: &str,
    keuze: &Keuze,
    fout: Option<String>,
) -> Response {
    match build(state, sessie, regio, wijkverband, keuze, fout.clone()).await {
        Ok(b) if fout.is_some() => (StatusCode::UNPROCESSABLE_ENTITY, render(b)).into_response(),
        Ok(b) => render(b),
        Err(r) => r,
    }
}

async fn build(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    wijkverband: &str,
    keuze: &Keuze,
    fout: Option<String>,
) -> Result<Blad, Response> {
    let nummer = keuze.cyclus;
    let data = crate::cache::region(state, regio).await?;
    let vastgesteld = state.store.wijkverband_indeling(regio).await.map_err(intern)?;
    // An earlier indeling's cycles of this wijkverband, read only; else the adopted plan's.
    let eerder = keuze.uit.as_deref().filter(|u| Some(*u) != vastgesteld.as_deref());
    let (indeling, buurten) = match eerder {
        Some(u) => {
            let plan = state
                .store
                .plan(Some(regio), u)
                .await
                .map_err(|_| refuse(StatusCode::NOT_FOUND, "Deze indeling bestaat niet."))?;
            let buurten: Vec<String> =
                plan.staat.toewijzing.iter().filter(|(_, w)| w == wijkverband).map(|(b, _)| b.clone()).collect();
            if buurten.is_empty() {
                return Err(refuse(StatusCode::NOT_FOUND, "Dit wijkverband staat niet in die indeling."));
            }
            (u.to_string(), buurten)
        }
        None => super::van_de_indeling(state, &data, wijkverband).await?,
    };
    let cycli: Vec<wv_store::Cyclus> = state
        .store
        .cycli(regio)
        .await
        .map_err(intern)?
        .into_iter()
        .filter(|c| c.indeling == indeling && c.wijkverband == wijkverband)
        .collect();
    let gekozen = match nummer {
        Some(n) => Some(
            cycli
                .iter()
                .find(|c| c.nummer == n)
                .ok_or_else(|| refuse(StatusCode::NOT_FOUND, "Deze cyclus bestaat niet."))?,
        ),
        None => cycli.iter().max_by_key(|c| c.nummer),
    };
    let actoren: Vec<Actor> = state.store.actors(regio).await.map_err(intern)?.into_iter().map(|(a, _)| a).collect();
    let cyclus = match gekozen {
        Some(c) => {
            let inhoud =
                state.store.cyclus_inhoud(c.id).await.map_err(intern)?.ok_or_else(|| intern("de cyclus is weg"))?;
            let startfoto = super::startfoto(state, &data, wijkverband, buurten.clone()).await?;
            let voorstellen = if c.afgesloten.is_none() {
                super::voorstellen_van(state, regio, wijkverband, startfoto.as_ref(), &sessie.gebruiker.email).await?
            } else {
                Vec::new()
            };
            let historie = state.store.cyclus_historie(c.id).await.map_err(intern)?;
            let rondes = state
                .store
                .rondes(regio)
                .await
                .map_err(intern)?
                .iter()
                .filter(|r| r.wijkverband == wijkverband)
                .count();
            let evaluatie = Evaluatie {
                nu: latest_values(&data.catalogue, startfoto.as_ref()),
                voor_na: voor_en_na(state, regio, wijkverband, &c.begonnen, &sessie.gebruiker.email).await?,
            };
            Some(view(&inhoud, rondes, voorstellen, &actoren, wijkverband, &evaluatie, historie))
        }
        None => None,
    };
    let herkomst = match eerder {
        Some(_) => Vec::new(),
        None => herkomst(state, &data, regio, &indeling, wijkverband, &buurten).await?,
    };
    let kandidaten = match cyclus {
        Some(_) => Vec::new(),
        None if eerder.is_some() => Vec::new(),
        None => {
            let startfoto = super::startfoto(state, &data, wijkverband, buurten.clone()).await?;
            super::voorstellen_van(state, regio, wijkverband, startfoto.as_ref(), &sessie.gebruiker.email).await?
        }
    };
    let cat = &data.catalogue;
    Ok(Blad {
        chrome: Chrome::of(sessie),
        regio: regio.into(),
        wijkverband: wijkverband.into(),
        url: crate::adres::cyclus_url(regio, wijkverband),
        profiel: crate::adres::profiel_url(regio, &indeling, wijkverband),
        indeling,
        bewerkt: eerder.is_none() && sessie.gebruiker.coordineert(regio, wijkverband),
        fout,
        cyclus,
        kandidaten,
        eerdere_indeling: eerder.map(String::from),
        herkomst,
        eerdere: cycli
            .iter()
            .filter(|c| Some(c.nummer) != gekozen.map(|g| g.nummer))
            .map(|c| (c.nummer, c.afgesloten.clone().unwrap_or_else(|| "loopt".into())))
            .collect(),
        actoren: actoren.iter().map(|a| (a.id.clone(), format!("{} ({})", a.naam, a.discipline.label()))).collect(),
        disciplines: Discipline::ALL.iter().map(|d| d.label()).collect(),
        indicatoren: cat.indicators.iter().map(|i| (i.code.clone(), i.label.clone())).collect(),
        visie: VISIE_DOELEN.iter().enumerate().map(|(i, d)| (i + 1, *d)).collect(),
        statussen: ActieStatus::ALL.iter().map(|s| s.as_str()).collect(),
    })
}

/// The wijkverbanden of earlier indelingen with cycles that share inhabitants with this one.
async fn herkomst(
    state: &AppState,
    data: &crate::cache::RegionData,
    regio: &str,
    indeling: &str,
    wijkverband: &str,
    buurten: &[String],
) -> Result<Vec<(String, String)>, Response> {
    let cycli = state.store.cycli(regio).await.map_err(intern)?;
    let mut eerder: Vec<(String, String, Vec<String>)> = Vec::new();
    for c in cycli.iter().filter(|c| c.indeling != indeling) {
        if eerder.iter().any(|(i, w, _)| *i == c.indeling && *w == c.wijkverband) {
            continue;
        }
        let Ok(plan) = state.store.plan(Some(regio), &c.indeling).await else { continue };
        let oud = plan.staat.toewijzing.iter().filter(|(_, w)| *w == c.wijkverband).map(|(b, _)| b.clone()).collect();
        eerder.push((c.indeling.clone(), c.wijkverband.clone(), oud));
    }
    let inwoners: HashMap<&str, f64> =
        data.region.codes.iter().map(String::as_str).zip(data.region.population.iter().copied()).collect();
    Ok(wv_core::cyclus::herkomst(&inwoners, buurten, &eerder)
        .into_iter()
        .map(|h| {
            let url =
                format!("{}?uit={}", crate::adres::cyclus_url(regio, &h.wijkverband), crate::adres::enc(&h.indeling));
            let deel = h
                .aandeel
                .map(|a| format!(", {} van de inwoners van {wijkverband}", format::share(Some(a))))
                .unwrap_or_default();
            (
                url,
                format!(
                    "{} in de indeling {} (deelt {} inwoners{deel})",
                    h.wijkverband,
                    h.indeling,
                    format::number(h.gedeeld, 0)
                ),
            )
        })
        .collect())
}

/// An indicator of the wijkverband now: its value, the data year, the source.
pub(crate) struct Nu {
    waarde: Option<f64>,
    jaar: Option<i32>,
    bron: String,
}

/// The wijkverband's value now of every indicator, in the newest year imported, with its source.
fn latest_values(
    cat: &wv_core::indicator::Catalogue,
    startfoto: Option<&wv_core::scan::Profile>,
) -> HashMap<String, Nu> {
    startfoto
        .iter()
        .flat_map(|p| &p.rijen)
        .map(|r| {
            let nu = Nu {
                waarde: r.waarde,
                jaar: cat.get(&r.code).and_then(|i| i.sources.first()).map(|s| cat.source(s).jaar),
                bron: wv_report::sources_of(cat, std::iter::once(r.code.as_str())),
            };
            (r.code.clone(), nu)
        })
        .collect()
}

/// What the evaluation holds the goals against: the indicators now, and the wijkfoto before and after.
pub(crate) struct Evaluatie {
    nu: HashMap<String, Nu>,
    voor_na: VoorNa,
}

/// What the evaluation of a goal measured in the wijkfoto compares: the round before the cycle
/// began (or the first) against the latest, in words, with the before/after page.
pub(crate) struct VoorNa {
    tekst: String,
    url: Option<String>,
}

async fn voor_en_na(
    state: &AppState,
    regio: &str,
    wijkverband: &str,
    begonnen: &str,
    kijker: &str,
) -> Result<VoorNa, Response> {
    let mut rondes: Vec<wv_store::Ronde> = state
        .store
        .rondes(regio)
        .await
        .map_err(intern)?
        .into_iter()
        .filter(|r| r.wijkverband == wijkverband && r.opgeschoond.is_none())
        .collect();
    rondes.sort_by(|a, b| (&a.datum, a.id).cmp(&(&b.datum, b.id)));
    let Some(na) = rondes.last() else {
        return Ok(VoorNa { tekst: "nog geen wijkfoto-ronde".into(), url: None });
    };
    let voor = rondes.iter().rev().find(|r| r.datum.as_str() <= begonnen).unwrap_or(&rondes[0]);
    if voor.id == na.id {
        let tekst = format!("één wijkfoto-ronde ({}): een volgende ronde laat het verschil zien", na.datum);
        return Ok(VoorNa { tekst, url: None });
    }
    // Shown means only: each round under its own minimum (as the viewer may see it).
    let (voor, w1, a1) = crate::wijkfoto::analysed(state, voor.clone(), kijker).await?;
    let (na, w2, a2) = crate::wijkfoto::analysed(state, na.clone(), kijker).await?;
    let c = wv_core::netwerk::compare((&w1, &a1), (&w2, &a2));
    let verbonden = |na: bool| c.vierkant.iter().filter(|p| if na { p.3 > 0 } else { p.2 > 0 }).count();
    let gem = |x: Option<f64>| x.map_or_else(|| "–".to_string(), |v| format::number(v, 1));
    let condities: Vec<String> = wv_core::netwerk::Conditie::ALL
        .iter()
        .zip(&c.condities)
        .map(|(k, (x, y))| format!("{} {} → {}", k.label(), gem(*x), gem(*y)))
        .collect();
    Ok(VoorNa {
        tekst: format!(
            "wijkfoto {} → {}: vierkant {} → {} van de 6 paren verbonden; {} nieuwe en {} verdwenen verbindingen; {}",
            voor.datum,
            na.datum,
            verbonden(false),
            verbonden(true),
            c.nieuw.len(),
            c.verdwenen.len(),
            condities.join(", ")
        ),
        url: Some(format!("/regio/{}/wijkfoto/vergelijk?voor={}&na={}", crate::adres::enc(regio), voor.id, na.id)),
    })
}

fn view(
    inhoud: &CyclusInhoud,
    rondes: usize,
    voorstellen: Vec<Voorstel>,
    actoren: &[Actor],
    wijkverband: &str,
    evaluatie: &Evaluatie,
    historie: Vec<wv_store::Historie>,
) -> CyclusView {
    let c = &inhoud.cyclus;
    let by_id: HashMap<&str, &Actor> = actoren.iter().map(|a| (a.id.as_str(), a)).collect();
    let team: Vec<&Actor> = inhoud.kernteam.iter().filter_map(|a| by_id.get(a.as_str()).copied()).collect();
    let stand = inhoud.stand(rondes);
    let bekend: Vec<&str> = inhoud.opgaven.iter().filter_map(|o| o.sleutel.as_deref()).collect();
    let titel_van: HashMap<i64, &str> = inhoud.opgaven.iter().map(|o| (o.id, o.titel.as_str())).collect();
    let doel_van: HashMap<i64, &str> = inhoud.doelen.iter().map(|d| (d.id, d.titel.as_str())).collect();
    let vandaag = crate::vandaag();
    CyclusView {
        nummer: c.nummer,
        fase: c.fase.label(),
        open: c.afgesloten.is_none(),
        afgesloten: c.afgesloten.clone().unwrap_or_default(),
        synthetisch: c.synthetisch,
        stappen: stappen(c.fase, c.afgesloten.is_some(), &stand),
        volgende: c.fase.next().map(Fase::label),
        in_evaluatie: c.fase == Fase::Wijkevaluatie,
        kernteam: team
            .iter()
            .map(|a| Lid {
                naam: a.naam.clone(),
                discipline: a.discipline.label(),
                organisatie: a.organisatie.clone().unwrap_or_default(),
            })
            .collect(),
        hoeken: Hoek::ALL.iter().map(|h| (h.label(), team.iter().any(|a| a.discipline.hoek() == Some(*h)))).collect(),
        kandidaten: actoren
            .iter()
            .filter(|a| a.wijkverband.as_deref() == Some(wijkverband) || inhoud.kernteam.contains(&a.id))
            .map(|a| Kandidaat {
                id: a.id.clone(),
                naam: a.naam.clone(),
                discipline: a.discipline.label(),
                gekozen: inhoud.kernteam.contains(&a.id),
            })
            .collect(),
        opgaven: inhoud
            .opgaven
            .iter()
            .map(|o| OpgaveView {
                id: o.id,
                soort: o.soort.as_str(),
                titel: o.titel.clone(),
                bewijs: o.bewijs.lines().map(String::from).collect(),
                bron: o.bron.clone(),
                status: match (o.status, o.samengevoegd_in) {
                    (OpgaveStatus::Samengevoegd, Some(_)) => "samengevoegd",
                    (s, _) => s.as_str(),
                },
                aanvaard: o.status == OpgaveStatus::Aanvaard,
                rang: o.rang.map(|r| r.to_string()).unwrap_or_default(),
            })
            .collect(),
        voorstellen: voorstellen.into_iter().filter(|v| !bekend.contains(&v.sleutel.as_str())).collect(),
        aanvaard: inhoud
            .opgaven
            .iter()
            .filter(|o| o.status == OpgaveStatus::Aanvaard)
            .map(|o| (o.id, o.titel.clone()))
            .collect(),
        doelen: inhoud
            .doelen
            .iter()
            .map(|d| {
                let m = &d.meting;
                let acties: Vec<_> = inhoud.acties.iter().filter(|a| a.doel == Some(d.id)).collect();
                let klaar = acties.iter().filter(|a| a.status == ActieStatus::Klaar).count();
                DoelView {
                    id: d.id,
                    titel: d.titel.clone(),
                    visie: d.visie.iter().map(|v| format!("Doel {v}")).collect(),
                    opgaven: d.opgaven.iter().filter_map(|o| titel_van.get(o).copied()).collect::<Vec<_>>().join("; "),
                    meting: meting(d),
                    evaluatie: match &m.indicator {
                        Some(i) => match evaluatie.nu.get(i) {
                            Some(Nu { waarde: Some(v), jaar, bron }) => match (jaar, m.basis_jaar, m.basis) {
                                (Some(j), Some(b), _) if *j == b => {
                                    format!("nu {} ({bron}); nog geen nieuwer jaar dan {b}", format::number(*v, 1))
                                }
                                (Some(j), Some(b), Some(basis)) => format!(
                                    "nu {} in {j} ({bron}): {}{} sinds {b}",
                                    format::number(*v, 1),
                                    if *v >= basis { "+" } else { "" },
                                    format::number(*v - basis, 1)
                                ),
                                _ => format!("nu {} ({bron})", format::number(*v, 1)),
                            },
                            _ => "nu onbekend".into(),
                        },
                        None if m.maat.is_some() => evaluatie.voor_na.tekst.clone(),
                        None => String::new(),
                    },
                    vergelijk: m.maat.as_ref().and(evaluatie.voor_na.url.clone()),
                    acties_klaar: format!("{klaar} van {} acties klaar", acties.len()),
                    oordeel: d.oordeel.clone().unwrap_or_default(),
                }
            })
            .collect(),
        acties: inhoud
            .acties
            .iter()
            .map(|a| ActieView {
                id: a.id,
                titel: a.titel.clone(),
                doel: a.doel.and_then(|d| doel_van.get(&d).copied()).unwrap_or("").to_string(),
                eigenaar: a.eigenaar.as_deref().and_then(|e| by_id.get(e)).map(|e| e.naam.clone()).unwrap_or_default(),
                disciplines: a.disciplines.join(", "),
                begin: a.begin.clone().unwrap_or_default(),
                eind: a.eind.clone().unwrap_or_default(),
                status: a.status.as_str(),
                te_laat: a.status.te_laat(a.eind.as_deref(), &vandaag),
                voortgang: a
                    .voortgang
                    .iter()
                    .map(|v| {
                        let door = v.door.as_deref().map(|d| format!(", {d}")).unwrap_or_default();
                        let notitie = if v.notitie.is_empty() { String::new() } else { format!(": {}", v.notitie) };
                        format!("{} {}{door}{notitie}", v.datum, v.status.as_str())
                    })
                    .collect(),
            })
            .collect(),
        historie: historie
            .into_iter()
            .map(|h| (tijdstip(&h.tijdstip), h.item, h.wat, h.door.unwrap_or_else(|| "(onbekend)".into())))
            .collect(),
    }
}

/// How a goal is measured, in words.
fn meting(d: &DoelRij) -> String {
    let m = &d.meting;
    match (&m.indicator, &m.maat) {
        (Some(i), _) => {
            let basis = m.basis.map(|b| format::number(b, 1)).unwrap_or_else(|| "onbekend".into());
            let jaar = m.basis_jaar.map(|j| format!(" in {j}")).unwrap_or_default();
            let bron = m.basis_bron.as_deref().map(|b| format!(", {b}")).unwrap_or_default();
            let streef = m.streef.map(|s| format!("; streefwaarde {}", format::number(s, 1))).unwrap_or_default();
            format!("{i}: uitgangswaarde {basis}{jaar}{bron}{streef}")
        }
        (None, Some(maat)) => format!("Wijkfoto: {maat}"),
        (None, None) => "niet meetbaar gemaakt".into(),
    }
}

/// Unix seconds as a date and time in the Netherlands.
fn tijdstip(secs: &str) -> String {
    secs.parse::<i64>()
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .and_then(|t| t.in_tz("Europe/Amsterdam").ok())
        .map(|z| z.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| secs.to_string())
}

/// The printable jaarplan of the current cycle.
pub async fn jaarplan(
    State(state): State<AppState>,
    Lezer { sessie, regio, .. }: Lezer,
    Path((_, wijkverband)): Path<(String, String)>,
    Vraag(k): Vraag<Keuze>,
) -> Response {
    let b = match build(&state, &sessie, &regio, &wijkverband, &k, None).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(cyclus) = b.cyclus else {
        return refuse(StatusCode::NOT_FOUND, "Dit wijkverband heeft nog geen cyclus en dus geen jaarplan.");
    };
    render(Jaarplan { regio, wijkverband, indeling: b.indeling, cyclus, vandaag: crate::vandaag() })
}
