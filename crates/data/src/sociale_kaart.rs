//! The sociale kaart as CSV: one row per actor —
//! `id,naam,discipline,organisatie,buurtcode,wijkverband,contact`. The
//! template is `sociale_kaart::TEMPLATE`. A bad row is a located error and
//! nothing of the file is used.

use std::collections::HashMap;
use std::path::Path;

use wv_core::gebied::{Code, Niveau};
use wv_core::netwerk::{Actor, Discipline};

use crate::table::Table;
use crate::{DataError, Location};

/// The downloadable template: the header and two example rows.
pub const TEMPLATE: &str = "id,naam,discipline,organisatie,buurtcode,wijkverband,contact
hp-kamerik-1,J. de Vries,huisarts,Huisartsenpraktijk Kamerik,BU06320701,Woerden Noord,praktijk@voorbeeld.nl
apo-kamerik,Apotheek Kamerik,apotheek,Apotheek Kamerik,BU06320701,Woerden Noord,
";

/// One actor with its contact details (personal data: kept apart from the analysis).
#[derive(Debug, Clone, PartialEq)]
pub struct ActorRij {
    pub actor: Actor,
    pub contact: Option<String>,
    pub regel: Location,
}

pub fn read(path: &Path) -> Result<Vec<ActorRij>, DataError> {
    let mut table = Table::open(path)?;
    let col = |t: &Table, name: &str, required: bool| -> Result<Option<usize>, DataError> {
        match t.column(&[name]) {
            Some(c) => Ok(Some(c)),
            None if required => Err(DataError::new(path, format!("heeft geen kolom '{name}'"))
                .at(Location::Line(1))
                .hint("gebruik het sjabloon: id,naam,discipline,organisatie,buurtcode,wijkverband,contact")),
            None => Ok(None),
        }
    };
    let (id, naam, discipline) =
        (col(&table, "id", true)?, col(&table, "naam", true)?, col(&table, "discipline", true)?);
    let (organisatie, buurt) = (col(&table, "organisatie", false)?, col(&table, "buurtcode", false)?);
    let (wijkverband, contact) = (col(&table, "wijkverband", false)?, col(&table, "contact", false)?);
    let headers = table.headers.clone();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::new();
    for record in table.records(path) {
        let (line, record) = record?;
        let at = Location::Line(line);
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).map(str::trim).filter(|v| !v.is_empty());
        let err = |c: Option<usize>, m: String| {
            let e = DataError::new(path, m).at(at.clone());
            match c {
                Some(c) => e.field(&headers[c]),
                None => e,
            }
        };
        let Some(key) = get(id) else { return Err(err(id, "geen id".into()).hint("geef elke actor een eigen id")) };
        if let Some(first) = seen.insert(key.to_string(), line) {
            return Err(err(id, format!("id '{key}' staat er twee keer in, ook op regel {first}")));
        }
        let Some(name) = get(naam) else { return Err(err(naam, "geen naam".into())) };
        let text = get(discipline).unwrap_or("");
        let Some(d) = Discipline::parse(text) else {
            let choices: Vec<&str> = Discipline::ALL.iter().map(|d| d.label()).collect();
            return Err(err(discipline, format!("'{text}' is geen discipline"))
                .hint(format!("kies uit: {}", choices.join(", "))));
        };
        let buurtcode = match get(buurt) {
            Some(b) => {
                let c = Code::parse(b).map_err(|e| err(buurt, e.to_string()))?;
                if c.niveau() != Niveau::Buurt {
                    return Err(err(buurt, format!("{c} is geen buurtcode")));
                }
                Some(c.to_string())
            }
            None => None,
        };
        out.push(ActorRij {
            actor: Actor {
                id: key.to_string(),
                naam: name.to_string(),
                discipline: d,
                organisatie: get(organisatie).map(String::from),
                buurt: buurtcode,
                wijkverband: get(wijkverband).map(String::from),
            },
            contact: get(contact).map(String::from),
            regel: at,
        });
    }
    if out.is_empty() {
        return Err(DataError::new(path, "heeft een kopregel maar geen actoren").at(Location::Line(2)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kaart.csv");
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    #[test]
    fn the_template_reads() {
        let (_d, p) = write(TEMPLATE);
        let rows = read(&p).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].actor.discipline, Discipline::Huisarts);
        assert_eq!(rows[1].actor.discipline, Discipline::Apotheek);
        assert_eq!(rows[0].contact.as_deref(), Some("praktijk@voorbeeld.nl"));
        assert_eq!(rows[1].contact, None);
        assert_eq!(rows[1].regel, Location::Line(3));
    }

    #[test]
    fn bad_rows_say_where_and_what_to_do() {
        for (row, expect) in [
            ("x1,Iemand,astronaut,,,,", ["regel 4", "discipline", "'astronaut' is geen discipline", "kies uit"]),
            ("hp-kamerik-1,Dubbel,huisarts,,,,", ["regel 4", "id", "twee keer", "regel 2"]),
            ("x2,Iemand,huisarts,,GM0632,,", ["regel 4", "buurtcode", "GM0632 is geen buurtcode", ""]),
            (",Iemand,huisarts,,,,", ["regel 4", "id", "geen id", ""]),
        ] {
            let (_d, p) = write(&format!("{TEMPLATE}{row}\n"));
            let e = read(&p).unwrap_err().to_string();
            for x in expect {
                assert!(e.contains(x), "'{x}' not in: {e}");
            }
        }
    }
}
