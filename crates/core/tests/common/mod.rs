//! Test catalogues: one kwb source and the indicators a test needs.

use wv_core::indicator::Catalogue;

/// A catalogue with the source `k` (dataset kwb, 2015, titled `naam`) and `indicators` (TOML).
pub fn catalogue(min_dekking: f64, naam: &str, indicators: &str) -> Catalogue {
    let text = format!(
        r#"min_dekking = {min_dekking}
[bronnen.k]
dataset = "kwb"
jaar = 2015
naam = "{naam}"
uitgever = "CBS"
licentie = "CC BY 4.0"
{indicators}"#
    );
    Catalogue::from_toml(&text).expect("a valid test catalogue")
}
