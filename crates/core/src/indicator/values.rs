//! The value table: per area and variable the figures read from the open data.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::gebied::koppeling::Methode;

/// One published variable of one dataset, year and (optional) population group,
/// e.g. `kwb/2015/AANT_INW` or `gezondheid/2020/65+/Eenzaam`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeriesKey {
    pub dataset: String,
    pub jaar: i32,
    /// Population group such as `18+`; empty when the dataset has none.
    pub groep: String,
    pub variabele: String,
}

impl SeriesKey {
    pub fn new(dataset: &str, jaar: i32, groep: &str, variabele: &str) -> SeriesKey {
        SeriesKey { dataset: dataset.into(), jaar, groep: groep.into(), variabele: variabele.into() }
    }
}

/// Source values per area code. A value that is absent is unknown: CBS
/// suppressed it, or the source has no figure for that area. Never zero.
#[derive(Debug, Clone, Default)]
pub struct ValueTable {
    series: HashMap<SeriesKey, usize>,
    rows: HashMap<String, Vec<Option<f64>>>,
    /// Series groups published in another division than the buurten': how each buurt was linked.
    herkomst: HashMap<Groep, Herkomst>,
}

/// A series group: dataset, year and population group.
pub type Groep = (String, i32, String);

/// How the buurten got the figures of a group published in another division.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Herkomst {
    /// The division the source's codes belong to.
    pub indeling: i32,
    /// Per buurt code, how it was linked; a buurt that is missing got nothing.
    pub methoden: HashMap<String, Methode>,
}

impl ValueTable {
    pub fn new() -> ValueTable {
        ValueTable::default()
    }

    fn series_index(&mut self, key: &SeriesKey) -> usize {
        if let Some(&i) = self.series.get(key) {
            return i;
        }
        let i = self.series.len();
        self.series.insert(key.clone(), i);
        i
    }

    /// Records a value; `None` records that the source marked it unknown.
    pub fn insert(&mut self, area: &str, key: &SeriesKey, value: Option<f64>) {
        let i = self.series_index(key);
        let row = self.rows.entry(area.to_string()).or_default();
        if row.len() <= i {
            row.resize(i + 1, None);
        }
        row[i] = value.filter(|v| v.is_finite());
    }

    pub fn get(&self, area: &str, key: &SeriesKey) -> Option<f64> {
        let i = *self.series.get(key)?;
        self.get_indexed(area, i)
    }

    pub(crate) fn index_of(&self, key: &SeriesKey) -> Option<usize> {
        self.series.get(key).copied()
    }

    pub(crate) fn row(&self, area: &str) -> Option<&[Option<f64>]> {
        self.rows.get(area).map(Vec::as_slice)
    }

    fn get_indexed(&self, area: &str, i: usize) -> Option<f64> {
        self.rows.get(area)?.get(i).copied().flatten()
    }

    /// Area codes with at least one recorded series.
    pub fn areas(&self) -> impl Iterator<Item = &str> {
        self.rows.keys().map(String::as_str)
    }

    pub fn has_series(&self, key: &SeriesKey) -> bool {
        self.series.contains_key(key)
    }

    /// Records how the buurten got a group's figures from another division.
    pub fn set_herkomst(&mut self, groep: Groep, herkomst: Herkomst) {
        self.herkomst.insert(groep, herkomst);
    }

    /// How a group's figures were linked, when they come from another division.
    pub fn herkomst(&self, dataset: &str, jaar: i32, groep: &str) -> Option<&Herkomst> {
        self.herkomst.get(&(dataset.to_string(), jaar, groep.to_string()))
    }

    /// The strict reading: figures a buurt got from its wijk or gemeente are left out (unknown),
    /// so coverage counts only what was linked at buurt level.
    pub fn streng(&self) -> ValueTable {
        let mut t = self.clone();
        for (groep, h) in &self.herkomst {
            let cols: Vec<usize> = self
                .series
                .iter()
                .filter(|(k, _)| (k.dataset.as_str(), k.jaar, k.groep.as_str()) == (&groep.0, groep.1, &groep.2))
                .map(|(_, &i)| i)
                .collect();
            for (area, m) in &h.methoden {
                if let Some(row) = t.rows.get_mut(area).filter(|_| !m.op_buurtniveau()) {
                    for &i in &cols {
                        if let Some(v) = row.get_mut(i) {
                            *v = None;
                        }
                    }
                }
            }
        }
        t
    }
}
