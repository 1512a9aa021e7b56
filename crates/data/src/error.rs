//! `DataError`: bad input with its file, location, field and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file something is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A line (1-based) of a text file.
    Line(u64),
    /// A line and column of a text file.
    LineColumn(u64, u64),
    /// A feature (1-based), with its code when it has one.
    Feature(usize, Option<String>),
    /// A row (1-based, as the spreadsheet numbers it) of a spreadsheet.
    Row(u64),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(l) => write!(f, "regel {l}"),
            Location::LineColumn(l, c) => write!(f, "regel {l}, kolom {c}"),
            Location::Feature(n, None) => write!(f, "object {n}"),
            Location::Feature(n, Some(code)) => write!(f, "object {n} ({code})"),
            Location::Row(r) => write!(f, "rij {r}"),
        }
    }
}

/// Bad input: what is wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DataError {
    pub file: PathBuf,
    pub location: Option<Location>,
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl DataError {
    pub fn new(file: &Path, message: impl Into<String>) -> DataError {
        DataError { file: file.to_path_buf(), location: None, field: None, message: message.into(), hint: None }
    }

    pub fn at(mut self, location: Location) -> DataError {
        self.location = Some(location);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> DataError {
        self.field = Some(field.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> DataError {
        self.hint = Some(hint.into());
        self
    }

    /// The error of a file unpacked from the archive `archive`, named as the archive's member.
    pub fn inside(mut self, archive: &Path) -> DataError {
        let member = self.file.file_name().map(PathBuf::from).unwrap_or_default();
        self.file = archive.join(member);
        self
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = &self.location {
            write!(f, ", {l}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", veld '{field}'")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  tip: {h}")?;
        }
        Ok(())
    }
}
