//! The regional overview of the wijkcyclus (RESV task 4): per wijkverband of the adopted
//! indeling its inhabitants, kernteam and the corners of the vierkant it fills, its last
//! wijkfoto, its actions and phase; and the coverage — the inhabitants and buurten living in a
//! wijkverband with a kernteam and a wijkplan. One assembly for the CLI and the web app.

use std::collections::{BTreeSet, HashMap, HashSet};

use wv_core::cyclus::{Dekking, Fase, dekking};
use wv_core::indeling::Region;
use wv_core::netwerk::Hoek;

use crate::cyclus::huidige;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OverzichtRij {
    pub naam: String,
    /// The phase of its current cycle; a wijkverband without one is at the start (wijkfoto).
    pub fase: Fase,
    /// The current cycle's number and id, if one has begun.
    pub cyclus: Option<i64>,
    pub cyclus_id: Option<i64>,
    pub inwoners: f64,
    pub buurten: usize,
    pub kernteam: usize,
    /// The corners of the vierkant the kernteam fills.
    pub vierkant: Vec<Hoek>,
    /// Date and response (share, 0–1) of its latest wijkfoto round.
    pub laatste_wijkfoto: Option<(String, Option<f64>)>,
    pub acties_open: usize,
    pub acties_klaar: usize,
    /// A kernteam and a wijkplan (a goal in one of its cycles).
    pub gedekt: bool,
    pub synthetisch: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Overzicht {
    pub regio: String,
    /// The adopted plan, if any.
    pub indeling: Option<String>,
    pub wijkverbanden: Vec<OverzichtRij>,
    pub dekking: Dekking,
}

impl Store {
    /// The overview of a region whose buurten (codes and inhabitants) are `region`'s.
    pub async fn overzicht(&self, regio: &str, region: &Region) -> Result<Overzicht, StoreError> {
        let inwoners = region.codes.iter().map(String::as_str).zip(region.population.iter().map(|p| Some(*p)));
        let Some(indeling) = self.wijkverband_indeling(regio).await? else {
            let d = dekking(inwoners, &HashMap::new(), &HashSet::new());
            return Ok(Overzicht { regio: regio.into(), indeling: None, wijkverbanden: vec![], dekking: d });
        };
        let plan = self.plan(Some(regio), &indeling).await?;
        let toewijzing: HashMap<String, String> = plan.staat.toewijzing.iter().cloned().collect();
        let cycli = self.cycli(regio).await?;
        let actoren: HashMap<String, wv_core::netwerk::Actor> =
            self.actors(regio).await?.into_iter().map(|(a, _)| (a.id.clone(), a)).collect();
        let rondes = self.rondes(regio).await?;
        // Every cycle of the plan once: a wijkverband has a wijkplan when one of them has a goal.
        let mut inhoud_van: HashMap<i64, crate::CyclusInhoud> = HashMap::new();
        let mut met_plan: HashSet<String> = HashSet::new();
        for c in cycli.iter().filter(|c| c.indeling == indeling) {
            if let Some(i) = self.cyclus_inhoud(c.id).await? {
                if !i.doelen.is_empty() {
                    met_plan.insert(c.wijkverband.clone());
                }
                inhoud_van.insert(c.id, i);
            }
        }
        let mut rijen = Vec::new();
        let huidig: HashMap<&str, &crate::Cyclus> =
            huidige(&cycli, &indeling).into_iter().map(|c| (c.wijkverband.as_str(), c)).collect();
        let mut gedekt: HashSet<String> = HashSet::new();
        for naam in plan.staat.names() {
            let (mut inw, mut buurten) = (0.0, 0);
            for (code, p) in region.codes.iter().zip(&region.population) {
                if toewijzing.get(code) == Some(&naam) {
                    inw += p;
                    buurten += 1;
                }
            }
            let inhoud = huidig.get(naam.as_str()).and_then(|c| inhoud_van.get(&c.id));
            let kernteam: Vec<&wv_core::netwerk::Actor> =
                inhoud.iter().flat_map(|i| &i.kernteam).filter_map(|a| actoren.get(a)).collect();
            let vierkant: BTreeSet<Hoek> = kernteam.iter().filter_map(|a| a.discipline.hoek()).collect();
            let laatste = rondes
                .iter()
                .filter(|r| r.wijkverband == naam)
                .max_by(|a, b| a.datum.cmp(&b.datum).then(a.id.cmp(&b.id)))
                .map(|r| (r.datum.clone(), r.respons.aandeel()));
            let acties = inhoud.iter().flat_map(|i| &i.acties);
            let is_gedekt = !kernteam.is_empty() && met_plan.contains(&naam);
            if is_gedekt {
                gedekt.insert(naam.clone());
            }
            rijen.push(OverzichtRij {
                fase: inhoud.map_or(Fase::Wijkfoto, |i| i.cyclus.fase),
                cyclus: inhoud.map(|i| i.cyclus.nummer),
                cyclus_id: inhoud.map(|i| i.cyclus.id),
                inwoners: inw,
                buurten,
                kernteam: kernteam.len(),
                vierkant: vierkant.into_iter().collect(),
                laatste_wijkfoto: laatste,
                acties_open: acties.clone().filter(|a| a.status.open()).count(),
                acties_klaar: acties.filter(|a| a.status == wv_core::cyclus::ActieStatus::Klaar).count(),
                gedekt: is_gedekt,
                synthetisch: inhoud.is_some_and(|i| i.cyclus.synthetisch),
                naam,
            });
        }
        let d = dekking(inwoners, &toewijzing, &gedekt);
        Ok(Overzicht { regio: regio.into(), indeling: Some(indeling), wijkverbanden: rijen, dekking: d })
    }
}
