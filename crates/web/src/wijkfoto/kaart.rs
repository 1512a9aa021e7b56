//! The sociale kaart in the browser: search it ("wie is de apotheker in
//! Kamerik?") and filter by discipline and wijkverband; see the overleggen and
//! the corners of the vierkant each lacks; add, change and remove actors;
//! import a CSV or XLSX file (all rows or, on any problem, none — with the row
//! and column of the problem); download the templates; export what is kept
//! about one person (AVG). Readers see the kaart; bewerkers change it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use serde::Deserialize;
use wv_core::netwerk::{Actor, ActorSoort, Discipline, Hoek, matches, overleggen, words};
use wv_data::sociale_kaart::{TEMPLATE, read_bytes, split_overleggen, template_xlsx, write_csv, write_xlsx};
use wv_store::{BuurtFilter, Rol, StoreError};

use crate::AppState;
use crate::adres::enc;
use crate::auth::{Bewerker, Lezer, Sessie};
use crate::fields::{Formulier, Vraag, ingevuld};
use crate::fout::intern;
use crate::fout::refuse;
use crate::pages::{Chrome, render};

/// One actor as the table shows it.
struct Regel {
    id: String,
    naam: String,
    soort: &'static str,
    rol: String,
    discipline: &'static str,
    organisatie: String,
    plaats: String,
    wijkverband: String,
    overleggen: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "sociale-kaart.html")]
struct KaartPagina {
    chrome: Chrome,
    regio: String,
    bewerker: bool,
    zoek: String,
    discipline: String,
    wijkverband: String,
    disciplines: Vec<(&'static str, &'static str)>,
    wijkverbanden: Vec<String>,
    totaal: usize,
    regels: Vec<Regel>,
    overleggen: Vec<(String, usize, String, String)>,
    synthetisch: bool,
    fout: Option<String>,
    melding: Option<String>,
    /// The plan the region works with; and, for the chosen wijkverband when it is one of the
    /// plan's, its profile and the plan's page.
    indeling: Option<String>,
    in_indeling: Option<(String, String)>,
}

pub(crate) fn key(d: Discipline) -> &'static str {
    Discipline::ALL.iter().position(|x| *x == d).map(|i| KEYS[i]).unwrap_or("overig")
}

/// Form values of the disciplines (`Discipline::ALL` order).
const KEYS: [&str; 14] = [
    "huisarts",
    "poh",
    "wijkverpleging",
    "apotheek",
    "sociaal_werk",
    "welzijn",
    "ggz",
    "fysiotherapie",
    "ergotherapie",
    "dietetiek",
    "casemanager_dementie",
    "gemeente",
    "inwoner",
    "overig",
];

pub(crate) fn discipline_of(key: &str) -> Option<Discipline> {
    KEYS.iter().position(|k| *k == key).map(|i| Discipline::ALL[i])
}

/// The kaart's search (`?zoek=…&discipline=…&wijkverband=…`) and what was just done.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Zoek {
    zoek: String,
    discipline: String,
    wijkverband: String,
    bewaard: Option<String>,
    verwijderd: Option<String>,
}

async fn page(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    rol: Rol,
    f: &Zoek,
    fout: Option<String>,
    melding: Option<String>,
) -> Result<KaartPagina, Response> {
    let actors = state.store.actors(regio).await.map_err(intern)?;
    let plaatsen = state.store.plaatsen(regio).await.map_err(intern)?;
    let plaats = |a: &Actor, words: bool| {
        let p = a.buurt.as_deref().and_then(|c| plaatsen.get(c));
        p.map(|(naam, all)| if words { all.clone() } else { naam.clone() }).unwrap_or_default()
    };
    let (zoek, discipline, wijkverband) =
        (f.zoek.trim().to_string(), f.discipline.trim().to_string(), f.wijkverband.trim().to_string());
    let q = words(&zoek);
    let wijkverbanden = wijkverbanden(&actors);
    let chosen: Vec<&(Actor, Option<String>)> = actors
        .iter()
        .filter(|(a, _)| discipline.is_empty() || discipline_of(&discipline) == Some(a.discipline))
        .filter(|(a, _)| wijkverband.is_empty() || a.wijkverband.as_deref() == Some(wijkverband.as_str()))
        .filter(|(a, _)| matches(a, &plaats(a, true), &q))
        .collect();
    let regels = chosen
        .iter()
        .map(|(a, c)| Regel {
            id: a.id.clone(),
            naam: a.naam.clone(),
            soort: a.soort.label(),
            rol: a.rol.clone().unwrap_or_default(),
            discipline: a.discipline.label(),
            organisatie: a.organisatie.clone().unwrap_or_default(),
            plaats: plaats(a, false),
            wijkverband: a.wijkverband.clone().unwrap_or_default(),
            overleggen: a.overleggen.join("; "),
            // Contact details are personal data: for the bewerkers who keep the kaart.
            contact: if rol == Rol::Bewerker { c.clone().unwrap_or_default() } else { String::new() },
        })
        .collect();
    let shown: Vec<Actor> = chosen.iter().map(|(a, _)| a.clone()).collect();
    let overleggen = overleggen(&shown)
        .into_iter()
        .map(|o| {
            let mut d: Vec<&str> = o.leden.iter().map(|&i| shown[i].discipline.label()).collect();
            d.sort();
            d.dedup();
            let lacks: Vec<&str> = o.ontbrekend.iter().map(|h: &Hoek| h.label()).collect();
            (o.naam, o.leden.len(), d.join(", "), if lacks.is_empty() { "compleet".into() } else { lacks.join(", ") })
        })
        .collect();
    let plan = crate::werkbank::van_de_regio(state, regio).await;
    let in_indeling = plan
        .as_ref()
        .filter(|(_, names)| names.contains(&wijkverband))
        .map(|(p, _)| (crate::adres::profiel_url(regio, p, &wijkverband), crate::adres::plan_url(regio, p)));
    Ok(KaartPagina {
        indeling: plan.map(|(p, _)| p),
        in_indeling,
        chrome: Chrome::of(sessie),
        regio: regio.to_string(),
        bewerker: rol == Rol::Bewerker,
        zoek,
        discipline,
        wijkverband,
        disciplines: Discipline::ALL.iter().map(|d| (key(*d), d.label())).collect(),
        wijkverbanden,
        totaal: actors.len(),
        synthetisch: actors.iter().any(|(a, _)| a.naam.contains("(synthetisch)")),
        regels,
        overleggen,
        fout,
        melding,
    })
}

/// The wijkverbanden named on the sociale kaart, sorted, each once.
fn wijkverbanden(actors: &[(Actor, Option<String>)]) -> Vec<String> {
    let mut out: Vec<String> = actors.iter().filter_map(|(a, _)| a.wijkverband.clone()).collect();
    out.sort();
    out.dedup();
    out
}

/// GET …/sociale-kaart?zoek=…&discipline=…&wijkverband=…
pub async fn kaart(
    State(state): State<AppState>,
    Lezer { sessie, regio, rol }: Lezer,
    Vraag(f): Vraag<Zoek>,
) -> Response {
    // After saving or removing: say so (the id is looked up, never echoed).
    let melding = match (f.bewaard.as_deref(), f.verwijderd.as_deref()) {
        (Some(id), _) => match state.store.actor(&regio, id).await {
            Ok(Some((a, _))) => Some(format!("{} is bewaard.", a.naam)),
            _ => None,
        },
        (_, Some(_)) => Some("De actor is verwijderd, met alle gegevens van en over hem of haar.".into()),
        _ => None,
    };
    match page(&state, &sessie, &regio, rol, &f, None, melding).await {
        Ok(p) => render(p),
        Err(r) => r,
    }
}

fn download(name: &str, mime: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response()
}

pub async fn sjabloon_csv(_: Lezer) -> Response {
    download("sociale-kaart-sjabloon.csv", "text/csv; charset=utf-8", TEMPLATE.as_bytes().to_vec())
}

pub async fn sjabloon_xlsx(_: Lezer) -> Response {
    download(
        "sociale-kaart-sjabloon.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        template_xlsx(),
    )
}

/// GET …/sociale-kaart/export.csv and export.xlsx: the whole kaart in the template's columns,
/// to edit elsewhere and read in again. Bewerkers only: it holds contact details.
pub async fn export_kaart(
    State(state): State<AppState>,
    Bewerker { regio, .. }: Bewerker,
    Path((_, bestand)): Path<(String, String)>,
) -> Response {
    let actors = match state.store.actors(&regio).await {
        Ok(a) => a,
        Err(e) => return intern(e),
    };
    let name = format!("sociale-kaart-{}", regio.replace(|c: char| !c.is_alphanumeric(), "-"));
    match bestand.as_str() {
        "export.csv" => download(&format!("{name}.csv"), "text/csv; charset=utf-8", write_csv(&actors).into_bytes()),
        "export.xlsx" => match write_xlsx(&actors) {
            Ok(bytes) => download(
                &format!("{name}.xlsx"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                bytes,
            ),
            Err(e) => intern(e),
        },
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The bytes of an upload: the form's `inhoud` is CSV text or a `data:` URL (a spreadsheet).
fn upload_bytes(inhoud: &str) -> Result<Vec<u8>, String> {
    match inhoud.strip_prefix("data:") {
        Some(rest) => {
            let b64 = rest.split_once(',').map(|x| x.1).unwrap_or("");
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| "Het bestand kwam beschadigd aan: kies het opnieuw.".to_string())
        }
        None => Ok(inhoud.as_bytes().to_vec()),
    }
}

/// POST …/sociale-kaart/import: all rows or none.
pub async fn kaart_import(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Formulier(f): Formulier<Upload>,
) -> Response {
    let name = ingevuld(&f.bestand).unwrap_or_else(|| "geplakte tekst".to_string());
    let result = match upload_bytes(&f.inhoud) {
        Err(e) => Err(e),
        Ok(bytes) if bytes.iter().all(|b| b.is_ascii_whitespace()) => {
            Err("Kies eerst een bestand of plak de tabel.".to_string())
        }
        Ok(bytes) => match read_bytes(&name, bytes) {
            Err(e) => Err(e.to_string()),
            Ok(kaart) => match state.store.import_sociale_kaart(&regio, std::path::Path::new(&name), kaart.rijen).await
            {
                Ok((added, replaced)) => Ok((added, replaced, kaart.voorbeelden)),
                Err(StoreError::Data(e)) => Err(e.to_string()),
                Err(e) => return intern(e),
            },
        },
    };
    let empty = Zoek::default();
    let (status, fout, melding) = match result {
        Ok((added, replaced, voorbeelden)) => (
            StatusCode::OK,
            None,
            Some(format!(
                "Ingelezen uit {name}: {added} actoren toegevoegd, {replaced} vervangen{}.",
                wv_data::sociale_kaart::overgeslagen(voorbeelden)
            )),
        ),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, Some(format!("Niets ingelezen. {e}")), None),
    };
    match page(&state, &sessie, &regio, Rol::Bewerker, &empty, fout, melding).await {
        Ok(p) => (status, render(p)).into_response(),
        Err(r) => r,
    }
}

#[derive(Template)]
#[template(path = "actor.html")]
struct ActorPagina {
    chrome: Chrome,
    regio: String,
    nieuw: bool,
    actor: Actor,
    contact: String,
    discipline: &'static str,
    disciplines: Vec<(&'static str, &'static str)>,
    soorten: Vec<&'static str>,
    buurten: Vec<(String, String)>,
    wijkverbanden: Vec<String>,
    alle_overleggen: Vec<String>,
    /// The plan the region works with (an actor with a buurt takes its wijkverband from it).
    indeling: Option<String>,
    rondes: Vec<(i64, String, String)>,
    fout: Option<String>,
}

async fn actor_page(
    state: &AppState,
    sessie: &Sessie,
    regio: &str,
    nieuw: bool,
    actor: Actor,
    contact: String,
    fout: Option<String>,
) -> Result<ActorPagina, Response> {
    let actors = state.store.actors(regio).await.map_err(intern)?;
    let gemeenten = state.store.regio(regio).await.map_err(intern)?.gemeenten;
    let mut buurten: Vec<(String, String)> = state
        .store
        .buurten(&BuurtFilter { jaar: None, gemeenten })
        .await
        .map_err(intern)?
        .into_iter()
        .map(|b| (b.code.to_string(), format!("{} ({}, {})", b.naam, b.gemeente_naam, b.code)))
        .collect();
    buurten.sort_by(|a, b| a.1.cmp(&b.1));
    let wijkverbanden = wijkverbanden(&actors);
    let all: Vec<Actor> = actors.into_iter().map(|(a, _)| a).collect();
    let rondes = state
        .store
        .rondes(regio)
        .await
        .map_err(intern)?
        .into_iter()
        .filter(|r| Some(&r.wijkverband) == actor.wijkverband.as_ref())
        .map(|r| (r.id, r.datum, r.wijkverband))
        .collect();
    Ok(ActorPagina {
        chrome: Chrome::of(sessie),
        regio: regio.to_string(),
        nieuw,
        contact,
        discipline: key(actor.discipline),
        disciplines: Discipline::ALL.iter().map(|d| (key(*d), d.label())).collect(),
        soorten: ActorSoort::ALL.iter().map(|s| s.label()).collect(),
        buurten,
        wijkverbanden,
        alle_overleggen: overleggen(&all).into_iter().map(|o| o.naam).collect(),
        indeling: crate::werkbank::van_de_regio(state, regio).await.map(|(p, _)| p),
        rondes,
        actor,
        fout,
    })
}

/// GET …/sociale-kaart/actor?id=… (without id: a new actor).
pub async fn actor_form(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Vraag(ActorId { id }): Vraag<ActorId>,
) -> Response {
    let id = id.trim();
    let (nieuw, actor, contact) = if id.is_empty() {
        (true, Actor::new("", "", Discipline::Huisarts), String::new())
    } else {
        match state.store.actor(&regio, id).await {
            Ok(Some((a, c))) => (false, a, c.unwrap_or_default()),
            Ok(None) => return refuse(StatusCode::NOT_FOUND, "Deze actor staat niet op de sociale kaart."),
            Err(e) => return intern(e),
        }
    };
    match actor_page(&state, &sessie, &regio, nieuw, actor, contact, None).await {
        Ok(p) => render(p),
        Err(r) => r,
    }
}

/// POST …/sociale-kaart/actor: adds or changes one actor; a refused form keeps what was typed.
pub async fn actor_save(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Formulier(f): Formulier<ActorFormulier>,
) -> Response {
    let nieuw = f.nieuw.trim() == "1";
    // A new actor's id is made from its name (the store adds a number when it is taken); an
    // existing one keeps its own.
    let id = if nieuw { id_from_name(&f.naam) } else { f.id.trim().to_string() };
    // Overleggen: the ticked existing ones and a new one typed in.
    let mut overleggen: Vec<String> = f.overleg.iter().filter_map(|o| ingevuld(o)).collect();
    overleggen.extend(split_overleggen(&f.nieuw_overleg));
    overleggen.dedup();
    let actor = Actor {
        id,
        naam: f.naam.trim().to_string(),
        discipline: discipline_of(f.discipline.trim()).unwrap_or(Discipline::Overig),
        organisatie: ingevuld(&f.organisatie),
        buurt: ingevuld(&f.buurt),
        wijkverband: ingevuld(&f.wijkverband),
        overleggen,
        soort: ActorSoort::parse(f.soort.trim()).unwrap_or_default(),
        rol: ingevuld(&f.rol),
    };
    let contact = f.contact.trim().to_string();
    // A change needs the actor to be there still; a new one gets a free id from the store.
    let gone = if nieuw {
        false
    } else {
        match state.store.actor(&regio, &actor.id).await {
            Ok(e) => e.is_none(),
            Err(e) => return intern(e),
        }
    };
    let fout = if actor.naam.is_empty() {
        Some("Geef een naam.")
    } else if discipline_of(f.discipline.trim()).is_none() {
        Some("Kies een discipline uit de lijst.")
    } else if gone {
        Some("Deze actor staat niet (meer) op de sociale kaart.")
    } else {
        None
    };
    let fout = match (fout, &actor.buurt) {
        (None, Some(b)) => {
            let gemeenten = match state.store.regio(&regio).await {
                Ok(r) => r.gemeenten,
                Err(e) => return intern(e),
            };
            match state.store.buurten(&BuurtFilter { jaar: None, gemeenten }).await {
                Ok(bs) if bs.iter().any(|x| x.code.as_str() == b) => None,
                Ok(_) => Some("Kies een buurt van deze regio uit de lijst."),
                Err(e) => return intern(e),
            }
        }
        (f, _) => f,
    };
    if let Some(fout) = fout {
        return match actor_page(&state, &sessie, &regio, nieuw, actor, contact, Some(fout.into())).await {
            Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, render(p)).into_response(),
            Err(r) => r,
        };
    }
    let contact = (!contact.is_empty()).then_some(contact);
    let saved = if nieuw {
        state.store.add_actor(&regio, &actor, contact.as_deref()).await
    } else {
        state.store.save_actors(&regio, &[(actor.clone(), contact)]).await.map(|_| actor.id)
    };
    match saved {
        Ok(id) => Redirect::to(&format!("/regio/{}/sociale-kaart?bewaard={}", enc(&regio), enc(&id))).into_response(),
        Err(e) => intern(e),
    }
}

/// The id a new actor's name suggests: lower case letters and digits joined by dashes
/// ("Huisarts 1 (Kamerik)" → `huisarts-1-kamerik`).
fn id_from_name(naam: &str) -> String {
    let id: String = naam
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(60)
        .collect();
    if id.is_empty() { "actor".to_string() } else { id }
}

/// One actor, by its id (`?id=…` or a form's `id`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ActorId {
    id: String,
}

/// The actor form: new (`nieuw=1`, the id made from the name) or an existing one (`id`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ActorFormulier {
    nieuw: String,
    id: String,
    naam: String,
    discipline: String,
    organisatie: String,
    buurt: String,
    wijkverband: String,
    soort: String,
    rol: String,
    contact: String,
    /// The ticked existing overleggen.
    overleg: Vec<String>,
    /// A new overleg typed in.
    nieuw_overleg: String,
}

/// A sociale kaart sent as a form field: its file name and content (text, or a data: URL).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Upload {
    bestand: String,
    inhoud: String,
}

/// POST …/sociale-kaart/verwijder: removes an actor and everything of theirs.
pub async fn delete_actor(
    State(state): State<AppState>,
    Bewerker { sessie: _, regio }: Bewerker,
    Formulier(ActorId { id }): Formulier<ActorId>,
) -> Response {
    match state.store.delete_actor(&regio, id.trim()).await {
        Ok(true) => Redirect::to(&format!("/regio/{}/sociale-kaart?verwijderd=1", enc(&regio))).into_response(),
        Ok(false) => refuse(StatusCode::NOT_FOUND, "Deze actor staat niet op de sociale kaart."),
        Err(e) => intern(e),
    }
}

/// GET …/sociale-kaart/gegevens.json?id=…: what is kept about one person, to hand to them on
/// request (AVG). Their survey answers are not in it: only they see those, through their link.
pub async fn actor_gegevens(
    State(state): State<AppState>,
    Bewerker { sessie: _, regio }: Bewerker,
    Vraag(ActorId { id }): Vraag<ActorId>,
) -> Response {
    let (actor, contact) = match state.store.actor(&regio, id.trim()).await {
        Ok(Some(x)) => x,
        Ok(None) => return refuse(StatusCode::NOT_FOUND, "Deze actor staat niet op de sociale kaart."),
        Err(e) => return intern(e),
    };
    let rondes = match state.store.rondes(&regio).await {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let mut uitgenodigd = Vec::new();
    for r in rondes {
        let ps = match state.store.respondenten(r.id).await {
            Ok(v) => v,
            Err(e) => return crate::fout::intern(e),
        };
        if let Some(p) = ps.into_iter().find(|p| p.actor == id) {
            uitgenodigd.push(serde_json::json!({
                "ronde": r.id, "wijkverband": r.wijkverband, "datum": r.datum,
                "ingediend": p.ingediend, "herinnerd": p.herinnerd, "bewaren_tot": r.bewaren_tot,
            }));
        }
    }
    let doc = serde_json::json!({
        "regio": regio,
        "actor": actor,
        "contact": contact,
        "wijkfoto_rondes": uitgenodigd,
        "toelichting": "Antwoorden op de vragenlijst staan hier niet in: die ziet alleen de persoon zelf, via de eigen link (knop 'Mijn gegevens').",
    });
    download(
        &format!("gegevens-{}.json", id.replace(|c: char| !c.is_alphanumeric() && c != '-', "_")),
        "application/json",
        doc.to_string().into_bytes(),
    )
}
