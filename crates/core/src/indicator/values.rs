//! The value table: per area and variable the figures read from the open data.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

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
}
