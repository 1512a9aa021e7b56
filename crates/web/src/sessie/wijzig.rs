//! The facilitator's changes to a session, each a form: open, the next or previous round,
//! the wall shown or hidden, close, reopen; post-its typed in; a contribution removed; themes
//! proposed, merged, renamed and linked to evidence; contributions put in a theme (a split
//! when into a new one). Every change is the store's one transaction; a refusal shows the page
//! again with its reason and changes nothing.

use axum::extract::{FromRequestParts, Path};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_store::{Rol, StoreError, Stuur};

use crate::AppState;
use crate::auth::{Bewerker, Lezer};
use crate::fields::Formulier;
use crate::fout::intern;

/// The most lines of post-its one form takes.
const MAX_REGELS: usize = 500;
/// The most contributions or themes one form may name.
const MAX_KEUZES: usize = 2000;

/// A change to a session of the region in the path, by one of its bewerkers: the session is
/// checked to be the region's before the handler runs.
pub struct Ctx {
    state: AppState,
    b: Bewerker,
    headers: HeaderMap,
    regio: String,
    id: i64,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let b = Bewerker::from_request_parts(parts, state).await?;
        let Path((regio, id)) =
            Path::<(String, i64)>::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        super::van_regio(state, &regio, id).await?;
        Ok(Ctx { state: state.clone(), b, headers: parts.headers.clone(), regio, id })
    }
}

impl Ctx {
    async fn done<T>(self, r: Result<T, StoreError>, anker: &str) -> Response {
        match r {
            Ok(_) => {
                Redirect::to(&format!("{}#{anker}", crate::adres::sessie_url(&self.regio, self.id))).into_response()
            }
            Err(StoreError::Geweigerd(t)) => self.again(t).await,
            Err(e) => crate::fout::AppError::from(e).into_response(),
        }
    }

    async fn again(self, fout: String) -> Response {
        let l = Lezer { sessie: self.b.sessie, regio: self.regio.clone(), rol: Rol::Bewerker };
        super::blad::page(&self.state, &l, &self.headers, self.id, Some(fout)).await
    }

    /// Refuses a form naming more than [`MAX_KEUZES`] contributions or themes.
    async fn begrensd(self, f: &Keuzes) -> Result<Ctx, Response> {
        if f.bijdrage.len() + f.thema.len() > MAX_KEUZES {
            return Err(self.again(format!("Kies hoogstens {MAX_KEUZES} bijdragen of thema's tegelijk.")).await);
        }
        Ok(self)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StuurForm {
    wat: String,
}

pub async fn stuur(c: Ctx, Formulier(f): Formulier<StuurForm>) -> Response {
    let stuur = match f.wat.as_str() {
        "open" => Stuur::Open,
        "volgende" => Stuur::Volgende,
        "vorige" => Stuur::Vorige,
        "muur-aan" => Stuur::Muur(true),
        "muur-uit" => Stuur::Muur(false),
        "sluit" => Stuur::Sluit,
        "heropen" => Stuur::Heropen,
        _ => return c.again("Kies wat er met de sessie moet gebeuren.".into()).await,
    };
    let r = c.state.store.stuur_sessie(c.id, stuur).await;
    c.done(r, "stand").await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TypenForm {
    tafel: String,
    ronde: i64,
    regels: String,
}

pub async fn typen(c: Ctx, Formulier(f): Formulier<TypenForm>) -> Response {
    let regels: Vec<&str> = f.regels.lines().collect();
    if regels.len() > MAX_REGELS {
        return c.again(format!("Typ hoogstens {MAX_REGELS} regels tegelijk.")).await;
    }
    let (tafel, slot) = match f.tafel.as_str() {
        "slot" => (None, true),
        t => match t.parse::<i64>() {
            Ok(n) => (Some(n), false),
            Err(_) => return c.again("Kies een tafel.".into()).await,
        },
    };
    let r = c.state.store.bijdragen_typen(c.id, tafel, f.ronde, slot, &regels).await;
    c.done(r, "typen").await
}

pub async fn verwijder(c: Ctx) -> Response {
    match c.state.store.verwijder_sessie(c.id).await {
        Ok(()) => Redirect::to(&format!("/regio/{}/sessies", crate::adres::enc(&c.regio))).into_response(),
        Err(e) => intern(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Keuzes {
    bijdrage: Vec<i64>,
    thema: Vec<i64>,
    naam: String,
    naar: String,
    bewijs: String,
}

pub async fn verwijder_bijdrage(c: Ctx, Formulier(f): Formulier<Keuzes>) -> Response {
    let c = match c.begrensd(&f).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some(bijdrage) = f.bijdrage.first() else { return c.again("Kies een bijdrage.".into()).await };
    let r = c.state.store.verwijder_bijdrage(c.id, *bijdrage).await;
    c.done(r, "themas").await
}

pub async fn voorstel(c: Ctx) -> Response {
    let r = c.state.store.stel_themas_voor(c.id).await;
    c.done(r, "themas").await
}

pub async fn thema_wijzig(c: Ctx, Formulier(f): Formulier<Keuzes>) -> Response {
    let c = match c.begrensd(&f).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some(thema) = f.thema.first() else { return c.again("Kies een thema.".into()).await };
    let bewijs = Some(f.bewijs.trim()).filter(|b| !b.is_empty());
    let r = c.state.store.wijzig_thema(c.id, *thema, &f.naam, bewijs).await;
    c.done(r, "themas").await
}

pub async fn samenvoegen(c: Ctx, Formulier(f): Formulier<Keuzes>) -> Response {
    let c = match c.begrensd(&f).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let themas = c.state.store.themas(c.id).await;
    let naam = match (&themas, f.naam.trim()) {
        (_, n) if !n.is_empty() => n.to_string(),
        // without a name, the first chosen theme's
        (Ok(t), _) => t.iter().find(|t| f.thema.first() == Some(&t.id)).map(|t| t.naam.clone()).unwrap_or_default(),
        (Err(_), _) => String::new(),
    };
    let r = c.state.store.voeg_themas_samen(c.id, &f.thema, &naam).await;
    c.done(r, "themas").await
}

pub async fn indelen(c: Ctx, Formulier(f): Formulier<Keuzes>) -> Response {
    let c = match c.begrensd(&f).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let r = match f.naar.as_str() {
        "nieuw" => c.state.store.maak_thema(c.id, &f.naam, &f.bijdrage).await.map(|_| ()),
        "geen" => c.state.store.zet_in_thema(c.id, &f.bijdrage, None).await,
        t => match t.parse::<i64>() {
            Ok(t) => c.state.store.zet_in_thema(c.id, &f.bijdrage, Some(t)).await,
            Err(_) => return c.again("Kies waarheen de bijdragen gaan.".into()).await,
        },
    };
    c.done(r, "themas").await
}
