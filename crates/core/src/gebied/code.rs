//! CBS area codes (BU…, WK…, GM…): parsed, validated, and their level and parents.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The level of a CBS area code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Niveau {
    Buurt,
    Wijk,
    Gemeente,
    Land,
}

impl Niveau {
    /// The Dutch name as used in the UI.
    pub fn naam(self) -> &'static str {
        match self {
            Niveau::Buurt => "buurt",
            Niveau::Wijk => "wijk",
            Niveau::Gemeente => "gemeente",
            Niveau::Land => "land",
        }
    }
}

/// A validated CBS area code: `BU` + 8 digits, `WK` + 6, `GM` + 4, or `NL01`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Code(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is geen CBS-gebiedscode (verwacht BU + 8 cijfers, WK + 6 cijfers, GM + 4 cijfers of NL01)")]
pub struct CodeError(pub String);

impl Code {
    pub fn parse(s: &str) -> Result<Code, CodeError> {
        let s = s.trim();
        let digits = |rest: &str, n: usize| rest.len() == n && rest.bytes().all(|b| b.is_ascii_digit());
        let ok = match s.get(..2) {
            Some("BU") => digits(&s[2..], 8),
            Some("WK") => digits(&s[2..], 6),
            Some("GM") => digits(&s[2..], 4),
            // CBS writes the country NL00 in the Kerncijfers and NL01 in StatLine: one area.
            Some("NL") => matches!(&s[2..], "00" | "01"),
            _ => false,
        };
        match (ok, s.get(..2)) {
            (true, Some("NL")) => Ok(Code("NL01".to_string())),
            (true, _) => Ok(Code(s.to_string())),
            _ => Err(CodeError(s.to_string())),
        }
    }

    pub fn niveau(&self) -> Niveau {
        match &self.0[..2] {
            "BU" => Niveau::Buurt,
            "WK" => Niveau::Wijk,
            "GM" => Niveau::Gemeente,
            _ => Niveau::Land,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The gemeente a buurt or wijk code belongs to, read from its digits.
    pub fn gemeente(&self) -> Option<Code> {
        match self.niveau() {
            Niveau::Buurt | Niveau::Wijk => Some(Code(format!("GM{}", &self.0[2..6]))),
            Niveau::Gemeente => Some(self.clone()),
            Niveau::Land => None,
        }
    }

    /// The wijk a buurt code belongs to, read from its digits.
    pub fn wijk(&self) -> Option<Code> {
        match self.niveau() {
            Niveau::Buurt => Some(Code(format!("WK{}", &self.0[2..8]))),
            Niveau::Wijk => Some(self.clone()),
            _ => None,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Code {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Code::parse(&s)
    }
}

impl From<Code> for String {
    fn from(c: Code) -> String {
        c.0
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_level_and_derives_parents() {
        let bu = Code::parse("BU06320101").unwrap();
        assert_eq!(bu.niveau(), Niveau::Buurt);
        assert_eq!(bu.wijk().unwrap().as_str(), "WK063201");
        assert_eq!(bu.gemeente().unwrap().as_str(), "GM0632");
        assert_eq!(Code::parse("WK063201").unwrap().niveau(), Niveau::Wijk);
        assert_eq!(Code::parse("GM0632").unwrap().niveau(), Niveau::Gemeente);
        assert_eq!(Code::parse("NL01").unwrap().niveau(), Niveau::Land);
    }

    #[test]
    fn rejects_malformed_codes() {
        for bad in ["", "BU0632010", "BU063201011", "bu06320101", "WK06320", "GM63", "XX0632", "BU0632O101", "NL02"] {
            assert!(Code::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
