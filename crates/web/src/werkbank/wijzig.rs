//! Editing a plan: every accepted change is a new version (undo and redo step
//! through them; restoring an old version is a change of its own), so nothing
//! is lost on a reload or a crash. A refused change shows the plan again
//! with the reason, and changes nothing.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use wv_core::indeling::Edit;
use wv_store::{Edited, Rol, StoredPlan, VersiePlaats};

use super::{bound, stored};
use crate::AppState;
use crate::adres::plan_url;
use crate::auth::{Bewerker, Lezer};
use crate::fields::{Formulier, ingevuld};
use crate::pages::{Chrome, render};

/// What the user asked, as an edit of the plan's state or a step through its versions.
enum Action {
    Edit(Edit),
    Bounds(Option<f64>, Option<f64>),
    Step(i64),
    Restore(i64),
}

/// An edit form of the plan page: `actie` says which, the other fields what.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Bewerking {
    actie: String,
    naam: String,
    buurt: Vec<String>,
    wijkverband: String,
    van: String,
    naar: String,
    min: Option<String>,
    max: Option<String>,
    versie: String,
}

fn action(f: &Bewerking) -> Result<Action, String> {
    let naam = || f.naam.trim().to_string();
    Ok(match f.actie.as_str() {
        "toewijzen" => {
            if f.buurt.is_empty() {
                return Err("Kies eerst een of meer buurten (in de tabel of op de kaart).".into());
            }
            Action::Edit(Edit::Assign { buurten: f.buurt.clone(), wijkverband: f.wijkverband.trim().to_string() })
        }
        "hernoemen" => Action::Edit(Edit::Rename { van: f.van.trim().to_string(), naar: f.naar.trim().to_string() }),
        "toevoegen" => Action::Edit(Edit::Add { naam: naam() }),
        "verwijderen" => Action::Edit(Edit::Remove { naam: naam(), naar: ingevuld(&f.naar) }),
        "vergrendel" => Action::Edit(Edit::Lock { naam: naam(), vergrendeld: true }),
        "ontgrendel" => Action::Edit(Edit::Lock { naam: naam(), vergrendeld: false }),
        "grenzen" => {
            let min = bound("Minimum", f.min.as_deref())?.ok_or("Geef het minimum aantal inwoners.")?;
            let max = bound("Maximum", f.max.as_deref())?;
            if max.is_some_and(|m| m < min) {
                return Err("Het maximum is kleiner dan het minimum.".into());
            }
            Action::Bounds(Some(min), max)
        }
        "ongedaan" => Action::Step(-1),
        "opnieuw" => Action::Step(1),
        "terugzetten" => {
            Action::Restore(f.versie.trim().parse().map_err(|_| "Kies de versie die u wilt terugzetten.".to_string())?)
        }
        other => return Err(format!("Onbekende actie '{other}'.")),
    })
}

/// The header the workbench's script sends: answer an edit with the plan page itself rather
/// than a redirect to it (one request per edit instead of two).
pub(crate) const WERKBLAD: &str = "wv-werkblad";

/// POST …/indeling/{plan}/wijzig: one change; back to the plan page (the page itself to the
/// workbench's script).
pub async fn edit(
    State(state): State<AppState>,
    Bewerker { sessie, regio }: Bewerker,
    Path((_, naam)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
    Formulier(fields): Formulier<Bewerking>,
) -> Response {
    // A plan that does not exist (here) is 404 from the store's answer to the edit.
    let refused = |fout: String| super::blad::page(&state, &sessie, &regio, Rol::Bewerker, &naam, Some(fout));
    let action = match action(&fields) {
        Ok(a) => a,
        Err(fout) => return refused(fout).await,
    };
    let door = Some(sessie.gebruiker.email.as_str());
    let result = match action {
        Action::Step(delta) => match state.store.step_plan(Some(&regio), &naam, delta).await {
            Ok(Some(_)) => Ok(None),
            Ok(None) => Err(Fout::Geweigerd(
                if delta < 0 { "Er is niets om ongedaan te maken." } else { "Er is niets om opnieuw te doen." }
                    .to_string(),
            )),
            Err(e) => return crate::fout::AppError::from(e).into_response(),
        },
        Action::Restore(versie) => {
            let Ok(Some(old)) = state.store.plan_version(Some(&regio), &naam, versie).await else {
                return refused(format!("Versie {versie} bestaat niet.")).await;
            };
            saved(
                state
                    .store
                    .edit_plan(Some(&regio), &naam, door, |p| {
                        (p.staat, p.ondergrens, p.plafond) = (old.staat, old.ondergrens, old.plafond);
                        Ok::<_, String>(Some(format!("versie {versie} teruggezet")))
                    })
                    .await,
            )
        }
        Action::Bounds(min, max) => saved(
            state
                .store
                .edit_plan(Some(&regio), &naam, door, |p| {
                    if (p.ondergrens, p.plafond) == (min, max) {
                        return Ok::<_, String>(None);
                    }
                    (p.ondergrens, p.plafond) = (min, max);
                    let max = max.map(|m| format!(", maximaal {m}")).unwrap_or_default();
                    Ok(Some(format!("grenzen: minimaal {}{max} inwoners", min.unwrap_or_default())))
                })
                .await,
        ),
        Action::Edit(e) => {
            saved(state.store.edit_plan(Some(&regio), &naam, door, |p| p.staat.apply(&e).map_err(|e| e.0)).await)
        }
    };
    match result {
        // The plan just saved is the page's: only the region's data is looked up for it.
        Ok(Some((plan, wijziging))) if headers.contains_key(WERKBLAD) => {
            let plaats = VersiePlaats {
                wijziging,
                door: Some(sessie.gebruiker.naam.clone()),
                // The version it follows stays for undo; those undone before it are gone.
                eerder: true,
                later: false,
            };
            match super::load_with(&state, &regio, plan, Some(plaats)).await {
                Ok(loaded) => super::blad::page_of(&state, &sessie, &regio, Rol::Bewerker, loaded, None).await,
                Err(r) => r,
            }
        }
        Ok(_) if headers.contains_key(WERKBLAD) => {
            super::blad::page(&state, &sessie, &regio, Rol::Bewerker, &naam, None).await
        }
        Ok(_) => Redirect::to(&plan_url(&regio, &naam)).into_response(),
        Err(Fout::Geweigerd(fout)) => refused(fout).await,
        Err(Fout::Opslag(e)) => crate::fout::AppError::from(e).into_response(),
    }
}

/// Why an edit was not made: refused with the reason, or the store failed.
enum Fout {
    Geweigerd(String),
    Opslag(wv_store::StoreError),
}

impl From<String> for Fout {
    fn from(t: String) -> Fout {
        Fout::Geweigerd(t)
    }
}

/// Saved (the plan now, and what changed) or unchanged is fine; refused carries the reason; a
/// store error stays an error.
fn saved(r: Result<Edited<String>, wv_store::StoreError>) -> Result<Option<(StoredPlan, String)>, Fout> {
    match r {
        Ok(Edited::Saved(plan, wijziging)) => Ok(Some((plan, wijziging))),
        Ok(Edited::Unchanged(_)) => Ok(None),
        Ok(Edited::Refused(fout)) => Err(Fout::Geweigerd(fout)),
        Err(e) => Err(Fout::Opslag(e)),
    }
}

struct Regel {
    versie: i64,
    wijziging: String,
    door: String,
    tijd: String,
    huidig: bool,
}

#[derive(Template)]
#[template(path = "geschiedenis.html")]
struct Geschiedenis {
    chrome: Chrome,
    plan: String,
    url: String,
    bewerker: bool,
    regels: Vec<Regel>,
}

/// GET …/indeling/{plan}/geschiedenis: every version, newest first.
pub async fn history(
    State(state): State<AppState>,
    Lezer { sessie, regio, rol }: Lezer,
    Path((_, naam)): Path<(String, String)>,
) -> Response {
    let plan = match stored(&state, &regio, &naam).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let versions = match state.store.versions(Some(&regio), &naam).await {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let regels = versions
        .into_iter()
        .map(|v| Regel {
            huidig: v.versie == plan.versie,
            versie: v.versie,
            wijziging: v.wijziging,
            door: v.door.unwrap_or_else(|| "–".into()),
            tijd: local(v.tijd),
        })
        .collect();
    render(Geschiedenis {
        chrome: Chrome::of(&sessie),
        url: plan_url(&regio, &naam),
        plan: naam,
        bewerker: rol == wv_store::Rol::Bewerker,
        regels,
    })
}

/// Seconds since 1970 as Dutch local time: `23-11-2026 10:35`.
fn local(secs: i64) -> String {
    let zone = jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap_or(jiff::tz::TimeZone::UTC);
    match jiff::Timestamp::from_second(secs) {
        Ok(t) => t.to_zoned_datetime(zone).strftime("%d-%m-%Y %H:%M").to_string(),
        Err(_) => "–".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dutch_local_time() {
        assert_eq!(super::local(1_795_426_500), "23-11-2026 10:35", "winter: UTC+1");
        assert_eq!(super::local(1_783_000_000), "02-07-2026 15:46", "summer: UTC+2");
    }
}
