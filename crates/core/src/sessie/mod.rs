//! Duidingssessies: workshops where professionals and residents give the figures meaning. A
//! session's format (tables with a question, rounds with an instruction and a duration, a
//! closing question) and the two templates that ship (`sjabloon.rs`); Dutch text reduced to the
//! words that count (`tekst.rs`); contributions grouped into themes (`thema.rs`); the themes
//! that recur across wijken, the rode draad (`rode_draad.rs`).

pub mod rode_draad;
pub mod sjabloon;
pub mod tekst;
pub mod thema;

pub use rode_draad::{Draad, RodeDraad, rode_draad};
pub use sjabloon::{Format, Ronde, Sjabloon, Tafel};
pub use thema::{Bijdrage, Groep, groepeer};
