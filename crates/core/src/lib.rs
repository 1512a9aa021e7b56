//! Domain types and pure computation of wijkverband.
//!
//! Nothing in this crate reads files, talks to a database or the network: the
//! CLI and web layers load inputs, call these functions and persist results.

pub mod cyclus;
pub mod format;
pub mod gebied;
pub mod indeling;
pub mod indicator;
pub mod netwerk;
pub mod scan;
pub mod sessie;
