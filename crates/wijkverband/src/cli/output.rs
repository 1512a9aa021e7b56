//! Output formats: a table for people, CSV and JSON for other tools.

use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;
use wv_core::format;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// A cell of tabular output.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Number(Option<f64>),
}

/// Rows with named columns, printed in any format.
pub struct Rows {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Rows {
    pub fn print(&self, format: Format) -> Result<()> {
        match format {
            Format::Table => {
                let mut t = Table::new();
                t.load_style(UTF8_FULL_CONDENSED).set_header(&self.columns);
                for r in &self.rows {
                    t.add_row(r.iter().map(|c| match c {
                        Cell::Text(s) => comfy_table::Cell::new(s),
                        Cell::Number(v) => {
                            comfy_table::Cell::new(format::plain(*v)).set_alignment(CellAlignment::Right)
                        }
                    }));
                }
                println!("{t}");
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(std::io::stdout().lock());
                w.write_record(&self.columns)?;
                for r in &self.rows {
                    w.write_record(r.iter().map(|c| match c {
                        Cell::Text(s) => wv_data::csv_uit::cel(s).into_owned(),
                        Cell::Number(Some(v)) => v.to_string(),
                        Cell::Number(None) => String::new(),
                    }))?;
                }
                w.flush()?;
            }
            Format::Json => {
                let objects: Vec<serde_json::Map<String, serde_json::Value>> = self
                    .rows
                    .iter()
                    .map(|r| {
                        self.columns
                            .iter()
                            .map(|c| c.to_string())
                            .zip(r.iter().map(|c| serde_json::to_value(c).expect("plain values")))
                            .collect()
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&objects)?);
            }
        }
        Ok(())
    }
}
