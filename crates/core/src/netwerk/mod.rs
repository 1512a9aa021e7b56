//! Wijkfoto: the sociale kaart (actors and their disciplines), a survey
//! round's answers on the vijf condities, and their analysis. Pure: no I/O.

mod analyse;
pub mod demo;
pub mod geheimhouding;
mod kaart;
mod model;

pub use analyse::{
    ActorCijfers, Aggregaat, Analyse, MINIMUM, Options, Respons, Soort, Verbinding, Vergelijking, VierkantPaar,
    analyse, betweenness, paar_verandering, respons_waarschuwing, verbindingen, vergelijk,
};
pub use kaart::{Overleg, matches, overleggen, words};
pub use model::{Actor, ActorSoort, Antwoord, Band, Conditie, Discipline, Hoek, Scores, Wijkfoto};
