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
        Table::new(path, &first, Box::new(StripCr(BufReader::new(open()?))))
    }

    /// A table from text (an upload), named `path` in messages.
    pub fn from_text(path: &Path, text: String) -> Result<Table, DataError> {
        let first = text.lines().next().unwrap_or("").to_string();
        Table::new(path, &first, Box::new(StripCr(Cursor::new(text.into_bytes()))))
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
            // Cells an export protected against formula injection read as they were meant.
            let r =
                if r.iter().any(|c| c.starts_with('\'')) { r.iter().map(crate::csv_uit::terug).collect() } else { r };
            Ok((line, r))
        })
    }
}

/// Drops carriage returns, so that CRLF files (Windows, Excel exports, browser forms) report
/// the same line numbers as LF files: the csv crate counts a CRLF record's line one short.
struct StripCr<R>(R);

impl<R: Read> Read for StripCr<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.0.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut kept = 0;
            for i in 0..n {
                if buf[i] != b'\r' {
                    buf[kept] = buf[i];
                    kept += 1;
                }
            }
            if kept > 0 {
                return Ok(kept);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lf_tables_report_the_same_lines() {
        for newline in ["\n", "\r\n"] {
            let text = ["a,b", "1,2", "3,4", "5,6", ""].join(newline);
            let path = Path::new("t.csv");
            let mut t = Table::from_text(path, text).unwrap();
            let lines: Vec<u64> = t.records(path).map(|r| r.unwrap().0).collect();
            assert_eq!(lines, [2, 3, 4], "{newline:?}");
            let mut t = Table::from_text(path, ["a,b", "1,2", "3", ""].join(newline)).unwrap();
            let e = t.records(path).find_map(|r| r.err()).unwrap();
            assert_eq!(e.location, Some(Location::Line(3)), "{newline:?}");
        }
    }
}
