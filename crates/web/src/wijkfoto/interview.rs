//! The wijkfoto by interview: a bewerker assigns respondents of a round to a fotograaf (an
//! account; the role holds for those respondents of that round only); the fotograaf's list of
//! interviews (`/interviews`), the survey filled in with the professional after recording their
//! consent (`/interview/{ronde}/{actor}`), and the professional's own link made there and shown
//! once. The fotograaf sees only the answers they entered, until the professional takes them
//! over; never the round's analysis unless their role in the region allows it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_store::{Interview, StoreError};

use crate::AppState;
use crate::auth::{Bewerker, Sessie};
use crate::enquete::{Antwoordformulier, Interviewer, Vorm, rows};
use crate::fields::Formulier;
use crate::fout::{intern, refuse};
use crate::pages::{Chrome, render};

/// The most respondents one form assigns.
const MAX_KEUZES: usize = 500;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Toewijzing {
    email: String,
    respondent: Vec<String>,
}

/// POST …/wijkfoto/{id}/fotograaf: respondents to a fotograaf.
pub async fn toewijzen(
    State(state): State<AppState>,
    Bewerker { regio, .. }: Bewerker,
    Path((_, id)): Path<(String, i64)>,
    Formulier(f): Formulier<Toewijzing>,
) -> Response {
    if let Err(r) = super::ronde(&state, &regio, id).await {
        return r;
    }
    if f.respondent.is_empty() || f.respondent.len() > MAX_KEUZES {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "Kies de respondenten die de fotograaf interviewt.");
    }
    let email = f.email.trim().to_lowercase();
    match state.store.wijs_fotograaf_toe(id, &email, &f.respondent).await {
        Ok(()) => {
            Redirect::to(&format!("/regio/{}/wijkfoto/{id}#interviews", crate::adres::enc(&regio))).into_response()
        }
        Err(StoreError::Geweigerd(t)) => refuse(StatusCode::UNPROCESSABLE_ENTITY, t),
        Err(e) => intern(e),
    }
}

#[derive(Template)]
#[template(path = "interviews.html")]
struct Lijst {
    chrome: Chrome,
    interviews: Vec<(Interview, String)>,
}

/// GET /interviews: the signed-in fotograaf's interviews.
pub async fn lijst(State(state): State<AppState>, sessie: Sessie) -> Response {
    match state.store.interviews(&sessie.gebruiker.email).await {
        Ok(i) => render(Lijst {
            chrome: Chrome::of(&sessie),
            interviews: i
                .into_iter()
                .map(|i| {
                    let status = match (i.overgenomen, i.ingediend, i.ingevuld) {
                        (true, _, _) => "overgenomen door de professional",
                        (false, true, _) => "ingediend",
                        (false, false, true) => "bewaard, nog niet ingediend",
                        (false, false, false) => "nog niet begonnen",
                    };
                    (i, status.to_string())
                })
                .collect(),
        }),
        Err(e) => intern(e),
    }
}

async fn toegewezen(state: &AppState, sessie: &Sessie, ronde: i64, actor: &str) -> Result<Interview, Response> {
    match state.store.interview(ronde, actor, &sessie.gebruiker.email).await {
        Ok(Some(i)) => Ok(i),
        Ok(None) => Err(refuse(StatusCode::NOT_FOUND, "Dit interview is niet aan u toegewezen.")),
        Err(e) => Err(intern(e)),
    }
}

async fn pagina(
    state: &AppState,
    sessie: &Sessie,
    i: &Interview,
    melding: Option<String>,
    fout: Option<String>,
) -> Response {
    let ronde = match state.store.ronde(i.ronde).await {
        Ok(Some(r)) => r,
        Ok(None) => return refuse(StatusCode::NOT_FOUND, "Deze ronde bestaat niet."),
        Err(e) => return intern(e),
    };
    let eigen = match state.store.interview_antwoorden(i.ronde, &i.actor, &sessie.gebruiker.email).await {
        Ok(e) => e,
        Err(e) => return intern(e),
    };
    let interview = Interviewer {
        toestemming: i.toestemming.clone(),
        link_url: format!("/interview/{}/{}/link", i.ronde, crate::adres::enc(&i.actor)),
        overgenomen: i.overgenomen,
    };
    let vorm = Vorm {
        ronde: &ronde,
        ik: &i.actor,
        eigen,
        token: None,
        interview: Some(interview),
        csrf: Some(sessie.csrf.clone()),
    };
    vorm.render(state, melding, fout).await
}

pub async fn show(
    State(state): State<AppState>,
    sessie: Sessie,
    Path((ronde, actor)): Path<(i64, String)>,
) -> Response {
    match toegewezen(&state, &sessie, ronde, &actor).await {
        Ok(i) => pagina(&state, &sessie, &i, None, None).await,
        Err(r) => r,
    }
}

/// POST /interview/{ronde}/{actor}: the answers entered with the professional.
pub async fn bewaar(
    State(state): State<AppState>,
    sessie: Sessie,
    Path((ronde, actor)): Path<(i64, String)>,
    Formulier(f): Formulier<Antwoordformulier>,
) -> Response {
    let i = match toegewezen(&state, &sessie, ronde, &actor).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let antwoorden = match rows(&f) {
        Ok(r) => r,
        Err(fout) => return pagina(&state, &sessie, &i, None, Some(fout)).await,
    };
    let indienen = f.get("actie").map(String::as_str) == Some("verstuur");
    let toestemming = (f.get("toestemming").map(String::as_str) == Some("ja")).then(crate::vandaag);
    let r = state
        .store
        .bewaar_interview(ronde, &actor, &sessie.gebruiker.email, &antwoorden, indienen, toestemming.as_deref())
        .await;
    match r {
        Ok(()) => {
            let i = match toegewezen(&state, &sessie, ronde, &actor).await {
                Ok(i) => i,
                Err(r) => return r,
            };
            let melding = if indienen { "De antwoorden zijn ingediend." } else { "De antwoorden zijn bewaard." };
            pagina(&state, &sessie, &i, Some(melding.into()), None).await
        }
        Err(StoreError::Geweigerd(t)) => pagina(&state, &sessie, &i, None, Some(t)).await,
        Err(e) => crate::fout::AppError::from(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "interview-link.html")]
struct Link {
    chrome: Chrome,
    naam: String,
    link: String,
}

/// POST /interview/{ronde}/{actor}/link: the professional's own link, shown once.
pub async fn link(
    State(state): State<AppState>,
    sessie: Sessie,
    headers: HeaderMap,
    Path((ronde, actor)): Path<(i64, String)>,
) -> Response {
    let i = match toegewezen(&state, &sessie, ronde, &actor).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let token = crate::auth::token();
    match state.store.nieuwe_interviewlink(ronde, &actor, &sessie.gebruiker.email, &token).await {
        Ok(()) => render(Link {
            chrome: Chrome::of(&sessie),
            naam: i.naam,
            link: format!("{}/enquete/{token}", crate::adres::origin(&headers)),
        }),
        Err(StoreError::Geweigerd(t)) => pagina(&state, &sessie, &i, None, Some(t)).await,
        Err(e) => crate::fout::AppError::from(e).into_response(),
    }
}
