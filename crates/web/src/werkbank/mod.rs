//! The wijkindeling workbench: a region's plans (`lijst`: make them empty,
//! per gemeente or CBS wijk, by the engine or from an upload), one plan to
//! work on (`blad`), its edits with undo, redo and history (`wijzig`),
//! plans side by side (`vergelijk`) and exports (`export`). Reading needs a
//! role in the region; changing needs the bewerker role.

mod advies;
mod blad;
mod export;
mod lijst;
mod reken;
mod structuren;
mod variabelen;
mod vergelijk;
mod wijzig;

pub(crate) use reken::Job;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use wv_core::indeling::{Constraints, Plan, Region, Structure, Uitzondering, colouring};
use wv_store::{PlanNaam, RegionModel, StoredPlan, VersiePlaats};

use crate::fout::refuse;

use crate::AppState;
use crate::cache::RegionData;

/// The workbench's pages and forms.
pub(crate) fn routes() -> Router<AppState> {
    const PLAN: &str = "/regio/{regio}/indeling/{plan}";
    Router::new()
        .route("/regio/{regio}/indelingen", get(lijst::list).post(lijst::create))
        .route("/regio/{regio}/indelingen/verwijder", post(lijst::remove))
        .route("/regio/{regio}/indelingen/kies", post(lijst::kies))
        .route("/regio/{regio}/structuren", post(structuren::upload))
        .route("/regio/{regio}/vergelijk", get(vergelijk::compare))
        .route(PLAN, get(blad::show))
        .route(&format!("{PLAN}/wijzig"), post(wijzig::edit))
        .route(&format!("{PLAN}/geschiedenis"), get(wijzig::history))
        .route(&format!("{PLAN}/reken"), post(reken::start))
        .route(&format!("{PLAN}/reken/{{id}}"), get(reken::show))
        .route(&format!("{PLAN}/reken/{{id}}/status"), get(reken::status))
        .route(&format!("{PLAN}/reken/{{id}}/accepteer"), post(reken::accept))
        .route(&format!("{PLAN}/reken/{{id}}/verwerp"), post(reken::reject))
        .route(&format!("{PLAN}/export.csv"), get(export::export_csv))
        .route(&format!("{PLAN}/export.geojson"), get(export::export_geojson))
        .route(&format!("{PLAN}/rapport"), get(export::rapport))
}

/// Colour-blind-safe qualitative palette (Okabe–Ito, then Paul Tol's muted);
/// names, symbols and tables carry the meaning too.
pub(crate) const PALETTE: [&str; 15] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#882255", "#44AA99", "#999933",
    "#AA4499", "#88CCEE", "#DDCC77", "#117733", "#332288",
];

/// A colour per wijkverband of `plan`, neighbours always different (a colouring of their
/// adjacency graph).
pub(crate) fn colours(region: &Region, plan: &Plan) -> Vec<&'static str> {
    colouring(region, plan, PALETTE.len()).into_iter().map(|c| PALETTE[c % PALETTE.len()]).collect()
}

/// The floor when a plan has none stored.
const DEFAULT_FLOOR: f64 = 10_000.0;

/// The region's model (and its other cached data).
pub(crate) async fn model(state: &AppState, regio: &str) -> Result<Arc<RegionData>, Response> {
    crate::cache::region(state, regio).await
}

/// A stored plan of the region, or 404.
pub(crate) async fn stored(state: &AppState, regio: &str, naam: &str) -> Result<StoredPlan, Response> {
    Ok(with_place(state, regio, naam).await?.0)
}

/// A stored plan of the region and the place of its version in the history, or 404.
async fn with_place(state: &AppState, regio: &str, naam: &str) -> Result<(StoredPlan, Option<VersiePlaats>), Response> {
    let found = state.store.plan_and_place(Some(regio), naam).await;
    let (plan, plaats) = found.map_err(|e| crate::fout::AppError::from(e).into_response())?;
    if plan.regio.as_deref() != Some(regio) {
        return Err(refuse(StatusCode::NOT_FOUND, "Deze indeling hoort niet bij deze regio."));
    }
    Ok((plan, plaats))
}

pub(crate) fn plan_of(model: &RegionModel, stored: &StoredPlan) -> Result<Plan, Response> {
    model
        .plan_of(&stored.staat)
        .map_err(|_| refuse(StatusCode::CONFLICT, "De indeling past niet meer bij de buurten van de regio."))
}

/// A stored plan with its region's data and the plan over the region's buurten.
pub(crate) struct Loaded {
    pub stored: StoredPlan,
    pub model: Arc<RegionData>,
    pub plan: Plan,
    /// Where its version stands in its history.
    pub plaats: Option<VersiePlaats>,
    /// The stamp of the region's settings when loaded.
    pub revisie: i64,
}

pub(crate) async fn load(state: &AppState, regio: &str, naam: &str) -> Result<Loaded, Response> {
    let (stored, plaats) = with_place(state, regio, naam).await?;
    load_with(state, regio, stored, plaats).await
}

/// [`load`] for a plan in hand.
pub(crate) async fn load_with(
    state: &AppState,
    regio: &str,
    stored: StoredPlan,
    plaats: Option<VersiePlaats>,
) -> Result<Loaded, Response> {
    let (model, revisie) = crate::cache::with_revisie(state, regio).await?;
    let plan = plan_of(&model, &stored)?;
    Ok(Loaded { stored, model, plan, plaats, revisie })
}

/// What the workbench shows of a region besides its data, changed only by the region's own
/// settings (kept per stamp by [`RegionData::instellingen`]): its structures, its plans, the
/// variables its proposals make alike and the plan of the region.
pub(crate) struct Instellingen {
    pub structuren: Vec<Structure>,
    pub plannen: Vec<PlanNaam>,
    pub variabelen: Vec<String>,
    pub indeling: Option<String>,
}

impl Instellingen {
    pub(crate) async fn read(state: &AppState, regio: &str, region: &Region) -> Result<Instellingen, Response> {
        Ok(Instellingen {
            structuren: structuren::of_region(state, regio, region).await?,
            plannen: state.store.plans(Some(regio)).await.map_err(crate::fout::intern)?,
            variabelen: variabelen::of_region(state, regio).await,
            indeling: state.store.wijkverband_indeling(regio).await.map_err(crate::fout::intern)?,
        })
    }
}

/// The bounds a plan is judged by.
pub(crate) fn constraints(stored: &StoredPlan, region: &Region) -> Constraints {
    let mut c =
        Constraints { min: stored.ondergrens.unwrap_or(DEFAULT_FLOOR), max: stored.plafond, ..Default::default() };
    // Checked when the plan was made; one that no longer fits the region's buurten is left out.
    for u in stored.uitzonderingen.iter().filter_map(|t| Uitzondering::parse(t)) {
        let _ = u.apply(region, &mut c);
    }
    c
}

/// The plan the region works with and its wijkverbanden, if one is chosen.
pub(crate) async fn van_de_regio(state: &AppState, regio: &str) -> Option<(String, Vec<String>)> {
    let naam = state.store.wijkverband_indeling(regio).await.ok()??;
    let plan = state.store.plan(Some(regio), &naam).await.ok()?;
    Some((naam, plan.staat.names()))
}

/// A form number field: empty is none, anything else must be a number ≥ 0.
pub(crate) fn bound(field: &str, value: Option<&str>) -> Result<Option<f64>, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => match v.replace('.', "").replace(',', ".").parse::<f64>() {
            Ok(x) if x >= 0.0 && x.is_finite() => Ok(Some(x)),
            _ => Err(format!("{field}: '{v}' is geen aantal inwoners; geef een heel getal, zoals 10000.")),
        },
    }
}
