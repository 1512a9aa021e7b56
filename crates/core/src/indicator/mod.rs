//! Indicators: the catalogue (what each measure means and how it aggregates),
//! the table of source values, aggregation over any set of buurten, and the columns of
//! CBS's layouts mapped onto the catalogue's variables (`kolommen`).

mod aggregate;
mod catalogue;
pub mod kolommen;
mod values;

pub use aggregate::{Aggregate, Parts, accumulate, aggregate, aggregate_only, class_of, finish, published};
pub use catalogue::{
    Amount, Catalogue, CatalogueError, CoverageWeight, DEFAULT_CATALOGUE, Direction, Domain, Indicator, Kind, Quantity,
    Source, VarRef,
};
pub use values::{Groep, Herkomst, SeriesKey, ValueTable};
