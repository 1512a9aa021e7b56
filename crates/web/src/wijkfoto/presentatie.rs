//! A wijkfoto presented to the workshop: full screen, large type, one wijk at a time — the
//! network picture, the six pairs of the vierkant, what goes well and what does not — and on to
//! the latest wijkfoto of the next wijkverband (buttons, or the arrow keys). What shows is what
//! the round's page shows: means only above the round's minimum of respondents.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use wv_core::netwerk::{Band, Conditie};
use wv_store::Ronde;

use super::{analysed, ronde};
use crate::AppState;
use crate::auth::Lezer;
use crate::fout::intern;
use crate::pages::render;

/// A condition's shown mean at least this is "goes well", below the other bound "can be better".
const GOED: f64 = 3.5;
const BETER: f64 = 3.0;

#[derive(Template)]
#[template(path = "presentatie.html")]
struct Presentatie {
    regio: String,
    ronde: Ronde,
    respons: String,
    /// (pair, verbindingen)
    vierkant: Vec<(String, usize)>,
    goed: Vec<String>,
    beter: Vec<String>,
    legenda: Vec<(&'static str, &'static str, &'static str)>,
    banden: [Band; 4],
    kaart: String,
    /// The round's own page, with the network picture's tables.
    tabellen: String,
    vorige: Option<String>,
    volgende: Option<String>,
}

pub async fn show(State(state): State<AppState>, l: Lezer, Path((_, id)): Path<(String, i64)>) -> Response {
    let r = match ronde(&state, &l.regio, id).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let (r, w, a) = match analysed(&state, r, &l.sessie.gebruiker.email).await {
        Ok(x) => x,
        Err(resp) => return resp,
    };
    let netwerk = match super::netwerk::beeld(&state, &r, &w, &a).await {
        Ok(n) => n,
        Err(resp) => return resp,
    };
    // The latest round of every wijkverband, in name order: the wijken one after another.
    let rondes = match state.store.rondes(&l.regio).await {
        Ok(x) => x,
        Err(e) => return intern(e),
    };
    let mut laatste: Vec<&Ronde> = Vec::new();
    for x in rondes.iter().filter(|x| x.opgeschoond.is_none()) {
        match laatste.iter_mut().find(|y| y.wijkverband == x.wijkverband) {
            Some(y) if (&x.datum, x.id) > (&y.datum, y.id) => *y = x,
            Some(_) => {}
            None => laatste.push(x),
        }
    }
    laatste.sort_by(|a, b| a.wijkverband.cmp(&b.wijkverband));
    let hier = laatste.iter().position(|x| x.wijkverband == r.wijkverband);
    let url = |x: &Ronde| format!("/regio/{}/wijkfoto/{}/presentatie", crate::adres::enc(&l.regio), x.id);
    let buur = |d: isize| hier.and_then(|i| laatste.get(i.checked_add_signed(d)?)).map(|x| url(x));
    let conditie = |c: usize, oordeel: fn(f64) -> bool| {
        a.condities[c]
            .gemiddelde
            .filter(|m| oordeel(*m))
            .map(|m| format!("{}: {}", Conditie::ALL[c].label(), wv_core::format::number(m, 1)))
    };
    let rond = a.vierkant.iter().all(|p| p.verbindingen > 0);
    let goed: Vec<String> = (0..Conditie::ALL.len())
        .filter_map(|c| conditie(c, |m| m >= GOED))
        .chain(rond.then(|| "Het vierkant is rond: alle zes paren werken samen.".to_string()))
        .collect();
    let beter: Vec<String> =
        (0..Conditie::ALL.len()).filter_map(|c| conditie(c, |m| m < BETER)).chain(a.opgaven.iter().cloned()).collect();
    let present: std::collections::BTreeSet<_> = w.actors.iter().map(|x| x.discipline).collect();
    render(Presentatie {
        regio: l.regio.clone(),
        respons: match r.respons.aandeel() {
            Some(x) => format!("{} ({})", r.respons, wv_core::format::share(Some(x))),
            None => r.respons.to_string(),
        },
        vierkant: a.vierkant.iter().map(|p| (format!("{} – {}", p.a.label(), p.b.label()), p.verbindingen)).collect(),
        goed,
        beter,
        legenda: netwerk
            .disciplines
            .iter()
            .copied()
            .filter(|(label, _, _)| present.iter().any(|d| d.label() == *label))
            .collect(),
        banden: Band::ALL,
        kaart: netwerk.kaart,
        tabellen: format!("/regio/{}/wijkfoto/{}", crate::adres::enc(&l.regio), r.id),
        vorige: buur(-1),
        volgende: buur(1),
        ronde: r,
    })
}
