//! Numbers as Dutch readers write them, each kind with its own precision.
//!
//! Every figure the app or a report shows goes through here: counts are whole people, percentages
//! carry one decimal, differences of percentages are "procentpunt", measures between 0 and 1
//! (density, betweenness, compactness) keep the digits that tell them apart, and a count is
//! compared with its reference as a share, never as a difference.

use crate::indicator::{Indicator, Kind};
use crate::scan::Row;

/// What to call a missing figure.
pub const ONBEKEND: &str = "onbekend";

/// `v` with exactly `decimals` decimals, a comma and groups of three: `50.630`, `12,50`, `-1.500`.
/// A value that rounds to zero never shows a minus sign.
pub fn number(v: f64, decimals: usize) -> String {
    let text = format!("{v:.decimals$}");
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let (negative, digits) = match int.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, int),
    };
    let zero = digits.chars().all(|c| c == '0') && frac.is_none_or(|f| f.chars().all(|c| c == '0'));
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    if negative && !zero {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// `number` with a `+` before positive values (for differences).
pub fn signed(v: f64, decimals: usize) -> String {
    let text = number(v, decimals);
    if v > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { format!("+{text}") } else { text }
}

/// A count of people or things: whole, `8.452`.
pub fn count(v: Option<f64>) -> String {
    v.map_or_else(|| ONBEKEND.into(), |v| number(v.round(), 0))
}

/// A percentage given in percent: `12,5%`.
pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| ONBEKEND.into(), |v| format!("{}%", number(v, 1)))
}

/// A share given as a fraction (0–1) in whole percent: `73%`.
pub fn share(v: Option<f64>) -> String {
    v.map_or_else(|| ONBEKEND.into(), |v| format!("{}%", number(v * 100.0, 0)))
}

/// A measure between 0 and 1 (density, compactness): two decimals, `0,69`.
pub fn measure(v: Option<f64>) -> String {
    v.map_or_else(|| ONBEKEND.into(), |v| number(v, 2))
}

/// A small measure (betweenness): three decimals, so `0,012` is not `0`.
pub fn fine(v: Option<f64>) -> String {
    v.map_or_else(|| ONBEKEND.into(), |v| number(v, 3))
}

/// A number free of a unit, as the CLI prints a table cell: whole numbers without decimals, others
/// with as few as tell them apart from their neighbours (one from 10 up, up to three below).
pub fn plain(v: Option<f64>) -> String {
    let Some(v) = v else { return ONBEKEND.into() };
    if (v - v.round()).abs() < 1e-9 {
        return number(v, 0);
    }
    let a = v.abs();
    let decimals = if a >= 10.0 {
        1
    } else if a >= 0.1 {
        2
    } else {
        3
    };
    let text = number(v, decimals);
    // Trailing zeros say nothing here: 2,50 → 2,5.
    match text.contains(',') {
        true => text.trim_end_matches('0').trim_end_matches(',').to_string(),
        false => text,
    }
}

/// `1 auto`, `2 auto's`: the noun agreeing with a whole number.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", number(n as f64, 0), if n == 1 { one } else { many })
}

/// How an indicator's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Whole counts: persons, households.
    Count,
    /// Percent with one decimal.
    Percent,
    /// A value with `n` decimals and the unit after it.
    Decimals(usize),
    /// A class name from the catalogue.
    Class,
}

impl Precision {
    pub fn of(ind: &Indicator) -> Precision {
        match &ind.kind {
            Kind::Count { .. } => Precision::Count,
            Kind::Class { .. } => Precision::Class,
            _ if ind.unit.starts_with('%') => Precision::Percent,
            // Densities and areas are large numbers: their decimals are noise.
            _ if ind.unit.contains("km²") || ind.unit == "ha" => Precision::Decimals(0),
            _ => Precision::Decimals(1),
        }
    }
}

/// An indicator's value as shown beside its label: `12,5%`, `8.452 personen`, `3,3 per 1.000
/// inwoners`, `Sterk stedelijk`.
pub fn value(ind: &Indicator, v: Option<f64>) -> String {
    let Some(x) = v else { return ONBEKEND.into() };
    match Precision::of(ind) {
        Precision::Count => with_unit(&count(v), &ind.unit),
        Precision::Percent => percent(v),
        Precision::Decimals(d) => with_unit(&number(x, d), &ind.unit),
        Precision::Class => match &ind.kind {
            Kind::Class { classes, .. } => {
                classes.get((x.round() as usize).saturating_sub(1)).cloned().unwrap_or_else(|| ONBEKEND.into())
            }
            _ => number(x, 0),
        },
    }
}

/// The number alone, without the unit (for tables whose header names it).
pub fn bare(ind: &Indicator, v: Option<f64>) -> String {
    let Some(x) = v else { return ONBEKEND.into() };
    match Precision::of(ind) {
        Precision::Count => count(v),
        Precision::Percent => percent(v),
        Precision::Decimals(d) => number(x, d),
        Precision::Class => value(ind, v),
    }
}

/// How an area compares with its reference: percentages in procentpunt (`+1,1 procentpunt`),
/// other rates and averages as a signed value with the unit, a count as the area's share of the
/// reference (`7,1% van de referentie`); nothing for classes or unknown values.
pub fn difference(ind: &Indicator, row: &Row) -> String {
    match (Precision::of(ind), row.waarde, row.referentie, row.verschil) {
        (Precision::Count, Some(v), Some(r), _) if r > 0.0 => {
            format!("{} van de referentie", percent(Some(v / r * 100.0)))
        }
        (Precision::Percent, _, _, Some(d)) => format!("{} procentpunt", signed(d, 1)),
        (Precision::Decimals(p), _, _, Some(d)) => with_unit(&signed(d, p), &ind.unit),
        _ => "–".into(),
    }
}

/// How an indicator's value changed from `from` to `to` (a trend): percentages in procentpunt,
/// counts as a signed count and its relative change, other values signed with their unit.
pub fn change(ind: &Indicator, from: f64, to: f64) -> String {
    let d = to - from;
    match Precision::of(ind) {
        Precision::Count if from > 0.0 => {
            format!("{} ({}%)", with_unit(&signed(d, 0), &ind.unit), signed(d / from * 100.0, 1))
        }
        Precision::Count => with_unit(&signed(d, 0), &ind.unit),
        Precision::Percent => format!("{} procentpunt", signed(d, 1)),
        Precision::Decimals(p) => with_unit(&signed(d, p), &ind.unit),
        Precision::Class => "–".into(),
    }
}

fn with_unit(number: &str, unit: &str) -> String {
    if unit.is_empty() { number.to_string() } else { format!("{number} {unit}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Catalogue;

    #[test]
    fn numbers_keep_the_precision_asked_for() {
        assert_eq!(number(50630.0, 0), "50.630");
        assert_eq!(number(1234567.0, 0), "1.234.567");
        assert_eq!(number(12.46, 1), "12,5");
        assert_eq!(number(-1500.0, 0), "-1.500");
        assert_eq!(number(-0.01, 1), "0,0");
        assert_eq!(number(-0.04, 0), "0");
        assert_eq!(number(0.69, 2), "0,69");
        assert_eq!(number(0.012, 3), "0,012");
        assert_eq!(number(-1234.56, 1), "-1.234,6");
        assert_eq!(signed(1.06, 1), "+1,1");
        assert_eq!(signed(-0.3, 1), "-0,3");
        assert_eq!(signed(0.01, 1), "0,0");
    }

    #[test]
    fn counts_are_whole_people_and_small_measures_keep_their_digits() {
        assert_eq!(count(Some(8451.6)), "8.452");
        assert_eq!(count(None), "onbekend");
        assert_eq!(percent(Some(14.04)), "14,0%");
        assert_eq!(share(Some(0.734)), "73%");
        assert_eq!(measure(Some(0.69)), "0,69");
        assert_eq!(fine(Some(0.0123)), "0,012");
        assert_eq!(fine(Some(0.0)), "0,000");
        assert_eq!(plain(Some(2.5)), "2,5");
        assert_eq!(plain(Some(0.0123)), "0,012");
        assert_eq!(plain(Some(123.45)), "123,5");
        assert_eq!(plain(Some(7.0)), "7");
        assert_eq!(plural(1, "auto", "auto's"), "1 auto");
        assert_eq!(plural(2, "auto", "auto's"), "2 auto's");
        assert_eq!(plural(1000, "buurt", "buurten"), "1.000 buurten");
    }

    #[test]
    fn each_indicator_shows_its_own_precision_and_difference() {
        let cat = Catalogue::builtin();
        let ind = |c: &str| cat.get(c).unwrap_or_else(|| panic!("{c} in the catalogue"));
        let row = |w: f64, r: f64| Row {
            code: String::new(),
            waarde: Some(w),
            dekking: None,
            referentie: Some(r),
            verschil: Some(w - r),
            percentiel: None,
            z: None,
        };
        let inwoners = ind("inwoners");
        assert_eq!(value(inwoners, Some(8451.6)), "8.452 personen");
        assert_eq!(difference(inwoners, &row(9885.0, 139_970.0)), "7,1% van de referentie");
        let rate = cat.indicators.iter().find(|i| i.unit.starts_with('%')).expect("a percentage");
        assert_eq!(value(rate, Some(14.04)), "14,0%");
        assert_eq!(difference(rate, &row(15.1, 14.04)), "+1,1 procentpunt");
        let stedelijkheid = ind("stedelijkheid");
        assert_eq!(value(stedelijkheid, Some(1.0)), "zeer sterk stedelijk");
        assert_eq!(difference(stedelijkheid, &row(1.0, 2.0)), "–");
        let dichtheid = cat.indicators.iter().find(|i| i.unit.contains("km²")).expect("a density");
        assert_eq!(bare(dichtheid, Some(1234.4)), "1.234");
        assert_eq!(value(inwoners, None), "onbekend");
        // Over time: a count by how much and by which share, a percentage in procentpunt.
        assert_eq!(change(inwoners, 2000.0, 2100.0), "+100 personen (+5,0%)");
        assert_eq!(change(rate, 40.0, 37.55), "-2,5 procentpunt");
        assert_eq!(change(stedelijkheid, 1.0, 2.0), "–");
    }
}
