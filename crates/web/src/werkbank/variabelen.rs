//! The variables a proposal makes wijkverbanden alike in (as `indeling voorstel --variabelen`):
//! the region's choice (stored), or a default, shown and changeable in every form that starts
//! the engine; the region's model with those variables as the engine's attributes.

use axum::http::StatusCode;
use axum::response::Response;
use wv_core::indeling::Region;
use wv_core::indicator::{Catalogue, Kind};

use super::refuse;
use crate::AppState;
use crate::cache::RegionData;

/// Until a region chooses: the age, household and income make-up of a wijk.
pub(crate) const STANDAARD: [&str; 3] = ["aandeel_65plus", "aandeel_eenpersoonshuishoudens", "bijstand_per_1000"];

/// At most this many variables (each adds a dimension to every distance).
const MAX: usize = 12;

/// One indicator as a checkbox.
pub(crate) struct Keuze {
    pub code: String,
    pub label: String,
    pub gekozen: bool,
}

/// The checkboxes grouped by domain, the chosen ones ticked, and the chosen labels in a line.
pub(crate) struct Keuzes {
    pub groepen: Vec<(&'static str, Vec<Keuze>)>,
    pub samenvatting: String,
}

impl Keuzes {
    pub(crate) fn of(cat: &Catalogue, chosen: &[String]) -> Keuzes {
        let mut groepen: Vec<(&'static str, Vec<Keuze>)> = Vec::new();
        for ind in cat.indicators.iter().filter(|i| usable(i)) {
            let keuze = Keuze { code: ind.code.clone(), label: ind.label.clone(), gekozen: chosen.contains(&ind.code) };
            match groepen.iter_mut().find(|(d, _)| *d == ind.domain.label()) {
                Some((_, v)) => v.push(keuze),
                None => groepen.push((ind.domain.label(), vec![keuze])),
            }
        }
        let labels: Vec<&str> = chosen.iter().filter_map(|c| cat.get(c)).map(|i| i.label.as_str()).collect();
        let samenvatting =
            if labels.is_empty() { "geen (alleen inwoners en samenhang)".into() } else { labels.join(", ") };
        Keuzes { groepen, samenvatting }
    }
}

/// Rates and averages describe a buurt's make-up; counts grow with its size and classes are coarse.
fn usable(ind: &wv_core::indicator::Indicator) -> bool {
    matches!(ind.kind, Kind::Rate { .. } | Kind::Average { .. })
}

/// The region's stored choice, or the default.
pub(crate) async fn of_region(state: &AppState, regio: &str) -> Vec<String> {
    match state.store.variabelen(regio).await {
        Ok(Some(v)) => v,
        _ => STANDAARD.iter().map(|s| s.to_string()).collect(),
    }
}

/// The form's choice (a form with the checkboxes says so in a `variabelen` field, as none ticked
/// is a choice too), else the region's; a form's choice becomes the region's.
/// `gekozen` is the form's `variabelen` marker (`None` when the form has no checkboxes),
/// `variabele` the ticked ones.
pub(crate) async fn chosen(
    state: &AppState,
    regio: &str,
    gekozen: Option<&str>,
    variabele: &[String],
) -> Result<Vec<String>, String> {
    if gekozen.is_none() {
        return Ok(of_region(state, regio).await);
    }
    let v = from_fields(&state.catalogue, variabele)?;
    state.store.set_variabelen(regio, &v).await.map_err(|_| "De keuze kon niet worden bewaard.".to_string())?;
    Ok(v)
}

/// The `variabele` fields of a form, checked against the catalogue.
fn from_fields(cat: &Catalogue, variabele: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for v in variabele.iter().map(String::as_str) {
        match cat.get(v) {
            Some(ind) if usable(ind) => {
                if !out.iter().any(|o| o == v) {
                    out.push(v.to_string());
                }
            }
            _ => {
                return Err(format!(
                    "'{}' is geen indicator om wijkverbanden op te laten lijken.",
                    v.chars().take(60).collect::<String>()
                ));
            }
        }
    }
    if out.len() > MAX {
        return Err(format!("Kies hoogstens {MAX} variabelen; u koos er {}.", out.len()));
    }
    Ok(out)
}

/// The region's engine model with `variabelen` as attributes, and a note per variable some
/// buurten lack (they take the region's mean).
pub(crate) async fn region(
    state: &AppState,
    data: &RegionData,
    variabelen: &[String],
) -> Result<(Region, Vec<String>), Response> {
    let cat = &data.catalogue;
    let columns: Vec<usize> = variabelen.iter().filter_map(|v| cat.position(v)).collect();
    let figures = &data.scanned(state).await?.figures;
    let raw: Vec<Vec<Option<f64>>> = data
        .region
        .codes
        .iter()
        .map(|c| {
            let own = figures.get(c);
            columns.iter().map(|&k| own.and_then(|a| a[k].waarde)).collect()
        })
        .collect();
    if raw.is_empty() {
        return Err(refuse(StatusCode::NOT_FOUND, "Deze regio heeft geen buurten."));
    }
    let (region, missing) = data.region.with_variables(&raw);
    let labels: Vec<String> = columns.iter().map(|&k| cat.indicators[k].label.clone()).collect();
    Ok((region, Region::imputed_notes(&labels, &missing)))
}
