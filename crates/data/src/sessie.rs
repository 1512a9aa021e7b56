//! Contributions of duidingssessies as CSV: `wijk,sessie,tafel,ronde,tekst`, one row per
//! contribution (a post-it, a keyword typed on a phone) — how sessions held elsewhere come in,
//! and the input of `wijkverband sessie rode-draad`.

use std::path::Path;

use crate::table::Table;
use crate::{DataError, Location};

/// The longest contribution read: a post-it, not an essay.
pub const MAX_TEKST: usize = 2000;
/// The longest name of a wijk, session, table or round read.
pub const MAX_NAAM: usize = 200;

/// One contribution, with the line it stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rij {
    pub wijk: String,
    pub sessie: String,
    pub tafel: String,
    pub ronde: String,
    pub tekst: String,
    pub regel: u64,
}

const KOLOMMEN: [&str; 5] = ["wijk", "sessie", "tafel", "ronde", "tekst"];

pub fn read(path: &Path) -> Result<Vec<Rij>, DataError> {
    from_table(path, Table::open(path)?)
}

/// Contributions from uploaded text, named `name` in messages.
pub fn read_text(name: &Path, text: String) -> Result<Vec<Rij>, DataError> {
    from_table(name, Table::from_text(name, text)?)
}

fn from_table(path: &Path, mut table: Table) -> Result<Vec<Rij>, DataError> {
    let mut kolom = [0; 5];
    for (k, naam) in kolom.iter_mut().zip(KOLOMMEN) {
        *k = table.column(&[naam]).ok_or_else(|| {
            DataError::new(path, format!("heeft geen kolom '{naam}'"))
                .at(Location::Line(1))
                .hint("bijdragen hebben de kolommen wijk,sessie,tafel,ronde,tekst")
        })?;
    }
    let mut uit = Vec::new();
    for record in table.records(path) {
        let (regel, r) = record?;
        let veld = |i: usize| r.get(kolom[i]).unwrap_or("").to_string();
        let rij = Rij { wijk: veld(0), sessie: veld(1), tafel: veld(2), ronde: veld(3), tekst: veld(4), regel };
        if rij.tekst.is_empty() {
            continue; // an empty post-it
        }
        for (i, waarde) in [&rij.wijk, &rij.sessie].into_iter().enumerate() {
            if waarde.is_empty() {
                return Err(DataError::new(path, format!("de {} ontbreekt", KOLOMMEN[i]))
                    .at(Location::Line(regel))
                    .field(KOLOMMEN[i])
                    .hint("elke bijdrage hoort bij een wijk en een sessie"));
            }
        }
        for (i, waarde) in [&rij.wijk, &rij.sessie, &rij.tafel, &rij.ronde].into_iter().enumerate() {
            if waarde.chars().count() > MAX_NAAM {
                return Err(DataError::new(path, format!("de {} is langer dan {MAX_NAAM} tekens", KOLOMMEN[i]))
                    .at(Location::Line(regel))
                    .field(KOLOMMEN[i])
                    .hint("een naam van een wijk, sessie, tafel of ronde is kort; staat de tekst in de goede kolom?"));
            }
        }
        if rij.tekst.chars().count() > MAX_TEKST {
            return Err(DataError::new(path, format!("de bijdrage is langer dan {MAX_TEKST} tekens"))
                .at(Location::Line(regel))
                .field("tekst")
                .hint("een bijdrage is een kernwoord of een korte zin; splits lange teksten"));
        }
        uit.push(rij);
    }
    Ok(uit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_any_column_order_read() {
        let t = "tekst,wijk,sessie,tafel,ronde\n\"Tijd, capaciteit\",Montfoort,1,A,1\n,Montfoort,1,A,2\n";
        let r = read_text(Path::new("b.csv"), t.into()).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].tekst.as_str(), r[0].wijk.as_str(), r[0].regel), ("Tijd, capaciteit", "Montfoort", 2));
    }

    #[test]
    fn a_missing_column_or_wijk_says_where() {
        let e = read_text(Path::new("b.csv"), "wijk,sessie,tekst\nA,1,x\n".into()).unwrap_err();
        assert!(e.to_string().contains("tafel"), "{e}");
        let e =
            read_text(Path::new("b.csv"), "wijk,sessie,tafel,ronde,tekst\nA,1,1,1,x\n,1,1,1,y\n".into()).unwrap_err();
        assert_eq!(e.location, Some(Location::Line(3)));
        assert_eq!(e.field.as_deref(), Some("wijk"));
        let lang = format!("wijk,sessie,tafel,ronde,tekst\nA,1,1,1,x\nA,{},1,1,y\n", "s".repeat(201));
        let e = read_text(Path::new("b.csv"), lang).unwrap_err();
        assert_eq!((e.location, e.field.as_deref()), (Some(Location::Line(3)), Some("sessie")));
    }
}
