//! The wijkscan: the data profile of any area against a named reference, with
//! the veerkracht composite and the opgaven (DESIGN.md §4).

mod gebieden;
mod herkomst;
mod opgaven;
mod profile;
mod reference;
mod trend;
mod veerkracht;

pub use gebieden::{Area, MAX_NAAM, Per, Soort, gemeenten_naam};
pub use herkomst::koppelingen;
pub use opgaven::{Opgave, opgaven};
pub use profile::{Profile, Row, profile};
pub use reference::{BuurtFigures, Reference};
pub use trend::{Jaargangen, Punt, Trend, trends};
pub use veerkracht::{
    Onderdeel, OnderdeelScore, Veerkracht, VeerkrachtError, VeerkrachtModel, in_woorden as veerkracht_in_woorden,
};

/// The sign that makes a difference favourable when positive: +1 for
/// strength, −1 for need, `None` for neutral indicators.
pub(crate) fn favourable_sign(d: crate::indicator::Direction) -> Option<f64> {
    match d {
        crate::indicator::Direction::Strength => Some(1.0),
        crate::indicator::Direction::Need => Some(-1.0),
        crate::indicator::Direction::Neutral => None,
    }
}
