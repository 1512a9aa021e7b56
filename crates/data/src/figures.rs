//! Key figures read alongside areas: numeric columns per area code.
//!
//! A column is a figure when it holds numbers. Text that is not a number in
//! such a column is bad input, located at its row; a column that holds only
//! text (a name, a postcode label) is not a figure and is reported as ignored.
//! CBS markers for suppressed or unknown values become missing, never zero.

use std::collections::HashMap;
use std::path::Path;

use wv_core::gebied::Code;
use wv_core::indicator::kolommen::{self, JaarBron, Kolommen};

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
    /// The layout the file was recognised as (e.g. `kwb-csv`), for the record of imports; empty
    /// when no known layout: the columns are then stored under their own names.
    pub layout: String,
    /// The layout's title, as the importer says which it found.
    pub layout_titel: String,
    /// The year the file says it is of, and where it says so (its `jaarstatcode`, its StatLine
    /// table, its name).
    pub jaar: Option<(i32, &'static str)>,
}

impl Figures {
    /// The year of the figures: `given` (the user's `--jaar`) or the one the file states; a
    /// file that states another year than `given` is refused, as is one that states none
    /// when none is given.
    pub fn year(&self, file: &Path, given: Option<i32>) -> Result<i32, DataError> {
        match (given, self.jaar) {
            (Some(g), Some((j, uit))) if g != j => {
                Err(DataError::new(file, format!("is volgens {uit} van {j}, niet van {g}"))
                    .hint(format!("laat --jaar weg om {j} te gebruiken, of controleer het bestand")))
            }
            (Some(g), _) => Ok(g),
            (None, Some((j, _))) => Ok(j),
            (None, None) => {
                Err(DataError::new(file, "noemt zijn jaar niet (in een kolom jaarstatcode of in de bestandsnaam)")
                    .hint("geef het jaar van de cijfers en de gebiedsindeling met --jaar"))
            }
        }
    }
}

/// CBS marks unknown or secret values with large negative sentinels
/// (-99999999, -99999997, -99995, ...); no real figure comes near them.
fn is_sentinel(v: f64) -> bool {
    v <= -99990.0
}

/// No figure CBS publishes per area comes near this (the Netherlands has 18 million inhabitants).
const LARGEST: f64 = 1e9;

/// Why a value cannot be a figure of its column, if it cannot: beyond any published size, more
/// inhabitants than the Netherlands has, or a percentage outside 0–100.
fn implausible(column: &str, v: f64) -> Option<&'static str> {
    let c = column.trim().to_ascii_lowercase();
    if v.abs() > LARGEST {
        Some("groter dan enig cijfer van een gebied")
    } else if matches!(c.as_str(), "aant_inw" | "a_inw") && !(0.0..=2e7).contains(&v) {
        Some("meer inwoners dan Nederland heeft, of minder dan nul")
    } else if c == "p_wmo_t" && !(0.0..=1000.0).contains(&v) {
        Some("een aantal per 1.000 inwoners ligt tussen 0 en 1.000")
    } else if c.starts_with("p_") && c != "p_wmo_t" && !(0.0..=100.0).contains(&v) {
        Some("een percentage ligt tussen 0 en 100")
    } else {
        None
    }
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

/// Columns that identify or name an area rather than measure it (StatLine's with their
/// number: `Gemeentenaam_1`, `SoortRegio_2`, `Codering_3`).
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
        "jaarstatcode",
        "water",
        "gwb_code_10",
        "gwb_code_8",
        "gwb_code",
        "regio",
        "recs",
        "fid",
        "id",
        "objectid",
        "soortregio",
        "codering",
        "wijkenenbuurten",
    ];
    let name = name.trim().to_ascii_lowercase();
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let stem = stem.strip_suffix('_').filter(|_| stem.len() < name.len()).unwrap_or(&name);
    NAMES.contains(&name.as_str()) || NAMES.contains(&stem)
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
    /// The year of the first `jaarstatcode` seen.
    statjaar: Option<i32>,
    /// The columns as the file names them (errors say these); `names` are the variables.
    originals: Vec<String>,
    names: Vec<String>,
    index: HashMap<String, usize>,
    columns: Vec<Column>,
    rows: Vec<(Code, Location, Vec<Raw>)>,
}

impl FigureBuilder {
    pub fn new(decimal_comma: bool) -> FigureBuilder {
        FigureBuilder {
            decimal_comma,
            statjaar: None,
            originals: Vec::new(),
            names: Vec::new(),
            index: HashMap::new(),
            columns: Vec::new(),
            rows: Vec::new(),
        }
    }

    pub fn add_row(&mut self, code: Code, location: Location, values: impl IntoIterator<Item = (String, Raw)>) {
        let row_no = self.rows.len();
        let mut row = vec![Raw::Null; self.names.len()];
        for (name, raw) in values {
            if self.statjaar.is_none()
                && matches!(name.to_ascii_lowercase().as_str(), "jaarstatcode" | "jrstatcode")
                && let Raw::Text(t) | Raw::Label(t) = &raw
            {
                self.statjaar = kolommen::jaar_in_statcode(t);
            }
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

    /// Renames the columns to the variables of the layout they are recognised as (nothing when
    /// none is), refusing two columns that would be one variable.
    fn apply_layout(&mut self, file: &Path, kolommen: &Kolommen) -> Result<(String, String), DataError> {
        self.originals = self.names.clone();
        let Some(layout) = kolommen.herken(&self.names) else { return Ok((String::new(), String::new())) };
        let mut seen: HashMap<String, &str> = HashMap::new();
        let renamed: Vec<String> = self.names.iter().map(|n| kolommen.variabele(layout, n)).collect();
        for (old, new) in self.names.iter().zip(&renamed) {
            if let Some(first) = seen.insert(new.clone(), old) {
                return Err(DataError::new(file, format!("de kolommen '{first}' en '{old}' zijn allebei '{new}'"))
                    .at(Location::Line(1))
                    .field(old)
                    .hint("laat één van beide weg"));
            }
        }
        self.names = renamed;
        Ok((layout.naam.clone(), layout.titel.clone()))
    }

    /// The year the file states, and where: its `jaarstatcode`, its StatLine table number, or a
    /// year in its name — in the order the layout `layout` names (any, when none is known).
    fn stated_year(&self, file: &Path, kolommen: &Kolommen, layout: &str) -> Option<(i32, &'static str)> {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let statcode = self.statjaar.map(|j| (j, "de kolom jaarstatcode"));
        let tabel = kolommen.statline_jaar(&name).map(|j| (j, "het StatLine-tabelnummer in de bestandsnaam"));
        let naam = kolommen::jaar_in_naam(&name).map(|j| (j, "de bestandsnaam"));
        let first = kolommen.layouts().iter().find(|l| l.naam == layout).map(|l| match l.jaar {
            JaarBron::Bestand => naam,
            JaarBron::Tabel => tabel,
            JaarBron::Jaarstatcode => statcode,
        });
        first.flatten().or(statcode).or(tabel).or(naam)
    }

    pub fn finish(mut self, file: &Path) -> Result<Figures, DataError> {
        let kolommen = Kolommen::builtin();
        let (layout, layout_titel) = self.apply_layout(file, &kolommen)?;
        let jaar = self.stated_year(file, &kolommen, &layout);
        let mut keep = Vec::new();
        let mut ignored = Vec::new();
        for (i, col) in self.columns.iter().enumerate() {
            match (&col.first_text, col.numeric) {
                // Only nulls and missing markers: a figure without data here.
                (None, false) if !col.labels => keep.push(i),
                (_, false) => ignored.push(self.originals[i].clone()),
                (Some((row, text)), true) => {
                    let (_, location, _) = &self.rows[*row];
                    return Err(DataError::new(file, format!("'{text}' is geen getal"))
                        .at(location.clone())
                        .field(&self.originals[i])
                        .hint(
                            "gebruik een punt als decimaalteken; laat de cel leeg (of '.') als de waarde onbekend is",
                        ));
                }
                (None, true) => keep.push(i),
            }
        }
        let locations = self.rows.iter().map(|(_, l, _)| l.clone()).collect();
        let mut seen: HashMap<&Code, &Location> = HashMap::new();
        for (code, location, _) in &self.rows {
            if let Some(first) = seen.insert(code, location) {
                return Err(DataError::new(file, format!("{code} staat er twee keer in, ook op {first}"))
                    .at(location.clone())
                    .hint("elk gebied mag één keer voorkomen; verwijder de dubbele rij"));
            }
        }
        let mut rows = Vec::with_capacity(self.rows.len());
        for (code, location, raw) in &self.rows {
            let mut values = Vec::with_capacity(keep.len());
            for &i in &keep {
                let v = match &raw[i] {
                    Raw::Number(v) => Some(*v),
                    Raw::Text(t) | Raw::Label(t) => parse_number(t, self.decimal_comma),
                    Raw::Null => None,
                }
                .filter(|v| !is_sentinel(*v));
                if let Some(v) = v
                    && let Some(why) = implausible(&self.names[i], v)
                {
                    return Err(DataError::new(file, format!("{v} is geen mogelijke waarde: {why}"))
                        .at(location.clone())
                        .field(&self.originals[i])
                        .hint(
                            "controleer de kolom en het decimaalteken; een onbekende waarde is een lege cel of '.'",
                        ));
                }
                values.push(v);
            }
            rows.push((code.clone(), values));
        }
        Ok(Figures {
            columns: keep.iter().map(|&i| self.names[i].clone()).collect(),
            rows,
            locations,
            ignored_columns: ignored,
            layout,
            layout_titel,
            jaar,
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
    fn implausible_figures_and_duplicate_areas_are_located() {
        let one = |name: &str, v: f64| {
            let mut b = FigureBuilder::new(false);
            b.add_row(code("BU00000001"), Location::Line(2), [(name.to_string(), Raw::Number(v))]);
            b.finish(Path::new("kwb.csv"))
        };
        let e = one("AANT_INW", 1.2e32).unwrap_err();
        assert_eq!((e.location, e.field.as_deref()), (Some(Location::Line(2)), Some("AANT_INW")));
        assert!(one("a_inw", 2.1e7).is_err() && one("P_65_EO_JR", 101.0).is_err() && one("P_65_EO_JR", -1.0).is_err());
        assert!(one("AANT_INW", 23235.0).is_ok() && one("P_65_EO_JR", 100.0).is_ok() && one("G_INK_PI", -5.0).is_ok());
        let mut b = FigureBuilder::new(false);
        b.add_row(code("BU00000001"), Location::Line(2), [("A".to_string(), Raw::Number(1.0))]);
        b.add_row(code("BU00000001"), Location::Line(7), [("A".to_string(), Raw::Number(2.0))]);
        let e = b.finish(Path::new("kwb.csv")).unwrap_err();
        assert_eq!(e.location, Some(Location::Line(7)));
        assert!(e.to_string().contains("BU00000001 staat er twee keer in, ook op regel 2"), "{e}");
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
