//! Readers for the open data wijkverband imports: CBS buurt polygons (GeoJSON,
//! TopoJSON, GeoPackage), CBS Kerncijfers wijken en buurten (CSV) and the
//! RIVM/CBS table Gezondheid per wijk en buurt (CSV).
//!
//! Readers only read and validate; they never touch the store. Every error
//! names the file, the line or feature, and the field, with a hint.

// A DataError carries its file, location, field and hint; it is returned once
// per failed import, so its size costs nothing worth boxing it for.
#![allow(clippy::result_large_err)]

pub mod buurten;
mod crs;
pub mod csv_uit;
mod error;
mod figures;
pub mod gezondheid;
pub mod indeling;
pub mod kerncijfers;
pub mod sessie;
pub mod sociale_kaart;
mod spreadsheet;
mod table;
pub mod xlsx_uit;

pub use crs::Crs;
pub use error::{DataError, Location};
pub use figures::Figures;
