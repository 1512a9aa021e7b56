//! The wijkscan: the data profile of any area against a named reference, with
//! the veerkracht composite and the opgaven (DESIGN.md §4).

mod opgaven;
mod profile;
mod reference;
mod veerkracht;

pub use opgaven::{Opgave, opgaven};
pub use profile::{Profile, Row, profile};
pub use reference::{BuurtFigures, Reference};
pub use veerkracht::{Onderdeel, OnderdeelScore, Veerkracht, VeerkrachtError, VeerkrachtModel};

use serde::Serialize;

/// An area to profile: a buurt, a self-chosen set, a wijk, a gemeente, a
/// region or a wijkverband, as its set of buurten.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Area {
    pub naam: String,
    /// What kind of area, in Dutch: buurt, buurten, wijk, gemeente, regio, wijkverband.
    pub soort: String,
    pub buurten: Vec<String>,
}

/// The sign that makes a difference favourable when positive: +1 for
/// strength, −1 for need, `None` for neutral indicators.
pub(crate) fn favourable_sign(d: crate::indicator::Direction) -> Option<f64> {
    match d {
        crate::indicator::Direction::Strength => Some(1.0),
        crate::indicator::Direction::Need => Some(-1.0),
        crate::indicator::Direction::Neutral => None,
    }
}
