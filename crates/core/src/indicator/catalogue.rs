//! The indicator catalogue: a data file (TOML) that defines, for each indicator,
//! its source, unit, kind, direction, domain and so its aggregation rule.
//! New indicators from newer CBS files are added to the file, not to the code.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::SeriesKey;
use crate::gebied::koppeling::Aard;

/// Where a figure comes from: a dataset (and population group) of whichever year is imported.
/// The catalogue reads a source's variables in one year at a time: the newest imported
/// ([`Catalogue::met_jaren`]), or another for a trend ([`Catalogue::in_jaar`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[serde(skip_deserializing)]
    pub id: String,
    /// Dataset name as the importer stores it: `kwb` or `gezondheid`.
    pub dataset: String,
    /// The reference year the figures are read in; in the file, the year assumed until one is imported.
    pub jaar: i32,
    /// Population group within the dataset (`18+`, `65+`); empty if none.
    #[serde(default)]
    pub groep: String,
    /// Dutch title shown with every figure, with the year in it (`{jaar}` in the file).
    pub naam: String,
    /// The title as written in the file.
    #[serde(skip)]
    sjabloon: String,
    /// Credit line, e.g. "CBS, Kadaster".
    pub uitgever: String,
    pub licentie: String,
    #[serde(default)]
    pub toelichting: String,
}

impl Source {
    /// The years imported of this source's dataset and group, ascending, of the series groups
    /// `groepen` (dataset, group, year).
    pub fn jaren(&self, groepen: &[(String, String, i32)]) -> Vec<i32> {
        let mut jaren: Vec<i32> =
            groepen.iter().filter(|(d, g, _)| *d == self.dataset && *g == self.groep).map(|(_, _, j)| *j).collect();
        jaren.sort_unstable();
        jaren.dedup();
        jaren
    }

    fn bind(&mut self, jaar: i32) {
        self.jaar = jaar;
        self.naam = self.sjabloon.replace("{jaar}", &jaar.to_string());
    }
}

fn series_keys(sources: &BTreeMap<String, Source>, names: &[(String, String)]) -> Vec<SeriesKey> {
    names
        .iter()
        .map(|(src, var)| {
            let s = &sources[src];
            SeriesKey::new(&s.dataset, s.jaar, &s.groep, var)
        })
        .collect()
}

/// A reference to one variable of a source, written `source.VARIABLE` in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct VarRef {
    pub source: String,
    pub variable: String,
    /// Position in [`Catalogue::variables`]: resolved once, looked up by index.
    pub id: usize,
}

/// A per-buurt quantity: a source variable, or the per-buurt amount of a count
/// indicator (written `@code`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Quantity {
    Var(VarRef),
    /// The sum of several source variables (e.g. the age groups 15 to 65 and older), all known.
    Sum(Vec<VarRef>),
    Count(usize),
}

/// The per-buurt amount that a count or rate adds up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Amount {
    /// The quantity itself.
    Value(Quantity),
    /// A share in percent (the sum of one or more percentage variables) of a quantity.
    Share { shares: Vec<VarRef>, of: Quantity },
    /// The published amount where the source has it, else the share of `of`: newer layouts
    /// publish counts (`a_65_oo`) where older ones publish percentages (`P_65_EO_JR`).
    Either { value: Quantity, shares: Vec<VarRef>, of: Quantity },
}

/// What a count's coverage is measured against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CoverageWeight {
    /// Every buurt weighs one.
    Buurten,
    Weighted(Quantity),
}

/// How an indicator aggregates (DESIGN.md §4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Kind {
    /// Sum of the buurten's amounts.
    Count { amount: Amount, coverage: CoverageWeight },
    /// Σ numerator / Σ denominator × per. A `Share` numerator is the share of the denominator.
    Rate { numerator: Amount, denominator: Quantity, per: f64 },
    /// Average per unit of its base: Σ value × base / Σ base.
    Average { value: VarRef, base: Quantity },
    /// A class derived from the aggregated value of another indicator: class k
    /// (1-based) is the first whose threshold the value reaches; thresholds descend.
    Class { from: usize, thresholds: Vec<f64>, classes: Vec<String> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Higher means more need (e.g. loneliness).
    Need,
    /// Higher means more strength (e.g. experienced health).
    Strength,
    Neutral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    Demografie,
    Huishoudens,
    SociaalEconomisch,
    Gezondheid,
    Nabijheid,
    ZorgEnOndersteuning,
}

impl Domain {
    pub fn label(self) -> &'static str {
        match self {
            Domain::Demografie => "Demografie",
            Domain::Huishoudens => "Huishoudens",
            Domain::SociaalEconomisch => "Sociaal-economisch",
            Domain::Gezondheid => "Gezondheid",
            Domain::Nabijheid => "Nabijheid",
            Domain::ZorgEnOndersteuning => "Zorg en ondersteuning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub code: String,
    pub label: String,
    pub description: String,
    pub domain: Domain,
    pub unit: String,
    pub direction: Direction,
    pub kind: Kind,
    /// The sources this indicator draws on, the main one first.
    pub sources: Vec<String>,
}

impl Indicator {
    /// The rule in plain words, as shown beside a figure.
    pub fn rule(&self) -> &'static str {
        match self.kind {
            Kind::Count { .. } => "som van de buurten",
            Kind::Rate { .. } => "som van de tellers gedeeld door som van de noemers",
            Kind::Average { .. } => "gewogen gemiddelde naar de basis",
            Kind::Class { .. } => "klasse van de samengevoegde waarde",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalogue {
    /// Aggregates whose coverage falls below this share are shown as unknown.
    pub min_coverage: f64,
    pub sources: BTreeMap<String, Source>,
    pub indicators: Vec<Indicator>,
    /// Every distinct variable the catalogue reads, indexed by [`VarRef::id`].
    #[serde(skip)]
    variables: Vec<SeriesKey>,
    /// The (source, variable) of each entry of `variables`.
    #[serde(skip)]
    names: Vec<(String, String)>,
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// The variables that are counts (amounts, bases, denominators), by [`VarRef::id`]; the
    /// others are percentages or averages.
    #[serde(skip)]
    counts: Vec<bool>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("catalogue is not valid TOML: {0}")]
    Toml(String),
    #[error("catalogue, indicator '{indicator}', field '{field}': {message}")]
    Field { indicator: String, field: &'static str, message: String },
    #[error("catalogue: {0}")]
    Other(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    min_dekking: f64,
    bronnen: BTreeMap<String, Source>,
    indicator: Vec<RawIndicator>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawKind {
    Count,
    Rate,
    Average,
    Class,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    code: String,
    label: String,
    #[serde(default)]
    description: String,
    domain: Domain,
    unit: String,
    kind: RawKind,
    direction: Direction,
    value: Option<OneOrMany>,
    share: Option<OneOrMany>,
    of: Option<String>,
    numerator: Option<OneOrMany>,
    denominator: Option<String>,
    per: Option<f64>,
    base: Option<String>,
    coverage: Option<String>,
    from: Option<String>,
    thresholds: Option<Vec<f64>>,
    classes: Option<Vec<String>>,
}

/// The catalogue shipped with wijkverband (catalogus/indicatoren.toml).
const INWONERS: &str = "inwoners";
const KAART: &str = "aandeel_65plus";

/// The indicators the program relies on, and what for: a catalogue without them is refused
/// when it loads, so nothing fails later.
const REQUIRED: [(&str, &str); 2] = [
    (INWONERS, "the number of inhabitants of every area: floors, weights and every report"),
    (KAART, "the map of every startfoto"),
];

pub const DEFAULT_CATALOGUE: &str = include_str!("../../../../catalogus/indicatoren.toml");

impl Catalogue {
    pub fn builtin() -> Catalogue {
        Catalogue::for_program(DEFAULT_CATALOGUE).expect("the built-in catalogue is valid (tested)")
    }

    pub fn from_toml(text: &str) -> Result<Catalogue, CatalogueError> {
        let raw: RawCatalogue = toml::from_str(text).map_err(|e| CatalogueError::Toml(e.to_string()))?;
        if !(0.0..=1.0).contains(&raw.min_dekking) {
            return Err(CatalogueError::Other(format!(
                "min_dekking must lie between 0 and 1, not {}",
                raw.min_dekking
            )));
        }
        let mut sources = raw.bronnen;
        for (id, s) in sources.iter_mut() {
            s.id = id.clone();
            s.sjabloon = s.naam.clone();
            s.naam = s.sjabloon.replace("{jaar}", &s.jaar.to_string());
        }
        let mut index = HashMap::new();
        for (i, r) in raw.indicator.iter().enumerate() {
            if index.insert(r.code.clone(), i).is_some() {
                return Err(CatalogueError::Other(format!("indicator code '{}' occurs twice", r.code)));
            }
        }
        let mut indicators = Vec::with_capacity(raw.indicator.len());
        let vars = RefCell::new(Vec::new());
        for r in &raw.indicator {
            let p = Parser { code: &r.code, sources: &sources, index: &index, raw: &raw.indicator, vars: &vars };
            indicators.push(p.indicator(r)?);
        }
        let names: Vec<(String, String)> = vars.into_inner();
        let variables = series_keys(&sources, &names);
        // Sources of referenced indicators (a @count base, a class's value) count too.
        for i in 0..indicators.len() {
            for j in indicators[i].referenced() {
                for s in indicators[j].sources.clone() {
                    if !indicators[i].sources.contains(&s) {
                        indicators[i].sources.push(s);
                    }
                }
            }
        }
        let mut counts = vec![false; variables.len()];
        for ind in &indicators {
            for q in ind.quantities() {
                match q {
                    Quantity::Var(v) => counts[v.id] = true,
                    Quantity::Sum(vs) => vs.iter().for_each(|v| counts[v.id] = true),
                    Quantity::Count(_) => {}
                }
            }
        }
        Ok(Catalogue { min_coverage: raw.min_dekking, sources, indicators, variables, names, index, counts })
    }

    /// The catalogue with every source read in the newest year imported of its dataset and group
    /// (`imported`: dataset, group, year); a source with none keeps its year.
    pub fn met_jaren(&self, imported: &[(String, String, i32)]) -> Catalogue {
        let mut c = self.clone();
        for s in c.sources.values_mut() {
            if let Some(&j) = s.jaren(imported).last() {
                s.bind(j);
            }
        }
        c.variables = series_keys(&c.sources, &c.names);
        c
    }

    /// The catalogue with source `id` read in `jaar` (the others as they are): a trend's year.
    pub fn in_jaar(&self, id: &str, jaar: i32) -> Catalogue {
        let mut c = self.clone();
        if let Some(s) = c.sources.get_mut(id) {
            s.bind(jaar);
        }
        c.variables = series_keys(&c.sources, &c.names);
        c
    }

    /// The catalogue the program runs on: it must hold the indicators the program relies on
    /// (a catalogue for aggregation alone need not).
    pub fn for_program(text: &str) -> Result<Catalogue, CatalogueError> {
        let catalogue = Catalogue::from_toml(text)?;
        for (code, why) in REQUIRED {
            match catalogue.get(code) {
                None => {
                    return Err(CatalogueError::Other(format!(
                        "the program needs the indicator '{code}' ({why}): add it to the catalogue"
                    )));
                }
                Some(i) if code == INWONERS && !matches!(i.kind, Kind::Count { .. }) => {
                    return Err(CatalogueError::Field {
                        indicator: code.into(),
                        field: "kind",
                        message: "must be \"count\": it is the number of inhabitants".into(),
                    });
                }
                Some(_) => {}
            }
        }
        Ok(catalogue)
    }

    /// The number of inhabitants (checked to exist, as a count, when the catalogue loads).
    pub fn inwoners(&self) -> usize {
        self.index[INWONERS]
    }

    /// The share of 65-plussers, the startfoto's map (checked when the catalogue loads).
    pub fn kaart(&self) -> usize {
        self.index[KAART]
    }

    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.index.get(code).map(|&i| &self.indicators[i])
    }

    pub fn position(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    pub fn source(&self, id: &str) -> &Source {
        &self.sources[id]
    }

    /// The series a variable reference denotes.
    pub fn series(&self, v: &VarRef) -> &SeriesKey {
        &self.variables[v.id]
    }

    /// Every distinct variable the catalogue reads, indexed by [`VarRef::id`].
    pub fn variables(&self) -> &[SeriesKey] {
        &self.variables
    }

    /// The series one indicator needs, including those of indicators it refers to.
    pub fn series_of(&self, i: usize) -> Vec<SeriesKey> {
        let ind = &self.indicators[i];
        let mut out: Vec<SeriesKey> = ind.var_refs().into_iter().map(|v| self.series(v).clone()).collect();
        for j in ind.referenced() {
            for k in self.series_of(j) {
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        out
    }

    /// How a series is carried over to another division: a count by areal share, a percentage
    /// or average as a weighted mean, in whichever year. A series the catalogue does not read
    /// counts as a mean.
    pub fn aard(&self, key: &SeriesKey) -> Aard {
        let same = |k: &SeriesKey| (&k.dataset, &k.groep, &k.variabele) == (&key.dataset, &key.groep, &key.variabele);
        match self.variables.iter().position(same) {
            Some(i) if self.counts[i] => Aard::Telling,
            _ => Aard::Gemiddelde,
        }
    }

    /// The variable of the inhabitants in a series group (dataset, year, group), if the
    /// catalogue's inhabitants are a source variable: the weights of means carried over.
    pub fn inwoners_in(&self, dataset: &str, jaar: i32, groep: &str) -> Option<SeriesKey> {
        let (Kind::Count { amount: Amount::Value(Quantity::Var(v)), .. }
        | Kind::Count { amount: Amount::Either { value: Quantity::Var(v), .. }, .. }) =
            &self.indicators[self.inwoners()].kind
        else {
            return None;
        };
        let k = self.series(v);
        (k.dataset == dataset).then(|| SeriesKey::new(dataset, jaar, groep, &k.variabele))
    }

    /// Whether indicator `i` can be computed from the series for which `has` holds, in this
    /// catalogue's years: every quantity it needs, with either alternative of a published count
    /// or a share of its base.
    pub fn beschikbaar(&self, i: usize, has: &dyn Fn(&SeriesKey) -> bool) -> bool {
        let var = |v: &VarRef| has(self.series(v));
        let q = |x: &Quantity| match x {
            Quantity::Var(v) => var(v),
            Quantity::Sum(vs) => vs.iter().all(var),
            Quantity::Count(j) => self.beschikbaar(*j, has),
        };
        let a = |x: &Amount| match x {
            Amount::Value(v) => q(v),
            Amount::Share { shares, of } => shares.iter().all(var) && q(of),
            Amount::Either { value, shares, of } => q(value) || (shares.iter().all(var) && q(of)),
        };
        match &self.indicators[i].kind {
            Kind::Count { amount, .. } => a(amount),
            Kind::Rate { numerator, denominator, .. } => a(numerator) && q(denominator),
            Kind::Average { value, base } => var(value) && q(base),
            Kind::Class { from, .. } => self.beschikbaar(*from, has),
        }
    }

    /// The years of its main source for which indicator `i` can be computed, of the imported
    /// series groups `groepen` (dataset, group, year).
    pub fn jaren(&self, i: usize, groepen: &[(String, String, i32)], has: &dyn Fn(&SeriesKey) -> bool) -> Vec<i32> {
        let Some(id) = self.indicators[i].sources.first() else { return vec![] };
        let mut jaren = self.source(id).jaren(groepen);
        jaren.retain(|&j| self.in_jaar(id, j).beschikbaar(i, has));
        jaren
    }

    /// Whether any indicator reads `variabele` of `dataset` and `groep` (in whichever year).
    pub fn leest(&self, dataset: &str, groep: &str, variabele: &str) -> bool {
        self.names.iter().any(|(src, var)| {
            let s = &self.sources[src];
            var == variabele && s.dataset == dataset && s.groep == groep
        })
    }

    /// Every series the catalogue reads in every imported year of its sources (`groepen`:
    /// dataset, group, year), for trends: each source rebound to each of its years.
    pub fn series_in_jaren(&self, groepen: &[(String, String, i32)]) -> Vec<SeriesKey> {
        let mut out: Vec<SeriesKey> = self.variables.clone();
        for (id, s) in &self.sources {
            for j in s.jaren(groepen) {
                out.extend(self.in_jaar(id, j).variables);
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Every series the catalogue reads, for loading just what is needed.
    pub fn all_series(&self) -> Vec<SeriesKey> {
        self.variables.clone()
    }
}

impl Indicator {
    /// The indicators this one reads: `@count` quantities and a class's source.
    pub fn referenced(&self) -> Vec<usize> {
        let q = |q: &Quantity| match q {
            Quantity::Count(i) => Some(*i),
            Quantity::Var(_) | Quantity::Sum(_) => None,
        };
        let a = |a: &Amount| -> Vec<usize> {
            match a {
                Amount::Value(x) => q(x).into_iter().collect(),
                Amount::Share { of, .. } => q(of).into_iter().collect(),
                Amount::Either { value, of, .. } => q(value).into_iter().chain(q(of)).collect(),
            }
        };
        match &self.kind {
            Kind::Count { amount, coverage } => {
                let mut v: Vec<usize> = a(amount);
                if let CoverageWeight::Weighted(x) = coverage {
                    v.extend(q(x));
                }
                v
            }
            Kind::Rate { numerator, denominator, .. } => a(numerator).into_iter().chain(q(denominator)).collect(),
            Kind::Average { base, .. } => q(base).into_iter().collect(),
            Kind::Class { from, .. } => vec![*from],
        }
    }

    /// The quantities this indicator adds up or divides by (not its shares or averaged values).
    fn quantities(&self) -> Vec<&Quantity> {
        fn a(a: &Amount) -> Vec<&Quantity> {
            match a {
                Amount::Value(x) => vec![x],
                Amount::Share { of, .. } => vec![of],
                Amount::Either { value, of, .. } => vec![value, of],
            }
        }
        match &self.kind {
            Kind::Count { amount, coverage } => {
                let mut v: Vec<&Quantity> = a(amount);
                if let CoverageWeight::Weighted(x) = coverage {
                    v.push(x);
                }
                v
            }
            Kind::Rate { numerator, denominator, .. } => {
                let mut v: Vec<&Quantity> = match numerator {
                    Amount::Share { .. } => vec![],
                    Amount::Value(x) | Amount::Either { value: x, .. } => vec![x],
                };
                v.push(denominator);
                v
            }
            Kind::Average { base, .. } => vec![base],
            Kind::Class { .. } => vec![],
        }
    }

    /// The variables this indicator reads directly.
    pub fn var_refs(&self) -> Vec<&VarRef> {
        fn q<'a>(q: &'a Quantity, out: &mut Vec<&'a VarRef>) {
            match q {
                Quantity::Var(v) => out.push(v),
                Quantity::Sum(vs) => out.extend(vs),
                Quantity::Count(_) => {}
            }
        }
        fn a<'a>(a: &'a Amount, out: &mut Vec<&'a VarRef>) {
            match a {
                Amount::Value(x) => q(x, out),
                Amount::Share { shares, of } => {
                    out.extend(shares);
                    q(of, out);
                }
                Amount::Either { value, shares, of } => {
                    q(value, out);
                    out.extend(shares);
                    q(of, out);
                }
            }
        }
        let mut out = Vec::new();
        match &self.kind {
            Kind::Count { amount, coverage } => {
                a(amount, &mut out);
                if let CoverageWeight::Weighted(x) = coverage {
                    q(x, &mut out);
                }
            }
            Kind::Rate { numerator, denominator, .. } => {
                a(numerator, &mut out);
                q(denominator, &mut out);
            }
            Kind::Average { value, base } => {
                out.push(value);
                q(base, &mut out);
            }
            Kind::Class { .. } => {}
        }
        out
    }
}

struct Parser<'a> {
    code: &'a str,
    sources: &'a BTreeMap<String, Source>,
    index: &'a HashMap<String, usize>,
    raw: &'a [RawIndicator],
    /// Distinct (source, variable) pairs seen so far; a VarRef's id is its position.
    vars: &'a RefCell<Vec<(String, String)>>,
}

impl Parser<'_> {
    fn err(&self, field: &'static str, message: impl Into<String>) -> CatalogueError {
        CatalogueError::Field { indicator: self.code.to_string(), field, message: message.into() }
    }

    fn need<'b>(&self, v: &'b Option<String>, field: &'static str) -> Result<&'b str, CatalogueError> {
        v.as_deref().ok_or_else(|| self.err(field, "is required for this kind"))
    }

    fn var(&self, s: &str, field: &'static str) -> Result<VarRef, CatalogueError> {
        let (source, variable) = s
            .split_once('.')
            .ok_or_else(|| self.err(field, format!("'{s}' should read SOURCE.VARIABLE, e.g. kwb.a_inw")))?;
        if !self.sources.contains_key(source) {
            return Err(self.err(field, format!("source '{source}' is not defined under [bronnen]")));
        }
        if variable.is_empty() {
            return Err(self.err(field, format!("'{s}' names no variable")));
        }
        let mut vars = self.vars.borrow_mut();
        let key = (source.to_string(), variable.to_string());
        let id = match vars.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                vars.push(key);
                vars.len() - 1
            }
        };
        Ok(VarRef { source: source.into(), variable: variable.into(), id })
    }

    fn quantity(&self, s: &str, field: &'static str) -> Result<Quantity, CatalogueError> {
        match s.strip_prefix('@') {
            Some(code) => {
                let &i = self.index.get(code).ok_or_else(|| self.err(field, format!("no indicator '{code}'")))?;
                let t = &self.raw[i];
                let plain = |v: Option<&str>| !v.is_some_and(|v| v.starts_with('@'));
                let value = match &t.value {
                    Some(OneOrMany::One(v)) => Some(v.as_str()),
                    _ => None,
                };
                if !matches!(t.kind, RawKind::Count) || !plain(value) || !plain(t.of.as_deref()) {
                    return Err(self.err(field, format!("'@{code}' must be a count of source variables")));
                }
                Ok(Quantity::Count(i))
            }
            None => Ok(Quantity::Var(self.var(s, field)?)),
        }
    }

    /// One quantity (`SOURCE.VAR` or `@count`), or the sum of several source variables.
    fn quantities(&self, v: &OneOrMany, field: &'static str) -> Result<Quantity, CatalogueError> {
        match v {
            OneOrMany::One(s) => self.quantity(s, field),
            OneOrMany::Many(list) if list.is_empty() => Err(self.err(field, "lists no variable")),
            OneOrMany::Many(list) => {
                Ok(Quantity::Sum(list.iter().map(|s| self.var(s, field)).collect::<Result<_, _>>()?))
            }
        }
    }

    /// The amount a count or a rate's numerator adds up: the value, a share of a base, or —
    /// both given — the value where published and the share elsewhere.
    fn amount(
        &self,
        r: &RawIndicator,
        value_field: &'static str,
        value: &Option<OneOrMany>,
    ) -> Result<Amount, CatalogueError> {
        let share = |share: &OneOrMany| -> Result<(Vec<VarRef>, Quantity), CatalogueError> {
            let shares = match share {
                OneOrMany::One(s) => vec![self.var(s, "share")?],
                OneOrMany::Many(v) => v.iter().map(|s| self.var(s, "share")).collect::<Result<_, _>>()?,
            };
            if shares.is_empty() {
                return Err(self.err("share", "lists no variable"));
            }
            let of = match r.kind {
                RawKind::Rate => self.quantity(self.need(&r.denominator, "denominator")?, "denominator")?,
                _ => self.quantity(self.need(&r.of, "of")?, "of")?,
            };
            Ok((shares, of))
        };
        match (&r.share, value) {
            (Some(s), None) => share(s).map(|(shares, of)| Amount::Share { shares, of }),
            (None, Some(v)) => Ok(Amount::Value(self.quantities(v, value_field)?)),
            (Some(s), Some(v)) => {
                let value = self.quantities(v, value_field)?;
                share(s).map(|(shares, of)| Amount::Either { value, shares, of })
            }
            (None, None) => Err(self.err(value_field, "is required (or give 'share')")),
        }
    }

    fn indicator(&self, r: &RawIndicator) -> Result<Indicator, CatalogueError> {
        let kind = match r.kind {
            RawKind::Count => {
                if let Some(OneOrMany::One(v)) = &r.value
                    && v.starts_with('@')
                {
                    return Err(self.err("value", "a count adds source variables, not other indicators"));
                }
                let coverage = match r.coverage.as_deref() {
                    None | Some("buurten") => CoverageWeight::Buurten,
                    Some(q) => CoverageWeight::Weighted(self.quantity(q, "coverage")?),
                };
                Kind::Count { amount: self.amount(r, "value", &r.value)?, coverage }
            }
            RawKind::Rate => {
                let numerator = self.amount(r, "numerator", &r.numerator)?;
                let denominator = self.quantity(self.need(&r.denominator, "denominator")?, "denominator")?;
                let per = match (r.per, &numerator) {
                    (Some(p), _) => p,
                    (None, Amount::Share { .. } | Amount::Either { .. }) => 100.0,
                    (None, Amount::Value(_)) => {
                        return Err(self.err("per", "is required: per 100, per 1000, ..."));
                    }
                };
                if per <= 0.0 {
                    return Err(self.err("per", "must be positive"));
                }
                Kind::Rate { numerator, denominator, per }
            }
            RawKind::Average => Kind::Average {
                value: match &r.value {
                    Some(OneOrMany::One(v)) => self.var(v, "value")?,
                    Some(OneOrMany::Many(_)) => return Err(self.err("value", "an average reads one variable")),
                    None => return Err(self.err("value", "is required for this kind")),
                },
                base: self.quantity(self.need(&r.base, "base")?, "base")?,
            },
            RawKind::Class => {
                let from = self.need(&r.from, "from")?;
                let code = from.strip_prefix('@').ok_or_else(|| self.err("from", "must name an indicator as @code"))?;
                let &i = self.index.get(code).ok_or_else(|| self.err("from", format!("no indicator '{code}'")))?;
                if matches!(self.raw[i].kind, RawKind::Class) {
                    return Err(self.err("from", "cannot derive a class from a class"));
                }
                let thresholds = r.thresholds.clone().ok_or_else(|| self.err("thresholds", "is required"))?;
                if thresholds.windows(2).any(|w| w[0] <= w[1]) {
                    return Err(self.err("thresholds", "must descend strictly"));
                }
                let classes = r.classes.clone().ok_or_else(|| self.err("classes", "is required"))?;
                if classes.len() != thresholds.len() + 1 {
                    return Err(self.err("classes", "needs one label more than there are thresholds"));
                }
                Kind::Class { from: i, thresholds, classes }
            }
        };
        let mut ind = Indicator {
            code: r.code.clone(),
            label: r.label.clone(),
            description: r.description.clone(),
            domain: r.domain,
            unit: r.unit.clone(),
            direction: r.direction,
            kind,
            sources: Vec::new(),
        };
        let mut sources: Vec<String> = Vec::new();
        for v in ind.var_refs() {
            if !sources.contains(&v.source) {
                sources.push(v.source.clone());
            }
        }
        ind.sources = sources;
        Ok(ind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"
min_dekking = 0.8
[bronnen.k]
dataset = "kwb"
jaar = 2015
naam = "Kerncijfers"
uitgever = "CBS"
licentie = "CC BY 4.0"
"#;

    fn cat(body: &str) -> Result<Catalogue, CatalogueError> {
        Catalogue::from_toml(&format!("{HEAD}\n{body}"))
    }

    #[test]
    fn the_builtin_catalogue_is_valid_and_rich() {
        let c = Catalogue::from_toml(DEFAULT_CATALOGUE).unwrap();
        assert!(c.indicators.len() >= 30, "{} indicators", c.indicators.len());
        for code in ["inwoners", "aandeel_65plus", "aandeel_eenpersoonshuishoudens", "stedelijkheid", "eenzaam_18plus"]
        {
            assert!(c.get(code).is_some(), "missing {code}");
        }
    }

    #[test]
    fn errors_name_the_indicator_and_field() {
        let e = cat(r#"[[indicator]]
code = "x"
label = "X"
domain = "demografie"
unit = "%"
kind = "rate"
direction = "need"
share = "k.P"
denominator = "nope.AANT_INW"
"#)
        .unwrap_err()
        .to_string();
        assert!(e.contains("indicator 'x'") && e.contains("'denominator'") && e.contains("nope"), "{e}");
    }

    #[test]
    fn a_rate_of_counts_needs_per() {
        let e = cat(r#"[[indicator]]
code = "x"
label = "X"
domain = "demografie"
unit = "per 1000"
kind = "rate"
direction = "need"
numerator = "k.A"
denominator = "k.B"
"#)
        .unwrap_err()
        .to_string();
        assert!(e.contains("'per'"), "{e}");
    }

    #[test]
    fn class_thresholds_must_descend() {
        let e = cat(r#"[[indicator]]
code = "a"
label = "A"
domain = "demografie"
unit = "x"
kind = "average"
direction = "neutral"
value = "k.OAD"
base = "k.HH"
[[indicator]]
code = "c"
label = "C"
domain = "demografie"
unit = "klasse"
kind = "class"
direction = "neutral"
from = "@a"
thresholds = [1, 2]
classes = ["x", "y", "z"]
"#)
        .unwrap_err()
        .to_string();
        assert!(e.contains("descend"), "{e}");
    }
}
