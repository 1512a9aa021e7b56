//! A region as the wijkindeling engine needs it: geometry, contiguity,
//! population and chosen variables, loaded from the store.

use wv_core::gebied::{Buurt, Code};
use wv_core::indeling::contiguity::{Kind, Options};
use wv_core::indeling::{Plan, PlanState, Region, contiguity};
use wv_core::indicator::kolommen::Kolommen;
use wv_core::indicator::{Catalogue, SeriesKey, aggregate};

use crate::{BuurtFilter, Store, StoreError};

/// "v: n buurten zonder waarde krijgen het gemiddelde van de regio" for each variable with gaps.
pub struct RegionModel {
    pub regio: String,
    pub jaar: i32,
    pub buurten: Vec<Buurt>,
    pub region: Region,
    /// The source (with year) of the inhabitants, from the catalogue.
    pub bron_inwoners: String,
    /// Notes for the user: islands, enclaves, imputed values.
    pub notes: Vec<String>,
    /// Buurten without neighbours (islands), which a plan can only join to others by a link.
    pub eilanden: Vec<String>,
}

pub struct ModelOptions<'a> {
    pub jaar: Option<i32>,
    /// Catalogue codes or kerncijfer columns.
    pub variabelen: &'a [String],
    pub kind: Kind,
    pub tolerantie: f64,
    /// Extra links allowed between buurten (codes), e.g. a bridge.
    pub links: &'a [(Code, Code)],
}

impl Default for ModelOptions<'_> {
    fn default() -> Self {
        ModelOptions { jaar: None, variabelen: &[], kind: Kind::Queen, tolerantie: 1.0, links: &[] }
    }
}

/// Why rows do not form a plan of the region.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanError {
    /// The row (by position) names a buurt that is not in the region.
    Unknown(usize),
    /// Buurten of the region that no row names.
    Missing(Vec<String>),
}

enum Column {
    Indicator(usize),
    Series(SeriesKey),
}

impl Store {
    pub async fn region_model(
        &self,
        cat: &Catalogue,
        regio: &str,
        o: &ModelOptions<'_>,
    ) -> Result<RegionModel, StoreError> {
        let model = |m: String| StoreError::Model(m);
        let gemeenten = self.regio(regio).await?.gemeenten;
        let jaar = self.resolve_jaar(o.jaar, &gemeenten).await?;
        let buurten = self.buurten_met_geometrie(&BuurtFilter { jaar: Some(jaar), gemeenten }).await?;
        if buurten.is_empty() {
            return Err(model(format!("regio '{regio}' heeft geen buurten in de indeling {jaar}")));
        }
        let polys: Vec<_> = buurten.iter().map(|b| b.geometrie.clone()).collect();
        let mut cont = contiguity(&polys, Options { kind: o.kind, tolerance_m: o.tolerantie });
        let codes: Vec<String> = buurten.iter().map(|b| b.code.to_string()).collect();
        for (a, b) in o.links {
            let find = |c: &Code| {
                codes
                    .iter()
                    .position(|x| x == c.as_str())
                    .ok_or_else(|| model(format!("{c} is geen buurt van regio {regio}")))
            };
            cont.graph.connect(find(a)?, find(b)?, 0.0);
        }
        cont.islands.retain(|&i| cont.graph.neighbours(i).is_empty());
        let mut notes = Vec::new();
        let eilanden: Vec<String> = cont.islands.iter().map(|&i| codes[i].clone()).collect();
        if !eilanden.is_empty() {
            notes
                .push(format!("Buurten zonder buren (eilanden; niet stilzwijgend verbonden): {}", eilanden.join(", ")));
        }
        for (e, host) in &cont.enclaves {
            notes.push(format!("{} ligt geheel binnen {} (enclave)", codes[*e], codes[*host]));
        }
        let inw = cat.inwoners();
        let mut series = cat.series_of(inw);
        let mut columns = Vec::new();
        for v in o.variabelen {
            match cat.position(v) {
                Some(i) => {
                    series.extend(cat.series_of(i));
                    columns.push(Column::Indicator(i));
                }
                None => {
                    let var = Kolommen::builtin().variabele_overal(v);
                    let key = SeriesKey::new("kwb", jaar, "", &var);
                    series.push(key.clone());
                    columns.push(Column::Series(key));
                }
            }
        }
        let values = self.buurt_values(cat, &buurten, &series).await?;
        for (v, col) in o.variabelen.iter().zip(&columns) {
            if let Column::Series(key) = col
                && !values.has_series(key)
            {
                return Err(model(format!(
                    "variabele '{v}' is geen indicator (zie `wijkverband indicatoren`) en geen kerncijfer van {jaar}"
                )));
            }
        }
        let mut population = Vec::with_capacity(codes.len());
        let mut raw: Vec<Vec<Option<f64>>> = Vec::with_capacity(codes.len());
        for c in &codes {
            let own = aggregate(cat, &values, &[c]);
            population.push(own[inw].waarde.ok_or_else(|| model(format!("het aantal inwoners van {c} is onbekend")))?);
            raw.push(
                columns
                    .iter()
                    .map(|col| match col {
                        Column::Indicator(i) => own[*i].waarde,
                        Column::Series(key) => values.get(c, key),
                    })
                    .collect(),
            );
        }
        let gemeente = buurten.iter().map(|b| b.gemeente_code.to_string()).collect();
        let n = codes.len();
        let region = Region::new(codes, population, gemeente, &polys, vec![vec![]; n], cont.graph);
        // Unknown values take the region's mean (z = 0), and the user is told.
        let (region, missing) = region.with_variables(&raw);
        notes.extend(Region::imputed_notes(o.variabelen, &missing));
        let bron_inwoners =
            cat.indicators[inw].sources.iter().map(|s| cat.source(s).naam.clone()).collect::<Vec<_>>().join("; ");
        Ok(RegionModel { regio: regio.to_string(), jaar, buurten, region, bron_inwoners, notes, eilanden })
    }
}

impl RegionModel {
    /// A plan from (buurt, wijkverband) rows: every buurt of the region exactly once
    /// (later rows for the same buurt win; readers reject duplicates with a location).
    pub fn plan<'a>(&self, rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Plan, PlanError> {
        self.plan_named(Vec::new(), rows)
    }

    /// The plan of a stored state: its wijkverbanden in their order, also those without buurten.
    pub fn plan_of(&self, staat: &PlanState) -> Result<Plan, PlanError> {
        self.plan_named(staat.names(), staat.toewijzing.iter().map(|(b, w)| (b.as_str(), w.as_str())))
    }

    fn plan_named<'a>(
        &self,
        mut names: Vec<String>,
        rows: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Plan, PlanError> {
        let n = self.region.len();
        let mut assignment = vec![usize::MAX; n];
        for (k, (buurt, wijkverband)) in rows.into_iter().enumerate() {
            let i = self.region.index_of(buurt).ok_or(PlanError::Unknown(k))?;
            let d = match names.iter().position(|x| x == wijkverband) {
                Some(d) => d,
                None => {
                    names.push(wijkverband.to_string());
                    names.len() - 1
                }
            };
            assignment[i] = d;
        }
        let missing: Vec<String> =
            (0..n).filter(|&i| assignment[i] == usize::MAX).map(|i| self.region.codes[i].clone()).collect();
        if !missing.is_empty() {
            return Err(PlanError::Missing(missing));
        }
        Ok(Plan { names, assignment })
    }

    /// (buurt, wijkverband) rows of a plan, for storing.
    pub fn rows(&self, plan: &Plan) -> Vec<(String, String)> {
        (0..self.region.len()).map(|i| (self.region.codes[i].clone(), plan.names[plan.assignment[i]].clone())).collect()
    }
}
