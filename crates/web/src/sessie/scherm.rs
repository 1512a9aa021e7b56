//! The projector view of a session: large type and high contrast, full screen; the current
//! question, round and a visible countdown; the figures and the wijkfoto on the table beside
//! it; the contributions appearing live (`scherm.js` polls `stand.json` twice a second, so a contribution shows within a second) as a word
//! cloud and as a list per table.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use wv_core::sessie::{Bijdrage, groepeer};
use wv_store::{Sessie, SessieStatus};

use crate::AppState;
use crate::auth::Lezer;
use crate::fout::intern;
use crate::pages::render;

/// The words of the cloud: the most widespread themes of the contributions.
const WOLK: usize = 40;

/// Where a session stands, as the projector and the phones show it.
#[derive(Serialize)]
pub(crate) struct Ronde {
    status: &'static str,
    ronde: i64,
    rondes: usize,
    /// The current round's instruction, or the closing question.
    opdracht: String,
    /// Seconds left in the current round (none at the closing question or when not open).
    resterend: Option<i64>,
    slot: bool,
    /// The state in words.
    tekst: String,
}

pub(crate) fn ronde(s: &Sessie) -> Ronde {
    let huidige = s.rondes.get((s.ronde - 1).max(0) as usize).filter(|_| s.ronde >= 1);
    let nu = jiff::Timestamp::now().as_second();
    let resterend = match (s.status, huidige, s.ronde_sinds) {
        (SessieStatus::Open, Some(r), Some(sinds)) if !s.bij_slot() => {
            Some((i64::from(r.minuten) * 60 - (nu - sinds)).max(0))
        }
        _ => None,
    };
    Ronde {
        status: s.status.as_str(),
        ronde: s.ronde,
        rondes: s.rondes.len(),
        opdracht: match (s.status, s.bij_slot()) {
            (SessieStatus::Open, true) => s.slotvraag.clone(),
            (SessieStatus::Open, false) => huidige.map(|r| r.instructie.clone()).unwrap_or_default(),
            _ => String::new(),
        },
        resterend,
        slot: s.bij_slot(),
        tekst: super::blad::stand(s),
    }
}

#[derive(Template)]
#[template(path = "sessie-scherm.html")]
struct Scherm {
    s: Sessie,
    stand_url: String,
    terug: String,
    stand: String,
    figuren: Vec<super::Figuren>,
}

pub async fn show(State(state): State<AppState>, Path((regio, id)): Path<(String, i64)>, l: Lezer) -> Response {
    let (s, _, figuren) = match super::met_figuren(&state, &regio, id, &l.sessie.gebruiker.email).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let url = crate::adres::sessie_url(&regio, id);
    render(Scherm { stand_url: format!("{url}/stand.json"), terug: url, stand: super::blad::stand(&s), figuren, s })
}

#[derive(Serialize)]
struct TafelStand {
    nr: i64,
    vraag: String,
    bijdragen: Vec<String>,
}

#[derive(Serialize)]
struct Stand {
    #[serde(flatten)]
    ronde: Ronde,
    tafels: Vec<TafelStand>,
    slot: Vec<String>,
    /// (word or phrase, contributions), the most first.
    wolk: Vec<(String, usize)>,
    bijdragen: usize,
}

/// GET …/stand.json: the session's state and every contribution, for the projector.
pub async fn stand(State(state): State<AppState>, Path((regio, id)): Path<(String, i64)>, _l: Lezer) -> Response {
    let s = match super::van_regio(&state, &regio, id).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let bijdragen = match state.store.bijdragen(id, 0).await {
        Ok(b) => b,
        Err(e) => return intern(e),
    };
    let invoer: Vec<Bijdrage> =
        bijdragen.iter().map(|b| Bijdrage { wijk: s.wijk_van(b.tafel), tekst: &b.tekst, thema: None }).collect();
    let mut wolk: Vec<(String, usize)> = groepeer(&invoer).into_iter().map(|g| (g.label, g.leden.len())).collect();
    wolk.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    wolk.truncate(WOLK);
    let stand = Stand {
        ronde: ronde(&s),
        tafels: s
            .tafels
            .iter()
            .map(|t| TafelStand {
                nr: t.nr,
                vraag: t.vraag.clone(),
                bijdragen: bijdragen.iter().filter(|b| b.tafel == Some(t.nr)).map(|b| b.tekst.clone()).collect(),
            })
            .collect(),
        slot: bijdragen.iter().filter(|b| b.slot).map(|b| b.tekst.clone()).collect(),
        wolk,
        bijdragen: bijdragen.len(),
    };
    ([(header::CACHE_CONTROL, "no-store")], Json(stand)).into_response()
}
