//! Two wijkfoto's of one wijkverband side by side — the evidence for the
//! wijkevaluatie: new and lost verbindingen, the change per condition (where
//! both rounds show a mean), the vierkant before and after.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use wv_core::format;
use wv_core::netwerk::{Conditie, Wijkfoto, compare, paar_verandering, respons_waarschuwing};
use wv_store::Ronde;

use super::{analysed, ronde, shown};
use crate::AppState;
use crate::auth::Lezer;
use crate::fields::Vraag;
use crate::fout::refuse;
use crate::pages::{Chrome, render};

#[derive(Template)]
#[template(path = "wijkfoto-vergelijk.html")]
struct Pagina {
    chrome: Chrome,
    regio: String,
    voor: Ronde,
    na: Ronde,
    cijfers: Vec<(&'static str, String, String)>,
    condities: Vec<(&'static str, String, String, String)>,
    vierkant: Vec<(String, usize, usize, String)>,
    waarschuwing: Option<String>,
    nieuw: Vec<(String, String)>,
    verdwenen: Vec<(String, String)>,
}

fn naam(w: &Wijkfoto, id: &str) -> String {
    w.actors
        .iter()
        .find(|a| a.id == id)
        .map(|a| format!("{} ({})", a.naam, a.discipline.label()))
        .unwrap_or_else(|| id.to_string())
}

/// Two rounds to compare, by id.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Paar {
    voor: String,
    na: String,
}

/// GET …/wijkfoto/vergelijk?voor=ID&na=ID
pub async fn vergelijk(
    State(state): State<AppState>,
    Lezer { sessie, regio, .. }: Lezer,
    Vraag(f): Vraag<Paar>,
) -> Response {
    let (Ok(a), Ok(b)) = (f.voor.trim().parse::<i64>(), f.na.trim().parse::<i64>()) else {
        return refuse(StatusCode::BAD_REQUEST, "Kies twee rondes: ?voor=…&na=…");
    };
    let (voor, na) = match (ronde(&state, &regio, a).await, ronde(&state, &regio, b).await) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    if voor.wijkverband != na.wijkverband {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "Ronde {} is van {} en ronde {} van {}: vergelijk twee rondes van hetzelfde wijkverband.",
                voor.id, voor.wijkverband, na.id, na.wijkverband
            ),
        );
    }
    let kijker = sessie.gebruiker.email.as_str();
    let ((voor, wa, aa), (na, wb, ab)) =
        match (analysed(&state, voor, kijker).await, analysed(&state, na, kijker).await) {
            (Ok(x), Ok(y)) => (x, y),
            (Err(r), _) | (_, Err(r)) => return r,
        };
    let v = compare((&wa, &aa), (&wb, &ab));
    let cijfers = vec![
        ("verbindingen", aa.verbindingen.len().to_string(), ab.verbindingen.len().to_string()),
        ("dichtheid", format::measure(Some(v.dichtheid.0)), format::measure(Some(v.dichtheid.1))),
        ("actoren zonder verbinding", aa.isolaten.len().to_string(), ab.isolaten.len().to_string()),
        ("respons", voor.respons.to_string(), na.respons.to_string()),
    ];
    let condities = Conditie::ALL
        .iter()
        .zip(&v.condities)
        .map(|(c, (x, y))| {
            let change = match (x, y) {
                (Some(x), Some(y)) => format::signed(y - x, 1),
                _ => "–".into(),
            };
            (c.label(), shown(*x), shown(*y), change)
        })
        .collect();
    let vierkant = v
        .vierkant
        .iter()
        .map(|(p, q, x, y)| (format!("{} – {}", p.label(), q.label()), *x, *y, paar_verandering(*x, *y)))
        .collect();
    let pair = |w: &Wijkfoto, (x, y): &(String, String)| (naam(w, x), naam(w, y));
    render(Pagina {
        chrome: Chrome::of(&sessie),
        regio,
        cijfers,
        condities,
        vierkant,
        waarschuwing: respons_waarschuwing(voor.respons, na.respons),
        nieuw: v.nieuw.iter().map(|p| pair(&wb, p)).collect(),
        verdwenen: v.verdwenen.iter().map(|p| pair(&wa, p)).collect(),
        voor,
        na,
    })
}
