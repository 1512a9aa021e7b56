//! The RIVM/CBS table Gezondheid per wijk en buurt (StatLine 50090NED) as CSV:
//! one row per area × year × age group, one column per indicator, in percent.

use std::collections::HashSet;
use std::path::Path;

use wv_core::gebied::Code;

use crate::figures::{is_identity_column, parse_number};
use crate::table::Table;
use crate::{DataError, Location};

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub code: Code,
    pub jaar: i32,
    /// Age group as written in the file: `18+`, `18-64`, `65+`.
    pub groep: String,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gezondheid {
    /// Indicator columns, in file order.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// The division the file's area codes belong to: RIVM publishes each wave in the division of
    /// its own year, so the newest year in the file unless the user says otherwise.
    pub indeling: i32,
}

const DESCRIPTIVE: &[&str] = &["soort_regio", "gemeentenaam", "leeftijd_code"];

pub fn read(path: &Path) -> Result<Gezondheid, DataError> {
    let mut table = Table::open(path)?;
    let need = |t: &Table, name: &str| {
        t.column(&[name]).ok_or_else(|| {
            DataError::new(path, format!("heeft geen kolom '{name}'"))
                .at(Location::Line(1))
                .hint("verwacht de kolommen regiocode, jaar, leeftijd en een kolom per indicator")
        })
    };
    let (code_col, year_col, age_col) = (need(&table, "regiocode")?, need(&table, "jaar")?, need(&table, "leeftijd")?);
    let indicator_cols: Vec<usize> = (0..table.headers.len())
        .filter(|&i| {
            ![code_col, year_col, age_col].contains(&i)
                && !DESCRIPTIVE.iter().any(|d| table.headers[i].eq_ignore_ascii_case(d))
                && !is_identity_column(&table.headers[i])
        })
        .collect();
    if indicator_cols.is_empty() {
        return Err(DataError::new(path, "heeft geen kolommen met indicatoren").at(Location::Line(1)));
    }
    let headers = table.headers.clone();
    let decimal_comma = table.decimal_comma;
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for record in table.records(path) {
        let (line, record) = record?;
        let at = || Location::Line(line);
        let code = Code::parse(record.get(code_col).unwrap_or(""))
            .map_err(|e| DataError::new(path, e.to_string()).at(at()).field(&headers[code_col]))?;
        let year_text = record.get(year_col).unwrap_or("");
        let jaar: i32 = year_text.parse().map_err(|_| {
            DataError::new(path, format!("'{year_text}' is geen jaartal")).at(at()).field(&headers[year_col])
        })?;
        let groep = record.get(age_col).unwrap_or("").to_string();
        if groep.is_empty() {
            return Err(DataError::new(path, "geen leeftijdsgroep").at(at()).field(&headers[age_col]));
        }
        if !seen.insert((code.clone(), jaar, groep.clone())) {
            return Err(DataError::new(path, format!("{code} {jaar} {groep} staat er twee keer in"))
                .at(at())
                .field(&headers[code_col]));
        }
        let mut values = Vec::with_capacity(indicator_cols.len());
        for &i in &indicator_cols {
            let cell = record.get(i).unwrap_or("");
            let v = if cell.is_empty() || cell == "." {
                None
            } else {
                let v = parse_number(cell, decimal_comma).ok_or_else(|| {
                    DataError::new(path, format!("'{cell}' is geen getal"))
                        .at(at())
                        .field(&headers[i])
                        .hint("percentages met een punt als decimaalteken; laat de cel leeg als de waarde onbekend is")
                })?;
                if !(0.0..=100.0).contains(&v) {
                    return Err(DataError::new(path, format!("{v} is geen percentage")).at(at()).field(&headers[i]));
                }
                Some(v)
            };
            values.push(v);
        }
        rows.push(Row { code, jaar, groep, values });
    }
    if rows.is_empty() {
        return Err(DataError::new(path, "heeft een kopregel maar geen rijen").at(Location::Line(2)));
    }
    let indeling = rows.iter().map(|r| r.jaar).max().unwrap_or_default();
    Ok(Gezondheid { columns: indicator_cols.iter().map(|&i| headers[i].clone()).collect(), rows, indeling })
}
