//! CSV that a spreadsheet opens safely. A cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is run as a formula by Excel, LibreOffice and Google Sheets (CSV injection);
//! as OWASP advises, such a cell is written with a leading `'`, which spreadsheets show as text.
//! Plain numbers (`-3.5`) are left as they are. The readers of this crate take the `'` off
//! again, so an export reads back unchanged.

use std::borrow::Cow;

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as it is written.
pub fn cel(s: &str) -> Cow<'_, str> {
    let number = s.trim().replace(',', ".").parse::<f64>().is_ok_and(f64::is_finite);
    if s.starts_with(TRIGGERS) && !number { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// A cell as it was meant: without the `'` that [`cel`] put before a formula character.
pub(crate) fn terug(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) => rest,
        _ => s,
    }
}

/// Rows as CSV text, every cell through [`cel`].
pub fn tekst<R, C>(rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| cel(c.as_ref()).into_owned()).collect();
        w.write_record(&cells).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_read_back() {
        for s in ["=HYPERLINK(\"http://x\",\"Open\")", "+31 6", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(cel(s), format!("'{s}"));
            assert_eq!(terug(&cel(s)), s);
        }
        for s in ["-3.5", "-1,5", "Apotheek", "'quoted", ""] {
            assert_eq!(cel(s), s);
            assert_eq!(terug(&cel(s)), s);
        }
    }
}
