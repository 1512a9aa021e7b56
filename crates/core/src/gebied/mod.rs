//! Areas: CBS codes, buurten with their wijk and gemeente, and their geometry.
//!
//! Geography is versioned by year: a buurt code means something only together
//! with the year of the area division it belongs to.

mod buurt;
mod code;
pub mod geometry;

pub use buurt::{Buurt, Ligging};
pub use code::{Code, CodeError, Niveau};
