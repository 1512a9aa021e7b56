//! A table's phone page, behind the table's link (no account, like the survey's links): the
//! table's question, the round's instruction and the time left, a field to type keywords, and
//! the wall when the facilitator shows it. What is typed is kept in the page (`tafel.js`,
//! localStorage) until the server has it, each with its own key so a resend is stored once.
//! The link can only add to its own table of its own session while the session is open.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use wv_store::{Sessie, SessieStatus, StoreError};

use crate::AppState;
use crate::auth::login_token;
use crate::fields::Formulier;
use crate::fout::{intern, refuse};

fn onbekend() -> Response {
    refuse(
        StatusCode::NOT_FOUND,
        "Deze tafellink is onbekend. Vraag de begeleider van de sessie om de link of de QR-code.",
    )
}

async fn tafel(state: &AppState, token: &str) -> Result<(Sessie, i64), Response> {
    if token.len() > 64 {
        return Err(onbekend());
    }
    state.store.duiding_tafel(token).await.map_err(intern)?.ok_or_else(onbekend)
}

#[derive(Template)]
#[template(path = "tafel.html")]
struct Pagina {
    csrf: String,
    token: String,
    titel: String,
    nr: i64,
    vraag: String,
    stand: String,
    open: bool,
    sleutel: String,
    melding: Option<String>,
}

pub async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    page(&state, &token, None).await
}

async fn page(state: &AppState, token: &str, melding: Option<String>) -> Response {
    let (s, nr) = match tafel(state, token).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (csrf, cookie) = login_token();
    let t = s.tafels.iter().find(|t| t.nr == nr);
    let p = Pagina {
        csrf,
        token: token.to_string(),
        titel: s.titel.clone(),
        nr,
        vraag: t.map(|t| t.vraag.clone()).unwrap_or_default(),
        stand: super::blad::stand(&s),
        open: s.status == SessieStatus::Open,
        sleutel: crate::auth::token()[..24].to_string(),
        melding,
    };
    match p.render() {
        Ok(html) => ([(header::SET_COOKIE, cookie)], Html(html)).into_response(),
        Err(e) => intern(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Bijdrage {
    tekst: String,
    sleutel: String,
}

/// POST /tafel/{token}: one contribution. The page's script sends it with the CSRF token in
/// a header and gets JSON; without script the form's answer is the page again.
pub async fn stuur(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Formulier(f): Formulier<Bijdrage>,
) -> Response {
    let script = headers.contains_key("x-csrf-token");
    if token.len() > 64 {
        return onbekend();
    }
    match state.store.bijdrage_van_tafel(&token, &f.tekst, &f.sleutel).await {
        Ok(id) if script => Json(serde_json::json!({ "id": id })).into_response(),
        Ok(_) => Redirect::to(&format!("/tafel/{token}")).into_response(),
        Err(StoreError::Geweigerd(t)) if script => (StatusCode::UNPROCESSABLE_ENTITY, t).into_response(),
        Err(StoreError::Geweigerd(t)) => page(&state, &token, Some(t)).await,
        Err(StoreError::NietGevonden(_)) => onbekend(),
        Err(e) => intern(e),
    }
}

#[derive(Serialize)]
pub(crate) struct Tekst {
    tafel: Option<i64>,
    tekst: String,
}

/// What a phone shows, polled: the round and time left, the table's own contributions, and
/// the wall (every table's) only while the facilitator shows it. A fresh CSRF token with it,
/// so a phone left open past the login cookie's hour can still send.
#[derive(Serialize)]
struct Stand {
    #[serde(flatten)]
    ronde: super::scherm::Ronde,
    eigen: Vec<String>,
    muur: Option<Vec<Tekst>>,
    csrf: String,
}

pub async fn stand(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let (s, nr) = match tafel(&state, &token).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let bijdragen = match state.store.bijdragen(s.id, 0).await {
        Ok(b) => b,
        Err(e) => return intern(e),
    };
    let (csrf, cookie) = login_token();
    let stand = Stand {
        ronde: super::scherm::ronde(&s),
        eigen: bijdragen.iter().filter(|b| b.tafel == Some(nr)).map(|b| b.tekst.clone()).collect(),
        muur: s.muur.then(|| bijdragen.iter().map(|b| Tekst { tafel: b.tafel, tekst: b.tekst.clone() }).collect()),
        csrf,
    };
    ([(header::SET_COOKIE, cookie), (header::CACHE_CONTROL, "no-store".to_string())], Json(stand)).into_response()
}
