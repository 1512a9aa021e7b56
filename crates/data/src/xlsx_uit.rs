//! A table as a workbook of one sheet (rust_xlsxwriter): every cell written as text, so
//! nothing in it is run as a formula.

/// `rows` (the first the header) as an XLSX workbook whose sheet is called `blad`.
pub fn tabel<R, C>(blad: &str, rows: impl IntoIterator<Item = R>) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(blad)?;
    for (i, row) in rows.into_iter().enumerate() {
        for (c, v) in row.into_iter().enumerate() {
            let (Ok(r), Ok(c)) = (u32::try_from(i), u16::try_from(c)) else {
                return Err(rust_xlsxwriter::XlsxError::RowColumnLimitError);
            };
            sheet.write_string(r, c, v.as_ref())?;
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_table_reads_back_cell_by_cell_as_text() {
        let bytes = super::tabel("Acties", [vec!["actie", "eind"], vec!["=1+1", "2027-03-31"]]).unwrap();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = calamine::Reader::worksheet_range(&mut book, "Acties").unwrap();
        let cells: Vec<String> = range.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
        assert_eq!(cells, ["actie", "eind", "=1+1", "2027-03-31"]);
    }
}
