//! CSV tables: delimiter detection and located record errors.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use crate::{DataError, Location};

/// An open CSV table with its header.
pub(crate) struct Table {
    pub headers: Vec<String>,
    /// Semicolon-separated tables (Dutch spreadsheet exports) use a decimal comma.
    pub decimal_comma: bool,
    reader: csv::Reader<Box<dyn Read + Send>>,
}

impl Table {
    pub fn open(path: &Path) -> Result<Table, DataError> {
        let open = || {
            File::open(path).map_err(|e| {
                DataError::new(path, format!("kan het bestand niet lezen: {e}")).hint("controleer het pad")
            })
        };
        let mut first = String::new();
        BufReader::new(open()?)
            .read_line(&mut first)
            .map_err(|e| DataError::new(path, format!("kan het bestand niet lezen: {e}")))?;
        Table::new(path, &first, Box::new(BufReader::new(open()?)))
    }

    /// A table from text (an upload), named `path` in messages.
    pub fn from_text(path: &Path, text: String) -> Result<Table, DataError> {
        let first = text.lines().next().unwrap_or("").to_string();
        Table::new(path, &first, Box::new(Cursor::new(text.into_bytes())))
    }

    fn new(path: &Path, first: &str, input: Box<dyn Read + Send>) -> Result<Table, DataError> {
        if first.trim().is_empty() {
            return Err(DataError::new(path, "is leeg")
                .at(Location::Line(1))
                .hint("de eerste regel moet de kolommen noemen"));
        }
        let semicolon = first.matches(';').count() > first.matches(',').count();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if semicolon { b';' } else { b',' })
            .trim(csv::Trim::All)
            .from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        Ok(Table { headers, decimal_comma: semicolon, reader })
    }

    /// The index of the first header that matches one of `names` (case-insensitive).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
    }

    /// Records with their line numbers; a malformed record is a located error.
    pub fn records<'a>(
        &'a mut self,
        path: &'a Path,
    ) -> impl Iterator<Item = Result<(u64, csv::StringRecord), DataError>> + 'a {
        self.reader.records().map(move |r| {
            let r = r.map_err(|e| csv_error(path, e))?;
            let line = r.position().map(|p| p.line()).unwrap_or(0);
            Ok((line, r))
        })
    }
}

fn csv_error(path: &Path, e: csv::Error) -> DataError {
    let line = e.position().map(|p| p.line());
    let (message, hint) = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => (
            format!("heeft {len} velden waar de kopregel er {expected_len} heeft"),
            "de kolommen passen niet bij de kopregel: controleer scheidingstekens en aanhalingstekens op deze regel"
                .to_string(),
        ),
        csv::ErrorKind::Utf8 { .. } => {
            ("is geen geldige UTF-8".to_string(), "sla het bestand op als UTF-8".to_string())
        }
        _ => (e.to_string(), "controleer of het bestand een CSV-tabel is".to_string()),
    };
    let err = DataError::new(path, message).hint(hint);
    match line {
        Some(l) => err.at(Location::Line(l)),
        None => err,
    }
}
