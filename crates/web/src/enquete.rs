//! The wijkfoto survey behind a personal link (no account): with whom do you
//! work, why, how and how often, and how is each collaboration on the vijf
//! condities (1–5 or "weet niet"). Save and continue later; submit when done.
//! Respondents see and correct only their own answers.
//!
//! The first visit claims the link with a code the respondent chooses; from then on the link
//! opens only with that code (a session cookie scoped to the link's path), so the coordinator,
//! who hands out the links, cannot read or change the answers behind them.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use wv_core::netwerk::{Conditie, Discipline};
use wv_store::{AntwoordRij, RondeFout, Toegang};

use crate::AppState;
use crate::auth::{cookie, hash_password, login_token, token as new_token, verify};
use crate::fields::{Formulier, Vraag};
use crate::fout::refuse;
use crate::wijkfoto::{discipline_key, discipline_of};

const VORMEN: [&str; 6] = ["MDO", "VVO", "kernteam", "schakelteam", "ad hoc", "anders"];
/// (times per year, words).
const FREQUENTIES: [(u16, &str); 5] = [
    (52, "elke week"),
    (12, "elke maand"),
    (4, "elk kwartaal"),
    (1, "een keer per jaar of minder"),
    (0, "weet ik niet"),
];
/// What each condition asks, in plain words.
const VRAGEN: [&str; 5] = [
    "We willen hetzelfde bereiken.",
    "Ieders belang is gezien en telt mee.",
    "We kennen en vertrouwen elkaar.",
    "Afspraken, rollen en middelen zijn goed geregeld.",
    "Het samenwerken zelf loopt goed.",
];

struct Rij {
    k: usize,
    /// The empty row for a new collaboration.
    nieuw: bool,
    naar: String,
    naam: String,
    doel: String,
    vorm: String,
    per_jaar: u16,
    scores: [Option<u8>; 5],
}

/// The survey behind a respondent's personal link.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/enquete/{token}", get(form).post(save))
        .route("/enquete/{token}/code", post(code))
        .route("/enquete/{token}/gegevens.json", get(gegevens))
        .route("/enquete/{token}/verwijder", post(verwijder))
}

#[derive(Template)]
#[template(path = "enquete.html")]
struct Enquete {
    csrf: String,
    wijkverband: String,
    datum: String,
    ik: String,
    gesloten: bool,
    rijen: Vec<Rij>,
    kandidaten: Vec<(String, String)>,
    disciplines: Vec<(&'static str, &'static str)>,
    condities: Vec<(usize, &'static str, &'static str)>,
    vormen: [&'static str; 6],
    frequenties: [(u16, &'static str); 5],
    schaal: [u8; 5],
    minimum: usize,
    bewaren_tot: Option<String>,
    /// The respondent's own link (their data, their erasure); none in an interview.
    token: Option<String>,
    /// Filled in by a fotograaf with the professional.
    interview: Option<Interviewer>,
    melding: Option<String>,
    fout: Option<String>,
}

/// What the survey shows when a fotograaf fills it in with the professional.
pub(crate) struct Interviewer {
    /// The professional agreed already (when).
    pub toestemming: Option<String>,
    /// Where the fotograaf makes the professional's own link.
    pub link_url: String,
    /// The professional took the answers over: the fotograaf sees nothing more.
    pub overgenomen: bool,
}

impl Rij {
    /// Whether condition `c` is scored `v` (`None`: "weet niet").
    fn is(&self, c: &&usize, v: Option<&u8>) -> bool {
        self.scores[**c] == v.copied()
    }
}

/// The respondent's session cookie (its path is the link's).
const COOKIE: &str = "wv_enquete";
const SESSION_SECONDS: i64 = 8 * 3600;
/// The shortest code a respondent may choose.
const MIN_CODE: usize = 6;
/// Wrong codes in a row before each further one makes the respondent wait.
const VRIJE_POGINGEN: i64 = 5;

fn nu() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[derive(Template)]
#[template(path = "enquete-code.html")]
struct CodePagina {
    csrf: String,
    wijkverband: String,
    token: String,
    nieuw: bool,
    min_lengte: usize,
    fout: Option<String>,
}

/// The page that asks for the code (or, on the first visit, for a new one).
async fn code_page(state: &AppState, token: &str, t: &Toegang, status: StatusCode, fout: Option<String>) -> Response {
    let wijkverband = match state.store.ronde(t.ronde).await {
        Ok(Some(r)) => r.wijkverband,
        Ok(None) => return gone(),
        Err(e) => return crate::fout::intern(e),
    };
    let (csrf, set) = login_token();
    let page =
        CodePagina { csrf, wijkverband, token: token.to_string(), nieuw: t.code.is_none(), min_lengte: MIN_CODE, fout };
    (status, [(header::SET_COOKIE, set)], Html(page.render().unwrap_or_default())).into_response()
}

/// What the link opens, when this browser has given the code; otherwise the code page.
async fn ingelaten(state: &AppState, headers: &HeaderMap, token: &str) -> Result<Toegang, Response> {
    let t = match state.store.toegang(token).await {
        Ok(Some(t)) => t,
        Ok(None) => return Err(gone()),
        Err(e) => return Err(crate::fout::intern(e)),
    };
    if t.code.is_some()
        && let Some(c) = cookie(headers, COOKIE)
    {
        match state.store.enquete_sessie(&c, &t, nu()).await {
            Ok(true) => return Ok(t),
            Ok(false) => {}
            Err(e) => return Err(crate::fout::intern(e)),
        }
    }
    Err(code_page(state, token, &t, StatusCode::OK, None).await)
}

/// POST /enquete/{token}/code: a new code on the first visit, else the code; a session follows.
pub async fn code(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Formulier(f): Formulier<Codeformulier>,
) -> Response {
    let t = match state.store.toegang(&token).await {
        Ok(Some(t)) => t,
        Ok(None) => return gone(),
        Err(e) => return crate::fout::intern(e),
    };
    let code: String = f.code.trim().chars().take(200).collect();
    let again = |status, fout: &str| code_page(&state, &token, &t, status, Some(fout.to_string()));
    match &t.code {
        None => {
            if code.chars().count() < MIN_CODE {
                return again(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &format!("Kies een code van minstens {MIN_CODE} tekens."),
                )
                .await;
            }
            if f.herhaal.trim() != code {
                return again(StatusCode::UNPROCESSABLE_ENTITY, "De twee codes zijn niet gelijk. Probeer het opnieuw.")
                    .await;
            }
            match state.store.claim(&token, &hash_password(&code)).await {
                Ok(true) => {}
                // Someone claimed it a moment earlier: ask for their code like any claimed link.
                Ok(false) => return Redirect::to(&format!("/enquete/{token}")).into_response(),
                Err(e) => return crate::fout::intern(e),
            }
        }
        Some(hash) => {
            let wacht = t.wacht_tot - nu();
            if wacht > 0 {
                let minuten = (wacht + 59) / 60;
                return again(
                    StatusCode::TOO_MANY_REQUESTS,
                    &format!("Te vaak een verkeerde code. Probeer het over {minuten} minuut/minuten opnieuw."),
                )
                .await;
            }
            if !verify(&code, hash) {
                let _ = state.store.code_failed(&t, nu(), VRIJE_POGINGEN).await;
                return again(StatusCode::UNAUTHORIZED, "Deze code klopt niet.").await;
            }
            if let Err(e) = state.store.code_accepted(&t).await {
                return crate::fout::intern(e);
            }
        }
    }
    let session = new_token();
    if let Err(e) = state.store.create_enquete_sessie(&session, &t, nu() + SESSION_SECONDS).await {
        return crate::fout::intern(e);
    }
    let set = format!(
        "{COOKIE}={session}; Path=/enquete/{token}; HttpOnly; Secure; SameSite=Strict; Max-Age={SESSION_SECONDS}"
    );
    ([(header::SET_COOKIE, set)], Redirect::to(&format!("/enquete/{token}"))).into_response()
}

fn gone() -> Response {
    refuse(
        StatusCode::NOT_FOUND,
        "Deze link is onbekend. Vraag de coördinator van de wijkfoto om uw persoonlijke link.",
    )
}

async fn page(state: &AppState, token: &str, melding: Option<String>, fout: Option<String>) -> Response {
    let Ok(Some((ronde, ik))) = state.store.ronde_van(token).await else { return gone() };
    let eigen = match state.store.eigen_antwoorden(token).await {
        Ok(e) => e,
        Err(e) => return crate::fout::intern(e),
    };
    let vorm = Vorm { ronde: &ronde, ik: &ik, eigen, token: Some(token.to_string()), interview: None, csrf: None };
    vorm.render(state, melding, fout).await
}

/// The survey of one respondent of a round, with their answers so far: behind their own link,
/// or in an interview by a fotograaf.
pub(crate) struct Vorm<'a> {
    pub ronde: &'a wv_store::Ronde,
    pub ik: &'a str,
    pub eigen: Vec<AntwoordRij>,
    pub token: Option<String>,
    pub interview: Option<Interviewer>,
    /// The CSRF token of a signed-in fotograaf's session; without one, the login cookie's.
    pub csrf: Option<String>,
}

impl Vorm<'_> {
    pub(crate) async fn render(self, state: &AppState, melding: Option<String>, fout: Option<String>) -> Response {
        let Vorm { ronde, ik, eigen, token, interview, csrf } = self;
        let kaart = match state.store.deelnemers(ronde.id).await {
            Ok(kaart) => kaart,
            Err(e) => return crate::fout::intern(e),
        };
        let naam = |id: &str| {
            kaart
                .iter()
                .find(|a| a.id == id)
                .map(|a| format!("{} ({})", a.naam, a.discipline.label()))
                .unwrap_or_default()
        };
        let mut rijen: Vec<Rij> = eigen
            .into_iter()
            .enumerate()
            .map(|(k, a)| Rij {
                k,
                nieuw: false,
                naam: naam(&a.naar),
                naar: a.naar,
                doel: a.doel,
                vorm: a.vorm,
                per_jaar: a.per_jaar,
                scores: a.scores,
            })
            .collect();
        let kandidaten: Vec<(String, String)> = kaart
            .iter()
            .filter(|a| a.id != ik && !rijen.iter().any(|r| r.naar == a.id))
            .map(|a| (a.id.clone(), naam(&a.id)))
            .collect();
        let dicht = ronde.gesloten || interview.as_ref().is_some_and(|i| i.overgenomen);
        if !dicht {
            rijen.push(Rij {
                k: rijen.len(),
                nieuw: true,
                naar: String::new(),
                naam: String::new(),
                doel: String::new(),
                vorm: VORMEN[0].to_string(),
                per_jaar: 12,
                scores: [None; 5],
            });
        }
        let (csrf, cookie) = match csrf {
            Some(c) => (c, None),
            None => {
                let (c, k) = login_token();
                (c, Some(k))
            }
        };
        let status = if fout.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
        let page = Enquete {
            csrf,
            wijkverband: ronde.wijkverband.clone(),
            datum: ronde.datum.clone(),
            ik: naam(ik),
            gesloten: dicht,
            rijen,
            kandidaten,
            disciplines: Discipline::ALL.iter().map(|d| (discipline_key(*d), d.label())).collect(),
            condities: Conditie::ALL.iter().enumerate().map(|(c, x)| (c, x.label(), VRAGEN[c])).collect(),
            vormen: VORMEN,
            frequenties: FREQUENTIES,
            schaal: [1, 2, 3, 4, 5],
            minimum: ronde.minimum,
            bewaren_tot: ronde.bewaren_tot.clone(),
            token,
            interview,
            melding,
            fout,
        };
        let html = Html(page.render().unwrap_or_default());
        match cookie {
            Some(c) => (status, [(header::SET_COOKIE, c)], html).into_response(),
            None => (status, html).into_response(),
        }
    }
}

pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Vraag(q): Vraag<Klaar>,
) -> Response {
    if let Err(r) = ingelaten(&state, &headers, &token).await {
        return r;
    }
    let melding = match q.klaar.as_deref() {
        Some("bewaard") => Some("Uw antwoorden zijn bewaard. U kunt later verder via dezelfde link.".to_string()),
        Some("verwijderd") => Some("Uw antwoorden zijn verwijderd.".to_string()),
        Some("verstuurd") => Some(
            "Dank u! Uw antwoorden zijn verstuurd. U kunt ze tot het sluiten van de ronde nog aanpassen.".to_string(),
        ),
        _ => None,
    };
    page(&state, &token, melding, None).await
}

/// The code form: the respondent's own code (a new one twice on the first visit).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Codeformulier {
    code: String,
    /// The new code again, on the first visit.
    herhaal: String,
}

/// What was just done (`?klaar=bewaard|verwijderd|verstuurd`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Klaar {
    klaar: Option<String>,
}

/// The survey form: `actie` and numbered rows (`naar_0`, `c2_0`, …, `naar_1`, …), one value per
/// field.
pub(crate) type Antwoordformulier = std::collections::HashMap<String, String>;

/// The answers in the form: rows `_0` … `_n`; a row without `naar` or marked `weg` is left out.
pub(crate) fn rows(f: &Antwoordformulier) -> Result<Vec<AntwoordRij>, String> {
    let text = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let mut out = Vec::new();
    for k in 0.. {
        let key = |name: &str| format!("{name}_{k}");
        if !f.contains_key(&key("naar")) && !f.contains_key(&key("doel")) {
            break;
        }
        let naar = text(&key("naar"));
        if naar.is_empty() || f.contains_key(&key("weg")) {
            continue;
        }
        let mut scores = [None; 5];
        for (c, s) in scores.iter_mut().enumerate() {
            *s = match f.get(&format!("c{c}_{k}")).map(String::as_str) {
                None | Some("?") => None,
                Some(v) => Some(
                    v.parse::<u8>()
                        .ok()
                        .filter(|x| (1..=5).contains(x))
                        .ok_or("Een score is 1 tot en met 5 of 'weet niet'.")?,
                ),
            };
        }
        // Someone not in the list: their name and discipline, to join the sociale kaart.
        let nieuw = if naar == "nieuw" {
            let naam: String = text(&key("nieuw_naam")).chars().take(120).collect();
            match (naam.is_empty(), discipline_of(&text(&key("nieuw_discipline")))) {
                (false, Some(d)) => Some((naam, d)),
                _ => return Err("Vul de naam en het vak in van wie niet in de lijst staat.".into()),
            }
        } else {
            None
        };
        out.push(AntwoordRij {
            naar,
            doel: text(&key("doel")).chars().take(300).collect(),
            vorm: Some(text(&key("vorm"))).filter(|v| VORMEN.contains(&v.as_str())).unwrap_or_else(|| "anders".into()),
            per_jaar: text(&key("freq")).parse().unwrap_or(0),
            scores,
            nieuw,
        });
    }
    Ok(out)
}

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Formulier(f): Formulier<Antwoordformulier>,
) -> Response {
    if let Err(r) = ingelaten(&state, &headers, &token).await {
        return r;
    }
    let verstuur = f.get("actie").map(String::as_str) == Some("verstuur");
    let answers = match rows(&f) {
        Ok(r) => r,
        Err(fout) => return page(&state, &token, None, Some(fout)).await,
    };
    match state.store.save_antwoorden(&token, &answers, verstuur).await {
        Ok(Ok(())) => {
            let klaar = if verstuur { "verstuurd" } else { "bewaard" };
            Redirect::to(&format!("/enquete/{token}?klaar={klaar}")).into_response()
        }
        Ok(Err(RondeFout::OnbekendeLink)) => gone(),
        Ok(Err(e)) => page(&state, &token, None, Some(format!("Niet bewaard: {e}."))).await,
        Err(e) => crate::fout::intern(e),
    }
}

/// GET /enquete/{token}/gegevens.json: everything kept about the respondent in this round —
/// their place on the sociale kaart and their own answers (AVG: the right to a copy).
pub async fn gegevens(State(state): State<AppState>, headers: HeaderMap, Path(token): Path<String>) -> Response {
    if let Err(r) = ingelaten(&state, &headers, &token).await {
        return r;
    }
    let Ok(Some((ronde, ik))) = state.store.ronde_van(&token).await else { return gone() };
    let (actor, antwoorden) =
        match (state.store.actor(&ronde.regio, &ik).await, state.store.eigen_antwoorden(&token).await) {
            (Ok(actor), Ok(antwoorden)) => (actor, antwoorden),
            (Err(e), _) | (_, Err(e)) => return crate::fout::intern(e),
        };
    let antwoorden: Vec<_> = antwoorden
        .iter()
        .map(|a| {
            let scores: serde_json::Map<String, serde_json::Value> =
                Conditie::ALL.iter().zip(a.scores).map(|(c, s)| (c.label().to_string(), serde_json::json!(s))).collect();
            serde_json::json!({"met": a.naar, "doel": a.doel, "vorm": a.vorm, "per_jaar": a.per_jaar, "condities": scores})
        })
        .collect();
    let doc = serde_json::json!({
        "ronde": {"wijkverband": ronde.wijkverband, "datum": ronde.datum, "gesloten": ronde.gesloten, "bewaren_tot": ronde.bewaren_tot},
        "sociale_kaart": actor.as_ref().map(|(a, c)| serde_json::json!({"actor": a, "contact": c})),
        "antwoorden": antwoorden,
    });
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"mijn-wijkfoto-gegevens.json\""),
        ],
        doc.to_string(),
    )
        .into_response()
}

/// POST /enquete/{token}/verwijder: the respondent removes their own answers (also after closing).
pub async fn verwijder(State(state): State<AppState>, headers: HeaderMap, Path(token): Path<String>) -> Response {
    if let Err(r) = ingelaten(&state, &headers, &token).await {
        return r;
    }
    match state.store.delete_eigen_antwoorden(&token).await {
        Ok(_) => Redirect::to(&format!("/enquete/{token}?klaar=verwijderd")).into_response(),
        Err(e) => crate::fout::intern(e),
    }
}
