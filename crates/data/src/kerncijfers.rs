//! CBS Kerncijfers wijken en buurten as a CSV keyed by area code: the shared
//! kwb file (BU_CODE, ...) and CBS's own downloads (gwb_code_10, ...).

use std::path::Path;

use wv_core::gebied::Code;

use crate::figures::{FigureBuilder, Raw};
use crate::table::Table;
use crate::{DataError, Figures, Location};

const CODE_COLUMNS: &[&str] = &["BU_CODE", "gwb_code_10", "gwb_code", "WijkenEnBuurten", "regiocode", "codering_3"];

/// Reads the key figures per area; text-only columns are reported, not stored.
pub fn read(path: &Path) -> Result<Figures, DataError> {
    let mut table = Table::open(path)?;
    let code_col = table.column(CODE_COLUMNS).ok_or_else(|| {
        DataError::new(path, "heeft geen kolom met gebiedscodes")
            .at(Location::Line(1))
            .hint(format!("de kopregel moet een van deze kolommen hebben: {}", CODE_COLUMNS.join(", ")))
    })?;
    let headers = table.headers.clone();
    let mut figures = FigureBuilder::new(table.decimal_comma);
    let mut rows = 0;
    for record in table.records(path) {
        let (line, record) = record?;
        let raw_code = record.get(code_col).unwrap_or("");
        let code = Code::parse(raw_code)
            .map_err(|e| DataError::new(path, e.to_string()).at(Location::Line(line)).field(&headers[code_col]))?;
        let values = headers
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != code_col)
            .map(|(i, h)| (h.clone(), Raw::Text(record.get(i).unwrap_or("").to_string())));
        figures.add_row(code, Location::Line(line), values);
        rows += 1;
    }
    if rows == 0 {
        return Err(DataError::new(path, "heeft een kopregel maar geen rijen").at(Location::Line(2)));
    }
    figures.finish(path)
}
