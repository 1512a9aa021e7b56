//! Plans side by side: their figures in one table, and the buurten that lie
//! in another wijkverband than in the first plan, on a map and in a table.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use wv_core::format;
use wv_core::indeling::{Plan, matching};

use super::{constraints, model, plan_of, stored};
use crate::AppState;
use crate::adres::plan_url;
use crate::auth::Lezer;
use crate::fields::Vraag;
use crate::pages::{Chrome, render};

#[derive(Template)]
#[template(path = "vergelijk.html")]
struct Vergelijk {
    chrome: Chrome,
    regio: String,
    alle: Vec<(String, bool)>,
    /// (name, link) of the compared plans.
    plannen: Vec<(String, String)>,
    grenzen: String,
    cijfers: Vec<(String, Vec<String>)>,
    kaart: String,
    /// Differing buurten: name, code, wijkverband in each plan.
    anders: Vec<(String, String, Vec<String>)>,
    /// Per wijkverband of the first plan, the wijkverband of each other plan it is matched with.
    koppeling: Vec<Vec<String>>,
}

/// The plans to compare (`?plan=…&plan=…`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Plannen {
    plan: Vec<String>,
}

pub async fn compare(
    State(state): State<AppState>,
    Lezer { sessie, regio, .. }: Lezer,
    Vraag(Plannen { plan }): Vraag<Plannen>,
) -> Response {
    let mut names: Vec<String> = Vec::new();
    for v in plan {
        if !names.contains(&v) {
            names.push(v);
        }
    }
    let all = match state.store.plans(Some(&regio)).await {
        Ok(v) => v,
        Err(e) => return crate::fout::intern(e),
    };
    let alle = all
        .into_iter()
        .map(|p| {
            let chosen = names.contains(&p.naam);
            (p.naam, chosen)
        })
        .collect();
    let mut page = Vergelijk {
        chrome: Chrome::of(&sessie),
        regio: regio.clone(),
        alle,
        plannen: vec![],
        grenzen: String::new(),
        cijfers: vec![],
        kaart: String::new(),
        anders: vec![],
        koppeling: vec![],
    };
    if names.len() < 2 {
        return render(page);
    }
    let model = match model(&state, &regio).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut plans: Vec<Plan> = Vec::new();
    let mut first = None;
    for n in &names {
        let s = match stored(&state, &regio, n).await {
            Ok(s) => s,
            Err(r) => return r,
        };
        match plan_of(&model, &s) {
            Ok(p) => plans.push(p),
            Err(r) => return r,
        }
        first.get_or_insert(s);
    }
    let c = constraints(first.as_ref().expect("two plans or more"), &model.region);
    page.grenzen = format!(
        "minimaal {}{} inwoners (de grenzen van {})",
        format::count(Some(c.min)),
        c.max.map(|m| format!(", maximaal {}", format::count(Some(m)))).unwrap_or_default(),
        names[0]
    );
    let metrics: Vec<_> = plans.iter().map(|p| p.metrics(&model.region, &c, &[], Some(&plans[0]))).collect();
    let summaries: Vec<_> = metrics.iter().map(|m| m.summary()).collect();
    page.cijfers = summaries[0]
        .iter()
        .enumerate()
        .map(|(k, (label, _, _))| (label.to_string(), summaries.iter().map(|s| s[k].2.clone()).collect()))
        .collect();
    page.cijfers.push((
        format!("buurten anders ingedeeld dan in {}", names[0]),
        metrics.iter().map(|m| m.verplaatst.unwrap_or(0).to_string()).collect(),
    ));
    let matches: Vec<Vec<Option<usize>>> = plans.iter().map(|p| matching(&model.region, &plans[0], p)).collect();
    let differs: Vec<bool> = (0..model.region.len())
        .map(|i| plans.iter().zip(&matches).any(|(p, m)| m[plans[0].assignment[i]] != Some(p.assignment[i])))
        .collect();
    let classes: Vec<Option<usize>> = differs.iter().map(|&d| Some(usize::from(d))).collect();
    page.kaart = model.shape().draw(
        &format!("Buurten die anders liggen dan in {} (oranje) en gelijk (grijs)", names[0]),
        &classes,
        &["#d9d9d9", "#D55E00"],
    );
    // The other plans' wijkverbanden, named with their counterpart in the first where that is
    // another than the buurt's: equal names across plans are no promise of the same area.
    let counterpart = |k: usize, d: usize| matches[k].iter().position(|m| *m == Some(d));
    page.anders = (0..model.region.len())
        .filter(|&i| differs[i])
        .map(|i| {
            let b = &model.buurten[i];
            let a0 = plans[0].assignment[i];
            let cells = plans
                .iter()
                .enumerate()
                .map(|(k, p)| {
                    let d = p.assignment[i];
                    match (k, counterpart(k, d)) {
                        (0, _) => p.names[d].clone(),
                        (_, Some(x)) if x == a0 => p.names[d].clone(),
                        (_, Some(x)) => {
                            format!("{} (≙ {} van {}): verplaatst", p.names[d], plans[0].names[x], names[0])
                        }
                        (_, None) => format!("{} (nieuw, geen tegenhanger in {}): verplaatst", p.names[d], names[0]),
                    }
                })
                .collect();
            (b.naam.clone(), b.code.to_string(), cells)
        })
        .collect();
    page.koppeling = (0..plans[0].names.len())
        .map(|x| {
            plans
                .iter()
                .enumerate()
                .map(|(k, p)| match matches[k][x] {
                    Some(d) => p.names[d].clone(),
                    None => "– (geen tegenhanger)".to_string(),
                })
                .collect()
        })
        .collect();
    page.plannen = names.iter().map(|n| (n.clone(), plan_url(&regio, n))).collect();
    render(page)
}
