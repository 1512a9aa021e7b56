//! Workbooks (XLSX) read within bounds: the first sheet, cell by cell, refused before anything
//! is allocated for it when it claims more than its kind of table holds (a tiny file with a cell
//! at XFD1048576, a zip bomb).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{DataType, Reader};

use crate::{DataError, Location};

/// What a workbook of one kind may hold.
pub(crate) struct Bounds {
    /// What the table is, in a sentence: "een sociale kaart".
    pub wat: &'static str,
    pub rows: u32,
    pub columns: u32,
    pub cells: usize,
    /// What the workbook's parts may hold once unpacked, in bytes.
    pub unpacked: u64,
}

/// A sheet's rows that hold anything, each with its row number (1-based) and its cells.
pub(crate) type Rows = Vec<(u64, Vec<calamine::Data>)>;

/// Whether `path` names a spreadsheet by its extension.
pub(crate) fn is_spreadsheet(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// The file at `path` as a workbook's bytes.
pub(crate) fn bytes(path: &Path) -> Result<Vec<u8>, DataError> {
    std::fs::read(path)
        .map_err(|e| DataError::new(path, format!("kan het bestand niet lezen: {e}")).hint("controleer het pad"))
}

/// The first sheet of the workbook `bytes` (named `path` in messages), within `b`.
pub(crate) fn first_sheet(path: &Path, bytes: Vec<u8>, b: &Bounds) -> Result<Rows, DataError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        DataError::new(path, format!("is geen leesbaar rekenblad: {e}"))
            .hint("sla het op als XLSX (Excel-werkmap), of als CSV")
    };
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(unreadable(&"alleen XLSX-werkmappen (en CSV) worden gelezen"));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).map_err(|e| unreadable(&e))?;
    let mut unpacked = 0u64;
    for k in 0..zip.len() {
        unpacked += zip.by_index_raw(k).map_err(|e| unreadable(&e))?.size();
    }
    if unpacked > b.unpacked {
        return Err(DataError::new(path, format!("is uitgepakt {} MiB: te groot voor {}", unpacked >> 20, b.wat))
            .hint(format!(
                "{} past in {} MiB; kijk of het werkblad lege rijen of kolommen met opmaak heeft",
                b.wat,
                b.unpacked >> 20
            )));
    }
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(DataError::new(path, "heeft geen werkblad").hint(format!("zet {} op het eerste werkblad", b.wat)));
    };
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(|e| unreadable(&e))?;
    let mut grid: BTreeMap<u32, Vec<calamine::Data>> = BTreeMap::new();
    let mut n = 0usize;
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        let (r, c) = cell.get_position();
        n += 1;
        if r >= b.rows || c >= b.columns || n > b.cells {
            return Err(DataError::new(
                path,
                format!(
                    "cel {} ligt buiten wat {} gebruikt (hoogstens {} kolommen, {} rijen en {} cellen)",
                    cell_name(r, c),
                    b.wat,
                    b.columns,
                    b.rows,
                    b.cells
                ),
            )
            .at(Location::Row(u64::from(r) + 1))
            .hint("verwijder de inhoud buiten de tabel, of kopieer de tabel naar een nieuw werkblad"));
        }
        let value = calamine::Data::from(cell.get_value().clone());
        if value.is_empty() || matches!(&value, calamine::Data::String(s) if s.trim().is_empty()) {
            continue;
        }
        let row = grid.entry(r).or_default();
        if row.len() <= c as usize {
            row.resize(c as usize + 1, calamine::Data::Empty);
        }
        row[c as usize] = value;
    }
    Ok(grid.into_iter().map(|(r, cells)| (u64::from(r) + 1, cells)).collect())
}

/// A cell as text, trimmed (a number as the spreadsheet holds it).
pub(crate) fn text(cell: &calamine::Data) -> String {
    cell.to_string().trim().to_string()
}

/// A cell's name as a spreadsheet shows it (0-based row and column): `XFD1048576`.
fn cell_name(row: u32, col: u32) -> String {
    let (mut c, mut letters) = (col + 1, Vec::new());
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}
