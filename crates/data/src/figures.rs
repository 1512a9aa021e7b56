//! Key figures read alongside areas: numeric columns per area code.
//!
//! A column is a figure when it holds numbers. Text that is not a number in
//! such a column is bad input, located at its row; a column that holds only
//! text (a name, a postcode label) is not a figure and is reported as ignored.
//! CBS markers for suppressed or unknown values become missing, never zero.

use std::collections::HashMap;
use std::path::Path;

use wv_core::gebied::Code;

use crate::{DataError, Location};

/// A value as a reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Null,
    /// A typed number (JSON number, SQLite INTEGER or REAL).
    Number(f64),
    /// Untyped text (a CSV cell): a number if it reads as one.
    Text(String),
    /// Typed text (JSON string, SQLite TEXT): a label such as a postcode, unless
    /// its column otherwise holds numbers.
    Label(String),
}

/// Numeric columns per area, as read from one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub columns: Vec<String>,
    pub rows: Vec<(Code, Vec<Option<f64>>)>,
    /// Where each row stands in the file.
    pub locations: Vec<Location>,
    /// Columns left out because they hold text, not numbers.
    pub ignored_columns: Vec<String>,
}

/// CBS marks unknown or secret values with large negative sentinels
/// (-99999999, -99999997, -99995, ...); no real figure comes near them.
fn is_sentinel(v: f64) -> bool {
    v <= -99990.0
}

/// Parses a numeric text; `None` for text that is no number.
pub(crate) fn parse_number(s: &str, decimal_comma: bool) -> Option<f64> {
    let s = s.trim();
    let v = if decimal_comma && s.contains(',') { s.replace(',', ".").parse() } else { s.parse::<f64>() };
    v.ok().filter(|v| v.is_finite())
}

fn is_missing_marker(s: &str) -> bool {
    matches!(s.trim(), "" | ".")
}

/// Columns that identify or name an area rather than measure it.
pub(crate) fn is_identity_column(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "bu_code",
        "bu_naam",
        "wk_code",
        "wk_naam",
        "gm_code",
        "gm_naam",
        "prov_naam",
        "buurtcode",
        "buurtnaam",
        "wijkcode",
        "wijknaam",
        "gemeentecode",
        "gemeentenaam",
        "statcode",
        "statnaam",
        "jrstatcode",
        "water",
        "gwb_code_10",
        "gwb_code_8",
        "gwb_code",
        "regio",
        "recs",
        "fid",
        "id",
        "objectid",
    ];
    NAMES.contains(&name.to_ascii_lowercase().as_str())
}

#[derive(Default)]
struct Column {
    numeric: bool,
    /// Typed text that reads as a number (a postcode label).
    labels: bool,
    first_text: Option<(usize, String)>,
}

pub(crate) struct FigureBuilder {
    decimal_comma: bool,
    names: Vec<String>,
    index: HashMap<String, usize>,
    columns: Vec<Column>,
    rows: Vec<(Code, Location, Vec<Raw>)>,
}

impl FigureBuilder {
    pub fn new(decimal_comma: bool) -> FigureBuilder {
        FigureBuilder { decimal_comma, names: Vec::new(), index: HashMap::new(), columns: Vec::new(), rows: Vec::new() }
    }

    pub fn add_row(&mut self, code: Code, location: Location, values: impl IntoIterator<Item = (String, Raw)>) {
        let row_no = self.rows.len();
        let mut row = vec![Raw::Null; self.names.len()];
        for (name, raw) in values {
            if is_identity_column(&name) {
                continue;
            }
            let i = match self.index.get(&name) {
                Some(&i) => i,
                None => {
                    self.index.insert(name.clone(), self.names.len());
                    self.names.push(name);
                    self.columns.push(Column::default());
                    for (_, _, r) in self.rows.iter_mut() {
                        r.push(Raw::Null);
                    }
                    row.push(Raw::Null);
                    self.names.len() - 1
                }
            };
            let col = &mut self.columns[i];
            match &raw {
                Raw::Number(_) => col.numeric = true,
                Raw::Text(t) if parse_number(t, self.decimal_comma).is_some() => col.numeric = true,
                Raw::Text(t) | Raw::Label(t) if is_missing_marker(t) => {}
                Raw::Label(t) if parse_number(t, self.decimal_comma).is_some() => col.labels = true,
                Raw::Text(t) | Raw::Label(t) => {
                    if col.first_text.is_none() {
                        col.first_text = Some((row_no, t.clone()));
                    }
                }
                Raw::Null => {}
            }
            row[i] = raw;
        }
        self.rows.push((code, location, row));
    }

    pub fn finish(self, file: &Path) -> Result<Figures, DataError> {
        let mut keep = Vec::new();
        let mut ignored = Vec::new();
        for (i, col) in self.columns.iter().enumerate() {
            match (&col.first_text, col.numeric) {
                // Only nulls and missing markers: a figure without data here.
                (None, false) if !col.labels => keep.push(i),
                (_, false) => ignored.push(self.names[i].clone()),
                (Some((row, text)), true) => {
                    let (_, location, _) = &self.rows[*row];
                    return Err(DataError::new(file, format!("'{text}' is geen getal"))
                        .at(location.clone())
                        .field(&self.names[i])
                        .hint(
                            "gebruik een punt als decimaalteken; laat de cel leeg (of '.') als de waarde onbekend is",
                        ));
                }
                (None, true) => keep.push(i),
            }
        }
        let locations = self.rows.iter().map(|(_, l, _)| l.clone()).collect();
        let rows = self
            .rows
            .into_iter()
            .map(|(code, _, raw)| {
                let values = keep
                    .iter()
                    .map(|&i| match &raw[i] {
                        Raw::Number(v) => Some(*v),
                        Raw::Text(t) | Raw::Label(t) => parse_number(t, self.decimal_comma),
                        Raw::Null => None,
                    })
                    .map(|v| v.filter(|v| !is_sentinel(*v)))
                    .collect();
                (code, values)
            })
            .collect();
        Ok(Figures {
            columns: keep.iter().map(|&i| self.names[i].clone()).collect(),
            rows,
            locations,
            ignored_columns: ignored,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    #[test]
    fn sentinels_and_markers_become_missing_not_zero() {
        let mut b = FigureBuilder::new(false);
        b.add_row(
            code("BU00000001"),
            Location::Line(2),
            [
                ("A".to_string(), Raw::Number(-99999999.0)),
                ("B".to_string(), Raw::Text(".".into())),
                ("C".to_string(), Raw::Text("12.5".into())),
            ],
        );
        let f = b.finish(Path::new("x.csv")).unwrap();
        assert_eq!(f.columns, ["A", "B", "C"]);
        assert_eq!(f.rows[0].1, vec![None, None, Some(12.5)]);
    }

    #[test]
    fn text_in_a_numeric_column_is_located() {
        let mut b = FigureBuilder::new(false);
        b.add_row(code("BU00000001"), Location::Line(2), [("AANT_INW".to_string(), Raw::Number(5.0))]);
        b.add_row(code("BU00000002"), Location::Line(3), [("AANT_INW".to_string(), Raw::Text("vijf".into()))]);
        let e = b.finish(Path::new("kwb.csv")).unwrap_err();
        assert_eq!(e.location, Some(Location::Line(3)));
        assert_eq!(e.field.as_deref(), Some("AANT_INW"));
        assert!(e.to_string().starts_with("kwb.csv, regel 3, veld 'AANT_INW': 'vijf' is geen getal"), "{e}");
    }

    #[test]
    fn text_columns_are_ignored_and_reported() {
        let mut b = FigureBuilder::new(true);
        b.add_row(
            code("BU00000001"),
            Location::Line(2),
            [("POSTCODE".to_string(), Raw::Text("3441AB".into())), ("X".to_string(), Raw::Text("1,5".into()))],
        );
        let f = b.finish(Path::new("x.csv")).unwrap();
        assert_eq!(f.ignored_columns, ["POSTCODE"]);
        assert_eq!(f.rows[0].1, vec![Some(1.5)]);
    }
}
