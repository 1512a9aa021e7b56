//! Accounts: a beheerder invites people (a one-time link to choose their own
//! name and password), sets roles per region and removes accounts; everyone
//! can see, download and delete their own personal data (AVG).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use wv_store::{Gebruiker, Rol, Uitnodiging};

use crate::AppState;
use crate::auth::{Beheerder, Sessie, hash_password, login_token, token, verify};
use crate::fields::Formulier;
use crate::fout::refuse;
use crate::pages::{Chrome, render};

/// An invitation link stays valid for a week.
const INVITATION_SECONDS: i64 = 7 * 24 * 3600;
const MIN_PASSWORD: usize = 12;

/// Accounts, invitations and a person's own data.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/beheer", get(beheer))
        .route("/beheer/uitnodigen", post(uitnodigen))
        .route("/beheer/rol", post(rol))
        .route("/beheer/verwijder", post(verwijder))
        .route("/uitnodiging/{token}", get(uitnodiging).post(aannemen))
        .route("/mijn-gegevens", get(gegevens))
        .route("/mijn-gegevens.json", get(gegevens_json))
        .route("/mijn-gegevens/verwijder", post(verwijder_mij))
}

#[derive(Template)]
#[template(path = "beheer.html")]
struct Beheer {
    chrome: Chrome,
    gebruikers: Vec<Gebruiker>,
    regios: Vec<String>,
    eigen: String,
    link: Option<String>,
    fout: Option<String>,
}

async fn page(state: &AppState, sessie: &Sessie, link: Option<String>, fout: Option<String>) -> Response {
    let (gebruikers, regios) = match (state.store.gebruikers().await, state.store.regios().await) {
        (Ok(gebruikers), Ok(regios)) => (gebruikers, regios),
        (Err(e), _) | (_, Err(e)) => return crate::fout::intern(e),
    };
    let status = if fout.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = Beheer {
        chrome: Chrome::of(sessie),
        gebruikers,
        regios: regios.into_iter().map(|r| r.naam).collect(),
        eigen: sessie.gebruiker.email.clone(),
        link,
        fout,
    };
    (status, render(page)).into_response()
}

pub async fn beheer(State(state): State<AppState>, Beheerder(sessie): Beheerder) -> Response {
    page(&state, &sessie, None, None).await
}

#[derive(Deserialize)]
pub struct Uitnodigen {
    email: String,
    regio: String,
    rol: String,
    #[serde(default)]
    beheerder: Option<String>,
}

fn valid_email(e: &str) -> bool {
    let mut parts = e.split('@');
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(d), None) if !a.is_empty() && d.contains('.') && !e.contains(char::is_whitespace))
}

pub async fn uitnodigen(
    State(state): State<AppState>,
    Beheerder(sessie): Beheerder,
    headers: axum::http::HeaderMap,
    Formulier(f): Formulier<Uitnodigen>,
) -> Response {
    let email = f.email.trim().to_lowercase();
    if !valid_email(&email) {
        return page(&state, &sessie, None, Some(format!("'{email}' is geen e-mailadres."))).await;
    }
    let rol = Rol::parse(&f.rol);
    let regio = Some(f.regio).filter(|r| !r.is_empty() && rol.is_some());
    let u = Uitnodiging { email, regio, rol, beheerder: f.beheerder.is_some() };
    let t = token();
    if let Err(e) = state.store.create_uitnodiging(&t, &u, INVITATION_SECONDS).await {
        return crate::fout::intern(e);
    }
    page(&state, &sessie, Some(format!("{}/uitnodiging/{t}", crate::adres::origin(&headers))), None).await
}

#[derive(Deserialize)]
pub struct RolWijzigen {
    email: String,
    regio: String,
    rol: String,
    /// For a wijkcoördinator: the wijkverband.
    #[serde(default)]
    wijkverband: String,
}

pub async fn rol(
    State(state): State<AppState>,
    Beheerder(sessie): Beheerder,
    Formulier(f): Formulier<RolWijzigen>,
) -> Response {
    let wijkverband = f.wijkverband.trim();
    let done = match Rol::parse(&f.rol) {
        Some(Rol::Wijkcoordinator) if wijkverband.is_empty() || wijkverband.chars().count() > 200 => {
            return page(&state, &sessie, None, Some("Vul bij een wijkcoördinator het wijkverband in.".into())).await;
        }
        Some(Rol::Wijkcoordinator) => state.store.set_wijkcoordinator(&f.email, &f.regio, wijkverband).await,
        Some(r) => state.store.set_rol(&f.email, &f.regio, r).await,
        None => state.store.delete_rol(&f.email, &f.regio).await,
    };
    match done {
        Ok(()) => Redirect::to("/beheer").into_response(),
        Err(e) => crate::fout::intern(e),
    }
}

#[derive(Deserialize)]
pub struct Verwijderen {
    email: String,
}

pub async fn verwijder(
    State(state): State<AppState>,
    Beheerder(sessie): Beheerder,
    Formulier(f): Formulier<Verwijderen>,
) -> Response {
    if f.email == sessie.gebruiker.email {
        return page(&state, &sessie, None, Some("Uw eigen account verwijdert u via Mijn gegevens.".into())).await;
    }
    match state.store.delete_gebruiker(&f.email).await {
        Ok(_) => Redirect::to("/beheer").into_response(),
        Err(e) => crate::fout::intern(e),
    }
}

#[derive(Template)]
#[template(path = "uitnodiging.html")]
struct Aannemen {
    csrf: String,
    email: String,
    /// The address has an account already: accepting adds the role, nothing else changes.
    bestaand: bool,
    fout: Option<String>,
}

pub async fn uitnodiging(State(state): State<AppState>, Path(t): Path<String>) -> Response {
    let Ok(Some(u)) = state.store.uitnodiging(&t).await else {
        return refuse(
            StatusCode::NOT_FOUND,
            "Deze uitnodiging is verlopen of al gebruikt. Vraag de beheerder om een nieuwe.",
        );
    };
    let bestaand = match state.store.wachtwoord_hash(&u.email).await.map(|h| h.is_some()) {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let (csrf, cookie) = login_token();
    let page = Aannemen { csrf, email: u.email, bestaand, fout: None };
    ([(header::SET_COOKIE, cookie)], Html(page.render().unwrap_or_default())).into_response()
}

#[derive(Deserialize)]
pub struct Account {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    wachtwoord: String,
    #[serde(default)]
    herhaal: String,
    csrf: String,
}

pub async fn aannemen(
    State(state): State<AppState>,
    Path(t): Path<String>,
    Formulier(f): Formulier<Account>,
) -> Response {
    let Ok(Some(u)) = state.store.uitnodiging(&t).await else {
        return refuse(
            StatusCode::NOT_FOUND,
            "Deze uitnodiging is verlopen of al gebruikt. Vraag de beheerder om een nieuwe.",
        );
    };
    let bestaand = match state.store.wachtwoord_hash(&u.email).await.map(|h| h.is_some()) {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    if bestaand {
        // Nothing of the account changes but its roles: the form asks for no name or password.
        return match state.store.accept_uitnodiging(&t, None).await {
            Ok(Some(_)) => Redirect::to("/inloggen").into_response(),
            Ok(None) => refuse(StatusCode::NOT_FOUND, "Deze uitnodiging is al gebruikt."),
            Err(e) => crate::fout::intern(e),
        };
    }
    let again = |fout: &str| {
        let page = Aannemen { csrf: f.csrf.clone(), email: u.email.clone(), bestaand, fout: Some(fout.into()) };
        (StatusCode::UNPROCESSABLE_ENTITY, Html(page.render().unwrap_or_default())).into_response()
    };
    let naam = f.naam.trim();
    if naam.is_empty() || naam.chars().count() > 80 {
        return again("Geef uw naam (hoogstens 80 tekens).");
    }
    if f.wachtwoord.chars().count() < MIN_PASSWORD {
        return again(&format!("Kies een wachtwoord van minstens {MIN_PASSWORD} tekens."));
    }
    if f.wachtwoord != f.herhaal {
        return again("De twee wachtwoorden zijn niet gelijk.");
    }
    match state.store.accept_uitnodiging(&t, Some((naam, &hash_password(&f.wachtwoord)))).await {
        Ok(Some(_)) => Redirect::to("/inloggen").into_response(),
        Ok(None) => refuse(StatusCode::NOT_FOUND, "Deze uitnodiging is al gebruikt."),
        Err(e) => crate::fout::intern(e),
    }
}

#[derive(Template)]
#[template(path = "mijn-gegevens.html")]
struct MijnGegevens {
    chrome: Chrome,
    gebruiker: Gebruiker,
    versies: i64,
    fout: Option<String>,
}

async fn mine(state: &AppState, sessie: &Sessie, fout: Option<String>) -> Response {
    let versies = match state.store.versions_by(&sessie.gebruiker.email).await {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let status = if fout.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    (status, render(MijnGegevens { chrome: Chrome::of(sessie), gebruiker: sessie.gebruiker.clone(), versies, fout }))
        .into_response()
}

pub async fn gegevens(State(state): State<AppState>, sessie: Sessie) -> Response {
    mine(&state, &sessie, None).await
}

/// Everything the app holds on the signed-in person, as JSON.
pub async fn gegevens_json(State(state): State<AppState>, sessie: Sessie) -> Response {
    let g = &sessie.gebruiker;
    let versies = match state.store.versions_by(&g.email).await {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let doc = serde_json::json!({
        "email": g.email,
        "naam": g.naam,
        "beheerder": g.beheerder,
        "rollen": g.rollen.iter().map(|(r, rol)| serde_json::json!({"regio": r, "rol": rol.as_str()})).collect::<Vec<_>>(),
        "versies_van_indelingen": versies,
        "toelichting": "Uw wachtwoord is alleen als argon2-hash bewaard en staat hier daarom niet in.",
    });
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"mijn-gegevens.json\""),
        ],
        serde_json::to_string_pretty(&doc).unwrap_or_default(),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct Bevestig {
    wachtwoord: String,
}

/// Deletes the signed-in person's account (after their password), unless they are the last beheerder.
pub async fn verwijder_mij(
    State(state): State<AppState>,
    sessie: Sessie,
    Formulier(f): Formulier<Bevestig>,
) -> Response {
    let email = &sessie.gebruiker.email;
    let ok = state.store.wachtwoord_hash(email).await.ok().flatten().is_some_and(|h| verify(&f.wachtwoord, &h));
    if !ok {
        return mine(&state, &sessie, Some("Het wachtwoord klopt niet; er is niets verwijderd.".into())).await;
    }
    if sessie.gebruiker.beheerder {
        let beheerders = state.store.gebruikers().await.map(|g| g.iter().filter(|g| g.beheerder).count()).unwrap_or(0);
        if beheerders <= 1 {
            return mine(&state, &sessie, Some("U bent de laatste beheerder: maak eerst een ander beheerder.".into()))
                .await;
        }
    }
    match state.store.delete_gebruiker(email).await {
        Ok(_) => Redirect::to("/inloggen").into_response(),
        Err(e) => crate::fout::intern(e),
    }
}
