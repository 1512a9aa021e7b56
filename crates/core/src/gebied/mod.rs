//! Areas: CBS codes, buurten with their wijk and gemeente, and their geometry.
//!
//! Geography is versioned by year: a buurt code means something only together
//! with the year of the area division it belongs to; `koppeling` follows areas across divisions.

mod buurt;
mod code;
pub mod geometry;
pub mod koppeling;

pub use buurt::{Buurt, Ligging};
pub use code::{Code, CodeError, Niveau};
