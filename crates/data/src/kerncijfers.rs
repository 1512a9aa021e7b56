//! CBS Kerncijfers wijken en buurten keyed by area code, in each form CBS publishes them: the
//! CSV (`kwb-2024.csv`: semicolons, decimal commas, `gwb_code_10`), the same table as XLSX,
//! StatLine's OData export (`{"value": [{"WijkenEnBuurten": "BU03070100", "AantalInwoners_5":
//! …}]}`), and the shapefile's attribute table as a CSV (`BU_CODE`, `AANT_INW`, …). Rows of the
//! country, gemeenten and wijken are read like those of buurten.

use std::path::Path;

use wv_core::gebied::Code;

use crate::figures::{FigureBuilder, Raw};
use crate::spreadsheet::{self, Bounds};
use crate::table::Table;
use crate::{DataError, Figures, Location};

const CODE_COLUMNS: &[&str] = &["BU_CODE", "gwb_code_10", "gwb_code", "WijkenEnBuurten", "regiocode", "codering_3"];

/// What a workbook of key figures may hold: the whole country (some 17,000 areas) with every
/// column CBS publishes, and room to spare.
const BOUNDS: Bounds =
    Bounds { wat: "een tabel met kerncijfers", rows: 60_000, columns: 600, cells: 12_000_000, unpacked: 1 << 30 };

/// Reads the key figures per area, by the file's form: XLSX and OData JSON by their extension
/// (`.xlsx`, `.json`), else CSV. Text-only columns are reported, not stored.
pub fn read(path: &Path) -> Result<Figures, DataError> {
    if spreadsheet::is_spreadsheet(path) {
        return read_spreadsheet(path, spreadsheet::bytes(path)?);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "json" {
        return read_odata(path);
    }
    read_csv(path)
}

fn no_code_column(path: &Path, at: Location) -> DataError {
    DataError::new(path, "heeft geen kolom met gebiedscodes")
        .at(at)
        .hint(format!("de kopregel moet een van deze kolommen hebben: {}", CODE_COLUMNS.join(", ")))
}

fn code_column<S: AsRef<str>>(headers: &[S]) -> Option<usize> {
    CODE_COLUMNS.iter().find_map(|n| headers.iter().position(|h| h.as_ref().trim().eq_ignore_ascii_case(n)))
}

fn parse_code(path: &Path, raw: &str, at: &Location, field: &str) -> Result<Code, DataError> {
    Code::parse(raw).map_err(|e| DataError::new(path, e.to_string()).at(at.clone()).field(field))
}

fn finish(path: &Path, figures: FigureBuilder, rows: usize, first: Location) -> Result<Figures, DataError> {
    if rows == 0 {
        return Err(DataError::new(path, "heeft een kopregel maar geen rijen").at(first));
    }
    figures.finish(path)
}

fn read_csv(path: &Path) -> Result<Figures, DataError> {
    let mut table = Table::open(path)?;
    let code_col = code_column(&table.headers).ok_or_else(|| no_code_column(path, Location::Line(1)))?;
    let headers = table.headers.clone();
    let mut figures = FigureBuilder::new(table.decimal_comma);
    let mut rows = 0;
    for record in table.records(path) {
        let (line, record) = record?;
        let at = Location::Line(line);
        let code = parse_code(path, record.get(code_col).unwrap_or(""), &at, &headers[code_col])?;
        let values = headers
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != code_col)
            .map(|(i, h)| (h.clone(), Raw::Text(record.get(i).unwrap_or("").to_string())));
        figures.add_row(code, at, values);
        rows += 1;
    }
    finish(path, figures, rows, Location::Line(2))
}

/// The first sheet: the header is the first row with a code column (CBS puts a title above it
/// in some downloads); numbers are read as the cells hold them.
fn read_spreadsheet(path: &Path, bytes: Vec<u8>) -> Result<Figures, DataError> {
    let grid = spreadsheet::first_sheet(path, bytes, &BOUNDS)?;
    let header = grid.iter().position(|(_, cells)| {
        let names: Vec<String> = cells.iter().map(spreadsheet::text).collect();
        code_column(&names).is_some()
    });
    let Some(h) = header else {
        return Err(no_code_column(path, Location::Row(grid.first().map_or(1, |(r, _)| *r))));
    };
    let headers: Vec<String> = grid[h].1.iter().map(spreadsheet::text).collect();
    let code_col = code_column(&headers).expect("found above");
    let mut figures = FigureBuilder::new(false);
    let mut rows = 0;
    for (r, cells) in &grid[h + 1..] {
        let at = Location::Row(*r);
        let code =
            parse_code(path, &cells.get(code_col).map(spreadsheet::text).unwrap_or_default(), &at, &headers[code_col])?;
        let values = headers.iter().enumerate().filter(|(i, h)| *i != code_col && !h.is_empty()).map(|(i, h)| {
            let raw = match cells.get(i) {
                Some(calamine::Data::Float(v)) => Raw::Number(*v),
                Some(calamine::Data::Int(v)) => Raw::Number(*v as f64),
                Some(calamine::Data::Empty) | None => Raw::Null,
                Some(other) => Raw::Text(spreadsheet::text(other)),
            };
            (h.clone(), raw)
        });
        figures.add_row(code, at, values);
        rows += 1;
    }
    finish(path, figures, rows, Location::Row(grid[h].0 + 1))
}

/// StatLine's OData (v3 `TypedDataSet`) as JSON: an object whose `value` holds one object per
/// area, or that list itself. Numbers are typed; `null` is unknown.
fn read_odata(path: &Path) -> Result<Figures, DataError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| DataError::new(path, format!("kan het bestand niet lezen: {e}")).hint("controleer het pad"))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        DataError::new(path, format!("is geen geldige JSON: {e}"))
            .at(Location::LineColumn(e.line() as u64, e.column() as u64))
            .hint("sla de OData-uitvoer van StatLine op zoals die geleverd wordt")
    })?;
    let records = match &json {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("value") {
            Some(serde_json::Value::Array(a)) => a,
            _ => {
                return Err(DataError::new(path, "heeft geen lijst 'value'")
                    .hint("verwacht StatLine's OData-uitvoer: {\"value\": [{\"WijkenEnBuurten\": …}, …]}"));
            }
        },
        _ => return Err(DataError::new(path, "is geen OData-tabel").hint("verwacht een object met een lijst 'value'")),
    };
    let mut figures = FigureBuilder::new(false);
    for (n, record) in records.iter().enumerate() {
        let Some(fields) = record.as_object() else {
            return Err(DataError::new(path, "is geen object met kolommen").at(Location::Feature(n + 1, None)));
        };
        let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        let Some(code_key) = code_column(&keys).map(|i| keys[i]) else {
            return Err(no_code_column(path, Location::Feature(n + 1, None)));
        };
        let raw_code = fields[code_key].as_str().unwrap_or("");
        let code = parse_code(path, raw_code, &Location::Feature(n + 1, None), code_key)?;
        let at = Location::Feature(n + 1, Some(code.to_string()));
        let values = fields.iter().filter(|(k, _)| k.as_str() != code_key).map(|(k, v)| {
            let raw = match v {
                serde_json::Value::Number(x) => x.as_f64().map_or(Raw::Null, Raw::Number),
                serde_json::Value::String(s) => Raw::Label(s.trim().to_string()),
                serde_json::Value::Null => Raw::Null,
                other => Raw::Label(other.to_string()),
            };
            (k.clone(), raw)
        });
        figures.add_row(code, at, values);
    }
    finish(path, figures, records.len(), Location::Feature(1, None))
}
