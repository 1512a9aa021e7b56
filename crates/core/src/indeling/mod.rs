//! Wijkindeling: dividing a region's buurten into wijkverbanden.
//!
//! `contiguity` builds the adjacency graph from polygons; `region` holds what
//! the engine knows of each buurt; `plan` is a partition with its metrics;
//! `constraints` are the rules a plan must keep; `maxp` proposes plans;
//! `edit` changes a plan by hand.
//! Everything here is pure: no I/O.

mod balance;
mod constraints;
pub mod contiguity;
mod edit;
mod graph;
mod kleuring;
mod maxp;
mod partition;
mod plan;
mod region;

pub use balance::{balanced, rebalance};
pub use constraints::{Constraints, Infeasible, Uitzondering};
pub use contiguity::{Contiguity, contiguity};
pub use edit::{Edit, EditError, PlanState, WijkverbandState};
pub use graph::Graph;
pub use kleuring::colouring;
pub use maxp::{KeepWhole, MaxPError, MaxPOptions, Proposal, max_p};
pub use partition::Partition;
pub use plan::{DistrictMetrics, Plan, PlanMetrics, PopulationStatus, Structure, compare, matching, moves};
pub use region::Region;
