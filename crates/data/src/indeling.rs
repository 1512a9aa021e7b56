//! A plan as CSV: `buurtcode,wijkverband`, one row per buurt — the exchange
//! format for wijkindelingen made here or elsewhere.

use std::collections::HashMap;
use std::path::Path;

use wv_core::gebied::{Code, Niveau};

use crate::table::Table;
use crate::{DataError, Location};

/// One assignment of a plan, with where it stands in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Toewijzing {
    pub buurt: Code,
    pub wijkverband: String,
    pub regel: Location,
}

pub fn read(path: &Path) -> Result<Vec<Toewijzing>, DataError> {
    let mut table = Table::open(path)?;
    let need = |t: &Table, names: &[&str]| {
        t.column(names).ok_or_else(|| {
            DataError::new(path, format!("heeft geen kolom '{}'", names[0]))
                .at(Location::Line(1))
                .hint("een indeling heeft de kolommen buurtcode,wijkverband")
        })
    };
    let code_col = need(&table, &["buurtcode", "BU_CODE", "buurt"])?;
    let name_col = need(&table, &["wijkverband", "gebied", "district"])?;
    let headers = table.headers.clone();
    let mut seen: HashMap<Code, u64> = HashMap::new();
    let mut out = Vec::new();
    for record in table.records(path) {
        let (line, record) = record?;
        let at = Location::Line(line);
        let text = record.get(code_col).unwrap_or("");
        let buurt = Code::parse(text)
            .map_err(|e| DataError::new(path, e.to_string()).at(at.clone()).field(&headers[code_col]))?;
        if buurt.niveau() != Niveau::Buurt {
            return Err(DataError::new(path, format!("{buurt} is geen buurtcode")).at(at).field(&headers[code_col]));
        }
        if let Some(first) = seen.insert(buurt.clone(), line) {
            return Err(DataError::new(path, format!("{buurt} staat er twee keer in, ook op regel {first}"))
                .at(at)
                .field(&headers[code_col])
                .hint("elke buurt hoort bij precies één wijkverband"));
        }
        let wijkverband = record.get(name_col).unwrap_or("").trim().to_string();
        if wijkverband.is_empty() {
            return Err(DataError::new(path, "geen wijkverband").at(at).field(&headers[name_col]));
        }
        out.push(Toewijzing { buurt, wijkverband, regel: at });
    }
    if out.is_empty() {
        return Err(DataError::new(path, "heeft een kopregel maar geen rijen").at(Location::Line(2)));
    }
    Ok(out)
}
