//! The layouts in which CBS and PDOK publish the key figures, recognised by their columns, and
//! each column's variable (`catalogus/kolommen.toml`): every layout of every year lands on the
//! same variables, so the catalogue reads a 2024 file as it reads a 2015 one.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

/// Where a layout's year is found, besides `--jaar`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JaarBron {
    /// A four-digit year in the file name (`kwb-2024.csv`).
    Bestand,
    /// The column `jaarstatcode` (or `jrstatcode`): `2021BU02330000`.
    Jaarstatcode,
    /// A StatLine table number in the file name (`85984NED`).
    Tabel,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub naam: String,
    pub titel: String,
    herkenning: Vec<String>,
    /// Columns that hold the area code, in order of preference.
    pub code: Vec<String>,
    pub jaar: JaarBron,
    /// Keys carry a number after an underscore (`AantalInwoners_5`): match without it.
    #[serde(default)]
    stam: bool,
    #[serde(default)]
    kolommen: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kolommen {
    layout: Vec<Layout>,
    statline: BTreeMap<String, i32>,
    #[serde(skip)]
    index: Vec<HashMap<String, String>>,
}

const BUILTIN: &str = include_str!("../../../../catalogus/kolommen.toml");

/// A column name as compared: trimmed (the real kwb-2024.csv has trailing spaces), lower case.
fn norm(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

impl Kolommen {
    pub fn builtin() -> Kolommen {
        Kolommen::from_toml(BUILTIN).expect("the built-in column map is valid (tested)")
    }

    pub fn from_toml(text: &str) -> Result<Kolommen, String> {
        let mut k: Kolommen = toml::from_str(text).map_err(|e| e.to_string())?;
        k.index = k.layout.iter().map(|l| l.kolommen.iter().map(|(c, v)| (norm(c), v.clone())).collect()).collect();
        Ok(k)
    }

    /// The layout of a file with these columns: the first whose recognising columns are all there.
    pub fn herken<S: AsRef<str>>(&self, columns: &[S]) -> Option<&Layout> {
        let have: Vec<String> = columns.iter().map(|c| norm(c.as_ref())).collect();
        self.layout.iter().find(|l| {
            l.herkenning.iter().all(|h| {
                let h = norm(h);
                have.iter().any(|c| *c == h || (l.stam && stem(c) == h))
            })
        })
    }

    /// The variable a column of `layout` is stored as: its mapped name, or else its own name
    /// (trimmed, lower case) — a column the map does not know is kept, not dropped.
    pub fn variabele(&self, layout: &Layout, column: &str) -> String {
        let i = self.layout.iter().position(|l| l.naam == layout.naam).unwrap_or(0);
        let c = norm(column);
        let key = if layout.stam { stem(&c) } else { c.clone() };
        self.index[i].get(&key).cloned().unwrap_or(c)
    }

    /// The variable a column name of any layout means (`P_65_EO_JR`, `a_65_oo`,
    /// `k_65JaarOfOuder_12`): for a name a user types rather than a file's header.
    pub fn variabele_overal(&self, column: &str) -> String {
        let c = norm(column);
        self.index.iter().find_map(|m| m.get(&c).or_else(|| m.get(&stem(&c))).cloned()).unwrap_or(c)
    }

    /// The year of a StatLine table (`85984NED` → 2024), if the name holds a known table number.
    pub fn statline_jaar(&self, name: &str) -> Option<i32> {
        let upper = name.to_ascii_uppercase();
        self.statline.iter().find(|(t, _)| upper.contains(t.as_str())).map(|(_, &j)| j)
    }

    /// The title of the layout named `naam`, as a user reads it.
    pub fn titel(&self, naam: &str) -> Option<&str> {
        self.layout.iter().find(|l| l.naam == naam).map(|l| l.titel.as_str())
    }

    pub fn layouts(&self) -> &[Layout] {
        &self.layout
    }
}

/// `aantalinwoners_5` → `aantalinwoners`: a StatLine key without its number.
fn stem(c: &str) -> String {
    match c.rsplit_once('_') {
        Some((s, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => s.to_string(),
        _ => c.to_string(),
    }
}

/// A four-digit year 2000–2099 in a file name (`kwb-2024.csv`, `wijkenbuurten_2021_v3.gpkg`).
pub fn jaar_in_naam(name: &str) -> Option<i32> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let digits = &b[i..i + 4];
        let alone = (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        (alone && digits.starts_with(b"20") && digits.iter().all(u8::is_ascii_digit))
            .then(|| std::str::from_utf8(digits).ok()?.parse().ok())
            .flatten()
    })
}

/// The year in a `jaarstatcode` such as `2021BU02330000`.
pub fn jaar_in_statcode(s: &str) -> Option<i32> {
    s.trim().get(..4)?.parse().ok().filter(|j| (1990..2100).contains(j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_lands_on_the_csv_names() {
        let k = Kolommen::builtin();
        let csv = k.herken(&["gwb_code_10", "a_inw ", "a_65_oo"]).unwrap();
        assert_eq!(csv.naam, "kwb-csv");
        assert_eq!(k.variabele(csv, "a_nb_won "), "a_nb_won");
        let shp = k.herken(&["BU_CODE", "AANT_INW", "P_65_EO_JR"]).unwrap();
        assert_eq!((k.variabele(shp, "AANT_INW"), k.variabele(shp, "P_65_EO_JR")), ("a_inw".into(), "p_65_oo".into()));
        let odata = k.herken(&["WijkenEnBuurten", "AantalInwoners_5"]).unwrap();
        assert_eq!(k.variabele(odata, "k_65JaarOfOuder_12"), "a_65_oo");
        assert_eq!(k.variabele(odata, "AfstandTotHuisartsenpraktijk_117"), "g_afs_hp");
        let gpkg = k.herken(&["buurtcode", "aantal_inwoners", "jaarstatcode"]).unwrap();
        assert_eq!(k.variabele(gpkg, "percentage_personen_65_jaar_en_ouder"), "p_65_oo");
        assert!(k.herken(&["code", "inwoners"]).is_none());
        assert_eq!(k.variabele_overal("P_EENP_HH"), "p_1p_hh");
        assert_eq!(k.variabele_overal("g_ink_pi"), "g_ink_pi");
    }

    #[test]
    fn years_come_from_names_codes_and_tables() {
        assert_eq!(jaar_in_naam("kwb-2024.csv"), Some(2024));
        assert_eq!(jaar_in_naam("wijkenbuurten_2021_v3.gpkg"), Some(2021));
        assert_eq!(jaar_in_naam("kerncijfers.csv"), None);
        assert_eq!(jaar_in_naam("85984NED.json"), None);
        assert_eq!(jaar_in_statcode("2021BU02330000"), Some(2021));
        assert_eq!(Kolommen::builtin().statline_jaar("85984NED_TypedDataSet.json"), Some(2024));
    }
}
