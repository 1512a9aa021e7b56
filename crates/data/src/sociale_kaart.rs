//! The sociale kaart as a table — CSV or a spreadsheet (XLSX, ODS) — with one
//! row per actor: `id,naam,discipline,organisatie,buurtcode,wijkverband,
//! overleggen,contact,soort,rol` (overleggen separated by `;`; soort is persoon,
//! team or organisatie). The templates are
//! [`TEMPLATE`] and [`template_xlsx`]. A bad row is a located error and
//! nothing of the file is used.

use std::collections::HashMap;
use std::path::Path;

use wv_core::gebied::{Code, Niveau};
use wv_core::netwerk::{Actor, ActorSoort, Discipline};

use crate::spreadsheet::{self, Bounds, is_spreadsheet};
use crate::table::Table;
use crate::{DataError, Location};

/// The columns, in the templates' order; id, naam and discipline are required.
pub const COLUMNS: [&str; 10] =
    ["id", "naam", "discipline", "organisatie", "buurtcode", "wijkverband", "overleggen", "contact", "soort", "rol"];

/// The downloadable CSV template: the header and two example rows. Examples are rows whose id
/// starts with [`VOORBEELD`]: reading leaves them out and says so, so a template read in as it
/// is adds nothing.
pub const TEMPLATE: &str = "id,naam,discipline,organisatie,buurtcode,wijkverband,overleggen,contact,soort,rol
voorbeeld-1,Voorbeeld: J. de Vries,huisarts,Huisartsenpraktijk Kamerik,BU06320701,Voorbeeld-wijkverband,MDO ouderen Kamerik,praktijk@voorbeeld.nl,persoon,praktijkhouder
voorbeeld-2,Voorbeeld: Apotheek Kamerik,apotheek,Apotheek Kamerik,BU06320701,Voorbeeld-wijkverband,,,organisatie,
";

/// What reading left out of a filled-in template, in words (empty when nothing was).
pub fn overgeslagen(voorbeelden: usize) -> String {
    match voorbeelden {
        0 => String::new(),
        1 => "; 1 voorbeeldrij van het sjabloon overgeslagen".into(),
        n => format!("; {n} voorbeeldrijen van het sjabloon overgeslagen"),
    }
}

/// How the ids of the template's example rows begin.
pub const VOORBEELD: &str = "voorbeeld";

/// A sociale kaart as read: its actors, and how many example rows of the template were left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Kaart {
    pub rijen: Vec<ActorRij>,
    pub voorbeelden: usize,
}

/// The template as an Excel workbook: the same columns and examples, a pick
/// list of disciplines in the discipline column, and a sheet that explains
/// each column.
pub fn template_xlsx() -> Vec<u8> {
    let rows: Vec<Vec<String>> = TEMPLATE.lines().skip(1).map(|l| l.split(',').map(String::from).collect()).collect();
    workbook(&rows).expect("the template is fixed and always writes")
}

/// A sociale kaart as rows of the template's columns, for export (it reads back as it was).
fn rows_of(actors: &[(Actor, Option<String>)]) -> Vec<Vec<String>> {
    actors
        .iter()
        .map(|(a, contact)| {
            vec![
                a.id.clone(),
                a.naam.clone(),
                a.discipline.label().to_string(),
                a.organisatie.clone().unwrap_or_default(),
                a.buurt.clone().unwrap_or_default(),
                a.wijkverband.clone().unwrap_or_default(),
                a.overleggen.join("; "),
                contact.clone().unwrap_or_default(),
                a.soort.label().to_string(),
                a.rol.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

/// The sociale kaart as CSV in the template's columns.
pub fn write_csv(actors: &[(Actor, Option<String>)]) -> String {
    crate::csv_uit::tekst(std::iter::once(COLUMNS.map(String::from).to_vec()).chain(rows_of(actors)))
}

/// The sociale kaart as an Excel workbook like the template (pick lists, explanation sheet).
pub fn write_xlsx(actors: &[(Actor, Option<String>)]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    workbook(&rows_of(actors))
}

fn workbook(rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DataValidation, Format, Workbook, Worksheet};
    let bold = Format::new().set_bold();
    let mut sheet = Worksheet::new();
    sheet.set_name("sociale kaart")?;
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &bold)?;
        sheet.set_column_width(c as u16, if c == 6 { 36 } else { 22 })?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, v)?;
        }
    }
    let labels: Vec<&str> = Discipline::ALL.iter().map(|d| d.label()).collect();
    let last = (rows.len() as u32 + 5000).min(1_048_575);
    sheet.add_data_validation(1, 2, last, 2, &DataValidation::new().allow_list_strings(&labels)?)?;
    let soorten: Vec<&str> = ActorSoort::ALL.iter().map(|s| s.label()).collect();
    sheet.add_data_validation(1, 8, last, 8, &DataValidation::new().allow_list_strings(&soorten)?)?;
    let mut help = Worksheet::new();
    help.set_name("uitleg")?;
    help.set_column_width(0, 16)?;
    help.set_column_width(1, 90)?;
    for (r, (k, v)) in HELP.iter().enumerate() {
        help.write_string_with_format(r as u32, 0, *k, &bold)?;
        help.write_string(r as u32, 1, *v)?;
    }
    let mut book = Workbook::new();
    book.push_worksheet(sheet);
    book.push_worksheet(help);
    book.save_to_buffer()
}

const HELP: [(&str, &str); 10] = [
    (
        "id",
        "Verplicht. Een eigen code per actor, bijvoorbeeld hp-kamerik-1. Dezelfde id later opnieuw inlezen vervangt de actor. Rijen waarvan de id met 'voorbeeld' begint, worden overgeslagen: laat de voorbeelden staan of haal ze weg.",
    ),
    ("naam", "Verplicht. De naam van de persoon, het team of de organisatie."),
    ("discipline", "Verplicht. Kies uit de lijst (huisarts, wijkverpleging, apotheek, sociaal werk, …)."),
    ("organisatie", "Waar de persoon werkt."),
    ("buurtcode", "De CBS-buurtcode van de werkplek, zoals BU06320701."),
    ("wijkverband", "Het wijkverband waar de actor bij hoort."),
    (
        "overleggen",
        "De overleggen waar de actor aan deelneemt, gescheiden door een puntkomma: MDO ouderen Kamerik; Kernteam Woerden Noord.",
    ),
    ("contact", "E-mail of telefoon. Dit is een persoonsgegeven: alleen zichtbaar voor de regio, en te verwijderen."),
    ("soort", "persoon, team of organisatie (leeg is persoon)."),
    ("rol", "De functie of rol, zoals praktijkhouder, teamleider of POH-ouderen."),
];

/// One actor with its contact details (personal data: kept apart from the analysis).
#[derive(Debug, Clone, PartialEq)]
pub struct ActorRij {
    pub actor: Actor,
    pub contact: Option<String>,
    pub regel: Location,
}

/// Reads a sociale kaart file: a spreadsheet by its extension (XLSX; `.xls` and `.ods` are
/// refused with a hint), else CSV.
pub fn read(path: &Path) -> Result<Kaart, DataError> {
    if is_spreadsheet(path) {
        return read_spreadsheet(path, spreadsheet::bytes(path)?);
    }
    let mut table = Table::open(path)?;
    read_table(path, &mut table)
}

/// Reads an upload named `name`: a spreadsheet by its name or its bytes, else CSV text.
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<Kaart, DataError> {
    let path = Path::new(name);
    if is_spreadsheet(path) || bytes.starts_with(b"PK\x03\x04") {
        return read_spreadsheet(path, bytes);
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        DataError::new(path, "is geen geldige UTF-8").hint("sla het bestand op als CSV (UTF-8) of XLSX")
    })?;
    let mut table = Table::from_text(path, text)?;
    read_table(path, &mut table)
}

fn read_table(path: &Path, table: &mut Table) -> Result<Kaart, DataError> {
    let headers = table.headers.clone();
    let records = table
        .records(path)
        .map(|r| r.map(|(line, rec)| (Location::Line(line), rec.iter().map(String::from).collect())));
    rows(path, &headers, records, Location::Line(1))
}

/// What a sociale kaart as a spreadsheet may hold.
const BOUNDS: Bounds =
    Bounds { wat: "een sociale kaart", rows: 100_000, columns: 64, cells: 1_000_000, unpacked: 64 << 20 };

/// The first sheet of a workbook; rows keep the numbers the spreadsheet shows.
fn read_spreadsheet(path: &Path, bytes: Vec<u8>) -> Result<Kaart, DataError> {
    let mut grid = spreadsheet::first_sheet(path, bytes, &BOUNDS)?.into_iter();
    let Some((head, headers)) = grid.next() else {
        return Err(DataError::new(path, "is leeg").at(Location::Row(1)).hint("de eerste rij moet de kolommen noemen"));
    };
    let headers: Vec<String> = headers.iter().map(spreadsheet::text).collect();
    let records = grid.map(|(r, cells)| Ok((Location::Row(r), cells.iter().map(spreadsheet::text).collect())));
    rows(path, &headers, records, Location::Row(head))
}

/// Validates the records of either kind of table.
fn rows(
    path: &Path,
    headers: &[String],
    records: impl Iterator<Item = Result<(Location, Vec<String>), DataError>>,
    header_at: Location,
) -> Result<Kaart, DataError> {
    let column = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let required = |name: &str| {
        column(name).ok_or_else(|| {
            DataError::new(path, format!("heeft geen kolom '{name}'"))
                .at(header_at.clone())
                .hint(format!("gebruik het sjabloon: {}", COLUMNS.join(",")))
        })
    };
    let (id, naam, discipline) = (required("id")?, required("naam")?, required("discipline")?);
    let (organisatie, buurt, wijkverband) = (column("organisatie"), column("buurtcode"), column("wijkverband"));
    let (overleggen, contact) = (column("overleggen"), column("contact"));
    let (soort, rol) = (column("soort"), column("rol"));
    let mut seen: HashMap<String, Location> = HashMap::new();
    let mut out = Vec::new();
    let mut voorbeelden = 0;
    for record in records {
        let (at, record) = record?;
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).map(|v| v.trim()).filter(|v| !v.is_empty());
        if get(Some(id)).is_some_and(|k| k.to_lowercase().starts_with(VOORBEELD)) {
            voorbeelden += 1;
            continue;
        }
        let err = |c: usize, m: String| DataError::new(path, m).at(at.clone()).field(headers[c].trim());
        let Some(key) = get(Some(id)) else {
            return Err(err(id, "geen id".into()).hint("geef elke actor een eigen id"));
        };
        if let Some(first) = seen.insert(key.to_string(), at.clone()) {
            return Err(err(id, format!("id '{key}' staat er twee keer in, ook op {first}")));
        }
        let Some(name) = get(Some(naam)) else { return Err(err(naam, "geen naam".into())) };
        let text = get(Some(discipline)).unwrap_or("");
        let Some(d) = Discipline::parse(text) else {
            let choices: Vec<&str> = Discipline::ALL.iter().map(|d| d.label()).collect();
            return Err(err(discipline, format!("'{text}' is geen discipline"))
                .hint(format!("kies uit: {}", choices.join(", "))));
        };
        let buurtcode = match (buurt, get(buurt)) {
            (Some(c), Some(b)) => {
                let code = Code::parse(b).map_err(|e| err(c, e.to_string()))?;
                if code.niveau() != Niveau::Buurt {
                    return Err(err(c, format!("{code} is geen buurtcode"))
                        .hint("een buurtcode begint met BU, zoals BU06320701"));
                }
                Some(code.to_string())
            }
            _ => None,
        };
        let kind = get(soort).unwrap_or("");
        let Some(kind) = ActorSoort::parse(kind) else {
            return Err(err(soort.expect("a value comes from a column"), format!("'{kind}' is geen soort"))
                .hint("kies persoon, team of organisatie"));
        };
        out.push(ActorRij {
            actor: Actor {
                id: key.to_string(),
                naam: name.to_string(),
                discipline: d,
                organisatie: get(organisatie).map(String::from),
                buurt: buurtcode,
                wijkverband: get(wijkverband).map(String::from),
                overleggen: split_overleggen(get(overleggen).unwrap_or("")),
                soort: kind,
                rol: get(rol).map(String::from),
            },
            contact: get(contact).map(String::from),
            regel: at,
        });
    }
    if out.is_empty() && voorbeelden > 0 {
        return Err(DataError::new(path, format!("bevat alleen de {voorbeelden} voorbeeldrijen van het sjabloon"))
            .hint("zet uw eigen actoren onder de voorbeelden (die worden overgeslagen), elk met een eigen id"));
    }
    if out.is_empty() {
        return Err(DataError::new(path, "heeft een kopregel maar geen actoren")
            .hint("zet elke actor op een eigen regel onder de kopregel"));
    }
    Ok(Kaart { rijen: out, voorbeelden })
}

/// Overleggen as written in one cell: separated by `;`, each trimmed.
pub fn split_overleggen(text: &str) -> Vec<String> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        (dir, p)
    }

    /// The template's rows with real ids: what a user makes of the examples.
    fn filled_in() -> String {
        TEMPLATE.replace("voorbeeld-1,Voorbeeld: ", "hp-kamerik-1,").replace("voorbeeld-2,Voorbeeld: ", "apo-kamerik,")
    }

    #[test]
    fn the_template_reads_and_its_examples_are_left_out() {
        let (_d, p) = write("kaart.csv", filled_in().as_bytes());
        let rows = read(&p).unwrap().rijen;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].actor.discipline, Discipline::Huisarts);
        assert_eq!(rows[0].actor.overleggen, ["MDO ouderen Kamerik"]);
        assert_eq!(rows[1].actor.discipline, Discipline::Apotheek);
        assert_eq!(rows[0].contact.as_deref(), Some("praktijk@voorbeeld.nl"));
        assert_eq!(rows[1].contact, None);
        assert_eq!(rows[1].regel, Location::Line(3));
        assert_eq!((rows[0].actor.soort, rows[0].actor.rol.as_deref()), (ActorSoort::Persoon, Some("praktijkhouder")));
        assert_eq!((rows[1].actor.soort, rows[1].actor.rol.as_deref()), (ActorSoort::Organisatie, None));
        // The template as it is adds nothing: its examples are refused with a message...
        let (_e, q) = write("kaart.csv", TEMPLATE.as_bytes());
        let e = read(&q).unwrap_err();
        assert!(e.to_string().contains("alleen de 2 voorbeeldrijen"), "{e}");
        // ... and beside real rows they are left out and counted.
        let (_f, r) = write("kaart.csv", format!("{TEMPLATE}x1,Iemand,huisarts,,,,,,,\n").as_bytes());
        let k = read(&r).unwrap();
        assert_eq!((k.rijen.len(), k.voorbeelden, k.rijen[0].actor.id.as_str()), (1, 2, "x1"));
    }

    #[test]
    fn the_xlsx_template_reads_as_the_csv_one() {
        let (_d, p) = write("sjabloon.xlsx", &template_xlsx());
        assert!(read(&p).unwrap_err().to_string().contains("voorbeeldrijen"));
        let rows: Vec<Vec<String>> =
            filled_in().lines().skip(1).map(|l| l.split(',').map(String::from).collect()).collect();
        let book = workbook(&rows).unwrap();
        let from_xlsx = read_bytes("kaart.xlsx", book.clone()).unwrap().rijen;
        let from_csv = read_bytes("kaart.csv", filled_in().into_bytes()).unwrap().rijen;
        assert_eq!(from_xlsx.len(), 2);
        for (x, c) in from_xlsx.iter().zip(&from_csv) {
            assert_eq!((&x.actor, &x.contact), (&c.actor, &c.contact));
        }
        assert_eq!(from_xlsx[1].regel, Location::Row(3));
        assert_eq!(read_bytes("upload", book).unwrap().rijen.len(), 2, "an upload is known by its bytes");
    }

    #[test]
    fn an_exported_kaart_reads_back_as_it_was() {
        use wv_core::netwerk::demo::{DemoWijkverband, sociale_kaart};
        let wvs = [DemoWijkverband {
            naam: "Noord, \"oost\"",
            buurten: vec![("BU03440101", "Een", 9000.0), ("BU03440102", "Twee", 7000.0)],
        }];
        let actors: Vec<(Actor, Option<String>)> = sociale_kaart(&wvs, 5)
            .into_iter()
            .enumerate()
            .map(|(i, a)| (a, (i % 2 == 0).then(|| format!("persoon{i}@voorbeeld.nl"))))
            .collect();
        assert!(actors.iter().any(|(a, _)| !a.overleggen.is_empty() && a.rol.is_some()));
        let from_csv = read_bytes("kaart.csv", write_csv(&actors).into_bytes()).unwrap();
        let from_xlsx = read_bytes("kaart.xlsx", write_xlsx(&actors).unwrap()).unwrap();
        for back in [from_csv, from_xlsx] {
            let back: Vec<(Actor, Option<String>)> = back.rijen.into_iter().map(|r| (r.actor, r.contact)).collect();
            assert_eq!(back, actors);
        }
    }

    #[test]
    fn bad_rows_say_where_and_what_to_do() {
        for (row, expect) in [
            ("x1,Iemand,astronaut,,,,,,,", ["regel 4", "discipline", "'astronaut' is geen discipline", "kies uit"]),
            ("x0,Eerste,huisarts,,,,,,,\nx0,Dubbel,huisarts,,,,,,,", ["regel 5", "id", "twee keer", "regel 4"]),
            ("x2,Iemand,huisarts,,GM0632,,,,,", ["regel 4", "buurtcode", "GM0632 is geen buurtcode", "BU"]),
            (",Iemand,huisarts,,,,,,,", ["regel 4", "id", "geen id", ""]),
            (
                "x3,Iemand,huisarts,,,,,,afdeling,",
                ["regel 4", "soort", "'afdeling' is geen soort", "persoon, team of organisatie"],
            ),
        ] {
            let (_d, p) = write("kaart.csv", format!("{TEMPLATE}{row}\n").as_bytes());
            let e = read(&p).unwrap_err().to_string();
            for x in expect {
                assert!(e.contains(x), "'{x}' not in: {e}");
            }
        }
    }

    #[test]
    fn a_bad_spreadsheet_row_names_its_row_and_column() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in COLUMNS.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "a1").unwrap();
        sheet.write_string(1, 1, "Apotheek De Brug").unwrap();
        sheet.write_string(1, 2, "apotheker").unwrap();
        // A blank row is skipped; the next row keeps the number the spreadsheet shows.
        sheet.write_number(3, 0, 17.0).unwrap();
        sheet.write_string(3, 1, "Iemand").unwrap();
        sheet.write_string(3, 2, "tandarts").unwrap();
        let (_d, p) = write("kaart.xlsx", &book.save_to_buffer().unwrap());
        let e = read(&p).unwrap_err().to_string();
        for x in ["kaart.xlsx", "rij 4", "discipline", "'tandarts' is geen discipline"] {
            assert!(e.contains(x), "'{x}' not in: {e}");
        }
        let (_d, p) = write("kapot.xlsx", b"PK\x03\x04 no zip");
        assert!(read(&p).unwrap_err().to_string().contains("geen leesbaar rekenblad"));
    }
}
