//! Numbers as Dutch readers write them.

/// `50.630`, `12,5`, `-1.500`; `onbekend` when missing. Whole numbers without
/// decimals, others with one.
pub fn number_nl(v: Option<f64>) -> String {
    let Some(v) = v else { return "onbekend".into() };
    // -0.04 rounds to "0", not "-0".
    let v = if v.abs() < 0.05 { 0.0 } else { v };
    let rounded = if (v - v.round()).abs() < 1e-9 { format!("{v:.0}") } else { format!("{v:.1}") };
    let (int, frac) = match rounded.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (rounded, None),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int.as_str()),
    };
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) if f != "0" => format!("{sign}{grouped},{f}"),
        _ => format!("{sign}{grouped}"),
    }
}

/// A value with its unit: `12,5%` for percentages, `3,2 per 1.000 inwoners` otherwise.
pub fn with_unit(v: Option<f64>, unit: &str) -> String {
    match v {
        None => "onbekend".into(),
        Some(_) if unit.starts_with('%') => format!("{}%", number_nl(v)),
        Some(_) => format!("{} {unit}", number_nl(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        assert_eq!(number_nl(Some(50630.0)), "50.630");
        assert_eq!(number_nl(Some(1234567.0)), "1.234.567");
        assert_eq!(number_nl(Some(12.46)), "12,5");
        assert_eq!(number_nl(Some(-1500.0)), "-1.500");
        assert_eq!(number_nl(Some(0.0)), "0");
        assert_eq!(number_nl(Some(-0.01)), "0");
        assert_eq!(number_nl(Some(2.96)), "3");
        assert_eq!(number_nl(None), "onbekend");
        assert_eq!(with_unit(Some(14.04), "% van de 65-plussers"), "14%");
        assert_eq!(with_unit(Some(3.26), "per 1.000 inwoners"), "3,3 per 1.000 inwoners");
    }
}
