//! Wijkfoto: the sociale kaart (actors and their disciplines), a survey
//! round's answers on the vijf condities, and their analysis. Pure: no I/O.

mod analyse;
pub mod demo;
pub mod geheimhouding;
mod kaart;
mod model;

pub use analyse::{
    ActorCijfers, Analyse, Cijfer, Comparison, MINIMUM, Options, Respons, Soort, Verbinding, VierkantPaar, analyse,
    betweenness, compare, paar_verandering, respons_waarschuwing, verbindingen,
};
pub use kaart::{Overleg, matches, overleggen, words};
pub use model::{Actor, ActorSoort, Antwoord, Band, Conditie, Discipline, Hoek, Scores, Wijkfoto};
