//! A CBS buurt of one year's division: its code, name, wijk, gemeente and outline.

use geo_types::MultiPolygon;
use serde::Serialize;

use super::Code;

/// A CBS buurt in the area division of one year, with the wijk and gemeente it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Buurt {
    pub jaar: i32,
    pub code: Code,
    pub naam: String,
    pub wijk_code: Code,
    pub wijk_naam: Option<String>,
    pub gemeente_code: Code,
    pub gemeente_naam: String,
    /// Land area in WGS84 longitude/latitude (EPSG:4326).
    #[serde(skip)]
    pub geometrie: MultiPolygon<f64>,
}

impl Buurt {
    /// The geodesic area of the polygon in hectares.
    pub fn oppervlakte_ha(&self) -> f64 {
        super::geometry::area_m2(&self.geometrie) / 10_000.0
    }
}

/// Where a buurt lies: its code and name, its wijk's and its gemeente's. A buurt with its
/// outline (`Buurt`) has it, and so has a listed one (the store's `BuurtRij`).
pub trait Ligging {
    fn buurt(&self) -> (&Code, &str);
    fn wijk(&self) -> (&Code, Option<&str>);
    fn gemeente(&self) -> (&Code, &str);
}

/// `Ligging` for a type with the fields `code`, `naam`, `wijk_code`, `wijk_naam`,
/// `gemeente_code` and `gemeente_naam` (a buurt with its outline, a listed one).
#[macro_export]
macro_rules! ligging_van_velden {
    ($t:ty) => {
        impl $crate::gebied::Ligging for $t {
            fn buurt(&self) -> (&$crate::gebied::Code, &str) {
                (&self.code, &self.naam)
            }

            fn wijk(&self) -> (&$crate::gebied::Code, Option<&str>) {
                (&self.wijk_code, self.wijk_naam.as_deref())
            }

            fn gemeente(&self) -> (&$crate::gebied::Code, &str) {
                (&self.gemeente_code, &self.gemeente_naam)
            }
        }
    };
}

crate::ligging_van_velden!(Buurt);
