//! The changes of a cycle, each a form: begin it, move to the next phase, close the
//! evaluation, set the kernteam, decide on or add opgaven (accept, reject, merge, rank), add
//! goals and actions, report progress and judge the goals. Every change is the store's one
//! transaction; a refusal shows the page again with its reason and changes nothing.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use wv_core::cyclus::{ActieStatus, Fase, OpgaveSoort, OpgaveStatus, visie_doel};
use wv_core::netwerk::Discipline;
use wv_store::{Cyclus, Meting, NieuweActie, NieuweOpgave, StoreError};

use crate::AppState;
use crate::auth::Coordinator;
use crate::fields::Formulier;
use crate::fout::intern;

/// The longest text a field of the cycle takes.
const MAX_TEKST: usize = 2000;

/// The most opgaven one form may name (to merge, rank or serve a goal).
const MAX_KEUZES: usize = 200;

/// The cycle the form is about: the current one of the wijkverband, or a refusal.
async fn current(state: &AppState, c: &Coordinator) -> Result<Cyclus, Response> {
    let data = crate::cache::region(state, &c.regio).await?;
    let (indeling, _) = super::van_de_indeling(state, &data, &c.wijkverband).await?;
    match super::huidige(state, &c.regio, &indeling, &c.wijkverband).await? {
        Some(cyclus) => Ok(cyclus),
        None => Err(again(state, c, "Dit wijkverband heeft nog geen cyclus: begin er eerst een.".into()).await),
    }
}

async fn again(state: &AppState, c: &Coordinator, fout: String) -> Response {
    super::blad::page(state, &c.sessie, &c.regio, &c.wijkverband, &Default::default(), Some(fout)).await
}

/// The answer to a change: back to the page (at `anker`), or the page with the refusal.
async fn done<T>(state: &AppState, c: &Coordinator, r: Result<T, StoreError>, anker: &str) -> Response {
    match r {
        Ok(_) => {
            Redirect::to(&format!("{}#{anker}", crate::adres::cyclus_url(&c.regio, &c.wijkverband))).into_response()
        }
        Err(StoreError::Geweigerd(reden)) => again(state, c, reden).await,
        Err(e) => intern(e),
    }
}

/// A required line of text, bounded.
fn tekst(veld: &str, v: &str) -> Result<String, String> {
    let t = v.trim();
    if t.is_empty() {
        return Err(format!("Vul {veld} in."));
    }
    if t.chars().count() > MAX_TEKST {
        return Err(format!("{} is te lang: hoogstens {MAX_TEKST} tekens.", capital(veld)));
    }
    Ok(t.to_string())
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// An optional date field, `JJJJ-MM-DD`.
fn datum(veld: &str, v: &str) -> Result<Option<String>, String> {
    let t = v.trim();
    if t.is_empty() {
        return Ok(None);
    }
    jiff::civil::Date::strptime("%Y-%m-%d", t)
        .map(|d| Some(d.to_string()))
        .map_err(|_| format!("De {veld} '{t}' is geen datum; schrijf die als JJJJ-MM-DD, zoals 2027-03-31."))
}

/// A form of one cycle: the phase it was in when the page was shown.
#[derive(Deserialize)]
pub struct FaseForm {
    #[serde(default)]
    van: String,
}

pub async fn begin(State(state): State<AppState>, c: Coordinator) -> Response {
    let data = match crate::cache::region(&state, &c.regio).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let indeling = match super::van_de_indeling(&state, &data, &c.wijkverband).await {
        Ok((i, _)) => i,
        Err(r) => return r,
    };
    let door = Some(c.sessie.gebruiker.email.as_str());
    let r = state.store.begin_cyclus(&c.regio, &indeling, &c.wijkverband, &crate::vandaag(), door, false).await;
    done(&state, &c, r, "fasen").await
}

pub async fn fase(State(state): State<AppState>, c: Coordinator, Formulier(f): Formulier<FaseForm>) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(van) = Fase::parse(&f.van) else {
        return again(&state, &c, "Laad de pagina opnieuw: de fase ontbreekt.".into()).await;
    };
    let r = state.store.volgende_fase(cyclus.id, van, Some(&c.sessie.gebruiker.email)).await;
    done(&state, &c, r, "fasen").await
}

pub async fn afsluiten(State(state): State<AppState>, c: Coordinator) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let r = state.store.sluit_cyclus(cyclus.id, &crate::vandaag(), Some(&c.sessie.gebruiker.email)).await;
    done(&state, &c, r, "fasen").await
}

#[derive(Deserialize)]
pub struct KernteamForm {
    #[serde(default)]
    actor: Vec<String>,
}

pub async fn kernteam(
    State(state): State<AppState>,
    c: Coordinator,
    Formulier(f): Formulier<KernteamForm>,
) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut leden = f.actor;
    leden.sort();
    leden.dedup();
    if leden.len() > MAX_KEUZES {
        return again(&state, &c, format!("Een kernteam heeft hoogstens {MAX_KEUZES} leden.")).await;
    }
    let r = state.store.set_kernteam(cyclus.id, &leden, Some(&c.sessie.gebruiker.email)).await;
    done(&state, &c, r, "kernteam").await
}

#[derive(Deserialize)]
pub struct OpgaveForm {
    /// A proposal's key, or empty for an opgave written by hand.
    #[serde(default)]
    sleutel: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    soort: String,
    #[serde(default)]
    titel: String,
    #[serde(default)]
    toelichting: String,
}

/// Decides on a proposal (its evidence taken from the proposal itself, never from the form)
/// or adds an opgave written by hand (accepted).
pub async fn opgave(State(state): State<AppState>, c: Coordinator, Formulier(f): Formulier<OpgaveForm>) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let door = Some(c.sessie.gebruiker.email.as_str());
    if f.sleutel.is_empty() {
        let Some(soort) = OpgaveSoort::parse(&f.soort) else {
            return again(&state, &c, "Kies of de opgave inhoudelijk is of over de samenwerking gaat.".into()).await;
        };
        let (titel, toelichting) = match (tekst("de opgave", &f.titel), bounded(&f.toelichting)) {
            (Ok(t), Ok(b)) => (t, b),
            (Err(e), _) | (_, Err(e)) => return again(&state, &c, e).await,
        };
        let o = NieuweOpgave {
            sleutel: None,
            soort,
            titel: &titel,
            bewijs: &toelichting,
            bron: "toegevoegd door het kernteam",
        };
        let r = state.store.save_opgave(cyclus.id, &o, OpgaveStatus::Aanvaard, door).await;
        return done(&state, &c, r, "opgaven").await;
    }
    let status = match OpgaveStatus::parse(&f.status) {
        Some(s @ (OpgaveStatus::Aanvaard | OpgaveStatus::Afgewezen)) => s,
        _ => return again(&state, &c, "Aanvaard of wijs het voorstel af.".into()).await,
    };
    let data = match crate::cache::region(&state, &c.regio).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let buurten = match super::van_de_indeling(&state, &data, &c.wijkverband).await {
        Ok((_, b)) => b,
        Err(r) => return r,
    };
    let startfoto = match super::startfoto(&state, &data, &c.wijkverband, buurten).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let voorstellen =
        match super::voorstellen_van(&state, &c.regio, &c.wijkverband, startfoto.as_ref(), &c.sessie.gebruiker.email)
            .await
        {
            Ok(v) => v,
            Err(r) => return r,
        };
    let Some(v) = voorstellen.iter().find(|v| v.sleutel == f.sleutel) else {
        return again(
            &state,
            &c,
            "Dit voorstel staat er niet meer: de cijfers zijn veranderd. Bekijk de voorstellen opnieuw.".into(),
        )
        .await;
    };
    let o =
        NieuweOpgave { sleutel: Some(&v.sleutel), soort: v.soort, titel: &v.titel, bewijs: &v.bewijs, bron: &v.bron };
    let r = state.store.save_opgave(cyclus.id, &o, status, door).await;
    done(&state, &c, r, "opgaven").await
}

fn bounded(v: &str) -> Result<String, String> {
    let t = v.trim();
    if t.chars().count() > MAX_TEKST {
        return Err(format!("De tekst is te lang: hoogstens {MAX_TEKST} tekens."));
    }
    Ok(t.to_string())
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    opgave: i64,
    #[serde(default)]
    status: String,
}

pub async fn opgave_status(
    State(state): State<AppState>,
    c: Coordinator,
    Formulier(f): Formulier<StatusForm>,
) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let status = match OpgaveStatus::parse(&f.status) {
        Some(s @ (OpgaveStatus::Aanvaard | OpgaveStatus::Afgewezen | OpgaveStatus::Voorgesteld)) => s,
        _ => return again(&state, &c, "Kies aanvaard, afgewezen of voorgesteld.".into()).await,
    };
    let r = state.store.set_opgave_status(cyclus.id, f.opgave, status, Some(&c.sessie.gebruiker.email)).await;
    done(&state, &c, r, "opgaven").await
}

#[derive(Deserialize)]
pub struct SamenvoegenForm {
    #[serde(default)]
    opgave: Vec<i64>,
}

/// Merges the ticked opgaven into the first of them.
pub async fn samenvoegen(
    State(state): State<AppState>,
    c: Coordinator,
    Formulier(f): Formulier<SamenvoegenForm>,
) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if f.opgave.len() > MAX_KEUZES {
        return again(&state, &c, format!("Kies hoogstens {MAX_KEUZES} opgaven tegelijk.")).await;
    }
    let Some((&into, andere)) = f.opgave.split_first() else {
        return again(&state, &c, "Kies twee of meer opgaven om samen te voegen.".into()).await;
    };
    let r = state.store.merge_opgaven(cyclus.id, into, andere, Some(&c.sessie.gebruiker.email)).await;
    done(&state, &c, r, "opgaven").await
}

#[derive(Deserialize)]
pub struct VolgordeForm {
    #[serde(default)]
    opgave: Vec<i64>,
    #[serde(default)]
    rang: Vec<String>,
}

/// Ranks the accepted opgaven by the numbers given (empty: no rank).
pub async fn volgorde(
    State(state): State<AppState>,
    c: Coordinator,
    Formulier(f): Formulier<VolgordeForm>,
) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if f.opgave.len() != f.rang.len() || f.opgave.len() > MAX_KEUZES {
        return again(&state, &c, "Laad de pagina opnieuw: de volgorde is niet te lezen.".into()).await;
    }
    let mut genummerd: Vec<(u32, i64)> = Vec::new();
    for (o, r) in f.opgave.iter().zip(&f.rang) {
        match r.trim() {
            "" => {}
            t => match t.parse::<u32>() {
                Ok(n) => genummerd.push((n, *o)),
                Err(_) => {
                    return again(&state, &c, format!("'{t}' is geen plaats in de volgorde; geef een heel getal."))
                        .await;
                }
            },
        }
    }
    genummerd.sort();
    let volgorde: Vec<i64> = genummerd.into_iter().map(|(_, o)| o).collect();
    let r = state.store.rank_opgaven(cyclus.id, &volgorde, Some(&c.sessie.gebruiker.email)).await;
    done(&state, &c, r, "opgaven").await
}

#[derive(Deserialize)]
pub struct DoelForm {
    #[serde(default)]
    titel: String,
    #[serde(default)]
    visie: Vec<u8>,
    #[serde(default)]
    opgave: Vec<i64>,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    streef: String,
    #[serde(default)]
    maat: String,
}

/// Adds a goal; an indicator's baseline is the wijkverband's value in the startfoto now, with
/// its year and source, never typed in.
pub async fn doel(State(state): State<AppState>, c: Coordinator, Formulier(f): Formulier<DoelForm>) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let titel = match tekst("het doel", &f.titel) {
        Ok(t) => t,
        Err(e) => return again(&state, &c, e).await,
    };
    if f.opgave.len() > MAX_KEUZES {
        return again(&state, &c, format!("Kies hoogstens {MAX_KEUZES} opgaven voor een doel.")).await;
    }
    let mut visie = f.visie.clone();
    visie.sort();
    visie.dedup();
    if visie.is_empty() || visie.iter().any(|v| visie_doel(*v).is_none()) {
        return again(
            &state,
            &c,
            "Koppel het doel aan een of meer van de zes doelen van de Visie eerstelijnszorg 2030.".into(),
        )
        .await;
    }
    let mut meting = Meting::default();
    let indicator = f.indicator.trim();
    if !indicator.is_empty() {
        match baseline(&state, &c, indicator).await {
            Ok(m) => meting = m,
            Err(r) => return r,
        }
        let streef = f.streef.trim();
        if !streef.is_empty() {
            match streef.replace(',', ".").parse::<f64>() {
                Ok(s) if s.is_finite() => meting.streef = Some(s),
                _ => return again(&state, &c, format!("De streefwaarde '{streef}' is geen getal.")).await,
            }
        }
    } else if !f.maat.trim().is_empty() {
        match tekst("de wijkfoto-maat", &f.maat) {
            Ok(m) => meting.maat = Some(m),
            Err(e) => return again(&state, &c, e).await,
        }
    }
    let r = state.store.add_doel(cyclus.id, &titel, &visie, &f.opgave, &meting, Some(&c.sessie.gebruiker.email)).await;
    done(&state, &c, r, "wijkplan").await
}

/// An indicator's baseline for the wijkverband of the form.
async fn baseline(state: &AppState, c: &Coordinator, indicator: &str) -> Result<Meting, Response> {
    let data = crate::cache::region(state, &c.regio).await?;
    if data.catalogue.get(indicator).is_none() {
        return Err(again(state, c, format!("'{indicator}' is geen indicator van de catalogus.")).await);
    }
    let (_, buurten) = super::van_de_indeling(state, &data, &c.wijkverband).await?;
    match super::startfoto(state, &data, &c.wijkverband, buurten).await? {
        Some(p) => Ok(super::baseline(&data.catalogue, &p, indicator)),
        None => Err(again(state, c, "Dit wijkverband heeft geen buurten: er is geen uitgangswaarde.".into()).await),
    }
}

#[derive(Deserialize)]
pub struct OordeelForm {
    #[serde(default)]
    doel: i64,
    #[serde(default)]
    oordeel: String,
}

pub async fn oordeel(State(state): State<AppState>, c: Coordinator, Formulier(f): Formulier<OordeelForm>) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let oordeel = match bounded(&f.oordeel) {
        Ok(o) => o,
        Err(e) => return again(&state, &c, e).await,
    };
    let r = state.store.set_oordeel(cyclus.id, f.doel, &oordeel, Some(&c.sessie.gebruiker.email)).await;
    done(&state, &c, r, "evaluatie").await
}

#[derive(Deserialize)]
pub struct ActieForm {
    #[serde(default)]
    titel: String,
    #[serde(default)]
    doel: String,
    #[serde(default)]
    eigenaar: String,
    #[serde(default)]
    discipline: Vec<String>,
    #[serde(default)]
    begin: String,
    #[serde(default)]
    eind: String,
}

pub async fn actie(State(state): State<AppState>, c: Coordinator, Formulier(f): Formulier<ActieForm>) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let checked = (|| {
        let titel = tekst("de actie", &f.titel)?;
        let doel = match f.doel.trim() {
            "" => None,
            d => Some(d.parse::<i64>().map_err(|_| "Kies het doel uit de lijst.".to_string())?),
        };
        let mut disciplines = Vec::new();
        for d in &f.discipline {
            if !Discipline::ALL.iter().any(|x| x.label() == d) {
                return Err(format!("'{d}' is geen discipline van de sociale kaart."));
            }
            if !disciplines.contains(d) {
                disciplines.push(d.clone());
            }
        }
        Ok((titel, doel, disciplines, datum("begindatum", &f.begin)?, datum("einddatum", &f.eind)?))
    })();
    let (titel, doel, disciplines, begin, eind) = match checked {
        Ok(x) => x,
        Err(e) => return again(&state, &c, e).await,
    };
    let eigenaar = Some(f.eigenaar.trim()).filter(|e| !e.is_empty());
    let a = NieuweActie {
        doel,
        titel: &titel,
        eigenaar,
        disciplines: &disciplines,
        begin: begin.as_deref(),
        eind: eind.as_deref(),
    };
    let r = state.store.add_actie(cyclus.id, &a, Some(&c.sessie.gebruiker.email)).await;
    done(&state, &c, r, "acties").await
}

#[derive(Deserialize)]
pub struct VoortgangForm {
    #[serde(default)]
    actie: i64,
    #[serde(default)]
    status: String,
    #[serde(default)]
    notitie: String,
}

pub async fn voortgang(
    State(state): State<AppState>,
    c: Coordinator,
    Formulier(f): Formulier<VoortgangForm>,
) -> Response {
    let cyclus = match current(&state, &c).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(status) = ActieStatus::parse(&f.status) else {
        return again(&state, &c, "Kies gepland, bezig, klaar of gestopt.".into()).await;
    };
    let notitie = match bounded(&f.notitie) {
        Ok(n) => n,
        Err(e) => return again(&state, &c, e).await,
    };
    let r = state
        .store
        .update_actie(cyclus.id, f.actie, status, &notitie, &crate::vandaag(), Some(&c.sessie.gebruiker.email))
        .await;
    done(&state, &c, r, "acties").await
}
