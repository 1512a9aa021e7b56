//! Veerkracht: residents' resilience as three components — personal, social and
//! environmental resources — after the PON/Telos Monitor Sociale Veerkracht.
//!
//! Method: each indicator's value is turned into a z-score against the
//! reference's buurten (weighted by population), with its sign turned so that
//! higher always means more veerkracht; a component is the weighted mean of its
//! indicators' z-scores, and the score the weighted mean of the components.
//! A missing indicator makes its component unknown, and a missing component
//! makes the score unknown: missing never counts as low.

use serde::{Deserialize, Serialize};

use super::{Row, favourable_sign};
use crate::indicator::{Catalogue, Kind};

/// The model: components with their indicators and weights, from an editable TOML file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VeerkrachtModel {
    pub uitleg: String,
    pub onderdelen: Vec<Onderdeel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Onderdeel {
    pub code: String,
    pub label: String,
    #[serde(default = "one")]
    pub gewicht: f64,
    #[serde(default)]
    pub uitleg: String,
    pub indicatoren: Vec<ModelIndicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelIndicator {
    pub code: String,
    #[serde(default = "one")]
    pub gewicht: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    uitleg: String,
    onderdeel: Vec<Onderdeel>,
}

#[derive(Debug, thiserror::Error)]
pub enum VeerkrachtError {
    #[error("veerkrachtmodel is geen geldige TOML: {0}")]
    Toml(String),
    #[error("veerkrachtmodel, onderdeel '{onderdeel}': {message}")]
    Onderdeel { onderdeel: String, message: String },
}

/// The model shipped with wijkverband (catalogus/veerkracht.toml).
pub const DEFAULT_MODEL: &str = include_str!("../../../../catalogus/veerkracht.toml");

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Veerkracht {
    /// Weighted mean of the components (z-scale: 0 is the reference's average).
    pub score: Option<f64>,
    pub onderdelen: Vec<OnderdeelScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnderdeelScore {
    pub code: String,
    pub label: String,
    pub score: Option<f64>,
    /// Each indicator's direction-corrected z-score.
    pub indicatoren: Vec<(String, Option<f64>)>,
}

impl VeerkrachtModel {
    pub fn builtin(cat: &Catalogue) -> Result<VeerkrachtModel, VeerkrachtError> {
        VeerkrachtModel::from_toml(DEFAULT_MODEL, cat)
    }

    /// Reads a model and checks it against the catalogue: every indicator must
    /// exist, be a rate or an average, and have a direction.
    pub fn from_toml(text: &str, cat: &Catalogue) -> Result<VeerkrachtModel, VeerkrachtError> {
        let raw: RawModel = toml::from_str(text).map_err(|e| VeerkrachtError::Toml(e.to_string()))?;
        for o in &raw.onderdeel {
            let err = |m: String| VeerkrachtError::Onderdeel { onderdeel: o.code.clone(), message: m };
            if o.indicatoren.is_empty() {
                return Err(err("heeft geen indicatoren".into()));
            }
            if o.gewicht <= 0.0 || o.indicatoren.iter().any(|i| i.gewicht <= 0.0) {
                return Err(err("gewichten moeten groter dan 0 zijn".into()));
            }
            for mi in &o.indicatoren {
                let ind = cat
                    .get(&mi.code)
                    .ok_or_else(|| err(format!("indicator '{}' staat niet in de catalogus", mi.code)))?;
                if !matches!(ind.kind, Kind::Rate { .. } | Kind::Average { .. }) {
                    return Err(err(format!("'{}' is geen verhouding of gemiddelde", mi.code)));
                }
                if favourable_sign(ind.direction).is_none() {
                    return Err(err(format!("'{}' heeft geen richting (neutraal)", mi.code)));
                }
            }
        }
        Ok(VeerkrachtModel { uitleg: raw.uitleg, onderdelen: raw.onderdeel })
    }

    /// Scores an area from its profile rows (their z-scores).
    pub fn score(&self, cat: &Catalogue, rows: &[Row]) -> Veerkracht {
        let onderdelen: Vec<OnderdeelScore> = self
            .onderdelen
            .iter()
            .map(|o| {
                let indicatoren: Vec<(String, Option<f64>)> = o
                    .indicatoren
                    .iter()
                    .map(|mi| {
                        let sign = cat.get(&mi.code).and_then(|i| favourable_sign(i.direction));
                        let z = rows.iter().find(|r| r.code == mi.code).and_then(|r| r.z);
                        (mi.code.clone(), z.zip(sign).map(|(z, s)| z * s))
                    })
                    .collect();
                let score =
                    weighted_mean(o.indicatoren.iter().map(|m| m.gewicht).zip(indicatoren.iter().map(|(_, z)| *z)));
                OnderdeelScore { code: o.code.clone(), label: o.label.clone(), score, indicatoren }
            })
            .collect();
        let score = weighted_mean(self.onderdelen.iter().map(|o| o.gewicht).zip(onderdelen.iter().map(|o| o.score)));
        Veerkracht { score, onderdelen }
    }
}

/// The weighted mean, or `None` as soon as one part is unknown.
fn weighted_mean(parts: impl Iterator<Item = (f64, Option<f64>)>) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0.0);
    for (w, v) in parts {
        sum += w * v?;
        weight += w;
    }
    (weight > 0.0).then(|| sum / weight)
}

/// A veerkracht score (z, in standard deviations) in words, against the reference `tegen`:
/// within a quarter of a standard deviation it is "rond het gemiddelde".
pub fn in_woorden(score: Option<f64>, tegen: &str) -> String {
    match score {
        Some(z) if z >= 0.25 => format!("{} (sterker dan gemiddeld in {tegen})", crate::format::number(z, 2)),
        Some(z) if z <= -0.25 => format!("{} (zwakker dan gemiddeld in {tegen})", crate::format::number(z, 2)),
        Some(z) => format!("{} (rond het gemiddelde van {tegen})", crate::format::number(z, 2)),
        None => "onbekend (te weinig cijfers)".into(),
    }
}
