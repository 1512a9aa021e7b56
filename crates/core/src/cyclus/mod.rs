//! The wijkcyclus of one wijkverband: Wijkfoto → Wijkopgave → Wijkplan → Wijkuitvoering →
//! Wijkevaluatie. What a cycle holds (`model.rs`), which phase may follow which and why not
//! (`regels.rs`), the opgaven proposed from the startfoto and the wijkfoto (`voorstel.rs`), and
//! the region's coverage by wijkverbanden with a kernteam and a wijkplan (`dekking.rs`), and which
//! cycles of an earlier indeling concern a wijkverband of the adopted one (`overgang.rs`).

pub mod dekking;
pub mod model;
pub mod overgang;
pub mod regels;
pub mod voorstel;

pub use dekking::{Dekking, dekking};
pub use model::{ActieStatus, Fase, OpgaveSoort, OpgaveStatus, VISIE_DOELEN, visie_doel};
pub use overgang::{Herkomst, herkomst};
pub use regels::{Stand, Stap, afsluiten, stappen, volgende};
pub use voorstel::{Bevindingen, Duiding, Voorstel, voorstellen};
